"""Scale: the article cache, resuming a killed run, several processes, a dask.distributed LocalCluster. Each run
must write the same tables, row for row, as a single process extracting every article."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.io.contract import TABLES
from analysis.runs.runner import run_extraction

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import make_corpus  # noqa: E402

# Every test here extracts the synthetic corpus again (or starts processes): left out of the fast loop.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("synthetic") / "corpus", 24, seed=7, background_share=0.3)


@pytest.fixture(scope="module")
def reference(corpus, extractor, tmp_path_factory):
    """One process, no cache: the tables every other way of running must reproduce."""
    out = tmp_path_factory.mktemp("reference") / "run"
    run_extraction(corpus, out, extractor, cache=False).builder.finish({})
    return out


def same_tables(a, b) -> None:
    for table in TABLES:
        assert (a / f"{table}.csv").read_bytes() == (b / f"{table}.csv").read_bytes(), table


def test_rerun_takes_every_article_from_the_cache(corpus, extractor, reference, tmp_path):
    first = run_extraction(corpus, tmp_path / "one", extractor, cache=tmp_path / "cache")
    first.builder.finish({})
    assert first.from_cache == 0
    second = run_extraction(corpus, tmp_path / "two", extractor, cache=tmp_path / "cache")
    second.builder.finish({})
    assert second.from_cache == second.files == 24
    same_tables(reference, tmp_path / "one")
    same_tables(reference, tmp_path / "two")


def test_changed_file_is_extracted_again(corpus, extractor, tmp_path):
    import shutil
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    run_extraction(copy, tmp_path / "one", extractor, cache=tmp_path / "cache").builder.finish({})
    target = copy / "article-000003.txt"
    target.write_text(target.read_text() + "\nA closing line added later.\n")
    again = run_extraction(copy, tmp_path / "two", extractor, cache=tmp_path / "cache")
    again.builder.finish({})
    assert again.from_cache == 23


@pytest.mark.subprocess
def test_two_processes_write_the_same_tables(corpus, extractor, reference, tmp_path):
    run_extraction(corpus, tmp_path / "run", extractor, workers=2, cache=False).builder.finish({})
    same_tables(reference, tmp_path / "run")


@pytest.mark.subprocess
@pytest.mark.slow
def test_dask_local_cluster_writes_the_same_tables(corpus, extractor, reference, tmp_path):
    pytest.importorskip("dask.distributed")
    run_extraction(corpus, tmp_path / "run", extractor, scheduler="local", cache=False).builder.finish({})
    same_tables(reference, tmp_path / "run")


KILLABLE = """
import sys
from analysis.extraction.pipeline import Extractor
from analysis.io.contract import TABLES
from analysis.runs.runner import run_extraction
result = run_extraction(sys.argv[1], sys.argv[2], Extractor(), cache=sys.argv[3], force=True, workers=2)
result.builder.finish({})
"""


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting for its new parent to reap it has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def cached_rows(cache) -> int:
    path = cache / "articles.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as con:
        try:
            return con.execute("SELECT count(*) FROM results").fetchall()[0][0]
        except sqlite3.OperationalError:
            return 0


@pytest.mark.subprocess
@pytest.mark.slow
def test_killed_run_resumes_with_nothing_lost_or_duplicated(corpus, extractor, reference, tmp_path):
    out, cache = tmp_path / "run", tmp_path / "cache"
    run_extraction(corpus, out, extractor, cache=False).builder.finish({"earlier": True})
    before = {t: (out / f"{t}.csv").read_bytes() for t in TABLES}
    proc = subprocess.Popen([sys.executable, "-c", KILLABLE, str(corpus), str(out), str(cache)], cwd=ROOT)
    deadline = time.time() + 240
    while cached_rows(cache) < 4 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be killed"
    workers = children_of(proc.pid)
    assert workers, "the run started no worker process"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while [p for p in workers if alive(p)] and time.time() < deadline:
        time.sleep(0.2)
    assert not [p for p in workers if alive(p)], "a worker outlived the killed run"
    done = cached_rows(cache)
    assert 4 <= done < 24
    assert {t: (out / f"{t}.csv").read_bytes() for t in TABLES} == before  # the earlier run is untouched
    resumed = run_extraction(corpus, out, extractor, cache=cache, force=True)
    resumed.builder.finish({})
    assert resumed.from_cache == done
    same_tables(reference, out)
    assert not list(out.parent.glob(f".{out.name}.tmp-*"))  # the killed run's temporary folder is cleaned away


def test_a_table_read_again_unchanged_comes_from_memory_as_a_copy(reference, tmp_path):
    import shutil

    from analysis.io.store import read_run
    run = tmp_path / "run"
    shutil.copytree(reference, run)
    first = read_run(run, "statements", remember=True)
    first.loc[0, "evidence"] = "changed by the analyst"
    first["extra"] = 1
    again = read_run(run, "statements", remember=True)
    assert "extra" not in again and again.loc[0, "evidence"] != "changed by the analyst"
    rewritten = again.iloc[:1]
    rewritten.to_parquet(run / "statements.parquet")
    assert len(read_run(run, "statements", remember=True)) == 1  # a rewritten file is read again
    from analysis.io import store as tables
    kept = len(tables._READ)
    read_run(run, "events")
    assert len(tables._READ) == kept  # a one-off read keeps nothing


@pytest.mark.subprocess
@pytest.mark.slow
def test_commands_start_without_building_the_iri_grammar_and_still_check_iris():
    code = ("import sys, analysis, altair, papermill, jsonschema\n"
            "grammar_built = 'lark' in sys.modules\n"
            "checker = jsonschema.FormatChecker()\n"
            "print(grammar_built, checker.conforms('https://example.org/\u00e9t\u00e9', 'iri'),"
            " checker.conforms('not an iri', 'iri'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True", "False"]


@pytest.mark.subprocess
@pytest.mark.slow
def test_the_extraction_modules_load_without_spacy_until_an_article_needs_parsing():
    code = "import sys, analysis.cli, analysis.runs.runner, analysis.extraction.pipeline; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
