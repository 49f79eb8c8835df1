"""The edges of the workflow an analyst meets first: an empty corpus or one without articles, a report made straight
from a corpus (its summary and problems printed as `extract` prints them), list parameters given with commas,
the undated article's problem saying how to fix it."""
import contextlib
from pathlib import Path
import shutil

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.io import errors
from analysis.io.ingest import read_file
from analysis.report import build
from analysis.io.resources import notebook_dir
from analysis.runs.runner import extract_corpus

from conftest import CORPUS

runner = CliRunner()


def flat(text: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(text.split())


def copy(folder, *names):
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_an_empty_corpus_is_one_line_and_exit_2_and_writes_nothing(tmp_path):
    (tmp_path / "corpus").mkdir()
    result = runner.invoke(app, ["extract", str(tmp_path / "corpus"), "--out", str(tmp_path / "run"), "--no-cache"])
    assert result.exit_code == 2
    assert flat(result.output).startswith("error:") and flat(result.output).count("error:") == 1  # one message
    assert "no article to extract, no file at all; nothing was written" in flat(result.output)
    assert not (tmp_path / "run").exists()


def test_a_corpus_of_files_that_are_not_articles_names_them_and_exits_2(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("scan.pdf", "notes.docx"):
        (corpus / name).write_bytes(b"%PDF-1.4 not an article")
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "run"), "--no-cache"])
    assert result.exit_code == 2
    assert "only files that are not articles (notes.docx, scan.pdf)" in flat(result.output)
    assert "as .txt, .md, .html, .json" in flat(result.output)
    assert not (tmp_path / "run").exists()


def test_the_library_refuses_an_empty_corpus_too(tmp_path):
    with pytest.raises(errors.EmptyCorpus, match="no article to extract"):
        extract_corpus(tmp_path)


def test_a_corpus_whose_every_file_is_skipped_is_written_and_exits_1(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    (corpus / "broken.json").write_text("{not json")
    (corpus / "scan.pdf").write_bytes(b"%PDF")
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "run"), "--no-cache"])
    assert result.exit_code == 1, result.output
    out = flat(result.output)
    assert "articles read 0" in out and "files skipped 3 (1 not an article format)" in out
    assert "not one article could be read" in out and "every file was skipped" in out
    assert (tmp_path / "run" / "problems.csv").exists()


def test_files_skipped_counts_the_files_that_are_not_articles(tmp_path, extractor):
    corpus = copy(tmp_path / "corpus", "european-troops-ukraine.txt")
    (corpus / "photo.png").write_bytes(b"\x89PNG")
    (corpus / "empty.md").write_text("")
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "run"), "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "articles read 1" in out and "files skipped 2 (1 not an article format)" in out
    assert "photo.png: ignored, not an article format (.png)" in out


def test_an_undated_article_says_how_to_give_its_date(tmp_path):
    (tmp_path / "a.txt").write_text("Talks in Oslo\n\nMinisters met on Monday.\n")
    [article] = read_file(tmp_path / "a.txt", tmp_path)
    problem = next(p for p in article.problems if p.startswith("unknown publication date"))
    assert "left out of the time charts" in problem
    assert "'published' column of manifest.csv" in problem and "'published:' in a .md file's front matter" in problem


def test_a_report_of_a_corpus_prints_the_runs_summary_and_problems(tmp_path, monkeypatch):
    corpus = copy(tmp_path / "corpus", "baltic-diplomats-vienna.txt", "european-troops-ukraine.txt")
    (corpus / "notes.odt").write_bytes(b"PK\x03\x04")

    def fake_execute(job, folder, kernel_name=None, kernel=None):  # no kernel: the summary is what is tested
        target = folder / f"{job.name}.ipynb"
        shutil.copy(notebook_dir() / job.notebook, target)
        return target
    monkeypatch.setattr(build, "execute", fake_execute)
    monkeypatch.setattr(build, "shared_kernel", lambda *args: contextlib.nullcontext())
    result = runner.invoke(app, ["report", str(corpus), "--out", str(tmp_path / "report"), "--root",
                                 str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert f"{corpus} extracted (the run is kept in {tmp_path / 'report' / 'run'})" in out
    assert "articles read 2" in out and "files skipped 1 (1 not an article format)" in out
    assert "articles without a publication date 2" in out
    assert "baltic-diplomats-vienna.txt: unknown publication date" in out and "manifest.csv" in out
    assert out.index("articles read") < out.index("Reports written to")
    assert (tmp_path / "report" / "run" / "run.json").exists()


def test_a_report_of_an_empty_corpus_is_one_error_and_nothing_written(tmp_path):
    (tmp_path / "corpus").mkdir()
    result = runner.invoke(app, ["report", str(tmp_path / "corpus"), "--out", str(tmp_path / "report")])
    assert result.exit_code == 2
    assert "no article to extract, no file at all" in flat(result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_a_report_of_a_corpus_with_no_readable_article_is_refused_after_its_summary(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    result = runner.invoke(app, ["report", str(corpus), "--out", str(tmp_path / "report"), "-q"])
    assert result.exit_code == 2
    out = flat(result.output)
    assert "files skipped 1" in out and "empty.txt: skipped: empty file" in out
    assert "not one article could be read" in out and "no report was written" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_list_parameters_take_commas(corpus_run):
    from analysis.explore import positions
    from analysis.report import notebooks
    run = positions.load_run(corpus_run)
    two = sorted(run.stakeholders["stakeholder_id"])[:2]
    params = notebooks.parse_params([f"stakeholders={','.join(two)}"])
    jobs = notebooks.plan(params, None, run, str(corpus_run))
    assert jobs[0].parameters["stakeholders"] == ",".join(two)
    kept = positions.filter_run(run, stakeholders=params["stakeholders"]).statements
    assert set(kept["stakeholder_id"]) == set(two)
    assert kept.equals(positions.filter_run(run, stakeholders=";".join(two)).statements)


# ---------------------------------------------------------------------------------------------------- notebooks

def test_a_notebooks_relative_run_is_found_from_the_root_too(tmp_path, monkeypatch, corpus_run):
    """The notebooks' default run ("../outputs/run") is relative to notebooks/; run from the repository's root
    (papermill as a user types it), or from anywhere, it still names the same folder."""
    from analysis.explore import positions
    from analysis.io import resources
    repo = tmp_path / "repo"
    (repo / "notebooks" / "review").mkdir(parents=True)
    shutil.copytree(corpus_run, repo / "outputs" / "run")
    monkeypatch.setattr(resources, "notebook_dir", lambda: repo / "notebooks")
    run = (repo / "outputs" / "run").resolve()
    for cwd in (repo, repo / "notebooks", tmp_path):
        monkeypatch.chdir(cwd)
        assert resources.find_folder("../outputs/run").resolve() == run  # positions, timeline, stakeholder, issue
        assert resources.find_folder("../../outputs/run").resolve() == run  # review/review.ipynb
        assert resources.find_folder("outputs/run").resolve() == run  # as a user types it from the root
    assert len(positions.load_run("../outputs/run").statements) == len(positions.load_run(run).statements) > 0
    monkeypatch.chdir(repo)
    (repo / "outputs" / "mine").mkdir()
    assert resources.find_folder("outputs/mine") == Path("outputs/mine")  # what exists from here comes first
    assert resources.find_folder("no/such/run") == Path("no/such/run")  # the error then names it as given


@pytest.mark.kernel
@pytest.mark.subprocess
def test_papermill_from_the_root_as_the_readme_shows(tmp_path):
    import json
    import subprocess
    from conftest import ROOT
    if not (ROOT / "outputs" / "run" / "run.json").exists():
        pytest.skip("the bundled run is made by `make test` (make bundled-run)")
    out = tmp_path / "out.ipynb"
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "papermill"), "notebooks/issue.ipynb", str(out),
                           "-p", "issue", "nato_membership"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    cells = json.loads(out.read_text())["cells"]
    text = json.dumps([c.get("outputs", []) for c in cells])
    assert "nato_membership" in text or "NATO" in text
    assert not any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))


# ---------------------------------------------------------------------------------------------------- make

@pytest.mark.subprocess
def test_make_lab_takes_jupyterlab_options():
    import subprocess
    from conftest import ROOT
    done = subprocess.run(["make", "-n", "-o", ".venv/.installed", "lab", "LAB_ARGS=--port 8899 --no-browser"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if "jupyter lab" in x)
    assert line.endswith("--port 8899 --no-browser")


@pytest.mark.kernel
def test_the_report_kernel_talks_over_private_sockets_without_a_warning(tmp_path, capfd):
    from analysis.report import kernel
    with kernel.shared_kernel(tmp_path) as shared:
        shared.fresh_namespace()
        reply = shared.client.execute_interactive("x = 1", timeout=120, output_hook=lambda message: None)
        assert reply["content"]["status"] == "ok"
        assert shared.manager.transport == "ipc"
        sockets = Path(shared.manager.ip).parent
        assert any(sockets.iterdir())
    assert "without encryption" not in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == [] and not sockets.exists()  # no socket file left in the working folder


@pytest.mark.slow
@pytest.mark.subprocess
def test_the_editable_install_of_make_prints_no_packaging_warning(tmp_path):
    """The Makefile's install line, as `make report` runs it on a fresh checkout: setuptools' one note on
    editable installs is filtered (by its message, so every other warning still shows), and the build itself
    has nothing to warn about (tests/test_packaging.py: the templates are configured)."""
    import os
    import re
    import subprocess
    import sys
    from conftest import ROOT
    line = next(x for x in (ROOT / "Makefile").read_text().splitlines() if "install" in x and "-e ." in x)
    env_filter = re.search(r'PYTHONWARNINGS="([^"]+)"', line).group(1)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("analysis", "data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    build_editable = ("import setuptools.build_meta as b, sys; b.build_editable(sys.argv[1])")

    def build(warnings: str | None) -> str:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
        if warnings:
            env["PYTHONWARNINGS"] = warnings
        done = subprocess.run([sys.executable, "-c", build_editable, str(tmp_path / "wheel")], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stderr
    assert "Editable installation" in build(None)  # the filter matches a note that is really there
    shown = build(env_filter)
    assert "Warning" not in shown and "warning" not in shown.lower(), shown[-2000:]


def test_extract_never_replaces_a_folder_that_is_not_a_run_even_with_force(tmp_path):
    from analysis.io.store import RunBuilder
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(errors.RunExists, match="holds files that are not a run; nothing there is replaced"):
        RunBuilder(mine, force=True)
    run = tmp_path / "run"
    run.mkdir()
    for name in ("run.json", "articles.csv", "articles.parquet", "run.duckdb"):
        (run / name).write_text("{}")
    with pytest.raises(errors.RunExists, match="already holds a run; choose another --out or pass --force"):
        RunBuilder(run)
    RunBuilder(run, force=True).abort()  # a run alone is replaced with --force
    (run / "draft.docx").write_text("mine")
    with pytest.raises(errors.RunExists, match=r"holds a run and other files \(draft.docx\)"):
        RunBuilder(run, force=True)
    assert (mine / "notes.txt").read_text() == "mine" and (run / "draft.docx").read_text() == "mine"


@pytest.mark.kernel
def test_a_corpus_whose_articles_hold_no_statement_still_gives_every_page(tmp_path):
    import json
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "weather.txt").write_text("Weather\n\nIt rained in the north on Monday and the sun came out later.\n")
    result = runner.invoke(app, ["report", str(corpus), "--out", str(tmp_path / "report"), "-q"])
    assert result.exit_code == 0, result.output
    assert "statements 0" in flat(result.output)
    record = json.loads((tmp_path / "report" / "report.json").read_text())
    assert [r["name"] for r in record["reports"]] == ["positions", "timeline", "stakeholder", "issue"]
    for report in record["reports"]:
        page = tmp_path / "report" / report["html"]
        assert page.stat().st_size > 0
        cells = json.loads((tmp_path / "report" / report["notebook"]).read_text())["cells"]
        assert not any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))
