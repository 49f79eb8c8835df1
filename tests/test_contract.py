"""The output contract: the row dataclasses of analysis/io/contract.py, docs/OUTPUTS.md and the project's reference
contract (tests/reference/OUTPUTS.md) agree column for column, so none of them can drift from the others."""
import re
from dataclasses import asdict, fields

import pandas as pd
import pytest

from analysis.io import contract
from analysis.io.contract import COLUMNS, SORT_KEYS, TABLES, frame, statement_id
from analysis.runs.corrections import LOG_COLUMNS

from conftest import ROOT

DOC = ROOT / "docs" / "OUTPUTS.md"
REFERENCE = ROOT / "tests" / "reference" / "OUTPUTS.md"
TYPES = {"str": "text", "bool": "true/false", "Int64": "integer", "float64": "number"}


def sections(text: str, level: str = "##") -> dict[str, str]:
    """The text under each heading of `level` ("## articles" -> "articles")."""
    parts = re.split(rf"^{level} (\S+).*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def documented(section: str) -> list[tuple[str, str]]:
    """(column, type) of each row of the section's column tables, in order."""
    return re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", section, flags=re.M)


def doc_tables() -> dict[str, str]:
    return sections(DOC.read_text(encoding="utf-8"))


def report_tables() -> dict[str, dict[str, str]]:
    """The tables a report folder adds (positions.csv, spells.csv): column -> dtype, from frames the code makes."""
    from analysis.explore import spells

    from test_spells import said, statements
    st = statements(said("2025-01-10", "oppose"), said("2025-03-01", "support"))
    types = {"str": "str", "object": "str", "int64": "Int64", "float64": "float64", "bool": "bool"}
    return {name: {c: types[str(t)] for c, t in table.dtypes.items()}
            for name, table in (("positions", spells.current_positions(st)), ("spells", spells.position_spells(st)))}


def test_the_document_lists_every_column_of_every_table_in_order_with_its_type():
    docs = doc_tables()
    tables = {**COLUMNS, "corrections": LOG_COLUMNS, **report_tables()}
    assert list(docs) == list(tables)
    for table, columns in tables.items():
        assert documented(docs[table]) == [(c, TYPES[t]) for c, t in columns.items()], table


def test_the_document_gives_each_table_its_sort_order():
    docs = doc_tables()
    for table in TABLES:
        line = re.search(r"^Sorted by (.+)\.$", docs[table], flags=re.M)
        assert line and re.findall(r"`(\w+)`", line.group(1)) == SORT_KEYS[table], table


def test_contract_columns_keep_the_reference_names_and_order_and_come_first():
    reference = sections(REFERENCE.read_text(encoding="utf-8"))
    docs = doc_tables()
    assert set(reference) <= set(TABLES)
    for table, section in reference.items():
        names = [n for cell in re.findall(r"^\| (`[^|]+`) \|", section, flags=re.M)
                 for n in re.findall(r"`(\w+)`", cell)]
        contract_part = sections(docs[table], "###")["Contract"]
        assert [c for c, _ in documented(contract_part)] == names, table
        assert list(COLUMNS[table])[:len(names)] == names, table
    for table in set(TABLES) - set(reference):
        assert "Added by this project" in docs[table] and "### Contract" not in docs[table]


def test_columns_sort_keys_and_defaults_derive_from_the_row_dataclasses():
    for row in contract.ROWS:
        assert list(COLUMNS[row.TABLE]) == [f.name for f in fields(row)]
        assert set(SORT_KEYS[row.TABLE]) <= set(COLUMNS[row.TABLE])
    assert TABLES == ("articles", "statements", "events", "new_people", "problems")
    assert contract.DEFAULTS["statements"] == {"origin": "machine"}
    assert set(contract.StatementRow.KEY) <= set(COLUMNS["statements"])


def _statement(**values) -> contract.StatementRow:
    base = dict(file="b.txt", article_id="a1", stakeholder_id="AAA", speaker_name="", speaker_role="",
                speaker_kind="state", group_label="", issue_id="issue_x", stance="support", conditional=False,
                constrained=False, condition="", quantity=None, date_start="", date_end="",
                date_precision="unknown", date_basis="unknown", evidence="A sentence.", char_start=10, char_end=21,
                confidence=0.5, codebook_version="v", statement_id="", speaker_text="", speaker_in_roles=True,
                issue_text="", stance_cue="", date_text="", published="")
    return contract.StatementRow(**{**base, **values})


def test_typed_rows_and_dicts_make_the_same_frame():
    rows = [_statement(char_start=30, stance="oppose"), _statement(quantity=500, group_label="Some officials",
                                                                   stakeholder_id="", speaker_kind="group")]
    typed, plain = frame("statements", rows), frame("statements", [asdict(r) for r in rows])
    pd.testing.assert_frame_equal(typed, plain)
    assert list(typed["char_start"]) == [10, 30] and list(typed["origin"]) == ["machine", "machine"]
    assert {c: str(t) for c, t in typed.dtypes.items() if c in ("quantity", "conditional", "confidence")} == \
        {"quantity": "Int64", "conditional": "bool", "confidence": "float64"}


def test_statement_id_hashes_the_key_alike_from_a_row_or_a_dict():
    row = _statement(group_label="Some Officials", stakeholder_id="")
    assert statement_id(row) == statement_id(asdict(row)) == statement_id({**asdict(row), "char_start": "10",
                                                                            "group_label": "some officials"})
    assert statement_id(row) == "69082745640b"  # sha1 of "a1|10||some officials|issue_x|support": old ids stay valid
    assert statement_id(row) != statement_id(_statement(group_label="Some Officials", stakeholder_id="",
                                                        stance="oppose"))


@pytest.mark.parametrize("name", ["STANCES", "PRECISIONS", "SPEAKER_KINDS", "ORIGINS"])
def test_shared_values_are_defined_once_outside_the_extraction(name):
    """The layers above extraction import the shared values from analysis.io.contract (analysis/extraction/
    codebook.py and dates.py still keep their own copies)."""
    assignment = re.compile(rf"^{name}\s*=", re.M)
    defining = [str(p.relative_to(ROOT)) for p in (ROOT / "analysis").rglob("*.py")
                if assignment.search(p.read_text(encoding="utf-8")) and "extraction" not in p.parts]
    assert defining == ["analysis/io/contract.py"]
