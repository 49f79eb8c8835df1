"""The cue rules a codebook author relies on (the header of data/codebook.yaml), through the real extraction
with the trade codebook of tests/domains/trade: a cue beside the path keeps its polarity whatever negates the
verbs, exact and lemma matching, a cue holding "only", exclusions that reach a prepositional object."""
import pytest
import yaml

from conftest import ROOT
from test_statements import describe, matches, run_text

TRADE = ROOT / "tests" / "domains" / "trade"
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "cues.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def trade_extractor():
    from analysis.extraction.codebook import load_codebook
    from analysis.extraction.pipeline import Extractor
    return Extractor(load_codebook(TRADE / "codebook.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_cue_case(trade_extractor, case):
    df, _ = run_text(trade_extractor, case["text"], case.get("published"))
    for want in case.get("expect", []):
        assert any(matches(row, want) for _, row in df.iterrows()), f"missing {want}\n{describe(df)}"
    for bad in case.get("forbid", []):
        assert not any(matches(row, bad) for _, row in df.iterrows()), f"forbidden {bad}\n{describe(df)}"
    assert case.get("expect") or case.get("forbid"), "a case must expect or forbid something"
