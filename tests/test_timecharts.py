"""Charts of positions in time (analysis.report.timecharts) and the networks of current positions
(analysis.explore.networks.position_network), on statement frames built here."""
import json

import pandas as pd
import pytest

from analysis.explore import networks
from analysis.explore import spells as S
from analysis.report import timecharts as T

from test_charts import EVIL, datasets, many_statements
from test_spells import WEAK, said, statements


def crossing() -> pd.DataFrame:
    """AAA opposes, then supports from 2025-12-16; BBB the other way round (on a condition); CCC supports, then
    said both on one day; DDD is neutral."""
    return statements(said("2025-02-10", "oppose", "AAA"), said("2025-03-10", "oppose", "AAA"),
                      said("2025-02-10", "support", "BBB"), said("2025-03-10", "support", "BBB"),
                      said("2025-12-16", "support", "AAA", evidence=EVIL), said("2025-12-16", "support", "AAA"),
                      said("2025-12-16", "oppose", "BBB", conditional=True), said("2025-12-17", "oppose", "BBB", confidence=WEAK),
                      said("2025-02-11", "support", "CCC"), said("2025-06-01", "support", "CCC"),
                      said("2025-06-01", "oppose", "CCC"), said("2025-02-12", "neutral", "DDD"))


def test_the_stance_matrix_colours_the_current_position_and_says_since_when_and_before():
    current = S.current_positions(crossing())
    chart = T.position_heatmap(current, {"AAA": "Alpha"}, {"issue_a": "Issue A"})
    rows = {r["stakeholder"]: r for r in datasets(chart)[0]}
    assert rows["Alpha"]["position"] == "support" and rows["Alpha"]["held"] == "since 2025-12-16, before: oppose"
    assert rows["BBB"]["position"] == "oppose" and rows["BBB"]["held"] == "since 2025-12-16, before: support"
    assert rows["CCC"]["position"] == "mixed" and rows["DDD"]["held"] == "since 2025-02-12, before: none"
    assert rows["Alpha"]["label"] == "4" and rows["BBB"]["label"] == "4*"  # every statement; * a conditional one now
    assert rows["Alpha"]["counts"] == "2 in this position, 4 in all"
    assert rows["Alpha"]["latest_evidence"] in {EVIL, "AAA support on 2025-12-16"}
    spec = json.dumps(chart.to_dict())
    assert '"field": "position"' in spec and "as of 2025-12-17" in spec
    for title in ("held", "evidence", "speaker", "source"):
        assert f'"title": "{title}"' in spec, title


def test_spell_chart_rows_are_stakeholders_of_an_issue_or_issues_of_a_stakeholder():
    sp = S.position_spells(crossing())
    rows = datasets(T.spell_chart(sp, {"AAA": "Alpha"}, issue="issue_a"))[0]
    alpha = [(r["position"], r["start"], r["stop"]) for r in rows if r["lane"] == "Alpha"]
    assert alpha == [("oppose", "2025-02-10", "2025-12-17"), ("support", "2025-12-16", "2025-12-18")]
    assert {r["lane"] for r in rows} == {"Alpha", "BBB", "CCC", "DDD"}
    one = datasets(T.spell_chart(sp, {}, {"issue_a": "Issue A"}, stakeholder="BBB"))[0]
    assert {r["lane"] for r in one} == {"Issue A"} and [r["position"] for r in one] == ["support", "oppose"]
    assert EVIL in {r["first_evidence"] for r in rows}


def test_window_and_polarisation_charts():
    per_window = S.positions_per_window(crossing(), "quarter")
    grid = datasets(T.window_chart(per_window, {}, "issue_a"))[0]
    last = {r["lane"]: r for r in grid if r["window"] == "2025-10-01"}
    assert last["AAA"]["position"] == "support" and last["AAA"]["mark"] == "●" and last["AAA"]["spoke"]
    assert last["CCC"]["position"] == "mixed" and not last["CCC"]["spoke"] and last["CCC"]["mark"] == ""
    pol = S.polarisation(per_window)
    points = {r["window"]: r for r in datasets(T.polarisation_chart(pol, {"AAA": "Alpha"}))[0]}
    # Q1: AAA against BBB and CCC: 2 conflict ties of the 2 that three can have; Q4: AAA, BBB, CCC mixed: 1 of 2
    assert points["2025-01-01"]["polarisation"] == 1.0 and points["2025-10-01"]["polarisation"] == 0.5
    assert points["2025-10-01"]["who_for"] == "Alpha" and points["2025-10-01"]["who_against"] == "BBB"


def test_empty_inputs_give_a_chart_that_says_so():
    empty = crossing().iloc[:0]
    for chart in (T.position_heatmap(S.current_positions(empty)), T.spell_chart(S.position_spells(empty)),
                  T.window_chart(S.positions_per_window(empty)),
                  T.polarisation_chart(S.polarisation(S.positions_per_window(empty))),
                  T.spell_chart(S.position_spells(crossing()), issue="issue_b")):
        rows = datasets(chart)[0]
        assert len(rows) == 1 and "No " in rows[0]["message"]


# ---------------------------------------------------------------------------------------------------- networks

def test_allies_and_opponents_come_from_current_positions():
    st = crossing()
    current = S.current_positions(st)
    allies = networks.ties_of(networks.position_network(current), "AAA")
    opponents = networks.ties_of(networks.position_network(current, "conflict"), "AAA")
    assert list(allies["stakeholder_id"]) == [] and list(opponents["stakeholder_id"]) == ["BBB"]
    # all-time statements made AAA an ally of BBB (both supported once) and an opponent too
    ever = networks.ties_of(networks.agreement_network(st), "AAA")["stakeholder_id"]
    assert "BBB" in set(ever)
    # the mixed and the neutral stakeholder take no side now, so they tie no one
    ties = pd.concat([networks.position_network(current), networks.position_network(current, "conflict")])
    assert not {"CCC", "DDD"} & (set(ties["source"]) | set(ties["target"]))
    assert networks.position_network(current, "conflict")["n_statements"].tolist() == [2]


def test_position_nodes_take_the_current_position():
    nodes = networks.position_nodes(S.current_positions(crossing())).set_index("stakeholder_id")
    assert nodes["position"].to_dict() == {"AAA": "support", "BBB": "oppose", "CCC": "mixed", "DDD": "neutral"}
    assert list(nodes.reset_index().columns) == networks.NODE_COLUMNS
    with pytest.raises(ValueError, match="agreement or conflict"):
        networks.position_network(S.current_positions(crossing()), "alliance")


@pytest.mark.slow
def test_a_hundred_thousand_statements_give_positions_and_small_charts():
    n = 100_000
    st = many_statements(n, day_step=7, confidence=[0.6 + (i % 4) / 10 for i in range(n)])
    current = S.current_positions(st)
    assert len(current) == 420 and current["all_statements"].sum() == n
    per_quarter = S.positions_per_window(st, "quarter")
    for chart in (T.position_heatmap(current), T.spell_chart(S.position_spells(st), issue="issue_0"),
                  T.window_chart(per_quarter, issue="issue_0"), T.polarisation_chart(S.polarisation(per_quarter))):
        assert len(json.dumps(chart.to_dict())) < 1_000_000
