"""The lexicon is general English: a phrase of three or more words that only one test text contains was most
likely written for that text, and belongs in that domain's codebook or nowhere."""
import re

import yaml

from analysis.io.ingest import read_corpus

from conftest import DATA, ROOT

MIN_WORDS = 3


def lexicon_phrases() -> set[str]:
    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
    raw = yaml.safe_load((DATA / "lexicon.yaml").read_text(encoding="utf-8"))
    return {p for p in walk(raw) if len(p.split()) >= MIN_WORDS}


def test_texts() -> dict[str, str]:
    """Every text the tests read: the bundled and second-domain corpora, the committed real news and the
    sentences of tests/cases, lower-cased with single spaces."""
    texts = {}
    folders = [DATA / "corpus", ROOT / "tests" / "domains" / "plastics" / "corpus",
               *sorted((ROOT / "tests" / "realnews").glob("set-*/open"))]
    for folder in folders:
        for article in read_corpus(folder):
            texts[f"{folder.name}/{article.file}"] = article.text
    for name in ("statements.yaml", "unseen.yaml", "idioms.yaml", "events.yaml"):
        for case in yaml.safe_load((ROOT / "tests" / "cases" / name).read_text(encoding="utf-8")):
            texts[f"{name}#{case['id']}"] = case["text"]
    return {k: " ".join(re.findall(r"[\w'’-]+", v.lower())) for k, v in texts.items()}


def texts_with(phrase: str, texts: dict[str, str]) -> list[str]:
    words = " ".join(re.findall(r"[\w'’-]+", phrase.lower()))
    return [name for name, text in texts.items() if f" {words} " in f" {text} "]


test_texts.__test__ = False  # a helper, not a test


def test_no_lexicon_phrase_serves_one_text():
    texts = test_texts()
    assert len(texts) > 50
    single = {p: found[0] for p in sorted(lexicon_phrases()) if len(found := texts_with(p, texts)) == 1}
    assert not single, f"lexicon phrases only one test text uses (move them to a codebook or drop them): {single}"


def test_the_check_sees_a_phrase_of_one_text():
    texts = {"a": "ministers said it was a road to nowhere", "b": "ministers met"}
    assert texts_with("road to nowhere", texts) == ["a"]
    assert texts_with("ministers", texts) == ["a", "b"]
