"""The corrections file: analysts' decisions on statements, kept as data beside a corpus.

A corrections file is a CSV with one row per decision, appended to over time (`analysis.review.record` appends
one, `stakeholders dna-import` appends hand-coded statements). Its columns (`COLUMNS`):

- `action`: `confirm` (the statement is right), `reject` (it is wrong: it leaves the tables), `change` (set the
  `new_*` values), `add` (a statement the machine missed) or `import` (a statement coded by hand elsewhere, e.g.
  in DNA);
- the statement's key (`KEY`): `article_id`, `char_start`, `char_end` (the evidence sentence's offsets in the
  article's clean text), `stakeholder_id` (or `group_label` for an unnamed group), `issue_id`, and `stance`,
  which may be left empty for confirm / change / reject when the sentence gives that holder one stance on the
  issue; `char_end` may be left empty there too. The key holds neither the file name nor the codebook version,
  so a decision survives a renamed file, a new codebook and a re-extraction; the article id is a hash of the
  article's text, so a decision on an article whose text changed is re-anchored by its `evidence` sentence
  (analysis/runs/anchors.py) and reported only when that cannot be placed;
- `new_stakeholder_id`, `new_group_label`, `new_speaker_name`, `new_speaker_role`, `new_speaker_kind`,
  `new_issue_id`, `new_stance`, `new_conditional`, `new_constrained`, `new_condition`, `new_quantity`,
  `new_date_start`, `new_date_end`, `new_date_precision` (`NEW`): for change, the values to set (empty:
  unchanged); for add and import, the statement's other values (its holder, issue and stance are the key);
- `evidence`: the sentence (required for add and import: it becomes the row's evidence);
- `analyst`, `time` (ISO 8601), `note`.

This module reads such a file (`read_corrections`: every row checked, `CorrectionsError` naming the file and the
lines that are wrong), checks and normalises one decision (`normalise`) and appends decisions atomically
(`append_corrections`). `analysis.runs.corrections` applies them to a run's statements.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..io.contract import PRECISIONS, SPEAKER_KINDS, STANCES
from ..io.datafiles import read_utf8
from ..io.errors import CorrectionsError
from ..io.files import write_atomically
from ..io.ingest import CORRECTIONS

ACTIONS = ("confirm", "reject", "change", "add", "import")
KEY = ["article_id", "char_start", "char_end", "stakeholder_id", "group_label", "issue_id", "stance"]
VALUES = ["stakeholder_id", "group_label", "speaker_name", "speaker_role", "speaker_kind", "issue_id", "stance",
          "conditional", "constrained", "condition", "quantity", "date_start", "date_end", "date_precision"]
NEW = [f"new_{v}" for v in VALUES]
COLUMNS = ["action", *KEY, *NEW, "evidence", "analyst", "time", "note"]
REQUIRED = ["action", "article_id", "char_start", "issue_id", "analyst", "time"]
# An add or import names its statement with the key; these new_* values would contradict it.
KEY_VALUES = ["new_stakeholder_id", "new_group_label", "new_issue_id", "new_stance"]
BOOLEAN_WORDS = {"true": "true", "yes": "true", "1": "true", "false": "false", "no": "false", "0": "false"}
DEFAULT_NAME = CORRECTIONS  # the file kept beside a corpus


# ---------------------------------------------------------------------------------------------------- reading

def read_corrections(path: str | Path) -> pd.DataFrame:
    """The decisions of a corrections file, validated, in file order: the columns of `COLUMNS` (all text;
    offsets as Int64; booleans as "true"/"false") plus `line`, the line of the file each decision ends on.

    A missing column, an unknown one, or a row that cannot be a decision raises `CorrectionsError` naming the
    file, the line and what is wrong (every bad row, not only the first).
    """
    path = Path(path)
    text = read_utf8(path, CorrectionsError, "no such corrections file", fix="save the file as UTF-8 CSV")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        return decisions_frame([])
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        what = "; ".join(filter(None, [f"unknown column(s) {', '.join(unknown)}" if unknown else "",
                                       f"missing column(s) {', '.join(missing)}" if missing else ""]))
        raise CorrectionsError(path, what, 1, fix=f"the header is {','.join(COLUMNS)} (new_* columns, evidence "
                                                  f"and note may be left out)")
    rows, errors = [], []
    for raw in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        if not any(row.values()):
            continue
        try:
            rows.append({**normalise(row), "line": line})
        except ValueError as err:
            errors.append((line, str(err)))
    if errors:
        listed = "; ".join(message if n == 0 else f"line {line}: {message}"
                           for n, (line, message) in enumerate(errors[:20]))
        more = f"; and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise CorrectionsError(path, listed + more, errors[0][0],
                               fix="correct these rows (or remove them); nothing was applied")
    return decisions_frame(rows)


def decisions_frame(rows: list[dict]) -> pd.DataFrame:
    """Decisions (dicts of `COLUMNS` and `line`) as a frame with the dtypes of `read_corrections`."""
    df = pd.DataFrame(rows, columns=[*COLUMNS, "line"])
    for col in COLUMNS:
        if col not in ("char_start", "char_end"):
            df[col] = df[col].astype(object).fillna("").astype(str)
    for col in ("char_start", "char_end", "line"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    return df


def normalise(row: dict) -> dict:
    """One decision (a dict of `COLUMNS`, missing ones empty) checked and normalised; `ValueError` says what is
    wrong in words an analyst can act on."""
    row = {c: cell_text(row.get(c)) for c in COLUMNS}
    action = row["action"].lower()
    row["action"] = action
    if action not in ACTIONS:
        raise ValueError(f"action {row['action']!r} is not one of {', '.join(ACTIONS)}")
    if not row["article_id"]:
        raise ValueError("article_id is empty (the article's id from the run's articles table)")
    for col in ("char_start", "char_end"):
        if row[col] and not row[col].isdigit():
            raise ValueError(f"{col} {row[col]!r} is not a whole number")
    if not row["char_start"]:
        raise ValueError("char_start is empty (where the evidence sentence starts in the article)")
    if row["char_end"] and int(row["char_end"]) <= int(row["char_start"]):
        raise ValueError(f"char_end {row['char_end']} is not after char_start {row['char_start']}")
    if not (row["stakeholder_id"] or row["group_label"]):
        raise ValueError("both stakeholder_id and group_label are empty (who holds the position?)")
    if not row["issue_id"]:
        raise ValueError("issue_id is empty")
    for col in ("stance", "new_stance"):
        row[col] = row[col].lower()
        if row[col] and row[col] not in STANCES:
            raise ValueError(f"{col} {row[col]!r} is not one of {', '.join(STANCES)}")
    for col in ("new_conditional", "new_constrained"):
        if row[col]:
            if row[col].lower() not in BOOLEAN_WORDS:
                raise ValueError(f"{col} {row[col]!r} is not true or false")
            row[col] = BOOLEAN_WORDS[row[col].lower()]
    if row["new_quantity"] and not row["new_quantity"].isdigit():
        raise ValueError(f"new_quantity {row['new_quantity']!r} is not a number in digits without separators")
    if row["new_speaker_kind"] and row["new_speaker_kind"] not in SPEAKER_KINDS:
        raise ValueError(f"new_speaker_kind {row['new_speaker_kind']!r} is not one of {', '.join(SPEAKER_KINDS)}")
    _check_dates(row)
    if not row["analyst"]:
        raise ValueError("analyst is empty (who decided?)")
    try:
        dt.datetime.fromisoformat(row["time"])
    except ValueError:
        raise ValueError(f"time {row['time']!r} is not an ISO 8601 date or time (e.g. 2025-03-01T14:30:00+00:00)")
    changes = [c for c in NEW if row[c]]
    if action in ("confirm", "reject") and changes:
        raise ValueError(f"a {action} row sets {', '.join(changes)}; use action change to change a statement")
    if action == "change" and not changes:
        raise ValueError("a change row sets no new_* value")
    if action in ("add", "import"):
        if not row["char_end"] or not row["stance"] or not row["evidence"]:
            raise ValueError(f"an {action} row needs char_end, stance and evidence (the sentence)")
        clashing = [c for c in KEY_VALUES if row[c]]
        if clashing:
            raise ValueError(f"an {action} row names its holder, issue and stance in the key columns, not in "
                             f"{', '.join(clashing)}")
    return row


def cell_text(value) -> str:
    """A value as the text of a corrections file's cell: empty for a missing value, booleans as true / false."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _check_dates(row: dict) -> None:
    for col in ("new_date_start", "new_date_end"):
        if row[col]:
            try:
                dt.date.fromisoformat(row[col])
            except ValueError:
                raise ValueError(f"{col} {row[col]!r} is not an ISO day (YYYY-MM-DD)") from None
    start, end, precision = row["new_date_start"], row["new_date_end"], row["new_date_precision"]
    if precision and precision not in PRECISIONS:
        raise ValueError(f"new_date_precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    if end and not start:
        raise ValueError("new_date_end is set without new_date_start")
    if start and end and end < start:
        raise ValueError(f"new_date_end {end} is before new_date_start {start}")
    if start and end and end != start and not precision:
        raise ValueError("a span of several days needs new_date_precision (week, month, season, quarter, year)")


# ---------------------------------------------------------------------------------------------------- writing

def append_corrections(path: str | Path, decisions: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """Append decisions (dicts or a frame with `COLUMNS`; missing ones empty) to the corrections file at `path`,
    creating it with a header when needed. Every decision is checked first (`ValueError` naming the one that is
    wrong), the existing file too (`CorrectionsError`); the file is replaced atomically (a temporary file moved
    into place), so a failed append leaves it as it was. Returns the decisions as written (`COLUMNS`)."""
    path = Path(path)
    rows = decisions.to_dict("records") if isinstance(decisions, pd.DataFrame) else list(decisions)
    checked = []
    for n, row in enumerate(rows, start=1):
        try:
            checked.append(normalise(row))
        except ValueError as err:
            raise ValueError(f"decision {n} to record in {path}: {err}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        existing = b""
        if path.exists():
            read_corrections(path)  # never append to a file that does not read back
            existing = path.read_bytes()
            header = next(csv.reader(io.StringIO(existing.decode("utf-8-sig"))), [])
            if [h.strip() for h in header] != COLUMNS:
                raise CorrectionsError(path, "its columns are not the full set this version writes", 1,
                                       fix=f"add the missing columns to the header ({','.join(COLUMNS)})")
            if existing and not existing.endswith(b"\n"):
                existing += b"\n"
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        if not existing:
            writer.writeheader()
        writer.writerows(checked)
        write_atomically(path, existing + out.getvalue().encode("utf-8"))
    return decisions_frame(checked).drop(columns="line")


@contextmanager
def _locked(path: Path):
    """Hold a lock beside `path` (a hidden `.<name>.lock` file) so that two notebooks appending at once both
    keep their decisions."""
    import fcntl

    lock_path = path.with_name(f".{path.name}.lock")
    try:
        lock = open(lock_path, "a")
    except PermissionError:  # another analyst's lock file, readable to the team: a lock needs no more
        lock = open(lock_path)
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------------- beside a corpus

def default_file(corpus_dir: str | Path) -> Path | None:
    """The corrections file kept beside a corpus (`corrections.csv` in its folder), when there is one."""
    path = Path(corpus_dir) / DEFAULT_NAME
    return path if path.is_file() else None

