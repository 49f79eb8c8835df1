"""Packaging: a wheel carries the code, the bundled data (analysis/_data), the notebooks (analysis/_notebooks) and
the report templates, and an installed package finds them through analysis.io.resources (not the checkout)."""
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def checkout_files(folder: str, pattern: str = "*") -> list[Path]:
    return sorted(p.relative_to(ROOT / folder) for p in (ROOT / folder).rglob(pattern)
                  if p.is_file() and "__pycache__" not in p.parts and not any(x.startswith(".") for x in p.parts))


def package_of(prefix: str, file: Path) -> str:
    """The package a bundled file is shipped in ("analysis._data.actors" for data/actors/roles.csv)."""
    return ".".join(["analysis", prefix, *file.parent.parts])


def test_every_subpackage_and_bundled_folder_is_configured():
    code = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "analysis").rglob("__init__.py")}
    bundled = {package_of("_data", p) for p in checkout_files("data")}
    bundled |= {package_of("_notebooks", p) for p in checkout_files("notebooks", "*.ipynb")}
    assert SETUPTOOLS["package-dir"] == {"analysis._data": "data", "analysis._notebooks": "notebooks"}
    assert code | bundled | {"analysis.report.templates.report"} == set(SETUPTOOLS["packages"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built as `pip wheel --no-deps --no-build-isolation` builds it, from a copy of the checkout (the
    build leaves build/ and an egg-info folder where it runs)."""
    import shutil
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    for folder in ("analysis", "data", "notebooks"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v",
                             "-w", str(out), str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "absent from the `packages` configuration" not in result.stdout + result.stderr
    [built] = out.glob("stakeholders-*.whl")
    return built


@pytest.mark.slow
@pytest.mark.subprocess
def test_the_wheel_holds_code_data_notebooks_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("analysis/_data/codebook.yaml", "analysis/_data/lexicon.yaml", "analysis/_data/dna_mapping.yaml",
                     "analysis/_data/actors/roles.csv", "analysis/_data/actors/states.yaml",
                     "analysis/_notebooks/positions.ipynb", "analysis/_notebooks/review/review.ipynb",
                     "analysis/report/templates/report/index.html.j2", "analysis/report/templates/report/conf.json"):
        assert required in names
    expected = {f"analysis/{p.as_posix()}" for p in checkout_files("analysis", "*.py")}
    expected |= {f"analysis/report/templates/{p.as_posix()}" for p in checkout_files("analysis/report/templates")}
    expected |= {f"analysis/_data/{p.as_posix()}" for p in checkout_files("data")}
    expected |= {f"analysis/_notebooks/{p.as_posix()}" for p in checkout_files("notebooks", "*.ipynb")}
    assert expected - names == set()
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "data/", "notebooks/"))]


@pytest.mark.slow
@pytest.mark.subprocess
def test_an_installed_wheel_finds_its_own_files(wheel, tmp_path):
    """The wheel unpacked as pip installs it, imported from a folder outside the checkout: data, notebooks and
    templates come from inside the package."""
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import json\n"
        "from analysis.io.resources import data_dir, notebook_dir\n"
        "from analysis.extraction.codebook import load_codebook\n"
        "from analysis.extraction.actors import load_actors\n"
        "from analysis.report.notebooks import notebook_parameters\n"
        "from importlib.resources import files\n"
        "cb = load_codebook()\n"
        "print(json.dumps({'data': str(data_dir()), 'notebooks': str(notebook_dir()), 'codebook': str(cb.path),\n"
        "                  'actors': [str(p) for p in load_actors().files],\n"
        "                  'parameters': sorted(notebook_parameters('positions')),\n"
        "                  'template': str(files('analysis.report') / 'templates' / 'report' / 'index.html.j2')}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "STAKEHOLDERS_DATA")}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    package = site / "analysis"
    assert found["data"] == str(package / "_data") and found["notebooks"] == str(package / "_notebooks")
    assert all(Path(p).is_relative_to(package) for p in [found["codebook"], *found["actors"]])
    assert "run" in found["parameters"]
    assert Path(found["template"]).is_file() and Path(found["template"]).is_relative_to(package)
