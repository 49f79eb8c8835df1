"""Charts (analysis.charts) and escaped display (analysis.display): renderer output, tooltips with evidence,
aggregation that keeps a large corpus under altair's row limit, and article text that stays text."""
import json

import altair as alt
import nbformat
import pandas as pd
import pytest

from analysis.explore import networks, positions, timeline
from analysis.report import charts, display

from test_positions import statements

EVIL = '</script><script>document.title="pwned"</script><img src=x onerror=alert(1)> [link](javascript:alert(1))'


def sample() -> pd.DataFrame:
    return statements(
        {"stakeholder_id": "AAA", "stance": "support", "evidence": "AAA backs it.", "speaker_name": "Speaker One",
         "conditional": True},
        {"stakeholder_id": "BBB", "stance": "oppose", "evidence": EVIL, "char_start": 20, "quantity": 5000,
         "date_start": "2025-02-01", "date_end": "2025-02-28", "date_precision": "month"},
        {"stakeholder_id": "CCC", "issue_id": "issue_b", "stance": "oppose", "char_start": 40},
    )


def all_charts(st: pd.DataFrame) -> dict[str, alt.TopLevelMixin]:
    matrix = positions.stance_matrix(st)
    nodes = networks.network_nodes(st)
    merged = timeline.merge_events(pd.DataFrame(columns=timeline.MERGED_COLUMNS[1:] + ["file", "event_id"]))
    return {
        "heatmap": charts.stance_heatmap(matrix, {"AAA": "Alpha"}, {"issue_a": "Issue A"}),
        "bars": charts.position_bars(positions.coalitions(st)),
        "statements": charts.statements_timeline(timeline.statement_marks(st), {}, "stakeholder"),
        "events": charts.events_timeline(timeline.event_marks(merged)),
        "periods": charts.stances_over_time(timeline.stances_per_period(st)),
        "quantities": charts.quantities_chart(positions.quantities(st)),
        "network": charts.network_chart(networks.agreement_network(st), networks.circle_layout(nodes), nodes),
    }


def datasets(chart) -> list[list[dict]]:
    return list(chart.to_dict()["datasets"].values())


def test_renderer_outputs_a_vegalite_v5_bundle_that_nbformat_accepts():
    charts.enable()
    chart = charts.stance_heatmap(positions.stance_matrix(sample()))
    bundle, metadata = chart._repr_mimebundle_()
    assert set(bundle) == {charts.VEGALITE_MIME, "text/plain"}
    assert bundle["text/plain"] == "<chart: Who stands where>"
    assert metadata[charts.VEGALITE_MIME]["embed_options"]["renderer"] == "svg"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "chart", outputs=[nbformat.v4.new_output("display_data", data=bundle, metadata=metadata)])])
    nbformat.validate(nb)


def test_chart_specs_are_identical_from_run_to_run():
    first = json.dumps(all_charts(sample())["heatmap"].to_dict(), sort_keys=True)
    assert first == json.dumps(all_charts(sample())["heatmap"].to_dict(), sort_keys=True)
    assert "altair-viz" not in first


@pytest.mark.parametrize("name", ["heatmap", "statements", "quantities"])
def test_evidence_speaker_date_and_source_are_one_hover_away(name):
    chart = all_charts(sample())[name]
    spec = json.dumps(chart.to_dict())
    for field in ("evidence", "speaker", "source"):
        assert f'"title": "{field}' in spec or f'"title": "{field} ' in spec, field
    rows = [r for data in datasets(chart) for r in data]
    evidence = {r.get("evidence", r.get("latest_evidence")) for r in rows}
    assert EVIL in evidence  # verbatim in the data: vega-tooltip and SVG text escape it when drawn


def test_heatmap_calls_out_conditional_positions_and_keeps_the_top_stakeholders():
    st = sample()
    rows = datasets(charts.stance_heatmap(positions.stance_matrix(st)))[0]
    labels = {r["stakeholder"]: r["label"] for r in rows}
    assert labels["AAA"] == "1*" and labels["BBB"] == "1"
    top = datasets(charts.stance_heatmap(positions.stance_matrix(st), top=2))[0]
    assert len({r["stakeholder"] for r in top}) == 2


def test_empty_inputs_give_a_chart_that_says_so():
    for name, chart in all_charts(sample().iloc[:0]).items():
        rows = datasets(chart)[0]
        assert len(rows) == 1 and "No " in rows[0]["message"], name


def test_altair_row_limit_stays_on():
    big = pd.DataFrame({"x": range(6000)})
    with pytest.raises(alt.MaxRowsError):
        alt.Chart(big).mark_point().encode(x="x:Q").to_dict()


def many_statements(n: int, day_step: int = 1, **columns) -> pd.DataFrame:
    """`n` statements of 60 stakeholders on 7 issues, cycling through the stances and 500 days (the i-th on day
    `i * day_step` modulo 500), one sentence each; `columns` add or replace columns."""
    days = pd.date_range("2024-01-01", periods=500, freq="D").strftime("%Y-%m-%d")
    st = pd.DataFrame({
        "file": [f"f{i % 3000}.txt" for i in range(n)], "stakeholder_id": [f"S{i % 60:02d}" for i in range(n)],
        "speaker_name": "", "group_label": "", "issue_id": [f"issue_{i % 7}" for i in range(n)],
        "stance": [("support", "oppose", "neutral")[i % 3] for i in range(n)], "conditional": False,
        "constrained": False, "date_start": [days[(i * day_step) % 500] for i in range(n)],
        "evidence": [f"sentence {i}" for i in range(n)], "char_start": range(n), "published": "", "source": "S",
        "title": "T", **columns,
    })
    st["date_end"], st["date_precision"] = st["date_start"], "day"
    return st


@pytest.mark.slow
def test_a_hundred_thousand_statements_render_small():
    n = 100_000
    st = many_statements(n, conditional=[i % 5 == 0 for i in range(n)], quantity=pd.NA)
    heat = charts.stance_heatmap(positions.stance_matrix(st))
    marks = timeline.statement_marks(st)
    line = charts.statements_timeline(marks)
    periods = charts.stances_over_time(timeline.stances_per_period(st))
    for chart in (heat, line, periods):
        spec = json.dumps(chart.to_dict())  # raises MaxRowsError beyond 5000 rows
        assert len(spec) < 1_000_000
    assert len(marks) <= 2000 and marks["n_statements"].sum() == n


# ---------------------------------------------------------------------------------------------------- display

def test_tables_escape_article_text_and_hide_the_index():
    df = pd.DataFrame({"evidence": [EVIL], "n_support": [3], "issue_id": ["issue_a"], "share": [0.25]})
    html = display.table(df)._repr_html_()
    assert "<script>" not in html and "<img" not in html and "&lt;img src=x" in html
    assert '<th class="report-nowrap">support</th>' in html and "<th>issue</th>" in html
    assert '<td class="report-nowrap">0.25</td>' in html
    assert ">0<" not in html.split("<tbody>")[1].split("</td>")[0]  # no index column
    text = repr(display.table(df))
    assert "support" in text and EVIL.split(">")[0] in text


def test_tables_say_how_many_rows_are_not_shown_and_when_empty():
    df = pd.DataFrame({"a": range(50)})
    shown = display.table(df, max_rows=10)
    assert "... and 40 more rows" in shown._repr_html_() and repr(shown).endswith("... and 40 more rows")
    assert "Nothing here." in display.table(df.iloc[:0], empty="Nothing here.")._repr_html_()
    renamed = display.table(pd.DataFrame({"a": [1]}), {"a": "Alpha <b>"})._repr_html_()
    assert "<th>Alpha &lt;b&gt;</th>" in renamed


def test_headings_and_notes_escape_their_text():
    assert display.heading(EVIL, 2)._repr_html_().startswith("<h2>&lt;/script&gt;")
    assert "<img" not in display.note(EVIL)._repr_html_() and repr(display.note("x")) == "x"
    facts = display.facts(pd.DataFrame({"measure": ["a", "b"], "value": ["1", "<2>"]}))
    assert repr(facts) == "a: 1; b: <2>" and "&lt;2&gt;" in facts._repr_html_()


@pytest.mark.slow
@pytest.mark.parametrize("vl_version", ["5.14", "6.4"])
def test_specs_draw_with_jupyterlabs_vega_lite_5_and_the_reports_vega_lite_6(vl_version):
    """JupyterLab draws the vegalite.v5 mimetype with Vega-Lite 5; the HTML reports use altair's own version."""
    import vl_convert as vlc
    for name, chart in all_charts(sample()).items():
        svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=vl_version)
        assert "role-mark" in svg, name
