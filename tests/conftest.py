"""Shared fixtures: paths of the bundled data, and one extraction of the bundled corpus per test session."""
from pathlib import Path

import pytest

from analysis.io.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = data_dir()
CORPUS = DATA / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory):
    """The article cache of the tests' runs lives in a temporary folder, not in the user's cache."""
    import os
    os.environ["STAKEHOLDERS_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def extractor():
    from analysis.extraction.pipeline import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory, extractor):
    """The bundled corpus extracted once into a run folder (tables written as the CLI writes them)."""
    from analysis.runs.runner import extract_corpus
    from analysis.io.store import write_run
    out = tmp_path_factory.mktemp("runs") / "corpus"
    tables = extract_corpus(CORPUS, extractor=extractor)
    write_run(out, tables, {"test": True})
    return out
