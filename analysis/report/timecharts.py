"""Altair charts of positions in time (analysis.explore.spells): the stance matrix of current positions, spells
as bars, positions per window and the polarisation of each issue per window.

As in `charts`, each chart takes a frame already aggregated to one row per mark, and its tooltips hold the
evidence sentence; the colours are the stance colours of `charts` (`charts.STANCE_COLORS`: support, oppose,
mixed, neutral), and time axes those of `charts.time_x`.
"""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from .charts import (WIDTH, _lane_height, _stance_color, _tip, empty_chart, matrix_cells, matrix_chart, names_of,
                     time_domain, time_span, time_x)

POSITIONS = ["support", "oppose", "mixed", "neutral"]


def _position_color(title: str = "position") -> alt.Color:
    return _stance_color(POSITIONS, field="position", title=title)


def _day_after(days: pd.Series) -> pd.Series:
    return days.map(lambda d: (dt.date.fromisoformat(d) + dt.timedelta(days=1)).isoformat() if d else d)


def _since(current: pd.DataFrame) -> pd.Series:
    before = current["previous_position"].where(current["previous_position"].ne(""), "none")
    return "since " + current["since"] + ", before: " + before


def position_heatmap(current: pd.DataFrame, names: dict[str, str] | None = None,
                     labels: dict[str, str] | None = None, top: int = 40,
                     title: str = "Who stands where now") -> alt.Chart:
    """Current positions (see `spells.current_positions`) as a matrix: stakeholders (the `top` with most
    statements) by issues, each cell coloured by the position held as of the table's `as_of` day. The number is
    the count of statements on the issue up to that day, with * when the current position holds conditional
    statements and † constrained ones; the tooltip says since when the position is held and what it was before
    ("since DAY, before: POSITION"), and holds the latest evidence with its date, speaker and source."""
    if not len(current):
        return empty_chart("No dated positions of named stakeholders.", title)
    m, shown, n_stakeholders, issue_order = matrix_cells(current, "all_statements", names, labels, top)
    m["held"] = _since(m)
    m["counts"] = (m["statements"].astype(str) + " in this position, " + m["all_statements"].astype(str)
                   + " in all")
    m["pending"] = (m["unconfirmed"] + " on " + m["unconfirmed_date"]).where(m["unconfirmed"].ne(""), "")
    data = m[["stakeholder", "issue", "position", "held", "label", "counts", "net_stance", "pending", "latest_date",
              "latest_speaker", "latest_source", "latest_title", "latest_evidence"]]
    tooltip = [_tip("stakeholder", "stakeholder"), _tip("issue", "issue"), _tip("position", "position"),
               _tip("held", "held"), _tip("counts", "statements"),
               alt.Tooltip("net_stance:Q", title="net stance (all)", format="+.2f"),
               _tip("pending", "not yet confirmed"), _tip("latest_date", "latest"), _tip("latest_speaker", "speaker"),
               _tip("latest_source", "source"), _tip("latest_title", "article"), _tip("latest_evidence", "evidence")]
    as_of = str(current["as_of"].iloc[0])
    subtitle = (f"as of {as_of}; {len(shown)} of {n_stakeholders} stakeholders (most statements first); the number "
                "counts statements, * conditional, † constrained")
    return matrix_chart(data, [(names or {}).get(i, i) for i in shown], issue_order, _position_color(), tooltip,
                        alt.TitleParams(title, subtitle=subtitle), text_color="white")


def spell_chart(spells: pd.DataFrame, names: dict[str, str] | None = None, labels: dict[str, str] | None = None,
                issue: str = "", stakeholder: str = "", title: str = "") -> alt.Chart:
    """Spells (see `spells.position_spells`) as bars coloured by position, from the first day of a spell to the
    day the next one starts (the current one to the `as_of` day). With `issue`: one row per stakeholder on that
    issue; with `stakeholder`: one row per issue of that stakeholder; else one row per stakeholder and issue.
    Thin ticks mark the days with statements (a spell's first and last); the tooltip holds the spell's dates,
    statements and its first and last sentences."""
    names, labels = names or {}, labels or {}
    s = spells
    if issue:
        s = s[s["issue_id"].eq(issue)]
    if stakeholder:
        s = s[s["stakeholder_id"].eq(stakeholder)]
    title = title or ("Positions over time" + (f": {labels.get(issue, issue)}" if issue else "")
                      + (f": {names.get(stakeholder, stakeholder)}" if stakeholder else ""))
    if not len(s):
        return empty_chart("No dated positions.", title)
    holder = s["stakeholder_id"].map(lambda i: names.get(i, i))
    topic = s["issue_id"].map(lambda i: labels.get(i, i))
    lane = holder if issue else topic if stakeholder else holder + " · " + topic
    data = pd.DataFrame({
        "lane": lane, "position": s["position"], "start": s["start"], "stop": _day_after(s["until"]),
        "end": s["end"], "when": s["start"] + " to " + s["until"] + s["is_current"].map({True: " (now)", False: ""}),
        "statements": s["statements"], "outliers": s["n_outliers"], "first_evidence": s["first_evidence"],
        "last_evidence": s["last_evidence"]})
    order = list(dict.fromkeys(data.sort_values(["start", "lane"], kind="stable")["lane"]))
    y = alt.Y("lane:N", title=None, sort=order, axis=alt.Axis(labelLimit=220))
    tooltip = [_tip("lane", "who" if issue else "issue" if stakeholder else "stakeholder · issue"),
               _tip("position", "position"), _tip("when", "held"), _tip("end", "last statement"),
               alt.Tooltip("statements:Q", title="statements"), alt.Tooltip("outliers:Q", title="outliers set aside"),
               _tip("first_evidence", "first evidence"), _tip("last_evidence", "last evidence")]
    domain = time_domain(time_span(data["start"], data["stop"]))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(height=12, opacity=0.8).encode(x=time_x("start", domain), x2="stop:T", color=_position_color())
    ticks = base.mark_tick(thickness=2, size=16, color="#333").encode(x=time_x("end", domain))
    return (bars + ticks).properties(title=title, width=WIDTH, height=_lane_height(len(order), 26))


def window_chart(per_window: pd.DataFrame, names: dict[str, str] | None = None, issue: str = "",
                 title: str = "Positions per window", labels: dict[str, str] | None = None) -> alt.Chart:
    """Positions per window (see `spells.positions_per_window`) of one issue (`issue`, else every issue, one row
    per stakeholder and issue) as a grid: windows by stakeholders, each cell coloured by the position held at
    the window's end; a cell is pale when the stakeholder said nothing in the window (its position carried over)
    and marked ● when its position changed in the window."""
    w = per_window[per_window["issue_id"].eq(issue)] if issue else per_window
    if not len(w):
        return empty_chart("No dated positions.", title)
    names, labels = names or {}, labels or {}
    holder = w["stakeholder_id"].map(lambda i: names.get(i, i))
    lane = holder if issue else holder + " · " + w["issue_id"].map(lambda i: labels.get(i, i))
    data = pd.DataFrame({"lane": lane, "window": w["window"], "window_end": w["window_end"], "position": w["position"], "since": w["since"],
                         "before": w["previous_position"], "in_window": w["in_window"],
                         "spoke": w["in_window"].gt(0), "mark": w["changed"].map({True: "●", False: ""})})
    windows = sorted(set(data["window"]))
    x = alt.X("window:O", title=None, sort=windows, axis=alt.Axis(labelAngle=-45))
    y = alt.Y("lane:N", title=None, sort=sorted(set(data["lane"])), axis=alt.Axis(labelLimit=220))
    tooltip = [_tip("lane", "stakeholder"), _tip("window", "window from"), _tip("window_end", "to"),
               _tip("position", "position"), _tip("since", "since"), _tip("before", "before"),
               alt.Tooltip("in_window:Q", title="statements in the window")]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    rect = base.mark_rect(stroke="white").encode(
        color=_position_color(), opacity=alt.condition("datum.spoke", alt.value(1.0), alt.value(0.45)))
    text = base.mark_text(color="white", fontSize=11).encode(text="mark:N")
    return (rect + text).properties(title=alt.TitleParams(
        title, subtitle="position at each window's end; pale: nothing said in the window; ●: changed in it"),
        width=max(200, 34 * len(windows)), height=_lane_height(data["lane"].nunique()))


def polarisation_chart(polarisation: pd.DataFrame, names: dict[str, str] | None = None,
                       labels: dict[str, str] | None = None, title: str = "Polarisation per window") -> alt.Chart:
    """The polarisation of each issue per window (see `spells.polarisation`) as lines from 0 (no one disagrees)
    to 1 (two camps of equal size); the tooltip counts and names the supporters and opponents."""
    if not len(polarisation):
        return empty_chart("No dated positions.", title)
    labels = labels or {}
    data = polarisation.assign(issue=polarisation["issue_id"].map(lambda i: labels.get(i, i)),
                               who_for=names_of(polarisation["supporters"], names),
                               who_against=names_of(polarisation["opponents"], names))[
        ["window", "window_end", "issue", "polarisation", "n_positions", "n_support", "n_oppose", "n_mixed",
         "who_for", "who_against"]]
    domain = time_domain(time_span(data["window"]))  # the points: each window at its first day
    return alt.Chart(data).mark_line(point=True).encode(
        x=time_x("window", domain), y=alt.Y("polarisation:Q", scale=alt.Scale(domain=[0, 1]), title="polarisation"),
        color=alt.Color("issue:N", title="issue"),
        tooltip=[_tip("issue", "issue"), _tip("window", "window from"), _tip("window_end", "to"),
                 alt.Tooltip("polarisation:Q", format=".2f", title="polarisation"),
                 alt.Tooltip("n_positions:Q", title="stakeholders taking a side"),
                 alt.Tooltip("n_support:Q", title="support"), alt.Tooltip("n_oppose:Q", title="oppose"),
                 alt.Tooltip("n_mixed:Q", title="mixed"), _tip("who_for", "supporters"),
                 _tip("who_against", "opponents")],
    ).properties(title=alt.TitleParams(title, subtitle="s·o / (⌊n/2⌋·⌈n/2⌉): 1 = two camps of equal size, "
                                                       "0 = no one disagrees"), width=WIDTH, height=200)
