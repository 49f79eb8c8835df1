"""Positions in time through the real extraction and the real report, on tests/corpora/positions_in_time:
Germany opposes troops in February and March 2025 (four statements, four articles) and supports them on
2025-12-16 (two articles); Poland supports them in February and March and opposes them on 2025-12-16. One more
article, with no publication day, holds an undated German statement."""
import csv
import json

import nbformat
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.explore import positions
from analysis.explore import spells as S
from analysis.io.store import write_run
from analysis.report import build
from analysis.report.charts import VEGALITE_MIME

from conftest import ROOT

CROSSING = ROOT / "tests" / "corpora" / "positions_in_time"


@pytest.fixture(scope="module")
def crossing_run(extractor, tmp_path_factory):
    from analysis.runs.runner import extract_corpus
    out = tmp_path_factory.mktemp("runs") / "crossing"
    write_run(out, extract_corpus(CROSSING, extractor=extractor), {"test": True})
    return out


def by_holder(rows) -> dict[str, dict]:
    return {r["stakeholder_id"]: r for r in rows}


def test_the_extracted_articles_give_both_reversals_on_the_day_they_were_reported(crossing_run):
    run = positions.load_run(crossing_run)
    now = by_holder(S.current_positions(run).to_dict("records"))
    assert {k: now["DEU"][k] for k in ("position", "since", "previous_position", "statements", "undated")} == \
        {"position": "support", "since": "2025-12-16", "previous_position": "oppose", "statements": 2, "undated": 1}
    assert {k: now["POL"][k] for k in ("position", "since", "previous_position", "statements")} == \
        {"position": "oppose", "since": "2025-12-16", "previous_position": "support", "statements": 2}
    assert "ready to" in now["DEU"]["latest_evidence"] and now["DEU"]["all_statements"] == 6
    spells = S.position_spells(run)
    germany = spells[spells["stakeholder_id"].eq("DEU")]
    assert list(zip(germany["position"], germany["start"], germany["end"], germany["statements"])) == [
        ("oppose", "2025-02-14", "2025-03-12", 4), ("support", "2025-12-16", "2025-12-16", 2)]
    assert "1 undated statement left out" in S.left_out_note(run, S.as_of_day(run))


def test_before_december_the_positions_are_the_old_ones(crossing_run, tmp_path):
    run = positions.load_run(crossing_run)
    assert build._write_positions(run, {"date_to": "2025-06-30"}, tmp_path) == "2025-06-30"
    with open(tmp_path / "positions.csv", encoding="utf-8") as f:
        then = by_holder(csv.DictReader(f))
    assert (then["DEU"]["position"], then["DEU"]["since"], then["DEU"]["previous_position"]) == \
        ("oppose", "2025-02-14", "")
    assert (then["POL"]["position"], then["POL"]["as_of"]) == ("support", "2025-06-30")
    per_quarter = S.polarisation(S.positions_per_window(run, "quarter")).set_index("window")["polarisation"]
    assert per_quarter.to_dict() == {"2025-01-01": 1.0, "2025-04-01": 1.0, "2025-07-01": 1.0, "2025-10-01": 1.0}


@pytest.mark.kernel
def test_the_report_folder_holds_positions_and_spells_as_of_its_last_day(crossing_run, tmp_path):
    root = tmp_path / "outputs"
    out = root / "crossing"
    result = CliRunner().invoke(app, ["report", str(CROSSING), "--out", str(out), "--root", str(root), "--quiet"])
    assert result.exit_code == 0, result.output
    with open(out / "positions.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == S.CURRENT_COLUMNS
    now = by_holder(rows)
    assert (now["DEU"]["position"], now["DEU"]["since"], now["DEU"]["previous_position"]) == \
        ("support", "2025-12-16", "oppose")
    assert (now["POL"]["position"], now["POL"]["since"], now["POL"]["previous_position"]) == \
        ("oppose", "2025-12-16", "support")
    with open(out / "spells.csv", encoding="utf-8") as f:
        spells = list(csv.DictReader(f))
    assert [(s["stakeholder_id"], s["position"], s["is_current"]) for s in spells] == [
        ("DEU", "oppose", "false"), ("DEU", "support", "true"), ("POL", "support", "false"),
        ("POL", "oppose", "true")]
    record = json.loads((out / "report.json").read_text())
    assert record["as_of"] == "2025-12-16" and {"positions.csv", "spells.csv"} <= set(record["files"])
    # the report's stance matrix colours the same current positions, with since when and what before
    nb = nbformat.read(out / "positions.ipynb", as_version=4)
    cells = [r for c in nb.cells if c.cell_type == "code" for o in c.outputs
             for data in o.get("data", {}).get(VEGALITE_MIME, {}).get("datasets", {}).values() for r in data
             if "held" in r]
    held = {r["stakeholder"]: (r["position"], r["held"]) for r in cells}
    assert held["Germany (DEU)"] == ("support", "since 2025-12-16, before: oppose")
    assert held["Poland (POL)"] == ("oppose", "since 2025-12-16, before: support")
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert "1 undated statement left out" in shown
