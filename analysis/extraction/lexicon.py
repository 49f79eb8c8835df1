"""The lexicon: generic English rules (speech verbs, stance and qualifier cues, negations, groups, anaphora,
pronouns, titles, events), read from data/lexicon.yaml and checked. Every codebook adds its own cues to it."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..io.contract import STANCES
from ..io.datafiles import line_of, read_yaml
from ..io.errors import ConfigError
from ..io.resources import data_dir
from .checks import check_patterns, plain


@dataclass(frozen=True)
class DependencyPattern:
    """A spaCy DependencyMatcher pattern of the attribution file, with its label and line."""

    label: str
    pattern: list
    line: int | None = None


@dataclass
class Lexicon:
    """Generic English rules: speech verbs, stance and qualifier cues, groups, anaphora, titles, events."""

    speech_verbs: list[str]
    stances: dict[str, list[str]]
    weak: list[str]
    negations: list[str]
    restrictive_modifiers: list[str]
    modals: list[str]
    hypothetical_marks: list[str]
    threats: list[str]
    warning_verbs: list[str]
    exceptive_marks: list[str]
    own_state_heads: list[str]
    actor_possessives: list[str]
    implying_verbs: list[str]
    concessive_marks: list[str]
    backdrop_preps: list[str]
    temporal_marks: list[str]
    copulas: list[str]
    joining_verbs: list[str]
    classing_verbs: list[str]
    powers: list[str]
    approvals: list[str]
    requiring_verbs: list[str]
    question_labels: list[str]
    answer_labels: list[str]
    causative_verbs: list[str]
    intent_verbs: list[str]
    companions: list[str]
    relational_groups: list[str]
    member_groups: list[str]
    preconditions: list[str]
    shared_positions: list[str]
    entitlements: list[str]
    spokes_nouns: list[str]
    goal_nouns: list[str]
    documents: list[str]
    attitude_nouns: list[str]
    receiving_verbs: list[str]
    accusing_verbs: list[str]
    partitives: list[str]
    verb_only_cues: list[str]
    negative_quantifiers: list[str]
    commitments: list[str]
    representing_verbs: list[str]
    absence: list[str]
    effects: dict[str, list[str]]
    preventive_effects: list[str]
    deploying_verbs: list[str]
    not_conditions: list[str]
    place_preps: list[str]
    destination_preps: list[str]
    demonstratives: list[str]
    harms: list[str]
    particles: list[str]
    agreeing_verbs: list[str]
    reason_marks: list[str]
    local_heads: list[str]
    attitudes: list[str]
    qualifiers: dict[str, list[str]]
    group_heads: list[str]
    group_quantifiers: list[str]
    group_names: list[str]
    anaphora: list[str]
    object_anaphora: list[str]
    plural_references: list[str]
    implicit_issue_verbs: list[str]
    pronouns: dict[str, list[str]]
    titles: dict[str, list[str]]
    shared_roles: list[str]
    events: dict[str, list[str]]
    path: Path = field(default=Path())
    dependency_patterns: list[DependencyPattern] = field(default_factory=list)  # of the attribution file
    files: list[Path] = field(default_factory=list)  # every file read: the lexicon and its pattern files


def str_list(value: Any, path: Path, where: str, line: int | None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError(path, f"{where} must be a list of phrases", line, fix=f"write {where} as [phrase, phrase]")
    if any(isinstance(v, bool) for v in value):
        raise ConfigError(path, f"{where} holds a yes/no/on/off word that YAML reads as true/false", line,
                          fix='put such words in quotes: "no"')
    return [str(v).strip() for v in value if str(v).strip()]


# Lists of words lexicon.yaml may leave out (each empty then).
OPTIONAL_LISTS = (
    "restrictive_modifiers", "modals", "hypothetical_marks", "threats", "warning_verbs", "exceptive_marks", "own_state_heads", "actor_possessives", "implying_verbs", "concessive_marks", "backdrop_preps", "temporal_marks", "copulas",
    "joining_verbs", "classing_verbs", "powers", "approvals", "requiring_verbs", "question_labels", "answer_labels",
    "causative_verbs", "intent_verbs", "companions", "relational_groups", "member_groups", "preconditions", "shared_positions", "entitlements", "spokes_nouns",
    "goal_nouns", "documents", "attitude_nouns", "receiving_verbs", "accusing_verbs", "partitives", "verb_only_cues", "negative_quantifiers", "commitments",
    "representing_verbs", "absence", "preventive_effects", "deploying_verbs", "not_conditions", "place_preps",
    "destination_preps", "demonstratives", "harms", "particles", "agreeing_verbs", "reason_marks", "local_heads",
    "attitudes", "object_anaphora", "plural_references",
    "implicit_issue_verbs", "shared_roles")


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read data/lexicon.yaml (or `path`)."""
    path = Path(path) if path else data_dir() / "lexicon.yaml"
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(path, "a lexicon must be a mapping of rule lists")
    required = ["speech_verbs", "stances", "negations", "qualifiers", "groups", "anaphora", "pronouns", "titles",
                "events", "attribution_patterns"]
    for key in required:
        if key not in raw:
            raise ConfigError(path, f"missing key '{key}'", fix=f"add '{key}:' (see data/lexicon.yaml)")
    stances = raw["stances"]
    for s in STANCES:
        if s not in stances:
            raise ConfigError(path, f"stances has no '{s}' list", line_of(stances), fix=f"add stances.{s}")
    unknown = set(stances) - set(STANCES) - {"weak"}
    if unknown:
        raise ConfigError(path, f"unknown stance(s) {sorted(unknown)}", line_of(stances),
                          fix=f"use only {', '.join(STANCES)} and weak")
    lists = lambda d, where: {k: str_list(v, path, f"{where}.{k}", line_of(d)) for k, v in (d or {}).items()}
    patterns_path = path.parent / str(raw["attribution_patterns"])
    lexicon = Lexicon(
        **{key: str_list(raw.get(key), path, key, None) for key in OPTIONAL_LISTS},
        speech_verbs=str_list(raw["speech_verbs"], path, "speech_verbs", None),
        stances={s: str_list(stances[s], path, f"stances.{s}", line_of(stances)) for s in STANCES},
        weak=str_list(stances.get("weak"), path, "stances.weak", line_of(stances)),
        negations=str_list(raw["negations"], path, "negations", None),
        effects=lists(raw.get("effects"), "effects"),
        qualifiers=lists(raw["qualifiers"], "qualifiers"),
        group_heads=str_list(raw["groups"].get("heads"), path, "groups.heads", line_of(raw["groups"])),
        group_quantifiers=str_list(raw["groups"].get("quantifiers"), path, "groups.quantifiers",
                                    line_of(raw["groups"])),
        group_names=str_list(raw["groups"].get("names"), path, "groups.names", line_of(raw["groups"])),
        anaphora=str_list(raw["anaphora"], path, "anaphora", None),
        pronouns=lists(raw["pronouns"], "pronouns"),
        titles=lists(raw["titles"], "titles"),
        events=lists(raw["events"], "events"),
        path=path,
        dependency_patterns=load_dependency_patterns(patterns_path),
        files=[path, patterns_path],
    )
    return lexicon


# The lexicon's lists a domain may extend (a codebook's `lexicon:` section), by their key in lexicon.yaml; the
# codebook's own `stances:` and `qualifiers:` extend those, and the attribution patterns are not a list of words.
_NOT_EXTENDED = {"stances", "weak", "qualifiers", "path", "files", "dependency_patterns"}
_GROUPS = {"heads": "group_heads", "quantifiers": "group_quantifiers", "names": "group_names"}
_OPEN_MAPPINGS = {"titles", "events"}  # a domain may add roles and kinds of event, not only phrases to them


def extensible_keys(lexicon: Lexicon) -> list[str]:
    """The keys a codebook's `lexicon:` section may hold (those of lexicon.yaml that are lists of phrases)."""
    return sorted({f.name for f in fields(lexicon)} - _NOT_EXTENDED - set(_GROUPS.values()) | {"groups"})


def extend_lexicon(lexicon: Lexicon, raw: Any, path: Path, line: int | None = None) -> Lexicon:
    """A copy of `lexicon` with the phrases of a domain's `lexicon:` section (`raw`, read from `path`) added:
    each list is extended, each mapping of lists extended per key (`titles` and `events` may gain new keys: a
    role, a kind of event); `groups: {heads, quantifiers, names}` as in lexicon.yaml. ConfigError on an unknown key."""
    if raw is None:
        return lexicon
    if not isinstance(raw, dict):
        raise ConfigError(path, "lexicon must be a mapping of lexicon.yaml keys to phrases", line,
                          fix="write lexicon: {titles: {trade_commissioner: [trade commissioner]}, groups: {heads: [farmers]}}")
    allowed = extensible_keys(lexicon)
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        where, at = f"lexicon.{key}", line_of(raw, line)
        if key not in allowed:
            raise ConfigError(path, f"'{where}' is not a list of the lexicon a domain can extend", at,
                              fix=f"use one of {', '.join(allowed)} (stances and qualifiers have their own sections)")
        if key == "groups":
            current = {sub: getattr(lexicon, name) for sub, name in _GROUPS.items()}
            added = _extend_mapping(current, value, path, where, at, open_keys=False)
            changes.update({_GROUPS[sub]: phrases for sub, phrases in added.items()})
        elif isinstance(getattr(lexicon, key), dict):
            changes[key] = _extend_mapping(getattr(lexicon, key), value, path, where, at, key in _OPEN_MAPPINGS)
        else:
            changes[key] = _unique(getattr(lexicon, key) + str_list(value, path, where, at))
    return replace(lexicon, **changes)


def _extend_mapping(current: dict[str, list[str]], value: Any, path: Path, where: str, line: int | None,
                    open_keys: bool) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise ConfigError(path, f"{where} must map each of {', '.join(current)} to phrases", line,
                          fix=f"write {where}: {{{next(iter(current), 'key')}: [phrase, phrase]}}")
    out = dict(current)
    for sub, phrases in value.items():
        if sub not in current and not open_keys:
            raise ConfigError(path, f"{where}.{sub} is not a key of the lexicon's {where.split('.')[-1]}", line,
                              fix=f"use one of {', '.join(current)}")
        out[str(sub)] = _unique(current.get(sub, []) + str_list(phrases, path, f"{where}.{sub}", line))
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def load_dependency_patterns(path: Path) -> list[DependencyPattern]:
    """Read an attribution file (data/attribution.yaml: `patterns`, each a label and a DependencyMatcher
    pattern) and check every pattern with spaCy; ConfigError names the file, the line and the fix."""
    raw = read_yaml(path)
    entries = raw.get("patterns") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(path, "expected 'patterns:' with a list of {label, pattern}", line_of(raw),
                          fix="see the header of data/attribution.yaml")
    out = []
    for n, entry in enumerate(entries):
        line = entries.lines[n] if hasattr(entries, "lines") else None
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) \
                or not isinstance(entry.get("pattern"), list) or not entry["pattern"]:
            raise ConfigError(path, f"pattern #{n + 1} needs a label and a non-empty pattern list", line,
                              fix="write - {label: speaker, pattern: [{RIGHT_ID: verb, RIGHT_ATTRS: {...}}, ...]}")
        out.append(DependencyPattern(entry["label"], plain(entry["pattern"]), line))
    check_patterns(path, "dependency", [(p.line, f"pattern '{p.label}'", entry["pattern"])
                                        for p, entry in zip(out, entries)])
    return out

