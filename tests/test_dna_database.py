"""The DNA 3 database (.dna): written in DNA's own schema (tests/fixtures/dna/dna3_schema.sql, taken from DNA's
source), read back without loss (ours) and read at all (one DNA made), and the dna-export / dna-import loop."""
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.io.contract import statement_id
from analysis.io.errors import DnaError
from analysis.io.store import read_run
from analysis.review import dna, dnadb
from analysis.review.workflow import read_articles, sentence_spans
from analysis.runs import corrections as corr
from analysis.runs import decisions as dec

from conftest import CORPUS
from test_corrections import flat

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dna"
SCHEMA = FIXTURES / "dna3_schema.sql"
runner = CliRunner()
# What a round trip keeps: the statement's place, holder, issue, stance, date span and precision, speaker, origin.
COMPARED = ["article_id", "char_start", "char_end", "evidence", "stakeholder_id", "group_label", "issue_id", "stance",
            "date_start", "date_end", "date_precision", "speaker_name", "origin", "statement_id"]


def dnas_own(path: Path) -> sqlite3.Connection:
    """A database as DNA 3 creates it (its tables and default rows, from DNA's source)."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA.read_text(encoding="utf-8"))
    conn.execute("UPDATE SETTINGS SET Value = '3.0.11.5' WHERE Property = 'version'")
    return conn


def tables(conn) -> dict[str, str]:
    return {n: " ".join(s.split()) for n, s in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}


def same(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The rows of `a` and `b` on COMPARED, ordered by statement id, as text (for assert_frame_equal)."""
    return [df[COMPARED].astype(str).sort_values("statement_id", ignore_index=True) for df in (a, b)]


@pytest.fixture(scope="module")
def bundled(corpus_run, tmp_path_factory):
    path = tmp_path_factory.mktemp("dna-db") / "run.dna"
    st, articles = read_run(corpus_run, "statements"), read_run(corpus_run, "articles")
    texts = read_articles(CORPUS)
    dna.export_database(st, articles, texts, path)
    return {"path": path, "statements": st, "articles": articles, "texts": texts}


# ---------------------------------------------------------------------------------------------------- the schema

def test_the_tables_are_dnas_own(bundled, tmp_path):
    ours, theirs = sqlite3.connect(bundled["path"]), dnas_own(tmp_path / "dna.dna")
    assert list(tables(ours)) == list(tables(theirs)) and len(tables(ours)) == 16
    assert tables(ours) == tables(theirs)  # the same CREATE TABLE text, column for column, check for check
    for query in ("SELECT ID, Label, Red, Green, Blue FROM STATEMENTTYPES",
                  "SELECT VariableId, AttributeVariable FROM ATTRIBUTEVARIABLES ORDER BY ID",
                  "SELECT ID, Name FROM CODERS WHERE ID = 1", "SELECT Property FROM SETTINGS ORDER BY Property"):
        assert ours.execute(query).fetchall() == theirs.execute(query).fetchall(), query
    variables = "SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES ORDER BY ID"
    mine, dnas = ours.execute(variables).fetchall(), theirs.execute(variables).fetchall()
    # DNA's agreement is boolean; ours is DNA's integer qualifier (-1, 0, 1), and four variables are added
    assert dnas[3] == (4, "agreement", "boolean", 1) and mine[3] == (4, "agreement", "integer", 1)
    assert mine[:3] + mine[4:11] == dnas[:3] + dnas[4:]
    assert [v[1] for v in mine[11:]] == list(dnadb.EXTRA) and {v[3] for v in mine[11:]} == {1}
    assert ours.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone()[0].startswith("3.")
    assert ours.execute("PRAGMA foreign_key_check").fetchall() == []
    assert ours.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_coders_passwords_are_dnas_digests(bundled):
    conn = sqlite3.connect(bundled["path"])
    coders = conn.execute("SELECT ID, Name, Password FROM CODERS ORDER BY ID").fetchall()
    assert [c[1] for c in coders[:2]] == ["Admin", dnadb.MACHINE_CODER]
    for _, _, stored in coders:
        assert dnadb.check_password(dnadb.PASSWORD, stored) and not dnadb.check_password("wrong", stored)
    n = len(coders)  # every coder sees every other's work, as DNA's addCoder sets up
    assert conn.execute("SELECT COUNT(*) FROM CODERRELATIONS").fetchone()[0] == n * (n - 1)


# ---------------------------------------------------------------------------------------------------- contents

def test_documents_are_the_articles_with_their_texts(bundled):
    docs, st = dnadb.read_database(bundled["path"])
    readable = bundled["articles"][bundled["articles"]["article_id"].isin(list(bundled["texts"]))]
    assert len(docs) == len(readable) == len(bundled["texts"])
    by_title = docs.set_index("title")
    for a in readable.itertuples():
        assert by_title.loc[a.title, "text"] == bundled["texts"][a.article_id].text
        assert by_title.loc[a.title, "date"] == a.published and by_title.loc[a.title, "source"] == a.source
    # each statement's Start/Stop cut its evidence out of the document's text
    assert len(st) == len(bundled["statements"])
    assert sorted(st["text"]) == sorted(bundled["statements"]["evidence"])


def test_stances_are_the_integer_qualifier_neutral_included(bundled):
    _, st = dnadb.read_database(bundled["path"])
    want = bundled["statements"]["stance"].map(dnadb.AGREEMENT).value_counts().sort_index()
    assert st["agreement"].value_counts().sort_index().to_dict() == want.to_dict()
    assert (st["agreement"] == 0).sum() == (bundled["statements"]["stance"] == "neutral").sum() > 0
    assert set(st["agreement_type"]) == {"integer"} and set(st["statement_type"]) == {dnadb.STATEMENT_TYPE}
    groups = st[st["organization_type"] == "group"]
    assert len(groups) == (bundled["statements"]["group_label"] != "").sum() > 0


def test_the_bundled_run_comes_back_whole(bundled):
    placed, unplaced = dna.database_statements(bundled["path"], dna.Mapping(), bundled["texts"])
    assert unplaced.empty and len(placed) == len(bundled["statements"])
    pd.testing.assert_frame_equal(*same(placed, bundled["statements"]))


def test_ids_are_stable_across_exports(bundled, tmp_path):
    st = bundled["statements"]
    part = st.iloc[::-2]  # another selection, in another order
    dna.export_database(part, bundled["articles"], bundled["texts"], tmp_path / "part.dna")
    ids = {}
    for path in (bundled["path"], tmp_path / "part.dna"):
        placed, _ = dna.database_statements(path, dna.Mapping(), bundled["texts"])
        ids[path.name] = dict(zip(placed["statement_id"], placed["dna_id"]))
    assert len(ids["part.dna"]) == len(part)
    assert all(ids["run.dna"][s] == n for s, n in ids["part.dna"].items())
    assert len(set(ids["run.dna"].values())) == len(st) and max(ids["run.dna"].values()) < 2**31
    assert dnadb.stable_ids(["a", "b"]) == dnadb.stable_ids(["b", "a", "b"])


def test_the_mapping_names_concepts_and_organizations(bundled, tmp_path):
    mapping = dna.load_mapping(FIXTURES / "mapping.yaml")
    path = tmp_path / "mapped.dna"
    dna.export_database(bundled["statements"], bundled["articles"], bundled["texts"], path, mapping)
    _, st = dnadb.read_database(path)
    assert set(st["concept"]) <= set(mapping.concept_names.values()) | set(bundled["statements"]["issue_id"])
    assert set(st["concept"]) & set(mapping.concept_names.values())
    placed, unplaced = dna.database_statements(path, mapping, bundled["texts"])
    assert unplaced.empty
    pd.testing.assert_frame_equal(*same(placed, bundled["statements"]))


# ---------------------------------------------------------------------------------------------------- DNA's files

@pytest.fixture()
def dna_made(tmp_path):
    """A database as a DNA coder leaves it: DNA's default tables, boolean agreement, two documents (one with the
    article's text as DNA's importer keeps it, one with the text re-typed: other line breaks and a header), a
    statement coded on part of a sentence, one on a sentence the article repeats, an unknown concept."""
    texts = read_articles(CORPUS)
    article = next(a for a in texts.values() if a.file == "european-troops-ukraine.txt")
    other = next(a for a in texts.values() if a.file == "kyiv-visit-ceasefire.md")
    path = tmp_path / "coded.dna"
    conn = dnas_own(path)
    retyped = "Re-typed by a coder\n" + other.text.replace("\n\n", "\n")
    conn.executemany("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Date) VALUES (?, ?, ?, 1, ?)",
                     [(7, article.title, article.text, 1739577600), (8, "another title", retyped, 0)])
    spans = sentence_spans(article)
    first = spans.iloc[1]
    part = (int(first["char_start"]) + 5, int(first["char_end"]) - 3)  # part of the sentence
    ospans = sentence_spans(other)
    sentence = ospans.iloc[2]
    start = retyped.index(sentence["sentence"][:40])
    conn.executemany("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES "
                     "(?, 1, ?, ?, ?, 1)", [(1, 7, *part), (2, 8, start, start + 40), (3, 7, *part)])
    conn.executemany("INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)",
                     [(1, 1, ""), (2, 2, "FRA"), (3, 2, "senior EU officials"), (4, 3, "european_troops"),
                      (5, 3, "No foreign troops in Ukraine"), (6, 3, "the weather")])
    conn.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                     [(1, 1, 1), (1, 2, 2), (1, 3, 4), (2, 1, 1), (2, 2, 3), (2, 3, 5), (3, 1, 1), (3, 2, 2),
                      (3, 3, 6)])
    conn.executemany("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)",
                     [(1, 1), (2, 1), (3, 0)])
    conn.commit()
    conn.close()
    return {"path": path, "texts": texts, "article": article, "other": other, "first": first,
            "sentence": sentence}


def test_a_database_dna_made_is_placed_by_its_texts(dna_made):
    mapping = dna.load_mapping(FIXTURES / "mapping.yaml")
    placed, unplaced = dna.database_statements(dna_made["path"], mapping, dna_made["texts"])
    assert len(placed) == 2 and unplaced["dna_id"].tolist() == [3], unplaced["reason"].tolist()
    assert "'the weather' is neither in the mapping file's concepts nor a codebook issue id" in unplaced.loc[0, "reason"]
    one, two = placed.set_index("dna_id").loc[1], placed.set_index("dna_id").loc[2]
    # part of a sentence: the whole sentence, by the offsets, in the article whose text the document holds
    assert (one["article_id"], one["char_start"], one["evidence"]) == (
        dna_made["article"].article_id, dna_made["first"]["char_start"], dna_made["first"]["sentence"])
    assert (one["stakeholder_id"], one["stance"], one["origin"], one["date_start"]) == (
        "FRA", "support", "imported", "2025-02-15")
    # a re-typed text: found by its coded text, and by the document's title through nothing else
    assert two["article_id"] == dna_made["other"].article_id and two["evidence"] == dna_made["sentence"]["sentence"]
    assert (two["group_label"], two["issue_id"], two["stance"]) == ("senior EU officials", "european_troops",
                                                                    "oppose")  # inverted concept
    assert two["date_start"] == dna_made["other"].published.isoformat() and two["date_precision"] == "day"


def test_a_repeated_sentence_is_placed_where_it_was_coded(tmp_path):
    texts = read_articles(CORPUS)
    article = next(a for a in texts.values() if a.file == "european-troops-ukraine.txt")
    spans = sentence_spans(article)
    sentence = spans.iloc[1]["sentence"]
    assert article.text.count(sentence) == 1  # the article says it once; the coder's copy twice
    doubled = article.text + "\n\n" + sentence
    path = tmp_path / "doubled.dna"
    conn = dnas_own(path)
    conn.execute("INSERT INTO DOCUMENTS (ID, Title, Text, Date) VALUES (1, 'x', ?, 0)", (doubled,))
    at = len(article.text) + 2
    conn.executemany("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES "
                     "(?, 1, 1, ?, ?, 1)", [(1, at, at + len(sentence)), (2, int(spans.iloc[1]["char_start"]),
                                                                           int(spans.iloc[1]["char_end"]))])
    conn.executemany("INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)",
                     [(1, 1, ""), (2, 2, "FRA"), (3, 3, "european_troops")])
    conn.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                     [(s, v, e) for s in (1, 2) for v, e in ((1, 1), (2, 2), (3, 3))])
    conn.executemany("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, 1)", [(1,), (2,)])
    conn.commit()
    conn.close()
    placed, unplaced = dna.database_statements(path, dna.Mapping(), texts)
    # the copy at the end is not in the corpus article: the nearest occurrence is the article's own sentence,
    # so both are the same statement, and the second is reported as such rather than added twice
    assert len(placed) == 1 and placed.loc[0, "char_start"] == spans.iloc[1]["char_start"]
    assert "the same statement as DNA statement 1" in unplaced.loc[0, "reason"]


@pytest.mark.parametrize("setup, message", [
    (lambda p: p.write_bytes(b"not a database at all" * 100), "not a DNA 3 database"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE X(a)").connection.commit(), "no table"),
    (lambda p: dnas_own(p).execute("UPDATE SETTINGS SET Value = '2.0' WHERE Property = 'version'").connection
     .commit(), "a DNA 2.0 database"),
])
def test_a_file_that_is_no_dna_3_database_is_named(tmp_path, setup, message):
    path = tmp_path / "x.dna"
    setup(path)
    with pytest.raises(DnaError) as err:
        dnadb.read_database(path)
    assert str(path) in str(err.value) and message in str(err.value)


# ---------------------------------------------------------------------------------------------------- the CLI loop

def hard_corpus(folder: Path) -> Path:
    """Articles with unnamed groups, vague dates (a quarter, a season, a week), no publication date, neutral
    statements, and a sentence the article says twice (in two paragraphs)."""
    folder.mkdir()
    files = ["european-troops-ukraine.txt", "defence-ministers-reassurance-force.md", "baltic-diplomats-vienna.txt"]
    for name in files:
        shutil.copy(CORPUS / name, folder / name)
    rows = [r for r in (CORPUS / "manifest.csv").read_text(encoding="utf-8").splitlines()
            if r.startswith("file,") or r.split(",")[0] in files]
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = (folder / files[0]).read_text(encoding="utf-8")
    repeated = ("Some European countries are quietly working on a plan to send troops to Ukraine to help enforce "
                "any future peace settlement with Russia.")
    assert repeated in text
    (folder / files[0]).write_text(text.rstrip() + "\n\nOfficials met again on Monday. " + repeated + "\n",
                                   encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hard(tmp_path_factory):
    """The hard corpus extracted, corrected (a change to neutral, a confirm after it, a reject, a group's stance
    changed), extracted again, exported as .dna, imported into a fresh corrections file."""
    base = tmp_path_factory.mktemp("dna-hard")
    corpus = hard_corpus(base / "corpus")
    machine = base / "machine"
    assert runner.invoke(app, ["extract", str(corpus), "--out", str(machine), "--quiet"]).exit_code == 0
    st = read_run(machine, "statements")
    polar = st[(st["stance"] != "neutral") & (st["group_label"] == "")]
    group = st[st["group_label"] != ""].iloc[0]
    key = lambda r: {c: r[c] for c in dec.KEY}  # noqa: E731
    when = {"analyst": "Ana", "time": "2025-06-01T09:00:00+00:00"}
    # the machine makes no statement of a sentence the article said before; an analyst adds it
    said = st[st["evidence"].str.startswith("Some European countries are quietly")].iloc[0]
    text = read_articles(corpus)[said["article_id"]].text
    again = text.index(said["evidence"], int(said["char_start"]) + 1)
    dec.append_corrections(corpus / "corrections.csv", [
        {"action": "add", **key(said), "char_start": again, "char_end": again + len(said["evidence"]),
         "evidence": said["evidence"], **when},
        {"action": "change", **key(polar.iloc[0]), "new_stance": "neutral", **when},
        {"action": "confirm", **key(polar.iloc[0]), **when},
        {"action": "reject", **key(polar.iloc[1]), **when},
        {"action": "change", **key(group), "new_date_start": "2025-01-01", "new_date_end": "2025-03-31",
         "new_date_precision": "quarter", **when},
    ])
    run = base / "run"
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(run), "--quiet"])
    assert result.exit_code == 0, result.output
    out = base / "export" / "hard.dna"
    exported = runner.invoke(app, ["dna-export", str(run), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    target = base / "imported.csv"
    imported = runner.invoke(app, ["dna-import", str(out), "--corpus", str(corpus), "--corrections", str(target)])
    assert imported.exit_code == 0, imported.output
    return {"corpus": corpus, "run": run, "machine": machine, "out": out, "target": target,
            "export": flat(exported.output), "import": flat(imported.output)}


@pytest.mark.slow
def test_the_hard_corpus_has_what_it_should(hard):
    st = read_run(hard["run"], "statements")
    assert (st["group_label"] != "").sum() >= 5
    assert set(st["date_precision"]) >= {"quarter", "season", "unknown", "day"}
    assert st["stance"].eq("neutral").sum() >= 2 and "corrected" in set(st["origin"])
    neutral_corrected = st[(st["origin"] == "corrected") & (st["stance"] == "neutral")]
    assert len(neutral_corrected) == 1
    log = corr.read_log(hard["run"])  # the confirm after the change to neutral applies to it
    assert log["status"].eq("applied").all() and len(log) == 5
    twice = st.groupby(["article_id", "evidence"])["char_start"].nunique()
    assert (twice > 1).sum() == 1  # the repeated sentence, at two offsets
    assert "added" in set(st["origin"])


@pytest.mark.slow
def test_the_hard_corpus_comes_back_whole(hard):
    st = read_run(hard["run"], "statements")
    placed, unplaced = dna.database_statements(hard["out"], dna.Mapping(), read_articles(hard["corpus"]))
    assert unplaced.empty and len(placed) == len(st)
    pd.testing.assert_frame_equal(*same(placed, st))
    assert f"{len(st)} statements ({st['stance'].eq('neutral').sum()} neutral)" in hard["export"]


@pytest.mark.slow
def test_dna_import_of_our_file_rebuilds_the_statements(hard):
    """dna-import with default flags places every statement; applied to the machine's statements, its decisions
    give the exported table back (origin aside: what comes from DNA is `imported`)."""
    st = read_run(hard["run"], "statements")
    assert f"{len(st)} DNA statements: {len(st)} added to" in hard["import"] and "0 not imported" in hard["import"]
    decisions = dec.read_corrections(hard["target"])
    applied = corr.apply_corrections(read_run(hard["machine"], "statements"), decisions,
                                     read_run(hard["machine"], "articles"))
    assert applied.counts["applied"] == len(st)
    back = applied.statements[applied.statements["origin"] == "imported"]
    want = st.assign(origin="imported")
    pd.testing.assert_frame_equal(*same(back, want))
    assert decisions["note"].str.contains("origin corrected").sum() == (st["origin"] == "corrected").sum()


@pytest.mark.slow
def test_dna_import_is_idempotent_and_export_refuses_other_suffixes(hard, tmp_path):
    again = runner.invoke(app, ["dna-import", str(hard["out"]), "--corpus", str(hard["corpus"]),
                                "--corrections", str(hard["target"])])
    assert again.exit_code == 0 and " 0 added to" in flat(again.output)
    wrong = runner.invoke(app, ["dna-export", str(hard["run"]), "--out", str(tmp_path / "x.txt")])
    assert wrong.exit_code != 0 and "FILE.dna" in flat(wrong.output)


def test_statement_ids_of_placed_rows_are_the_runs(bundled):
    placed, _ = dna.database_statements(bundled["path"], dna.Mapping(), bundled["texts"])
    assert all(statement_id(r) == r["statement_id"] for r in placed.to_dict("records"))
