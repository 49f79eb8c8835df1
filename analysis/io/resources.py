"""Where the package's own files are: its code, the bundled data, the report notebooks.

Found through `importlib.resources`: an installed wheel carries `data/` and `notebooks/` inside the package
(pyproject.toml maps them to `analysis/_data` and `analysis/_notebooks`), a checkout (or an editable install)
has them at the repository's top. `STAKEHOLDERS_DATA` points to another data folder."""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def package_dir() -> Path:
    """The folder of the `analysis` package (its code; in a wheel, with its data and notebooks)."""
    return Path(str(files("analysis")))


def _packaged(name: str, checkout: str) -> Path:
    inside = package_dir() / name
    return inside if inside.is_dir() else package_dir().parent / checkout


def data_dir() -> Path:
    """The bundled data folder (codebook, lexicon, DNA mapping, actors, corpus), or $STAKEHOLDERS_DATA."""
    if os.environ.get("STAKEHOLDERS_DATA"):
        return Path(os.environ["STAKEHOLDERS_DATA"])
    return _packaged("_data", "data")


def notebook_dir() -> Path:
    """The report notebooks (positions, timeline, stakeholder, issue) and review/review.ipynb."""
    return _packaged("_notebooks", "notebooks")


def find_folder(path: str | Path) -> Path:
    """A folder a notebook parameter names (a run, a corpus): `path` as given when it exists. A relative path that
    does not exist from the working folder is looked up from the notebooks' folder, its review/ folder and the
    folder holding notebooks/ (the repository's root): the notebooks' default `run` ("../outputs/run") is
    relative to notebooks/, where JupyterLab runs them, and papermill runs them from wherever it is started
    (`papermill notebooks/issue.ipynb out.ipynb` from the root). The path as given when none exists."""
    given = Path(path).expanduser()
    if given.is_absolute() or given.exists():
        return given
    notebooks = notebook_dir()
    for base in (notebooks, notebooks / "review", notebooks.parent):
        if (base / given).exists():
            return (base / given).resolve()
    return given
