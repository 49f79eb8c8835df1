"""Codebook, lexicon and actor files: the bundled ones load; broken ones fail before any work, naming file, line, fix."""

import pytest

from analysis.extraction.actors import load_actors
from analysis.extraction.codebook import load_codebook
from analysis.io.errors import ConfigError


def test_bundled_codebook_and_actors_load():
    cb = load_codebook()
    assert cb.issue_ids == ["european_troops", "security_guarantees", "nato_membership", "us_participation",
                            "un_peacekeeping"]
    assert all(issue.cues for issue in cb.issues)
    assert {"support", "oppose", "neutral"} == set(cb.stances)
    actors = load_actors()
    import pycountry
    assert {c.alpha_3 for c in pycountry.countries} <= set(actors.actors)
    assert {"NATO", "EU", "UN"} <= set(actors.actors)
    assert actors.roles


@pytest.mark.parametrize("name, demonym, capital", [("GBR", "British", "London"), ("DEU", "German", "Berlin"),
                                                    ("UKR", "Ukrainian", "Kyiv"), ("RUS", "Russian", "Moscow")])
def test_states_have_demonyms_and_capitals(name, demonym, capital):
    actor = load_actors().actors[name]
    assert demonym in actor.demonyms and capital in actor.places


def test_pycountry_gaps_are_filled_by_the_aliases_file():
    actors = load_actors().actors
    assert {"Britain", "U.K."} <= set(actors["GBR"].names)
    assert "Russia" in actors["RUS"].names


def test_roles_resolve_by_date():
    import datetime as dt
    actors = load_actors()
    before = actors.holder("DEU", "head_of_government", dt.date(2024, 6, 1))
    after = actors.holder("DEU", "head_of_government", dt.date(2025, 10, 1))
    assert before is not None and after is not None and before.person != after.person


def codebook_with(tmp_path, text):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message, line", [
    ("name: x\nissues:\n  - id: a\n    description: d\n    cues: [x]\n  - id: a\n    description: e\n    cues: [y]\n",
     "used twice", 6),
    ("name: x\nissues:\n  - id: a\n    description: d\n    cues: [x\n", "YAML error", None),
    ("name: x\nissues:\n  - id: a\n    cues: [x]\n", "no 'description'", 3),
    ("name: x\nissues:\n  - id: a\n    description: d\n    cues: [x]\nstances:\n  favour: [y]\n", "unknown stance", 7),
    ("name: x\nissues: []\n", "non-empty list", None),
    ("name: x\nissues:\n  - id: Bad-Id\n    description: d\n    cues: [x]\n", "snake_case", 3),
])
def test_broken_codebooks_are_refused_with_file_and_line(tmp_path, text, message, line):
    path = codebook_with(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert message in str(err.value) and str(path) in str(err.value)
    if line:
        assert err.value.line == line
    assert "fix:" in str(err.value) or "YAML" in str(err.value)


def roles_with(tmp_path, rows):
    folder = tmp_path / "actors"
    folder.mkdir()
    (folder / "roles.csv").write_text("person,aliases,role,stakeholder,start,end\n" + rows, encoding="utf-8")
    return folder


@pytest.mark.parametrize("rows, message, line", [
    ("A B,B,head_of_state,FRA,2020-05-01,2019-01-01\n", "ends", 2),
    ("A B,B,head_of_state,AIA,2019-01-01,2021-01-01\nC D,D,head_of_state,AIA,2020-06-01,\n", "overlap", 3),
    ("A B,B,head_of_state,FRA,2019-01-01,\n", "overlap", 2),  # with the package's holder: the folder's row
    ("A B,B,head_of_state,XXX,2019-01-01,\n", "unknown stakeholder", 2),
    ("A B,B,head_of_state,FRA,2019-13-01,\n", "not a date", 2),
    (",B,head_of_state,FRA,2019-01-01,\n", "empty person", 2),
])
def test_broken_roles_are_refused_with_line(tmp_path, rows, message, line):
    with pytest.raises(ConfigError) as err:
        load_actors(roles_with(tmp_path, rows))
    assert message in str(err.value) and err.value.line == line and "roles.csv" in str(err.value)


def test_shared_roles_may_overlap(tmp_path):
    rows = "A B,B,envoy,USA,2025-01-01,\nC D,D,envoy,USA,2025-02-01,\n"
    actors = load_actors(roles_with(tmp_path, rows))
    assert {"A B", "C D"} <= {r.person for r in actors.roles if r.role == "envoy" and r.stakeholder == "USA"}


def test_actor_folder_adds_to_the_bundled_files(tmp_path):
    folder = roles_with(tmp_path, "Ann Example,Example,chair,UN,2024-01-01,\n")
    actors = load_actors(folder)
    assert [r.person for r in actors.roles][-1] == "Ann Example" and len(actors.roles) == len(load_actors().roles) + 1
    assert "GBR" in actors.actors and "NATO" in actors.actors


def test_an_issue_about_an_unknown_state_is_refused_before_any_work(tmp_path):
    from analysis.extraction.pipeline import Extractor
    path = codebook_with(tmp_path, "name: x\nissues:\n  - id: a\n    description: d\n    about: [UKX]\n    cues: [x]\n")
    with pytest.raises(ConfigError) as err:
        Extractor(load_codebook(path))
    assert "UKX" in str(err.value) and str(path) in str(err.value) and "fix:" in str(err.value)
