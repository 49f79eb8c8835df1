"""The report notebooks: parameters, no logic, stored outputs, and the nbval regression check.

`make test` runs nbval on notebooks/ against the bundled corpus's run (outputs/run); these tests prove that the
comparison is a real one: an executed notebook passes nbval with the committed sanitize config, and changing one
number in a stored output (a table's text or a chart's data) makes it fail.
"""
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from nbval.plugin import get_sanitize_patterns

from analysis.io import errors, files
from analysis.io.resources import notebook_dir
from analysis.report import build, html, notebooks
from analysis.report import kernel as engine

from conftest import ROOT

NOTEBOOKS = sorted(notebook_dir().glob("*.ipynb"))
SANITIZE = Path(__file__).resolve().parent / "nbval_sanitize.cfg"
COMMON = {"run", "codebook", "issues", "stakeholders", "sources", "date_from", "date_to", "title", "min_confidence"}
# Statements a notebook may hold: calls, assignments of calls, imports. No loops, branches, functions,
# comprehensions, arithmetic or comparisons: those belong in analysis/.
FORBIDDEN = (ast.For, ast.While, ast.If, ast.With, ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
             ast.Lambda, ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.IfExp, ast.BoolOp,
             ast.Compare, ast.BinOp, ast.JoinedStr, ast.Subscript)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_four_reports_are_registered_and_present():
    assert [p.stem for p in NOTEBOOKS] == sorted(notebooks.NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_parameters_cell_with_the_common_parameters(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in code_cells(nb) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = set(notebooks.notebook_parameters(path.stem))
    extra = {"stakeholder": {"stakeholder"}, "issue": {"issue"}}.get(path.stem, set())
    assert names == COMMON | extra
    assert notebooks.notebook_parameters(path.stem)["run"] == "../outputs/run"  # where make extracts the corpus


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_are_short_calls_without_logic(path):
    nb = nbformat.read(path, as_version=4)
    for cell in code_cells(nb):
        if "parameters" in cell.metadata.get("tags", []):
            continue
        assert len(cell.source.splitlines()) <= 4, cell.source
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, FORBIDDEN), f"{type(node).__name__} in {cell.source!r}"
        for statement in tree.body:
            value = getattr(statement, "value", None)
            calls = value.elts if isinstance(value, ast.Tuple) else [value]
            assert isinstance(statement, (ast.Import, ast.ImportFrom)) or all(isinstance(v, ast.Call) for v in calls), \
                cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_are_those_of_a_run_and_hold_no_error_or_path(path):
    nb = nbformat.read(path, as_version=4)
    shown = [c for c in code_cells(nb) if isinstance(ast.parse(c.source).body[-1], ast.Expr)
             and not c.source.endswith("charts.enable()")]  # enable() shows nothing
    assert shown and all(c.outputs for c in shown), "run `make notebooks` to store the outputs"
    for cell in code_cells(nb):
        for output in cell.outputs:
            assert output.output_type in ("display_data", "execute_result"), (output.output_type, cell.source)
            text = json.dumps(output.get("data", {}))
            assert "/tmp/" not in text and str(ROOT) not in text
    assert "papermill" not in nb.metadata


def test_the_sanitize_config_hides_ids_times_and_paths_but_no_number():
    patterns = get_sanitize_patterns(SANITIZE.read_text())

    def sanitize(text):
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    assert sanitize('<div id="altair-viz-0123456789abcdef0123456789abcdef">') == '<div id="altair-viz-ID">'
    assert sanitize("made 2025-11-25T02:23:44.5+00:00 and 2025-11-25 02:23") == "made DATETIME and DATETIME"
    assert sanitize("/home/someone/stakeholders/outputs/run") == "PROJECT/outputs/run"
    kept = "statements: 173; first publication day: 2024-02-27; net stance 0.455; 100,000 troops"
    assert sanitize(kept) == kept


# ---------------------------------------------------------------------------------------------------- nbval

def nbval(notebook: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(SANITIZE), "--rootdir", str(notebook.parent), str(notebook)],
        capture_output=True, text=True, cwd=notebook.parent, timeout=600)


@pytest.fixture(scope="module")
def executed(corpus_run, tmp_path_factory):
    """positions.ipynb executed in a copy of the project layout (notebooks/, outputs/run) against the bundled
    corpus's run, outputs stored as `make notebooks` stores them."""
    root = tmp_path_factory.mktemp("layout")
    (root / "outputs").mkdir()
    (root / "outputs" / "run").symlink_to(corpus_run)
    (root / "notebooks").mkdir()
    target = root / "notebooks" / "positions.ipynb"
    pm.execute_notebook(str(notebook_dir() / "positions.ipynb"), str(target), cwd=str(target.parent),
                        progress_bar=False)
    return target


def _changed_copy(executed: Path, name: str, change) -> Path:
    nb = nbformat.read(executed, as_version=4)
    assert change(nb), "nothing to change"
    copy = executed.with_name(name)
    nbformat.write(nb, copy)
    return copy


@pytest.mark.kernel
@pytest.mark.subprocess
def test_nbval_passes_on_a_fresh_execution(executed):
    done = nbval(executed)
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(rf"\b{len(code_cells(nbformat.read(executed, 4)))} passed", done.stdout), done.stdout[-500:]


@pytest.mark.kernel
@pytest.mark.subprocess
def test_nbval_fails_when_a_number_in_a_table_changes(executed):
    def bump_statement_count(nb):
        for cell in code_cells(nb):
            for output in cell.outputs:
                text = output.get("data", {}).get("text/plain", "")
                found = re.search(r"statements: (\d+)", text)
                if found:
                    output["data"]["text/plain"] = text.replace(found.group(0), f"statements: {int(found[1]) + 1}")
                    return True
        return False

    done = nbval(_changed_copy(executed, "positions_table.ipynb", bump_statement_count))
    assert done.returncode == 1 and "1 failed" in done.stdout, done.stdout[-2000:]
    assert "mismatch 'text/plain'" in done.stdout


@pytest.mark.kernel
@pytest.mark.subprocess
def test_nbval_fails_when_a_number_in_a_chart_changes(executed):
    from analysis.report.charts import VEGALITE_MIME

    def change_net_stance(nb):
        for cell in code_cells(nb):
            for output in cell.outputs:
                spec = output.get("data", {}).get(VEGALITE_MIME)
                for rows in (spec or {}).get("datasets", {}).values():
                    if rows and "net_stance" in rows[0]:
                        rows[0]["net_stance"] = -rows[0]["net_stance"] - 0.5
                        return True
        return False

    done = nbval(_changed_copy(executed, "positions_chart.ipynb", change_net_stance))
    assert done.returncode == 1 and "1 failed" in done.stdout, done.stdout[-2000:]
    assert f"mismatch '{VEGALITE_MIME}'" in done.stdout
