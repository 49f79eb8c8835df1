"""Statement rules on sentences written for the tests (tests/cases/statements.yaml): actors, attribution,
issues and anaphors, stance with negation and modality, qualifiers, quantities, groups, dedupe, dates."""
import datetime as dt

import pandas as pd
import pytest
import yaml

from analysis.io.ingest import Article, split_paragraphs
from analysis.io.contract import frame

from conftest import ROOT

CASES = [case for name in ("statements.yaml", "unseen.yaml", "idioms.yaml")
         for case in yaml.safe_load((ROOT / "tests" / "cases" / name).read_text(encoding="utf-8"))]


def run_text(extractor, text: str, published, source: str = "") -> tuple[pd.DataFrame, list[dict]]:
    paragraphs = split_paragraphs(text)
    article = Article(file="case.txt", title=paragraphs[0], paragraphs=paragraphs, source=source,
                      published=dt.date.fromisoformat(str(published)) if published else None,
                      published_basis="manifest" if published else "unknown")
    result = extractor.article(article)
    return frame("statements", result.statements), result.new_people


def matches(row: pd.Series, want: dict) -> bool:
    for key, value in want.items():
        got = row[key]
        if isinstance(value, bool):
            if bool(got) != value:
                return False
        elif key == "quantity":
            if pd.isna(got) or int(got) != int(value):
                return False
        elif str(got) != str(value):
            return False
    return True


def describe(df: pd.DataFrame) -> str:
    cols = ["stakeholder_id", "group_label", "issue_id", "stance", "speaker_name", "conditional", "constrained",
            "quantity", "date_start", "evidence"]
    return df[cols].to_string() if len(df) else "(no statements)"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_statement_case(extractor, case):
    df, new_people = run_text(extractor, case["text"], case.get("published"), case.get("source", ""))
    for want in case.get("expect", []):
        assert any(matches(row, want) for _, row in df.iterrows()), f"missing {want}\n{describe(df)}"
    for bad in case.get("forbid", []):
        assert not any(matches(row, bad) for _, row in df.iterrows()), f"forbidden {bad}\n{describe(df)}"
    if "max_rows" in case:
        rule = dict(case["max_rows"])
        count = rule.pop("count")
        assert sum(matches(row, rule) for _, row in df.iterrows()) <= count, describe(df)
    for name in case.get("new_people", []):
        assert name in {p["person"] for p in new_people}


DOMAIN_CASES = yaml.safe_load((ROOT / "tests" / "cases" / "domains.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def domain_extractors():
    """An extractor per domain of tests/domains, built on first use."""
    from analysis.extraction.actors import load_actors
    from analysis.extraction.codebook import load_codebook
    from analysis.extraction.pipeline import Extractor
    built = {}

    def get(name: str):
        if name not in built:
            folder = ROOT / "tests" / "domains" / name
            codebook = load_codebook(folder / "codebook.yaml")
            built[name] = Extractor(codebook, load_actors(folder / "actors", shared_roles=codebook.lexicon.shared_roles))
        return built[name]
    return get


@pytest.mark.parametrize("case", DOMAIN_CASES, ids=[c["id"] for c in DOMAIN_CASES])
def test_domain_case(domain_extractors, case):
    """The same rules with another domain's codebook and actors (tests/cases/domains.yaml names the domain)."""
    df, _ = run_text(domain_extractors(case["domain"]), case["text"], case.get("published"), case.get("source", ""))
    for want in case.get("expect", []):
        assert any(matches(row, want) for _, row in df.iterrows()), f"missing {want}\n{describe(df)}"
    for bad in case.get("forbid", []):
        assert not any(matches(row, bad) for _, row in df.iterrows()), f"forbidden {bad}\n{describe(df)}"


def test_every_row_has_confidence_and_provenance(extractor):
    text = "\n\n".join(c["text"] for c in CASES if c.get("published"))
    df, _ = run_text(extractor, text, "2025-02-20")
    assert len(df) > 20
    assert df["confidence"].between(0.05, 0.99).all()
    assert (df["char_end"] > df["char_start"]).all()
    assert df["evidence"].str.len().gt(0).all()


def test_extraction_is_deterministic(extractor):
    text = "\n\n".join(c["text"] for c in CASES[:10])
    first, _ = run_text(extractor, text, "2025-02-20")
    second, _ = run_text(extractor, text, "2025-02-20")
    pd.testing.assert_frame_equal(first, second)
