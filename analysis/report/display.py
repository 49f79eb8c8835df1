"""Tables and text for notebooks and reports, always escaped.

Article text is untrusted: a title, quote or evidence sentence may hold "<script>" or markdown. Everything
shown through this module is HTML-escaped (and has a plain-text form for nbval and terminals), so it renders
as text in JupyterLab, in nbconvert's HTML and in a browser, never as markup.
"""
from __future__ import annotations

import html

import pandas as pd


def header(column: str) -> str:
    """A column name as a table header: `n_support` -> "support", `issue_id` -> "issue", `latest_date` ->
    "latest date"."""
    name = column.removeprefix("n_") if column.startswith("n_") else column
    return name.removesuffix("_id").replace("_", " ")


class Table:
    """A DataFrame shown as an escaped HTML table without its index (and as plain text); column names of a list
    (or of the frame) are shown through `header`, those of a dict as given."""

    def __init__(self, df: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, max_rows: int = 40,
                 empty: str = "Nothing to show."):
        if isinstance(columns, dict):
            df = df[list(columns)].rename(columns=columns)
        else:
            df = df[list(columns)] if columns is not None else df
            df = df.rename(columns={c: header(str(c)) for c in df.columns})
        self.df, self.max_rows, self.empty = df.reset_index(drop=True), max_rows, empty

    @property
    def shown(self) -> pd.DataFrame:
        return self.df.head(self.max_rows)

    @property
    def more(self) -> str:
        n = len(self.df) - len(self.shown)
        return f"... and {n} more rows" if n > 0 else ""

    def _repr_html_(self) -> str:
        if not len(self.df):
            return f'<p class="report-empty">{html.escape(self.empty)}</p>'
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.df.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                       for row in self.shown.itertuples(index=False))
        more = f'<p class="report-more">{html.escape(self.more)}</p>' if self.more else ""
        return f'<table class="report-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'

    def __repr__(self) -> str:
        if not len(self.df):
            return self.empty
        text = self.shown.map(_cell).to_string(index=False)
        return text + (f"\n{self.more}" if self.more else "")


def _cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def table(df: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, max_rows: int = 40,
          empty: str = "Nothing to show.") -> Table:
    """`df` as an escaped table: `columns` picks (list) or picks and renames (dict) columns (a list's names are
    shown through `header`); at most `max_rows`
    rows are shown, with a line saying how many more there are; `empty` is shown for an empty frame."""
    return Table(df, columns, max_rows, empty)


class Text:
    """A line of text shown as an escaped HTML element (and as itself in plain text)."""

    def __init__(self, text: str, tag: str = "p"):
        self.text, self.tag = str(text), tag

    def _repr_html_(self) -> str:
        return f"<{self.tag}>{html.escape(self.text)}</{self.tag}>"

    def __repr__(self) -> str:
        return self.text


def heading(text: str, level: int = 1) -> Text:
    """A heading (h1 to h4) whose text may come from parameters or articles."""
    return Text(text, f"h{min(max(level, 1), 4)}")


def note(text: str) -> Text:
    """A paragraph whose text may come from parameters or articles."""
    return Text(text, "p")


def facts(df: pd.DataFrame) -> Text:
    """A two-column frame (`measure, value`, e.g. `positions.summary`) as one line: "measure: value; ..."."""
    return note("; ".join(f"{m}: {v}" for m, v in df.itertuples(index=False)))
