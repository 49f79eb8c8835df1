"""Actor data: states, organisations and people with dated roles.

States come from pycountry (codes and names) plus data/actors/states.yaml (short names, demonyms, capitals,
seats of government); organisations from organisations.yaml; people from roles.csv, one row per person and
role span, in the spirit of PETRARCH's dated actor dictionaries. `load_actors(dir)` takes each file from `dir`
when it is there and from data/actors otherwise, so a user replaces only what their domain needs.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from ..io.datafiles import line_of, read_yaml
from ..io.errors import ConfigError
from ..io.resources import data_dir
from .lexicon import load_lexicon

ACTOR_FILES = ("states.yaml", "organisations.yaml", "roles.csv", "regions.yaml")
ROLE_COLUMNS = ["person", "aliases", "role", "stakeholder", "start", "end"]


@dataclass(frozen=True)
class Actor:
    """A stakeholder that can hold a position: a state (ISO alpha-3 id) or an organisation; or a region, which
    is matched only so that it is never mistaken for one (its id is empty)."""

    id: str
    kind: str  # "state", "organisation" or "region"
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # capitals and seats of government that stand for the actor


@dataclass(frozen=True)
class Role:
    """A person holding a role for a stakeholder from `start` to `end` (inclusive, None = open)."""

    person: str
    aliases: tuple[str, ...]
    role: str
    stakeholder: str
    start: dt.date | None
    end: dt.date | None

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class ActorData:
    actors: dict[str, Actor]
    roles: list[Role]
    files: list[Path] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    source: str | None = None  # the actors folder given, None for the bundled data

    def roles_of(self, person: str, day: dt.date | None) -> list[Role]:
        """The person's roles that hold on `day` (all of them, latest first, when none holds)."""
        mine = [r for r in self.roles if r.person == person]
        on_day = [r for r in mine if r.holds_on(day)]
        return on_day or sorted(mine, key=lambda r: r.start or dt.date.min, reverse=True)

    def holder(self, stakeholder: str, role: str, day: dt.date | None) -> Role | None:
        """Who held `role` for `stakeholder` on `day` (None when unknown or ambiguous)."""
        found = [r for r in self.roles if r.stakeholder == stakeholder and r.role == role and r.holds_on(day)]
        return found[0] if len({r.person for r in found}) == 1 else None

    def named_in(self, text: str) -> str:
        """The one state or organisation that `text` (an article's source, "<capital> Times") names by name,
        demonym or seat, else "" (none, or several)."""
        found = {a.id for a in self.actors.values() if a.id and any(
            re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in a.names + a.demonyms + a.places if n)}
        return found.pop() if len(found) == 1 else ""

    def people(self) -> dict[str, list[str]]:
        """Canonical name -> every way of writing it (name and aliases)."""
        out: dict[str, list[str]] = {}
        for r in self.roles:
            names = out.setdefault(r.person, [r.person])
            names.extend(a for a in r.aliases if a not in names)
        return out


def _states(path: Path) -> dict[str, Actor]:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, "expected a mapping of ISO alpha-3 codes to names/demonyms/capitals/seats")
    out = {}
    for country in pycountry.countries:
        extra = raw.get(country.alpha_3) or {}
        base = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names = _unique([n for n in base if n] + _field(extra, "names", path, country.alpha_3))
        display = getattr(country, "common_name", None) or country.name
        out[country.alpha_3] = Actor(country.alpha_3, "state", display, tuple(names),
                                     tuple(_field(extra, "demonyms", path, country.alpha_3)),
                                     tuple(_field(extra, "capitals", path, country.alpha_3)
                                           + _field(extra, "seats", path, country.alpha_3)))
    unknown = set(raw) - set(out)
    if unknown:
        code = sorted(unknown)[0]
        raise ConfigError(path, f"'{code}' is not an ISO 3166-1 alpha-3 code", line_of(raw.get(code)),
                          fix="use the alpha-3 code (GBR, FRA, ...) or move organisations to organisations.yaml")
    return out


def _organisations(path: Path, states: dict[str, Actor]) -> dict[str, Actor]:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, "expected a mapping of organisation ids to names/demonyms/seats")
    out = {}
    for org_id, entry in raw.items():
        entry = entry or {}
        if org_id in states:
            raise ConfigError(path, f"organisation id '{org_id}' is also a state code", line_of(entry),
                              fix="choose another id")
        names = _field(entry, "names", path, org_id)
        if not names:
            raise ConfigError(path, f"organisation '{org_id}' has no names", line_of(entry),
                              fix="add names: [Full Name, ABBREVIATION]")
        out[str(org_id)] = Actor(str(org_id), "organisation", names[0], tuple(names),
                                 tuple(_field(entry, "demonyms", path, org_id)),
                                 tuple(_field(entry, "seats", path, org_id)))
    return out


def _field(entry, key: str, path: Path, owner: str) -> list[str]:
    value = entry.get(key) if isinstance(entry, dict) else None
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(path, f"'{owner}': {key} must be a list", line_of(entry), fix=f"write {key}: [a, b]")
    return [str(v).strip() for v in value if str(v).strip()]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _day(value: str, path: Path, line: int, column: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(path, f"{column} '{value}' is not a date", line, fix="write dates as YYYY-MM-DD") from None


def _roles(path: Path, actors: dict[str, Actor], shared_roles: set[str]) -> list[Role]:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in ROLE_COLUMNS if c not in header]
            if missing:
                raise ConfigError(path, f"missing column(s) {missing}", 1, fix=f"the header is {','.join(ROLE_COLUMNS)}")
            rows = list(enumerate(reader, start=2))
    except FileNotFoundError:
        raise ConfigError(path, "file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not UTF-8 text", fix="save the file as UTF-8") from None
    roles, lines = [], {}
    for line, row in rows:
        for col in ("person", "role", "stakeholder"):
            if not (row.get(col) or "").strip():
                raise ConfigError(path, f"empty {col}", line, fix=f"fill in the {col} column")
        start, end = _day(row["start"], path, line, "start"), _day(row["end"], path, line, "end")
        if start and end and end < start:
            raise ConfigError(path, f"role ends ({end}) before it starts ({start})", line, fix="swap or correct the dates")
        if row["stakeholder"].strip() not in actors:
            raise ConfigError(path, f"unknown stakeholder '{row['stakeholder']}'", line,
                              fix="use an ISO alpha-3 code or an id of organisations.yaml")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        role = Role(row["person"].strip(), aliases, row["role"].strip(), row["stakeholder"].strip(), start, end)
        roles.append(role)
        lines[id(role)] = line
    offices: dict[tuple[str, str], list[Role]] = {}
    for r in roles:
        if r.role not in shared_roles:
            offices.setdefault((r.stakeholder, r.role), []).append(r)
    for (stakeholder, role_name), held in offices.items():
        held.sort(key=lambda r: r.start or dt.date.min)
        for a, b in zip(held, held[1:]):
            if a.person != b.person and (a.end is None or (b.start is not None and b.start < a.end)):
                raise ConfigError(path, f"{a.person} and {b.person} overlap as {role_name} of {stakeholder}",
                                  lines[id(b)], fix=f"end {a.person}'s span on or before {b.start}")
    return roles


def load_actors(actors_dir: str | Path | None = None, shared_roles: list[str] | None = None) -> ActorData:
    """Load states, organisations and roles; files in `actors_dir` replace those of data/actors."""
    paths: dict[str, Path] = {}
    for name in ACTOR_FILES:
        own = Path(actors_dir) / name if actors_dir else None
        paths[name] = own if own and own.exists() else data_dir() / "actors" / name
    if actors_dir and not Path(actors_dir).is_dir():
        raise ConfigError(actors_dir, "actors folder not found", fix="give a folder holding roles.csv and/or yaml files")
    states = _states(paths["states.yaml"])
    actors = {**states, **_organisations(paths["organisations.yaml"], states)}
    if shared_roles is None:
        shared_roles = load_lexicon().shared_roles
    roles = _roles(paths["roles.csv"], actors, set(shared_roles))
    regions = _regions(paths["regions.yaml"]) if paths["regions.yaml"].exists() else []
    return ActorData(actors, roles, [p for p in paths.values() if p.exists()], regions,
                     str(Path(actors_dir).resolve()) if actors_dir else None)


def _regions(path: Path) -> list[str]:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("regions", []), list):
        raise ConfigError(path, "expected 'regions: [name, name, ...]'", fix="list the region names under regions:")
    return [str(r).strip() for r in raw.get("regions") or [] if str(r).strip()]
