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

import datetime as dt

import altair as alt
import pandas as pd

from ..io.contract import STANCES

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
WIDTH = 640

# The stance colours, the one scheme of every chart (matrix, bars, timelines, networks, positions in time): the
# Okabe-Ito palette, told apart by readers with any colour-vision deficiency. Blue supports, vermilion opposes,
# reddish purple is mixed (support and opposition at once), grey is neutral; a node without a position is pale
# grey. The net stance of the stance matrix runs from vermilion (-1) through pale grey (0) to blue (+1).
STANCE_COLORS = {"support": "#0072B2", "oppose": "#D55E00", "mixed": "#CC79A7", "neutral": "#999999"}
NO_POSITION_COLOR = "#DDDDDD"
NET_STANCE_RANGE = [STANCE_COLORS["oppose"], "#EEEEEE", STANCE_COLORS["support"]]
ORDER = ["support", "oppose", "mixed", "neutral"]  # the order of stances in every legend and stack
EDGE_COLOR = "#555555"  # network ties: solid for agreement, dashed for conflict
EVENT_COLOR = "#555555"  # events take no stance


def stance_scale(domain=ORDER) -> alt.Scale:
    """The stance colours for `domain` (stances or positions), in that order."""
    domain = list(domain)
    return alt.Scale(domain=domain, range=[STANCE_COLORS.get(s, NO_POSITION_COLOR) for s in domain])


def net_stance_scale() -> alt.Scale:
    """The net stance (-1 oppose ... +1 support) on the stance colours."""
    return alt.Scale(domain=[-1, 0, 1], range=NET_STANCE_RANGE, interpolate="lab")


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

def _stance_color(domain=STANCES, field: str = "stance", title: str = "stance") -> alt.Color:
    domain = [s for s in ORDER if s in domain] + [s for s in domain if s not in ORDER]
    return alt.Color(f"{field}:N", title=title, scale=stance_scale(domain), sort=domain)


# ---------------------------------------------------------------------------------------------------- time axes

def _days(values) -> pd.Series:
    return pd.to_datetime(pd.Series(list(values), dtype=object).replace("", None), format="ISO8601").dropna()


def time_span(starts, stops=None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of ISO days `starts` (and `stops`, the day after a span ends); None when none."""
    days = pd.concat([_days(starts), _days(stops if stops is not None else [])])
    if not len(days):
        return None
    return days.min().date(), days.max().date()


def time_domain(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """A time axis's first and last day: the data's span plus a margin of 3 % of it (at least two days) on each
    side, so no mark sits on the frame and no axis runs beyond its data."""
    first, last = span
    margin = dt.timedelta(days=max(2, round((last - first).days * 0.03)))
    return first - margin, last + margin


# (largest span in days, tick interval, format): labels at one tick per interval (or a few), never repeated
_TICKS = [(21, "day", "%d %b"), (140, "week", "%d %b"), (3 * 366, "month", "%b %Y"), (None, "year", "%Y")]
_STEPS = {"day": [1, 2, 3], "week": [1, 2, 4], "month": [1, 2, 3, 6], "year": [1, 2, 5, 10, 20, 50]}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.4, "year": 365.25}


def time_ticks(domain: tuple[dt.date, dt.date], max_ticks: int = 8) -> tuple[dict, str]:
    """The tick interval (a Vega-Lite `tickCount`: one tick per `step` days, weeks, months or years) and the
    label format of a time axis over `domain`: the format shows the interval's unit, so no two ticks share a
    label ("Mar 2025" once, not on every week of March)."""
    days = max(1, (domain[1] - domain[0]).days)
    for limit, unit, fmt in _TICKS:
        if limit is None or days <= limit:
            break
    n = days / _UNIT_DAYS[unit]
    step = next((s for s in _STEPS[unit] if n / s <= max_ticks), _STEPS[unit][-1])
    return {"interval": unit, "step": step}, fmt


def _dt(day: dt.date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def time_x(field: str, domain: tuple[dt.date, dt.date], title: str | None = None, channel=alt.X):
    """A time axis over `domain` (see `time_domain`) in UTC (ISO days are UTC midnights in Vega, so no time zone
    moves a day), with ticks and labels from `time_ticks` and the first and last labels kept inside the chart."""
    ticks, fmt = time_ticks(domain)
    return channel(f"{field}:T", title=title, scale=alt.Scale(type="utc", domain=[_dt(d) for d in domain], nice=False),
                   axis=alt.Axis(format=fmt, tickCount=ticks, labelAngle=0, labelFlush=True,
                                 labelOverlap=True, grid=True))


def stretch_short_spans(data: pd.DataFrame, domain: tuple[dt.date, dt.date], start: str = "date_start",
                        stop: str = "date_stop", min_px: float = 3, width: int = WIDTH) -> pd.DataFrame:
    """`data` with each span from `start` to `stop` at least `min_px` wide on an axis of `width` pixels over
    `domain` (a two-day span on a two-year axis would be a hair)."""
    least = dt.timedelta(days=max(1, round((domain[1] - domain[0]).days * min_px / width)))
    begin = pd.to_datetime(data[start], format="ISO8601")
    end = pd.to_datetime(data[stop], format="ISO8601")
    wider = (begin + least).where(end - begin < least, end)
    return data.assign(**{stop: wider.dt.strftime("%Y-%m-%d")})


def count_legend(counts: pd.Series, most: int = 5) -> alt.Legend:
    """A size legend of whole counts: each shown once (1, 2, 3 rather than 1, 1, 1, 2, 2, 2)."""
    low, high = (int(counts.min()), int(counts.max())) if len(counts) else (1, 1)
    if high - low < most:
        values = list(range(low, high + 1))
    else:
        values = sorted({round(low + (high - low) * k / (most - 1)) for k in range(most)})
    return alt.Legend(values=values, format="d")


def count_axis(counts: pd.Series) -> alt.Axis:
    """An axis of whole counts: every integer up to a maximum of ten, else ticks at least 1 apart."""
    top = int(counts.max()) if len(counts) else 1
    return alt.Axis(values=list(range(top + 1)), format="d") if top <= 10 else alt.Axis(tickMinStep=1, format="d")


def within_period(data: pd.DataFrame, period: tuple[str, str] | None) -> tuple[pd.DataFrame, int]:
    """The rows of `data` (with `date_start`) that start within the corpus's publication `period` (first and
    last publication day) widened by a tenth of its length, at least 30 days, on each side; and how many rows
    fall outside. A deadline years ahead ("by 2035") or a year of background ("joined in 2023") is not news of
    the corpus and would squeeze the real events into a sliver of the axis. No period: every row."""
    if not period or not period[0] or not len(data):
        return data, 0
    first, last = dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1] or period[0])
    margin = dt.timedelta(days=max(30, (last - first).days // 10))
    inside = data["date_start"].between((first - margin).isoformat(), (last + margin).isoformat())
    return data[inside], int((~inside).sum())


def _outside_note(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many} outside the period of the articles (a target years ahead, a year of " \
           "background) not shown" if n else ""


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
    m, shown, n_stakeholders, issue_order = matrix_cells(matrix, "n_statements", names, labels, top)
    m["counts"] = (m["n_support"].astype(str) + " support, " + m["n_oppose"].astype(str) + " oppose, "
                   + m["n_neutral"].astype(str) + " neutral")
    m["qualified"] = ("conditional " + (m["conditional_share"] * 100).round().astype(int).astype(str) + "%, "
                      + "constrained " + (m["constrained_share"] * 100).round().astype(int).astype(str) + "%")
    cols = ["stakeholder", "issue", "net_stance", "position", "label", "counts", "qualified", "latest_date",
            "latest_speaker", "latest_source", "latest_title", "latest_evidence"]
    tooltip = [_tip("stakeholder", "stakeholder"), _tip("issue", "issue"), _tip("position", "position"),
               alt.Tooltip("net_stance:Q", title="net stance", format="+.2f"), _tip("counts", "statements"),
               _tip("qualified", "qualified"), _tip("latest_date", "latest"), _tip("latest_speaker", "speaker"),
               _tip("latest_source", "source"), _tip("latest_title", "article"),
               _tip("latest_evidence", "evidence")]
    subtitle = f"{len(shown)} of {n_stakeholders} stakeholders (most statements first); * conditional, † constrained"
    return matrix_chart(m[cols], [(names or {}).get(i, i) for i in shown], issue_order,
                        alt.Color("net_stance:Q", title="net stance", scale=net_stance_scale()), tooltip,
                        alt.TitleParams(title, subtitle=subtitle))


def matrix_cells(frame: pd.DataFrame, count: str, names: dict[str, str] | None, labels: dict[str, str] | None,
                 top: int) -> tuple[pd.DataFrame, pd.Index, int, list[str]]:
    """The cells of a stakeholder-by-issue matrix (one row of `frame` per stakeholder and issue): those of the
    `top` stakeholders with most `count` summed over their issues, with `stakeholder` (name), `issue` (label) and
    `label` (the count, * when some statements are conditional, † when some are constrained) added. Returns the
    cells, the ids shown (most first), the number of stakeholders in `frame` and the issue labels in codebook
    order."""
    names, labels = names or {}, labels or {}
    totals = frame.groupby("stakeholder_id")[count].sum()
    shown = totals.sort_index().sort_values(ascending=False, kind="stable").index[:top]
    m = frame[frame["stakeholder_id"].isin(shown)].copy()
    m["stakeholder"] = m["stakeholder_id"].map(lambda i: names.get(i, i))
    m["issue"] = m["issue_id"].map(lambda i: labels.get(i, i))
    m["label"] = m[count].astype(str) + m["conditional_share"].gt(0).map({True: "*", False: ""}) + \
        m["constrained_share"].gt(0).map({True: "†", False: ""})
    issue_order = [labels.get(i, i) for i in dict.fromkeys(list(labels) + sorted(set(m["issue_id"])))
                   if i in set(m["issue_id"])]
    return m, shown, len(totals), issue_order


def matrix_chart(data: pd.DataFrame, stakeholder_order: list[str], issue_order: list[str], color: alt.Color,
                 tooltip: list, title: alt.TitleParams, text_color: str | None = None) -> alt.LayerChart:
    """Cells (see `matrix_cells`) as coloured rectangles with their label: issues across the top, stakeholders
    down, in the orders given."""
    x = alt.X("issue:N", sort=issue_order, title=None, axis=alt.Axis(orient="top", labelAngle=-20, labelLimit=220))
    y = alt.Y("stakeholder:N", sort=stakeholder_order, title=None)
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    rect = base.mark_rect(stroke="white").encode(color=color)
    text = base.mark_text(fontSize=11, **({"color": text_color} if text_color else {})).encode(text="label:N")
    return (rect + text).properties(title=title, width=max(160, 110 * len(issue_order)),
                                    height=_lane_height(len(stakeholder_order)))


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
    """Spans (date_start to date_stop) as bars, single days as points, one lane per `lane`, on a time axis over
    the data's span."""
    domain = time_domain(time_span(data["date_start"], data["date_stop"]))
    data = stretch_short_spans(data, domain)
    y = alt.Y("lane:N", title=lane_title or None, sort=sorted(set(data["lane"])), axis=alt.Axis(labelLimit=220))
    extra = {"yOffset": alt.YOffset("stance:N", sort=ORDER)} if offset else {}
    base = alt.Chart(data).encode(y=y, color=color, tooltip=tooltip, **extra)
    spans = base.transform_filter("datum.is_span").mark_bar(height=7, opacity=0.55).encode(
        x=time_x("date_start", domain), x2="date_stop:T")
    days = base.transform_filter("!datum.is_span").mark_point(filled=True, opacity=0.9).encode(
        x=time_x("date_start", domain), size=alt.Size(f"{size_field}:Q", title=size_field.replace("n_", ""),
                                                      scale=alt.Scale(range=[40, 400], zero=False),
                                                      legend=count_legend(data[size_field])))
    return (spans + days).properties(width=WIDTH, height=_lane_height(data["lane"].nunique(), 26))


def _when(marks: pd.DataFrame) -> pd.Series:
    return marks["date_start"].where(~marks["is_span"], marks["date_start"] + " to " + marks["date_end"])


def statements_timeline(marks: pd.DataFrame, lane_names: dict[str, str] | None = None, lane_title: str = "",
                        title: str = "Statements over time", period: tuple[str, str] | None = None) -> alt.Chart:
    """Statement marks (see `timeline.statement_marks`) on a time axis, one lane per stakeholder or issue,
    coloured by stance: a day is a point (larger for more statements), a longer span (a week, "early 2024") a
    bar from its first to its last day. The tooltip holds the latest evidence with its speaker, date, source.
    With `period` (the first and last publication day, see `coverage.publication_period`), marks far outside it
    are left out and counted in the subtitle (see `within_period`)."""
    marks, outside = within_period(marks, period)
    if not len(marks):
        return empty_chart("No dated statements.", title)
    lane_names = lane_names or {}
    data = marks.assign(lane=marks["lane"].map(lambda i: lane_names.get(i, i)), when=_when(marks))
    data = data[["lane", "stance", "date_start", "date_stop", "is_span", "when", "date_precision", "n_statements",
                 "speaker", "source", "title", "evidence"]]
    tooltip = [_tip("lane", lane_title or "lane"), _tip("stance", "stance"), _tip("when", "date"),
               _tip("date_precision", "precision"), alt.Tooltip("n_statements:Q", title="statements"),
               _tip("speaker", "speaker (latest)"), _tip("source", "source"), _tip("title", "article"),
               _tip("evidence", "evidence")]
    chart = _time_chart(data, lane_title, _stance_color(), tooltip, "n_statements", offset=True)
    note = _outside_note(outside, "mark of statements", "marks of statements")
    return chart.properties(title=alt.TitleParams(title, subtitle=note) if note else title)


def events_timeline(marks: pd.DataFrame, actor_names: dict[str, str] | None = None,
                    title: str = "Events by issue", period: tuple[str, str] | None = None) -> alt.Chart:
    """Event marks (see `timeline.event_marks`) on a time axis, one lane per issue: a day is a point (larger
    when more articles report it), a longer span a bar. The tooltip holds what happened, who took part, the
    sources and the evidence sentence. With `period` (the first and last publication day, see
    `coverage.publication_period`), events far outside it (a deadline "by 2035", a year of background) are left
    out of the chart and counted in its subtitle (see `within_period`); the events table lists them all."""
    marks, outside = within_period(marks, period)
    if not len(marks):
        return empty_chart("No dated events" + (" in the period of the articles." if outside else "."), title)
    data = marks.assign(who=names_of(marks["actors"], actor_names), when=_when(marks))
    data = data[["lane", "date_start", "date_stop", "is_span", "when", "date_precision", "n_events", "n_sources",
                 "description", "who", "sources", "evidence"]]
    tooltip = [_tip("lane", "issue"), _tip("when", "date"), _tip("date_precision", "precision"),
               _tip("description", "what"), _tip("who", "who"), alt.Tooltip("n_sources:Q", title="articles"),
               _tip("sources", "sources"), _tip("evidence", "evidence")]
    chart = _time_chart(data, "", alt.value(EVENT_COLOR), tooltip, "n_sources", offset=False)
    note = _outside_note(outside, "event", "events")
    return chart.properties(title=alt.TitleParams(title, subtitle=note) if note else title)


def stances_over_time(periods: pd.DataFrame, names: dict[str, str] | None = None,
                      title: str = "Supporters and opponents over time") -> alt.Chart:
    """Stances per period (see `timeline.stances_per_period`) as stacked bars on a time axis, one bar per month
    from its first day to the next month's: how many stakeholders supported, opposed or were neutral in it (a
    stakeholder taking two stances in a month counts in both); the tooltip names them."""
    if not len(periods):
        return empty_chart("No dated statements.", title)
    data = periods.assign(who=names_of(periods["stakeholders"], names), stance_order=periods["stance"].map(ORDER.index))
    data = _stacked(data, "period", "n_stakeholders")[
        ["period", "period_stop", "stance", "n_stakeholders", "n_statements", "who", "low", "high"]]
    domain = time_domain(time_span(data["period"], data["period_stop"]))
    return alt.Chart(data).mark_bar(stroke="white", strokeWidth=1).encode(
        x=time_x("period", domain), x2="period_stop:T",
        y=alt.Y("low:Q", title="stakeholders", axis=count_axis(data["high"])), y2="high:Q",
        color=_stance_color(),
        tooltip=[_tip("period", "month from"), _tip("stance", "stance"),
                 alt.Tooltip("n_stakeholders:Q", title="stakeholders"), alt.Tooltip("n_statements:Q", title="statements"),
                 _tip("who", "who")],
    ).properties(title=title, width=WIDTH, height=220)


def _stacked(data: pd.DataFrame, by: str, count: str) -> pd.DataFrame:
    """`data` with `low` and `high`: each row's segment of the stack of `count` per `by` (in `stance_order` or
    `order`). Vega-Lite stacks no bars that span a time range (x to x2), so the stack is computed here."""
    key = "stance_order" if "stance_order" in data else "order"
    data = data.sort_values([by, key], kind="stable", ignore_index=True)
    high = data.groupby(by)[count].cumsum()
    return data.assign(low=high - data[count], high=high)


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
    domain = time_domain(time_span(data["date_start"]))
    return alt.Chart(data).mark_point(filled=True, size=90).encode(
        x=time_x("date_start", domain),
        y=alt.Y("quantity:Q", scale=alt.Scale(type="log"), title="quantity", axis=alt.Axis(format="~s")),
        color=_stance_color(), shape=alt.Shape("stakeholder:N", title="stakeholder"),
        tooltip=[_tip("stakeholder", "stakeholder"), alt.Tooltip("quantity:Q", title="quantity", format=","),
                 _tip("stance", "stance"), _tip("date_start", "date"), _tip("speaker", "speaker"),
                 _tip("source", "source"), _tip("title", "article"), _tip("evidence", "evidence")],
    ).properties(title=title, width=WIDTH, height=240)


def coverage_chart(per_week: pd.DataFrame, top: int = 8, title: str = "Articles per week") -> alt.Chart:
    """Articles per week and source (see `coverage.articles_per_week`) as stacked bars, each from its Monday to
    the next, on a time axis (per month when the weeks would be under 3 px wide); sources beyond the `top`
    largest are summed as "other sources". Undated articles are left out."""
    w = per_week[per_week["week"].ne("")]
    if not len(w):
        return empty_chart("No dated articles.", title)
    biggest = w.groupby("source")["n_articles"].sum().sort_index().sort_values(ascending=False, kind="stable")
    w = w.assign(source=w["source"].where(w["source"].isin(biggest.index[:top]), "other sources"))
    first = pd.to_datetime(w["week"], format="ISO8601")
    span = (first.max() - first.min()).days + 7
    monthly = span * 3 / WIDTH > 7
    if monthly:
        first = first.dt.to_period("M").dt.start_time
        w = w.assign(week=first.dt.strftime("%Y-%m-%d"))
        title = title.replace("week", "month")
    stop = (first + pd.offsets.MonthBegin(1)) if monthly else first + pd.Timedelta(days=7)
    w = w.assign(stop=stop.dt.strftime("%Y-%m-%d")).groupby(["week", "stop", "source"], as_index=False)["n_articles"].sum()
    w["when"] = ("month of " if monthly else "week of ") + w["week"]
    w = _stacked(w.assign(order=w["source"]), "week", "n_articles")
    domain = time_domain(time_span(w["week"], w["stop"]))
    return alt.Chart(w).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=time_x("week", domain), x2="stop:T",
        y=alt.Y("low:Q", title="articles", axis=count_axis(w["high"])), y2="high:Q",
        color=alt.Color("source:N", title="source"),
        tooltip=[_tip("when", "when"), _tip("source", "source"), alt.Tooltip("n_articles:Q", title="articles")],
    ).properties(title=title, width=WIDTH, height=160)


# ---------------------------------------------------------------------------------------------------- networks

def network_chart(edges: pd.DataFrame, layout: pd.DataFrame, nodes: pd.DataFrame | None = None,
                  names: dict[str, str] | None = None, title: str = "Agreement network", kind: str = "agreement",
                  labels: dict[str, str] | None = None) -> alt.Chart:
    """A network (edges of `networks.agreement_network` or `conflict_network`, `kind` agreement or conflict)
    drawn at the positions of `layout` (`stakeholder_id, x, y`, e.g. `networks.coalition_layout`): ties as thick
    as their weight (solid for agreement, dashed for conflict), nodes coloured by their `position` column in
    `nodes` (if given), sized by `n_statements` and labelled; the tooltips name the issues (by their `labels`)."""
    if not len(layout):
        return empty_chart("No stakeholders to draw.", title)
    names, labels = names or {}, labels or {}
    info = layout.copy()
    if nodes is not None and len(nodes):
        info = info.merge(nodes, on="stakeholder_id", how="left")
    info["name"] = info["stakeholder_id"].map(lambda i: names.get(i, i))
    if "position" not in info:
        info["position"] = ""
    info["n_statements"] = info.get("n_statements", pd.Series(1, index=info.index)).fillna(0).astype("int64")
    info["stance"] = info["position"].fillna("").replace("", "no position")
    where = layout.set_index("stakeholder_id")
    e = edges[edges["source"].isin(where.index) & edges["target"].isin(where.index)]
    lines = pd.DataFrame({
        "pair": e["source"].map(lambda i: names.get(i, i)) + " and " + e["target"].map(lambda i: names.get(i, i)),
        "x": e["source"].map(where["x"]), "y": e["source"].map(where["y"]),
        "x2": e["target"].map(where["x"]), "y2": e["target"].map(where["y"]),
        "weight": e["weight"], "issues": e["issues"].map(lambda s: ", ".join(labels.get(i, i) for i in s.split(";") if i)),
    })
    axis = dict(axis=None, scale=alt.Scale(domain=[-1.3, 1.3]))
    layers = []
    if len(lines):
        dash = [6, 4] if kind == "conflict" else [1, 0]
        layers.append(alt.Chart(lines).mark_rule(color=EDGE_COLOR, opacity=0.45, strokeDash=dash).encode(
            x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q",
            strokeWidth=alt.StrokeWidth("weight:Q", title="tie weight",
                                        scale=alt.Scale(range=[1, 8]), legend=count_legend(lines["weight"])),
            tooltip=[_tip("pair", "between"), alt.Tooltip("weight:Q", title="weight"), _tip("issues", "issues")]))
    data = info[["stakeholder_id", "name", "x", "y", "stance", "n_statements"]]
    domain = [s for s in ORDER + ["no position"] if s in set(data["stance"])]
    point = alt.Chart(data).mark_circle(opacity=1, stroke="white").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
        color=_stance_color(domain, title="position"),
        size=alt.Size("n_statements:Q", title="statements", scale=alt.Scale(range=[60, 600], zero=False),
                      legend=count_legend(data["n_statements"])),
        tooltip=[_tip("name", "stakeholder"), _tip("stance", "position"),
                 alt.Tooltip("n_statements:Q", title="statements")])
    label = alt.Chart(data).mark_text(dy=-14, fontSize=11).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="stakeholder_id:N")
    return alt.layer(*layers, point, label).properties(title=title, width=480, height=420)
