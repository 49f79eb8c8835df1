"""Actor files: the package's data/actors and a domain's actors folder, read, checked and merged by key.

A domain's folder (`--actors DIR`) ADDS to the package's files and OVERRIDES them by key; nothing of the
package's is dropped unless the folder asks for it:

  states.yaml, organisations.yaml  an entry merges with the package's entry of the same id (state code,
                                   organisation id): its lists (names, demonyms, capitals, seats) and each role
                                   of its `titles` EXTEND the package's; `replace: [seats, ...]` in the entry
                                   replaces those fields instead, `replace: true` the whole entry
  roles.csv                        a person the folder's file lists has exactly the folder's rows; every other
                                   person keeps the package's rows. Lines starting with `#` and blank lines are
                                   comments
  regions.yaml                     the folder's regions are added
  actors.yaml                      optional, the folder's settings: `replace: [roles.csv, ...]` replaces those
                                   package files whole, `replace: true` every file the folder holds

A file of the folder with another name ending in .yaml, .yml or .csv is refused (a misspelt name would
otherwise be ignored without a word). Every error is a ConfigError naming the file, the line and the fix.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io.datafiles import line_of, read_utf8, read_yaml
from ..io.errors import ConfigError
from ..io.resources import data_dir

ACTOR_FILES = ("states.yaml", "organisations.yaml", "roles.csv", "regions.yaml")
SETTINGS_FILE = "actors.yaml"
ROLE_COLUMNS = ["person", "aliases", "role", "stakeholder", "start", "end"]
LIST_FIELDS = {"states.yaml": ("names", "demonyms", "capitals", "seats"),
               "organisations.yaml": ("names", "demonyms", "seats", "references")}


@dataclass
class Entry:
    """A state's or organisation's entry: its lists by field, its own titles (role -> phrases: "the trade
    commissioner" stands for the organisation), and the file and line it was read from."""

    lists: dict[str, list[str]]
    titles: dict[str, list[str]]
    path: Path
    line: int | None
    replace: bool | tuple[str, ...] = ()  # what of the package's entry it replaces (true: all of it)


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


@dataclass(frozen=True)
class RoleRow(Role):
    """One row of a roles.csv, checked: a role with the file and line it was read from."""

    path: Path
    line: int


@dataclass
class ActorFiles:
    """The actor data to build a run's `ActorData` from, after merging the package's files and a folder's."""

    states: dict[str, Entry]
    organisations: dict[str, Entry]
    roles: list[RoleRow]
    regions: list[str]
    files: list[Path] = field(default_factory=list)  # every file read, the package's first


def package_actors_dir() -> Path:
    """The folder of the package's own actor files (data/actors)."""
    return data_dir() / "actors"


def read_actor_files(folder: str | Path | None = None) -> ActorFiles:
    """The package's actor files with `folder`'s merged over them (see the module docstring); only the
    package's when `folder` is None."""
    package = package_actors_dir()
    own: dict[str, Path] = {}
    replaced: set[str] = set()
    files: list[Path] = []
    if folder is not None:
        folder = Path(folder)
        if not folder.is_dir():
            raise ConfigError(folder, "actors folder not found",
                              fix="give a folder holding any of states.yaml, organisations.yaml, roles.csv, "
                                  "regions.yaml")
        _refuse_unknown_files(folder)
        own = {name: folder / name for name in ACTOR_FILES if (folder / name).is_file()}
        if (folder / SETTINGS_FILE).is_file():
            replaced = _replaced_files(folder / SETTINGS_FILE, set(own))
            files.append(folder / SETTINGS_FILE)
    layers = {name: ([] if name in replaced else [package / name]) + ([own[name]] if name in own else [])
              for name in ACTOR_FILES}
    for name in ACTOR_FILES:
        files += [p for p in layers[name] if p.is_file()]
    regions = [r for p in layers["regions.yaml"] if p.is_file() for r in _regions(p)]
    return ActorFiles(_merged_entries(layers["states.yaml"]), _merged_entries(layers["organisations.yaml"]),
                      _merged_roles(layers["roles.csv"]), list(dict.fromkeys(regions)),
                      sorted(files, key=lambda p: p.parent != package))


def _refuse_unknown_files(folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        if path.suffix in (".yaml", ".yml", ".csv") and path.name not in (*ACTOR_FILES, SETTINGS_FILE):
            raise ConfigError(path, "not an actor file", fix=f"name it one of {', '.join(ACTOR_FILES)} or "
                                                             f"{SETTINGS_FILE}, or move it out of the actors folder")


def _replaced_files(path: Path, present: set[str]) -> set[str]:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict) or set(raw) - {"replace"}:
        raise ConfigError(path, "expected only 'replace: [file, ...]' (or 'replace: true')", line_of(raw),
                          fix="write replace: [roles.csv] to replace the package's roles.csv with this folder's")
    value = raw.get("replace", False)
    if isinstance(value, bool):
        return set(present) if value else set()
    if not isinstance(value, list) or not all(isinstance(v, str) and v in ACTOR_FILES for v in value):
        raise ConfigError(path, f"replace: {value!r} is not a list of actor files", line_of(raw),
                          fix=f"list some of {', '.join(ACTOR_FILES)}, or write replace: true")
    absent = sorted(set(value) - present)
    if absent:
        raise ConfigError(path, f"replace names {absent[0]}, which this folder does not hold", line_of(raw),
                          fix="add the file to the folder or take it out of the list (the package's would "
                              "be dropped for nothing)")
    return set(value)


# ---------------------------------------------------------------------------------------------------- entries

def _merged_entries(paths: list[Path]) -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    for path in paths:
        for key, entry in _entries(path).items():
            merged[key] = merge_entry(merged.get(key), entry)
    return merged


def merge_entry(base: Entry | None, over: Entry) -> Entry:
    """`over` merged into `base`: lists and titles extended, those `over.replace` names replaced (all of them
    when it is true). Returns `over` itself when there is no `base`."""
    if base is None or over.replace is True:
        return over
    lists = {f: over.lists[f] if f in over.replace else _unique(base.lists.get(f, []) + over.lists[f])
             for f in over.lists}
    titles = dict(over.titles) if "titles" in over.replace else {
        role: _unique(base.titles.get(role, []) + over.titles.get(role, []))
        for role in dict.fromkeys([*base.titles, *over.titles])}
    return Entry(lists, titles, over.path, over.line)


def _entries(path: Path) -> dict[str, Entry]:
    """The checked entries of a states.yaml or organisations.yaml."""
    fields = LIST_FIELDS[path.name]
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, f"expected a mapping of ids to {', '.join(fields)}", fix="see data/actors/" + path.name)
    out = {}
    for key, value in raw.items():
        value = value or {}
        line = line_of(value, line_of(raw))
        if not isinstance(value, dict):
            raise ConfigError(path, f"'{key}': expected a mapping of {', '.join(fields)}", line,
                              fix=f"write {key}: {{{fields[0]}: [...]}}")
        unknown = sorted(set(value) - set(fields) - {"titles", "replace"})
        if unknown:
            raise ConfigError(path, f"'{key}': unknown field '{unknown[0]}'", line,
                              fix=f"the fields are {', '.join(fields)}, titles and replace")
        out[str(key)] = Entry({f: _phrases(value, f, path, key, line) for f in fields}, _titles(value, path, key, line),
                              path, line, _replace(value, fields, path, key, line))
    return out


def _phrases(entry: dict, name: str, path: Path, owner: Any, line: int | None) -> list[str]:
    value = entry.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or any(isinstance(v, (bool, dict, list)) or v is None for v in value):
        raise ConfigError(path, f"'{owner}': {name} must be a list of words or phrases", line,
                          fix=f'write {name}: [a, b] (quote yes/no/on/off: "no")')
    return _unique([str(v).strip() for v in value if str(v).strip()])


def _titles(entry: dict, path: Path, owner: Any, line: int | None) -> dict[str, list[str]]:
    value = entry.get("titles") or {}
    if not isinstance(value, dict):
        raise ConfigError(path, f"'{owner}': titles must map a role to its phrases", line,
                          fix="write titles: {trade_commissioner: [trade commissioner]}")
    return {str(role): _phrases(value, role, path, f"{owner}.titles", line) for role in value}


def _replace(entry: dict, fields: tuple[str, ...], path: Path, owner: Any, line: int | None) -> bool | tuple[str, ...]:
    value = entry.get("replace", [])
    if isinstance(value, bool):
        return value or ()
    if not isinstance(value, list) or not set(map(str, value)) <= {*fields, "titles"}:
        raise ConfigError(path, f"'{owner}': replace must be true or a list of fields", line,
                          fix=f"write replace: [seats] (fields: {', '.join(fields)}, titles)")
    return tuple(map(str, value))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _regions(path: Path) -> list[str]:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("regions", []), list):
        raise ConfigError(path, "expected 'regions: [name, name, ...]'", fix="list the region names under regions:")
    return [str(r).strip() for r in raw.get("regions") or [] if str(r).strip()]


# ---------------------------------------------------------------------------------------------------- roles

def _merged_roles(paths: list[Path]) -> list[RoleRow]:
    rows: list[RoleRow] = []
    for path in paths:
        own = role_rows(path)
        people = {r.person for r in own}
        rows = [r for r in rows if r.person not in people] + own
    return rows


def role_rows(path: Path) -> list[RoleRow]:
    """The checked rows of a roles.csv (header `person,aliases,role,stakeholder,start,end`; `#` lines and blank
    lines are comments; a field holding a comma is quoted)."""
    text = read_utf8(path, ConfigError, "file not found", fix="save the file as UTF-8")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    header = [c.strip() for c in next(csv.reader([lines[0][1]]))] if lines else []
    missing = [c for c in ROLE_COLUMNS if c not in header]
    if missing:
        raise ConfigError(path, f"missing column(s) {missing}", lines[0][0] if lines else 1,
                          fix=f"the header is {','.join(ROLE_COLUMNS)}")
    rows = []
    for line, text_line in lines[1:]:
        values = next(csv.reader([text_line]))
        if len(values) > len(header):
            raise ConfigError(path, f"{len(values)} fields where the header has {len(header)}", line,
                              fix='quote a field that holds a comma: "Name, Jr."')
        row = {c: v.strip() for c, v in zip(header, values + [""] * (len(header) - len(values)))}
        for col in ("person", "role", "stakeholder"):
            if not row[col]:
                raise ConfigError(path, f"empty {col}", line, fix=f"fill in the {col} column")
        start, end = _day(row["start"], path, line, "start"), _day(row["end"], path, line, "end")
        if start and end and end < start:
            raise ConfigError(path, f"role ends ({end}) before it starts ({start})", line, fix="swap or correct the dates")
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        rows.append(RoleRow(row["person"], aliases, row["role"], row["stakeholder"], start, end, path, line))
    return rows


def _day(value: str, path: Path, line: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(path, f"{column} '{value}' is not a date", line, fix="write dates as YYYY-MM-DD") from None
