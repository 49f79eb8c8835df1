"""Corrections applied: analysts' decisions (the corrections file, `analysis.runs.decisions`) applied to a run's
statements after every extraction, the log of what each decision did, and how often people agree with the machine.

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

A decision whose article's text changed since is re-anchored by its evidence sentence (analysis/runs/anchors.py:
exact, then normalised, then a close match) when the articles' texts are given, and reported only when its
sentence cannot be placed. A decision after a `change` that names the statement as it was before the change
(a `confirm` recorded from the same review list) applies to the changed statement.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from ..io.contract import StatementRow, frame, statement_id
from ..io.store import read_run
from .anchors import needs_anchor, reanchor
from .decisions import COLUMNS, DEFAULT_NAME, KEY, VALUES, cell_text, read_corrections

ORIGIN_OF = {"confirm": "confirmed", "change": "corrected", "add": "added", "import": "imported"}
# The run's `corrections` table (docs/OUTPUTS.md): one row per decision, in file order.
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

    def __init__(self, statements: pd.DataFrame):
        self.frame = statements.reset_index(drop=True)
        self.n = len(self.frame)
        self.columns = {c: self.frame[c].tolist() for c in KEY}
        self.rows: dict[int, dict] = {}  # rows a decision touched, and added rows (numbered from n)
        self.machine: dict[int, dict] = {}  # the machine's values of the touched rows of the frame
        self.alive: dict[int, bool] = {}
        self.index: dict[tuple, list[int]] = {}
        self.changed: dict[tuple, int] = {}  # a changed statement's key before the change -> its row
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

    def was(self, article_id, char_start, char_end, stakeholder_id, group_label, issue_id, stance) -> list[int]:
        """The row a change turned the statement of this key into (stance empty: any), when still in the table."""
        key = _key(article_id, char_start, stakeholder_id, group_label, issue_id)
        rows = {i for (k, st), i in self.changed.items() if k == key and (not stance or st == stance)}
        return [i for i in sorted(rows) if self.is_alive(i)
                and (char_end in ("", None) or int(self.value(i, "char_end")) == int(char_end))]

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

        return {i: statement_id(r) for i, r in self.rows.items() if self.is_alive(i)}

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
                      source: str = DEFAULT_NAME, texts: dict[str, str] | None = None) -> Applied:
    """Apply `decisions` (`read_corrections`) in order to `statements` (the run's table as the machine wrote
    it: every origin `machine`) and return the corrected table, the log and the problems.

    `articles` (the run's table) gives an added statement its file, publication day and codebook version;
    without it, an add or import is reported as unmatched. `issue_ids` (the codebook's) and `stakeholder_kinds`
    (stakeholder id -> `state` / `organisation`, from the actor files) make a decision naming an issue or a
    stakeholder they do not know invalid (reported, not applied); when None, any value is taken. `source` names
    the corrections file in problems. `texts` (article id -> clean text of the corpus as extracted) lets a
    decision whose article changed be re-anchored by its sentence (analysis/runs/anchors.py).
    """

    statements = frame("statements", statements)
    reviewed = statements.loc[statements["origin"] != "machine", "origin"]
    if len(reviewed):
        raise ValueError(f"{len(reviewed)} statements already hold decisions (origin {reviewed.iloc[0]}); apply "
                         f"corrections to the statements the machine extracted")
    table = _Table(statements)
    plain = [_plain(d) for d in decisions.to_dict("records")]
    ids = set(articles["article_id"]) if articles is not None else set(statements["article_id"])
    anchored = reanchor(plain, ids, statements, texts)
    log = [_apply_one(table, d, articles, issue_ids, stakeholder_kinds, anchored.get(n, ""))
           for n, d in enumerate(plain)]
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
    out = {c: cell_text(decision.get(c)) for c in COLUMNS}
    out["line"] = decision.get("line")
    return out


def _describe(r) -> str:
    holder = r.stakeholder_id or f"group '{r.group_label}'"
    return f"{holder} {r.issue_id} {r.stance or '(any stance)'} in article {r.article_id} at {r.char_start}"


def _apply_one(table: _Table, d: dict, articles, issue_ids, kinds, anchored: str = "") -> dict:
    entry = {**{c: d[c] for c in ("line", "action", "analyst", "time", "note", "evidence", *KEY)},
             "status": "applied", "message": "", "_row": None, "_into": None}
    result = _apply_found(table, d, articles, issue_ids, kinds, entry)
    if anchored:
        result["message"] = "; ".join(filter(None, [anchored, result["message"]]))
    return result


def _apply_found(table: _Table, d: dict, articles, issue_ids, kinds, entry: dict) -> dict:
    problem = _unknown_values(d, issue_ids, kinds)
    if problem:
        return {**entry, "status": "invalid", "message": problem}
    action = d["action"]
    found = table.find(*[d[c] for c in KEY])
    if not found and action in ("confirm", "change", "reject"):
        found = table.was(*[d[c] for c in KEY])
        if found:
            entry["message"] = "applies to the statement as an earlier change left it"
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
                        "message": "the article is not in the corpus (its text changed and its sentence could "
                                   "not be placed, or it was removed)"}
            i = table.add(new)
        table.update(i, _new_values(table.row(i), d, kinds))
        return _mark(table, i, d, entry)
    if not found:
        gone = articles is not None and not articles["article_id"].eq(d["article_id"]).any()
        why = ("its article is not in this extraction (its text changed and its sentence could not be placed, "
               "or it was removed)" if gone else "no such statement in this extraction (the machine no longer "
                                                 "makes it: its holder, issue or stance differ)")
        return {**entry, "status": "unmatched", "message": why}
    i = found[0]
    entry["evidence"] = entry["evidence"] or table.row(i)["evidence"]
    if action == "reject":
        table.kill(i)
        entry["_row"] = i
        return entry
    if action == "change":
        before = table.row(i)
        table.changed[(table._key_of(i), before["stance"])] = i
        table.update(i, _new_values(before, d, kinds))
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
    published = cell_text(article.get("published"))
    return asdict(StatementRow(
        file=article["file"], article_id=d["article_id"], stakeholder_id=d["stakeholder_id"],
        speaker_name="", speaker_role="", speaker_kind=_kind(d["stakeholder_id"], kinds),
        group_label="" if d["stakeholder_id"] else d["group_label"], issue_id=d["issue_id"],
        stance=d["stance"], conditional=False, constrained=False, condition="", quantity=None,
        date_start=published, date_end=published, date_precision="day" if published else "unknown",
        date_basis="published" if published else "unknown", evidence=d["evidence"],
        char_start=int(d["char_start"]), char_end=int(d["char_end"]), confidence=1.0,
        codebook_version=cell_text(article.get("codebook_version")), statement_id="",
        speaker_text="", speaker_in_roles=True, issue_text="", stance_cue="", date_text="",
        published=published,
    ))


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
            same = all(cell_text(table.rows[i][v]) == cell_text(machine[v]) for v in VALUES)
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

def apply_to_tables(tables: dict[str, pd.DataFrame], decisions: pd.DataFrame, path: str | Path,
                    issue_ids: list[str] | None = None, stakeholder_kinds: dict[str, str] | None = None,
                    corpus_dir: str | Path | None = None) -> tuple[dict[str, pd.DataFrame], Applied]:
    """The tables of an extraction (`extract_corpus`) with `decisions` (`read_corrections(path)`) applied:
    statements corrected, the decisions that could not be applied added to `problems`, and the log as the
    `corrections` table. With `corpus_dir`, decisions whose article changed are re-anchored by their sentence
    (the corpus is read again only when there is one)."""

    path = Path(path)
    texts = _texts_if_needed(decisions, tables, corpus_dir)
    applied = apply_corrections(tables["statements"], decisions, tables["articles"], issue_ids, stakeholder_kinds,
                                source=path.name, texts=texts)
    problems = tables["problems"]
    out = dict(tables)
    out["statements"] = applied.statements
    out["problems"] = frame("problems", pd.concat([problems, applied.problems], ignore_index=True))
    out[LOG_TABLE] = applied.log
    return out, applied


def _texts_if_needed(decisions: pd.DataFrame, tables: dict, corpus_dir) -> dict[str, str] | None:
    if corpus_dir is None or not len(decisions):
        return None
    ids, statements = set(tables["articles"]["article_id"]), tables["statements"]
    if not any(needs_anchor(_plain(d), ids, statements) for d in decisions.to_dict("records")):
        return None
    from ..io.ingest import read_corpus
    return {a.article_id: a.text for a in read_corpus(corpus_dir) if not a.skipped}


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
