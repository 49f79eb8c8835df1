"""The package's shape: the import contract of pyproject.toml (import-linter: layers that import only downward,
no cycle among siblings, imports inside functions included) and no module over 600 lines."""
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

MAX_LINES = 600


def lint_imports(root: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                           "lint_imports_command()", "--no-cache"], cwd=root, capture_output=True, text=True)


@pytest.mark.subprocess
def test_the_import_contract_is_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_the_contract_names_every_layer():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = {name.strip() for c in contracts if c["type"] == "layers" for layer in c["layers"]
              for name in layer.split("|")}
    packages = {f"analysis.{p.stem}" for p in (ROOT / "analysis").iterdir()
                if (p / "__init__.py").exists() or p.suffix == ".py" and p.stem != "__init__"}
    assert packages == layers


@pytest.mark.subprocess
def test_a_layering_mistake_breaks_the_contract(tmp_path):
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "analysis", copy / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    target = copy / "analysis" / "io" / "files.py"
    target.write_text(target.read_text() + "\n\ndef _late():\n    from ..report import charts  # upward, inside a function\n")
    result = lint_imports(copy)
    assert result.returncode != 0 and "analysis.io.files -> analysis.report" in result.stdout


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "analysis").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules: {long}"
