"""Where the package's own files are: the bundled data, the report notebooks.

Found through `importlib.resources`: an installed wheel carries `data/` and `notebooks/` inside the package
(pyproject.toml maps them to `analysis/_data` and `analysis/_notebooks`), a checkout (or an editable install)
has them at the repository's top. `STAKEHOLDERS_DATA` points to another data folder."""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _packaged(name: str, checkout: str) -> Path:
    inside = Path(str(files("analysis") / name))
    return inside if inside.is_dir() else _CHECKOUT / checkout


def data_dir() -> Path:
    """The bundled data folder (codebook, lexicon, patterns, actors, corpus), or $STAKEHOLDERS_DATA."""
    if os.environ.get("STAKEHOLDERS_DATA"):
        return Path(os.environ["STAKEHOLDERS_DATA"])
    return _packaged("_data", "data")


def notebook_dir() -> Path:
    """The report and review notebooks."""
    return _packaged("_notebooks", "notebooks")
