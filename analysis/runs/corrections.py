"""Corrections: analysts' decisions on statements, kept as data and applied after every extraction.

A corrections file is a CSV with one row per decision, appended to over time (`analysis.review.record` appends
one, `stakeholders dna-import` appends hand-coded statements). Its columns (`COLUMNS`):

- `action`: `confirm` (the statement is right), `reject` (it is wrong: it leaves the tables), `change` (set the
  `new_*` values), `add` (a statement the machine missed) or `import` (a statement coded by hand elsewhere, e.g.
  in DNA);
- the statement's key: `article_id`, `char_start`, `char_end` (the evidence sentence's offsets in the article's
  clean text), `stakeholder_id` (or `group_label` for an unnamed group), `issue_id`, and `stance`, which may be
  left empty for confirm / change / reject when the sentence gives that holder one stance on the issue;
  `char_end` may be left empty there too. The key holds neither the file name nor the codebook version, so a
  decision survives a renamed file, a new codebook and a re-extraction; the article id is a hash of the
  article's text, so a decision on an article whose text changed no longer matches and is reported;
- `new_stakeholder_id`, `new_group_label`, `new_speaker_name`, `new_speaker_role`, `new_speaker_kind`,
  `new_issue_id`, `new_stance`, `new_conditional`, `new_constrained`, `new_condition`, `new_quantity`,
  `new_date_start`, `new_date_end`, `new_date_precision`: for change, the values to set (empty: unchanged);
  for add and import, the statement's other values (its holder, issue and stance are the key);
- `evidence`: the sentence (required for add and import: it becomes the row's evidence);
- `analyst`, `time` (ISO 8601), `note`.

Decisions are applied in file order to the machine's statements (`apply_corrections`): each row's `origin` says
who stands behind it: `machine` (nobody has looked), `confirmed`, `corrected`, `added` or `imported`; a later
decision on the same statement refers to it as it stands after the earlier ones. A rejected statement leaves
the statements table; it stays in the run's `corrections` table (one row per decision: `LOG_COLUMNS`) with the
machine's values. A decision that matches no statement (or several) is never dropped silently: it is
reported in the run's `problems` table and the summary, and kept in the `corrections` table with its status.

When a change names a statement the machine no longer makes but the statement it asks for exists (a codebook
edit taught the machine), the change applies to that statement; an add whose statement the machine now finds
too sets the analyst's values on it. Either way the row keeps the analyst's origin, so a corrected table stays
the same across re-extractions.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..io.contract import frame, statement_id
from ..io.errors import CorrectionsError
from ..io.files import write_atomically
from ..io.ingest import CORRECTIONS
from ..io.store import read_run


ACTIONS = ("confirm", "reject", "change", "add", "import")
ORIGIN_OF = {"confirm": "confirmed", "change": "corrected", "add": "added", "import": "imported"}
ORIGINS = ("machine", "confirmed", "corrected", "added", "imported")
STANCES = ("support", "oppose", "neutral")
SPEAKER_KINDS = ("person", "state", "organisation", "group")
PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "unknown")
KEY = ["article_id", "char_start", "char_end", "stakeholder_id", "group_label", "issue_id", "stance"]
VALUES = ["stakeholder_id", "group_label", "speaker_name", "speaker_role", "speaker_kind", "issue_id", "stance",
          "conditional", "constrained", "condition", "quantity", "date_start", "date_end", "date_precision"]
NEW = [f"new_{v}" for v in VALUES]
COLUMNS = ["action", *KEY, *NEW, "evidence", "analyst", "time", "note"]
REQUIRED = ["action", "article_id", "char_start", "issue_id", "analyst", "time"]
# An add or import names its statement with the key; these new_* values would contradict it.
KEY_VALUES = ["new_stakeholder_id", "new_group_label", "new_issue_id", "new_stance"]
BOOLEAN_WORDS = {"true": "true", "yes": "true", "1": "true", "false": "false", "no": "false", "0": "false"}

LOG_COLUMNS = {
    "line": "Int64", "action": "str", "status": "str", "message": "str", "analyst": "str", "time": "str",
    "note": "str", "article_id": "str", "char_start": "Int64", "char_end": "Int64", "stakeholder_id": "str",
    "group_label": "str", "issue_id": "str", "stance": "str", "evidence": "str", "statement_id": "str",
    "machine_statement_id": "str", "machine_stakeholder_id": "str", "machine_group_label": "str",
    "machine_issue_id": "str", "machine_stance": "str", "machine_confidence": "float64", "outcome": "str",
}
STATUSES = ("applied", "unmatched", "ambiguous", "invalid")
OUTCOMES = ("agreed", "corrected", "rejected", "missed")
LOG_TABLE = "corrections"
DEFAULT_NAME = CORRECTIONS  # the file kept beside a corpus


# ---------------------------------------------------------------------------------------------------- reading

def read_corrections(path: str | Path) -> pd.DataFrame:
    """The decisions of a corrections file, validated, in file order: the columns of `COLUMNS` (all text;
    offsets as Int64; booleans as "true"/"false") plus `line`, the line of the file each decision ends on.

    A missing column, an unknown one, or a row that cannot be a decision raises `CorrectionsError` naming the
    file, the line and what is wrong (every bad row, not only the first).
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CorrectionsError(path, "no such corrections file") from None
    except UnicodeDecodeError as err:
        raise CorrectionsError(path, f"not UTF-8 text ({err.reason} at byte {err.start})",
                               fix="save the file as UTF-8 CSV") from None
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
    row = {c: _text(row.get(c)) for c in COLUMNS}
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


def _text(value) -> str:
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

    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------------- applying

@dataclass
class Applied:
    """The result of `apply_corrections`: the corrected statements (the `statements` table's columns), one
    row per decision (`LOG_COLUMNS`) and the decisions that could not be applied as `problems` rows."""

    statements: pd.DataFrame
    log: pd.DataFrame
    problems: pd.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """Decisions per status (applied, unmatched, ambiguous, invalid)."""
        return {s: int(self.log["status"].eq(s).sum()) for s in STATUSES}


def _holder(stakeholder_id: str, group_label: str) -> str:
    return stakeholder_id or f"group:{group_label.casefold()}"


def _key(article_id, char_start, stakeholder_id, group_label, issue_id) -> tuple:
    return article_id, int(char_start), _holder(stakeholder_id, group_label), issue_id


class _Table:
    """The statements being corrected: rows by key, rows that left the table, the machine's original values.

    Only the rows a decision touches become dicts (a run may hold many statements and few decisions); the others
    stay in the frame as they are."""

    KEY_COLUMNS = ("article_id", "char_start", "char_end", "stakeholder_id", "group_label", "issue_id", "stance")

    def __init__(self, statements: pd.DataFrame):
        self.frame = statements.reset_index(drop=True)
        self.n = len(self.frame)
        self.columns = {c: self.frame[c].tolist() for c in self.KEY_COLUMNS}
        self.rows: dict[int, dict] = {}  # rows a decision touched, and added rows (numbered from n)
        self.machine: dict[int, dict] = {}  # the machine's values of the touched rows of the frame
        self.alive: dict[int, bool] = {}
        self.index: dict[tuple, list[int]] = {}
        cols = self.columns
        for i, key in enumerate(zip(cols["article_id"], cols["char_start"], cols["stakeholder_id"],
                                    cols["group_label"], cols["issue_id"])):
            self.index.setdefault(_key(*key), []).append(i)

    def value(self, i: int, column: str):
        return self.rows[i][column] if i in self.rows else self.columns[column][i]

    def is_alive(self, i: int) -> bool:
        return self.alive.get(i, True)

    def row(self, i: int) -> dict:
        """Row `i` as a dict to read and change (the machine's values kept aside the first time)."""
        if i not in self.rows:
            self.rows[i] = self.frame.iloc[i].to_dict()
            self.machine[i] = {c: self.rows[i][c] for c in ("statement_id", "confidence", *VALUES)}
        return self.rows[i]

    def _key_of(self, i: int) -> tuple:
        return _key(*(self.value(i, c) for c in ("article_id", "char_start", "stakeholder_id", "group_label",
                                                 "issue_id")))

    def find(self, article_id, char_start, char_end, stakeholder_id, group_label, issue_id, stance) -> list[int]:
        """Rows still in the table with this key (`char_end` and `stance` may be empty: any)."""
        rows = self.index.get(_key(article_id, char_start, stakeholder_id, group_label, issue_id), [])
        return [i for i in rows if self.is_alive(i)
                and (char_end in ("", None) or int(self.value(i, "char_end")) == int(char_end))
                and (not stance or self.value(i, "stance") == stance)]

    def add(self, row: dict) -> int:
        i = self.n + len([k for k in self.rows if k >= self.n])
        self.rows[i] = row
        self.index.setdefault(self._key_of(i), []).append(i)
        return i

    def update(self, i: int, values: dict) -> None:
        self.index[self._key_of(i)].remove(i)
        self.row(i).update(values)
        self.index.setdefault(self._key_of(i), []).append(i)

    def kill(self, i: int) -> None:
        self.row(i)
        self.alive[i] = False

    def statement_ids(self) -> dict[int, str]:
        """The statement id of each touched row still in the table (extract's stable key over its values)."""

        return {i: statement_id(r["article_id"], int(r["char_start"]), r["stakeholder_id"], r["group_label"],
                                r["issue_id"], r["stance"])
                for i, r in self.rows.items() if self.is_alive(i)}

    def result(self) -> pd.DataFrame:
        """The corrected statements: the untouched rows as they were, the touched ones with their new ids."""

        ids = self.statement_ids()
        untouched = self.frame.drop(index=[i for i in self.rows if i < self.n])
        changed = pd.DataFrame([{**self.rows[i], "statement_id": sid} for i, sid in ids.items()],
                               columns=list(self.frame.columns))
        return frame("statements", pd.concat([untouched, frame("statements", changed)], ignore_index=True)
                     if len(changed) else untouched)


def apply_corrections(statements: pd.DataFrame, decisions: pd.DataFrame, articles: pd.DataFrame | None = None,
                      issue_ids: list[str] | None = None, stakeholder_kinds: dict[str, str] | None = None,
                      source: str = DEFAULT_NAME) -> Applied:
    """Apply `decisions` (`read_corrections`) in order to `statements` (the run's table as the machine wrote
    it: every origin `machine`) and return the corrected table, the log and the problems.

    `articles` (the run's table) gives an added statement its file, publication day and codebook version;
    without it, an add or import is reported as unmatched. `issue_ids` (the codebook's) and `stakeholder_kinds`
    (stakeholder id -> `state` / `organisation`, from the actor files) make a decision naming an issue or a
    stakeholder they do not know invalid (reported, not applied); when None, any value is taken. `source` names
    the corrections file in problems.
    """

    statements = frame("statements", statements)
    reviewed = statements.loc[statements["origin"] != "machine", "origin"]
    if len(reviewed):
        raise ValueError(f"{len(reviewed)} statements already hold decisions (origin {reviewed.iloc[0]}); apply "
                         f"corrections to the statements the machine extracted")
    table = _Table(statements)
    log = [_apply_one(table, _plain(d), articles, issue_ids, stakeholder_kinds) for d in decisions.to_dict("records")]
    ids = table.statement_ids()
    corrected = table.result()
    _outcomes(table, log)
    for entry in log:
        _fill_ids(entry, table, ids)
    log_df = log_frame(log)
    bad = log_df[log_df["status"] != "applied"]
    problems = pd.DataFrame({"file": source, "problem": [f"{source}:{r.line}: {r.action} {_describe(r)}: {r.message}"
                                                          for r in bad.itertuples()]},
                            columns=["file", "problem"])
    return Applied(corrected, log_df, problems)


def _plain(decision: dict) -> dict:
    out = {c: _text(decision.get(c)) for c in COLUMNS}
    out["line"] = decision.get("line")
    return out


def _describe(r) -> str:
    holder = r.stakeholder_id or f"group '{r.group_label}'"
    return f"{holder} {r.issue_id} {r.stance or '(any stance)'} in article {r.article_id} at {r.char_start}"


def _apply_one(table: _Table, d: dict, articles, issue_ids, kinds) -> dict:
    entry = {**{c: d[c] for c in ("line", "action", "analyst", "time", "note", "evidence", *KEY)},
             "status": "applied", "message": "", "_row": None, "_into": None}
    problem = _unknown_values(d, issue_ids, kinds)
    if problem:
        return {**entry, "status": "invalid", "message": problem}
    action = d["action"]
    found = table.find(*[d[c] for c in KEY])
    if action == "change" and not found:
        found = table.find(*_changed_key(d))
        if found:
            entry["message"] = "the machine already makes the statement asked for"
    if len(found) > 1:
        stances = ", ".join(sorted({table.value(i, "stance") for i in found}))
        return {**entry, "status": "ambiguous",
                "message": f"matches {len(found)} statements ({stances}); give the stance"}
    if action in ("add", "import"):
        if found:
            i = found[0]
            entry["message"] = "the machine finds this statement too"
        else:
            new = _new_row(d, articles, kinds)
            if new is None:
                return {**entry, "status": "unmatched",
                        "message": "the article is not in the corpus (its text changed, or it was removed)"}
            i = table.add(new)
        table.update(i, _new_values(table.row(i), d, kinds))
        return _mark(table, i, d, entry)
    if not found:
        return {**entry, "status": "unmatched", "message": "no such statement in this extraction (the article's "
                                                           "text changed, or the sentence or holder differ)"}
    i = found[0]
    entry["evidence"] = entry["evidence"] or table.row(i)["evidence"]
    if action == "reject":
        table.kill(i)
        entry["_row"] = i
        return entry
    if action == "change":
        table.update(i, _new_values(table.row(i), d, kinds))
        twins = [j for j in table.find(*[table.row(i)[c] for c in KEY]) if j != i]
        if twins:
            # the change made it the same statement as another one of the sentence: keep that one
            table.kill(i)
            entry["message"] = "merged with the same statement the machine made in this sentence"
            _mark(table, twins[0], d, entry)
            entry["_row"], entry["_into"] = i, twins[0]
            return entry
    return _mark(table, i, d, entry)


def _changed_key(d: dict) -> list:
    holder_changed = d["new_stakeholder_id"] or d["new_group_label"]
    return [d["article_id"], d["char_start"], d["char_end"],
            d["new_stakeholder_id"] if holder_changed else d["stakeholder_id"],
            d["new_group_label"] if holder_changed else d["group_label"],
            d["new_issue_id"] or d["issue_id"], d["new_stance"] or d["stance"]]


def _unknown_values(d: dict, issue_ids, kinds) -> str:
    if d["action"] in ("confirm", "reject"):
        return ""
    issue = d["new_issue_id"] if d["action"] == "change" else d["issue_id"]
    holder = d["new_stakeholder_id"] if d["action"] == "change" else d["stakeholder_id"]
    if issue and issue_ids is not None and issue not in issue_ids:
        return f"issue {issue!r} is not in the codebook; the decision is not applied"
    if holder and kinds is not None and holder not in kinds:
        return f"stakeholder {holder!r} is not in the actor files; the decision is not applied"
    return ""


def _new_row(d: dict, articles: pd.DataFrame | None, kinds) -> dict | None:
    if articles is None:
        return None
    match = articles[articles["article_id"] == d["article_id"]]
    if not len(match):
        return None
    article = match.iloc[0]
    published = _text(article.get("published"))
    return {
        "file": article["file"], "article_id": d["article_id"], "stakeholder_id": d["stakeholder_id"],
        "speaker_name": "", "speaker_role": "", "speaker_kind": _kind(d["stakeholder_id"], kinds),
        "group_label": "" if d["stakeholder_id"] else d["group_label"], "issue_id": d["issue_id"],
        "stance": d["stance"], "conditional": False, "constrained": False, "condition": "", "quantity": None,
        "date_start": published, "date_end": published, "date_precision": "day" if published else "unknown",
        "date_basis": "published" if published else "unknown", "evidence": d["evidence"],
        "char_start": int(d["char_start"]), "char_end": int(d["char_end"]), "confidence": 1.0,
        "codebook_version": _text(article.get("codebook_version")), "statement_id": "",
        "speaker_text": "", "speaker_in_roles": True, "issue_text": "", "stance_cue": "", "date_text": "",
        "published": published,
    }


def _kind(stakeholder_id: str, kinds) -> str:
    if not stakeholder_id:
        return "group"
    if kinds and stakeholder_id in kinds:
        return kinds[stakeholder_id]
    import pycountry
    return "state" if pycountry.countries.get(alpha_3=stakeholder_id) else "organisation"


def _new_values(row: dict, d: dict, kinds) -> dict:
    """A decision's new_* values as row values: a holder given as a stakeholder drops the group label and the
    other way round, and a date set by a person has basis `analyst`."""
    new = {v: d[f"new_{v}"] for v in VALUES if d[f"new_{v}"]}
    if "stakeholder_id" in new and "group_label" not in new:
        new["group_label"] = ""
    if "group_label" in new and "stakeholder_id" not in new:
        new["stakeholder_id"] = ""
    if ("stakeholder_id" in new or "group_label" in new) and "speaker_kind" not in new \
            and row["speaker_kind"] != "person":
        new["speaker_kind"] = _kind(new["stakeholder_id"], kinds)
    for col in ("conditional", "constrained"):
        if col in new:
            new[col] = new[col] == "true"
    if "quantity" in new:
        new["quantity"] = int(new["quantity"])
    if "date_start" in new:
        new.setdefault("date_end", new["date_start"])
        new.setdefault("date_precision", "day" if new["date_end"] == new["date_start"] else "unknown")
        new["date_basis"], new["date_text"] = "analyst", ""
    return new


def _mark(table: _Table, i: int, d: dict, entry: dict) -> dict:
    row = table.row(i)
    origin = row.get("origin") or "machine"
    if d["action"] in ("add", "import"):
        origin = ORIGIN_OF[d["action"]]
    elif d["action"] == "change" and origin in ("machine", "confirmed"):
        origin = "corrected"
    elif d["action"] == "confirm" and origin == "machine":
        origin = "confirmed"
    row.update(origin=origin, reviewer=d["analyst"], reviewed_at=d["time"], review_note=d["note"])
    entry["_row"] = i
    return entry


def _fill_ids(entry: dict, table: _Table, ids: dict[int, str]) -> None:
    """An applied decision's statement id as it ends up, and the machine's values of the statement it met."""
    i = entry.pop("_row")
    into = entry.pop("_into")
    if i is None:
        return
    entry["statement_id"] = ids.get(into if into is not None else i, "")
    machine = table.machine.get(i)
    if machine:
        entry.update({f"machine_{c}": machine[c] for c in ("statement_id", "stakeholder_id", "group_label",
                                                            "issue_id", "stance", "confidence")})


def _outcomes(table: _Table, log: list[dict]) -> None:
    """The last applied decision on each statement says what people made of it: the machine's statement was
    `agreed` (kept as it was), `corrected` or `rejected`; a statement people added that the machine did not
    make was `missed`."""
    last: dict[int, dict] = {}
    for entry in log:
        if entry["status"] == "applied":
            last[entry["_row"]] = entry
    for i, entry in last.items():
        machine = table.machine.get(i)
        if machine is None:
            entry["outcome"] = "missed"
        elif entry["action"] == "reject":
            entry["outcome"] = "rejected"
        elif not table.is_alive(i):
            entry["outcome"] = "corrected"  # merged into another statement of the sentence
        else:
            same = all(_text(table.rows[i][v]) == _text(machine[v]) for v in VALUES)
            entry["outcome"] = "agreed" if same else "corrected"


def log_frame(entries: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """The `corrections` table of a run: `LOG_COLUMNS` with their dtypes, in decision order."""
    df = pd.DataFrame(entries, columns=list(LOG_COLUMNS)) if not isinstance(entries, pd.DataFrame) else entries
    df = df.reindex(columns=list(LOG_COLUMNS))
    for col, dtype in LOG_COLUMNS.items():
        if dtype == "str":
            df[col] = df[col].astype(object).fillna("").astype(str)
        else:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(dtype)
    return df.reset_index(drop=True)


def read_log(run_dir: str | Path) -> pd.DataFrame | None:
    """The run's `corrections` table (`LOG_COLUMNS`), or None when the run was extracted without corrections."""
    path = Path(run_dir) / f"{LOG_TABLE}.parquet"
    return log_frame(pd.read_parquet(path)) if path.exists() else None


# ---------------------------------------------------------------------------------------------------- a run

def default_file(corpus_dir: str | Path) -> Path | None:
    """The corrections file kept beside a corpus (`corrections.csv` in its folder), when there is one."""
    path = Path(corpus_dir) / DEFAULT_NAME
    return path if path.is_file() else None


def apply_to_tables(tables: dict[str, pd.DataFrame], decisions: pd.DataFrame, path: str | Path,
                    issue_ids: list[str] | None = None,
                    stakeholder_kinds: dict[str, str] | None = None) -> tuple[dict[str, pd.DataFrame], Applied]:
    """The tables of an extraction (`extract_corpus`) with `decisions` (`read_corrections(path)`) applied:
    statements corrected, the decisions that could not be applied added to `problems`, and the log as the
    `corrections` table."""

    path = Path(path)
    applied = apply_corrections(tables["statements"], decisions, tables["articles"], issue_ids, stakeholder_kinds,
                                source=path.name)
    problems = tables["problems"]
    out = dict(tables)
    out["statements"] = applied.statements
    out["problems"] = frame("problems", pd.concat([problems, applied.problems], ignore_index=True))
    out[LOG_TABLE] = applied.log
    return out, applied


def run_log(run_dir: str | Path, path: str | Path | None = None) -> pd.DataFrame:
    """The decisions on a run as applied (`LOG_COLUMNS`): those of the corrections file at `path` applied to the
    run's statements (which must be the machine's alone), or, without `path`, the run's own `corrections`
    table. A `ValueError` says when neither is there."""

    if path is None:
        log = read_log(run_dir)
        if log is None:
            raise ValueError(f"{run_dir} was extracted without corrections; give a corrections file, or extract "
                             f"with one")
        return log
    statements = read_run(run_dir, "statements")
    if statements["origin"].ne("machine").any():
        raise ValueError(f"{run_dir} already holds corrections (statements whose origin is not machine); compare "
                         f"with its own decisions (no corrections file), or extract again with --no-corrections")
    return apply_corrections(statements, read_corrections(path), read_run(run_dir, "articles"),
                             source=Path(path).name).log


# ---------------------------------------------------------------------------------------------------- agreement

AGREEMENT_COLUMNS = ["n_reviewed", "n_agreed", "n_corrected", "n_rejected", "n_missed", "agreement", "kept"]


def agreement(log: pd.DataFrame, by: str = "issue_id", total: bool = True) -> pd.DataFrame:
    """How often the machine agrees with people, per issue (`by="issue_id"`) or per stakeholder
    (`by="stakeholder_id"`; unnamed groups under ""), from a run's `corrections` table.

    Columns: `by`, `n_reviewed` (machine statements people confirmed, corrected or rejected), `n_agreed` (kept as
    the machine had them), `n_corrected`, `n_rejected`, `n_missed` (statements people added that the machine did
    not make), `agreement` (n_agreed / n_reviewed), `kept` ((n_agreed + n_corrected) / n_reviewed: the machine
    found a statement there). A reviewed statement counts under the machine's issue or stakeholder (where the
    machine is to be trusted or not), a missed one under the person's. With `total`, a last row "ALL".
    """
    if by not in ("issue_id", "stakeholder_id"):
        raise ValueError(f"by must be issue_id or stakeholder_id, not {by!r}")
    done = log[log["status"].eq("applied") & log["outcome"].isin(OUTCOMES)]
    group = done[f"machine_{by}"].where(done["outcome"] != "missed", done[by])
    counts = pd.crosstab(group, done["outcome"]).reindex(columns=list(OUTCOMES), fill_value=0) if len(done) else \
        pd.DataFrame(columns=list(OUTCOMES), dtype="int64")
    counts.columns = ["n_agreed", "n_corrected", "n_rejected", "n_missed"]
    counts.index.name = by
    if total:
        counts.loc["ALL"] = counts.sum()
    out = counts.reset_index()
    out["n_reviewed"] = out[["n_agreed", "n_corrected", "n_rejected"]].sum(axis=1)
    reviewed = out["n_reviewed"].where(out["n_reviewed"] > 0)
    out["agreement"] = out["n_agreed"] / reviewed
    out["kept"] = (out["n_agreed"] + out["n_corrected"]) / reviewed
    out = out.astype({c: "int64" for c in AGREEMENT_COLUMNS[:5]}).astype({"agreement": "float64", "kept": "float64"})
    return out[[by, *AGREEMENT_COLUMNS]]
