"""Scoring an extraction against hand-coded gold, the way ../shared/reference/score.py does.

Gold files use the format of ../shared/reference/seed/gold.yaml (one entry per article file: positions,
groups, events, ignore, forbid, dedupe). `evaluate(gold, statements, events)` returns one row per article and
one overall row with the counts behind precision, recall and F1 and the speaker, date, quantity, event, group
and dedupe checks, plus the list of misses. Its figures agree with the reference scorer (tested).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

COUNTS = ["tp", "fp", "fn", "speaker_ok", "speaker_n", "date_ok", "date_n", "quantity_ok", "quantity_n",
          "events_ok", "events_n", "groups_ok", "groups_n", "dedupe_ok", "dedupe_n"]


@dataclass
class Score:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    messages: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        c = self.counts
        return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0

    @property
    def recall(self) -> float:
        c = self.counts
        return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _day(v) -> dt.date | None:
    return None if v in (None, "") else dt.date.fromisoformat(str(v)[:10])


def _truthy(v) -> bool:
    return str(v).strip().lower() in ("1", "true", "yes", "y", "t")


def _span(value) -> tuple[dt.date | None, dt.date | None]:
    pair = value if isinstance(value, list) else [value, value]
    return _day(pair[0]), _day(pair[1])


def same_person(a: str, b: str) -> bool:
    """Names match on the whole name or the surname (spelling variants of -sky/-skyy folded)."""
    def norm(x: str) -> str:
        x = re.sub(r"(iy|yy|ii)\b", "y", (x or "").lower())
        return re.sub(r"(.)\1+", r"\1", x)
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a == b or a.split()[-1] == b.split()[-1])


def _rows(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), "").astype(str).to_dict("records") if len(df) else []


def score_article(g: dict, pred: list[dict], events: list[dict], name: str = "") -> Score:
    """Score one article's statements and events against its gold entry."""
    sc, c = Score(), None
    c = sc.counts
    say = sc.messages.append
    ignore = {tuple(x) for x in g.get("ignore") or []}
    forbid = {tuple(x) for x in g.get("forbid") or []}
    forbid_stance = {tuple(x) for x in g.get("forbid_stance") or []}
    credited = set()
    for pos in g.get("positions") or []:
        m = [s for s in pred if s.get("stakeholder_id") == pos["actor"] and s.get("issue_id") == pos["issue"]
             and s.get("stance") in pos["accept"]]
        if pos.get("conditional"):
            m = [s for s in m if _truthy(s.get("conditional"))]
        if not m:
            if not pos.get("optional"):
                c["fn"] += 1
                say(f"miss {name}: {pos['actor']} {pos['issue']} {pos['accept']}")
            continue
        c["tp"] += 1
        credited.update((pos["actor"], pos["issue"], st) for st in pos["accept"])
        if pos.get("person"):
            c["speaker_n"] += 1
            if any(same_person(s.get("speaker_name"), pos["person"]) for s in m):
                c["speaker_ok"] += 1
            else:
                say(f"speaker {name}: want {pos['person']}, got {sorted({s.get('speaker_name') for s in m})}")
        if pos.get("date"):
            c["date_n"] += 1
            want = _span(pos["date"])
            if any((_day(s.get("date_start")), _day(s.get("date_end"))) == want for s in m):
                c["date_ok"] += 1
            else:
                say(f"date {name}: {pos['actor']} {pos['issue']} want {want}, got "
                    f"{sorted({(s.get('date_start'), s.get('date_end')) for s in m})}")
        if pos.get("quantity"):
            c["quantity_n"] += 1
            if any(str(pos["quantity"]) in (s.get("quantity") or "").replace(",", "").replace(".0", "") for s in m):
                c["quantity_ok"] += 1
            else:
                say(f"quantity {name}: {pos['actor']} {pos['issue']} want {pos['quantity']}")
    for key in sorted({(s.get("stakeholder_id"), s.get("issue_id"), s.get("stance")) for s in pred}):
        a, i, st = key
        bad = (a, "any") in forbid or (a, i) in forbid or key in forbid_stance
        if key in credited and not bad:
            continue
        if (a, i) in ignore and not bad:
            continue
        if not a and not bad:
            continue
        c["fp"] += 1
        say(f"extra {name}: {a} {i} {st}")
    for grp in g.get("groups") or []:
        c["groups_n"] += 1
        if any(not s.get("stakeholder_id") and s.get("speaker_kind") == "group" and s.get("issue_id") == grp["issue"]
               and s.get("stance") in grp["accept"] for s in pred):
            c["groups_ok"] += 1
        else:
            say(f"group {name}: {grp['speaker']} {grp['issue']} {grp['accept']}")
    for rule in g.get("dedupe") or []:
        c["dedupe_n"] += 1
        hits: dict[tuple, int] = defaultdict(int)
        for s in pred:
            if rule["evidence_contains"] in (s.get("evidence") or ""):
                hits[(s.get("stakeholder_id"), s.get("issue_id"), s.get("stance"))] += 1
        if hits and max(hits.values()) <= rule["max_statements_per_stakeholder"]:
            c["dedupe_ok"] += 1
        else:
            say(f"dedupe {name}: {dict(hits) or 'no statement with that evidence'}")
    for ev in g.get("events") or []:
        c["events_n"] += 1
        want = _span(ev["date"])
        if any((_day(e.get("date_start")), _day(e.get("date_end"))) == want for e in events):
            c["events_ok"] += 1
        else:
            say(f"event {name}: no event dated {want} ({ev.get('about', '')})")
    return sc


VERDICTS = ("right", "wrong", "unscored")


def row_verdicts(g: dict, pred: list[dict]) -> list[str]:
    """For each statement row of one article (in order), whether the gold entry `g` bears it out: "right" when
    a gold position (optional ones included) or group accepts its stakeholder (or group), issue and stance,
    "wrong" when the scorer would count it as an extra (or it is forbidden), "unscored" when the pair is
    ignored. A row's confidence is meant to tell these apart (benchmarks/accuracy.py)."""
    ignore = {tuple(x) for x in g.get("ignore") or []}
    forbid = {tuple(x) for x in g.get("forbid") or []}
    forbid_stance = {tuple(x) for x in g.get("forbid_stance") or []}
    accepted = {(p["actor"], p["issue"], st) for p in g.get("positions") or [] for st in p["accept"]}
    group_ok = {(grp["issue"], st) for grp in g.get("groups") or [] for st in grp["accept"]}
    out = []
    for s in pred:
        a, i, st = s.get("stakeholder_id"), s.get("issue_id"), s.get("stance")
        if not a:
            out.append("right" if (i, st) in group_ok else "unscored")
            continue
        bad = (a, "any") in forbid or (a, i) in forbid or (a, i, st) in forbid_stance
        out.append("wrong" if bad else "right" if (a, i, st) in accepted else
                   "unscored" if (a, i) in ignore else "wrong")
    return out


def load_gold(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as f:
        gold = yaml.safe_load(f) or {}
    if not isinstance(gold, dict):
        raise ValueError(f"{path}: a gold file maps article file names to their coding")
    return gold


def evaluate(gold: dict | str | Path, statements: pd.DataFrame, events: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Per-article and overall scores (columns: file, f1, precision, recall and the counts of COUNTS).

    The last row, file "ALL", sums the counts over every gold article.
    """
    if not isinstance(gold, dict):
        gold = load_gold(gold)
    by_file, ev_by_file = defaultdict(list), defaultdict(list)
    for s in _rows(statements):
        by_file[Path(s.get("file", "")).name].append(s)
    for e in _rows(events):
        ev_by_file[Path(e.get("file", "")).name].append(e)
    rows, messages, total = [], [], Score()
    for name, g in gold.items():
        sc = score_article(g or {}, by_file.get(name, []), ev_by_file.get(name, []), name)
        messages += sc.messages
        for k, v in sc.counts.items():
            total.counts[k] += v
        rows.append({"file": name, "f1": sc.f1, "precision": sc.precision, "recall": sc.recall, **sc.counts})
    rows.append({"file": "ALL", "f1": total.f1, "precision": total.precision, "recall": total.recall, **total.counts})
    return pd.DataFrame(rows), messages


def summary_line(row: pd.Series) -> str:
    """The reference scorer's summary line for one row of `evaluate`."""
    def frac(a, b):
        return f"{int(row[a])}/{int(row[b])}"
    return (f"F1={row.f1:.2f} P={row.precision:.2f} R={row.recall:.2f} speaker={frac('speaker_ok', 'speaker_n')} "
            f"date={frac('date_ok', 'date_n')} events={frac('events_ok', 'events_n')} "
            f"quantity={frac('quantity_ok', 'quantity_n')} groups={frac('groups_ok', 'groups_n')} "
            f"dedupe={frac('dedupe_ok', 'dedupe_n')}")
