"""The command line: extract writes the contract's tables (CSV, Parquet, DuckDB), refuses to overwrite, and
evaluate agrees with the reference scorer."""
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.io.contract import COLUMNS

from conftest import CORPUS, GOLD

CONTRACT = {
    "articles": ["file", "article_id", "title", "source", "url", "published", "published_basis", "n_paragraphs",
                 "n_duplicates_dropped", "problems"],
    "statements": ["file", "article_id", "stakeholder_id", "speaker_name", "speaker_role", "speaker_kind",
                   "group_label", "issue_id", "stance", "conditional", "constrained", "condition", "quantity",
                   "date_start", "date_end", "date_precision", "date_basis", "evidence", "char_start", "char_end",
                   "confidence", "codebook_version"],
    "events": ["file", "article_id", "event_id", "date_start", "date_end", "date_precision", "date_basis",
               "description", "actors", "issue_ids", "evidence", "char_start", "char_end"],
}
runner = CliRunner()


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("seed")
    (corpus / "european-troops-ukraine.txt").write_bytes((CORPUS / "european-troops-ukraine.txt").read_bytes())
    rows = [r for r in (CORPUS / "manifest.csv").read_text().splitlines() if r.startswith(("file,", "european-troops"))]
    (corpus / "manifest.csv").write_text("\n".join(rows) + "\n")
    out = tmp_path_factory.mktemp("out") / "run"
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return corpus, out


def test_extract_writes_contract_tables_in_three_forms(seed_run):
    _, out = seed_run
    con = duckdb.connect(str(out / "run.duckdb"), read_only=True)
    for table, columns in CONTRACT.items():
        csv = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
        assert list(csv.columns[:len(columns)]) == columns
        assert list(csv.columns) == list(COLUMNS[table])
        parquet = pd.read_parquet(out / f"{table}.parquet")
        assert len(parquet) == len(csv)
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] == len(csv)
    con.close()


def test_seed_article_is_read_once_without_repeats(seed_run):
    _, out = seed_run
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert len(articles) == 1
    row = articles.iloc[0]
    assert row.published == "2025-02-15" and row.published_basis == "manifest"
    assert int(row.n_duplicates_dropped) == 4
    statements = pd.read_csv(out / "statements.csv", dtype=str, keep_default_na=False)
    text_rows = statements[statements.evidence.str.contains("leading the initiative")]
    assert text_rows.groupby(["stakeholder_id", "issue_id", "stance"]).size().max() == 1


def test_statement_rows_carry_provenance(seed_run):
    corpus, out = seed_run
    from analysis.io.ingest import read_corpus
    text = next(read_corpus(corpus)).text
    statements = pd.read_csv(out / "statements.csv", dtype={"char_start": int, "char_end": int},
                             keep_default_na=False)
    assert len(statements)
    for _, row in statements.iterrows():
        assert text[row.char_start:row.char_end] == row.evidence
        assert row.codebook_version and 0 < row.confidence <= 1
    assert set(statements.conditional.astype(str).str.lower()) <= {"true", "false"}


def test_extract_refuses_to_overwrite_a_run(seed_run):
    corpus, out = seed_run
    before = (out / "statements.csv").read_bytes()
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 2 and "--force" in result.output
    assert (out / "statements.csv").read_bytes() == before


def test_extract_is_deterministic(seed_run, tmp_path):
    corpus, out = seed_run
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "again"), "--quiet"])
    assert result.exit_code == 0
    for table in CONTRACT:
        assert (tmp_path / "again" / f"{table}.csv").read_bytes() == (out / f"{table}.csv").read_bytes()


@pytest.mark.parametrize("args, message", [
    (["extract", "/nonexistent/corpus", "--out", "/tmp/x"], "corpus folder not found"),
])
def test_extract_cannot_start(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output


def test_extract_refuses_a_broken_codebook(seed_run, tmp_path):
    corpus, _ = seed_run
    bad = tmp_path / "codebook.yaml"
    bad.write_text("name: x\nissues:\n  - id: a\n    cues: [x]\n")
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "r"), "--codebook", str(bad)])
    assert result.exit_code == 2 and "codebook.yaml:3" in result.output
    assert not (tmp_path / "r").exists()


def reference_summary(gold, out) -> str:
    ref = GOLD.parent / "reference" / "score.py"
    done = subprocess.run([sys.executable, str(ref), str(gold), str(out)], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.subprocess
def test_evaluate_agrees_with_the_reference_scorer_on_the_seed(seed_run):
    _, out = seed_run
    result = runner.invoke(app, ["evaluate", str(GOLD / "seed.yaml"), str(out), "--overall", "--no-misses"])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == reference_summary(GOLD / "seed.yaml", out)


@pytest.mark.subprocess
def test_evaluate_agrees_with_the_reference_scorer_on_the_corpus(corpus_run):
    result = runner.invoke(app, ["evaluate", str(GOLD / "corpus.yaml"), str(corpus_run), "--overall", "--no-misses"])
    assert result.output.strip().splitlines()[-1] == reference_summary(GOLD / "corpus.yaml", corpus_run)


@pytest.mark.subprocess
def test_founding_article_meets_its_gold(seed_run):
    _, out = seed_run
    assert reference_summary(GOLD / "seed.yaml", out) == \
        "F1=1.00 P=1.00 R=1.00 speaker=6/6 date=2/2 events=3/3 quantity=1/1 groups=2/2 dedupe=1/1"
