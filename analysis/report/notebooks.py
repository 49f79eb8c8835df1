"""The registry of notebooks: which notebooks make a report, their parameters, the jobs of a batch, and the
stored outputs that nbval compares against."""
from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..explore import positions
from ..io.errors import ReportError, RunError
from ..io.files import write_atomically
from ..io.resources import notebook_dir
from ..io.store import is_run

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
# Notebooks that are not reports: executed and regression-tested like them, never part of a report batch.
OTHER_NOTEBOOKS: dict[str, tuple[str, str]] = {
    "review": ("review/review.ipynb", "The statements nobody has reviewed yet, and how to record a decision."),
}

EACH = ("issue", "stakeholder")
FILTERS = ("issues", "stakeholders", "sources", "date_from", "date_to")


@dataclass
class Job:
    """One notebook to execute: `name` is the report's file name (without suffix)."""

    name: str
    notebook: str
    parameters: dict
    title: str = ""


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "x"


def notebook_parameters(name: str) -> dict:
    """The parameters of a registered notebook (name -> default), read from its `parameters` cell."""
    import ast

    import papermill as pm
    found = pm.inspect_notebook(str(notebook_dir() / {**NOTEBOOKS, **OTHER_NOTEBOOKS}[name][0]))
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
    if each is not None and each not in EACH:
        raise ReportError(f"--each {each}: choose one of {', '.join(EACH)}")
    try:
        scope = positions.filter_run(run, *(params.get(k) for k in ("issues", "stakeholders")),
                                     params.get("date_from"), params.get("date_to"), params.get("sources"),
                                 params.get("min_confidence"))
        if params.get("stakeholder"):
            positions.filter_run(run, stakeholders=params["stakeholder"])
        if params.get("issue"):
            positions.filter_run(run, issues=params["issue"])
    except RunError as err:
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


def import_lines(notebooks: list[str]) -> str:
    """The import statements of the code cells of `notebooks` (files of notebooks/), one per line."""
    import ast

    import nbformat

    lines: dict[str, None] = {}
    for name in notebooks:
        for cell in nbformat.read(notebook_dir() / name, as_version=4).cells:
            if cell.cell_type == "code":
                try:
                    tree = ast.parse(cell.source)
                except SyntaxError:
                    continue
                lines.update((ast.unparse(node), None) for node in tree.body
                             if isinstance(node, (ast.Import, ast.ImportFrom)))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- stored outputs

def store_outputs(run: str | Path, names: list[str] | None = None, kernel_name: str | None = None) -> list[Path]:
    """Re-execute the notebooks of notebooks/ in place with their default parameters (so against `run`, which
    their default `run` parameter must point to) and keep their outputs, without papermill's timing metadata:
    the stored outputs nbval compares against (`make notebooks`). `names`: registered notebooks (default: all,
    the review notebook included)."""
    stored = []
    for name in names or list(NOTEBOOKS) + list(OTHER_NOTEBOOKS):
        path = notebook_dir() / {**NOTEBOOKS, **OTHER_NOTEBOOKS}[name][0]
        default = (path.parent / notebook_parameters(name)["run"]).resolve()
        if Path(run).resolve() != default:
            raise ReportError(f"{run}: {path.name} reads its default run, {default}; extract the bundled corpus there")
        if not is_run(Path(run)):
            raise ReportError(f"{run}: no run there; extract the bundled corpus first (make notebooks does)")
        stored.append(store_notebook(path, kernel_name))
    return stored


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
    write_atomically(path, nbformat.writes(nb) + "\n")
    return path


if __name__ == "__main__":
    for stored_path in store_outputs(*sys.argv[1:2]):
        print(f"stored outputs of {stored_path}")
