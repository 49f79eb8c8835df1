"""Reading the project's data files: YAML with line numbers and clear errors.

Every data file error is a `ConfigError` naming the file, the line and the fix, raised before any work starts.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


class LineDict(dict):
    """A YAML mapping that remembers the line it started on (1-based)."""

    line: int = 0


class LineList(list):
    """A YAML sequence that remembers the line of each item (1-based)."""

    lines: list[int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it: 10x faster
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    value = LineDict(loader.construct_mapping(node, deep=True))
    value.line = node.start_mark.line + 1
    return value


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    value = LineList(loader.construct_sequence(node, deep=True))
    value.lines = [item.start_mark.line + 1 for item in node.value]
    return value


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: str | Path) -> Any:
    """Parse a YAML data file; mappings are `LineDict`, sequences `LineList`, errors a `ConfigError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file not found", fix="check the path") from None
    except UnicodeDecodeError as err:
        raise ConfigError(path, f"not UTF-8 text ({err.reason})", fix="save the file as UTF-8") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise ConfigError(path, f"YAML error: {err.problem}", line=line,
                          fix="check indentation, colons and quotes on that line") from None
    except yaml.YAMLError as err:
        raise ConfigError(path, f"YAML error: {err}") from None


def read_utf8(path: Path, error: type[ConfigError], missing: str, fix: str) -> str:
    """The text of a UTF-8 file a user gives (a byte-order mark allowed); a missing file or other bytes raise
    `error` (ConfigError or a subclass) naming the file."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise error(path, missing) from None
    except UnicodeDecodeError as err:
        raise error(path, f"not UTF-8 text ({err.reason} at byte {err.start})", fix=fix) from None


def line_of(value: Any, default: int | None = None) -> int | None:
    return getattr(value, "line", default)


def files_digest(paths: list[Path]) -> str:
    """A short hash of the files' bytes: the `codebook_version` written on every output row."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.name):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
