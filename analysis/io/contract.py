"""The output tables: the contract of the project's reference OUTPUTS.md, with this project's additions.

Each table is a dataclass of one row (`ArticleRow`, `StatementRow`, `EventRow`, `NewPersonRow`, `ProblemRow`):
its fields are the table's columns in order (the contract's first, then the additions) and their types give the
dtypes (`str` -> str, `bool` -> bool, `int` or `int | None` -> Int64, `float` -> float64). `COLUMNS` (table ->
column -> dtype), `TABLES`, `SORT_KEYS`, `DEFAULTS` and the key of `statement_id` are derived from them, and
docs/OUTPUTS.md says what every column means (tests/test_contract.py keeps the two in step). The values the
tables share (`STANCES`, `PRECISIONS`, `SPEAKER_KINDS`, `ORIGINS`) are defined here once.

A run folder holds, for each table, `<table>.csv` (UTF-8, header, booleans as true/false) and
`<table>.parquet`, all tables in `run.duckdb`, and `run.json` (what was run, with which codebook and versions).
A run is written to a temporary folder and moved into place when complete: an existing run is replaced only
with `force`, and a failed run leaves the previous one as it was.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from typing import ClassVar, get_type_hints

import pandas as pd

# ---------------------------------------------------------------------------------------------------- shared values

STANCES = ("support", "oppose", "neutral")
# A date's precision, from the most to the least precise.
PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "unknown")
SPEAKER_KINDS = ("person", "state", "organisation", "group")
# Who stands behind a statement (analysis.runs.corrections): nobody has looked yet, or an analyst's decision.
ORIGINS = ("machine", "confirmed", "corrected", "added", "imported")


# ---------------------------------------------------------------------------------------------------- the tables

@dataclass(kw_only=True, slots=True)
class ArticleRow:
    """One row of `articles`: an article read from the corpus (a skipped file too, with its problems)."""

    TABLE: ClassVar[str] = "articles"
    SORT: ClassVar[tuple[str, ...]] = ("file",)

    file: str  # file name relative to the corpus folder ("a.json#2": the second record of a.json)
    article_id: str  # hash of the normalised text
    title: str
    source: str
    url: str
    published: str  # ISO day, or empty
    published_basis: str  # manifest, front_matter, html_meta, json, text or unknown
    n_paragraphs: int  # paragraphs kept
    n_duplicates_dropped: int  # repeated paragraphs dropped
    problems: str  # "; "-separated
    # additions
    n_statements: int
    n_events: int
    codebook_version: str


@dataclass(kw_only=True, slots=True)
class StatementRow:
    """One row of `statements`: a stakeholder (or unnamed group) taking a stance on an issue in one sentence."""

    TABLE: ClassVar[str] = "statements"
    SORT: ClassVar[tuple[str, ...]] = ("file", "char_start", "stakeholder_id", "group_label", "issue_id", "stance")
    KEY: ClassVar[tuple[str, ...]] = ("article_id", "char_start", "stakeholder_id", "group_label", "issue_id",
                                      "stance")  # what `statement_id` hashes

    file: str
    article_id: str
    stakeholder_id: str  # ISO alpha-3 code or organisation code; empty for an unnamed group
    speaker_name: str
    speaker_role: str
    speaker_kind: str  # one of SPEAKER_KINDS
    group_label: str  # an unnamed group's text, else empty
    issue_id: str
    stance: str  # one of STANCES
    conditional: bool
    constrained: bool
    condition: str
    quantity: int | None
    date_start: str  # ISO day, or empty
    date_end: str
    date_precision: str  # one of PRECISIONS
    date_basis: str  # text, published, analyst or unknown
    evidence: str  # the sentence, verbatim
    char_start: int  # the sentence's offsets in the article's clean text
    char_end: int
    confidence: float
    codebook_version: str
    # additions
    statement_id: str
    speaker_text: str  # the words naming the speaker
    speaker_in_roles: bool  # the speaker is in roles.csv (true when no person is named)
    issue_text: str
    stance_cue: str
    date_text: str
    published: str  # the article's publication day
    origin: str = "machine"  # one of ORIGINS
    reviewer: str = ""
    reviewed_at: str = ""
    review_note: str = ""


@dataclass(kw_only=True, slots=True)
class EventRow:
    """One row of `events`: a happening an article reports, merged within the article."""

    TABLE: ClassVar[str] = "events"
    SORT: ClassVar[tuple[str, ...]] = ("file", "char_start", "event_id")

    file: str
    article_id: str
    event_id: str  # E01, E02, ... within the article
    date_start: str
    date_end: str
    date_precision: str
    date_basis: str
    description: str
    actors: str  # ";"-separated stakeholder ids
    issue_ids: str  # ";"-separated
    evidence: str
    char_start: int
    char_end: int
    # additions
    kind: str  # the lexicon's event kind (meeting, speech, proposal, decision, ...)
    date_text: str
    codebook_version: str


@dataclass(kw_only=True, slots=True)
class NewPersonRow:
    """One row of `new_people`: a speaker counted for a stakeholder but missing from roles.csv."""

    TABLE: ClassVar[str] = "new_people"
    SORT: ClassVar[tuple[str, ...]] = ("stakeholder", "person", "file")

    person: str
    role: str
    stakeholder: str
    file: str
    evidence: str


@dataclass(kw_only=True, slots=True)
class ProblemRow:
    """One row of `problems`: something wrong with a file, the corpus or a correction."""

    TABLE: ClassVar[str] = "problems"
    SORT: ClassVar[tuple[str, ...]] = ("file", "problem")

    file: str
    problem: str


ROWS = (ArticleRow, StatementRow, EventRow, NewPersonRow, ProblemRow)
_DTYPES = {str: "str", bool: "bool", int: "Int64", int | None: "Int64", float: "float64"}


def as_dict(row) -> dict:
    """A row dataclass as a plain dict of its fields (rows are flat: no deep copy needed)."""
    return {name: getattr(row, name) for name in row.__slots__}


def _columns(row: type) -> dict[str, str]:
    hints = get_type_hints(row)
    return {f.name: _DTYPES[hints[f.name]] for f in fields(row)}


# table -> column -> dtype, in contract order
COLUMNS: dict[str, dict[str, str]] = {row.TABLE: _columns(row) for row in ROWS}
TABLES = tuple(COLUMNS)
SORT_KEYS: dict[str, list[str]] = {row.TABLE: list(row.SORT) for row in ROWS}
# The value of a column left empty (a row the extractor wrote, or a run written before the column existed).
DEFAULTS: dict[str, dict[str, str]] = {
    row.TABLE: {f.name: f.default for f in fields(row) if f.default not in (MISSING, "")} for row in ROWS}


def frame(table: str, rows: list[dict] | list | pd.DataFrame | None = None) -> pd.DataFrame:
    """A DataFrame of `table` with exactly its columns (`COLUMNS[table]`) and dtypes (missing values empty),
    sorted by `SORT_KEYS[table]`. `rows`: dicts, row dataclasses or a frame."""
    columns = COLUMNS[table]
    df = pd.DataFrame(rows if rows is not None else [], columns=list(columns))
    for col, dtype in columns.items():
        if _has_dtype(df[col], dtype):
            continue
        if dtype == "str":
            df[col] = df[col].astype(object).fillna("").astype(str)
        elif dtype == "bool":
            df[col] = df[col].fillna(False).astype(bool)
        elif dtype == "Int64":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        else:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(dtype)
    for col, default in DEFAULTS[table].items():
        df[col] = df[col].mask(df[col] == "", default)
    keys = SORT_KEYS[table]
    return df.sort_values(keys, kind="stable", ignore_index=True) if len(df) else df


def _has_dtype(column: pd.Series, dtype: str) -> bool:
    """Whether `column` already holds `dtype` with no missing value (a table read back from our own Parquet)."""
    if dtype == "str":
        return isinstance(column.dtype, pd.StringDtype) and not column.isna().any()
    return str(column.dtype) == dtype and (dtype == "Int64" or not column.isna().any())


def statement_id(row: StatementRow | Mapping) -> str:
    """A stable key per statement, a hash of its `StatementRow.KEY` values: article, sentence offset,
    stakeholder (or the group's label, in lower case), issue, stance."""
    value = row.__getitem__ if isinstance(row, Mapping) else row.__getattribute__
    key = {c: value(c) for c in StatementRow.KEY}
    key["char_start"], key["group_label"] = int(key["char_start"]), key["group_label"].lower()
    return hashlib.sha1("|".join(str(key[c]) for c in StatementRow.KEY).encode()).hexdigest()[:12]
