"""Timelines across articles: stance histories and changes, events merged across articles, and the rows the
timeline charts plot.

Stance over time. A stakeholder's statements on an issue are placed in time by their date span (`date_start`,
`date_end`; undated statements cannot be placed and are left out). Statements with the same span form one
moment; the moment's stance is the one most of them take (on a tie, the stance held before if it is among the
tied ones, else the stance of the moment's last statement). A *change of stance* is a moment whose stance differs
from the previous moment's; it is reported with the two evidence sentences: the last statement of the old stance
and the first of the new one.

Events across articles. Two events of different articles are the same happening when their date spans overlap,
their actors are compatible (they share one, or one side names none) and their descriptions share enough words
(`min_shared_words`, and an overlap of at least `min_overlap` of the shorter description's words). Pairs are
merged best first, and a merged event never holds two events of the same article (an article reports a
happening once; two events of one article are two happenings).
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib.util
import re
import runpy
from pathlib import Path

import numpy as np
import pandas as pd

from ..io.contract import PRECISIONS
from .positions import by_stakeholders, chronological, speaker_label

_RANK = {p: i for i, p in enumerate(PRECISIONS)}

# ---------------------------------------------------------------------------------------------------- stances

HISTORY_COLUMNS = ["stakeholder_id", "issue_id", "first_seen", "last_seen", "n_statements", "n_undated",
                   "first_stance", "latest_stance", "n_changes", "path"]
CHANGE_COLUMNS = ["stakeholder_id", "issue_id", "from_stance", "to_stance", "from_date", "to_date",
                  "from_evidence", "to_evidence", "from_speaker", "to_speaker", "from_source", "to_source",
                  "from_file", "to_file", "from_statement_id", "to_statement_id"]


def stance_moments(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per stakeholder, issue and date span with dated statements, in time order.

    Columns: `stakeholder_id, issue_id, date_start, date_end, n_statements, stance` (the moment's stance, see
    the module docstring; on a tie not decided by the stance held before, the tied stance said last), `first`
    and `last`: the row labels (in `chronological(by_stakeholders(statements))`) of the moment's first and last
    statement with that stance.
    """
    columns = ["stakeholder_id", "issue_id", "date_start", "date_end", "n_statements", "stance", "first", "last"]
    keys = ["stakeholder_id", "issue_id", "date_start", "date_end"]
    st = chronological(by_stakeholders(statements), keys + ["stance"])
    st = st[st["date_start"].ne("")]
    if not len(st):
        return pd.DataFrame(columns=columns)
    per_stance = st.assign(row=st.index).groupby(keys + ["stance"], sort=True)["row"].agg(["size", "first", "last"])
    counts = per_stance["size"].unstack("stance", fill_value=0)
    first_row = per_stance["first"].unstack("stance", fill_value=-1).to_numpy()
    last_row = per_stance["last"].unstack("stance", fill_value=-1).to_numpy()
    n = counts.to_numpy()
    tied = n == n.max(axis=1, keepdims=True)
    pick = np.where(tied, last_row, -2).argmax(axis=1)  # of the tied stances, the one said last
    moments = counts.index.to_frame(index=False)
    new_pair = moments["stakeholder_id"].ne(moments["stakeholder_id"].shift()) \
        | moments["issue_id"].ne(moments["issue_id"].shift())
    # A tie goes to the stance held before: in time order, as it depends on the moment before.
    for i in np.flatnonzero(tied.sum(axis=1) > 1):
        if not new_pair.iloc[i] and tied[i, pick[i - 1]]:
            pick[i] = pick[i - 1]
    at = np.arange(len(n))
    moments["n_statements"] = n.sum(axis=1)
    moments["stance"] = np.asarray(counts.columns)[pick]
    moments["first"], moments["last"] = first_row[at, pick], last_row[at, pick]
    return moments[columns]


def stance_changes(statements: pd.DataFrame) -> pd.DataFrame:
    """Every change of stance of a stakeholder on an issue, in time order (see the module docstring).

    Columns: `stakeholder_id, issue_id, from_stance, to_stance`; `from_date`, `to_date`: date_start of the two
    evidence statements; `from_evidence, to_evidence`: the sentences (the last statement of the old stance, the
    first of the new); `from_speaker, to_speaker, from_source, to_source, from_file, to_file,
    from_statement_id, to_statement_id` of those two statements.
    """
    st = chronological(by_stakeholders(statements), ["stakeholder_id", "issue_id", "stance", "evidence",
                                                      "speaker_name", "group_label", "source", "statement_id"])
    st = st.assign(speaker=speaker_label(st) if len(st) else "")
    if "statement_id" not in st:
        st["statement_id"] = ""
    moments = stance_moments(statements)
    before = moments.shift(1)
    changed = moments[before["stakeholder_id"].eq(moments["stakeholder_id"])
                      & before["issue_id"].eq(moments["issue_id"]) & before["stance"].ne(moments["stance"])]
    old, new = st.loc[before.loc[changed.index, "last"].astype("int64")], st.loc[changed["first"].astype("int64")]
    out = pd.DataFrame({"stakeholder_id": changed["stakeholder_id"].to_numpy(),
                        "issue_id": changed["issue_id"].to_numpy(),
                        "from_stance": before.loc[changed.index, "stance"].to_numpy(),
                        "to_stance": changed["stance"].to_numpy()})
    for col, src in [("date", "date_start"), ("evidence", "evidence"), ("speaker", "speaker"), ("source", "source"),
                     ("file", "file"), ("statement_id", "statement_id")]:
        out[f"from_{col}"], out[f"to_{col}"] = old[src].to_numpy(), new[src].to_numpy()
    out = out[CHANGE_COLUMNS].astype(str) if len(out) else pd.DataFrame(columns=CHANGE_COLUMNS)
    return out.sort_values(["to_date", "stakeholder_id", "issue_id"], kind="stable", ignore_index=True)


def stance_history(statements: pd.DataFrame) -> pd.DataFrame:
    """Each stakeholder's stance on each issue over time: one row per stakeholder and issue.

    Columns: `stakeholder_id, issue_id`; `first_seen`, `last_seen`: the first date_start and the last date_end
    of its dated statements ("" when none is dated); `n_statements` (all), `n_undated` (those left out of the
    history); `first_stance`, `latest_stance`: the stance of the first and latest moment; `n_changes`: changes
    of stance (see `stance_changes`); `path`: the stances in order, repeats collapsed ("neutral > support").
    """
    st = by_stakeholders(statements)
    if not len(st):
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    counts = st.groupby(["stakeholder_id", "issue_id"]).agg(
        n_statements=("stance", "size"), n_undated=("date_start", lambda s: int(s.eq("").sum())))
    moments = stance_moments(st)
    rows = []
    for key, group in moments.groupby(["stakeholder_id", "issue_id"], sort=True):
        path = [s for i, s in enumerate(group["stance"]) if i == 0 or s != group["stance"].iloc[i - 1]]
        rows.append({"stakeholder_id": key[0], "issue_id": key[1], "first_seen": group["date_start"].min(),
                     "last_seen": group["date_end"].where(group["date_end"].ne(""), group["date_start"]).max(),
                     "first_stance": path[0], "latest_stance": path[-1], "n_changes": len(path) - 1,
                     "path": " > ".join(path)})
    dated = pd.DataFrame(rows, columns=["stakeholder_id", "issue_id", "first_seen", "last_seen", "first_stance",
                                        "latest_stance", "n_changes", "path"]).set_index(["stakeholder_id",
                                                                                          "issue_id"])
    out = counts.join(dated).reset_index()
    text = ["first_seen", "last_seen", "first_stance", "latest_stance", "path"]
    out[text] = out[text].fillna("").astype(str)
    out["n_changes"] = out["n_changes"].fillna(0).astype("int64")
    out[["n_statements", "n_undated"]] = out[["n_statements", "n_undated"]].astype("int64")
    return out[HISTORY_COLUMNS]


# ---------------------------------------------------------------------------------------------------- events

MERGED_COLUMNS = ["timeline_id", "date_start", "date_end", "date_precision", "kind", "description", "actors",
                  "issue_ids", "n_sources", "sources", "titles", "files", "event_ids", "evidence"]
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


def content_words(text: str) -> frozenset[str]:
    """The lower-cased words of `text` that carry meaning (no stop words, at least three letters)."""
    stop_words = _stop_words()
    return frozenset(w for w in (m.group().lower().strip("'-") for m in _WORD.finditer(text))
                     if len(w) > 2 and w not in stop_words)


@functools.cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its language data file: importing spaCy itself takes a second, too
    long for a report kernel that never parses."""
    spec = importlib.util.find_spec("spacy")
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py" if spec and spec.origin else None
    if path is None or not path.exists():
        from spacy.lang.en.stop_words import STOP_WORDS
        return frozenset(STOP_WORDS)
    return frozenset(runpy.run_path(str(path))["STOP_WORDS"])


def _split(joined: str) -> frozenset[str]:
    return frozenset(x for x in joined.split(";") if x)


def same_happening(a, b, min_shared_words: int = 2, min_overlap: float = 0.25) -> float:
    """How well two events (rows with date_start, date_end, actors, words) match as one happening: 0 when they
    do not (different or unknown dates, disjoint actors, too few shared words), else the share of the shorter
    description's words that both share (plus a small bonus for shared actors)."""
    if not (a.date_start and b.date_start) or a.date_start > (b.date_end or b.date_start) \
            or b.date_start > (a.date_end or a.date_start):
        return 0.0
    if a.actor_set and b.actor_set and not a.actor_set & b.actor_set:
        return 0.0
    shared = len(a.words & b.words)
    overlap = shared / max(1, min(len(a.words), len(b.words)))
    if shared < min_shared_words or overlap < min_overlap:
        return 0.0
    return overlap + 0.1 * len(a.actor_set & b.actor_set)


def merge_events(events: pd.DataFrame, min_shared_words: int = 2, min_overlap: float = 0.25) -> pd.DataFrame:
    """The events of several articles as one timeline: the same happening reported by several articles becomes
    one row listing all its sources (see the module docstring for when two events are the same).

    Columns: `timeline_id` (T1, T2, ... in time order); `date_start, date_end, date_precision, kind,
    description, evidence`: from the member with the most precise date (then the longest description);
    `actors, issue_ids`: the union of the members', joined by ";"; `n_sources`: articles reporting it;
    `sources, titles, files`: of those articles, joined by ";" (`sources` without repeats); `event_ids`:
    "file#event_id" of every member. Undated events stay single rows. Sorted by date, undated last.
    """
    ev = events.reset_index(drop=True).copy()
    for col in ("source", "title"):
        if col not in ev:
            ev[col] = ""
    if not len(ev):
        return pd.DataFrame(columns=MERGED_COLUMNS)
    ev["actor_set"] = ev["actors"].map(_split)
    ev["words"] = ev["description"].map(content_words)
    ev["date_end"] = ev["date_end"].where(ev["date_end"].ne(""), ev["date_start"])
    order = ev[ev["date_start"].ne("")].sort_values(["date_start", "date_end"], kind="stable")
    rows = list(order.itertuples())
    starts = [r.date_start for r in rows]
    pairs = []
    for i, a in enumerate(rows):
        # events are in order of their first day: stop at the first that starts after this one ends
        for j in range(i + 1, bisect.bisect_right(starts, a.date_end, lo=i + 1)):
            b = rows[j]
            if a.file != b.file:
                score = same_happening(a, b, min_shared_words, min_overlap)
                if score > 0:
                    pairs.append((-score, a.Index, b.Index))
    cluster = {i: i for i in ev.index}
    files = {i: {f} for i, f in ev["file"].items()}

    def root(i):
        while cluster[i] != i:
            cluster[i] = cluster[cluster[i]]
            i = cluster[i]
        return i

    for _, i, j in sorted(pairs):
        ri, rj = root(i), root(j)
        if ri != rj and not files[ri] & files[rj]:
            cluster[rj] = ri
            files[ri] |= files.pop(rj)
    ev["cluster"] = [root(i) for i in ev.index]
    return _merged_rows(ev)



# What an event's description must not be to be shown as it is: a clause cut from its subject or its content.
_SPEECH_KINDS = ("statement", "speech")  # "X said on Monday": what was said is in the sentence
_PRONOUNS = ("he", "she", "they", "it", "we", "i", "you", "this", "that")
_MIN_WORDS = 4


def is_fragment(description: str, kind: str = "") -> bool:
    """Whether an event's description (a clause the extraction cut from its sentence) would not tell a reader
    what happened: the report of a speech ("X said on Monday"), a clause without its subject ("to meet in
    ...", "who held talks ..."), one opening with a pronoun ("he said"), one of fewer than four words, or one
    cut short ("...")."""
    words = description.split()
    return (kind in _SPEECH_KINDS or len(words) < _MIN_WORDS or description.rstrip().endswith("...")
            or not words[0][:1].isupper() or words[0].lower() in _PRONOUNS)


def readable_events(merged: pd.DataFrame) -> pd.DataFrame:
    """Merged events (see `merge_events`) whose `description` a reader understands: the extraction's clause
    when it is a whole one, else the sentence reporting the event (`evidence`; see `is_fragment`)."""
    if not len(merged):
        return merged
    fragment = [is_fragment(d, k) for d, k in zip(merged["description"], merged["kind"])]
    return merged.assign(description=merged["description"].where(~pd.Series(fragment, index=merged.index),
                                                                  merged["evidence"]))

def _merged_rows(ev: pd.DataFrame) -> pd.DataFrame:
    if "kind" not in ev:
        ev = ev.assign(kind="")
    ev = ev.assign(rank=ev["date_precision"].map(_RANK).fillna(len(PRECISIONS)), length=-ev["description"].str.len(),
                   event_key=ev["file"] + "#" + ev["event_id"])
    best = ev.sort_values(["cluster", "rank", "length", "file", "event_id"], kind="stable")
    best = best.groupby("cluster", sort=False).head(1).set_index("cluster")
    members = ev.sort_values(["cluster", "file", "event_id"], kind="stable").groupby("cluster", sort=False)
    out = pd.DataFrame({
        "actors": members["actor_set"].agg(lambda s: ";".join(sorted(frozenset().union(*s)))),
        "issue_ids": members["issue_ids"].agg(lambda s: ";".join(sorted({i for x in s for i in _split(x)}))),
        "n_sources": members["file"].nunique(),
        "sources": members["source"].agg(lambda s: ";".join(dict.fromkeys(x for x in s if x))),
        "titles": members["title"].agg(lambda s: ";".join(dict.fromkeys(s))),
        "files": members["file"].agg(";".join), "event_ids": members["event_key"].agg(";".join),
    })
    for col in ("date_start", "date_end", "date_precision", "kind", "description", "evidence"):
        out[col] = best[col]
    out = out.reset_index(drop=True)
    out["_undated"] = out["date_start"].eq("")
    out = out.sort_values(["_undated", "date_start", "date_end", "files"], kind="stable", ignore_index=True)
    out["timeline_id"] = [f"T{i + 1}" for i in range(len(out))]
    return out[MERGED_COLUMNS]


# ---------------------------------------------------------------------------------------------------- chart rows

def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _day_after(days: pd.Series) -> pd.Series:
    """The ISO day after each ISO day of `days`."""
    after = {day: (_day(day) + dt.timedelta(days=1)).isoformat() for day in days.unique()}
    return days.map(after)


_FINENESS = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}


def _unit_span(d: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The week (Monday to Sunday), month, quarter or year that holds day `d`."""
    if unit == "week":
        first = d - dt.timedelta(days=d.weekday())
        return first, first + dt.timedelta(days=6)
    if unit == "year":
        return d.replace(month=1, day=1), d.replace(month=12, day=31)
    months = 3 if unit == "quarter" else 1
    first = d.replace(month=(d.month - 1) // months * months + 1, day=1)
    after = (first.replace(day=28) + dt.timedelta(days=31 * months - 27)).replace(day=1)
    return first, after - dt.timedelta(days=1)


def coarsen(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    """`df` with every span finer than `unit` (week, month, quarter or year) widened to the unit that holds
    its first day."""
    out = df.copy()
    finer = out["date_precision"].map(_FINENESS).fillna(5).lt(_FINENESS[unit]) & out["date_start"].ne("")
    starts = out.loc[finer, "date_start"]
    spans = {day: _unit_span(_day(day), unit) for day in starts.unique()}
    out.loc[finer, "date_start"] = starts.map({day: first.isoformat() for day, (first, _) in spans.items()})
    out.loc[finer, "date_end"] = starts.map({day: last.isoformat() for day, (_, last) in spans.items()})
    out.loc[finer, "date_precision"] = unit
    return out


MARK_COLUMNS = ["lane", "stance", "date_start", "date_end", "date_stop", "date_precision", "is_span",
                "n_statements", "evidence", "speaker", "source", "title", "published"]


def statement_marks(statements: pd.DataFrame, lane: str = "stakeholder_id", max_rows: int = 2000) -> pd.DataFrame:
    """Statements aggregated for a time-axis chart: one row per lane (a column of statements, e.g.
    `stakeholder_id` or `issue_id`), stance and date span.

    Columns: `lane, stance, date_start, date_end`; `date_stop`: the day after date_end (where a bar ends);
    `date_precision`; `is_span`: true when the span is longer than a day (drawn as a bar, else as a point);
    `n_statements`; `evidence, speaker, source, title, published`: of the latest statement of the row.
    Undated statements are left out. When there would be more than `max_rows` rows, spans are widened to
    weeks, then months, quarters, years, so a large corpus stays a small chart (the precision column says so).
    """
    st = statements[statements["date_start"].ne("")]
    if lane == "stakeholder_id":
        st = by_stakeholders(st)
    st = chronological(st, [lane, "stakeholder_id", "stance", "date_precision", "evidence", "speaker_name",
                            "group_label", "source", "title"])
    if not len(st):
        return pd.DataFrame(columns=MARK_COLUMNS)
    st = st.assign(lane=st[lane], speaker=speaker_label(st),
                   date_end=st["date_end"].where(st["date_end"].ne(""), st["date_start"]))
    for col in ("source", "title", "published"):
        if col not in st:
            st[col] = ""
    for unit in (None, "week", "month", "quarter", "year"):
        shown = coarsen(st, unit) if unit else st
        keys = ["lane", "stance", "date_start", "date_end", "date_precision"]
        if shown.groupby(keys).ngroups <= max_rows or unit == "year":
            break
    groups = shown.groupby(keys, sort=True)
    out = groups.tail(1).set_index(keys)[["evidence", "speaker", "source", "title", "published"]]
    out["n_statements"] = groups.size()
    out = out.reset_index()
    out["date_stop"] = _day_after(out["date_end"])
    out["is_span"] = out["date_start"].ne(out["date_end"])
    return out[MARK_COLUMNS]


EVENT_MARK_COLUMNS = ["lane", "date_start", "date_end", "date_stop", "date_precision", "is_span", "n_events",
                      "n_sources", "description", "actors", "sources", "evidence"]


def event_marks(merged: pd.DataFrame, issue_labels: dict[str, str] | None = None,
                max_rows: int = 2000) -> pd.DataFrame:
    """Merged events (see `merge_events`) for a time-axis chart, one lane per issue ("no issue" for events
    concerning none): one row per lane and date span.

    Columns: `lane` (the issue's label), `date_start, date_end, date_stop` (the day after date_end),
    `date_precision, is_span`, `n_events`, `n_sources` (summed), `description, actors, sources, evidence`: of
    the row's event reported by most sources. Undated events are left out; days widen to weeks, then months,
    beyond `max_rows` rows.
    """
    ev = merged[merged["date_start"].ne("")]
    if not len(ev):
        return pd.DataFrame(columns=EVENT_MARK_COLUMNS)
    labels = issue_labels or {}
    ev = ev.assign(lane=ev["issue_ids"].map(lambda s: [labels.get(i, i) for i in _split(s)] or ["no issue"]))
    ev = ev.explode("lane")
    for unit in (None, "week", "month", "quarter", "year"):
        shown = coarsen(ev, unit) if unit else ev
        keys = ["lane", "date_start", "date_end", "date_precision"]
        if shown.groupby(keys).ngroups <= max_rows or unit == "year":
            break
    shown = shown.sort_values(keys + ["n_sources"], ascending=[True] * 4 + [False], kind="stable")
    groups = shown.groupby(keys, sort=True)
    out = groups.head(1).set_index(keys)[["description", "actors", "sources", "evidence"]]
    out["n_events"], out["n_sources"] = groups.size(), groups["n_sources"].sum()
    out = out.reset_index()
    out["date_stop"] = _day_after(out["date_end"])
    out["is_span"] = out["date_start"].ne(out["date_end"])
    return out[EVENT_MARK_COLUMNS]


PERIOD_COLUMNS = ["period", "period_stop", "stance", "n_stakeholders", "n_statements", "stakeholders"]


def stances_per_period(statements: pd.DataFrame, unit: str = "month") -> pd.DataFrame:
    """How many stakeholders took each stance per month (or `unit="year"`), by the start of a statement's span.

    Columns: `period` (its first day), `period_stop` (the first day of the next period), `stance`,
    `n_stakeholders`, `n_statements`, `stakeholders` (ids, most statements first, joined by ";"). Undated
    statements and unnamed groups are left out. Sorted by period and stance (support, oppose, neutral).
    """
    if unit not in ("month", "year"):
        raise ValueError(f"unit must be month or year, not {unit!r}")
    st = by_stakeholders(statements)
    st = st[st["date_start"].ne("")]
    if not len(st):
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    first = st["date_start"].map(_day).map(lambda d: d.replace(day=1) if unit == "month" else d.replace(month=1, day=1))
    st = st.assign(period=first.map(dt.date.isoformat))
    rows = []
    for (period, stance), group in st.groupby(["period", "stance"], sort=True):
        counts = group["stakeholder_id"].value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        start = _day(period)
        stop = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) if unit == "month" \
            else start.replace(year=start.year + 1)
        rows.append({"period": period, "period_stop": stop.isoformat(), "stance": stance,
                     "n_stakeholders": len(counts), "n_statements": int(counts.sum()),
                     "stakeholders": ";".join(counts.index)})
    out = pd.DataFrame(rows, columns=PERIOD_COLUMNS)
    order = {"support": 0, "oppose": 1, "neutral": 2}
    return out.sort_values(["period", "stance"], key=lambda s: s.map(order) if s.name == "stance" else s,
                           ignore_index=True)
