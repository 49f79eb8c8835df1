"""Review: the list of statements to review with their paragraph, the sentence of a quote, recording decisions,
and the review notebook (executed, then checked by nbval)."""
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from analysis.io.errors import ReviewError
from analysis.io.resources import notebook_dir
from analysis.review import workflow as review
from analysis.runs import decisions as dec
from analysis.io.store import read_run

from conftest import CORPUS, DATA
from test_notebooks import nbval

REVIEW_NOTEBOOK = notebook_dir() / "review" / "review.ipynb"

WHEN = "2025-06-01T09:00:00+00:00"


@pytest.fixture(scope="module")
def run(corpus_run, tmp_path_factory):
    """The bundled corpus's run, in the layout of the project (outputs/run beside notebooks/review), with a
    run.json naming its corpus and codebook as `stakeholders extract` writes it."""
    root = tmp_path_factory.mktemp("layout")
    folder = root / "outputs" / "run"
    folder.mkdir(parents=True)
    for path in corpus_run.iterdir():
        if path.name != "run.json":
            (folder / path.name).symlink_to(path)
    (folder / "run.json").write_text(json.dumps({"corpus": str(CORPUS), "codebook": str(DATA / "codebook.yaml")}))
    return folder


@pytest.fixture(scope="module")
def articles():
    return review.read_articles(CORPUS)


# ---------------------------------------------------------------------------------------------------- the list

def test_the_list_is_the_unreviewed_statements_lowest_confidence_first_with_their_paragraph(run):
    todo = review.review_list(run)
    st = read_run(run, "statements")
    assert list(todo.columns) == review.REVIEW_COLUMNS and len(todo) == (st["origin"] == "machine").sum()
    assert todo["confidence"].is_monotonic_increasing
    assert all(e in p for e, p in zip(todo["evidence"], todo["paragraph"]))
    assert (todo["paragraph"].str.len() >= todo["evidence"].str.len()).all()
    assert len(review.review_list(run, limit=3)) == 3
    issue = st["issue_id"].value_counts().index[-1]
    assert set(review.review_list(run, issues=[issue])["issue_id"]) == {issue}


def test_the_extractors_sentences_are_found_again(run, articles):
    st = read_run(run, "statements")
    for article_id, rows in st.groupby("article_id"):
        spans = review.sentence_spans(articles[article_id])
        found = set(zip(spans["char_start"], spans["char_end"]))
        assert set(zip(rows["char_start"].astype(int), rows["char_end"].astype(int))) <= found
        text = articles[article_id].text
        assert all(text[s:e] == sentence for s, e, sentence in spans.itertuples(index=False))


def test_cards_escape_article_text():
    row = {c: "" for c in review.REVIEW_COLUMNS} | {
        "confidence": 0.5, "stakeholder_id": "XXA", "issue_id": "i1", "stance": "support", "conditional": False,
        "constrained": True, "evidence": "<script>x</script> said so.",
        "paragraph": "Before. <script>x</script> said so. After <b>."}
    cards = review.cards(pd.DataFrame([row]))
    html = cards._repr_html_()
    assert "<script>" not in html and "<mark>&lt;script&gt;x&lt;/script&gt; said so.</mark>" in html
    assert "[[<script>x</script> said so.]]" in repr(cards) and "constrained" in repr(cards)
    assert review.cards(pd.DataFrame(columns=review.REVIEW_COLUMNS))._repr_html_().count("Nothing to review") == 1


def test_a_quote_gives_its_sentence(articles):
    article = next(iter(articles.values()))
    spans = review.sentence_spans(article)
    sentence = spans.iloc[-1]
    place = review.locate(articles, article.file, sentence["sentence"][3:30].upper())
    assert (place["char_start"], place["char_end"], place["evidence"]) == \
        (sentence["char_start"], sentence["char_end"], sentence["sentence"])
    assert review.locate(articles, article.article_id, sentence["sentence"])["file"] == article.file


def test_a_quote_found_nowhere_or_twice_is_refused(articles):
    article = next(iter(articles.values()))
    words = re.findall(r"\w{4,}", article.text.lower())
    repeated = next(w for w in words if article.text.lower().count(w) > 1)
    with pytest.raises(ReviewError, match="occurs .* times"):
        review.locate(articles, article.file, repeated)
    with pytest.raises(ReviewError, match="occurs 0 times"):
        review.locate(articles, article.file, "zz " * 5)
    with pytest.raises(ReviewError, match="no article 'nope'"):
        review.locate(articles, "nope", "x")


# ---------------------------------------------------------------------------------------------------- decisions

def test_record_appends_each_kind_of_decision(run, articles, tmp_path):
    todo = review.review_list(run, limit=3)
    file = tmp_path / "corrections.csv"
    review.record(file, "confirm", todo.iloc[0], analyst="A", time=WHEN, run=run)
    review.record(file, "change", todo.iloc[1], analyst="A", stance="neutral", conditional=True, quantity=5,
                  date_start="2025-01-01", run=run)
    review.record(file, "reject", todo.iloc[2], analyst="B", note="a question, not a position")
    article = articles[todo.iloc[0]["article_id"]]
    place = review.locate(articles, article.file, review.sentence_spans(article).iloc[0]["sentence"])
    review.record(file, "add", place, analyst="B", stakeholder_id="XXA", issue_id=todo.iloc[0]["issue_id"],
                  stance="oppose")
    read = review.recorded(file)
    assert read["action"].tolist() == ["confirm", "change", "reject", "add"]
    assert read.loc[1, ["new_stance", "new_conditional", "new_quantity", "new_date_start"]].tolist() == \
        ["neutral", "true", "5", "2025-01-01"]
    assert read.loc[0, "time"] == WHEN and re.match(r"\d{4}-\d\d-\d\dT", read.loc[2, "time"])
    assert read.loc[3, ["stakeholder_id", "stance", "evidence"]].tolist() == ["XXA", "oppose", place["evidence"]]
    assert read.loc[0, "evidence"] == todo.iloc[0]["evidence"]


def test_a_wrong_decision_is_refused_and_the_file_kept(run, tmp_path):
    todo = review.review_list(run, limit=2)
    file = tmp_path / "corrections.csv"
    review.record(file, "confirm", todo.iloc[0], analyst="A")
    before = file.read_bytes()
    with pytest.raises(ValueError, match="unknown value.s. colour"):
        review.record(file, "change", todo.iloc[1], analyst="A", colour="red")
    with pytest.raises(ValueError, match="analyst is empty"):
        review.record(file, "confirm", todo.iloc[1], analyst="")
    with pytest.raises(ValueError, match="not in the run's codebook"):
        review.record(file, "change", todo.iloc[1], analyst="A", issue_id="no_such_issue", run=run)
    moved = {**todo.iloc[1].to_dict(), "char_start": int(todo.iloc[1]["char_start"]) + 1}
    with pytest.raises(ValueError, match="matches 0 statements"):
        review.record(file, "confirm", moved, analyst="A", run=run)
    assert file.read_bytes() == before
    assert review.recorded(tmp_path / "none.csv").empty


def test_where_decisions_go_by_default(run):
    assert review.corrections_file(run) == CORPUS / dec.DEFAULT_NAME
    assert review.corrections_file(run, corrections="x.csv") == Path("x.csv")


def test_progress_of_an_unreviewed_run(run):
    facts = dict(review.progress(run).itertuples(index=False))
    assert facts["confirmed, corrected, added or imported by a person"] == "0%"
    assert facts["not reviewed yet"] == facts["statements"] and facts["decisions not applied"] == "0"
    assert review.agreement(run).empty


# ---------------------------------------------------------------------------------------------------- notebook

@pytest.fixture(scope="module")
def executed(run):
    """review.ipynb executed with papermill where it lives in the project (notebooks/review), against the run."""
    folder = run.parent.parent / "notebooks" / "review"
    folder.mkdir(parents=True)
    target = folder / "review.ipynb"
    pm.execute_notebook(str(REVIEW_NOTEBOOK), str(target), cwd=str(folder), progress_bar=False)
    return target


@pytest.mark.kernel
def test_the_notebook_lists_statements_to_review(executed, run):
    nb = nbformat.read(executed, as_version=4)
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    first = review.review_list(run, limit=1).iloc[0]
    assert f"[[{first['evidence']}]]" in shown
    assert "No decision recorded yet." in shown and "Every decision applied." in shown


@pytest.mark.kernel
@pytest.mark.subprocess
def test_the_notebook_passes_nbval_on_a_fresh_execution(executed):
    done = nbval(executed)
    assert done.returncode == 0, done.stdout[-3000:]
    n_code = len([c for c in nbformat.read(executed, 4).cells if c.cell_type == "code"])
    assert re.search(rf"\b{n_code} passed", done.stdout), done.stdout[-500:]


@pytest.mark.kernel
@pytest.mark.subprocess
def test_nbval_fails_when_the_list_changes(executed):
    nb = nbformat.read(executed, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "review.cards" in c.source)
    text = cell.outputs[0]["data"]["text/plain"]
    cell.outputs[0]["data"]["text/plain"] = text.replace("confidence", "confidence 0", 1)
    changed = executed.with_name("review_changed.ipynb")
    nbformat.write(nb, changed)
    done = nbval(changed)
    assert done.returncode == 1 and "1 failed" in done.stdout, done.stdout[-2000:]


def test_the_stored_notebook_has_its_outputs_and_no_path():
    nb = nbformat.read(REVIEW_NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    shown = [c for c in code if not c.source.startswith(("from ", "import "))]
    assert shown and all(c.outputs for c in shown), "run `make notebooks` to store the outputs"
    text = json.dumps([o for c in code for o in c.outputs])
    assert "/tmp/" not in text and str(REVIEW_NOTEBOOK.parents[2]) not in text
    assert "papermill" not in nb.metadata
