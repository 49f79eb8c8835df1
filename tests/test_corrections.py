"""Corrections: the file is checked line by line, appended to atomically, and applied after extraction so that
an analyst's decisions survive a re-extraction with an edited codebook and a renamed file."""
import json
import re
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis import review
from analysis.io.errors import CorrectionsError
from analysis.runs import corrections as corr
from analysis.runs import decisions as dec
from analysis.cli import app
from analysis.extraction.codebook import load_codebook
from analysis.io.store import read_run

from conftest import CORPUS, DATA

runner = CliRunner()
FILES = ["berlin-talks-guarantees.txt", "kyiv-visit-ceasefire.md", "german-chancellor-premature.txt"]
RENAMED = ("kyiv-visit-ceasefire.md", "renamed-article.md")
WHEN = "2025-06-01T09:00:00+00:00"
# Columns that may differ between two extractions of the same corrected corpus: the file a row's article is in
# (renamed) and the codebook's hash (edited).
VOLATILE = ["file", "codebook_version"]


# ---------------------------------------------------------------------------------------------------- helpers

def small_corpus(folder):
    folder.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, folder / name)
    rows = [r for r in (CORPUS / "manifest.csv").read_text(encoding="utf-8").splitlines()
            if r.startswith("file,") or r.split(",")[0] in FILES]
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def extract(corpus, out, *options):
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--quiet", *options])
    assert result.exit_code == 0, result.output
    return out, result.output


def flat(output: str) -> str:
    """Command output without the line breaks rich puts into long lines."""
    return output.replace("\n", "")


def key_of(row) -> dict:
    return {c: row[c] for c in ("article_id", "char_start", "char_end", "stakeholder_id", "group_label", "issue_id",
                                "stance", "evidence")}


def machine_frame(rows):
    """A statements table of hand-made rows (ids and texts are placeholders, no article's)."""
    from analysis.io.contract import statement_id
    from analysis.io.contract import frame
    base = {"file": "a.txt", "article_id": "a1", "char_end": 50, "speaker_kind": "state", "group_label": "",
            "stance": "support", "confidence": 0.5, "evidence": "A sentence.", "date_precision": "day",
            "date_basis": "published", "date_start": "2025-01-02", "date_end": "2025-01-02",
            "conditional": False, "constrained": False, "speaker_in_roles": True}
    rows = [{**base, **r} for r in rows]
    for r in rows:
        r["statement_id"] = statement_id({"stakeholder_id": "", **r})
    return frame("statements", rows)


def decisions(*rows):
    return dec.decisions_frame([{**dict.fromkeys(dec.COLUMNS, ""), "analyst": "A", "time": WHEN,
                                  "article_id": "a1", "char_end": "", **r, "line": n}
                                 for n, r in enumerate(rows, start=2)])


ARTICLES = pd.DataFrame({"file": ["a.txt"], "article_id": ["a1"], "published": ["2025-01-02"],
                         "codebook_version": ["v1"]})


# ---------------------------------------------------------------------------------------------------- the file

def write(path, header, *lines):
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


HEADER = "action,article_id,char_start,char_end,stakeholder_id,group_label,issue_id,stance,new_stance,analyst,time"


@pytest.mark.parametrize("line, message", [
    ("approve,a1,0,9,XXA,,i1,support,,A,2025-01-01", "action 'approve'"),
    ("confirm,a1,0,9,,,i1,support,,A,2025-01-01", "both stakeholder_id and group_label are empty"),
    ("confirm,a1,zero,9,XXA,,i1,support,,A,2025-01-01", "char_start 'zero' is not a whole number"),
    ("confirm,a1,9,3,XXA,,i1,support,,A,2025-01-01", "char_end 3 is not after char_start 9"),
    ("change,a1,0,9,XXA,,i1,support,,A,2025-01-01", "a change row sets no new_* value"),
    ("confirm,a1,0,9,XXA,,i1,support,oppose,A,2025-01-01", "use action change"),
    ("change,a1,0,9,XXA,,i1,support,against,A,2025-01-01", "new_stance 'against'"),
    ("add,a1,0,9,XXA,,i1,support,,A,2025-01-01", "needs char_end, stance and evidence"),
    ("confirm,a1,0,9,XXA,,i1,support,,,2025-01-01", "analyst is empty"),
    ("confirm,a1,0,9,XXA,,i1,support,,A,yesterday", "time 'yesterday'"),
])
def test_a_bad_row_is_named_by_file_line_and_problem(tmp_path, line, message):
    path = write(tmp_path / "corrections.csv", HEADER, "confirm,a1,0,9,XXA,,i1,support,,A,2025-01-01", line)
    with pytest.raises(CorrectionsError) as err:
        dec.read_corrections(path)
    assert re.search(rf"corrections\.csv:3: .*{re.escape(message)}", str(err.value)), str(err.value)


def test_unknown_and_missing_columns_are_named(tmp_path):
    path = write(tmp_path / "c.csv", "action,article_id,char_start,stakeholder,issue_id,analyst,time")
    with pytest.raises(CorrectionsError) as err:
        dec.read_corrections(path)
    assert "c.csv:1: unknown column(s) stakeholder" in str(err.value)
    path = write(tmp_path / "d.csv", "action,article_id,stakeholder_id,issue_id,analyst,time")
    with pytest.raises(CorrectionsError, match="missing column.s. char_start"):
        dec.read_corrections(path)


def test_every_bad_row_is_listed(tmp_path):
    path = write(tmp_path / "c.csv", HEADER, *["confirm,a1,x,9,XXA,,i1,support,,A,2025-01-01"] * 3)
    with pytest.raises(CorrectionsError) as err:
        dec.read_corrections(path)
    assert "c.csv:2: char_start 'x'" in str(err.value)
    assert all(f"line {n}: char_start 'x'" in str(err.value) for n in (3, 4))


def test_a_row_is_read_with_its_line_and_normalised_values(tmp_path):
    path = write(tmp_path / "c.csv", HEADER.replace("new_stance", "new_stance,new_conditional,note"),
                 'change,a1,0,,XXA,,i1,,Oppose,yes,"two\nlines",A,2025-01-01', "",
                 "reject,a1,20,30,,many officials,i1,,,,,B,2025-01-02T10:00:00")
    read = dec.read_corrections(path)
    assert read["line"].tolist() == [3, 5]  # a row ends on its last line; blank lines are skipped
    assert read.loc[0, "new_stance"] == "oppose" and read.loc[0, "new_conditional"] == "true"
    assert read.loc[0, "note"] == "two\nlines" and pd.isna(read.loc[0, "char_end"])


def test_append_checks_first_and_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "corrections.csv"
    good = {"action": "confirm", "article_id": "a1", "char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1",
            "analyst": "A", "time": WHEN}
    dec.append_corrections(path, [good])
    before = path.read_bytes()
    with pytest.raises(ValueError, match="decision 2 .* stance 'maybe'"):
        dec.append_corrections(path, [good, {**good, "stance": "maybe"}])
    assert path.read_bytes() == before
    dec.append_corrections(path, [{**good, "note": 'says "no", then; yes'}])
    assert dec.read_corrections(path)["note"].tolist() == ["", 'says "no", then; yes']
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["corrections.csv"]


def test_append_refuses_a_file_that_does_not_read_back(tmp_path):
    path = write(tmp_path / "c.csv", HEADER, "confirm,a1,0,9,XXA,,i1,support,,A,not a time")
    before = path.read_bytes()
    with pytest.raises(CorrectionsError, match="c.csv:2"):
        dec.append_corrections(path, [{"action": "confirm", "article_id": "a1", "char_start": 0,
                                        "stakeholder_id": "XXA", "issue_id": "i1", "analyst": "A", "time": WHEN}])
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------------------- applying

def test_decisions_of_every_kind_on_a_hand_made_table():
    machine = machine_frame([
        {"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1"},
        {"char_start": 100, "stakeholder_id": "XXB", "issue_id": "i1"},
        {"char_start": 200, "stakeholder_id": "XXC", "issue_id": "i2", "stance": "oppose"},
        {"char_start": 300, "group_label": "Many officials", "speaker_kind": "group", "issue_id": "i2"},
    ])
    applied = corr.apply_corrections(machine, decisions(
        {"action": "confirm", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1"},
        {"action": "reject", "char_start": "100", "stakeholder_id": "XXB", "issue_id": "i1", "note": "wrong"},
        {"action": "change", "char_start": "200", "stakeholder_id": "XXC", "issue_id": "i2",
         "new_stance": "support", "new_conditional": "true", "new_condition": "if asked",
         "new_date_start": "2025-01-01", "new_date_end": "2025-01-31", "new_date_precision": "month"},
        {"action": "change", "char_start": "300", "group_label": "many officials", "issue_id": "i2",
         "new_stakeholder_id": "XXD"},
        {"action": "add", "char_start": "400", "char_end": "450", "stakeholder_id": "XXE", "issue_id": "i1",
         "stance": "oppose", "evidence": "Another sentence.", "new_quantity": "300"},
        {"action": "confirm", "char_start": "500", "stakeholder_id": "XXA", "issue_id": "i1"},
    ), ARTICLES)
    st = applied.statements.set_index("char_start")
    assert 100 not in st.index
    assert st.loc[0, "origin"] == "confirmed" and st.loc[0, "reviewer"] == "A"
    changed = st.loc[200]
    assert (changed["origin"], changed["stance"], bool(changed["conditional"]), changed["condition"]) == \
        ("corrected", "support", True, "if asked")
    assert (changed["date_start"], changed["date_end"], changed["date_precision"], changed["date_basis"]) == \
        ("2025-01-01", "2025-01-31", "month", "analyst")
    holder = st.loc[300]
    assert (holder["stakeholder_id"], holder["group_label"], holder["origin"]) == ("XXD", "", "corrected")
    added = st.loc[400]
    assert (added["origin"], added["file"], added["stance"], int(added["quantity"]), added["date_start"],
            added["codebook_version"]) == ("added", "a.txt", "oppose", 300, "2025-01-02", "v1")
    assert applied.statements["statement_id"].is_unique
    assert applied.log["status"].tolist() == ["applied"] * 5 + ["unmatched"]
    assert applied.log["outcome"].tolist() == ["agreed", "rejected", "corrected", "corrected", "missed", ""]
    assert applied.log.loc[1, "evidence"] == "A sentence."  # a rejected statement is kept in the log
    assert len(applied.problems) == 1 and applied.problems.loc[0, "problem"].startswith("corrections.csv:7: confirm")


def test_an_omitted_stance_must_be_unambiguous():
    machine = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1"},
                             {"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1", "stance": "oppose"}])
    applied = corr.apply_corrections(machine, decisions(
        {"action": "reject", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1"},
        {"action": "reject", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "stance": "oppose"}))
    assert applied.log["status"].tolist() == ["ambiguous", "applied"]
    assert applied.statements["stance"].tolist() == ["support"]
    assert "give the stance" in applied.problems.loc[0, "problem"]


def test_later_decisions_see_earlier_ones_and_keep_the_analysts_origin():
    machine = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1"}])
    applied = corr.apply_corrections(machine, decisions(
        {"action": "change", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "new_stance": "oppose"},
        {"action": "confirm", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "stance": "oppose",
         "analyst": "B"}))
    row = applied.statements.iloc[0]
    assert (row["stance"], row["origin"], row["reviewer"]) == ("oppose", "corrected", "B")
    assert applied.log["outcome"].tolist() == ["", "corrected"]


def test_a_change_the_machine_has_learnt_and_an_add_it_now_finds_do_not_duplicate():
    learnt = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1", "stance": "oppose"},
                            {"char_start": 400, "char_end": 450, "stakeholder_id": "XXE", "issue_id": "i1"}])
    applied = corr.apply_corrections(learnt, decisions(
        {"action": "change", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "stance": "support",
         "new_stance": "oppose"},
        {"action": "add", "char_start": "400", "char_end": "450", "stakeholder_id": "XXE", "issue_id": "i1",
         "stance": "support", "evidence": "Another sentence."}), ARTICLES)
    assert len(applied.statements) == 2
    assert applied.statements["origin"].tolist() == ["corrected", "added"]
    assert applied.log["outcome"].tolist() == ["agreed", "agreed"]


def test_a_change_into_a_statement_of_the_same_sentence_merges():
    machine = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1"},
                             {"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1", "stance": "oppose"}])
    applied = corr.apply_corrections(machine, decisions(
        {"action": "change", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "stance": "support",
         "new_stance": "oppose"}))
    assert applied.statements[["stance", "origin"]].values.tolist() == [["oppose", "corrected"]]
    assert applied.log.loc[0, "statement_id"] == applied.statements.loc[0, "statement_id"]


def test_unknown_issues_and_stakeholders_are_reported_not_applied():
    machine = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1"}])
    applied = corr.apply_corrections(machine, decisions(
        {"action": "change", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1", "new_issue_id": "i9"},
        {"action": "change", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1",
         "new_stakeholder_id": "XXZ"}), ARTICLES, issue_ids=["i1", "i2"], stakeholder_kinds={"XXA": "state"})
    assert applied.log["status"].tolist() == ["invalid", "invalid"]
    assert applied.statements["origin"].tolist() == ["machine"]
    assert "'i9' is not in the codebook" in applied.problems.loc[0, "problem"]
    assert "'XXZ' is not in the actor files" in applied.problems.loc[1, "problem"]


def test_agreement_counts_each_reviewed_statement_once_under_the_machines_values():
    machine = machine_frame([{"char_start": n * 100, "stakeholder_id": s, "issue_id": i}
                             for n, (s, i) in enumerate([("XXA", "i1"), ("XXA", "i1"), ("XXB", "i2"),
                                                         ("XXB", "i2"), ("XXB", "i1")])])
    made = [{"action": "confirm", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1"},
            {"action": "change", "char_start": "100", "stakeholder_id": "XXA", "issue_id": "i1",
             "new_issue_id": "i2"},
            {"action": "confirm", "char_start": "100", "stakeholder_id": "XXA", "issue_id": "i2"},
            {"action": "reject", "char_start": "200", "stakeholder_id": "XXB", "issue_id": "i2"},
            {"action": "add", "char_start": "900", "char_end": "950", "stakeholder_id": "XXB", "issue_id": "i2",
             "stance": "oppose", "evidence": "Another sentence."}]
    log = corr.apply_corrections(machine, decisions(*made), ARTICLES).log
    by_issue = corr.agreement(log).set_index("issue_id")
    # i1: statements at 0 (confirmed) and 100 (moved to i2, then confirmed: a correction); i2: 200 rejected, and
    # one statement missed
    assert by_issue.loc["i1", ["n_reviewed", "n_agreed", "n_corrected", "n_rejected", "n_missed"]].tolist() == \
        [2, 1, 1, 0, 0]
    assert by_issue.loc["i2", ["n_reviewed", "n_rejected", "n_missed"]].tolist() == [1, 1, 1]
    assert by_issue.loc["i1", "agreement"] == 0.5 and by_issue.loc["i2", "kept"] == 0.0
    assert by_issue.loc["ALL", "n_reviewed"] == 3
    by_holder = corr.agreement(log, "stakeholder_id", total=False).set_index("stakeholder_id")
    assert by_holder.loc["XXA", "n_reviewed"] == 2 and by_holder.loc["XXB", "n_missed"] == 1
    assert "ALL" not in by_holder.index


def test_no_decision_leaves_the_table_and_its_ids(corpus_run):
    machine = read_run(corpus_run, "statements")
    applied = corr.apply_corrections(machine, decisions())
    pd.testing.assert_frame_equal(applied.statements, machine)


def test_statements_already_corrected_are_refused():
    machine = machine_frame([{"char_start": 0, "stakeholder_id": "XXA", "issue_id": "i1", "origin": "confirmed"}])
    with pytest.raises(ValueError, match="already hold decisions"):
        corr.apply_corrections(machine, decisions())


def test_shares_of_origin():
    statements = pd.DataFrame({"origin": ["machine", "machine", "confirmed", "imported"]})
    counts = review.origin_counts(statements).set_index("origin")["n_statements"]
    assert counts.to_dict() == {"machine": 2, "confirmed": 1, "corrected": 0, "added": 0, "imported": 1}
    assert review.confirmed_share(statements) == 0.5
    assert review.confirmed_share(pd.DataFrame({"stance": ["support"]})) == 0.0  # a run older than origin


# ---------------------------------------------------------------------------------------------------- end to end

@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """A small copy of the corpus, extracted, with decisions of every kind recorded beside it through
    review.record, extracted again; then re-extracted with a cue added to the codebook and a file renamed."""
    root = tmp_path_factory.mktemp("corrections")
    corpus = small_corpus(root / "corpus")
    first, _ = extract(corpus, root / "first")
    machine = read_run(first, "statements")
    file = corpus / "corrections.csv"
    unique = machine[~machine.duplicated(["article_id", "char_start", "stakeholder_id", "group_label",
                                          "issue_id"], keep=False) & machine["stakeholder_id"].ne("")]
    rows = [r for _, r in unique.sort_values(["confidence", "file", "char_start"]).iterrows()]
    issues = load_codebook().issue_ids
    holders = sorted(set(machine["stakeholder_id"]) - {""})
    plan = {}
    plan["confirm"] = review.record(file, "confirm", rows[0], analyst="A", time=WHEN, run=first)
    plan["reject"] = review.record(file, "reject", rows[1], analyst="A", time=WHEN, note="not a position")
    other_stance = next(s for s in ("oppose", "support") if s != rows[2]["stance"])
    plan["stance"] = review.record(file, "change", rows[2], analyst="B", time=WHEN, stance=other_stance)
    plan["holder"] = review.record(file, "change", rows[3], analyst="B", time=WHEN,
                                   stakeholder_id=next(h for h in holders if free(machine, rows[3], stakeholder_id=h)))
    plan["issue"] = review.record(file, "change", rows[4], analyst="B", time=WHEN,
                                  issue_id=next(i for i in issues if free(machine, rows[4], issue_id=i)))
    plan["qualifiers"] = review.record(file, "change", rows[5], analyst="B", time=WHEN, conditional=True,
                                       condition="if the analyst says so", constrained=True, quantity=1200)
    plan["date"] = review.record(file, "change", rows[6], analyst="B", time=WHEN, date_start="2024-03-01",
                                 date_end="2024-03-31", date_precision="month")
    articles = review.read_articles(corpus)
    silent = []
    for article in articles.values():
        spans = review.sentence_spans(article)
        said = set(machine.loc[machine["article_id"] == article.article_id, "char_start"])
        silent += [(article, s) for s in spans.itertuples() if s.char_start not in said and s.char_start > 0]
    article, span = silent[0]
    place = review.locate(articles, article.file, span.sentence[: len(span.sentence) // 2])
    plan["add"] = review.record(file, "add", place, analyst="C", time=WHEN, stakeholder_id=holders[0],
                                issue_id=issues[0], stance="support", speaker_name="Someone Named")
    article, span = silent[1]
    plan["import"] = review.record(file, "import", review.locate(articles, article.article_id, span.sentence),
                                   analyst="C", time=WHEN, group_label="some officials", issue_id=issues[-1],
                                   stance="oppose")
    plan["stale"] = review.record(file, "confirm", {**key_of(rows[7]), "char_start": rows[7]["char_start"] + 1},
                                  analyst="C", time=WHEN)
    second, summary = extract(corpus, root / "second")

    edited = root / "codebook.yaml"
    text = (DATA / "codebook.yaml").read_text(encoding="utf-8")
    first_cue = "    cues:\n"
    assert first_cue in text
    edited.write_text(text.replace(first_cue, first_cue + "      - orbital drydock\n", 1), encoding="utf-8")
    old, new = RENAMED
    (corpus / old).rename(corpus / new)
    manifest = corpus / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(f"{old},", f"{new},"), encoding="utf-8")
    third, _ = extract(corpus, root / "third", "--codebook", str(edited))
    return {"first": first, "second": second, "third": third, "plan": plan, "summary": summary,
            "machine": machine, "corpus": corpus}


def free(machine, row, **values) -> bool:
    """Whether the sentence of `row` holds no statement with `values` in place of the row's (so that the change
    does not merge two statements)."""
    want = {c: row[c] for c in ("article_id", "char_start", "stakeholder_id", "issue_id")} | values
    return not pd.concat([machine[c].eq(v) for c, v in want.items()], axis=1).all(axis=1).any()


def statements_of(run):
    return read_run(run, "statements")


def one(st, decision, **values):
    """The statement a recorded decision now names (its key with `values` in place of the old ones)."""
    d = decision.iloc[0]
    key = {c: d[c] for c in ("article_id", "stakeholder_id", "group_label", "issue_id")} | values
    hit = st[(st["char_start"] == int(d["char_start"]))
             & pd.concat([st[c].eq(v) for c, v in key.items()], axis=1).all(axis=1)]
    assert len(hit) == 1, (key, hit)
    return hit.iloc[0]


@pytest.mark.slow
def test_decisions_of_every_kind_apply_after_extraction(corrected):
    st, plan = statements_of(corrected["second"]), corrected["plan"]
    assert len(st) == len(corrected["machine"]) - 1 + 2  # one rejected, one added, one imported
    assert one(st, plan["confirm"])["origin"] == "confirmed"
    rejected = plan["reject"].iloc[0]
    assert not ((st["char_start"] == rejected["char_start"]) & (st["stakeholder_id"] == rejected["stakeholder_id"])
                & (st["issue_id"] == rejected["issue_id"]) & (st["stance"] == rejected["stance"])).any()
    changed = one(st, plan["stance"], stance=plan["stance"].iloc[0]["new_stance"])
    assert (changed["origin"], changed["reviewer"]) == ("corrected", "B")
    assert one(st, plan["holder"], stakeholder_id=plan["holder"].iloc[0]["new_stakeholder_id"])["origin"] == \
        "corrected"
    assert one(st, plan["issue"], issue_id=plan["issue"].iloc[0]["new_issue_id"])["origin"] == "corrected"
    qualified = one(st, plan["qualifiers"])
    assert bool(qualified["conditional"]) and bool(qualified["constrained"]) and int(qualified["quantity"]) == 1200
    dated = one(st, plan["date"])
    assert (dated["date_start"], dated["date_end"], dated["date_precision"]) == ("2024-03-01", "2024-03-31", "month")
    added = one(st, plan["add"])
    assert (added["origin"], added["speaker_name"], added["evidence"]) == \
        ("added", "Someone Named", plan["add"].iloc[0]["evidence"])
    assert one(st, plan["import"])["origin"] == "imported"
    assert st["statement_id"].is_unique


@pytest.mark.slow
def test_a_decision_that_matches_nothing_is_reported(corrected):
    problems = read_run(corrected["second"], "problems")
    stale = problems[problems["file"] == "corrections.csv"]
    assert len(stale) == 1 and "no such statement" in stale.iloc[0]["problem"]
    assert not problems["problem"].str.contains("not an article format").any()
    assert "9 applied, 1 not applied" in flat(corrected["summary"])
    log = corr.read_log(corrected["second"])
    assert log["status"].value_counts().to_dict() == {"applied": 9, "unmatched": 1}


@pytest.mark.slow
def test_the_corrected_table_survives_an_edited_codebook_and_a_renamed_file(corrected):
    second, third = statements_of(corrected["second"]), statements_of(corrected["third"])
    assert second["codebook_version"].iloc[0] != third["codebook_version"].iloc[0]
    old, new = RENAMED
    assert (second["file"] == old).any() and (third["file"] == new).any() and not (third["file"] == old).any()
    order = ["article_id", "char_start", "stakeholder_id", "group_label", "issue_id", "stance"]
    second, third = (df.sort_values(order, ignore_index=True) for df in (second, third))
    assert third["file"].replace(new, old).tolist() == second["file"].tolist()
    pd.testing.assert_frame_equal(second.drop(columns=VOLATILE), third.drop(columns=VOLATILE))
    pd.testing.assert_frame_equal(corr.read_log(corrected["second"]), corr.read_log(corrected["third"]))


@pytest.mark.slow
def test_no_corrections_leaves_the_machines_table(corrected, tmp_path):
    plain, _ = extract(corrected["corpus"], tmp_path / "plain", "--no-corrections")
    assert (statements_of(plain)["origin"] == "machine").all()
    assert not (plain / "corrections.csv").exists()
    assert "corrections" not in json.loads((plain / "run.json").read_text())


@pytest.mark.slow
def test_agreement_command_reads_the_runs_decisions(corrected):
    result = runner.invoke(app, ["agreement", str(corrected["second"]), "--json"])
    assert result.exit_code == 0, result.output
    tables = json.loads(result.output)
    total = tables["issue_id"][-1]
    # confirm, reject and five changes reviewed the machine's statements; the add and the import were missed
    assert (total["n_reviewed"], total["n_agreed"], total["n_rejected"], total["n_missed"]) == (7, 1, 1, 2)
    assert total["n_corrected"] == 5


@pytest.mark.slow
def test_agreement_against_a_corrections_file_needs_an_uncorrected_run(corrected):
    file = str(corrected["corpus"] / "corrections.csv")
    result = runner.invoke(app, ["agreement", str(corrected["second"]), "--corrections", file])
    assert result.exit_code == 2 and "already holds corrections" in flat(result.output)
    result = runner.invoke(app, ["agreement", str(corrected["first"]), "--corrections", file])
    assert result.exit_code == 0 and "reviewed" in result.output


@pytest.mark.slow
def test_evaluate_also_reports_agreement_with_a_corrections_file(corrected):
    from conftest import GOLD
    file = str(corrected["corpus"] / "corrections.csv")
    plain = runner.invoke(app, ["evaluate", str(GOLD / "corpus.yaml"), str(corrected["first"]), "--overall",
                                "--no-misses"])
    both = runner.invoke(app, ["evaluate", str(GOLD / "corpus.yaml"), str(corrected["first"]), "--overall",
                               "--no-misses", "--corrections", file])
    assert plain.exit_code == 0 and both.exit_code == 0, both.output
    assert both.output.startswith(plain.output) and "Agreement with analysts" not in plain.output
    assert "Agreement with analysts" in both.output
    scores = json.loads(runner.invoke(app, ["evaluate", str(GOLD / "corpus.yaml"), str(corrected["first"]),
                                            "--json", "--corrections", file]).output)
    assert set(scores) == {"scores", "agreement"} and scores["agreement"]["issue_id"][-1]["n_reviewed"] == 7


def test_a_broken_corrections_file_stops_extraction_before_any_work(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    write(corpus / "corrections.csv", HEADER, "confirm,a1,0,9,XXA,,i1,maybe,,A,2025-01-01")
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "run"), "--quiet"])
    assert result.exit_code == 2 and "corrections.csv:2: stance 'maybe'" in flat(result.output)
    assert not (tmp_path / "run").exists()
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "run"), "--quiet",
                                 "--corrections", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "no such corrections file" in flat(result.output)
