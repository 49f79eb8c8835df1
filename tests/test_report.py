"""The report batch (analysis.report, `stakeholders report`): report folders anywhere that never overwrite
anything but a previous report; notebooks executed with papermill; HTML with no network dependency, checked in
headless Chromium with the network off; article text that stays text in tables, headings and tooltips."""
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.io import errors, files
from analysis.io.resources import notebook_dir
from analysis.report import build, html, notebooks
from analysis.report import kernel as engine
from analysis.cli import app
from analysis.io.contract import TABLES
from analysis.io.store import read_run, write_run

from conftest import CORPUS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="chromium is not installed (apt-get install -y chromium; .ci/run does)")
EVIL = ('</script><script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'"> '
        '[link](javascript:alert(1)) **bold**')


def no_network_prefix() -> list[str]:
    """`unshare -n` (a process without any network) where the system allows it; the browser flags below block
    the network in any case."""
    try:
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return ["unshare", "-n"] if ok else []


def dump_dom(page: Path, budget_ms: int = 15000) -> str:
    """The DOM of `page` after its scripts ran, in headless Chromium without network."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = no_network_prefix() + [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}",
            # no name resolves and every connection goes to a closed local port
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            f"--virtual-time-budget={budget_ms}", "--dump-dom", page.resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# ---------------------------------------------------------------------------------------------------- paths

@pytest.mark.parametrize("out", ["outputs/r", "outputs/a/b", "outputs/./r", "elsewhere/r", "../r", "empty"])
def test_out_may_be_any_new_or_empty_folder(tmp_path, monkeypatch, out):
    for folder in ("empty", "run"):
        (tmp_path / "work" / folder).mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    assert build.report_folder(out, "run") == (tmp_path / "work" / out).resolve()


def a_report(folder: Path, *extra: str) -> Path:
    folder.mkdir(parents=True)
    for name in ("report.json", "index.html", "positions.html", "positions.ipynb", "agreement.graphml", *extra):
        (folder / name).write_text("x")
    (folder / "assets").mkdir()
    return folder


def test_a_previous_report_is_replaced_only_with_force(tmp_path):
    report = a_report(tmp_path / "r")
    (report / ".ipynb_checkpoints").mkdir()  # JupyterLab opened one of its notebooks
    with pytest.raises(errors.ReportExists, match="already holds a report; choose another --out or pass --force"):
        build.report_folder(report, tmp_path / "run")
    assert build.report_folder(report, tmp_path / "run", force=True) == report


@pytest.mark.parametrize("extra", ["notes.txt", "data.csv"])
def test_a_folder_with_anything_else_is_never_written_even_with_force(tmp_path, extra):
    other = tmp_path / "other"
    other.mkdir()
    (other / extra).write_text("mine")
    with pytest.raises(errors.ReportError, match="holds files that are not a report; nothing there is replaced"):
        build.report_folder(other, tmp_path / "run", force=True)
    mixed = a_report(tmp_path / "mixed", extra)
    with pytest.raises(errors.ReportError, match=f"holds a report and other files \\({extra}\\)"):
        build.report_folder(mixed, tmp_path / "run", force=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(errors.ReportError, match="is a file, not a folder"):
        build.report_folder(tmp_path / "file", tmp_path / "run", force=True)


@pytest.mark.parametrize("out", ["run", "run/report", ".", "..", "corpus/../run/x"])
def test_a_report_is_never_written_over_or_inside_its_source(tmp_path, monkeypatch, out):
    (tmp_path / "work" / "run").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    with pytest.raises(errors.ReportError, match="the folder it is made from"):
        build.report_folder(out, "run", force=True)


def test_a_symbolic_link_is_followed_to_the_folder_it_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "mine.txt").write_text("mine")
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(errors.ReportError, match="holds files that are not a report"):
        build.report_folder("link", "run", force=True)
    assert build.report_folder("link/r", "run") == tmp_path / "elsewhere" / "r"


def test_params_are_key_value_pairs_of_known_parameters():
    assert notebooks.parse_params(["issues=a;b", " date_from = 2025-01-01"]) == {"issues": "a;b",
                                                                              "date_from": "2025-01-01"}
    with pytest.raises(errors.ReportError, match="write it as key=value"):
        notebooks.parse_params(["issues"])
    with pytest.raises(errors.ReportError, match="no report has this parameter; they have codebook, date_from"):
        notebooks.parse_params(["colour=red"])
    with pytest.raises(errors.ReportError, match="the run is the first argument"):
        notebooks.parse_params(["run=elsewhere"])


def test_chart_json_cannot_close_its_script_element():
    spec = {"data": {"values": [{"evidence": EVIL, "amp": "a & b", "sep": "\u2028"}]}}
    piece = html.chart_html(spec)
    body = piece.split('class="report-chart-spec">', 1)[1].removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == spec


def test_move_into_place_replaces_only_with_a_complete_folder(tmp_path):
    old, new = tmp_path / "report", tmp_path / ".report.tmp"
    old.mkdir(), new.mkdir()
    (old / "index.html").write_text("old")
    (new / "index.html").write_text("new")
    files.swap_into_place(new, old)
    assert (old / "index.html").read_text() == "new" and not new.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


# ---------------------------------------------------------------------------------------------------- plans

def test_each_issue_plans_one_issue_report_per_codebook_issue(corpus_run):
    from analysis.explore import positions
    run = positions.load_run(corpus_run)
    jobs = notebooks.plan({}, "issue", run, str(corpus_run))
    issues = [j.parameters["issue"] for j in jobs if j.notebook == "issue.ipynb"]
    assert issues == list(run.issues["issue_id"])
    assert [j.name for j in jobs][:3] == ["positions", "timeline", "stakeholder"]
    assert all(j.parameters["run"] == str(corpus_run) for j in jobs)
    holders = notebooks.plan({"issues": run.issues["issue_id"].iloc[0]}, "stakeholder", run, str(corpus_run))
    named = [j.parameters["stakeholder"] for j in holders if j.notebook == "stakeholder.ipynb"]
    scope = positions.filter_run(run, issues=run.issues["issue_id"].iloc[0]).statements
    assert named == sorted(set(scope["stakeholder_id"]) - {""})
    with pytest.raises(errors.ReportError, match="--each article: choose one of issue, stakeholder"):
        notebooks.plan({}, "article", run, str(corpus_run))


@pytest.mark.kernel
def test_a_corpus_folder_is_extracted_into_the_reports_run_folder(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    one = sorted(p for p in CORPUS.iterdir() if p.suffix == ".md")[0]
    shutil.copy(one, corpus / one.name)
    seen = []

    def fake_execute(job, folder, kernel_name=None, kernel=None):
        seen.append((job.name, dict(job.parameters), (folder / job.parameters["run"] / "run.json").exists()))
        target = folder / f"{job.name}.ipynb"
        shutil.copy(notebook_dir() / job.notebook, target)
        return target

    monkeypatch.setattr(build, "execute", fake_execute)
    out = build.make_report(corpus, tmp_path / "outputs" / "r", root=tmp_path / "outputs")
    assert [name for name, _, _ in seen] == ["positions", "timeline", "stakeholder", "issue"]
    assert all(params["run"] == "run" and found for _, params, found in seen)
    record = json.loads((out / "report.json").read_text())
    meta = json.loads((out / "run" / "run.json").read_text())
    assert record["codebook_version"] == meta["codebook_version"] != ""
    assert record["run"] == str(out / "run")


# ---------------------------------------------------------------------------------------------------- a real report

@pytest.fixture(scope="session")
def made(corpus_run, tmp_path_factory):
    """The bundled corpus's run reported through the command line, with one issue report per issue."""
    root = tmp_path_factory.mktemp("reports") / "outputs"
    out = root / "bundled"
    result = CliRunner().invoke(app, ["report", str(corpus_run), "--out", str(out), "--root", str(root),
                                      "--each", "issue", "--param", "title=Bundled <corpus>", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.kernel
def test_the_report_folder_holds_each_report_an_index_and_a_record(made, corpus_run):
    record = json.loads((made / "report.json").read_text())
    names = [r["name"] for r in record["reports"]]
    meta = json.loads((corpus_run / "run.json").read_text())
    assert names[:3] == ["positions", "timeline", "stakeholder"]
    assert len([n for n in names if n.startswith("issue-")]) == len(record["reports"]) - 3 >= 1
    for name in names:
        assert (made / f"{name}.html").stat().st_size > 0 and (made / f"{name}.ipynb").exists()
    assert record["parameters"] == {"title": "Bundled <corpus>"} and record["each"] == "issue"
    assert record["codebook_version"] == meta.get("codebook_version", "")
    assert {"altair", "papermill", "nbconvert", "pandas", "python"} <= set(record["package_versions"])
    index = (made / "index.html").read_text()
    assert all(f'href="{n}.html"' in index for n in names)
    assert "Bundled &lt;corpus&gt;" in index and "<corpus>" not in index
    assert (made / "agreement.graphml").exists() and (made / "assets" / "vega-embed.js").stat().st_size > 100_000
    assert 'href="bundled/index.html"' in (made.parent / "index.html").read_text()


@pytest.mark.kernel
def test_executed_notebooks_record_their_parameters(made, corpus_run):
    import nbformat
    nb = nbformat.read(made / "issue-nato_membership.ipynb", as_version=4) if (
        made / "issue-nato_membership.ipynb").exists() else nbformat.read(next(made.glob("issue-*.ipynb")), 4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(corpus_run) in injected[0].source and "issue = " in injected[0].source


@pytest.mark.kernel
def test_html_reports_load_nothing_from_the_network(made):
    for page in made.glob("*.html"):
        text = page.read_text()
        assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", text), page
        assert "cdn" not in text.lower() and "require.js" not in text, page
        assert len(text) < 600_000, page  # the chart library is shared, the charts aggregated


@pytest.mark.kernel
def test_an_existing_report_is_never_overwritten_and_a_failed_one_loses_nothing(made, corpus_run):
    before = hashlib.sha1((made / "index.html").read_bytes()).hexdigest()
    with pytest.raises(errors.ReportExists, match="already holds a report"):
        build.make_report(corpus_run, made, root=made.parent)
    with pytest.raises(errors.ReportError, match="unknown stakeholder"):
        build.make_report(corpus_run, made, {"stakeholder": "ZZZ"}, force=True, root=made.parent)
    assert hashlib.sha1((made / "index.html").read_bytes()).hexdigest() == before
    assert not [p for p in made.parent.iterdir() if p.name.startswith(".")]
    result = CliRunner().invoke(app, ["report", str(corpus_run), "--out", str(made), "--root", str(made.parent)])
    assert result.exit_code == 2 and "pass --force" in result.output


@pytest.mark.kernel
@pytest.mark.browser
@needs_chromium
def test_every_chart_draws_offline_in_chromium(made):
    for page in sorted(made.glob("*.html")):
        placeholders = page.read_text().count('<div class="report-chart">')
        dom = dump_dom(page)
        drawn = len(re.findall(r'<svg[^>]*class="marks"', dom))
        assert 'class="report-chart report-chart-error"' not in dom, page  # what the page shows on failure
        assert drawn == placeholders, f"{page.name}: {drawn} of {placeholders} charts drawn"
        if page.name != "index.html":
            assert placeholders >= 1 and "role-mark" in dom, page


# ---------------------------------------------------------------------------------------------------- untrusted text

@pytest.fixture(scope="session")
def evil_page(corpus_run, tmp_path_factory):
    """The positions report of a run whose every title, evidence sentence and event description is markup."""
    folder = tmp_path_factory.mktemp("evil")
    tables = {t: read_run(corpus_run, t) for t in TABLES}
    tables["statements"]["evidence"] = EVIL
    tables["statements"]["condition"] = tables["statements"]["condition"].where(
        tables["statements"]["condition"].eq(""), EVIL)
    tables["articles"]["title"] = EVIL
    tables["articles"]["source"] = EVIL
    tables["events"]["description"] = EVIL
    run = write_run(folder / "run", tables, json.loads((corpus_run / "run.json").read_text()))
    notebook = engine.execute(notebooks.Job("positions", "positions.ipynb", {"run": str(run), "title": EVIL}), folder)
    page = folder / "positions.html"
    page.write_text(html.to_html(notebook, EVIL, self_contained=True), encoding="utf-8")
    return page


@pytest.mark.kernel
def test_untrusted_text_is_escaped_in_the_html(evil_page):
    text = evil_page.read_text()
    body = text.split("<main>", 1)[1].split("</main>", 1)[0]  # the outputs, without the chart library
    assert not re.search(r"<img\b", body) and not re.search(r"<[a-z]+[^<>]*\sonerror=", body)
    assert body.count("<script") == body.count("</script>")  # no script opened by data
    assert "&lt;img src=x" in body


@pytest.mark.kernel
@pytest.mark.browser
@needs_chromium
def test_untrusted_text_stays_text_in_the_browser_and_in_tooltips(evil_page):
    hover = evil_page.with_name("hover.html")
    # after the charts are drawn, move the pointer over the first heatmap cell so its tooltip opens
    hover.write_text(evil_page.read_text() + """<script>
setTimeout(function () {
  var cell = document.querySelector('.report-chart .mark-rect path');
  var box = cell.getBoundingClientRect();
  var at = {bubbles: true, cancelable: true, view: window, pointerType: 'mouse',
            clientX: box.left + box.width / 2, clientY: box.top + box.height / 2};
  cell.dispatchEvent(new PointerEvent('pointermove', at));
  cell.dispatchEvent(new MouseEvent('mousemove', at));
}, 3000);
</script>""", encoding="utf-8")
    dom = dump_dom(hover)
    assert "pwned" not in dom.split("<title>", 1)[1].split("</title>", 1)[0].replace("&quot;", "").split(
        "document.title=")[0]
    assert not re.search(r"<img[^>]+src=\"?x", dom)
    tooltip = re.search(r'<div id="vg-tooltip-element"[^>]*class="[^"]*visible[^"]*"[^>]*>(.*?)</div>', dom, re.S)
    assert tooltip, "the tooltip did not open"
    assert "&lt;img src=x" in tooltip.group(1) and "evidence" in tooltip.group(1)


def test_stored_outputs_come_only_from_the_run_the_notebooks_read(corpus_run):
    with pytest.raises(errors.ReportError, match="reads its default run"):
        notebooks.store_outputs(corpus_run)


def _notebook(path: Path, *sources: str) -> None:
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.mark.kernel
def test_notebooks_sharing_a_kernel_start_from_an_empty_namespace(tmp_path, monkeypatch):
    import nbformat
    monkeypatch.setattr(engine, "notebook_dir", lambda: tmp_path)
    monkeypatch.setattr(notebooks, "notebook_dir", lambda: tmp_path)
    _notebook(tmp_path / "first.ipynb", "import json\nleft_over = 41", "left_over + 1")
    _notebook(tmp_path / "second.ipynb", "print('left_over' in dir(), 'json' in dir())")
    out = tmp_path / "out"
    out.mkdir()
    with engine.shared_kernel(out, warm_up=notebooks.import_lines(["first.ipynb", "second.ipynb"])) as kernel:
        first = engine.execute(notebooks.Job("first", "first.ipynb", {}), out, kernel=kernel)
        second = engine.execute(notebooks.Job("second", "second.ipynb", {}), out, kernel=kernel)
        # the modules imported before are still loaded, only the names are gone
        reply = kernel.client.execute_interactive("import sys; assert 'json' in sys.modules", store_history=False,
                                                  timeout=60, output_hook=lambda message: None)
        assert reply["content"]["status"] == "ok"
    first_nb, second_nb = nbformat.read(first, as_version=4), nbformat.read(second, as_version=4)
    assert first_nb.cells[-1].outputs[0]["data"]["text/plain"] == "42"
    assert second_nb.cells[0].outputs[0]["text"].strip() == "False False"
    assert [c.execution_count for c in second_nb.cells] == [1]
    assert notebooks.import_lines(["first.ipynb"]) == "import json"


@pytest.mark.kernel
def test_a_failing_notebook_in_a_shared_kernel_names_its_cell(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "notebook_dir", lambda: tmp_path)
    monkeypatch.setattr(notebooks, "notebook_dir", lambda: tmp_path)
    _notebook(tmp_path / "bad.ipynb", "x = 1", "1 / 0")
    with engine.shared_kernel(tmp_path) as kernel, pytest.raises(errors.ReportError, match="cell 2.*ZeroDivision"):
        engine.execute(notebooks.Job("bad", "bad.ipynb", {}), tmp_path, kernel=kernel)


@pytest.mark.slow
def test_the_chart_library_is_bundled_once_then_read_from_the_cache(monkeypatch):
    import vl_convert
    first = html.vega_script()
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda **kw: pytest.fail("bundled again"))
    assert html.vega_script() == first and "vegaEmbed" in first
