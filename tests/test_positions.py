"""Loading, filtering and position summaries (analysis.positions), on small frames built here."""
import json
import shutil

import pandas as pd
import pytest

from analysis.explore import positions as P
from analysis.io.contract import frame

from conftest import CORPUS

BASE = {"file": "a1.txt", "article_id": "a1", "stakeholder_id": "AAA", "speaker_kind": "state", "issue_id": "issue_a",
        "stance": "support", "date_start": "2025-01-10", "date_end": "2025-01-10", "date_precision": "day",
        "evidence": "sentence", "char_start": 0, "char_end": 8, "published": "2025-01-10", "conditional": False,
        "constrained": False, "speaker_in_roles": False}


def statements(*rows: dict) -> pd.DataFrame:
    """A statements table (contract columns and dtypes) from rows that override BASE."""
    df = frame("statements", [{**BASE, **r} for r in rows])
    df["source"] = df["file"].str.replace(".txt", "", regex=False).str.upper()
    df["title"] = "title of " + df["file"]
    df["url"] = ""
    return df


def articles(*rows: dict) -> pd.DataFrame:
    base = {"file": "a1.txt", "article_id": "a1", "title": "t", "source": "S1", "published": "2025-01-10",
            "n_paragraphs": 3}
    return frame("articles", [{**base, **r} for r in rows])


def make_run(st: pd.DataFrame, ev: pd.DataFrame | None = None, ar: pd.DataFrame | None = None) -> P.Run:
    ev = frame("events") if ev is None else ev
    ar = articles(*({"file": f, "source": s, "published": p} for f, s, p in
                    st[["file", "source", "published"]].drop_duplicates().itertuples(index=False))) if ar is None else ar
    ev = P.with_article_fields(ev, ar)
    issues = pd.DataFrame({"issue_id": ["issue_a", "issue_b"], "label": ["Issue A", "Issue B"],
                           "description": ["", ""]})
    holders = sorted(set(st["stakeholder_id"]) - {""})
    return P.Run(ar, st, ev, issues, pd.DataFrame({"stakeholder_id": holders, "name": holders, "kind": ""}))


# ---------------------------------------------------------------------------------------------------- matrix

def test_stance_matrix_counts_net_stance_and_qualifier_shares():
    st = statements(
        {"stance": "support", "conditional": True, "char_start": 0},
        {"stance": "support", "char_start": 10},
        {"stance": "oppose", "constrained": True, "char_start": 20},
        {"stance": "neutral", "char_start": 30},
        {"stakeholder_id": "BBB", "stance": "oppose", "char_start": 40},
    )
    m = P.stance_matrix(st).set_index(["stakeholder_id", "issue_id"])
    a = m.loc[("AAA", "issue_a")]
    assert (a.n_statements, a.n_support, a.n_oppose, a.n_neutral) == (4, 2, 1, 1)
    assert a.net_stance == pytest.approx(0.25)
    assert a.position == "support"
    assert a.conditional_share == pytest.approx(0.25) and a.constrained_share == pytest.approx(0.25)
    assert m.loc[("BBB", "issue_a")].net_stance == -1 and m.loc[("BBB", "issue_a")].position == "oppose"
    assert list(P.stance_matrix(st).columns) == P.MATRIX_COLUMNS


def test_latest_evidence_is_latest_in_time_not_in_file_order():
    st = statements(
        {"file": "a1.txt", "date_start": "2025-03-01", "date_end": "2025-03-01", "evidence": "later", "stance": "oppose",
         "speaker_name": "Speaker Two"},
        {"file": "a2.txt", "date_start": "2025-01-01", "date_end": "2025-01-01", "evidence": "earlier"},
        {"file": "a3.txt", "date_start": "", "date_end": "", "date_precision": "unknown", "evidence": "undated"},
    )
    row = P.stance_matrix(st).iloc[0]
    assert row.latest_evidence == "later" and row.latest_stance == "oppose"
    assert row.latest_date == "2025-03-01" and row.first_date == "2025-01-01"
    assert row.latest_speaker == "Speaker Two" and row.latest_source == "A1" and row.latest_file == "a1.txt"
    assert row.n_articles == 3


def test_prevailing_position_ties():
    st = statements({"stance": "support"}, {"stance": "oppose", "char_start": 5},
                    {"stakeholder_id": "BBB", "stance": "neutral"}, {"stakeholder_id": "BBB", "stance": "oppose",
                                                                       "char_start": 5})
    m = P.stance_matrix(st).set_index("stakeholder_id")
    assert m.loc["AAA", "position"] == "mixed"
    assert m.loc["BBB", "position"] == "oppose"


def test_unnamed_groups_hold_no_position_and_empty_input_gives_columns():
    st = statements({"stakeholder_id": "", "speaker_kind": "group", "group_label": "many officials"})
    assert P.stance_matrix(st).empty and list(P.stance_matrix(st).columns) == P.MATRIX_COLUMNS
    assert list(P.coalitions(st).columns) == P.COALITION_COLUMNS
    assert list(P.speakers(st).columns) == P.SPEAKER_COLUMNS


def test_coalitions_group_stakeholders_by_position_per_issue():
    st = statements(
        {"stakeholder_id": "AAA"}, {"stakeholder_id": "AAA", "char_start": 3},
        {"stakeholder_id": "BBB", "conditional": True, "char_start": 6},
        {"stakeholder_id": "CCC", "stance": "oppose", "char_start": 9},
        {"stakeholder_id": "DDD", "issue_id": "issue_b", "stance": "neutral", "char_start": 12},
    )
    c = P.coalitions(st)
    assert c[["issue_id", "position"]].values.tolist() == [["issue_a", "support"], ["issue_a", "oppose"],
                                                          ["issue_b", "neutral"]]
    support = c.iloc[0]
    assert support.stakeholders == "AAA;BBB" and support.n_stakeholders == 2 and support.n_statements == 3
    assert support.conditional == "BBB"
    assert c.iloc[1].stakeholders == "CCC"


# ---------------------------------------------------------------------------------------------------- filtering

def _filter_case() -> P.Run:
    st = statements(
        {"file": "a1.txt", "issue_id": "issue_a", "stakeholder_id": "AAA", "date_start": "2025-01-10",
         "date_end": "2025-01-10"},
        {"file": "a2.txt", "issue_id": "issue_b", "stakeholder_id": "BBB", "date_start": "2025-02-01",
         "date_end": "2025-02-28", "date_precision": "month", "published": "2025-02-01"},
        {"file": "a3.txt", "issue_id": "issue_a", "stakeholder_id": "BBB", "date_start": "", "date_end": "",
         "date_precision": "unknown", "published": ""},
    )
    ev = frame("events", [
        {"file": "a1.txt", "event_id": "E01", "date_start": "2025-01-10", "date_end": "2025-01-10",
         "actors": "AAA;CCC", "issue_ids": "issue_a"},
        {"file": "a2.txt", "event_id": "E01", "date_start": "2025-02-03", "date_end": "2025-02-03",
         "actors": "BBB", "issue_ids": "issue_a;issue_b"},
    ])
    run = make_run(st, ev)
    run.stakeholders = pd.DataFrame({"stakeholder_id": ["AAA", "BBB", "CCC"], "name": ["A", "B", "C"],
                                     "kind": ""})
    return run


def test_filter_by_issue_stakeholder_and_source():
    run = _filter_case()
    f = P.filter_run(run, issues="issue_a")
    assert sorted(f.statements["file"]) == ["a1.txt", "a3.txt"] and len(f.events) == 2
    f = P.filter_run(run, stakeholders=["BBB"])
    assert sorted(f.statements["file"]) == ["a2.txt", "a3.txt"] and list(f.events["file"]) == ["a2.txt"]
    assert sorted(f.articles["file"]) == ["a2.txt", "a3.txt"]
    f = P.filter_run(run, stakeholders="CCC")
    assert f.statements.empty and list(f.events["file"]) == ["a1.txt"]
    f = P.filter_run(run, sources="A2")
    assert list(f.statements["file"]) == ["a2.txt"] and list(f.articles["file"]) == ["a2.txt"]
    assert len(P.filter_run(run).statements) == 3


def test_filter_by_date_span_keeps_overlapping_spans_and_drops_undated():
    run = _filter_case()
    f = P.filter_run(run, date_from="2025-02-15")
    assert list(f.statements["file"]) == ["a2.txt"]  # the month overlaps the span asked
    assert list(f.events["file"]) == []
    f = P.filter_run(run, date_to="2025-01-31")
    assert list(f.statements["file"]) == ["a1.txt"] and list(f.articles["file"]) == ["a1.txt"]
    f = P.filter_run(run, date_from="2025-01-10", date_to="2025-01-10")
    assert list(f.statements["file"]) == ["a1.txt"]


@pytest.mark.parametrize("kwargs, message", [
    ({"issues": "issue_z"}, "unknown issue(s) issue_z; the codebook has issue_a, issue_b"),
    ({"stakeholders": "ZZZ;AAA"}, "unknown stakeholder(s) ZZZ"),
    ({"date_from": "2025-13-01"}, "date_from: '2025-13-01' is not an ISO day"),
    ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_from 2025-02-01 is after date_to 2025-01-01"),
])
def test_filter_rejects_bad_parameters_clearly(kwargs, message):
    with pytest.raises(P.RunError, match=message.replace("(", r"\(").replace(")", r"\)")):
        P.filter_run(_filter_case(), **kwargs)


def test_as_list_and_iso_day():
    assert P.as_list(None) == [] and P.as_list("") == [] and P.as_list("a, b,c") == ["a", "b", "c"]
    assert P.as_list("a;b") == ["a", "b"] and P.as_list("Name, Inc;") == ["Name, Inc"]  # a ";" wins: a name with a comma
    assert P.as_list(["x", " "]) == ["x"]
    import datetime as dt
    assert P.iso_day(dt.date(2025, 1, 2)) == "2025-01-02" and P.iso_day("") == ""


# ---------------------------------------------------------------------------------------------------- listings

def test_qualified_positions_and_quantities_in_time_order():
    st = statements(
        {"file": "a2.txt", "date_start": "2025-02-01", "date_end": "2025-02-01", "conditional": True,
         "condition": "if asked", "quantity": 500},
        {"file": "a1.txt", "date_start": "2025-01-01", "date_end": "2025-01-01", "constrained": True,
         "conditional": True, "condition": "once agreed"},
        {"file": "a3.txt", "quantity": 7},
        {"file": "a4.txt"},
    )
    q = P.qualified_positions(st)
    assert list(q["qualifier"]) == ["conditional + constrained", "conditional"]
    assert list(q["condition"]) == ["once agreed", "if asked"]
    n = P.quantities(st)
    assert list(n["quantity"]) == [7, 500] and list(n.columns) == P.EVIDENCE_COLUMNS + ["quantity"]


def test_speakers_fall_back_to_group_and_never_to_the_stakeholder_code():
    st = statements({"speaker_name": "Speaker One", "speaker_role": "minister"},
                    {"speaker_name": "Speaker One", "speaker_role": "minister", "issue_id": "issue_b", "char_start": 4,
                     "date_start": "2025-02-01", "date_end": "2025-02-01"},
                    {"char_start": 9})
    s = P.speakers(st)
    first = s.iloc[0]
    assert (first.speaker, first.n_statements, first.issues) == ("Speaker One", 2, "issue_a;issue_b")
    assert (first.first_date, first.latest_date) == ("2025-01-10", "2025-02-01")
    assert s.iloc[1].speaker == "" and s.iloc[1].stakeholder_id == "AAA"  # the code is in its own column
    grouped = statements({"stakeholder_id": "", "group_label": "officials"})
    assert list(P.speaker_label(grouped)) == ["officials"]
    assert sorted(P.evidence_rows(st)["speaker"]) == ["", "Speaker One", "Speaker One"]


def test_pick_stakeholder_and_issue_default_to_the_most_frequent():
    st = statements({"stakeholder_id": "BBB", "issue_id": "issue_b"}, {"stakeholder_id": "BBB", "char_start": 3},
                    {"stakeholder_id": "AAA", "issue_id": "issue_b", "char_start": 6})
    assert P.pick_stakeholder(st) == "BBB" and P.pick_stakeholder(st, "AAA") == "AAA"
    assert P.pick_issue(st) == "issue_b" and P.pick_issue(st.iloc[:0]) == ""


# ---------------------------------------------------------------------------------------------------- loading

def test_load_run_reads_tables_with_article_fields_and_codebook_issues(corpus_run):
    run = P.load_run(corpus_run)
    assert {"source", "title", "url", "published"} <= set(run.statements.columns)
    assert {"source", "title"} <= set(run.events.columns)
    titles = dict(zip(run.articles["file"], run.articles["title"]))
    assert (run.statements["title"] == run.statements["file"].map(titles)).all()
    assert set(run.statements["issue_id"]) <= set(run.issues["issue_id"])
    assert set(run.statements["stakeholder_id"]) - {""} <= set(run.stakeholders["stakeholder_id"])
    assert (run.stakeholders["name"] != "").all()


@pytest.mark.slow
def test_load_run_extracts_a_corpus_folder_in_memory(tmp_path):
    one = sorted(p for p in CORPUS.iterdir() if p.suffix == ".md")[0]
    shutil.copy(one, tmp_path / one.name)
    run = P.load_run(tmp_path)
    assert run.path is None and list(run.articles["file"]) == [one.name]
    assert not (tmp_path / "run.json").exists()


def test_load_run_errors_name_the_folder_or_file(tmp_path):
    with pytest.raises(P.RunError, match="no such run or corpus folder"):
        P.load_run(tmp_path / "missing")
    (tmp_path / "run.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(P.RunError, match=r"run\.json: not valid JSON"):
        P.load_run(tmp_path)


def test_issue_table_appends_issues_unknown_to_the_codebook(tmp_path):
    st = statements({"issue_id": "zz_unknown"})
    issues = P.issue_table(None, st)
    assert list(issues["issue_id"]) == ["zz_unknown"]  # the bundled codebook does not hold it: ids only
    missing = P.issue_table(tmp_path / "gone.yaml", st)
    assert list(missing["label"]) == ["zz_unknown"]


def test_summary_counts(corpus_run):
    run = P.load_run(corpus_run)
    s = dict(P.summary(run).values)
    assert int(s["statements"]) == len(run.statements)
    assert int(s["events"]) == len(run.events)
    meta = json.loads((corpus_run / "run.json").read_text())
    assert meta == run.meta


def test_statements_below_min_confidence_are_set_apart_and_stay_apart():
    run = make_run(statements({"confidence": 0.9}, {"file": "a2.txt", "confidence": 0.45, "stance": "oppose"},
                              {"file": "a3.txt", "stakeholder_id": "BBB", "confidence": 0.7}))
    assert len(P.filter_run(run).statements) == 3 and P.filter_run(run).uncertain.empty  # no minimum: all count
    sure = P.filter_run(run, min_confidence=0.6)
    assert sorted(sure.statements["file"]) == ["a1.txt", "a3.txt"]
    assert list(sure.uncertain["file"]) == ["a2.txt"]
    assert P.stance_matrix(sure.statements)["n_oppose"].sum() == 0  # kept out of the matrix
    again = P.filter_run(sure, stakeholders="AAA")  # a later filter keeps the minimum and narrows both
    assert list(again.statements["file"]) == ["a1.txt"] and list(again.uncertain["file"]) == ["a2.txt"]
    assert again.min_confidence == 0.6
    with pytest.raises(P.RunError, match="not between 0 and 1"):
        P.filter_run(run, min_confidence=2)
    with pytest.raises(P.RunError, match="not a number"):
        P.filter_run(run, min_confidence="high")
