"""`stakeholders explain` and the notebook helper: how a sentence is read, from the run's own extraction (the
holder and the path to it, the stance with its cues, negations and condition, the date and its basis), as a
stable JSON document, as rich text, and as displaCy views; bad input exits 2 with the fix."""
import datetime as dt
import json
import re

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.extraction.explain import explain, extractor_for
from analysis.report.reading import explain as notebook_explain

from conftest import ROOT

runner = CliRunner()
DAY = "2025-03-04"

DOC = ROOT / "docs" / "EXPLAIN.md"


def documented_keys() -> dict[str, set[str]]:
    """The keys docs/EXPLAIN.md lists under each of its headings ("## statement" -> {"stakeholder_id", ...})."""
    parts = re.split(r"^## (\S+)$", DOC.read_text(encoding="utf-8"), flags=re.M)
    return {name: set(re.findall(r"^\| `(\w+)` \|", body, flags=re.M)) for name, body in zip(parts[1::2], parts[2::2])}


def explained(*args: str) -> dict:
    result = runner.invoke(app, ["explain", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def statements(document: dict) -> list[dict]:
    return [st for s in document["sentences"] for st in s["statements"] if st["outcome"] == "kept"]


def test_the_subject_of_a_speech_verb_holds_the_position():
    doc = explained("Italy said that security guarantees for Ukraine were essential.", "--published", DAY)
    [st] = statements(doc)
    assert (st["stakeholder_id"], st["issue_id"], st["stance"]) == ("ITA", "security_guarantees", "support")
    assert st["holder"]["found_at"] == "said" and st["holder"]["route"] == "path"
    assert st["holder"]["subjects"] == [{"text": "Italy", "dep": "nsubj", "tokens": [0, 1]}]
    assert st["evidence"]["cues"] == ["essential"]
    [sentence] = doc["sentences"]
    assert {"text": "said", "label": "speech", "tokens": [1, 2]} in sentence["cues"]
    assert [i["issue_id"] for i in sentence["issues"]] == ["security_guarantees"]


def test_the_json_document_has_the_keys_its_page_lists():
    doc = explained("The Polish president said Italy backs security guarantees for Ukraine.")
    keys = documented_keys()
    assert set(doc) == keys["document"] and doc["format"] == 1 and doc["published"] is None
    [sentence] = doc["sentences"]
    assert set(sentence) == keys["sentence"]
    assert all(set(a) == keys["actor"] for a in sentence["actors"]) and len(sentence["actors"]) == 3
    [st] = sentence["statements"]
    assert set(st) == keys["statement"] and set(st["holder"]) == keys["holder"]
    assert st["date"]["basis"] == "unknown" and st["date"]["start"] == ""  # no publication day, no date


def test_a_negated_stance_names_its_negation():
    [st] = statements(explained("Hungary does not support sending troops to Ukraine.", "--published", DAY))
    assert (st["stakeholder_id"], st["stance"]) == ("HUN", "oppose")
    assert st["evidence"]["cues"] == ["support"]
    assert st["evidence"]["negations"] == 1 and st["evidence"]["negation_words"] == ["not"]


def test_a_conditional_stance_gives_its_condition_and_the_speaker():
    [st] = statements(explained("France is ready to deploy peacekeepers if a ceasefire is agreed, Macron said.",
                                "--published", DAY))
    assert (st["stakeholder_id"], st["stance"], st["conditional"]) == ("FRA", "support", True)
    assert st["condition"] == "if a ceasefire is agreed"
    assert st["speaker"]["name"] == "Emmanuel Macron" and st["speaker"]["role"] == "head_of_state"


def test_a_relative_date_is_resolved_against_the_publication_day():
    doc = explained("Spain backed security guarantees for Ukraine last week.", "--published", DAY)
    [st] = statements(doc)
    assert st["date"] == {"start": "2025-02-24", "end": "2025-03-02", "precision": "week", "basis": "text",
                          "text": "last week", "anchors": ["guarantees", "backed"]}
    assert doc["published"] == DAY


def test_a_sentence_with_no_position_says_why():
    doc = explained("The weather in Brussels was cold on Monday.", "--published", DAY)
    [sentence] = doc["sentences"]
    assert sentence["statements"] == [] and not sentence["parsed"]
    assert "pre-filter" in sentence["note"]
    doc = explained("Dutch Prime Minister Dick Schoof met the Polish president in Kyiv.", "--published", DAY)
    [sentence] = doc["sentences"]
    assert sentence["statements"] == [] and sentence["note"] == "no issue of the codebook is named"


def test_a_person_is_read_through_the_role_held_on_the_day():
    doc = explained("Poland's foreign minister said on Monday that Warsaw supports security guarantees.",
                    "--published", DAY)
    [sentence] = doc["sentences"]
    minister = next(a for a in sentence["actors"] if a["role"])
    assert (minister["kind"], minister["stakeholder"], minister["role"]) == ("title", "POL", "foreign_minister")
    assert minister["person"] and minister["role_start"] <= DAY
    [st] = statements(doc)
    assert st["speaker"]["name"] == minister["person"] and st["holder"]["subjects"][0]["text"] == "Warsaw"
    assert st["date"]["start"] == "2025-03-03" and st["date"]["text"] == "on Monday"


def test_several_sentences_carry_the_speaker_and_the_quotation_over():
    doc = explained("Dutch Prime Minister Dick Schoof met Zelensky in Kyiv.\n\nHe said the Netherlands would back "
                    "security guarantees.", "--published", DAY)
    first, second = doc["sentences"]
    assert first["statements"] == [] and second["char_start"] > first["char_end"]
    [st] = second["statements"]
    assert st["stakeholder_id"] == "NLD" and st["speaker"]["name"] == "Dick Schoof"  # "He", from the sentence before
    assert st["evidence"]["modal_words"] == ["would"]
    doc = explained('"We will not send troops," the Hungarian foreign minister said. "Our position is clear: we '
                    'oppose a European force in Ukraine."', "--published", DAY)
    last = doc["sentences"][-1]["statements"]
    assert [(st["stakeholder_id"], st["stance"], st["holder"]["resolved_by"]) for st in last] == \
        [("HUN", "oppose", "quote")]


def test_a_headline_is_read_as_the_article_s():
    doc = explained("Berlin would not rule out it, the minister said.", "--title", "Germany rejects sending troops",
                    "--published", DAY)
    headline = doc["sentences"][0]
    assert headline["headline"] and headline["text"] == "Germany rejects sending troops"
    assert [(st["stakeholder_id"], st["stance"]) for st in headline["statements"]] == [("DEU", "oppose")]
    assert not doc["sentences"][1]["headline"]


def test_the_explanation_is_the_run_s_own_reading():
    """Every kept statement is the row extraction writes for the same article (same id, stance, date)."""
    from analysis.io.ingest import Article

    text = "France is ready to deploy peacekeepers if a ceasefire is agreed, Macron said."
    ex = extractor_for()
    rows = ex.article(Article(file="explain", paragraphs=[text], published=dt.date(2025, 3, 4))).statements
    doc = explain(text, dt.date(2025, 3, 4), extractor=ex).as_dict()
    assert [(r["statement_id"], r["stance"], r["condition"]) for r in rows] == \
        [(st["statement_id"], st["stance"], st["condition"]) for st in statements(doc)]
    outcomes = [st["outcome"] for s in doc["sentences"] for st in s["statements"]]
    assert outcomes == ["kept", "merged"]  # "deploy" and "peacekeepers" name the issue twice: one row


def test_the_readable_output_shows_holder_path_and_stance():
    result = runner.invoke(app, ["explain", "Hungary does not support sending troops to Ukraine.",
                                 "--published", DAY], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "HUN OPPOSE european_troops" in out
    assert 'found at "support" · Hungary (nsubj)' in out
    assert "negations: 1 (not)" in out


@pytest.mark.parametrize("args, message", [
    (["", "--published", DAY], "nothing to explain"),
    (["   \n  "], "nothing to explain"),
    (["Spain backed security guarantees.", "--published", "4 March"], "is not a day: write it as YYYY-MM-DD"),
    (["Spain backed security guarantees.", "--published", "2025-02-30"], "is not a day"),
    (["Spain backed security guarantees.", "--codebook", "no-such-codebook.yaml"], "no-such-codebook.yaml"),
])
def test_bad_input_exits_2_with_the_fix(args, message):
    result = runner.invoke(app, ["explain", *args], terminal_width=200)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_the_notebook_helper_shows_displacy_views_and_the_holder():
    reading = notebook_explain("France is ready to deploy peacekeepers if a ceasefire is agreed, Macron said.",
                               published=DAY)
    page = reading._repr_html_()
    assert 'class="spans"' in page  # displaCy's span view
    assert 'class="displacy"' in page and "<svg" in page  # displaCy's dependency parse
    assert "holder: FRA" in page and "actor: FRA" in page and "issue: european_troops" in page
    assert "if a ceasefire is agreed" in page
    table = reading.statements()
    assert list(table["statement"]) == ['FRA SUPPORT european_troops ("deploy"), confidence 0.75, kept',
                                        'FRA SUPPORT european_troops ("peacekeepers"), confidence 0.75, merged']
    assert "holder: FRA (person)" in repr(reading)


def test_the_notebook_helper_escapes_the_text():
    page = notebook_explain('Spain backed security guarantees <script>alert(1)</script> for Ukraine.',
                            published=DAY)._repr_html_()
    assert "<script" not in page and "</script" not in page
    assert page.count("alert(1)&lt;/script") == 2  # in the span view and in the parse
    page = notebook_explain("<b>Nothing</b> here.", parse=False)._repr_html_()
    assert "<b>" not in page and "&lt;b&gt;Nothing" in page


def test_a_holder_named_outside_the_verb_is_read_through_the_source():
    [st] = statements(explained("Sending troops to Ukraine would be a mistake, according to the Hungarian foreign "
                                "minister.", "--published", DAY))
    assert (st["stakeholder_id"], st["stance"], st["holder"]["route"]) == ("HUN", "oppose", "source")
    assert st["speaker"]["role"] == "foreign_minister"
