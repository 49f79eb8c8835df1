"""A codebook is checked before any work (file, line, fix; exit 2; nothing written) and linted on request
(`stakeholders check-codebook`): YAML booleans and misspelt attributes in token patterns, cues that could never
be found, and the warnings and counts of the lint."""
import json

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.extraction.codebook import load_codebook
from analysis.io.errors import ConfigError

from conftest import DATA, ROOT

PLASTICS = ROOT / "tests" / "domains" / "plastics"
TRADE = ROOT / "tests" / "domains" / "trade"


def codebook(tmp_path, body: str):
    """A codebook whose one issue's cues are `body` (YAML lines, indented for the cue list)."""
    path = tmp_path / "codebook.yaml"
    path.write_text("name: x\nissues:\n  - id: a\n    description: d\n    cues:\n      - force\n" + body,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("body, line, message, fix", [
    ("      - pattern:\n          - {LEMMA: peace}\n          - {LEMA: force}\n", 9, "LEMA is no attribute",
     "{LEMMA: force}"),
    ("      - pattern:\n          - {LEMMA: peace}\n          - {LOWER: on}\n", 9, "true/false for LOWER", '"on"'),
    ("      - {pattern: [{LOWER: {IN: [in, off]}}]}\n", 7, "true/false for LOWER", '"off"'),
    ("      - yes\n", 7, "a cue is true/false", '"yes"'),
    ("      - {pattern: [{POS: PROPN}]}\n", 7, "would never be found", "remove"),
    ("      - the\n", 7, "would never be found", "remove"),
    ("      - russian troops\n    exclude: [russian]\n", 7, "exclusion of its own issue", "remove"),
    ("      - {phrase: patents, against: false}\n", 7, "'against' is for issue cues", "against: true"),
    ("stances:\n  oppose: [{phrase: patents, against: true}]\n", 8, "'against' is for issue cues", "an issue's cues"),
])
def test_a_broken_cue_names_the_line_what_is_wrong_and_the_fix(tmp_path, body, line, message, fix):
    path = codebook(tmp_path, body)
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert (err.value.file, err.value.line) == (str(path), line)
    assert message in str(err.value) and fix in err.value.fix


def test_a_stance_cue_pattern_is_checked_too(tmp_path):
    path = codebook(tmp_path, "stances:\n  oppose:\n    - {pattern: [{LOWR: against}]}\n")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert err.value.line == 9 and "stances.oppose" in str(err.value) and "LOWER" in err.value.fix


def test_an_against_cue_is_read_in_every_form(tmp_path):
    path = codebook(tmp_path, "      - {phrase: patents, against: true}\n      - {exact: patent rights, against: true}\n"
                              "      - {pattern: [{LOWER: ip}], against: true}\n      - {phrase: waiver}\n")
    cues = load_codebook(path).issues[0].cues
    assert [(c.against, c.exact, bool(c.pattern)) for c in cues] == [
        (False, False, False), (True, False, False), (True, True, False), (True, False, True), (False, False, False)]


def test_stance_cues_take_every_cue_form(tmp_path):
    path = codebook(tmp_path, "stances:\n  oppose: [{exact: splitting}, {pattern: [{LOWER: veto}]}, block it]\n")
    oppose = load_codebook(path).stances["oppose"]
    assert [c.exact for c in oppose[-3:]] == [True, False, False] and oppose[-2].pattern and oppose[-1].phrase


@pytest.mark.subprocess
@pytest.mark.parametrize("body", ["      - {pattern: [{LOWER: on}]}\n", "      - {pattern: [{LEMA: force}]}\n"])
def test_a_broken_pattern_stops_extract_with_exit_2_and_nothing_written(tmp_path, body):
    path = codebook(tmp_path, body)
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["extract", str(DATA / "corpus"), "--out", str(out), "--codebook", str(path)])
    assert result.exit_code == 2 and f"{path}:7" in result.output and "fix:" in result.output
    assert not out.exists()


def test_check_codebook_refuses_an_invalid_codebook_with_exit_2(tmp_path):
    path = codebook(tmp_path, "      - {pattern: [{LEMA: force}]}\n")
    result = CliRunner().invoke(app, ["check-codebook", str(path)])
    assert result.exit_code == 2 and f"{path}:7" in result.output


def test_check_codebook_warns_of_the_traps_of_cue_writing(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("name: x\nissues:\n"
                    "  - id: deal\n    description: d\n    cues: [trade deal, deal, splitting, troop, troops, the]\n"
                    "  - id: other\n    description: d\n    cues: [trade deal, {exact: signing}, ratify,\n"
                    "      {phrase: farm tariffs, against: true}]\n"
                    "stances:\n  oppose: [ratify, protect farm tariffs]\n", encoding="utf-8")
    # "the" alone would never be found: an error; without it the lint runs
    with pytest.raises(ConfigError):
        load_codebook(path)
    path.write_text(path.read_text().replace(", the]", ", whom, we]"))
    result = CliRunner().invoke(app, ["check-codebook", str(path), "--json"])
    assert result.exit_code == 0, result.output
    found = {(f["kind"], f["issue"], f["cue"]) for f in json.loads(result.stdout)["findings"]}
    assert ("shared", "deal", "trade deal") in found
    assert ("contained", "deal", "deal") in found
    assert ("lemma", "deal", "splitting") in found and not any(c == "signing" for _, _, c in found)
    assert ("duplicate", "deal", "troops") in found
    assert ("common_word", "deal", "whom") in found and ("common_word", "deal", "we") in found
    assert ("stance_and_issue", "other", "ratify") in found
    assert ("stance_and_issue", "other", "protect farm tariffs") in found  # an against cue's words reversed twice


@pytest.mark.parametrize("folder, codebook_file", [(DATA / "corpus", DATA / "codebook.yaml"),
                                                   (PLASTICS / "corpus", PLASTICS / "codebook.yaml")])
def test_check_codebook_counts_every_cue_on_a_corpus(folder, codebook_file):
    result = CliRunner().invoke(app, ["check-codebook", str(codebook_file), "--corpus", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    cues = [c for issue in load_codebook(codebook_file).issues for c in issue.cues]
    assert len(report["counts"]) == len(cues) and report["articles"] >= 6
    never = {(f["issue"], f["cue"]) for f in report["findings"] if f["kind"] == "never_matched"}
    assert never == {(c["issue"], c["cue"]) for c in report["counts"] if c["matches"] == 0}
    assert any(c["matches"] for c in report["counts"]) and never
    assert all(c["articles"] <= c["sentences"] <= c["matches"] for c in report["counts"])


def test_check_codebook_prints_a_table_and_warnings(tmp_path):
    result = CliRunner().invoke(app, ["check-codebook", str(TRADE / "codebook.yaml"), "--corpus",
                                      str(PLASTICS / "corpus")])
    assert result.exit_code == 0, result.output
    assert "Issue cues matched in" in result.output and "never matched in the corpus" in result.output
    assert "warning(s) on" in result.output
