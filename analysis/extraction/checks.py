"""Checking the spaCy patterns of the data files before any work: a token pattern of the codebook or a
dependency pattern of the attribution file that spaCy would reject stops the run with the file, the line of the
token at fault, what is wrong and the fix, instead of a traceback at the first parse.

spaCy's own validation decides: its pattern schema (`spacy.schemas.validate_token_pattern`, which
`Matcher(validate=True)` applies) for each token, then the matcher itself (`validate=True`) for the rest. A
word YAML read as true/false (`{LOWER: on}`) is caught first, with the word to quote. Importing spaCy takes
about a second, so patterns that passed are remembered (a hash of the patterns and the spaCy version, in the
cache folder): a run whose patterns were checked before starts without it. A failing pattern is never
remembered."""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from ..io.errors import ConfigError
from ..io.store import default_cache_dir

_MEMO = "checked-patterns.txt"
YAML_BOOLEANS = "YAML reads on, off, yes, no, true and false as true/false"
RULES_PAGE = "https://spacy.io/usage/rule-based-matching"
_YAML_BOOLEAN_WORDS = {"on", "off", "yes", "no", "true", "false", "y", "n"}
_WHERE = re.compile(r"^\[pattern -> (\d+)((?: -> [^\]]*)?)\]\s*(.*)$")


def check_patterns(path: str | Path, kind: str, patterns: list[tuple[int | None, str, list]]) -> None:
    """Raise ConfigError for the first of `patterns` ((line, what, pattern) entries of the file `path`) that
    spaCy rejects; `kind` is "token" or "dependency". A pattern as `read_yaml` returns it (a list remembering
    the line of each token) lets the error name the token's own line."""
    if not patterns:
        return
    key = _key(kind, [plain(p) for _, _, p in patterns])
    if key in _remembered():
        return
    for line, what, pattern in patterns:
        lines = getattr(pattern, "lines", None) or []
        pattern = plain(pattern)
        at = _boolean_at(pattern)
        if at is not None:
            n, attr = at
            where = _token_line(lines, n, line)
            word = written_boolean(path, where, rf"\b{re.escape(attr)}\s*:")
            raise ConfigError(path, f"{what}: token {n + 1} holds true/false for {attr} ({YAML_BOOLEANS})", where,
                              fix=f'put the word in quotes: "{word}"' if word else
                              'put such words in quotes: {LOWER: "on"}')
        n, problem, fix = _objection(kind, pattern)
        if problem:
            raise ConfigError(path, f"{what}: spaCy rejects the {kind} pattern: {problem}",
                              _token_line(lines, n, line), fix=fix or f"see {RULES_PAGE} for the attributes and "
                                                                   "operators")
    _remember(key)


def plain(value):
    """YAML's line-numbered mappings and lists as plain ones (what spaCy's validation expects)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _token_line(lines: list[int], n: int | None, default: int | None) -> int | None:
    return lines[n] if n is not None and n < len(lines) else default


def _objection(kind: str, pattern: list) -> tuple[int | None, str, str]:
    """(token index or None, spaCy's objection, a fix) for a token or dependency pattern; ("" when valid)."""
    from spacy.schemas import validate_token_pattern
    tokens = pattern if kind == "token" else [node.get("RIGHT_ATTRS", {}) if isinstance(node, dict) else node
                                              for node in pattern]
    for n, token in enumerate(tokens):
        errors = validate_token_pattern([token])
        if errors:
            return (n, *_readable(errors, token, "token" if kind == "token" else "node"))
    from spacy.matcher import DependencyMatcher, Matcher
    matcher = (Matcher if kind == "token" else DependencyMatcher)(_vocab(), validate=True)
    try:
        matcher.add("check", [pattern])
    except (ValueError, KeyError, TypeError) as err:
        return None, " ".join(str(err).replace("[", "(").replace("]", ")").split()), ""
    return None, "", ""


def _readable(errors: list[str], token, noun: str) -> tuple[str, str]:
    """spaCy's schema errors on one token as a sentence without brackets, and a fix when an attribute is
    misspelt (the nearest attribute spaCy knows)."""
    from spacy.schemas import TokenPattern
    known = [f.alias or name for name, f in TokenPattern.model_fields.items()]
    first = _WHERE.match(errors[0])
    place = first.group(2).split(" -> ")[1] if first and first.group(2) else ""
    said = first.group(3) if first else errors[0]
    if place and place not in known:
        near = difflib.get_close_matches(place.upper(), known, n=1)
        value = token.get(place) if isinstance(token, dict) else None
        fix = f"write {{{near[0]}: {value}}}" if near else f"use one of {', '.join(known)}"
        return f"{noun} {token!r}: {place} is no attribute spaCy knows ({said})", fix
    return f"{noun} {token!r}: {place + ': ' if place else ''}{said}", ""


def _vocab():
    from spacy.vocab import Vocab
    return Vocab()


def _boolean_at(pattern) -> tuple[int, str] | None:
    """(token index, attribute) of the first boolean where spaCy expects words (an IS_*/SENT_START flag or OP may
    be true); None when there is none."""
    def walk(value, key: str = "") -> str | None:
        if isinstance(value, bool):
            return None if key.startswith(("IS_", "SENT_START", "LIKE_")) or key in ("OP",) else key
        if isinstance(value, dict):
            return next((found for k, v in value.items() if (found := walk(
                v, k if isinstance(k, str) and k.isupper() and k not in ("IN", "NOT_IN") else key))), None)
        if isinstance(value, (list, tuple)):
            return next((found for v in value if (found := walk(v, key))), None)
        return None
    for n, token in enumerate(pattern):
        attr = walk(token)
        if attr:
            return n, attr
    return None


def written_boolean(path: str | Path, line: int | None, before: str) -> str:
    """The word YAML read as true/false on that line of the file, written after the regular expression
    `before` ("on" in `{LOWER: on}` after `LOWER:`, "yes" in `- yes` after `-`), or "" when it is not there."""
    try:
        text = Path(path).read_text(encoding="utf-8").splitlines()[line - 1] if line else ""
    except (OSError, IndexError):
        return ""
    found = re.search(before, text)
    rest = text[found.end():].split("}")[0] if found else ""
    return next((w for w in re.findall(r"[^\s,{}\[\]:'\"]+", rest) if w.lower() in _YAML_BOOLEAN_WORDS), "")


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
