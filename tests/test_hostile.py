"""Hostile article text (tests/corpora/hostile/: script tags, onerror images, javascript: links, notebook-breaking
markdown in titles, sentences, sources and URLs) goes through extraction and every report and never runs: the
rendered HTML, opened in headless Chromium without network, shows it as text."""
import re

import pytest
from typer.testing import CliRunner

from analysis.cli import app

from conftest import ROOT
from test_report import dump_dom, needs_chromium

HOSTILE = ROOT / "tests" / "corpora" / "hostile"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    run = tmp_path_factory.mktemp("reports") / "run"
    done = CliRunner().invoke(app, ["extract", str(HOSTILE), "--out", str(run), "--no-cache", "--quiet"])
    assert done.exit_code == 0, done.output
    return run


@pytest.fixture(scope="module")
def hostile_reports(hostile_run):
    root = hostile_run.parent
    done = CliRunner().invoke(app, ["report", str(hostile_run), "--out", str(root / "r"), "--root", str(root),
                                    "--quiet"])
    assert done.exit_code == 0, done.output
    return hostile_run, root / "r"


@pytest.mark.slow
def test_hostile_text_is_kept_verbatim_in_the_tables(hostile_run):
    run = hostile_run
    statements = (run / "statements.csv").read_text(encoding="utf-8")
    assert "<script>" in statements and "onerror=" in statements  # evidence is the sentence as written
    assert (run / "articles.csv").read_text(encoding="utf-8").count("data-pwned") >= 2


@pytest.mark.kernel
def test_hostile_text_is_escaped_in_every_report(hostile_reports):
    _, folder = hostile_reports
    pages = sorted(folder.glob("*.html"))
    assert len(pages) >= 5  # four reports and the index
    for page in pages:
        body = page.read_text(encoding="utf-8")
        assert not re.search(r"<img[^>]*onerror", body, re.I), page.name
        assert not re.search(r"<script>document\.body", body), page.name
        assert not re.search(r"""href=["']?javascript:""", body, re.I), page.name
        assert not re.search(r"<iframe", body, re.I), page.name


@pytest.mark.kernel
@pytest.mark.browser
@needs_chromium
def test_no_article_script_runs_in_the_browser(hostile_reports):
    _, folder = hostile_reports
    for page in sorted(folder.glob("*.html")):
        dom = dump_dom(page)
        assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0], page.name
        assert "<body" in dom and "report" in dom.lower()
