"""Actor data: states, organisations and people with dated roles.

States come from pycountry (codes and names) plus data/actors/states.yaml (short names, demonyms, capitals,
seats of government); organisations from organisations.yaml; people from roles.csv, one row per person and
role span, in the spirit of PETRARCH's dated actor dictionaries. `load_actors(dir)` merges a domain's folder
over the package's files by key (actorfiles.py: a state by code, an organisation by id, a person's rows by
person), so a domain adds only what it needs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from ..io.errors import ConfigError
from .actorfiles import Entry, Role, RoleRow, package_actors_dir, read_actor_files
from .lexicon import load_lexicon


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
    titles: tuple[tuple[str, str], ...] = ()  # (role, phrase) of titles only this actor has ("trade commissioner")
    references: tuple[str, ...] = ()  # nouns that, after "the", refer back to it once named ("the alliance")


@dataclass
class ActorData:
    actors: dict[str, Actor]
    roles: list[Role]
    files: list[Path] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    source: str | None = None  # the actors folder given, None for the bundled data

    def roles_of(self, person: str, day: dt.date | None) -> list[Role]:
        """The person's roles that hold on `day` (all of them, latest first, when none holds); with no day, those
        that hold on the first day of the person's latest role (an open one before any that ended), so a past
        office never wins over the current one."""
        mine = self.roles_of_person(person)
        if day is None and mine:
            day = max(mine, key=lambda r: (r.end is None, r.end or dt.date.min, r.start or dt.date.min)).start
        on_day = [r for r in mine if r.holds_on(day)]
        return on_day or sorted(mine, key=lambda r: r.start or dt.date.min, reverse=True)

    def roles_of_person(self, person: str) -> list[Role]:
        """Every role of the person, whenever held."""
        return [r for r in self.roles if r.person == person]

    def undated_choice(self, person: str) -> bool:
        """Whether, with no day, the person's role is a guess that matters: their roles stand for several
        stakeholders."""
        return len({r.stakeholder for r in self.roles_of_person(person)}) > 1

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


def _states(entries: dict[str, Entry]) -> dict[str, Actor]:
    out = {}
    for country in pycountry.countries:
        extra = entries.get(country.alpha_3)
        lists = extra.lists if extra else {}
        base = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names = list(dict.fromkeys([n for n in base if n] + lists.get("names", [])))
        display = getattr(country, "common_name", None) or country.name
        out[country.alpha_3] = Actor(country.alpha_3, "state", display, tuple(names), tuple(lists.get("demonyms", [])),
                                     tuple(lists.get("capitals", []) + lists.get("seats", [])), _own_titles(extra))
    unknown = sorted(set(entries) - set(out))
    if unknown:
        entry = entries[unknown[0]]
        raise ConfigError(entry.path, f"'{unknown[0]}' is not an ISO 3166-1 alpha-3 code", entry.line,
                          fix="use the alpha-3 code (GBR, FRA, ...) or move organisations to organisations.yaml")
    return out


def _organisations(entries: dict[str, Entry], states: dict[str, Actor]) -> dict[str, Actor]:
    out = {}
    for org_id, entry in entries.items():
        if org_id in states:
            raise ConfigError(entry.path, f"organisation id '{org_id}' is also a state code", entry.line,
                              fix="choose another id (a state's own entry goes in states.yaml)")
        names = entry.lists["names"]
        if not names:
            raise ConfigError(entry.path, f"organisation '{org_id}' has no names", entry.line,
                              fix="add names: [Full Name, ABBREVIATION]")
        out[org_id] = Actor(org_id, "organisation", names[0], tuple(names), tuple(entry.lists["demonyms"]),
                            tuple(entry.lists["seats"]), _own_titles(entry), tuple(entry.lists["references"]))
    return out


def _own_titles(entry: Entry | None) -> tuple[tuple[str, str], ...]:
    return tuple((role, phrase) for role, phrases in entry.titles.items() for phrase in phrases) if entry else ()


def _roles(rows: list[RoleRow], actors: dict[str, Actor], shared_roles: set[str]) -> list[Role]:
    package = package_actors_dir() / "roles.csv"
    for row in rows:
        if row.stakeholder not in actors:
            raise ConfigError(row.path, f"unknown stakeholder '{row.stakeholder}'", row.line,
                              fix="use an ISO alpha-3 code or an id of organisations.yaml")
    offices: dict[tuple[str, str], list[RoleRow]] = {}
    for r in rows:
        if r.role not in shared_roles:
            offices.setdefault((r.stakeholder, r.role), []).append(r)
    for (stakeholder, role_name), held in offices.items():
        held.sort(key=lambda r: r.start or dt.date.min)
        for a, b in zip(held, held[1:]):
            if a.person != b.person and (a.end is None or (b.start is not None and b.start < a.end)):
                culprit = a if b.path == package and a.path != package else b  # the domain's row, not the package's
                raise ConfigError(culprit.path, f"{a.person} and {b.person} overlap as {role_name} of {stakeholder}",
                                  culprit.line, fix=f"end {a.person}'s span on or before {b.start}, or give "
                                                    f"{a.person if culprit is a else b.person} other dates")
    return [Role(r.person, r.aliases, r.role, r.stakeholder, r.start, r.end) for r in rows]


def load_actors(actors_dir: str | Path | None = None, shared_roles: list[str] | None = None) -> ActorData:
    """The package's states, organisations, roles and regions, with those of `actors_dir` merged over them by
    key (actorfiles.py); ConfigError names the file, the line and the fix."""
    files = read_actor_files(actors_dir)
    states = _states(files.states)
    actors = {**states, **_organisations(files.organisations, states)}
    if shared_roles is None:
        shared_roles = load_lexicon().shared_roles
    roles = _roles(files.roles, actors, set(shared_roles))
    return ActorData(actors, roles, files.files, files.regions, str(Path(actors_dir).resolve()) if actors_dir else None)
