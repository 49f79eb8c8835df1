"""Positions in time (analysis.explore.spells): spells, current positions as of a day, positions per window and
polarisation, on statement frames built here (the extracted corpus of tests/corpora/positions_in_time is in
test_positions_report.py)."""
import pandas as pd
import pytest

from analysis.explore import spells as S

from test_positions import make_run, statements

WEAK, FIRM = 0.6, 0.9


def said(day: str, stance: str, holder: str = "AAA", confidence: float = FIRM, published: str | None = None,
         **row) -> dict:
    """A statement of `holder` on issue_a placed on `day` (a row of test_positions.statements)."""
    said.offset += 10
    return {"stakeholder_id": holder, "stance": stance, "date_start": day, "date_end": day, "date_precision": "day",
            "published": published if published is not None else day, "confidence": confidence,
            "file": f"{day}.txt", "char_start": said.offset, "evidence": f"{holder} {stance} on {day}", **row}


said.offset = 0


def spells_of(st, holder="AAA", **kw) -> list[tuple[str, str]]:
    sp = S.position_spells(st, **kw)
    sp = sp[sp["stakeholder_id"].eq(holder)]
    return list(zip(sp["position"], sp["start"]))


def current(st, holder="AAA", **kw):
    cur = S.current_positions(st, **kw)
    return cur.set_index("stakeholder_id").loc[holder]


# ---------------------------------------------------------------------------------------------------- the rule

def test_a_reversal_confirmed_by_a_second_statement_starts_a_new_spell_on_its_first_day():
    st = statements(said("2025-02-10", "oppose"), said("2025-03-05", "oppose"),
                    said("2025-12-16", "support", confidence=WEAK), said("2025-12-18", "support", confidence=WEAK))
    assert spells_of(st) == [("oppose", "2025-02-10"), ("support", "2025-12-16")]
    row = current(st)
    assert (row.position, row.since, row.previous_position) == ("support", "2025-12-16", "oppose")
    assert (row.statements, row.all_statements, row.latest_date) == (2, 4, "2025-12-18")
    assert row.latest_evidence == "AAA support on 2025-12-18" and row.unconfirmed == ""


def test_a_reversal_in_one_firm_statement_starts_a_new_spell():
    st = statements(said("2025-02-10", "oppose"), said("2025-03-05", "oppose"), said("2025-12-16", "support"))
    assert spells_of(st) == [("oppose", "2025-02-10"), ("support", "2025-12-16")]


def test_a_flip_and_a_flip_back_give_three_spells():
    st = statements(said("2025-01-10", "support"), said("2025-02-10", "oppose"), said("2025-02-11", "oppose"),
                    said("2025-05-01", "support"), said("2025-05-01", "support", confidence=WEAK))
    assert spells_of(st) == [("support", "2025-01-10"), ("oppose", "2025-02-10"), ("support", "2025-05-01")]
    sp = S.position_spells(st)
    assert list(sp["end"]) == ["2025-01-10", "2025-02-11", "2025-05-01"]
    assert list(sp["until"]) == ["2025-02-10", "2025-05-01", "2025-05-01"]
    assert list(sp["is_current"]) == [False, False, True] and list(sp["statements"]) == [1, 2, 2]
    row = current(st)
    assert (row.position, row.since, row.previous_position) == ("support", "2025-05-01", "oppose")
    # as of a day inside the second spell, the position is the one held then
    then = current(st, as_of="2025-03-01")
    assert (then.position, then.since, then.previous_position, then.as_of) == ("oppose", "2025-02-10", "support",
                                                                              "2025-03-01")


def test_a_single_low_confidence_outlier_changes_nothing():
    st = statements(said("2025-01-10", "support"), said("2025-02-01", "support"),
                    said("2025-03-01", "oppose", confidence=WEAK), said("2025-04-01", "support"))
    assert spells_of(st) == [("support", "2025-01-10")]
    sp = S.position_spells(st).iloc[0]
    assert (sp.n_outliers, sp.statements, sp.end) == (1, 3, "2025-04-01")
    row = current(st)
    assert (row.position, row.since, row.previous_position, row.statements) == ("support", "2025-01-10", "", 3)


def test_an_outlier_at_the_end_is_reported_as_unconfirmed_until_a_second_statement_confirms_it():
    st = statements(said("2025-01-10", "support"), said("2025-02-01", "support"),
                    said("2025-03-01", "oppose", confidence=WEAK))
    row = current(st)
    assert (row.position, row.unconfirmed, row.unconfirmed_date) == ("support", "oppose", "2025-03-01")
    confirmed = pd.concat([st, statements(said("2025-03-20", "oppose", confidence=WEAK))], ignore_index=True)
    row = current(confirmed)
    assert (row.position, row.since, row.previous_position, row.unconfirmed) == ("oppose", "2025-03-01",
                                                                                "support", "")


def test_a_statement_a_person_confirmed_is_firm_whatever_its_confidence():
    st = statements(said("2025-01-10", "support"),
                    said("2025-03-01", "oppose", confidence=0.3, origin="confirmed"))
    assert spells_of(st) == [("support", "2025-01-10"), ("oppose", "2025-03-01")]
    assert current(st).confirmed_share == 1.0


def test_the_firm_confidence_is_a_parameter():
    st = statements(said("2025-01-10", "support"), said("2025-03-01", "oppose", confidence=0.8))
    assert spells_of(st) == [("support", "2025-01-10")]
    assert spells_of(st, firm_confidence=0.8) == [("support", "2025-01-10"), ("oppose", "2025-03-01")]


def test_disagreement_on_the_same_day_is_mixed_unless_one_side_is_a_single_weak_statement():
    mixed = statements(said("2025-01-10", "oppose"), said("2025-03-01", "support"), said("2025-03-01", "oppose"))
    assert spells_of(mixed) == [("oppose", "2025-01-10"), ("mixed", "2025-03-01")]
    row = current(mixed)
    assert (row.position, row.n_support, row.n_oppose, row.previous_position) == ("mixed", 1, 1, "oppose")
    outlier = statements(said("2025-01-10", "oppose"), said("2025-03-01", "support", confidence=WEAK),
                         said("2025-03-01", "oppose"))
    assert spells_of(outlier) == [("oppose", "2025-01-10")]
    assert S.position_spells(outlier).iloc[0].n_outliers == 1


def test_a_neutral_remark_does_not_end_a_side_taken():
    st = statements(said("2025-01-10", "oppose"), said("2025-02-10", "neutral"), said("2025-03-10", "neutral"))
    assert spells_of(st) == [("oppose", "2025-01-10")]
    row = current(st)
    assert (row.statements, row.n_oppose, row.n_neutral) == (3, 1, 2)
    only_neutral = statements(said("2025-01-10", "neutral"), said("2025-02-10", "support"))
    assert spells_of(only_neutral) == [("neutral", "2025-01-10"), ("support", "2025-02-10")]


def test_two_stakeholders_crossing():
    st = statements(said("2025-02-10", "oppose", "AAA"), said("2025-03-10", "oppose", "AAA"),
                    said("2025-02-10", "support", "BBB"), said("2025-03-10", "support", "BBB"),
                    said("2025-12-16", "support", "AAA"), said("2025-12-16", "support", "AAA", confidence=WEAK),
                    said("2025-12-16", "oppose", "BBB"), said("2025-12-17", "oppose", "BBB", confidence=WEAK))
    cur = S.current_positions(st).set_index("stakeholder_id")
    assert cur.loc["AAA", ["position", "since", "previous_position"]].tolist() == ["support", "2025-12-16", "oppose"]
    assert cur.loc["BBB", ["position", "since", "previous_position"]].tolist() == ["oppose", "2025-12-16", "support"]
    before = S.current_positions(st, as_of="2025-06-30").set_index("stakeholder_id")
    assert before["position"].to_dict() == {"AAA": "oppose", "BBB": "support"}
    per_window = S.positions_per_window(st, "quarter")
    last = per_window[per_window["window"].eq("2025-10-01")].set_index("stakeholder_id")
    assert last["position"].to_dict() == {"AAA": "support", "BBB": "oppose"} and last["changed"].all()
    assert last["window_end"].iloc[0] == "2025-12-17"  # capped at the last day with a statement
    middle = per_window[per_window["window"].eq("2025-07-01")]
    assert middle["in_window"].tolist() == [0, 0] and not middle["changed"].any()


def test_positions_are_read_only_from_what_was_known_by_the_day_asked():
    # the support of 2025-03-01 is confirmed only on 2025-04-01: as of March it is an unconfirmed outlier
    st = statements(said("2025-01-10", "oppose"), said("2025-03-01", "support", confidence=WEAK),
                    said("2025-04-01", "support", confidence=WEAK))
    march = current(st, as_of="2025-03-31")
    assert (march.position, march.unconfirmed) == ("oppose", "support")
    april = current(st, as_of="2025-04-30")
    assert (april.position, april.since) == ("support", "2025-03-01")
    windows = S.positions_per_window(st, "month").set_index("window")["position"]
    assert windows.to_dict() == {"2025-01-01": "oppose", "2025-02-01": "oppose", "2025-03-01": "oppose",
                                 "2025-04-01": "support"}


# ---------------------------------------------------------------------------------------------------- placing

def test_a_statement_is_placed_no_later_than_its_publication_day():
    st = statements(said("2025-01-10", "oppose"),
                    said("2026-01-01", "support", published="2025-12-16"),  # a pledge for next year
                    said("2025-06-01", "support", published="2025-12-16"))  # a report of last June
    sp = S.position_spells(st)
    assert list(sp["start"]) == ["2025-01-10", "2025-06-01"] and S.as_of_day(st) == "2025-12-16"


def test_undated_statements_are_left_out_and_counted():
    st = statements(said("2025-01-10", "oppose"), said("", "support", published=""),
                    said("", "support", published="", stakeholder_id="CCC"), said("2025-02-10", "oppose"))
    assert S.left_out(st) == {"undated": 2, "later": 0, "dated": 2}
    assert S.left_out(st, "2025-01-31") == {"undated": 2, "later": 1, "dated": 1}
    note = S.left_out_note(st, "2025-01-31")
    assert "2 undated statements left out" in note and "no publication day" in note
    assert "1 statement placed after 2025-01-31 left out" in note
    cur = S.current_positions(st)
    assert list(cur["stakeholder_id"]) == ["AAA"] and cur.iloc[0].undated == 1 and cur.iloc[0].all_statements == 2
    assert "No statement left out" in S.left_out_note(statements(said("2025-01-10", "oppose")))


def test_empty_inputs_give_empty_frames_with_the_columns():
    empty = statements(said("2025-01-10", "oppose")).iloc[:0]
    assert list(S.current_positions(empty).columns) == S.CURRENT_COLUMNS
    assert list(S.position_spells(empty).columns) == S.SPELL_COLUMNS
    assert list(S.positions_per_window(empty).columns) == S.WINDOW_COLUMNS
    assert list(S.polarisation(S.positions_per_window(empty)).columns) == S.POLARISATION_COLUMNS
    assert S.as_of_day(empty) == ""


def test_a_run_is_read_like_its_statements():
    st = statements(said("2025-01-10", "oppose"), said("2025-05-10", "support"))
    assert S.current_positions(make_run(st)).equals(S.current_positions(st))


# ---------------------------------------------------------------------------------------------------- polarisation

@pytest.mark.parametrize("s, o, m, expected", [
    (2, 2, 0, 1.0),  # two equal camps
    (3, 2, 0, 1.0),  # as equal as five can be
    (4, 0, 0, 0.0),  # consensus
    (3, 1, 0, 0.75),  # 3 conflict ties of the 4 possible
    (1, 1, 2, 0.25),  # mixed positions between the camps
    (1, 0, 0, 0.0),
])
def test_polarisation_score(s, o, m, expected):
    assert S.polarisation_score(s, o, m) == pytest.approx(expected)


def test_polarisation_per_window_counts_positions_held_at_the_end_of_each_window():
    st = statements(said("2025-01-10", "support", "AAA"), said("2025-01-12", "support", "BBB"),
                    said("2025-01-15", "oppose", "CCC"), said("2025-01-20", "neutral", "DDD"),
                    said("2025-02-10", "oppose", "BBB"))
    pol = S.polarisation(S.positions_per_window(st, "month")).set_index("window")
    jan, feb = pol.loc["2025-01-01"], pol.loc["2025-02-01"]
    assert (jan.n_support, jan.n_oppose, jan.n_neutral, jan.n_positions) == (2, 1, 1, 3)
    assert jan.polarisation == pytest.approx(1.0) and jan.supporters == "AAA;BBB" and jan.opponents == "CCC"
    assert (feb.n_support, feb.n_oppose) == (1, 2) and feb.opponents == "BBB;CCC"


def test_current_coalitions_come_from_current_positions():
    st = statements(said("2025-01-10", "support", "AAA"), said("2025-02-10", "oppose", "AAA"),
                    said("2025-01-10", "support", "BBB"), said("2025-01-11", "support", "BBB"))
    camps = S.current_coalitions(S.current_positions(st)).set_index("position")
    assert camps.loc["support", "stakeholders"] == "BBB" and camps.loc["oppose", "stakeholders"] == "AAA"
    assert camps.loc["support", "n_statements"] == 2
