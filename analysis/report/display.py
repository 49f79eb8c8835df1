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


# Columns of ids shown through the codebook's issue labels or the stakeholders' names (`labels=`, `names=`); a
# column may hold several ids joined by ";". CSV outputs keep the ids.
ISSUE_COLUMNS = ("issue_id", "issue_ids", "issues")
STAKEHOLDER_COLUMNS = ("stakeholder_id", "stakeholders", "actors", "supporters", "opponents", "conditional", "who")
# Columns of sentences: they get most of a table's width (the page's stylesheet: .report-wide).
WIDE = ("evidence", "sentence", "description")
# Columns of days and numbers, kept on one line.
NARROW = ("date", "since", "window", "first_seen", "last_seen", "published", "confidence", "share")


def _named(value, names: dict[str, str]):
    if not isinstance(value, str) or not value:
        return value
    return ", ".join(names.get(i, i) for i in value.split(";") if i)


def _kind(column: str) -> str:
    if any(w in column for w in WIDE):
        return "report-wide"
    return "report-nowrap" if any(w in column for w in NARROW) or column.startswith("n_") else ""


class Table:
    """A DataFrame shown as an escaped HTML table without its index (and as plain text), under its `title` (a
    caption); column names of a list (or of the frame) are shown through `header`, those of a dict as given.
    With `labels` (issue id -> label) and `names` (stakeholder id -> name), columns of ids (ISSUE_COLUMNS,
    STAKEHOLDER_COLUMNS) show labels and names. Sentence columns (WIDE) get most of the width."""

    def __init__(self, df: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, max_rows: int = 40,
                 empty: str = "Nothing to show.", title: str = "", labels: dict[str, str] | None = None,
                 names: dict[str, str] | None = None):
        picked = list(columns) if columns is not None else list(df.columns)
        df = df[picked].copy()
        for column, mapping in [(c, labels) for c in ISSUE_COLUMNS] + [(c, names) for c in STAKEHOLDER_COLUMNS]:
            if mapping and column in df.columns:
                df[column] = df[column].map(lambda v, m=mapping: _named(v, m))
        if isinstance(columns, dict):
            shown = [columns[c] for c in picked]
        else:
            shown = [header(str(c)) for c in picked]
            repeated = {h for h in shown if shown.count(h) > 1}
            shown = [f"number of {h}" if h in repeated and str(c).startswith("n_") else h
                     for h, c in zip(shown, picked)]
        self.kinds = [_kind(str(c)) for c in picked]
        df.columns = shown
        self.df, self.max_rows, self.empty, self.title = df.reset_index(drop=True), max_rows, empty, title

    @property
    def shown(self) -> pd.DataFrame:
        return self.df.head(self.max_rows)

    @property
    def more(self) -> str:
        n = len(self.df) - len(self.shown)
        return f"... and {n} more rows" if n > 0 else ""

    def _repr_html_(self) -> str:
        caption = f'<p class="report-caption">{html.escape(self.title)}</p>' if self.title else ""
        if not len(self.df):
            return f'{caption}<p class="report-empty">{html.escape(self.empty)}</p>'
        attr = [f' class="{k}"' if k else "" for k in self.kinds]
        wide = sum(k == "report-wide" for k in self.kinds)
        head = "".join(f"<th{a}>{html.escape(str(c))}</th>" for a, c in zip(attr, self.df.columns))
        body = "".join("<tr>" + "".join(f"<td{a}>{html.escape(_cell(v))}</td>" for a, v in zip(attr, row)) + "</tr>"
                       for row in self.shown.itertuples(index=False))
        more = f'<p class="report-more">{html.escape(self.more)}</p>' if self.more else ""
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f'<table class="report-table report-wide-{min(wide, 3)}">{caption}<thead><tr>{head}</tr></thead>' \
               f'<tbody>{body}</tbody></table>{more}'

    def __repr__(self) -> str:
        title = f"{self.title}\n" if self.title else ""
        if not len(self.df):
            return title + self.empty
        text = self.shown.map(_cell).to_string(index=False)
        return title + text + (f"\n{self.more}" if self.more else "")


def _cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def table(df: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, max_rows: int = 40,
          empty: str = "Nothing to show.", title: str = "", labels: dict[str, str] | None = None,
          names: dict[str, str] | None = None) -> Table:
    """`df` as an escaped table under the heading `title`: `columns` picks (list) or picks and renames (dict)
    columns (a list's names are shown through `header`); `labels` and `names` show issue labels and stakeholder
    names instead of ids; at most `max_rows` rows are shown, with a line saying how many more there are; `empty`
    is shown for an empty frame."""
    return Table(df, columns, max_rows, empty, title, labels, names)


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
