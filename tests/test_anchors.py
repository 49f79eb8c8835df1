"""Decisions that survive edits: a decision whose article changed is re-anchored by its sentence (exact, then
normalised, then a close match), reported only when it cannot be placed; a confirm after a change applies to the
changed statement."""
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.io.store import read_run
from analysis.runs import anchors
from analysis.runs import corrections as corr
from analysis.runs import decisions as dec

from conftest import CORPUS
from test_corrections import decisions, machine_frame

runner = CliRunner()
SENTENCE = "Ruritania said it would send engineers to the border."
OLD = "Headline\n\nA first sentence here. " + SENTENCE + " And more."
ARTICLES = pd.DataFrame({"file": ["a.txt"], "article_id": ["new"], "published": ["2025-01-02"],
                         "codebook_version": ["v1"]})


def machine(text: str, sentence: str = SENTENCE, article: str = "new"):
    start = text.index(sentence)
    return machine_frame([{"article_id": article, "char_start": start, "char_end": start + len(sentence),
                           "stakeholder_id": "XXA", "issue_id": "i1", "evidence": sentence}])


def confirm_on_old():
    start = OLD.index(SENTENCE)
    return decisions({"action": "confirm", "article_id": "old", "char_start": str(start),
                      "char_end": str(start + len(SENTENCE)), "stakeholder_id": "XXA", "issue_id": "i1",
                      "stance": "support", "evidence": SENTENCE})


@pytest.mark.parametrize("new_text, step", [
    ("Headline\n\nA new first sentence, longer than it was. " + SENTENCE + " And more.", "exact"),
    ("Headline\n\nA first sentence here. " + SENTENCE.upper().replace(" ", "  ") + " And more.", "normalised"),
    ("Headline\n\nA first sentence here. " + SENTENCE.replace("would", "will") + " And more.", "close"),
])
def test_a_decision_whose_article_changed_is_re_anchored(new_text, step):
    sentence = next(s for s in (SENTENCE, SENTENCE.upper().replace(" ", "  "), SENTENCE.replace("would", "will"))
                    if s in new_text)
    st = machine(new_text, sentence)
    applied = corr.apply_corrections(st, confirm_on_old(), ARTICLES, texts={"new": new_text})
    assert applied.counts["applied"] == 1 and applied.problems.empty
    assert applied.statements.loc[0, "origin"] == "confirmed"
    assert f"re-anchored by its sentence ({step} match)" in applied.log.loc[0, "message"]
    assert applied.log.loc[0, "article_id"] == "new"


def test_without_the_texts_or_the_sentence_it_is_reported_with_the_reason():
    other = "Headline\n\nNothing of the kind is said here at all. Another sentence entirely."
    st = machine(OLD.replace("old", "x"))
    unknown = corr.apply_corrections(st, confirm_on_old(), ARTICLES, texts={"new": other})
    assert unknown.counts["unmatched"] == 1
    message = unknown.log.loc[0, "message"]
    assert "its article changed and its sentence is in no article" in message and "0.85 needed" in message
    none = corr.apply_corrections(st, confirm_on_old(), ARTICLES)  # no texts: as before, reported
    assert none.counts["unmatched"] == 1 and "its article is not in this extraction" in none.log.loc[0, "message"]


def test_a_sentence_in_two_articles_is_not_guessed():
    found = anchors.find_sentence(SENTENCE, {"a": OLD, "b": "x. " + SENTENCE})
    assert isinstance(found, str) and "in 2 articles" in found


def test_the_occurrence_nearest_the_old_offset_is_taken():
    text = SENTENCE + " Between. " + SENTENCE
    near_end = anchors.find_sentence(SENTENCE, {"a": text}, near=len(text) - 3)
    near_start = anchors.find_sentence(SENTENCE, {"a": text}, near=0)
    assert near_start[1] == 0 and near_end[1] == text.rindex(SENTENCE)


def test_the_threshold_is_stated_and_holds():
    assert anchors.THRESHOLD == 0.85
    changed = SENTENCE.replace("engineers to the border", "a letter to the capital")
    ratio, _ = anchors._best_close(SENTENCE, changed)
    assert ratio < anchors.THRESHOLD  # another sentence, not an edited one
    assert isinstance(anchors.find_sentence(SENTENCE, {"a": changed}), str)


def test_an_add_is_re_anchored_with_the_new_sentence():
    new_text = "Headline\n\nA changed first sentence. " + SENTENCE.replace("would", "will") + " And more."
    start = OLD.index(SENTENCE)
    add = decisions({"action": "add", "article_id": "old", "char_start": str(start),
                     "char_end": str(start + len(SENTENCE)), "stakeholder_id": "XXB", "issue_id": "i1",
                     "stance": "oppose", "evidence": SENTENCE})
    applied = corr.apply_corrections(machine(new_text, SENTENCE.replace("would", "will")), add, ARTICLES,
                                     texts={"new": new_text})
    added = applied.statements[applied.statements["origin"] == "added"].iloc[0]
    assert added["evidence"] == SENTENCE.replace("would", "will")
    assert new_text[added["char_start"]:added["char_end"]] == added["evidence"]


def test_a_confirm_after_a_change_applies_to_the_changed_statement():
    st = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1", "stance": "support"}])
    key = {"char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "stance": "support"}
    applied = corr.apply_corrections(st, decisions(
        {"action": "change", **key, "new_stance": "neutral"},
        {"action": "confirm", **key},
    ), ARTICLES.assign(article_id="a1"))
    assert applied.log["status"].tolist() == ["applied", "applied"]
    assert "as an earlier change left it" in applied.log.loc[1, "message"]
    row = applied.statements.iloc[0]
    assert (row["stance"], row["origin"]) == ("neutral", "corrected")  # a confirm keeps a correction's origin
    assert applied.log.loc[1, "statement_id"] == row["statement_id"]


def test_a_statement_the_machine_no_longer_makes_is_not_blamed_on_the_text():
    st = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1"}])
    applied = corr.apply_corrections(st, decisions(
        {"action": "confirm", "char_start": "0", "stakeholder_id": "XXB", "issue_id": "i1"}),
        ARTICLES.assign(article_id="a1"))
    message = applied.log.loc[0, "message"]
    assert "no longer makes it" in message and "text changed" not in message


@pytest.mark.slow
def test_one_character_changed_keeps_every_decision(tmp_path):
    """The CLI: a decision on each statement of an article, one character of the article changed, extract again:
    every decision applies."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "kyiv-visit-ceasefire.md"
    shutil.copy(CORPUS / name, corpus / name)
    first = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "one"), "--quiet"])
    assert first.exit_code == 0, first.output
    st = read_run(tmp_path / "one", "statements")
    assert len(st) >= 2
    when = {"analyst": "A", "time": "2025-06-01T09:00:00+00:00"}
    dec.append_corrections(corpus / "corrections.csv",
                           [{"action": "confirm", **{c: r[c] for c in dec.KEY}, "evidence": r["evidence"], **when}
                            for r in st.to_dict("records")])
    text = (corpus / name).read_text(encoding="utf-8")
    at = text.rindex("e")  # one letter changed, near the end
    (corpus / name).write_text(text[:at] + "a" + text[at + 1:], encoding="utf-8")
    second = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "two"), "--quiet"])
    assert second.exit_code == 0, second.output
    assert read_run(tmp_path / "two", "articles")["article_id"].iloc[0] != st["article_id"].iloc[0]
    log = corr.read_log(tmp_path / "two")
    assert log["status"].eq("applied").all(), log[["status", "message"]].to_string()
    assert log["message"].str.contains("re-anchored").all()
    assert read_run(tmp_path / "two", "statements")["origin"].eq("confirmed").sum() == len(st)
