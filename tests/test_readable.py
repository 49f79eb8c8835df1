"""Reports an analyst can read (issue #16): one colour-blind-safe stance palette in every chart, time axes over
the data's span whose tick labels never repeat, bars of visible width, count legends without repeats, networks
laid out by coalition, tables with a heading, wide evidence and issue labels, event descriptions that say what
happened, and no stakeholder code where a speaker is missing. The last tests open every page of the bundled
corpus's report in headless Chromium, measure the drawn charts and tables (tests/report_checks.js) and take a
screenshot of each page."""
import datetime as dt
import html as htmlmod
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.explore import coverage, networks, positions, spells, timeline
from analysis.report import charts, display, timecharts

from test_charts import all_charts, datasets, sample
from test_report import CHROMIUM, needs_chromium, no_network_prefix
from test_timecharts import crossing
from test_timeline import events

CHECKS = Path(__file__).resolve().parent / "report_checks.js"


# ---------------------------------------------------------------------------------------------------- helpers

def every_chart() -> dict:
    """Every chart of charts and timecharts, drawn from small frames."""
    out = dict(all_charts(sample()))
    st = crossing()
    current = spells.current_positions(st)
    per_quarter = spells.positions_per_window(st, "quarter")
    nodes = networks.position_nodes(current)
    agree, conflict = networks.position_network(current), networks.position_network(current, "conflict")
    layout = networks.coalition_layout(nodes, agree, conflict)
    out.update({
        "position heatmap": timecharts.position_heatmap(current),
        "spells": timecharts.spell_chart(spells.position_spells(st)),
        "windows": timecharts.window_chart(per_quarter),
        "polarisation": timecharts.polarisation_chart(spells.polarisation(per_quarter)),
        "stances over time": charts.stances_over_time(timeline.stances_per_period(st)),
        "statements in time": charts.statements_timeline(timeline.statement_marks(st)),
        "agreement": charts.network_chart(agree, layout, nodes),
        "conflict": charts.network_chart(conflict, layout, nodes, kind="conflict"),
    })
    return out


def walk(node):
    """Every dict inside a spec."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def color_encodings(spec: dict) -> list[dict]:
    return [d["color"] for d in walk(spec) if isinstance(d.get("color"), dict) and "field" in d["color"]]


# ---------------------------------------------------------------------------------------------------- colours

def test_the_stance_palette_is_okabe_ito_and_distinct():
    assert charts.STANCE_COLORS == {"support": "#0072B2", "oppose": "#D55E00", "mixed": "#CC79A7",
                                    "neutral": "#999999"}
    assert len(set(charts.STANCE_COLORS.values())) == 4
    assert charts.NET_STANCE_RANGE[0] == charts.STANCE_COLORS["oppose"]
    assert charts.NET_STANCE_RANGE[-1] == charts.STANCE_COLORS["support"]


def test_every_chart_colours_stances_with_the_one_palette():
    stance_charts = 0
    for name, chart in every_chart().items():
        spec = chart.to_dict()
        for color in color_encodings(spec):
            if color["field"] in ("stance", "position"):
                stance_charts += 1
                scale = color["scale"]
                assert scale["range"] == [charts.STANCE_COLORS.get(s, charts.NO_POSITION_COLOR)
                                          for s in scale["domain"]], name
            elif color["field"] == "net_stance":
                stance_charts += 1
                assert color["scale"]["range"] == charts.NET_STANCE_RANGE, name
            assert "scheme" not in color.get("scale", {}) or color["field"] not in ("stance", "position"), name
        text = json.dumps(spec).lower()
        for old in ("#1a9850", "#d73027", "#f46d43", "#878787", "redblue"):  # the former red/green scheme
            assert old not in text, (name, old)
    assert stance_charts >= 12


def test_network_legends_label_every_swatch_and_conflict_ties_are_dashed():
    current = two_camps()
    nodes = networks.position_nodes(current.assign(n_support=0, n_oppose=0, n_neutral=0))
    agree, conflict = networks.position_network(current), networks.position_network(current, "conflict")
    layout = networks.coalition_layout(nodes, agree, conflict)
    bare = layout.assign(stakeholder_id=layout["stakeholder_id"])  # a node without a position
    for kind, edges in (("agreement", agree), ("conflict", conflict)):
        spec = charts.network_chart(edges, bare, nodes.iloc[1:], kind=kind, labels={"i1": "Issue one"}).to_dict()
        for color in color_encodings(spec):
            assert "" not in color["scale"]["domain"] and "no position" in color["scale"]["domain"], kind
        rule = [d for d in walk(spec) if d.get("type") == "rule"][0]
        assert rule["color"] == charts.EDGE_COLOR and rule["strokeDash"] == ([6, 4] if kind == "conflict" else [1, 0])
        assert any("Issue one" in str(r.get("issues", "")) for data in spec["datasets"].values() for r in data)


# ---------------------------------------------------------------------------------------------------- time axes

def _labels(domain: tuple[dt.date, dt.date]) -> list[str]:
    """The labels Vega draws for time_ticks over `domain`: one per interval step, formatted with its format."""
    ticks, fmt = charts.time_ticks(domain)
    unit, step = ticks["interval"], ticks["step"]
    out, day = [], domain[0]
    while day <= domain[1]:
        if unit == "day":
            nxt = day + dt.timedelta(days=step)
        elif unit == "week":
            nxt = day + dt.timedelta(days=7 * step)
        elif unit == "month":
            months = day.year * 12 + day.month - 1 + step
            nxt = dt.date(months // 12, months % 12 + 1, 1)
        else:
            nxt = dt.date(day.year + step, 1, 1)
        out.append(day.strftime(fmt))
        day = nxt
    return out


@pytest.mark.parametrize("days", [3, 10, 20, 45, 100, 200, 400, 730, 1100, 2000, 5000])
def test_tick_labels_never_repeat_and_stay_few(days):
    first = dt.date(2024, 12, 20)
    domain = charts.time_domain((first, first + dt.timedelta(days=days)))
    labels = _labels(domain)
    assert len(labels) == len(set(labels)), labels
    assert len(labels) <= 12


def test_time_domain_is_the_data_span_plus_a_small_margin():
    first, last = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    lo, hi = charts.time_domain((first, last))
    assert dt.timedelta(days=2) <= first - lo <= dt.timedelta(days=12) and last - hi == lo - first


def test_vega_draws_the_axis_without_repeated_labels():
    import vl_convert as vlc
    st = sample()
    for days in (12, 60, 700):
        later = (dt.date(2025, 2, 1) + dt.timedelta(days=days)).isoformat()
        wide = pd.concat([st, st.assign(date_start=later, date_end=later, char_start=99)], ignore_index=True)
        svg = vlc.vegalite_to_svg(charts.statements_timeline(timeline.statement_marks(wide)).to_dict())
        labels = re.findall(r'<text[^>]*>([^<]+)</text>', svg.split('aria-label="X-axis', 1)[1].split("</g></g>")[0])
        labels = [t for t in labels if t.strip()]
        assert labels and len(labels) == len(set(labels)), (days, labels)


def test_articles_per_week_are_bars_from_monday_to_monday_with_a_readable_tooltip():
    ar = pd.DataFrame({"file": [f"a{i}.txt" for i in range(3)], "source": ["S1", "S1", "S2"],
                       "published": ["2024-01-03", "2025-03-05", "2025-12-31"], "n_paragraphs": [2, 2, 2]})
    chart = charts.coverage_chart(coverage.articles_per_week(ar))
    spec = chart.to_dict()
    rows = datasets(chart)[0]
    assert {r["when"] for r in rows} == {"week of 2024-01-01", "week of 2025-03-03", "week of 2025-12-29"}
    assert all((dt.date.fromisoformat(r["stop"]) - dt.date.fromisoformat(r["week"])).days == 7 for r in rows)
    assert spec["encoding"]["x2"]["field"] == "stop" and "timeUnit" not in spec["encoding"]["x"]
    lo, hi = [dt.date(d["year"], d["month"], d["date"]) for d in spec["encoding"]["x"]["scale"]["domain"]]
    assert 7 / (hi - lo).days * charts.WIDTH >= 2  # a week at least 2 px wide
    assert all("week of" in t.get("title", "") or t["field"] != "week" for t in spec["encoding"]["tooltip"])


def test_over_many_years_articles_are_counted_per_month():
    ar = pd.DataFrame({"file": ["a.txt", "b.txt"], "source": ["S1", "S1"], "published": ["2015-01-07", "2025-06-04"],
                       "n_paragraphs": [1, 1]})
    chart = charts.coverage_chart(coverage.articles_per_week(ar))
    assert {r["when"] for r in datasets(chart)[0]} == {"month of 2015-01-01", "month of 2025-06-01"}
    assert chart.to_dict()["title"] == "Articles per month"


def test_months_are_on_a_temporal_axis_without_gaps_skipped():
    st = sample().assign(date_start=["2025-06-05", "2025-06-07", "2025-01-09"],  # support, oppose, oppose
                         date_end=["2025-06-05", "2025-06-07", "2025-01-09"])
    chart = charts.stances_over_time(timeline.stances_per_period(st))
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["type"] == "temporal" and spec["encoding"]["x2"]["field"] == "period_stop"
    # bars over a time range are stacked here (Vega-Lite stacks none): support at the bottom, oppose on top
    june = [(r["stance"], r["low"], r["high"]) for r in datasets(chart)[0] if r["period"] == "2025-06-01"]
    assert june == [("support", 0, 1), ("oppose", 1, 2)], june
    assert spec["encoding"]["y"]["axis"]["values"] == [0, 1, 2]


def test_count_axes_show_whole_numbers_once():
    assert charts.count_axis(pd.Series([1, 2])).to_dict()["values"] == [0, 1, 2]
    assert "values" not in charts.count_axis(pd.Series([40])).to_dict()


def test_size_legends_show_each_count_once():
    for counts, expected in [([1, 2], [1, 2]), ([3], [3]), ([1, 40], [1, 11, 20, 30, 40])]:
        assert charts.count_legend(pd.Series(counts)).to_dict()["values"] == expected
    for name, chart in every_chart().items():
        for d in walk(chart.to_dict()):
            size = d.get("size")
            if isinstance(size, dict) and "legend" in size and size["legend"]:
                values = size["legend"]["values"]
                assert values == sorted(set(values)) and all(isinstance(v, int) for v in values), name


def test_a_deadline_years_ahead_does_not_stretch_the_events_chart():
    ev = events({"file": "a1.txt", "date_start": "2025-03-06", "date_end": "2025-03-06", "description": "x one"},
                {"file": "a2.txt", "event_id": "E02", "date_start": "2025-05-01", "date_end": "2025-05-01",
                 "description": "y two"},
                {"file": "a3.txt", "event_id": "E03", "date_start": "2035-01-01", "date_end": "2035-12-31",
                 "date_precision": "year", "description": "z three"})
    marks = timeline.event_marks(timeline.merge_events(ev))
    chart = charts.events_timeline(marks, period=("2025-03-01", "2025-05-31"))
    spec = chart.to_dict()
    assert spec["title"]["subtitle"].startswith("1 event outside the period of the articles")
    assert all(r["date_start"] < "2026" for r in datasets(chart)[0])
    years = {d["year"] for d in walk(spec) if "year" in d and "date" in d}
    assert years == {2025}
    unclipped = charts.events_timeline(marks).to_dict()
    assert max(d["year"] for d in walk(unclipped) if "year" in d and "date" in d) >= 2035  # what it was


def test_within_period_keeps_what_starts_a_month_or_a_tenth_around_the_publication_days():
    df = pd.DataFrame({"date_start": ["2023-06-01", "2024-11-20", "2024-12-10", "2025-01-15", "2025-04-20", "2035-01-01"],
                       "date_end": ["2023-12-31", "2025-01-31", "2024-12-10", "", "2025-04-20", "2035-12-31"]})
    kept, outside = charts.within_period(df, ("2025-01-01", "2025-03-31"))
    assert list(kept["date_start"]) == ["2024-12-10", "2025-01-15", "2025-04-20"] and outside == 3
    kept, outside = charts.within_period(df, ("2023-01-01", "2025-01-01"))  # 73 days on each side
    assert list(kept["date_start"]) == ["2023-06-01", "2024-11-20", "2024-12-10", "2025-01-15"] and outside == 2
    assert charts.within_period(df, None)[1] == 0


def test_publication_period_is_the_first_and_last_dated_article():
    ar = pd.DataFrame({"file": ["a", "b", "c"], "source": ["", "", ""], "published": ["2025-02-01", "", "2024-05-05"],
                       "n_paragraphs": [1, 1, 1]})
    assert coverage.publication_period(ar) == ("2024-05-05", "2025-02-01")
    assert coverage.publication_period(ar.assign(published="")) is None


def test_short_spans_are_stretched_to_a_visible_width():
    data = pd.DataFrame({"date_start": ["2024-01-01", "2025-01-01"], "date_stop": ["2024-01-03", "2025-03-01"]})
    domain = (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    out = charts.stretch_short_spans(data, domain)
    px = [(pd.Timestamp(b) - pd.Timestamp(a)).days / 730 * charts.WIDTH for a, b in zip(out["date_start"], out["date_stop"])]
    assert px[0] >= 2.5 and out["date_stop"].iloc[1] == "2025-03-01"


# ---------------------------------------------------------------------------------------------------- networks

def two_camps() -> pd.DataFrame:
    rows = [(s, "i1", "support", 2) for s in "ABCDE"] + [(s, "i2", "oppose", 1) for s in "ABCDE"]
    rows += [(s, "i1", "oppose", 1) for s in "FGHIJ"] + [(s, "i2", "support", 3) for s in "FGHIJ"]
    rows += [("K", "i1", "neutral", 1)]
    return pd.DataFrame(rows, columns=["stakeholder_id", "issue_id", "position", "statements"])


def test_the_coalition_layout_separates_two_camps_and_is_deterministic():
    current = two_camps()
    agree, conflict = networks.position_network(current), networks.position_network(current, "conflict")
    nodes = pd.DataFrame({"stakeholder_id": sorted(set(current["stakeholder_id"]))})
    layout = networks.coalition_layout(nodes, agree, conflict)
    assert layout.equals(networks.coalition_layout(nodes.sample(frac=1, random_state=3), agree, conflict))
    assert layout[["x", "y"]].abs().max().max() <= 1.0
    at = layout.set_index("stakeholder_id")[["x", "y"]]

    def dist(a, b):
        return float(((at.loc[a] - at.loc[b]) ** 2).sum() ** 0.5)

    left, right = "ABCDE", "FGHIJ"
    within = max(dist(a, b) for camp in (left, right) for a in camp for b in camp)
    between = min(dist(a, b) for a in left for b in right)
    assert between > 3 * within, (within, between)
    assert at.loc["A", "x"] < 0 < at.loc["F", "x"]  # the first id's camp on the left


def test_the_coalition_layout_of_one_node_or_none():
    one = pd.DataFrame({"stakeholder_id": ["A"]})
    assert networks.coalition_layout(one, networks.position_network(two_camps().iloc[:0])).to_dict("records") == \
        [{"stakeholder_id": "A", "x": 0.0, "y": 0.0}]
    assert networks.coalition_layout(one.iloc[:0], pd.DataFrame()).empty


# ---------------------------------------------------------------------------------------------------- tables

def test_tables_have_a_heading_and_a_wide_evidence_column():
    df = pd.DataFrame({"date_start": ["2025-01-01"], "evidence": ["A sentence."], "issue_id": ["issue_a"]})
    shown = display.table(df, title="Statements <now>")._repr_html_()
    assert "<caption>Statements &lt;now&gt;</caption>" in shown
    assert '<table class="report-table report-wide-1">' in shown and '<th class="report-wide">evidence</th>' in shown
    assert '<td class="report-nowrap">2025-01-01</td>' in shown
    assert repr(display.table(df, title="Heading")).startswith("Heading\n")
    empty = display.table(df.iloc[:0], title="Heading", empty="None.")._repr_html_()
    assert "Heading" in empty and "None." in empty


def test_tables_show_issue_labels_and_names_instead_of_ids():
    df = pd.DataFrame({"issue_id": ["issue_a"], "issues": ["issue_a;issue_b"], "stakeholder_id": ["AAA"],
                       "stakeholders": ["AAA;BBB"], "evidence": ["AAA backs issue_a."]})
    labels, names = {"issue_a": "Issue A", "issue_b": "Issue B"}, {"AAA": "Alpha (AAA)"}
    text = display.table(df, labels=labels, names=names)._repr_html_()
    assert "<td>Issue A</td>" in text and "<td>Issue A, Issue B</td>" in text
    assert "<td>Alpha (AAA)</td>" in text and "<td>Alpha (AAA), BBB</td>" in text
    assert "AAA backs issue_a." in text  # sentences are never rewritten
    assert ">issue_a<" not in display.table(df, ["issue_id"], labels=labels)._repr_html_()


def test_repeated_headers_say_which_is_the_count():
    df = pd.DataFrame({"n_sources": [2], "sources": ["S1;S2"]})
    assert list(display.table(df).df.columns) == ["number of sources", "sources"]


def test_notebook_tables_all_have_a_title():
    import nbformat
    from analysis.io.resources import notebook_dir
    for path in sorted(notebook_dir().glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "display.table(" in cell.source:
                assert "title=" in cell.source, (path.name, cell.source)


def test_event_descriptions_say_what_happened():
    assert timeline.is_fragment("he said", "statement") and timeline.is_fragment("to meet in the capital", "meeting")
    assert timeline.is_fragment("Leader One says", "statement") and timeline.is_fragment("The meeting came")
    assert timeline.is_fragment("who held talks with the envoy in the capital", "meeting")
    assert timeline.is_fragment("Leaders agreed on the plan to raise spending by ...", "decision")
    assert not timeline.is_fragment("Defence ministers met at the headquarters on Thursday", "meeting")
    merged = timeline.merge_events(events(
        {"file": "a1.txt", "description": "he said", "kind": "statement", "evidence": "He said the force was ready."},
        {"file": "a2.txt", "event_id": "E02", "date_start": "2025-04-01", "date_end": "2025-04-01",
         "description": "Ministers met in the capital on Monday", "evidence": "Ministers met in the capital on Monday."}))
    assert list(timeline.readable_events(merged)["description"]) == [
        "He said the force was ready.", "Ministers met in the capital on Monday"]
    assert timeline.readable_events(merged.iloc[:0]).empty


def test_quantities_are_those_asked_or_pledged():
    from test_positions import statements
    st = statements({"quantity": 5000, "stance": "support"}, {"quantity": 600000, "stance": "neutral", "char_start": 5},
                    {"quantity": 2000, "stance": "oppose", "char_start": 9}, {"char_start": 12})
    assert sorted(positions.quantities(st)["quantity"]) == [2000, 5000]


# ---------------------------------------------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def report_pages(corpus_run, tmp_path_factory):
    root = tmp_path_factory.mktemp("readable") / "outputs"
    out = root / "bundled"
    result = CliRunner().invoke(app, ["report", str(corpus_run), "--out", str(out), "--root", str(root), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        cmd = no_network_prefix() + [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--window-size=1280,1000", "--virtual-time-budget=15000", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def measure(page: Path) -> dict:
    """What tests/report_checks.js measured on `page` once its charts were drawn."""
    probe = page.with_name(f"probe-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", f"<script>{CHECKS.read_text(encoding='utf-8')}</script></body>"), encoding="utf-8")
    try:
        dom = _chromium("--dump-dom", probe.resolve().as_uri())
    finally:
        probe.unlink()
    found = re.findall(r'<pre id="report-checks">(.*?)</pre>', dom, re.S)
    assert found, "the checks did not run"
    result = json.loads(htmlmod.unescape(found[-1]))
    assert "error" not in result, result
    return result


PAGES = ["positions", "timeline", "stakeholder", "issue"]


@pytest.mark.kernel
@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("name", PAGES)
def test_every_chart_and_table_reads_well_in_chromium(report_pages, name):
    found = measure(report_pages / f"{name}.html")
    assert found["charts"] and all(c["drawn"] for c in found["charts"])
    for chart in found["charts"]:
        title = chart["title"]
        if chart["nBars"]:
            assert chart["minBar"] >= 2, (title, chart["minBar"])
        for axis in chart["axes"]:
            labels = [t for t in axis["labels"] if t.strip()]  # a log axis leaves minor ticks blank
            assert len(labels) == len(set(labels)), (title, axis)
        for legend in chart["legends"]:
            assert len(legend["labels"]) == len(set(legend["labels"])), (title, legend)
            assert all(t.strip() for t in legend["labels"]) and legend["symbols"] <= len(legend["labels"]), (title, legend)
        assert not chart["outside"], (title, chart["outside"])  # an exported PNG would cut them
    assert found["tables"]
    for table in found["tables"]:
        assert table["caption"], table["columns"]
        if any("evidence" in c for c in table["columns"]):
            assert table["evidenceShare"] >= 0.45, (table["caption"], table["widths"])


@pytest.mark.kernel
@pytest.mark.browser
@needs_chromium
def test_time_axes_stay_within_the_data_span_plus_a_margin(report_pages):
    import nbformat
    checked = 0
    for name in PAGES:
        nb = nbformat.read(report_pages / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(charts.VEGALITE_MIME)
                if not spec:
                    continue
                rows = [r for data in spec.get("datasets", {}).values() for r in data]
                axes = [e for e in walk(spec) if isinstance(e.get("x"), dict) and e["x"].get("type") == "temporal"]
                fields = {f for e in axes for f in (e["x"]["field"], (e.get("x2") or {}).get("field")) if f}
                days = [dt.date.fromisoformat(str(r[f])[:10]) for r in rows for f in fields if r.get(f)]
                for enc in axes:  # every layer's axis covers the days of all layers, plus a margin
                    lo, hi = [dt.date(d["year"], d["month"], d["date"]) for d in enc["x"]["scale"]["domain"]]
                    margin = dt.timedelta(days=max(3, (max(days) - min(days)).days * 0.05))
                    assert min(days) - margin <= lo <= min(days) and max(days) <= hi <= max(days) + margin, \
                        (name, lo, hi, min(days), max(days))
                    checked += 1
    assert checked >= 10


@pytest.mark.kernel
@pytest.mark.browser
@needs_chromium
def test_screenshots_of_every_page(report_pages, tmp_path):
    for name in ["index"] + PAGES:
        shot = tmp_path / f"{name}.png"
        _chromium(f"--screenshot={shot}", (report_pages / f"{name}.html").resolve().as_uri())
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, name  # a page, not a blank
