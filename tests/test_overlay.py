"""A domain's actors folder and codebook add to the package's data (README: actors, a new domain): actor files
merged by key, roles.csv comments, an explicit replacement, bad files refused before any work, the domain's
titles, group words and seats at work in sentences of our own, and the role of a person in an undated article."""
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.extraction.actors import load_actors
from analysis.extraction.codebook import load_codebook
from analysis.extraction.pipeline import Extractor
from analysis.io.errors import ConfigError
from analysis.io.resources import data_dir

from test_statements import describe, run_text

HEADER = "person,aliases,role,stakeholder,start,end\n"


def write(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_added_organisation_keeps_every_bundled_one(tmp_path):
    folder = write(tmp_path / "a", "organisations.yaml", "MERCOSUR: {names: [Mercosur, Southern Common Market]}\n")
    actors = load_actors(folder).actors
    assert actors["MERCOSUR"].names == ("Mercosur", "Southern Common Market")
    assert {"NATO", "UN", "EU"} <= set(actors)


def test_a_state_entry_with_one_seat_keeps_its_names_and_adds_the_seat(tmp_path):
    folder = write(tmp_path / "a", "states.yaml", "NLD: {seats: [The Hague]}\n")
    nld, bundled = load_actors(folder).actors["NLD"], load_actors().actors["NLD"]
    assert "The Hague" in nld.places and "The Hague" not in bundled.places
    assert nld.names == bundled.names and nld.demonyms == bundled.demonyms and set(bundled.places) < set(nld.places)


def test_replace_in_an_entry_replaces_only_the_fields_it_names(tmp_path):
    folder = write(tmp_path / "a", "states.yaml", "NLD: {capitals: [The Hague], replace: [capitals]}\n")
    nld = load_actors(folder).actors["NLD"]
    assert nld.places == ("The Hague",) and "Dutch" in nld.demonyms


def test_a_person_of_the_overlay_roles_has_only_its_rows_and_others_keep_theirs(tmp_path):
    bundled = load_actors()
    person = next(r.person for r in bundled.roles if len(bundled.roles_of_person(r.person)) > 1)
    other = next(r.person for r in bundled.roles if r.person != person)
    folder = write(tmp_path / "a", "roles.csv", HEADER + f"{person},,envoy,UN,2030-01-01,\n")
    actors = load_actors(folder)
    assert [(r.role, r.stakeholder) for r in actors.roles_of_person(person)] == [("envoy", "UN")]
    assert actors.roles_of_person(other) == bundled.roles_of_person(other)
    assert len(actors.roles) == len(bundled.roles) - len(bundled.roles_of_person(person)) + 1


def test_roles_csv_takes_comments_and_blank_lines(tmp_path):
    text = ("# people of the trade domain\n" + HEADER + "\n# the bloc's chair\n"
            "Ann Example,Example,chair,UN,2024-01-01,\n\nBob Sample,Sample,envoy,UN,2024-13-01,\n")
    with pytest.raises(ConfigError) as err:
        load_actors(write(tmp_path / "a", "roles.csv", text))
    assert err.value.line == 7  # the line in the file, comments counted
    fixed = text.replace("2024-13-01", "2024-12-01")
    actors = load_actors(write(tmp_path / "b", "roles.csv", fixed))
    assert {"Ann Example", "Bob Sample"} <= {r.person for r in actors.roles}


def test_explicit_replacement_drops_the_bundled_file(tmp_path):
    folder = write(tmp_path / "a", "roles.csv", HEADER + "Ann Example,Example,chair,UN,2024-01-01,\n")
    merged = load_actors(folder)
    write(folder, "actors.yaml", "replace: [roles.csv]\n")
    replaced = load_actors(folder)
    assert [r.person for r in replaced.roles] == ["Ann Example"]
    assert len(merged.roles) > 1 and "NATO" in replaced.actors
    assert folder / "actors.yaml" in replaced.files and data_dir() / "actors" / "roles.csv" not in replaced.files


@pytest.mark.parametrize("name, text, message", [
    ("states.yaml", "NLD: {seat: [The Hague]}\n", "unknown field 'seat'"),
    ("states.yaml", "NLD: {seats: The Hague}\n", "seats must be a list"),
    ("organisations.yaml", "NEW: {seats: [Somewhere]}\n", "has no names"),
    ("actors.yaml", "replace: [states.yaml]\n", "does not hold"),
    ("organisation.yaml", "NEW: {names: [New]}\n", "not an actor file"),
    ("roles.csv", HEADER + "Ann Example,Example,chair,UN,2024-01-01,,extra\n", "fields where the header"),
])
def test_a_bad_overlay_file_is_refused_naming_it(tmp_path, name, text, message):
    folder = write(tmp_path / "a", name, text)
    with pytest.raises(ConfigError) as err:
        load_actors(folder)
    assert message in str(err.value) and name in str(err.value)


def test_the_command_refuses_a_bad_overlay_with_exit_2_and_writes_nothing(tmp_path):
    corpus = write(tmp_path / "corpus", "a.txt", "A title\n\nSome text about troops.\n")
    folder = write(tmp_path / "a", "roles.csv", HEADER + "Ann Example,Example,chair,NOWHERE,2024-01-01,\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["extract", str(corpus), "--out", str(out), "--actors", str(folder), "--quiet",
                                      "--no-cache"])
    assert result.exit_code == 2
    assert "roles.csv:2" in " ".join(result.output.split()) and "NOWHERE" in result.output
    assert not out.exists() and not any(p.name.startswith(".run") for p in tmp_path.iterdir())


def test_the_version_covers_the_overlay(tmp_path):
    folder = write(tmp_path / "a", "states.yaml", "NLD: {seats: [The Hague]}\n")
    codebook = load_codebook()
    plain = Extractor(codebook, load_actors(shared_roles=codebook.lexicon.shared_roles))
    over = Extractor(codebook, load_actors(folder, shared_roles=codebook.lexicon.shared_roles))
    assert plain.version != over.version


def test_a_codebook_lexicon_section_extends_the_lexicon_and_refuses_unknown_keys(tmp_path):
    text = (data_dir() / "codebook.yaml").read_text(encoding="utf-8")
    good = write(tmp_path, "good.yaml", text + "lexicon:\n  groups: {heads: [MEPs]}\n  events: {vote: [ratify]}\n") / "good.yaml"
    lexicon = load_codebook(good).lexicon
    bundled = load_codebook().lexicon
    assert "MEPs" in lexicon.group_heads and set(bundled.group_heads) < set(lexicon.group_heads)
    assert lexicon.events["vote"] == ["ratify"] and lexicon.events["meeting"] == bundled.events["meeting"]
    bad = write(tmp_path, "bad.yaml", text + "lexicon:\n  group_nouns: [MEPs]\n") / "bad.yaml"
    with pytest.raises(ConfigError) as err:
        load_codebook(bad)
    assert "group_nouns" in str(err.value) and "bad.yaml" in str(err.value)


# ---------------------------------------------------------------------------------------------------- sentences

DOMAIN_STATES = """\
NLD: {seats: [The Hague]}
IRL:
  titles: {deputy_head_of_government: [Tanaiste]}
"""
DOMAIN_ORGANISATIONS = """\
TRADEBLOC:
  names: [Southern Trade Bloc]
EU:
  titles: {trade_commissioner: [trade commissioner]}
"""
DOMAIN_ROLES = HEADER + """\
# a person whose past office ranks before the current one
Ann Example,Example,head_of_government,LUX,1990-01-01,1994-12-31
Ann Example,Example,chair,TRADEBLOC,2020-01-01,
"""


@pytest.fixture(scope="module")
def domain(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("domain")
    folder = write(tmp / "actors", "states.yaml", DOMAIN_STATES)
    write(folder, "organisations.yaml", DOMAIN_ORGANISATIONS)
    write(folder, "roles.csv", DOMAIN_ROLES)
    text = (data_dir() / "codebook.yaml").read_text(encoding="utf-8")
    codebook = load_codebook(write(tmp, "codebook.yaml", text + "lexicon:\n  groups: {heads: [MEPs]}\n") / "codebook.yaml")
    return Extractor(codebook, load_actors(folder, shared_roles=codebook.lexicon.shared_roles))


def rows(extractor, text: str, published=None):
    df, _ = run_text(extractor, "A title\n\n" + text, published)
    return df


def test_a_seat_added_by_the_domain_stands_for_its_state(domain, extractor):
    text = "The Hague said it opposes sending troops to Ukraine."
    df = rows(domain, text, "2025-03-01")
    assert "NLD" in set(df["stakeholder_id"]), describe(df)
    assert "NLD" not in set(rows(extractor, text, "2025-03-01")["stakeholder_id"])


@pytest.mark.parametrize("text, holder", [
    ("The trade commissioner said she supports sending European troops to Ukraine.", "EU"),
    ("The Tanaiste said he supports sending European troops to Ukraine.", "IRL"),
])
def test_a_title_of_one_actor_stands_for_it(domain, extractor, text, holder):
    df = rows(domain, text, "2025-03-01")
    assert holder in set(df["stakeholder_id"]), describe(df)
    assert holder not in set(rows(extractor, text, "2025-03-01")["stakeholder_id"])


def test_a_group_word_of_the_domain_makes_a_group_statement(domain, extractor):
    text = "MEPs said they oppose sending troops to Ukraine."
    df = rows(domain, text, "2025-03-01")
    groups = df[df["speaker_kind"] == "group"]
    assert list(groups["group_label"]) == ["MEPs"] and list(groups["stance"]) == ["oppose"], describe(df)
    assert not len(rows(extractor, text, "2025-03-01")), "the bundled lexicon alone has no such group"


def test_a_general_group_word_of_the_lexicon(extractor):
    df = rows(extractor, "Farmers said they oppose sending troops to Ukraine.", "2025-03-01")
    assert list(df["group_label"]) == ["Farmers"], describe(df)


SPEECH = "Ann Example said she supports sending European troops to Ukraine."


def test_a_dated_article_gives_the_role_of_its_day(domain):
    assert set(rows(domain, SPEECH, "1992-05-01")["stakeholder_id"]) == {"LUX"}
    assert set(rows(domain, SPEECH, "2025-05-01")["stakeholder_id"]) == {"TRADEBLOC"}


def test_an_undated_article_takes_the_day_its_text_names(domain):
    df = rows(domain, "On 3 May 1992, " + SPEECH[0].lower() + SPEECH[1:])
    assert set(df["stakeholder_id"]) == {"LUX"}, describe(df)


def test_an_undated_article_without_dates_takes_the_latest_role_as_uncertain(domain):
    undated = rows(domain, SPEECH)
    dated = rows(domain, SPEECH, "2025-05-01")
    assert set(undated["stakeholder_id"]) == {"TRADEBLOC"}, describe(undated)  # not the past office ranked first
    assert undated["confidence"].max() < dated["confidence"].max()


def test_an_undated_role_choice_is_no_guess_for_a_person_of_one_stakeholder():
    actors = load_actors()
    person = next(r.person for r in actors.roles if not actors.undated_choice(r.person))
    assert not actors.undated_choice(person)
    latest = max(actors.roles_of_person(person), key=lambda r: (r.end is None, r.end or dt.date.min))
    assert latest in actors.roles_of(person, None)


def test_run_json_names_the_actors_folder(tmp_path):
    corpus = write(tmp_path / "corpus", "a.txt", "A title\n\nThe Hague said it opposes sending troops to Ukraine.\n")
    folder = write(tmp_path / "a", "states.yaml", "NLD: {seats: [The Hague]}\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["extract", str(corpus), "--out", str(out), "--actors", str(folder), "--quiet",
                                      "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "run.json").read_text())
    assert meta["actors_dir"] == str(folder.resolve())
    assert str(folder / "states.yaml") in meta["actors"] and str(data_dir() / "actors" / "states.yaml") in meta["actors"]
