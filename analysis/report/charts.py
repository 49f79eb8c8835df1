"""Altair charts of the analysis tables, and the renderer that shows them in notebooks and offline reports.

Every chart takes a frame that an analysis function has already aggregated to one row per mark, so a corpus of
any size gives a small chart (well under altair's row limit, which stays on) and a small HTML report. The
evidence sentence, its speaker, date and source are in each mark's tooltip; vega-tooltip escapes tooltip text,
and SVG text marks are text, so article text never becomes markup.

Rendering. `enable()` turns on the `stakeholders` renderer of altair's renderer registry: a chart is output as
`application/vnd.vegalite.v5+json` (which JupyterLab draws with its own Vega extension and nbformat accepts,
unlike the v6 mimetype of altair's `mimetype` renderer) and as a plain-text line naming the chart. No chart
output holds a script or a random id, so notebook outputs are stable for nbval. The HTML reports turn these
outputs into charts drawn by one shared, local copy of vega-embed (see analysis.report.html).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..io.contract import STANCES

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
STANCE_COLORS = {"support": "#1a9850", "oppose": "#d73027", "mixed": "#f46d43", "neutral": "#878787"}
WIDTH = 640


def render(spec: dict, **_) -> tuple[dict, dict]:
    """The `stakeholders` renderer: the Vega-Lite spec under VEGALITE_MIME, plus a text line with its title."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return {VEGALITE_MIME: spec, "text/plain": f"<chart: {title}>" if title else "<chart>"}, \
        {VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}}


alt.renderers.register("stakeholders", render)
alt.renderers.enable("stakeholders")  # offline from the first import (a new notebook needs no enable() and no CDN)


def enable() -> None:
    """Show charts with the `stakeholders` renderer (call once at the top of a notebook)."""
    alt.renderers.enable("stakeholders")


# ---------------------------------------------------------------------------------------------------- helpers

def _stance_color(domain=STANCES) -> alt.Color:
    return alt.Color("stance:N", title="stance", scale=alt.Scale(domain=list(domain),
                                                                 range=[STANCE_COLORS[s] for s in domain]))


def _day_axis(field: str = "date_start", title: str | None = None) -> alt.X:
    # ISO days are UTC midnights in Vega: read and show them in UTC so no time zone moves a day.
    return alt.X(f"{field}:T", timeUnit="utcyearmonthdate", scale=alt.Scale(type="utc"), title=title,
                 axis=alt.Axis(format="%b %Y", labelAngle=0))


def _tip(field: str, title: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:N", title=title)


def names_of(joined: pd.Series, names: dict[str, str] | None) -> pd.Series:
    """Semicolon-joined ids as a comma-separated list of display names."""
    names = names or {}
    return joined.map(lambda s: ", ".join(names.get(i, i) for i in s.split(";") if i))


def empty_chart(message: str, title: str = "") -> alt.Chart:
    """A chart that says there is nothing to draw."""
    chart = alt.Chart(pd.DataFrame({"message": [message]})).mark_text(size=13, color="#555").encode(
        text="message:N").properties(width=WIDTH, height=40)
    return chart.properties(title=title) if title else chart


def _lane_height(n: int, step: int = 22) -> int:
    return max(60, step * n)


# ---------------------------------------------------------------------------------------------------- positions

def stance_heatmap(matrix: pd.DataFrame, names: dict[str, str] | None = None, labels: dict[str, str] | None = None,
                   top: int = 40, title: str = "Who stands where") -> alt.Chart:
    """The stance matrix (see `positions.stance_matrix`) as a heatmap: stakeholders (the `top` with most
    statements) by issues, coloured by net stance from oppose (-1, red) to support (1, blue). Each cell shows its
    number of statements, with * when some are conditional and † when some are constrained; the tooltip holds
    the counts and the latest evidence with its date, speaker and source."""
    if not len(matrix):
        return empty_chart("No positions of named stakeholders.", title)
    names, labels = names or {}, labels or {}
    totals = matrix.groupby("stakeholder_id")["n_statements"].sum().sort_values(ascending=False, kind="stable")
    shown = totals.sort_index().sort_values(ascending=False, kind="stable").index[:top]
    m = matrix[matrix["stakeholder_id"].isin(shown)].copy()
    m["stakeholder"] = m["stakeholder_id"].map(lambda i: names.get(i, i))
    m["issue"] = m["issue_id"].map(lambda i: labels.get(i, i))
    m["label"] = m["n_statements"].astype(str) + m["conditional_share"].gt(0).map({True: "*", False: ""}) + \
        m["constrained_share"].gt(0).map({True: "†", False: ""})
    m["counts"] = (m["n_support"].astype(str) + " support, " + m["n_oppose"].astype(str) + " oppose, "
                   + m["n_neutral"].astype(str) + " neutral")
    m["qualified"] = ("conditional " + (m["conditional_share"] * 100).round().astype(int).astype(str) + "%, "
                      + "constrained " + (m["constrained_share"] * 100).round().astype(int).astype(str) + "%")
    cols = ["stakeholder", "issue", "net_stance", "position", "label", "counts", "qualified", "latest_date",
            "latest_speaker", "latest_source", "latest_title", "latest_evidence"]
    data = m[cols]
    stakeholder_order = [names.get(i, i) for i in shown]
    issue_order = [labels.get(i, i) for i in dict.fromkeys(list(labels) + sorted(set(m["issue_id"])))
                   if i in set(m["issue_id"])]
    x = alt.X("issue:N", sort=issue_order, title=None, axis=alt.Axis(orient="top", labelAngle=-20, labelLimit=220))
    y = alt.Y("stakeholder:N", sort=stakeholder_order, title=None)
    tooltip = [_tip("stakeholder", "stakeholder"), _tip("issue", "issue"), _tip("position", "position"),
               alt.Tooltip("net_stance:Q", title="net stance", format="+.2f"), _tip("counts", "statements"),
               _tip("qualified", "qualified"), _tip("latest_date", "latest"), _tip("latest_speaker", "speaker"),
               _tip("latest_source", "source"), _tip("latest_title", "article"),
               _tip("latest_evidence", "evidence")]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color("net_stance:Q", title="net stance", scale=alt.Scale(scheme="redblue", domain=[-1, 1])))
    text = base.mark_text(fontSize=11).encode(text="label:N")
    subtitle = f"{len(shown)} of {len(totals)} stakeholders (most statements first); * conditional, † constrained"
    return (rect + text).properties(title=alt.TitleParams(title, subtitle=subtitle),
                                    width=max(160, 110 * len(issue_order)), height=_lane_height(len(shown)))


def position_bars(coalitions: pd.DataFrame, names: dict[str, str] | None = None,
                  labels: dict[str, str] | None = None, title: str = "Supporters and opponents per issue") -> alt.Chart:
    """Coalitions (see `positions.coalitions`) as stacked bars: per issue, how many stakeholders support,
    oppose, are mixed or neutral; the tooltip names them."""
    if not len(coalitions):
        return empty_chart("No positions of named stakeholders.", title)
    labels = labels or {}
    c = coalitions.assign(issue=coalitions["issue_id"].map(lambda i: labels.get(i, i)),
                          who=names_of(coalitions["stakeholders"], names),
                          conditional_names=names_of(coalitions["conditional"], names))
    c = c.rename(columns={"position": "stance"})[["issue", "stance", "n_stakeholders", "n_statements", "who",
                                                  "conditional_names"]]
    order = [labels.get(i, i) for i in dict.fromkeys(list(labels) + sorted(set(coalitions["issue_id"])))]
    domain = ["support", "oppose", "mixed", "neutral"]
    return alt.Chart(c).mark_bar().encode(
        y=alt.Y("issue:N", sort=[o for o in order if o in set(c["issue"])], title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("n_stakeholders:Q", title="stakeholders"),
        color=_stance_color(domain),
        order=alt.Order("stance_order:Q"),
        tooltip=[_tip("issue", "issue"), _tip("stance", "position"), alt.Tooltip("n_stakeholders:Q", title="stakeholders"),
                 alt.Tooltip("n_statements:Q", title="statements"), _tip("who", "who"),
                 _tip("conditional_names", "mostly conditional")],
    ).transform_calculate(
        stance_order="indexof(['support', 'oppose', 'mixed', 'neutral'], datum.stance)"
    ).properties(title=title, width=WIDTH - 200, height=_lane_height(c["issue"].nunique(), 28))


# ---------------------------------------------------------------------------------------------------- time

def _time_chart(data: pd.DataFrame, lane_title: str, color: alt.Color | alt.ColorValue, tooltip: list,
                size_field: str, offset: bool) -> alt.LayerChart:
    """Spans (date_start to date_stop) as bars, single days as points, one lane per `lane`."""
    y = alt.Y("lane:N", title=lane_title, sort=sorted(set(data["lane"])), axis=alt.Axis(labelLimit=220))
    extra = {"yOffset": alt.YOffset("stance:N", sort=list(STANCES))} if offset else {}
    base = alt.Chart(data).encode(y=y, color=color, tooltip=tooltip, **extra)
    spans = base.transform_filter("datum.is_span").mark_bar(height=7, opacity=0.55).encode(
        x=_day_axis(), x2="date_stop:T")
    days = base.transform_filter("!datum.is_span").mark_point(filled=True, opacity=0.9).encode(
        x=_day_axis(), size=alt.Size(f"{size_field}:Q", title=size_field.replace("n_", ""),
                                     scale=alt.Scale(range=[40, 400], zero=False),
                                     legend=alt.Legend(format="d")))
    return (spans + days).properties(width=WIDTH, height=_lane_height(data["lane"].nunique(), 26))


def statements_timeline(marks: pd.DataFrame, lane_names: dict[str, str] | None = None, lane_title: str = "",
                        title: str = "Statements over time") -> alt.Chart:
    """Statement marks (see `timeline.statement_marks`) on a time axis, one lane per stakeholder or issue,
    coloured by stance: a day is a point (larger for more statements), a longer span (a week, "early 2024") a
    bar from its first to its last day. The tooltip holds the latest evidence with its speaker, date, source."""
    if not len(marks):
        return empty_chart("No dated statements.", title)
    lane_names = lane_names or {}
    data = marks.assign(lane=marks["lane"].map(lambda i: lane_names.get(i, i)),
                        when=marks["date_start"].where(~marks["is_span"], marks["date_start"] + " to " + marks["date_end"]))
    data = data[["lane", "stance", "date_start", "date_stop", "is_span", "when", "date_precision", "n_statements",
                 "speaker", "source", "title", "evidence"]]
    tooltip = [_tip("lane", lane_title or "lane"), _tip("stance", "stance"), _tip("when", "date"),
               _tip("date_precision", "precision"), alt.Tooltip("n_statements:Q", title="statements"),
               _tip("speaker", "speaker (latest)"), _tip("source", "source"), _tip("title", "article"),
               _tip("evidence", "evidence")]
    return _time_chart(data, lane_title, _stance_color(), tooltip, "n_statements", offset=True).properties(title=title)


def events_timeline(marks: pd.DataFrame, actor_names: dict[str, str] | None = None,
                    title: str = "Events by issue") -> alt.Chart:
    """Event marks (see `timeline.event_marks`) on a time axis, one lane per issue: a day is a point (larger
    when more articles report it), a longer span a bar. The tooltip holds what happened, who took part, the
    sources and the evidence sentence."""
    if not len(marks):
        return empty_chart("No dated events.", title)
    data = marks.assign(who=names_of(marks["actors"], actor_names),
                        when=marks["date_start"].where(~marks["is_span"], marks["date_start"] + " to " + marks["date_end"]))
    data = data[["lane", "date_start", "date_stop", "is_span", "when", "date_precision", "n_events", "n_sources",
                 "description", "who", "sources", "evidence"]]
    tooltip = [_tip("lane", "issue"), _tip("when", "date"), _tip("date_precision", "precision"),
               _tip("description", "what"), _tip("who", "who"), alt.Tooltip("n_sources:Q", title="articles"),
               _tip("sources", "sources"), _tip("evidence", "evidence")]
    return _time_chart(data, "", alt.value("#4c78a8"), tooltip, "n_sources", offset=False).properties(title=title)


def stances_over_time(periods: pd.DataFrame, names: dict[str, str] | None = None,
                      title: str = "Supporters and opponents over time") -> alt.Chart:
    """Stances per period (see `timeline.stances_per_period`) as grouped bars: how many stakeholders supported,
    opposed or were neutral each month; the tooltip names them."""
    if not len(periods):
        return empty_chart("No dated statements.", title)
    data = periods.assign(who=names_of(periods["stakeholders"], names))[
        ["period", "stance", "n_stakeholders", "n_statements", "who"]]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("period:N", title=None, axis=alt.Axis(labelAngle=-45)),
        xOffset=alt.XOffset("stance:N", sort=list(STANCES)),
        y=alt.Y("n_stakeholders:Q", title="stakeholders"),
        color=_stance_color(),
        tooltip=[_tip("period", "month from"), _tip("stance", "stance"),
                 alt.Tooltip("n_stakeholders:Q", title="stakeholders"), alt.Tooltip("n_statements:Q", title="statements"),
                 _tip("who", "who")],
    ).properties(title=title, width=WIDTH, height=220)


def quantities_chart(quantities: pd.DataFrame, names: dict[str, str] | None = None, max_rows: int = 2000,
                     title: str = "Quantities asked or pledged") -> alt.Chart:
    """Statements with a quantity (see `positions.quantities`) as points: the number (log scale) by date,
    coloured by stance; the tooltip holds the sentence, speaker, date and source. At most `max_rows` (the
    latest)."""
    q = quantities[quantities["date_start"].ne("")].tail(max_rows)
    if not len(q):
        return empty_chart("No dated statements with a quantity.", title)
    names = names or {}
    data = q.assign(stakeholder=q["stakeholder_id"].map(lambda i: names.get(i, i)),
                    quantity=q["quantity"].astype("int64"))[
        ["date_start", "stakeholder", "stance", "quantity", "speaker", "source", "title", "evidence"]]
    return alt.Chart(data).mark_point(filled=True, size=90).encode(
        x=_day_axis(), y=alt.Y("quantity:Q", scale=alt.Scale(type="log"), title="quantity"),
        color=_stance_color(), shape=alt.Shape("stakeholder:N", title="stakeholder"),
        tooltip=[_tip("stakeholder", "stakeholder"), alt.Tooltip("quantity:Q", title="quantity", format=","),
                 _tip("stance", "stance"), _tip("date_start", "date"), _tip("speaker", "speaker"),
                 _tip("source", "source"), _tip("title", "article"), _tip("evidence", "evidence")],
    ).properties(title=title, width=WIDTH, height=240)


def coverage_chart(per_week: pd.DataFrame, top: int = 8, title: str = "Articles per week") -> alt.Chart:
    """Articles per week and source (see `coverage.articles_per_week`) as stacked bars; sources beyond the
    `top` largest are summed as "other sources". Undated articles are left out."""
    w = per_week[per_week["week"].ne("")]
    if not len(w):
        return empty_chart("No dated articles.", title)
    biggest = w.groupby("source")["n_articles"].sum().sort_index().sort_values(ascending=False, kind="stable")
    w = w.assign(source=w["source"].where(w["source"].isin(biggest.index[:top]), "other sources"))
    w = w.groupby(["week", "source"], as_index=False)["n_articles"].sum()
    return alt.Chart(w).mark_bar().encode(
        x=_day_axis("week", None), y=alt.Y("n_articles:Q", title="articles"),
        color=alt.Color("source:N", title="source"),
        tooltip=[_tip("week", "week of"), _tip("source", "source"), alt.Tooltip("n_articles:Q", title="articles")],
    ).properties(title=title, width=WIDTH, height=160)


# ---------------------------------------------------------------------------------------------------- networks

def network_chart(edges: pd.DataFrame, layout: pd.DataFrame, nodes: pd.DataFrame | None = None,
                  names: dict[str, str] | None = None, title: str = "Agreement network",
                  edge_color: str = "#4c78a8") -> alt.Chart:
    """A network (edges of `networks.agreement_network` or `conflict_network`) drawn at the positions of
    `layout` (`stakeholder_id, x, y`, e.g. `networks.circle_layout`): lines as thick as their weight, nodes
    coloured by their `position` column in `nodes` (if given) and sized by `n_statements`."""
    if not len(layout):
        return empty_chart("No stakeholders to draw.", title)
    names = names or {}
    info = layout.copy()
    if nodes is not None and len(nodes):
        info = info.merge(nodes, on="stakeholder_id", how="left")
    info["name"] = info["stakeholder_id"].map(lambda i: names.get(i, i))
    if "position" not in info:
        info["position"] = ""
    info["n_statements"] = info.get("n_statements", pd.Series(1, index=info.index)).fillna(0).astype("int64")
    info["stance"] = info["position"].fillna("")
    where = layout.set_index("stakeholder_id")
    e = edges[edges["source"].isin(where.index) & edges["target"].isin(where.index)]
    lines = pd.DataFrame({
        "pair": e["source"].map(lambda i: names.get(i, i)) + " and " + e["target"].map(lambda i: names.get(i, i)),
        "x": e["source"].map(where["x"]), "y": e["source"].map(where["y"]),
        "x2": e["target"].map(where["x"]), "y2": e["target"].map(where["y"]),
        "weight": e["weight"], "issues": e["issues"].str.replace(";", ", "),
    })
    axis = dict(axis=None, scale=alt.Scale(domain=[-1.35, 1.35]))
    layers = []
    if len(lines):
        layers.append(alt.Chart(lines).mark_rule(color=edge_color, opacity=0.5).encode(
            x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q",
            strokeWidth=alt.StrokeWidth("weight:Q", title="weight", scale=alt.Scale(range=[1, 8])),
            tooltip=[_tip("pair", "between"), alt.Tooltip("weight:Q", title="weight"), _tip("issues", "issues")]))
    data = info[["stakeholder_id", "name", "x", "y", "stance", "n_statements"]]
    domain = ["support", "oppose", "mixed", "neutral", ""]
    point = alt.Chart(data).mark_circle(opacity=1, stroke="white").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
        color=alt.Color("stance:N", title="position", scale=alt.Scale(
            domain=domain, range=[STANCE_COLORS.get(s, "#bbbbbb") for s in domain])),
        size=alt.Size("n_statements:Q", title="statements", scale=alt.Scale(range=[60, 600], zero=False),
                      legend=alt.Legend(format="d")),
        tooltip=[_tip("name", "stakeholder"), _tip("stance", "position"),
                 alt.Tooltip("n_statements:Q", title="statements")])
    label = alt.Chart(data).mark_text(dy=-14, fontSize=11).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="stakeholder_id:N")
    return alt.layer(*layers, point, label).properties(title=title, width=420, height=420)
