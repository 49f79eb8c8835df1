"""The output tables: the contract of ../shared/reference/OUTPUTS.md, with this project's additions.

A run folder holds, for each table, `<table>.csv` (UTF-8, header, booleans as true/false) and
`<table>.parquet`, all tables in `run.duckdb`, and `run.json` (what was run, with which codebook and versions).
A run is written to a temporary folder and moved into place when complete: an existing run is replaced only
with `force`, and a failed run leaves the previous one as it was.
"""
from __future__ import annotations

import hashlib

import pandas as pd

# Contract columns first, then this project's additions.
COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "file": "str", "article_id": "str", "title": "str", "source": "str", "url": "str", "published": "str",
        "published_basis": "str", "n_paragraphs": "Int64", "n_duplicates_dropped": "Int64", "problems": "str",
        "n_statements": "Int64", "n_events": "Int64", "codebook_version": "str",
    },
    "statements": {
        "file": "str", "article_id": "str", "stakeholder_id": "str", "speaker_name": "str", "speaker_role": "str",
        "speaker_kind": "str", "group_label": "str", "issue_id": "str", "stance": "str", "conditional": "bool",
        "constrained": "bool", "condition": "str", "quantity": "Int64", "date_start": "str", "date_end": "str",
        "date_precision": "str", "date_basis": "str", "evidence": "str", "char_start": "Int64",
        "char_end": "Int64", "confidence": "float64", "codebook_version": "str",
        "statement_id": "str", "speaker_text": "str", "speaker_in_roles": "bool", "issue_text": "str",
        "stance_cue": "str", "date_text": "str", "published": "str",
        # who stands behind the row (analysis/runs/corrections.py): machine, confirmed, corrected, added or imported
        "origin": "str", "reviewer": "str", "reviewed_at": "str", "review_note": "str",
    },
    "events": {
        "file": "str", "article_id": "str", "event_id": "str", "date_start": "str", "date_end": "str",
        "date_precision": "str", "date_basis": "str", "description": "str", "actors": "str", "issue_ids": "str",
        "evidence": "str", "char_start": "Int64", "char_end": "Int64",
        "kind": "str", "date_text": "str", "codebook_version": "str",
    },
    "new_people": {
        "person": "str", "role": "str", "stakeholder": "str", "file": "str", "evidence": "str",
    },
    "problems": {"file": "str", "problem": "str"},
}
TABLES = tuple(COLUMNS)
# The value of a column left empty (a row the extractor wrote, or a run written before the column existed).
DEFAULTS = {"statements": {"origin": "machine"}}
SORT_KEYS = {
    "articles": ["file"],
    "statements": ["file", "char_start", "stakeholder_id", "group_label", "issue_id", "stance"],
    "events": ["file", "char_start", "event_id"],
    "new_people": ["stakeholder", "person", "file"],
    "problems": ["file", "problem"],
}


def frame(table: str, rows: list[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A DataFrame of `table` with exactly its columns and dtypes (missing values empty), sorted."""
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
    for col, default in DEFAULTS.get(table, {}).items():
        df[col] = df[col].mask(df[col] == "", default)
    keys = SORT_KEYS[table]
    return df.sort_values(keys, kind="stable", ignore_index=True) if len(df) else df


def _has_dtype(column: pd.Series, dtype: str) -> bool:
    """Whether `column` already holds `dtype` with no missing value (a table read back from our own Parquet)."""
    if dtype == "str":
        return isinstance(column.dtype, pd.StringDtype) and not column.isna().any()
    return str(column.dtype) == dtype and (dtype == "Int64" or not column.isna().any())


def statement_id(article_id: str, char_start: int, stakeholder_id: str, group_label: str, issue_id: str,
                 stance: str) -> str:
    """A stable key per statement: article, sentence offset, stakeholder (or group), issue, stance."""
    key = f"{article_id}|{char_start}|{stakeholder_id}|{group_label.lower()}|{issue_id}|{stance}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]
