"""Bad input (tests/corpora/bad/ plus a 20 MB file made here): every file is read with its repairs noted or
skipped with a one-line reason naming it, every good article is still processed, nothing is fetched from the
network, and no byte string makes ingestion fail."""
import shutil
import socket

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from analysis.cli import app
from analysis.io.ingest import READERS, read_corpus

from conftest import ROOT

BAD = ROOT / "tests" / "corpora" / "bad"
EXPECTED = {  # file -> words its problems must hold
    "empty.txt": "skipped: empty file",
    "scan.txt": "skipped: binary file (a PDF)",
    "picture.html": "skipped: binary file (a PNG image)",
    "cp1252.txt": "encoding repaired: not UTF-8, read as cp1252",
    "latin1.txt": "encoding repaired",
    "utf16.txt": "read as UTF-16",
    "mojibake.txt": "mojibake fixed",
    "no-article.html": "skipped: HTML page with no article text",
    "broken.json": "skipped: invalid JSON (line 1",
    "no-text.json": "skipped: JSON without an article text field",
    "bad-front-matter.md": "front matter is not valid YAML (line 3)",
    "bad-manifest-date.txt": "'next Thursday' is not a date",
    "same article twice.txt": "duplicate of good.txt",
    "outside.txt": "skipped: symbolic link pointing outside the corpus folder",
    "huge.txt": "skipped: file too large",
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("bad") / "corpus"
    shutil.copytree(BAD, corpus, symlinks=True)
    (corpus / "huge.txt").write_bytes(b"Huge\n\n" + b"A long sentence repeated to make a very large file. " * 400_000)
    out = tmp_path_factory.mktemp("out") / "run"
    result = CliRunner().invoke(app, ["extract", str(corpus), "--out", str(out), "--no-cache"])
    return corpus, out, result


@pytest.mark.subprocess
@pytest.mark.slow
def test_the_run_completes_and_says_what_it_skipped(bad_run):
    _, out, result = bad_run
    assert result.exit_code == 0, result.output
    assert "files skipped" in result.output and "problems" in result.output


@pytest.mark.subprocess
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_is_reported_by_name(bad_run, name):
    _, out, _ = bad_run
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False).set_index("file")
    assert EXPECTED[name] in articles.loc[name, "problems"]
    problems = pd.read_csv(out / "problems.csv", dtype=str, keep_default_na=False)
    assert (problems["file"] == name).any()


@pytest.mark.subprocess
@pytest.mark.slow
def test_good_articles_are_still_processed(bad_run):
    _, out, _ = bad_run
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False).set_index("file")
    assert articles.loc["good.txt", "published"] == "2025-03-05"
    for name in ("cp1252.txt", "utf16.txt", "mojibake.txt", "café $(rm -rf x); `y` & z.txt", "bad-front-matter.md"):
        assert int(articles.loc[name, "n_paragraphs"]) >= 1, name
    assert articles.loc["cp1252.txt", "title"] == "Caf\u00e9 diplomacy"
    assert "\u00e2\u20ac" not in articles.loc["mojibake.txt", "title"]


@pytest.mark.subprocess
@pytest.mark.slow
def test_manifest_problems_are_reported(bad_run):
    _, out, _ = bad_run
    problems = " ".join(pd.read_csv(out / "problems.csv", dtype=str, keep_default_na=False)["problem"])
    assert "missing.txt" in problems and "unknown column(s) mood" in problems


@pytest.mark.subprocess
@pytest.mark.slow
def test_duplicate_counts_once(bad_run):
    _, out, _ = bad_run
    events = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    assert not (events["file"] == "same article twice.txt").any()


@pytest.mark.parametrize("args, message", [
    (["extract", "/no/such/folder", "--out", "/tmp/never"], "corpus folder not found"),
])
def test_cannot_start_is_the_only_failure(args, message):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and message in result.output


def test_reading_a_corpus_never_touches_the_network(tmp_path, monkeypatch):
    page = ("<html><head><meta property='article:published_time' content='2025-01-02'>"
            "<link rel='stylesheet' href='https://example.org/s.css'></head><body><article><h1>Talks</h1>"
            "<p>Ministers met on Monday and agreed to meet again, officials said after the talks ended.</p>"
            "<img src='https://example.org/a.png'><p>See <a href='https://example.org/x'>more</a> here about the"
            " meeting of the ministers.</p></article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    articles = list(read_corpus(tmp_path))
    assert articles[0].paragraphs and "Ministers met" in articles[0].text


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(sorted(READERS)))
def test_any_bytes_give_an_article_or_a_reason(tmp_path, data, suffix):
    folder = tmp_path / f"c{abs(hash((data, suffix)))}"
    folder.mkdir()
    (folder / f"x{suffix}").write_bytes(data)
    articles = list(read_corpus(folder))
    assert len(articles) >= 1
    for a in articles:
        assert a.paragraphs or any(p.startswith("skipped:") or "empty text" in p for p in a.problems)
