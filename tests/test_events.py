"""Event rules on text written for the tests (tests/cases/events.yaml): planned meetings, ranges, dated
statements, datelines, year boundaries; negated or hypothetical happenings are no events; one event per
happening in an article."""
import datetime as dt

import pytest
import yaml

from analysis.io.ingest import Article, split_paragraphs

from conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "events.yaml").read_text(encoding="utf-8"))


def events_of(extractor, text, published):
    paragraphs = split_paragraphs(text)
    article = Article(file="case.txt", title=paragraphs[0], paragraphs=paragraphs,
                      published=dt.date.fromisoformat(str(published)), published_basis="manifest")
    return extractor.article(article).events


def matches(event: dict, want: dict) -> bool:
    for key, value in want.items():
        if key == "actors":
            if str(value) not in event["actors"].split(";"):
                return False
        elif str(event[key]) != str(value):
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_event_case(extractor, case):
    events = events_of(extractor, case["text"], case["published"])
    shown = "\n".join(f"{e['date_start']}..{e['date_end']} {e['kind']} [{e['actors']}] {e['description']}" for e in events)
    for want in case.get("expect", []):
        assert any(matches(e, want) for e in events), f"missing {want}\n{shown}"
    for bad in case.get("forbid", []):
        assert not any(matches(e, bad) for e in events), f"forbidden {bad}\n{shown}"
    if "max_events" in case:
        rule = dict(case["max_events"])
        count = rule.pop("count")
        assert sum(matches(e, rule) for e in events) <= count, shown


def test_event_ids_are_stable_within_an_article(extractor):
    text = CASES[-2]["text"]
    first = [e["event_id"] for e in events_of(extractor, text, "2025-05-10")]
    assert first and first == [e["event_id"] for e in events_of(extractor, text, "2025-05-10")]
    assert len(set(first)) == len(first)
