"""DNA exchange: DNA's event-list export is read (and a simpler hand-made CSV), its statements are placed in the
corpus as `import` decisions, exported again in DNA's shape, and the networks are written as GraphML."""
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis import review
from analysis.review import dna, workflow
from analysis.extraction.actors import load_actors
from analysis.cli import app
from analysis.extraction.codebook import load_codebook
from analysis.explore.networks import agreement_network, conflict_network
from analysis.io.resources import data_dir
from analysis.io.store import read_run

from test_corrections import flat, small_corpus

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dna"
EXPORT, MAPPING, PROBLEMS = FIXTURES / "export.csv", FIXTURES / "mapping.yaml", FIXTURES / "problems.csv"
runner = CliRunner()
COMPARED = ["time", "document title", "person", "organization", "concept", "agreement"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return small_corpus(tmp_path_factory.mktemp("dna") / "corpus")


@pytest.fixture(scope="module")
def articles(corpus):
    return review.read_articles(corpus)


@pytest.fixture(scope="module")
def mapping():
    return dna.load_mapping(MAPPING, load_codebook().issue_ids)


# ---------------------------------------------------------------------------------------------------- reading

def test_dnas_event_list_and_a_simple_csv_are_read():
    events = dna.read_dna(EXPORT)
    assert len(events) == 5 and events["agreement"].dtype == bool
    assert events["statement_id"].tolist() == ["11", "12", "13", "14", "15"]
    assert events["line"].tolist() == [2, 3, 4, 5, 6]
    simple = dna.read_dna(PROBLEMS)  # document, person, organization, concept, agreement, date; commas
    assert len(simple) == 4 and simple["time"].str.len().gt(0).all() and simple["document_id"].str.len().gt(0).all()


@pytest.mark.parametrize("text, message", [
    ('"document";"organization";"concept";"agreement"\n"d";"o";"c";"maybe"\n', "x.csv:2: line 2: agreement 'maybe'"),
    ('"document";"organization";"agreement"\n"d";"o";1\n', "x.csv:1: missing column(s) concept"),
    ('"document";"organisation";"concept";"agreement";"colour"\n', "x.csv:1: unknown column(s) colour"),
    ('"organization";"concept";"agreement"\n', "missing column(s) document (id or title)"),
])
def test_a_bad_export_is_named_by_file_and_line(tmp_path, text, message):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(dna.DnaError) as err:
        dna.read_dna(path)
    assert message in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("concepts:\n  - concept: c\n    issue: no_such_issue\n", "m.yaml:2: issue 'no_such_issue' is not in the codebook"),
    ("concepts:\n  - concept: c\n", "m.yaml:2: each concept needs"),
    ("concept:\n  - concept: c\n", "unknown key(s) concept"),
    ("concepts:\n  - {concept: c, issue: ISSUE}\n  - {concept: C, issue: ISSUE}\n", "m.yaml:3: concept 'C' is mapped twice"),
])
def test_a_bad_mapping_is_named_by_file_and_line(tmp_path, text, message):
    path = tmp_path / "m.yaml"
    path.write_text(text.replace("ISSUE", load_codebook().issue_ids[0]), encoding="utf-8")
    with pytest.raises(dna.DnaError) as err:
        dna.load_mapping(path, load_codebook().issue_ids)
    assert message in str(err.value)


def test_the_bundled_mapping_names_codebook_issues():
    bundled = dna.load_mapping(data_dir() / "dna_mapping.yaml",
                               load_codebook().issue_ids)
    assert set(bundled.concept_names) == set(load_codebook().issue_ids)


# ---------------------------------------------------------------------------------------------------- import

def test_statements_are_placed_on_the_extractors_sentences(articles, mapping):
    events = dna.read_dna(EXPORT)
    decisions, unplaced = dna.import_dna(events, mapping, articles, load_actors(), analyst="T")
    assert unplaced.empty and len(decisions) == len(events)
    assert (decisions["action"] == "import").all() and (decisions["analyst"] == "T").all()
    for d in decisions.itertuples():
        spans = review.sentence_spans(articles[d.article_id])
        assert ((spans["char_start"] == d.char_start) & (spans["char_end"] == d.char_end)
                & (spans["sentence"] == d.evidence)).sum() == 1
    by_note = decisions.set_index("note")
    assert by_note.loc["DNA statement 13", "stakeholder_id"] == "RUS"  # through the mapping's organizations
    assert by_note.loc["DNA statement 15", ["stakeholder_id", "group_label"]].tolist() == ["", "senior EU officials"]
    assert by_note.loc["DNA statement 12", "stance"] == "oppose" and by_note.loc["DNA statement 11", "stance"] == "support"
    # a DNA time other than the article's publication day dates the statement
    assert by_note.loc["DNA statement 15", "new_date_start"] == "2025-02-17"
    assert by_note.loc["DNA statement 11", "new_date_start"] == ""


def test_an_inverted_concept_turns_the_stance(articles, mapping):
    events = dna.read_dna(EXPORT).head(1)
    inverted = next(c for c, (_, inv) in mapping.concepts.items() if inv)
    flipped = events.assign(concept=inverted.upper(), agreement=~events["agreement"])
    straight, _ = dna.import_dna(events, mapping, articles)
    turned, _ = dna.import_dna(flipped, mapping, articles)
    assert turned.loc[0, "issue_id"] == straight.loc[0, "issue_id"]
    assert turned.loc[0, "stance"] == straight.loc[0, "stance"]


def test_actor_names_and_a_person_alone_resolve_through_the_actor_files(articles, mapping):
    actors = load_actors()
    events = dna.read_dna(EXPORT).head(1)
    state = next(a for a in actors.actors.values() if a.kind == "state" and a.names)
    named, _ = dna.import_dna(events.assign(organization=state.names[0].upper()), mapping, articles, actors)
    assert named.loc[0, "stakeholder_id"] == state.id
    people = pd.DataFrame([(r.person, r.stakeholder) for r in actors.roles], columns=["person", "stakeholder"])
    single = people.groupby("person")["stakeholder"].nunique()
    person = single[single == 1].index[0]
    alone, _ = dna.import_dna(events.assign(organization="", person=person), mapping, articles, actors)
    assert alone.loc[0, "stakeholder_id"] == people.loc[people["person"] == person, "stakeholder"].iloc[0]
    assert alone.loc[0, "new_speaker_name"] == person and alone.loc[0, "new_speaker_kind"] == "person"


def test_a_quote_in_dnas_own_spelling_and_part_of_a_sentence_is_placed(articles, mapping):
    events = dna.read_dna(EXPORT).head(1)
    sentence = events.loc[0, "text"]
    part = sentence[len(sentence) // 3:].replace(",", ";").upper()  # DNA writes ; as , (and " as ')
    placed, unplaced = dna.import_dna(events.assign(text=part), mapping, articles)
    assert unplaced.empty and placed.loc[0, "evidence"] == sentence


def test_statements_that_cannot_be_placed_are_listed_with_the_reason(articles, mapping):
    decisions, unplaced = dna.import_dna(dna.read_dna(PROBLEMS), mapping, articles, load_actors())
    assert decisions.empty
    assert unplaced["line"].tolist() == [2, 3, 4, 5]
    reasons = unplaced["reason"].tolist()
    assert "concept" in reasons[0] and "organization" in reasons[1] and "not in the corpus" in reasons[2]
    assert "no coded text" in reasons[3]


def test_the_same_statement_twice_is_imported_once(articles, mapping):
    events = dna.read_dna(EXPORT).head(2)
    twice = pd.concat([events, events.assign(line=events["line"] + 10)], ignore_index=True)
    decisions, unplaced = dna.import_dna(twice, mapping, articles)
    assert len(decisions) == 2 and unplaced["reason"].str.startswith("the same statement as line").all()


# ---------------------------------------------------------------------------------------------------- round trip

@pytest.fixture(scope="module")
def imported(corpus, tmp_path_factory):
    """The fixture export imported into the corpus's corrections file, extracted, and exported again."""
    result = runner.invoke(app, ["dna-import", str(EXPORT), "--corpus", str(corpus), "--mapping", str(MAPPING)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["dna-import", str(EXPORT), "--corpus", str(corpus), "--mapping", str(MAPPING)])
    out = tmp_path_factory.mktemp("dna-run")
    extracted = runner.invoke(app, ["extract", str(corpus), "--out", str(out / "run"), "--quiet"])
    assert extracted.exit_code == 0, extracted.output
    exported = runner.invoke(app, ["dna-export", str(out / "run"), "--out", str(out / "dna" / "imported.csv"),
                                   "--mapping", str(MAPPING), "--origin", "imported"])
    assert exported.exit_code == 0, exported.output
    return {"first": flat(result.output), "again": flat(again.output), "run": out / "run",
            "csv": out / "dna" / "imported.csv", "export": flat(exported.output)}


@pytest.mark.slow
def test_import_appends_once(imported):
    assert "5 DNA statements: 5 added to" in imported["first"]
    assert "0 added to" in imported["again"] and "5 there already" in imported["again"]


@pytest.mark.slow
def test_imported_statements_join_the_run(imported):
    st = read_run(imported["run"], "statements")
    mine = st[st["origin"] == "imported"]
    assert len(mine) == 5 and (mine["reviewer"] == "DNA import").all()
    assert mine["statement_id"].is_unique


@pytest.mark.slow
def test_import_and_export_round_trip(imported):
    original = pd.read_csv(EXPORT, sep=";", dtype=str, keep_default_na=False)
    back = pd.read_csv(imported["csv"], sep=";", dtype=str, keep_default_na=False)
    assert list(back.columns) == dna.DNA_COLUMNS
    loose = lambda s: s.map(lambda t: " ".join(workflow._loose(t).split()))  # noqa: E731 (DNA writes " as ')
    for df in (original, back):
        df["text"] = loose(df["text"])
    order = ["document title", "text"]
    original, back = (df.sort_values(order, ignore_index=True) for df in (original, back))
    pd.testing.assert_frame_equal(original[COMPARED + ["text"]], back[COMPARED + ["text"]])
    assert back["statement ID"].tolist() != original["statement ID"].tolist()  # renumbered, as DNA would


@pytest.mark.slow
def test_export_writes_both_networks_beside_the_csv(imported):
    for kind in ("agreement", "conflict"):
        graph = nx.read_graphml(imported["csv"].with_name(f"imported.{kind}.graphml"))
        assert graph.graph["kind"] == kind


@pytest.mark.slow
def test_export_refuses_to_overwrite(imported):
    before = imported["csv"].read_bytes()
    result = runner.invoke(app, ["dna-export", str(imported["run"]), "--out", str(imported["csv"])])
    assert result.exit_code == 2 and "--force" in flat(result.output)
    assert imported["csv"].read_bytes() == before


# ---------------------------------------------------------------------------------------------------- export

def test_export_has_one_row_per_polar_statement(corpus_run, mapping):
    st, articles = read_run(corpus_run, "statements"), read_run(corpus_run, "articles")
    events = dna.export_dna(st, articles, mapping)
    polar = st[st["stance"] != "neutral"]
    assert len(events) == len(polar)
    assert events["agreement"].sum() == (polar["stance"] == "support").sum()
    assert set(events["concept"]) <= set(mapping.concept_names.values()) | set(st["issue_id"])
    assert events["document ID"].between(1, len(articles)).all()


def test_networks_are_those_of_analysis_networks(corpus_run, tmp_path):
    st = read_run(corpus_run, "statements")
    paths = dna.write_networks(st, tmp_path)
    assert [p.name for p in paths] == ["agreement.graphml", "conflict.graphml"]
    for path, build in zip(paths, (agreement_network, conflict_network)):
        graph = nx.read_graphml(path)
        edges = build(st)
        assert graph.number_of_edges() == len(edges)
        for e in edges.itertuples():
            assert graph.edges[e.source, e.target]["weight"] == e.weight
