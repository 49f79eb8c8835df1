"""The test markers (tests/conftest.py, pyproject.toml): a test that starts a process without a kernel, browser or
subprocess marker fails; kernel and browser tests are slow; `-m "not slow"` leaves them out and runs fewer
property examples; a mistyped marker stops the run. Checked on a small suite of its own, run with this suite's
conftest and pytest configuration in a pytest subprocess."""
import json
import os
import tomllib

import pytest

from conftest import EXAMPLES, ROOT

INNER = """
import multiprocessing
import subprocess
import sys

import pytest
from hypothesis import settings


def test_unmarked_subprocess():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_unmarked_worker():
    worker = multiprocessing.get_context("fork").Process(target=int)
    worker.start()
    worker.join()


@pytest.fixture(scope="module")
def started_once():
    return subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True, text=True).stdout


def test_unmarked_fixture_process(started_once):
    assert started_once.strip() == "1"


@pytest.mark.subprocess
def test_marked_subprocess():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


@pytest.mark.kernel
def test_kernel_tests_are_slow(request):
    assert request.node.get_closest_marker("slow")


@pytest.mark.browser
def test_browser_tests_are_slow(request):
    assert request.node.get_closest_marker("slow")


def test_no_process():
    print("examples", settings.default.max_examples)
"""


@pytest.fixture
def inner(pytester, monkeypatch):
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    ini = "".join(f"{key} = {json.dumps(value)}\n" for key, value in options.items() if key != "testpaths")
    pytester.makepyprojecttoml(f"[tool.pytest.ini_options]\n{ini}")
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_inner=INNER)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return pytester


@pytest.mark.subprocess
@pytest.mark.slow
def test_processes_need_a_marker_and_kernel_and_browser_tests_are_slow(inner):
    result = inner.runpytest_subprocess("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=4, failed=3)
    result.stdout.fnmatch_lines([
        "*test_unmarked_subprocess started 1 process(es) without a marker (kernel, browser, subprocess)*",
        "*test_unmarked_worker started 1 process(es) without a marker*(multiprocessing)*",
        "*test_unmarked_fixture_process started 1 process(es) without a marker*",
    ])
    assert f"examples {EXAMPLES['full']}" in result.stdout.str()


@pytest.mark.subprocess
@pytest.mark.slow
def test_the_fast_loop_leaves_slow_tests_out_and_runs_fewer_examples(inner):
    inner.makepyfile(test_typo="import pytest\n\n@pytest.mark.kernal\ndef test_typo():\n    pass\n")
    result = inner.runpytest_subprocess("-p", "no:cacheprovider", "-s", "-m", "not slow", "test_inner.py")
    result.assert_outcomes(passed=2, failed=3, deselected=2)  # the kernel and browser tests are left out
    assert f"examples {EXAMPLES['fast']}" in result.stdout.str()
    typo = inner.runpytest_subprocess("-p", "no:cacheprovider", "test_typo.py")
    typo.assert_outcomes(errors=1)
    typo.stdout.fnmatch_lines(["*'kernal' not found in `markers` configuration option*"])
