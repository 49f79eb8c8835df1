"""Shared fixtures: paths of the bundled data, and one extraction of the bundled corpus per test session.

Markers (registered in pyproject.toml, `--strict-markers`): `kernel` (starts a Jupyter kernel or papermill),
`browser` (drives headless Chromium), `subprocess` (starts another process: the CLI or python in a subprocess,
worker processes, a dask cluster) and `slow`. Kernel and browser tests are slow by rule (below); the fast inner
loop is `pytest -m "not slow"`, where the property tests also run fewer examples. A test that starts a process
without saying so by a marker fails (`_ProcessGuard`)."""
import multiprocessing.process
import subprocess
from pathlib import Path

import pytest

from analysis.io.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = data_dir()
CORPUS = DATA / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"

pytest_plugins = ["pytester"]  # tests/test_markers.py runs a small suite with this conftest

PROCESS_MARKERS = ("kernel", "browser", "subprocess")
ALWAYS_SLOW = ("kernel", "browser")
# Hypothesis examples per property test: every one in the full run, a sample in the fast loop.
EXAMPLES = {"full": 200, "fast": 20}


def pytest_configure(config):
    from hypothesis import settings
    for name, examples in EXAMPLES.items():
        settings.register_profile(name, max_examples=examples, deadline=None, database=None)
    if config.getoption("hypothesis_profile", None) is None:  # --hypothesis-profile wins
        settings.load_profile("fast" if fast_loop(config) else "full")
    config.pluginmanager.register(_ProcessGuard(), "process-guard")


def fast_loop(config) -> bool:
    """The run leaves the slow tests out (`-m "not slow"`)."""
    return "not slow" in " ".join((config.getoption("markexpr", "") or "").split())


def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(item.get_closest_marker(m) for m in ALWAYS_SLOW) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


class _ProcessGuard:
    """Counts the processes a test starts (subprocess.Popen, which papermill's kernels, Chromium and every
    subprocess.run go through, and multiprocessing, which worker pools and dask's nannies go through) during its
    setup and call, and fails a test that started one without a kernel, browser or subprocess marker: such a test
    would slow the fast loop down unseen. Session and module fixtures count for the first test that needs them."""

    def __init__(self):
        self.started: list[str] = []
        guard = self
        popen_init, process_start = subprocess.Popen.__init__, multiprocessing.process.BaseProcess.start

        def counting_popen_init(popen, *args, **kwargs):
            command = args[0] if args else kwargs.get("args", "")
            guard.started.append(f"{command if isinstance(command, str) else ' '.join(map(str, command))}"[:200])
            return popen_init(popen, *args, **kwargs)

        def counting_start(process):
            guard.started.append(f"{process.name} (multiprocessing)")
            return process_start(process)

        self._originals = popen_init, process_start
        subprocess.Popen.__init__ = counting_popen_init
        multiprocessing.process.BaseProcess.start = counting_start

    def pytest_unconfigure(self, config):
        subprocess.Popen.__init__, multiprocessing.process.BaseProcess.start = self._originals

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item):
        self.started.clear()
        return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item):
        result = yield
        if self.started and not any(item.get_closest_marker(m) for m in PROCESS_MARKERS):
            pytest.fail(f"{item.nodeid} started {len(self.started)} process(es) without a marker "
                        f"({', '.join(PROCESS_MARKERS)}); the first: {self.started[0]}", pytrace=False)
        return result


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
