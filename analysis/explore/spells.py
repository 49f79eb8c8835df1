"""Positions in time: where each stakeholder stands on each issue as of a day, since when, and what it held before.

A stakeholder's statements on an issue are read in time order and cut into *spells*: stretches of time during
which it held one position (support, oppose, neutral or mixed). Its *current position* as of a day is the spell it
is in on that day, read only from the statements placed on or before that day.

Placing a statement in time. A statement is placed on its *day*: the first day of the time it refers to
(`date_start`), but never after the publication day of its article (a pledge for "next year" is held from the
day it is reported; a remark about last spring is placed in last spring). A statement with neither a date nor a
publication day cannot be placed: every view here leaves it out and says how many it left out (`left_out`).

The day's stance. The statements of one stakeholder on one issue placed on the same day make one *day*:
- support and oppose on the same day is `mixed` (a disagreement the same day), except when one side is a single
  *weak* statement and the other side has two statements or a firm one: that single statement is an *outlier*
  and is set aside;
- else the side taken that day (support or oppose), neutral statements joining it; `neutral` when only neutral
  statements were made that day.
A statement is *firm* when a person stands behind it (its `origin` is not `machine`), when its `confidence` is at
least `firm_confidence` (0.85 by default) or when it has no confidence (coded by hand); else it is *weak*. A day
is *confirmed* when two or more statements take its stance (two sentences, or two articles or sources reporting
it) or one of them is firm.

The rule that starts a new spell. The first day starts the first spell. A later day whose stance is the current
spell's joins it; so does a neutral day during a support, oppose or mixed spell (a neutral remark does not end a
side taken). A day that disagrees with the current spell
- starts a new spell on that day when it is confirmed;
- else is *pending*: if a later day takes the same stance before any day agreeing with the current spell, the
  change is confirmed by another statement and the new spell starts on the pending day (the first day of the
  new position); if a day agreeing with the current spell comes first, or a day with another stance, the pending
  day was a single low-confidence outlier: it is counted in the spell (`n_outliers`) and changes nothing. A
  pending day at the end is reported by `current_positions` as `unconfirmed`.
So a dated, disagreeing statement that is confirmed (by another statement, a second source, or high confidence)
starts a new spell; a single low-confidence outlier does not; disagreement on the same day is `mixed`.

Everything takes statements (or a `positions.Run`) and returns pandas DataFrames whose columns are listed in each
docstring; only statements of named stakeholders count (see `positions.by_stakeholders`).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .positions import COALITION_COLUMNS, Run, by_stakeholders, confirmed_share, iso_day, speaker_label

FIRM_CONFIDENCE = 0.85
POSITIONS = ("support", "oppose", "mixed", "neutral")
UNITS = ("month", "quarter")
UNDATED_REASON = ("their article has no publication day and the sentence names no time they refer to, so they "
                  "cannot be placed in time")

SPELL_COLUMNS = ["stakeholder_id", "issue_id", "position", "start", "end", "statements", "n_support", "n_oppose",
                 "n_neutral", "n_outliers", "until", "is_current", "first_evidence", "last_evidence"]
CURRENT_COLUMNS = [
    "stakeholder_id", "issue_id", "position", "since", "previous_position", "statements", "latest_date",
    "latest_evidence", "speakers", "confirmed_share", "n_support", "n_oppose", "n_neutral", "all_statements",
    "net_stance", "undated", "conditional_share", "constrained_share", "latest_speaker", "latest_source",
    "latest_title", "latest_file", "unconfirmed", "unconfirmed_date", "as_of",
]
_ORDER = ["day", "date_start", "date_end", "published", "file", "char_start"]


# ---------------------------------------------------------------------------------------------------- placing

def _statements(source) -> pd.DataFrame:
    return source.statements if isinstance(source, Run) else source


def placed(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements of named stakeholders with their `day` (see the module docstring; "" when it cannot be
    placed) and `firm` (bool), in time order."""
    st = by_stakeholders(statements)
    start, published = st["date_start"], st["published"]
    day = start.where(published.eq("") | (start.ne("") & start.le(published)), published)
    confidence = pd.to_numeric(st["confidence"], errors="coerce") if "confidence" in st else \
        pd.Series(np.nan, index=st.index)
    origin = st["origin"] if "origin" in st else pd.Series("machine", index=st.index)
    st = st.assign(day=day, _confidence=confidence, _human=~origin.isin(["", "machine"]))
    keys = [c for c in _ORDER if c in st.columns]
    return st.sort_values(keys, kind="stable", ignore_index=True) if len(st) else st.reset_index(drop=True)


def _firm(st: pd.DataFrame, firm_confidence: float) -> pd.Series:
    return st["_human"] | st["_confidence"].isna() | st["_confidence"].ge(firm_confidence)


def as_of_day(statements, as_of=None) -> str:
    """`as_of` as an ISO day, or when empty the last day a statement of a named stakeholder is placed on ("" when
    none is dated): the day the reports read positions on by default."""
    if as_of not in (None, ""):
        return iso_day(as_of, "as_of")
    days = placed(_statements(statements))["day"]
    days = days[days.ne("")]
    return str(days.max()) if len(days) else ""


def left_out(statements, as_of=None) -> dict[str, int]:
    """What a view of positions in time leaves out: `undated` (statements of named stakeholders that cannot be
    placed in time), `later` (placed after `as_of`), `dated` (the statements it reads)."""
    st = placed(_statements(statements))
    undated = st["day"].eq("")
    later = ~undated & st["day"].gt(as_of) if as_of else pd.Series(False, index=st.index)
    return {"undated": int(undated.sum()), "later": int(later.sum()), "dated": int((~undated & ~later).sum())}


def left_out_note(statements, as_of=None) -> str:
    """One sentence saying how many statements a view of positions in time left out, and why."""
    counts = left_out(statements, as_of)
    parts = []
    if counts["undated"]:
        parts.append(f"{counts['undated']} undated statement{'s' * (counts['undated'] != 1)} left out: "
                     + UNDATED_REASON)
    else:
        parts.append("No statement left out for want of a date")
    if counts["later"]:
        parts.append(f"{counts['later']} statement{'s' * (counts['later'] != 1)} placed after {as_of} left out")
    head = f"Positions as of {as_of}, read from {counts['dated']} dated statements. " if as_of else \
        f"Read from {counts['dated']} dated statements. "
    return head + "; ".join(parts) + "."


# ---------------------------------------------------------------------------------------------------- spells

def _days(st: pd.DataFrame, firm_confidence: float) -> pd.DataFrame:
    """One row per stakeholder, issue and day: `stance` (see the module docstring), `confirmed`, the counts per
    stance, `outlier` (the stance of a same-day outlier set aside, else ""), `first` and `last` (row labels in
    `st` of the first and last statement taking the day's stance)."""
    st = st.assign(firm=_firm(st, firm_confidence), row=np.arange(len(st)))
    keys = ["stakeholder_id", "issue_id", "day"]
    n = pd.crosstab([st[k] for k in keys], st["stance"]).reindex(columns=["support", "oppose", "neutral"],
                                                                  fill_value=0)
    firm = st[st["firm"]].groupby(keys + ["stance"]).size().unstack("stance").reindex(
        index=n.index, columns=["support", "oppose", "neutral"]).fillna(0).astype(int)
    out = n.index.to_frame(index=False)
    s, o, u = (n[c].to_numpy() for c in ("support", "oppose", "neutral"))
    fs, fo, fu = (firm[c].to_numpy() for c in ("support", "oppose", "neutral"))
    weak_s = (s == 1) & (fs == 0) & ((o >= 2) | (fo > 0))
    weak_o = (o == 1) & (fo == 0) & ((s >= 2) | (fs > 0))
    both = (s > 0) & (o > 0)
    stance = np.select([both & weak_o & ~weak_s, both & weak_s & ~weak_o, both, s > 0, o > 0],
                       ["support", "oppose", "mixed", "support", "oppose"], "neutral")
    out["stance"] = stance
    out["outlier"] = np.select([both & (stance == "support"), both & (stance == "oppose")], ["oppose", "support"], "")
    out["n_support"] = np.where(out["outlier"].eq("support"), 0, s)
    out["n_oppose"] = np.where(out["outlier"].eq("oppose"), 0, o)
    out["n_neutral"] = u
    taking = np.select([stance == "support", stance == "oppose", stance == "mixed"], [s, o, s + o], u)
    firm_taking = np.select([stance == "support", stance == "oppose", stance == "mixed"], [fs, fo, fs + fo], fu)
    out["confirmed"] = (taking >= 2) | (firm_taking > 0)
    st = st.assign(takes=st["stance"])
    rows = st.merge(out[keys + ["stance"]].rename(columns={"stance": "day_stance"}), on=keys)
    agrees = rows["stance"].eq(rows["day_stance"]) | (rows["day_stance"].eq("mixed") & rows["stance"].ne("neutral"))
    ends = rows[agrees].groupby(keys)["row"].agg(["first", "last"])
    out = out.join(ends, on=keys)
    return out


def _walk(days: pd.DataFrame) -> tuple[list[dict], dict | None]:
    """The spells of one stakeholder and issue from its days in time order (the rule of the module docstring),
    and the pending day left at the end (None when there is none)."""
    spells: list[dict] = []
    pending: dict | None = None
    for day in days.to_dict("records"):
        if not spells:
            spells.append(_new_spell(day))
            continue
        current = spells[-1]
        if day["stance"] == current["position"] or (day["stance"] == "neutral" and current["position"] != "neutral"):
            _join(current, day)
            if pending is not None and day["stance"] != "neutral":
                current["n_outliers"] += pending["n"]
                pending = None
        elif pending is not None and pending["stance"] == day["stance"]:
            spells.append(_new_spell(pending))
            _join(spells[-1], day)
            pending = None
        else:
            if pending is not None:
                current["n_outliers"] += pending["n"]
                pending = None
            if day["confirmed"]:
                spells.append(_new_spell(day))
            else:
                pending = {**day, "n": int(day["n_support"] + day["n_oppose"] + day["n_neutral"])}
    return spells, pending


def _new_spell(day: dict) -> dict:
    return {"position": day["stance"], "start": day["day"], "end": day["day"], "n_support": int(day["n_support"]),
            "n_oppose": int(day["n_oppose"]), "n_neutral": int(day["n_neutral"]),
            "n_outliers": int(day["outlier"] != ""), "first": int(day["first"]), "last": int(day["last"])}


def _join(spell: dict, day: dict) -> None:
    spell["end"] = day["day"]
    for col in ("n_support", "n_oppose", "n_neutral"):
        spell[col] += int(day[col])
    spell["n_outliers"] += int(day["outlier"] != "")
    if day["stance"] != "neutral" or spell["position"] == "neutral":
        spell["last"] = int(day["last"])


def _spells(st: pd.DataFrame, as_of: str, firm_confidence: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The spells (with `first` and `last` row labels of `st`) and the pending days left at the end, of the
    placed statements `st` dated on or before `as_of`."""
    columns = SPELL_COLUMNS + ["first", "last"]
    if not len(st):
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=["stakeholder_id", "issue_id", "stance", "day"])
    days = _days(st, firm_confidence)
    rows, pendings = [], []
    for (holder, issue), group in days.groupby(["stakeholder_id", "issue_id"], sort=True):
        spells, pending = _walk(group)
        for i, spell in enumerate(spells):
            later = spells[i + 1]["start"] if i + 1 < len(spells) else as_of
            rows.append({"stakeholder_id": holder, "issue_id": issue, **spell, "until": later,
                         "is_current": i == len(spells) - 1})
        if pending is not None:
            pendings.append({"stakeholder_id": holder, "issue_id": issue, "stance": pending["stance"],
                             "day": pending["day"]})
    out = pd.DataFrame(rows)
    out["statements"] = out[["n_support", "n_oppose", "n_neutral"]].sum(axis=1)
    out["first_evidence"] = st.loc[out["first"], "evidence"].to_numpy()
    out["last_evidence"] = st.loc[out["last"], "evidence"].to_numpy()
    counts = ["statements", "n_support", "n_oppose", "n_neutral", "n_outliers", "first", "last"]
    out[counts] = out[counts].astype("int64")
    return out[columns], pd.DataFrame(pendings, columns=["stakeholder_id", "issue_id", "stance", "day"])


def _dated(statements, as_of) -> tuple[pd.DataFrame, str]:
    st = placed(_statements(statements))
    as_of = as_of_day(st, as_of) if len(st) else iso_day(as_of, "as_of")
    st = st[st["day"].ne("") & (st["day"].le(as_of) if as_of else True)].reset_index(drop=True)
    return st, as_of


def position_spells(statements, as_of=None, firm_confidence: float = FIRM_CONFIDENCE) -> pd.DataFrame:
    """Every spell of every stakeholder on every issue, read from the statements placed on or before `as_of`
    (default: the last day with a statement); undated statements are left out (see `left_out`).

    Columns: `stakeholder_id, issue_id, position` (support, oppose, mixed, neutral); `start`, `end`: the first
    and last day with a statement of the spell; `statements`: how many (`n_support, n_oppose, n_neutral`, outliers
    not included); `n_outliers`: single low-confidence statements set aside; `until`: the day the next spell
    starts, `as_of` for the current one (where a chart's bar stops); `is_current`; `first_evidence`,
    `last_evidence`: the first and last sentence taking the spell's position. Sorted by stakeholder, issue, start.
    """
    st, as_of = _dated(statements, as_of)
    return _spells(st, as_of, firm_confidence)[0][SPELL_COLUMNS]


def current_positions(statements, as_of=None, firm_confidence: float = FIRM_CONFIDENCE) -> pd.DataFrame:
    """Where each stakeholder stands on each issue as of `as_of` (default: the last day with a statement): one row
    per stakeholder and issue with a statement placed on or before that day (see the module docstring).

    Columns: `stakeholder_id, issue_id`; `position` (support, oppose, mixed, neutral); `since`: the first day of
    the current position; `previous_position`: the position before it ("" when there was none); `statements`:
    statements of the current position (`n_support, n_oppose, n_neutral` of them); `latest_date`,
    `latest_evidence`: the day and sentence of the latest statement taking the current position; `speakers`: who
    spoke in the current position (speaker, else group, else the stakeholder; ";"-joined in order); `confirmed_share`:
    the share of those statements a person stands behind (see `positions.confirmed_share`); `all_statements`:
    every statement placed on or before `as_of`; `net_stance`: (support - oppose) / all_statements, rounded to 3
    places; `undated`: statements left out for want of a date; `conditional_share, constrained_share` of the
    current position's statements; `latest_speaker, latest_source, latest_title, latest_file` of the latest
    statement; `unconfirmed`, `unconfirmed_date`: a later disagreeing statement not (yet) confirmed, else "";
    `as_of`. Sorted by stakeholder and issue.
    """
    everything = placed(_statements(statements))
    st, as_of = _dated(statements, as_of)
    spells, pending = _spells(st, as_of, firm_confidence)
    if not len(spells):
        return pd.DataFrame(columns=CURRENT_COLUMNS)
    keys = ["stakeholder_id", "issue_id"]
    previous = spells.groupby(keys)["position"].shift(1).fillna("")
    out = spells.assign(previous_position=previous)[spells["is_current"]].reset_index(drop=True)
    st = st.assign(speaker=speaker_label(st))
    latest = st.loc[out["last"]].reset_index(drop=True)
    out["since"], out["latest_date"] = out["start"], latest["day"]
    for col, src in [("latest_evidence", "evidence"), ("latest_speaker", "speaker"), ("latest_source", "source"),
                     ("latest_title", "title"), ("latest_file", "file")]:
        out[col] = latest[src].astype(str)
    members = _members(st, out)
    grouped = members.groupby(keys, sort=True)
    out = out.join(grouped.agg(conditional_share=("conditional", "mean"), constrained_share=("constrained", "mean"),
                               speakers=("speaker", lambda s: ";".join(dict.fromkeys(s)))), on=keys)
    out["confirmed_share"] = out[keys].apply(tuple, axis=1).map(
        {key: round(confirmed_share(group), 3) for key, group in grouped}).astype(float)
    per_pair = st.assign(sign=st["stance"].map({"support": 1, "oppose": -1}).fillna(0)).groupby(keys)
    out = out.join(per_pair.agg(all_statements=("stance", "size"), _net=("sign", "sum")), on=keys)
    out["net_stance"] = (out["_net"] / out["all_statements"]).round(3)
    undated = everything[everything["day"].eq("")].groupby(keys).size().rename("undated")
    out = out.join(undated, on=keys)
    out["undated"] = out["undated"].fillna(0).astype("int64")
    out = out.join(pending.set_index(keys).rename(columns={"stance": "unconfirmed", "day": "unconfirmed_date"}),
                   on=keys)
    out[["unconfirmed", "unconfirmed_date"]] = out[["unconfirmed", "unconfirmed_date"]].fillna("").astype(str)
    out[["conditional_share", "constrained_share"]] = out[["conditional_share", "constrained_share"]].astype(
        float).round(3)
    out["all_statements"] = out["all_statements"].astype("int64")
    out["as_of"] = as_of
    return out[CURRENT_COLUMNS]


def _members(st: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The statements of each current spell: of its stakeholder and issue, placed from its start to its end,
    taking its position (neutral statements too; an outlier does not)."""
    keys = ["stakeholder_id", "issue_id"]
    rows = st.merge(current[keys + ["position", "start", "end"]], on=keys)
    rows = rows[rows["day"].ge(rows["start"]) & rows["day"].le(rows["end"])]
    takes = rows["stance"].eq(rows["position"]) | rows["stance"].eq("neutral") \
        | (rows["position"].eq("mixed") & rows["stance"].ne("neutral"))
    return rows[takes]


def as_csv(table: pd.DataFrame) -> str:
    """A table of this module as CSV text (UTF-8, header row, booleans as true/false, as the run's tables)."""
    out = table.copy()
    for col in out.columns[out.dtypes.eq(bool)]:
        out[col] = out[col].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n")


# ---------------------------------------------------------------------------------------------------- windows

WINDOW_COLUMNS = ["window", "window_end", "stakeholder_id", "issue_id", "position", "since", "previous_position",
                  "in_window", "changed"]
POLARISATION_COLUMNS = ["window", "window_end", "issue_id", "n_positions", "n_support", "n_oppose", "n_mixed",
                        "n_neutral", "polarisation", "supporters", "opponents"]


def window_of(day: str, unit: str = "month") -> tuple[str, str]:
    """The first and last day (ISO) of the month or quarter holding the ISO `day`."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    d = dt.date.fromisoformat(day)
    months = 3 if unit == "quarter" else 1
    first = d.replace(month=(d.month - 1) // months * months + 1, day=1)
    after = (first.replace(day=28) + dt.timedelta(days=31 * months - 27)).replace(day=1)
    return first.isoformat(), (after - dt.timedelta(days=1)).isoformat()


def windows(first: str, last: str, unit: str = "month") -> list[tuple[str, str]]:
    """Every month or quarter from the one holding `first` to the one holding `last`, as (first day, last day)."""
    out = []
    start, end = window_of(first, unit)
    while start <= last:
        out.append((start, end))
        start, end = window_of((dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat(), unit)
    return out


def positions_per_window(statements, unit: str = "month", as_of=None,
                         firm_confidence: float = FIRM_CONFIDENCE) -> pd.DataFrame:
    """The position of each stakeholder on each issue at the end of each month or quarter (`unit`), as the
    Discourse Network Analyzer aggregates statements by time windows; read, for each window, only from the
    statements placed on or before its last day (what was known then), up to `as_of` (default: the last day with
    a statement). A position holds from the window of its first statement on, until it changes; undated
    statements are left out (see `left_out`).

    Columns: `window`, `window_end`: the window's first and last day (the last capped at `as_of`);
    `stakeholder_id, issue_id, position, since, previous_position` as in `current_positions` at the window's end;
    `in_window`: statements placed in the window; `changed`: the position started in the window. Sorted by
    window, stakeholder and issue.
    """
    st, as_of = _dated(statements, as_of)
    if not len(st):
        return pd.DataFrame(columns=WINDOW_COLUMNS)
    keys = ["stakeholder_id", "issue_id"]
    frames = []
    for start, end in windows(str(st["day"].min()), as_of, unit):
        end = min(end, as_of)
        known = st[st["day"].le(end)].reset_index(drop=True)
        spells = _spells(known, end, firm_confidence)[0]
        previous = spells.groupby(keys)["position"].shift(1).fillna("")
        now = spells.assign(previous_position=previous)[spells["is_current"]]
        counts = known[known["day"].ge(start)].groupby(keys).size().rename("in_window")
        now = now.join(counts, on=keys).assign(window=start, window_end=end, since=now["start"])
        frames.append(now)
    out = pd.concat(frames, ignore_index=True)
    out["in_window"] = out["in_window"].fillna(0).astype("int64")
    out["changed"] = out["since"].ge(out["window"])
    return out[WINDOW_COLUMNS].sort_values(["window"] + keys, ignore_index=True)


def polarisation_score(n_support, n_oppose, n_mixed=0):
    """How divided the stakeholders with a side are, from 0 (all on one side) to 1 (two camps of equal size):

        polarisation = s * o / (floor(n / 2) * ceil(n / 2)),  n = s + o + m

    with s supporters, o opponents and m mixed positions (0 when n < 2). See `polarisation`. Works on numbers
    and on arrays."""
    s, o, m = (np.asarray(x, dtype=float) for x in (n_support, n_oppose, n_mixed))
    n = s + o + m
    most = np.floor(n / 2) * np.ceil(n / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(most > 0, s * o / np.where(most > 0, most, 1), 0.0)
    return score.round(3) if score.ndim else float(score.round(3))


def polarisation(per_window: pd.DataFrame) -> pd.DataFrame:
    """How divided each issue is in each window (from `positions_per_window`), in the manner of DNA's
    polarisation measure.

    DNA scores a window by how well its actors split into two camps: congruence (the same stance on a concept)
    within camps, conflict (opposite stances) between them. On one issue the best split is supporters against
    opponents, so what is left to measure is how much of the conflict that stakeholders could have is there:

        polarisation = s * o / (floor(n / 2) * ceil(n / 2)),  n = s + o + m

    where s, o, m count the stakeholders supporting, opposing, or mixed (on both sides at once) at the window's
    end. s * o is the number of conflict ties (a supporter and an opponent), and floor(n/2) * ceil(n/2) the most
    that n stakeholders can have: 1 means two camps of equal size, 0 that no one disagrees (or fewer than two
    stakeholders take a side). A mixed stakeholder stands between the camps and lowers the score; a neutral one
    ties no one (an isolate, which DNA leaves out too) and does not count.

    Columns: `window, window_end, issue_id`; `n_positions` (s + o + m), `n_support, n_oppose, n_mixed,
    n_neutral`; `polarisation` (rounded to 3 places); `supporters`, `opponents`: their ids, ";"-joined. Sorted by
    window and issue.
    """
    if not len(per_window):
        return pd.DataFrame(columns=POLARISATION_COLUMNS)
    keys = ["window", "window_end", "issue_id"]
    counts = pd.crosstab([per_window[k] for k in keys], per_window["position"]).reindex(
        columns=list(POSITIONS), fill_value=0)
    out = counts.rename(columns={p: f"n_{p}" for p in POSITIONS}).reset_index()
    out["n_positions"] = out[["n_support", "n_oppose", "n_mixed"]].sum(axis=1)
    out["polarisation"] = polarisation_score(out["n_support"], out["n_oppose"], out["n_mixed"])
    for col, position in (("supporters", "support"), ("opponents", "oppose")):
        who = per_window[per_window["position"].eq(position)].groupby(keys)["stakeholder_id"].agg(";".join)
        out = out.join(who.rename(col), on=keys)
        out[col] = out[col].fillna("")
    counts_cols = ["n_positions", "n_support", "n_oppose", "n_mixed", "n_neutral"]
    out[counts_cols] = out[counts_cols].astype("int64")
    return out[POLARISATION_COLUMNS].sort_values(["window", "issue_id"], ignore_index=True)


# ---------------------------------------------------------------------------------------------------- from current positions

def current_coalitions(current: pd.DataFrame) -> pd.DataFrame:
    """Who stands with whom now, per issue, from `current_positions`: the columns of `positions.coalitions`
    (`issue_id, position, n_stakeholders, n_statements` (their statements of the current position),
    `stakeholders` (most statements first, then by id), `conditional` (those whose current position is mostly
    conditional)). Sorted by issue, then support, oppose, mixed, neutral."""
    if not len(current):
        return pd.DataFrame(columns=COALITION_COLUMNS)
    c = current.sort_values(["issue_id", "statements", "stakeholder_id"], ascending=[True, False, True])
    rows = [{"issue_id": issue, "position": position, "n_stakeholders": len(group),
             "n_statements": int(group["statements"].sum()), "stakeholders": ";".join(group["stakeholder_id"]),
             "conditional": ";".join(group.loc[group["conditional_share"] > 0.5, "stakeholder_id"])}
            for (issue, position), group in c.groupby(["issue_id", "position"], sort=False)]
    out = pd.DataFrame(rows, columns=COALITION_COLUMNS)
    out["_order"] = out["position"].map({p: i for i, p in enumerate(POSITIONS)})
    return out.sort_values(["issue_id", "_order"], ignore_index=True).drop(columns="_order")
