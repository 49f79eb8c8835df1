"""Stance histories, changes of stance and events merged across articles (analysis.timeline), and coverage
(analysis.coverage), on a small multi-article case built here."""
import pandas as pd
import pytest

from analysis.explore import coverage as C
from analysis.explore import timeline as T
from analysis.io.contract import frame

from test_positions import articles, statements


def _day(d: str, **row) -> dict:
    return {"date_start": d, "date_end": d, "date_precision": "day", "published": d, **row}


def changing_stakeholder() -> pd.DataFrame:
    """Four articles: AAA opposes in January and February, supports from March (twice that day, from two
    speakers) and in April; BBB supports throughout. Files are named against time order on purpose."""
    return statements(
        _day("2025-01-10", file="d.txt", stance="oppose", evidence="AAA rejects it.", speaker_name="Speaker One"),
        _day("2025-02-01", file="c.txt", stance="oppose", evidence="AAA still rejects it."),
        _day("2025-03-05", file="b.txt", stance="support", evidence="AAA now backs it.", speaker_name="Speaker Two",
             char_start=0),
        _day("2025-03-05", file="b.txt", stance="support", evidence="AAA backs it again.", char_start=50),
        _day("2025-04-01", file="a.txt", stance="support", evidence="AAA backs it still."),
        _day("2025-01-10", file="d.txt", stakeholder_id="BBB", char_start=90, evidence="BBB backs it."),
        _day("2025-04-01", file="a.txt", stakeholder_id="BBB", char_start=90, evidence="BBB backs it too."),
    )


def test_a_change_of_stance_is_reported_with_both_evidence_sentences():
    changes = T.stance_changes(changing_stakeholder())
    assert len(changes) == 1
    c = changes.iloc[0]
    assert (c.stakeholder_id, c.issue_id, c.from_stance, c.to_stance) == ("AAA", "issue_a", "oppose", "support")
    assert (c.from_date, c.to_date) == ("2025-02-01", "2025-03-05")
    assert (c.from_evidence, c.to_evidence) == ("AAA still rejects it.", "AAA now backs it.")
    assert (c.from_file, c.to_file) == ("c.txt", "b.txt")
    assert c.to_speaker == "Speaker Two" and c.from_speaker == ""  # no named speaker: empty, not the code
    assert list(changes.columns) == T.CHANGE_COLUMNS


def test_stance_history_first_and_last_seen_and_path():
    h = T.stance_history(changing_stakeholder()).set_index("stakeholder_id")
    a = h.loc["AAA"]
    assert (a.first_seen, a.last_seen) == ("2025-01-10", "2025-04-01")
    assert (a.first_stance, a.latest_stance, a.n_changes, a.path) == ("oppose", "support", 1, "oppose > support")
    assert a.n_statements == 5 and a.n_undated == 0
    b = h.loc["BBB"]
    assert (b.n_changes, b.path) == (0, "support")


def test_same_day_tie_keeps_the_stance_held_before():
    st = statements(
        _day("2025-01-01", stance="oppose"),
        _day("2025-01-05", stance="support", file="b.txt"), _day("2025-01-05", stance="oppose", file="b.txt",
                                                                 char_start=40),
    )
    assert T.stance_changes(st).empty
    assert T.stance_history(st).iloc[0].path == "oppose"
    # the majority of a day decides, whatever the sentence order
    st = pd.concat([st, statements(_day("2025-01-05", stance="support", file="c.txt"))], ignore_index=True)
    assert list(T.stance_changes(st)["to_stance"]) == ["support"]


def test_a_tie_without_a_stance_held_before_goes_to_the_tied_stance_said_last():
    order = ["support", "oppose", "support", "oppose", "neutral"]  # the neutral sentence is last, but not tied
    st = statements(*(_day("2025-01-05", stance=s, char_start=10 * i) for i, s in enumerate(order)))
    assert T.stance_history(st).iloc[0].path == "oppose"
    moment = T.stance_moments(st).iloc[0]
    assert (moment.n_statements, moment.stance) == (5, "oppose")


def test_undated_statements_are_counted_but_not_placed_in_time():
    st = statements(_day("2025-01-01", stance="oppose"),
                    {"date_start": "", "date_end": "", "date_precision": "unknown", "stance": "support",
                     "file": "z.txt", "published": ""})
    h = T.stance_history(st).iloc[0]
    assert (h.n_statements, h.n_undated, h.n_changes, h.path) == (2, 1, 0, "oppose")
    only_undated = statements({"date_start": "", "date_end": "", "stance": "support"})
    h = T.stance_history(only_undated).iloc[0]
    assert (h.first_seen, h.path, h.n_changes) == ("", "", 0)


def test_histories_leave_out_unnamed_groups_and_handle_empty_input():
    st = statements(_day("2025-01-01", stakeholder_id="", group_label="many officials"))
    assert T.stance_history(st).empty and T.stance_changes(st).empty
    assert list(T.stance_history(st).columns) == T.HISTORY_COLUMNS


# ---------------------------------------------------------------------------------------------------- events

def events(*rows: dict) -> pd.DataFrame:
    base = {"file": "a1.txt", "event_id": "E01", "date_start": "2025-03-06", "date_end": "2025-03-06",
            "date_precision": "day", "description": "", "actors": "", "issue_ids": "", "kind": "meeting",
            "evidence": "", "char_start": 0, "char_end": 1}
    df = frame("events", [{**base, **r} for r in rows])
    df["source"] = df["file"].str.upper()
    df["title"] = "title of " + df["file"]
    return df


def test_the_same_happening_in_several_articles_becomes_one_row_with_all_sources():
    ev = events(
        {"file": "a1.txt", "description": "leaders met in the capital to discuss the reassurance force",
         "actors": "AAA;BBB", "issue_ids": "issue_a", "evidence": "one"},
        {"file": "a2.txt", "date_start": "2025-03-03", "date_end": "2025-03-09", "date_precision": "week",
         "description": "a meeting of leaders on the reassurance force", "actors": "AAA", "issue_ids": "issue_b"},
        {"file": "a3.txt", "description": "reassurance force leaders gathered", "actors": ""},
    )
    merged = T.merge_events(ev)
    assert len(merged) == 1
    row = merged.iloc[0]
    assert (row.date_start, row.date_end, row.date_precision) == ("2025-03-06", "2025-03-06", "day")
    assert row.n_sources == 3 and row.sources == "A1.TXT;A2.TXT;A3.TXT"
    assert row.actors == "AAA;BBB" and row.issue_ids == "issue_a;issue_b"
    assert row.event_ids == "a1.txt#E01;a2.txt#E01;a3.txt#E01" and row.evidence == "one"
    assert list(merged.columns) == T.MERGED_COLUMNS


@pytest.mark.parametrize("other, why", [
    ({"date_start": "2025-03-08", "date_end": "2025-03-08"}, "another day"),
    ({"actors": "CCC"}, "other actors"),
    ({"description": "a parliament vote on the budget"}, "other words"),
    ({"date_start": "", "date_end": "", "date_precision": "unknown"}, "an unknown date"),
    ({"file": "a1.txt", "event_id": "E02"}, "the same article"),
])
def test_events_are_not_merged_when(other, why):
    ev = events({"file": "a1.txt", "description": "leaders met to discuss the reassurance force", "actors": "AAA"},
                {"file": "a2.txt", "description": "leaders discuss the reassurance force", "actors": "AAA", **other})
    assert len(T.merge_events(ev)) == 2, why


def test_a_merged_event_never_holds_two_events_of_one_article():
    ev = events(
        {"file": "a1.txt", "event_id": "E01", "description": "leaders met to discuss the reassurance force"},
        {"file": "a1.txt", "event_id": "E02", "description": "leaders discuss the reassurance force plan"},
        {"file": "a2.txt", "event_id": "E01", "description": "leaders discuss the reassurance force plan"},
    )
    merged = T.merge_events(ev)
    assert len(merged) == 2
    assert all(len(set(f.split(";"))) == len(f.split(";")) for f in merged["files"])
    assert "a1.txt#E02;a2.txt#E01" in set(merged["event_ids"])  # the best pair is merged first


def test_merged_timeline_is_in_time_order_with_undated_last():
    ev = events({"file": "a1.txt", "date_start": "", "date_end": "", "date_precision": "unknown",
                 "description": "undated"},
                {"file": "a2.txt", "date_start": "2025-05-01", "date_end": "2025-05-01", "description": "later"},
                {"file": "a3.txt", "date_start": "2025-01-01", "date_end": "2025-01-01", "description": "earlier"})
    merged = T.merge_events(ev)
    assert list(merged["description"]) == ["earlier", "later", "undated"]
    assert list(merged["timeline_id"]) == ["T1", "T2", "T3"]
    assert T.merge_events(ev.iloc[:0]).empty


# ---------------------------------------------------------------------------------------------------- chart rows

def test_statement_marks_aggregate_and_mark_spans():
    st = statements(_day("2025-01-10", evidence="first"), _day("2025-01-10", evidence="second", char_start=30),
                    {"date_start": "2025-02-01", "date_end": "2025-02-28", "date_precision": "month"},
                    {"date_start": "", "date_end": ""})
    marks = T.statement_marks(st)
    assert len(marks) == 2
    day = marks.iloc[0]
    assert (day.n_statements, day.evidence, day.is_span, day.date_stop) == (2, "second", False, "2025-01-11")
    month = marks.iloc[1]
    assert (month.is_span, month.date_stop, month.date_precision) == (True, "2025-03-01", "month")


def test_statement_marks_widen_days_when_there_are_too_many_rows():
    days = pd.date_range("2025-01-01", periods=120, freq="D").strftime("%Y-%m-%d")
    st = statements(*(_day(d, stakeholder_id=h, char_start=i) for i, d in enumerate(days) for h in ("AAA", "BBB")))
    assert len(T.statement_marks(st, max_rows=1000)) == 240
    weekly = T.statement_marks(st, max_rows=40)
    assert set(weekly["date_precision"]) == {"week"} and len(weekly) <= 40
    assert pd.to_datetime(weekly["date_start"]).dt.day_of_week.eq(0).all()
    assert weekly["n_statements"].sum() == 240
    monthly = T.statement_marks(st, max_rows=10)
    assert set(monthly["date_precision"]) == {"month"} and len(monthly) == 8
    assert set(monthly["date_end"]) >= {"2025-02-28", "2025-04-30"}


def test_event_marks_one_lane_per_issue():
    merged = T.merge_events(events({"file": "a1.txt", "issue_ids": "issue_a;issue_b", "description": "x"},
                                   {"file": "a2.txt", "issue_ids": "", "description": "y",
                                    "date_start": "2025-04-01", "date_end": "2025-04-30",
                                    "date_precision": "month"}))
    marks = T.event_marks(merged, {"issue_a": "Issue A"})
    assert sorted(marks["lane"]) == ["Issue A", "issue_b", "no issue"]
    assert marks.set_index("lane").loc["no issue", "is_span"]


# ---------------------------------------------------------------------------------------------------- coverage

def test_articles_per_source_and_per_week():
    ar = articles({"file": "a.txt", "source": "S1", "published": "2025-03-05"},   # a Wednesday
                  {"file": "b.txt", "source": "S1", "published": "2025-03-09"},   # the Sunday of that week
                  {"file": "c.txt", "source": "S1", "published": ""},
                  {"file": "d.txt", "source": "", "published": "2025-03-10"},
                  {"file": "e.txt", "source": "S2", "published": "2025-03-10", "n_paragraphs": 0})
    per_source = C.articles_per_source(ar)
    assert per_source.values.tolist() == [["S1", 3, 1, "2025-03-05", "2025-03-09"],
                                          [C.UNKNOWN_SOURCE, 1, 0, "2025-03-10", "2025-03-10"]]
    per_week = C.articles_per_week(ar)
    assert per_week.values.tolist() == [["2025-03-03", "S1", 2], ["2025-03-10", C.UNKNOWN_SOURCE, 1], ["", "S1", 1]]
    assert C.articles_per_week(ar.iloc[:0]).empty and list(C.articles_per_source(ar.iloc[:0]).columns) == \
        C.SOURCE_COLUMNS


def test_histories_and_merged_events_from_extracted_articles(extractor):
    """tests/corpora/stance_change: Spain rules out troops in January and backs them in March; two articles
    report the same January meeting."""
    from analysis.runs.runner import extract_corpus

    from conftest import ROOT
    tables = extract_corpus(ROOT / "tests" / "corpora" / "stance_change", extractor=extractor)
    changes = T.stance_changes(tables["statements"])
    spain = changes[(changes["stakeholder_id"] == "ESP") & (changes["issue_id"] == "european_troops")]
    assert len(spain) == 1
    change = spain.iloc[0]
    assert (change.from_stance, change.to_stance) == ("oppose", "support")
    assert "no plans" in change.from_evidence and "once a ceasefire holds" in change.to_evidence
    assert change.from_date < change.to_date
    merged = T.merge_events(tables["events"])
    meeting = merged[merged["date_start"] == "2025-01-13"]
    assert len(meeting) == 1 and set(meeting.iloc[0]["files"].split(";")) == {"a-january.txt", "b-january-wire.txt"}
