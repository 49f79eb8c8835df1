"""The codebook: issues and their cues, loaded and checked.

A codebook file is data (see the header of data/codebook.yaml for its schema); `load_codebook` checks it and
merges the generic stance and qualifier cues of the lexicon (lexicon.py) with the codebook's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io.datafiles import line_of, read_yaml
from ..io.errors import ConfigError
from ..io.resources import data_dir
from .checks import check_patterns
from .cues import CUE_FORMS, Cue, read_cue, unusable
from .lexicon import STANCES, Lexicon, extend_lexicon, load_lexicon, str_list

QUALIFIERS = ("conditional", "constrained")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Claim:
    """Statements by `holders` on cues of `issues` belong to the claiming issue instead."""

    issues: tuple[str, ...]
    holders: tuple[str, ...]


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    description: str
    cues: tuple[Cue, ...]
    claims: tuple[Claim, ...] = ()
    exclude: tuple[str, ...] = ()
    about: tuple[str, ...] = ()


@dataclass
class Codebook:
    name: str
    version: str
    issues: list[Issue]
    stances: dict[str, list[Cue]]  # the lexicon's and the codebook's
    qualifiers: dict[str, list[Cue]]
    lexicon: Lexicon
    path: Path = field(default=Path())

    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]

    def issue(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)

    def check_stakeholders(self, known: set[str]) -> None:
        """Refuse `about` ids the actor data does not know (a misspelt code would silently keep nothing out)."""
        for issue in self.issues:
            unknown = sorted(set(issue.about) - known)
            if unknown:
                raise ConfigError(self.path, f"issue '{issue.id}': about names unknown stakeholder id(s) {unknown}",
                                  fix="use ids of the actor files (a state's ISO alpha-3 code, an organisation's id)")

    def claimed_issue(self, issue_id: str, holder: str) -> str:
        """The issue a holder's statement on `issue_id` belongs to, after the codebook's claims."""
        for issue in self.issues:
            for claim in issue.claims:
                if issue_id in claim.issues and holder in claim.holders:
                    return issue.id
        return issue_id


def load_codebook(path: str | Path | None = None, lexicon: Lexicon | None = None) -> Codebook:
    """Read and check a codebook file (default data/codebook.yaml); raise ConfigError naming file, line, fix."""
    path = Path(path) if path else data_dir() / "codebook.yaml"
    lexicon = lexicon or load_lexicon()
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(path, "a codebook must be a mapping with name, version, issues",
                          fix="start from data/codebook.yaml")
    for key in ("name", "issues"):
        if key not in raw:
            raise ConfigError(path, f"missing key '{key}'", fix=f"add '{key}:' at the top level")
    lexicon = extend_lexicon(lexicon, raw.get("lexicon"), path)  # the domain's titles, group words, events ...
    raw_issues = raw["issues"]
    if not isinstance(raw_issues, list) or not raw_issues:
        raise ConfigError(path, "'issues' must be a non-empty list", line_of(raw), fix="list issues as '- id: ...'")
    issues: list[Issue] = []
    seen: dict[str, int | None] = {}
    for n, item in enumerate(raw_issues):
        line = raw_issues.lines[n] if hasattr(raw_issues, "lines") else None
        if not isinstance(item, dict):
            raise ConfigError(path, "an issue must be a mapping with id, label, description, cues", line)
        for key in ("id", "description", "cues"):
            if not item.get(key):
                raise ConfigError(path, f"issue #{n + 1} has no '{key}'", line, fix=f"add '{key}:' to that issue")
        issue_id = str(item["id"])
        if not _ID.match(issue_id):
            raise ConfigError(path, f"issue id '{issue_id}' is not snake_case", line,
                              fix="use lower-case letters, digits and underscores")
        if issue_id in seen:
            raise ConfigError(path, f"issue id '{issue_id}' is used twice (first on line {seen[issue_id]})", line,
                              fix="give each issue its own id")
        seen[issue_id] = line
        if not isinstance(item["cues"], list):
            raise ConfigError(path, f"issue '{issue_id}': cues must be a list", line)
        exclude = tuple(str_list(item.get("exclude"), path, f"issue '{issue_id}': exclude", line))
        about = tuple(str_list(item.get("about"), path, f"issue '{issue_id}': about", line))
        cues = _read_cues(item["cues"], path, f"issue '{issue_id}'", line, exclude)
        claims = []
        for c in item.get("claims") or []:
            if not isinstance(c, dict) or not c.get("issues") or not c.get("holders"):
                raise ConfigError(path, f"issue '{issue_id}': a claim needs issues and holders", line,
                                  fix="write {issues: [other_issue], holders: [USA]}")
            claims.append(Claim(tuple(map(str, c["issues"])), tuple(map(str, c["holders"]))))
        issues.append(Issue(issue_id, str(item.get("label") or issue_id), str(item["description"]).strip(), cues,
                            tuple(claims), exclude, about))
    for issue in issues:
        for claim in issue.claims:
            for other in claim.issues:
                if other not in seen:
                    raise ConfigError(path, f"issue '{issue.id}' claims unknown issue '{other}'", seen[issue.id],
                                      fix=f"use one of {', '.join(seen)}")
    raw_stances = raw.get("stances") or {}
    unknown = set(raw_stances) - set(STANCES)
    if unknown:
        raise ConfigError(path, f"unknown stance(s) {sorted(unknown)}", line_of(raw_stances),
                          fix=f"stances are {', '.join(STANCES)}")
    raw_qual = raw.get("qualifiers") or {}
    unknown = set(raw_qual) - set(QUALIFIERS)
    if unknown:
        raise ConfigError(path, f"unknown qualifier(s) {sorted(unknown)}", line_of(raw_qual),
                          fix=f"qualifiers are {', '.join(QUALIFIERS)}")
    stances = {s: [Cue(p) for p in lexicon.stances[s]] + list(_read_cues(
        raw_stances.get(s), path, f"stances.{s}", line_of(raw_stances))) for s in STANCES}
    qualifiers = {q: [Cue(p) for p in lexicon.qualifiers.get(q, [])] + list(_read_cues(
        raw_qual.get(q), path, f"qualifiers.{q}", line_of(raw_qual))) for q in QUALIFIERS}
    return Codebook(str(raw["name"]), str(raw.get("version", "")), issues, stances, qualifiers, lexicon, path)


def _read_cues(values: Any, path: Path, where: str, line: int | None, exclude: tuple[str, ...] | None = None
               ) -> tuple[Cue, ...]:
    """The cues of one list (`where`: "issue 'x'", "stances.oppose"); each token pattern checked by spaCy, and
    an issue cue (`exclude`: its issue's exclusions) that could never be found is an error naming it."""
    if values is None:
        return ()
    if not isinstance(values, list):
        raise ConfigError(path, f"{where}: cues must be a list", line, fix=f"write the cues as a list of {CUE_FORMS}")
    lines = getattr(values, "lines", [line] * len(values))
    cues = []
    for value, cue_line in zip(values, lines):
        cue = read_cue(value, path, where, cue_line)
        if cue.pattern:
            check_patterns(path, "token", [(cue_line, f"{where}: cue pattern", value["pattern"])])
        problem = unusable(cue, exclude) if exclude is not None else ""
        if problem:
            raise ConfigError(path, f"{where}: the cue '{cue.text}' would never be found: {problem}", cue_line,
                              fix="rewrite or remove that cue")
        cues.append(cue)
    return tuple(cues)
