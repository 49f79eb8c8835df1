"""Agreement and conflict networks in the manner of DNA (analysis.networks), on small frames built here."""
import networkx as nx
import pytest

from analysis.explore import networks as N

from test_positions import statements


def three_camps():
    """Issue a: AAA and BBB support, CCC opposes, DDD both supports and opposes (ambivalent), EEE is neutral.
    Issue b: AAA and BBB support; AAA says so three times, BBB twice."""
    rows = [("AAA", "issue_a", "support"), ("BBB", "issue_a", "support"), ("CCC", "issue_a", "oppose"),
            ("DDD", "issue_a", "support"), ("DDD", "issue_a", "oppose"), ("EEE", "issue_a", "neutral"),
            ("AAA", "issue_b", "support"), ("AAA", "issue_b", "support"), ("AAA", "issue_b", "support"),
            ("BBB", "issue_b", "support"), ("BBB", "issue_b", "support")]
    return statements(*({"stakeholder_id": h, "issue_id": i, "stance": s, "char_start": n}
                        for n, (h, i, s) in enumerate(rows)))


def edges_of(df):
    return {(r.source, r.target): r for r in df.itertuples()}


def test_agreement_ties_actors_taking_the_same_stance_weighted_by_issues():
    agree = edges_of(N.agreement_network(three_camps()))
    assert set(agree) == {("AAA", "BBB"), ("AAA", "DDD"), ("BBB", "DDD"), ("CCC", "DDD")}  # DDD opposes too
    assert agree[("AAA", "BBB")].weight == 2 and agree[("AAA", "BBB")].issues == "issue_a;issue_b"
    assert agree[("AAA", "DDD")].weight == 1


def test_agreement_weighted_by_statements_counts_matched_pairs():
    agree = edges_of(N.agreement_network(three_camps(), weight="statements"))
    assert agree[("AAA", "BBB")].weight == 1 + 2  # issue a: min(1, 1); issue b: min(3, 2)
    assert agree[("AAA", "BBB")].n_issues == 2


def test_conflict_ties_supporters_and_opponents_and_the_ambivalent_actor_to_both_camps():
    conflict = edges_of(N.conflict_network(three_camps()))
    assert set(conflict) == {("AAA", "CCC"), ("BBB", "CCC"), ("CCC", "DDD"), ("AAA", "DDD"), ("BBB", "DDD")}
    assert all(e.issues == "issue_a" for e in conflict.values())


def test_neutral_statements_and_unnamed_groups_tie_no_one():
    st = statements({"stakeholder_id": "EEE", "stance": "neutral"},
                    {"stakeholder_id": "FFF", "stance": "neutral", "char_start": 5},
                    {"stakeholder_id": "", "group_label": "officials", "char_start": 9},
                    {"stakeholder_id": "AAA", "char_start": 12})
    assert N.agreement_network(st).empty and N.conflict_network(st).empty
    assert list(N.agreement_network(st).columns) == N.EDGE_COLUMNS


def test_unknown_weight_is_an_error():
    with pytest.raises(ValueError, match="weight must be one of issues, statements"):
        N.agreement_network(three_camps(), weight="articles")


def test_graphml_export_round_trips_with_isolated_nodes_and_attributes(tmp_path):
    st = three_camps()
    graph = N.to_graph(N.agreement_network(st), N.network_nodes(st), names={"AAA": "Alpha"})
    path = N.write_graphml(graph, tmp_path / "sub" / "agreement.graphml")
    back = nx.read_graphml(path)
    assert set(back.nodes) == {"AAA", "BBB", "CCC", "DDD", "EEE"}  # CCC and EEE agree with no one
    assert back.nodes["AAA"]["label"] == "Alpha" and back.nodes["BBB"]["label"] == "BBB"
    assert back.nodes["AAA"]["n_support"] == 4 and back.nodes["DDD"]["n_oppose"] == 1
    assert back.edges["AAA", "BBB"]["weight"] == 2 and back.edges["AAA", "BBB"]["issues"] == "issue_a;issue_b"
    assert not list(tmp_path.joinpath("sub").glob(".*.tmp"))


def test_circle_layout_is_deterministic_and_on_the_unit_circle():
    nodes = N.network_nodes(three_camps())
    layout = N.circle_layout(nodes, order_by=["n_statements", "stakeholder_id"])
    assert layout.equals(N.circle_layout(nodes.sample(frac=1, random_state=1), ["n_statements", "stakeholder_id"]))
    assert ((layout["x"] ** 2 + layout["y"] ** 2) - 1).abs().max() < 1e-3
    assert layout.iloc[0].stakeholder_id == "CCC" and (layout.iloc[0].x, layout.iloc[0].y) == (0.0, 1.0)


def test_nodes_carry_their_prevailing_position_and_ties_of_one_stakeholder():
    st = three_camps()
    nodes = N.network_nodes(st).set_index("stakeholder_id")
    assert nodes.loc["CCC", "position"] == "oppose" and nodes.loc["DDD", "position"] == "mixed"
    assert nodes.loc["AAA", "n_statements"] == 4
    ties = N.ties_of(N.agreement_network(st), "DDD")
    assert list(ties["stakeholder_id"]) == ["AAA", "BBB", "CCC"] and list(ties.columns) == N.TIE_COLUMNS
    assert N.ties_of(N.agreement_network(st), "EEE").empty
