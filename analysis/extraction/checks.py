"""Checking the spaCy patterns of the data files before any work: a token pattern of the codebook or a
dependency pattern of the attribution file that spaCy would reject stops the run with the file, the line and
the fix, instead of a traceback at the first parse.

spaCy's own validation (`validate=True`, components.check_*) decides. Importing spaCy takes about a second,
so patterns that passed are remembered (a hash of the patterns and the spaCy version, in the cache folder):
a run whose patterns were checked before starts without it. A failing pattern is never remembered."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from ..io.errors import ConfigError
from ..io.store import default_cache_dir

_MEMO = "checked-patterns.txt"
YAML_BOOLEANS = "YAML reads on, off, yes, no, true and false as true/false"


def check_patterns(path: str | Path, kind: str, patterns: list[tuple[int | None, str, list]]) -> None:
    """Raise ConfigError for the first of `patterns` ((line, what, pattern) entries of the file `path`) that
    spaCy rejects; `kind` is "token" or "dependency"."""
    if not patterns:
        return
    key = _key(kind, [p for _, _, p in patterns])
    if key in _remembered():
        return
    for line, what, pattern in patterns:
        if _holds_boolean(pattern):
            raise ConfigError(path, f"{what}: a value of the pattern is true/false ({YAML_BOOLEANS})", line,
                              fix='put such words in quotes: {LOWER: "on"}')
        problem = _objection(kind, pattern)
        if problem:
            raise ConfigError(path, f"{what}: spaCy rejects the {kind} pattern: {problem}", line,
                              fix="see https://spacy.io/usage/rule-based-matching for the attributes and operators")
    _remember(key)


def _objection(kind: str, pattern: list) -> str:
    """spaCy's objection to a token or dependency pattern ("" when it is valid): its own matcher validates it."""
    from spacy.matcher import DependencyMatcher, Matcher
    matcher = (Matcher if kind == "token" else DependencyMatcher)(_vocab(), validate=True)
    try:
        matcher.add("check", [pattern])
    except (ValueError, KeyError, TypeError) as err:
        return " ".join(str(err).split())
    return ""


def _vocab():
    from spacy.vocab import Vocab
    return Vocab()


def _holds_boolean(pattern) -> bool:
    """A boolean where spaCy expects words (an IS_*/SENT_START flag or OP may be true)."""
    def walk(value, key: str = "") -> bool:
        if isinstance(value, bool):
            return not (key.startswith(("IS_", "SENT_START", "LIKE_")) or key in ("OP",))
        if isinstance(value, dict):
            return any(walk(v, k if isinstance(k, str) and k.isupper() and k not in ("IN", "NOT_IN") else key)
                       for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return any(walk(v, key) for v in value)
        return False
    return walk(pattern)


def _key(kind: str, patterns: list) -> str:
    try:
        version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        version = ""
    text = json.dumps([kind, version, patterns], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _memo_path() -> Path:
    return default_cache_dir() / _MEMO


def _remembered() -> set[str]:
    try:
        return set(_memo_path().read_text(encoding="utf-8").split())
    except OSError:
        return set()


def _remember(key: str) -> None:
    try:
        path = _memo_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as f:
            f.write(key + "\n")
    except OSError:
        pass  # a cache that cannot be written only costs the check again
