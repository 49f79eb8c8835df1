"""Accuracy on hand-coded gold: the bundled illustrative corpus and a second, unrelated domain (plastics treaty)
that runs on its own codebook and actor files with no code change. The figures are those of the reference
scorer (tests/reference/score.py), which analysis.evaluate agrees with."""
import re

import pandas as pd
import pytest
import yaml

from analysis.extraction.actors import load_actors
from analysis.extraction.codebook import load_codebook
from analysis.explore.evaluate import evaluate
from analysis.extraction.pipeline import Extractor
from analysis.runs.runner import extract_corpus

from conftest import GOLD, ROOT

PLASTICS = ROOT / "tests" / "domains" / "plastics"


def overall(gold_path, tables) -> pd.Series:
    table, messages = evaluate(gold_path, tables["statements"], tables["events"])
    print("\n".join(messages))
    return table.iloc[-1]


@pytest.fixture(scope="module")
def corpus_tables(corpus_run):
    from analysis.io.store import read_run
    return {name: read_run(corpus_run, name) for name in ("statements", "events")}


@pytest.fixture(scope="module")
def plastics_tables():
    codebook = load_codebook(PLASTICS / "codebook.yaml")
    extractor = Extractor(codebook, load_actors(PLASTICS / "actors", shared_roles=codebook.lexicon.shared_roles))
    return extract_corpus(PLASTICS / "corpus", extractor=extractor)


def test_illustrative_corpus_meets_its_gold(corpus_tables):
    gold = yaml.safe_load((GOLD / "corpus.yaml").read_text(encoding="utf-8"))
    assert len(gold) >= 15
    row = overall(GOLD / "corpus.yaml", corpus_tables)
    assert row.f1 >= 0.9, row.to_dict()
    assert row.speaker_ok / row.speaker_n >= 0.9
    assert row.date_ok / row.date_n >= 0.9
    assert row.quantity_ok == row.quantity_n
    assert row.dedupe_ok == row.dedupe_n


@pytest.mark.slow
def test_second_domain_meets_its_gold_with_no_code_change(plastics_tables):
    row = overall(PLASTICS / "gold.yaml", plastics_tables)
    assert row.f1 >= 0.9, row.to_dict()
    assert row.speaker_ok == row.speaker_n
    assert row.quantity_ok == row.quantity_n
    issues = set(plastics_tables["statements"]["issue_id"])
    assert issues <= set(load_codebook(PLASTICS / "codebook.yaml").issue_ids)


def test_every_statement_row_is_traceable(corpus_tables):
    st = corpus_tables["statements"]
    assert st["codebook_version"].nunique() == 1
    assert (st["char_end"] > st["char_start"]).all()
    assert st["issue_id"].isin(load_codebook().issue_ids).all()
    assert st["stance"].isin(["support", "oppose", "neutral"]).all()
    groups = st[st["speaker_kind"] == "group"]
    assert (groups["stakeholder_id"] == "").all() and (groups["group_label"] != "").all()


def names_from_data() -> set[str]:
    """Every person, state and capital name the data files know (the code must not know any of them)."""
    actors = load_actors()
    names = {r.person for r in actors.roles}
    for actor in actors.actors.values():
        names.update(n for n in actor.names + actor.demonyms + actor.places if len(n) > 3)
    for path in (GOLD / "corpus.yaml", PLASTICS / "gold.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).values():
            names.update(p["person"] for p in entry.get("positions", []) if p.get("person"))
    return names


def test_code_holds_no_names_from_articles_or_data():
    files = sorted((ROOT / "analysis").rglob("*.py"))
    assert len(files) > 30  # every module of every subpackage
    source = "\n".join(p.read_text(encoding="utf-8") for p in files)
    names = sorted(names_from_data(), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    found = sorted(set(pattern.findall(source)))
    assert not found, f"names in analysis/ code: {found}"


def test_the_name_guard_finds_a_name_in_code():
    names = sorted(names_from_data(), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    someone = next(n for n in names if " " in n)
    assert pattern.findall(f"x = '{someone}'") == [someone]
