"""The extraction's spaCy pipeline: components listed in nlp.pipe_names, mentions as spans of one Doc per article,
attribution constructions read from data/attribution.yaml, and broken patterns refused before any work."""
import datetime as dt
import shutil

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.extraction.codebook import load_codebook
from analysis.extraction.lexicon import load_lexicon
from analysis.extraction.pipeline import Extractor
from analysis.io.errors import ConfigError
from analysis.io.ingest import Article

from conftest import DATA

RULES = ["stakeholder_lemma_norms", "stakeholder_names", "stakeholder_titles", "stakeholder_issue_cues",
         "stakeholder_implicit", "stakeholder_cues", "stakeholder_event_triggers", "stakeholder_attribution",
         "stakeholder_actors", "stakeholder_issues"]


def test_the_components_are_in_the_pipeline(extractor):
    names = extractor.nlp.pipe_names
    assert names[-len(RULES):] == RULES
    assert {"tagger", "parser", "lemmatizer"} <= set(names) and "ner" not in names


def test_an_article_is_one_doc_with_mentions_as_spans(extractor):
    article = Article(file="a.txt", title="Talks", published=dt.date(2025, 3, 4),
                      paragraphs=["Talks", "The German chancellor said Germany was ready to send troops.",
                                  "He added that such a force would need a mandate."])
    doc = extractor.parse(article)
    # the headline holds nothing worth parsing; each parsed sentence knows its place in the clean text
    assert [p._.offset for p in doc.spans["pieces"]] == [o for o, text in article.paragraph_spans() if text != "Talks"]
    assert all(article.text[p._.offset:p._.offset + len(p.text)] == p.text for p in doc.spans["pieces"])
    actors = {m.text: m for m in doc.spans["actors"]}
    assert actors["Germany"].label_ == "state" and actors["Germany"]._.stakeholder == "DEU"
    title = actors["The German chancellor"] if "The German chancellor" in actors else actors["German chancellor"]
    assert title._.stakeholder == "DEU" and title._.role == "head_of_government" and title._.person
    issues = [(s.text, s._.issue_id, s._.anaphor) for s in doc.spans["issues"]]
    assert ("send troops", "european_troops", False) in issues and ("such a force", "", True) in issues
    said = next(t for t in doc if t.lower_ == "said")
    assert "speech" in said._.cues and said._.links["speaker"]


def test_a_parse_failure_of_nothing_gives_an_empty_doc(extractor):
    doc = extractor.parse(Article(file="e.txt", title="", paragraphs=[]))
    assert len(doc) == 0 and list(doc.spans["pieces"]) == []


def attribution_without(tmp_path, label):
    """A copy of the bundled lexicon whose attribution file lacks the patterns labelled `label`."""
    import yaml
    shutil.copy(DATA / "lexicon.yaml", tmp_path / "lexicon.yaml")
    raw = yaml.safe_load((DATA / "attribution.yaml").read_text())
    raw["patterns"] = [p for p in raw["patterns"] if p["label"] != label]
    (tmp_path / "attribution.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    return load_codebook(lexicon=load_lexicon(tmp_path / "lexicon.yaml"))


def test_attribution_constructions_are_data(tmp_path):
    article = Article(file="a.txt", title="x", published=dt.date(2025, 3, 4),
                      paragraphs=["x", "European troops must be part of any guarantee, according to Poland."])
    with_source = Extractor(load_codebook()).article(article).statements
    without = Extractor(attribution_without(tmp_path, "source")).article(article).statements
    assert {r["stakeholder_id"] for r in with_source} == {"POL"}
    assert without == []


def codebook_with_cue(tmp_path, cue: str):
    path = tmp_path / "codebook.yaml"
    path.write_text("name: x\nissues:\n  - id: a\n    description: d\n    cues:\n      - force\n"
                    f"      - {cue}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("cue, message", [
    ("{pattern: [{LEMA: force}]}", "LEMA"),
    ("{pattern: [{LOWER: on}]}", "true/false"),
    ("{pattern: [{LEMMA: force, OP: '%'}]}", "OP"),
])
def test_a_broken_token_pattern_is_refused_at_load_with_file_line_and_fix(tmp_path, cue, message):
    path = codebook_with_cue(tmp_path, cue)
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert err.value.file == str(path) and err.value.line == 7 and err.value.fix
    assert message in str(err.value)


def test_a_broken_token_pattern_stops_the_run_before_any_work(tmp_path):
    path = codebook_with_cue(tmp_path, "{pattern: [{LEMA: force}]}")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["extract", str(DATA / "corpus"), "--out", str(out), "--codebook", str(path)])
    assert result.exit_code == 2
    assert f"{path}:7" in result.output and "fix:" in result.output
    assert not out.exists()


def test_a_broken_dependency_pattern_is_refused_with_its_line(tmp_path):
    shutil.copy(DATA / "lexicon.yaml", tmp_path / "lexicon.yaml")
    text = (DATA / "attribution.yaml").read_text().replace("REL_OP: \">\", RIGHT_ID: speaker",
                                                            "REL_OP: \"=>>\", RIGHT_ID: speaker")
    (tmp_path / "attribution.yaml").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "label: speaker" in row)
    with pytest.raises(ConfigError) as err:
        load_lexicon(tmp_path / "lexicon.yaml")
    assert err.value.file == str(tmp_path / "attribution.yaml") and err.value.line == line
    assert "speaker" in str(err.value) and err.value.fix


def test_patterns_that_passed_are_not_checked_again(tmp_path, monkeypatch):
    from analysis.extraction import checks
    monkeypatch.setenv("STAKEHOLDERS_CACHE", str(tmp_path / "cache"))
    load_codebook()
    calls = []
    monkeypatch.setattr(checks, "_objection", lambda kind, p: calls.append(p) or (None, "", ""))
    load_codebook()
    assert calls == []
    path = codebook_with_cue(tmp_path, "{pattern: [{LEMMA: troop}]}")
    load_codebook(path)
    assert calls  # a new pattern is checked
