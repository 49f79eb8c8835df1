"""One bad file never stops a run: a front-matter day that does not exist, a paragraph longer than spaCy's
max_length without a full stop, and any error inside one article's extraction are each named in `problems` with
the file and the reason, and every other article is written."""
import datetime as dt
import shutil

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from analysis.cli import app
from analysis.extraction import pipeline
from analysis.extraction.pipeline import Extractor
from analysis.io.ingest import Article, split_paragraphs
from analysis.runs.runner import extract_corpus

from conftest import CORPUS

GOOD = [CORPUS / "european-troops-ukraine.txt", CORPUS / "german-chancellor-mandate.txt"]


def corpus_with(folder, **bad):
    folder.mkdir()
    for path in GOOD:
        shutil.copy(path, folder / path.name)
    manifest = (CORPUS / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (folder / "manifest.csv").write_text("\n".join([manifest[0]] + [line for line in manifest
                                                                   if line.startswith(tuple(p.name for p in GOOD))]))
    for name, text in bad.items():
        (folder / name.replace("_", ".", 1)).write_text(text, encoding="utf-8")
    return folder


def problems_of(tables, file):
    return "; ".join(tables["problems"].loc[tables["problems"]["file"] == file, "problem"])


def long_junk(chars: int) -> str:
    words = [f"w{n}" for n in range(chars // 6)]
    return " ".join(words)[:chars]


@pytest.mark.slow  # about 20 s: 1.4 MB of text parsed
def test_a_day_that_does_not_exist_and_an_over_long_paragraph_stop_nothing(tmp_path, extractor):
    corpus = corpus_with(tmp_path / "c", bad_md="---\ntitle: Broken date\npublished: 2025-13-45\n---\n\n"
                                               "Ministers met in Oslo on Monday.\n",
                         long_txt="A title\n\n" + long_junk(1_400_000) + "\n")
    tables = extract_corpus(corpus, extractor=extractor)
    articles = tables["articles"].set_index("file")
    assert set(articles.index) == {"bad.md", "long.txt", *(p.name for p in GOOD)}
    for path in GOOD:  # the good articles are all extracted, as on their own
        assert articles.loc[path.name, "published"] and articles.loc[path.name, "n_statements"] > 0
        assert (tables["statements"]["file"] == path.name).any()
    assert articles.loc["bad.md", "n_paragraphs"] == 2 and articles.loc["bad.md", "published"] == ""
    assert "front matter date '2025-13-45' is not a date" in problems_of(tables, "bad.md")
    assert articles.loc["long.txt", "n_paragraphs"] > 70
    assert "a paragraph of 1,400,000 characters read as" in problems_of(tables, "long.txt")
    assert "sentence(s) longer than 200 words (no full stop) read in pieces" in problems_of(tables, "long.txt")


def test_sentences_without_a_full_stop_are_read_in_pieces(extractor):
    article = Article(file="a.txt", paragraphs=["Title", long_junk(5000) + " end."])
    pieces = list(pipeline.sentence_pieces(article, extractor.tokenizer))
    assert max(len(sent) for _, sent, _, _ in pieces) == pipeline.MAX_SENTENCE_TOKENS
    rebuilt = article.text[pieces[1][0]:pieces[-1][0] + len(pieces[-1][1].text)]
    assert rebuilt == article.paragraphs[1]  # the pieces cover the paragraph, in order, at their offsets
    for offset, sent, _, _ in pieces:
        assert article.text[offset:offset + len(sent.text)] == sent.text


def test_an_error_inside_one_article_costs_only_that_article(tmp_path, monkeypatch):
    corpus = corpus_with(tmp_path / "c", bad_txt="Trouble\n\nThis article breaks the extraction.\n")
    broken = Extractor()
    real = Extractor.article

    def failing(self, article, doc=None):
        if article.file == "bad.txt":
            raise RuntimeError("a rule's own bug")
        return real(self, article, doc)
    monkeypatch.setattr(Extractor, "article", failing)
    tables = extract_corpus(corpus, extractor=broken)
    articles = tables["articles"].set_index("file")
    assert "extraction failed (RuntimeError: a rule's own bug)" in problems_of(tables, "bad.txt")
    assert "extraction failed" in articles.loc["bad.txt", "problems"]
    assert articles.loc["bad.txt", "n_statements"] == 0
    for path in GOOD:
        assert articles.loc[path.name, "n_statements"] > 0 and "failed" not in articles.loc[path.name, "problems"]


def test_a_failed_article_is_not_cached_so_the_next_run_tries_again(tmp_path, monkeypatch):
    corpus = corpus_with(tmp_path / "c", bad_txt="Trouble\n\nThis article breaks the extraction.\n")
    broken = Extractor()
    real = Extractor.article
    calls, fault = [], ["a passing fault"]

    def failing(self, article, doc=None):
        calls.append(article.file)
        if article.file == "bad.txt" and fault:
            raise RuntimeError(fault[0])
        return real(self, article, doc)
    monkeypatch.setattr(Extractor, "article", failing)
    first = extract_corpus(corpus, extractor=broken, cache=tmp_path / "cache")
    assert "extraction failed (RuntimeError: a passing fault)" in problems_of(first, "bad.txt")
    fault.clear()
    calls.clear()
    second = extract_corpus(corpus, extractor=broken, cache=tmp_path / "cache")
    assert calls == ["bad.txt"]  # the good files came from the cache, the failed one was extracted again
    assert "extraction failed" not in problems_of(second, "bad.txt")
    assert second["statements"].equals(first["statements"])


@pytest.mark.subprocess
@pytest.mark.slow
def test_the_command_line_run_goes_on_and_names_the_bad_files(tmp_path):
    corpus = corpus_with(tmp_path / "c", bad_md="---\npublished: 2025-13-45\n---\n\nMinisters met in Oslo.\n",
                         long_txt="A title\n\n" + long_junk(1_400_000) + "\n")
    result = CliRunner().invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "run"), "--no-cache", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "bad.md: front matter date '2025-13-45' is not a date" in " ".join(result.output.split())
    articles = pd.read_csv(tmp_path / "run" / "articles.csv", dtype=str, keep_default_na=False)
    assert len(articles) == 4


WORDS = ("France Germany says said will send troops to Ukraine the ceasefire NATO membership not rule out on Monday "
         "next week in 2025 by 2030 5 % of GDP 600,000 soldiers he she they it President Minister Chancellor \" ' ( ) "
         "— : ; . , ? ! – ... coalition of the willing reassurance force would could must unless if once after before "
         "told reporters according to officials from").split()


@given(paragraphs=st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=20), max_size=40).map(" ".join),
                           min_size=1, max_size=5),
       published=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)))
@settings(deadline=None, database=None)
def test_the_extraction_of_any_text_gives_rows_without_an_error(extractor, paragraphs, published):
    """Shuffled words of news (actors, cues, dates, quantities, punctuation) and junk: never an error, and every
    row's offsets point at its evidence in the clean text."""
    kept = [p for text in paragraphs for p in split_paragraphs(text)]
    assume(kept)
    article = Article(file="x.txt", paragraphs=kept, published=published)
    [result] = list(extractor.articles([article]))
    for row in result.statements + result.events:
        assert article.text[row["char_start"]:row["char_end"]] == row["evidence"]
