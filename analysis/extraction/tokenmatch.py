"""Exact, faster matching of fixed-length token patterns than spaCy's `Matcher`, which tries every pattern at
every token (its cost grows with the number of patterns).

`IndexedMatcher` indexes each pattern by a value its first token must have (its ORTH, LOWER, NORM, TAG, ...),
reads the tokens' attributes once per Doc (`Doc.to_array`, the very values the Matcher compares) and checks only
the candidate patterns; the single-token matches of a token are memoised on its attribute values. It reproduces
patterns of token specs with plain values, IN, NOT_IN and REGEX on token attributes and IS_SENT_START, with no
operator ("OP"); `TokenMatcher` gives the other patterns (extension attributes, operators, ...) to a spaCy
`Matcher` and merges the two. `DependencyMatcher` is spaCy's with its node matching done so. Every match is
the one spaCy finds; matches come in the order of their first token (spaCy's order for single tokens).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from spacy.attrs import HEAD, IDS, IDX
from spacy.matcher import DependencyMatcher as SpacyDependencyMatcher
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Token

# Token attributes whose `Doc.to_array` value is the one spaCy's Matcher compares (strings by their hash).
_STRING_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "ENT_TYPE")
_FLAG_ATTRS = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
               "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
               "IS_RIGHT_PUNCT", "IS_CURRENCY", "IS_SENT_START")
# Attributes a pattern is indexed by, most selective first.
_INDEX_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "POS", "SHAPE", "ENT_TYPE", "PREFIX", "SUFFIX")


class Unsupported(Exception):
    """A token spec this module does not reproduce (left to spaCy's Matcher)."""


def _string_id(strings, value) -> int:
    return 0 if value == "" else strings.add(value)  # as spaCy's get_string_id / Matcher (symbols included)


_SET_OPS = ("INTERSECTS", "IS_SUBSET", "IS_SUPERSET")


def _extension_tests(value, strings) -> list[tuple[tuple[str, str], str, frozenset]]:
    """{"name": {"INTERSECTS" | "IS_SUBSET" | "IS_SUPERSET": [...]}} on Token extensions that hold a value (no
    getter, no method, an immutable default), as the Matcher's set predicates read them."""
    if not isinstance(value, dict):
        raise Unsupported("_")
    tests = []
    for name, spec in value.items():
        ext = Token.get_extension(name) if isinstance(name, str) else None
        if ext is None or ext[1] is not None or ext[2] is not None or isinstance(ext[0], (dict, list, set)) \
                or not isinstance(spec, dict) or len(spec) != 1:
            raise Unsupported("_")
        (op, values), = spec.items()
        if op not in _SET_OPS or isinstance(values, (str, dict)) or \
                not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
            raise Unsupported("_")
        tests.append((("_", name), op, frozenset(get_string_id(v) for v in values)))
    return tests


def _extension_value(value):
    """A Token extension's value as spaCy's set predicates read it: a set of string ids, None for no match."""
    if isinstance(value, (str, int)):
        return frozenset((get_string_id(value),))
    if isinstance(value, Iterable) and all(isinstance(v, (str, int)) for v in value):
        return frozenset(get_string_id(v) for v in value)
    return None


def compile_spec(spec: dict, strings) -> list[tuple[str, str, object]]:
    """A token spec as (attribute, "==" | "IN" | "NOT_IN" | "REGEX" | set operator, value | frozenset |
    pattern) tests; Unsupported otherwise."""
    tests = []
    for key, value in spec.items():
        if key == "_":
            tests += _extension_tests(value, strings)
            continue
        attr = key.upper() if isinstance(key, str) else key
        attr = "ORTH" if attr == "TEXT" else attr
        if attr not in _STRING_ATTRS and attr not in _FLAG_ATTRS:
            raise Unsupported(key)  # OP, _, LENGTH, MORPH, ... : left to spaCy
        flag = attr in _FLAG_ATTRS
        if isinstance(value, bool) or (flag and isinstance(value, int)):
            if not flag:
                raise Unsupported(key)
            tests.append((attr, "==", int(value)))
        elif isinstance(value, str) and not flag:
            tests.append((attr, "==", _string_id(strings, value)))
        elif isinstance(value, dict) and not flag and len(value) == 1:
            (op, values), = value.items()
            op = op.upper()
            if op == "REGEX" and isinstance(values, str):
                tests.append((attr, op, re.compile(values)))  # searched in the attribute's string
                continue
            if op not in ("IN", "NOT_IN") or not all(isinstance(v, str) for v in values):
                raise Unsupported(key)
            tests.append((attr, op, frozenset(_string_id(strings, v) for v in values)))
        else:
            raise Unsupported(key)
    return tests


def supported(pattern: list[dict], strings) -> bool:
    """Whether `IndexedMatcher` reproduces the pattern."""
    try:
        for spec in pattern:
            compile_spec(spec, strings)
    except Unsupported:
        return False
    return bool(pattern)


class IndexedMatcher:
    """spaCy `Matcher` results, as (match_id, start, end) in the order of `start`, for fixed-length token
    patterns (`supported`); `keyed_patterns`: [(match_id, [pattern, ...]), ...]."""

    def __init__(self, vocab, keyed_patterns: list[tuple[int, list[list[dict]]]]):
        strings = self.strings = vocab.strings
        compiled = [(key, [compile_spec(spec, strings) for spec in pattern])
                    for key, patterns in keyed_patterns for pattern in patterns]
        used = {attr for _, specs in compiled for tests in specs for attr, _, _ in tests}
        attrs = sorted(a for a in used if isinstance(a, str))
        self.extensions = sorted(name for a in used if not isinstance(a, str) for name in a[1:])
        self.attrs = [IDS["SENT_START" if a == "IS_SENT_START" else a] for a in attrs] + ([IDX] if self.extensions else [])
        column = {a: i for i, a in enumerate(attrs)}
        column.update({("_", name): len(self.attrs) + i for i, name in enumerate(self.extensions)})
        self.sent_start = column.get("IS_SENT_START")  # the Matcher reads it as sent_start == 1
        self.index: dict[tuple[int, int], list] = {}
        self.unindexed: list = []
        for order, (key, specs) in enumerate(compiled):
            checks = tuple(tuple((column[a], op, v) for a, op, v in tests) for tests in specs)
            entry = (order, key, len(specs), checks)
            first = {a: (op, v) for a, op, v in specs[0] if op in ("==", "IN") and isinstance(a, str)}
            by = next((a for a in _INDEX_ORDER if a in first), None)
            if by is None:
                self.unindexed.append(entry)
                continue
            op, v = first[by]
            for value in (v,) if op == "==" else v:
                self.index.setdefault((column[by], value), []).append(entry)
        self.columns = sorted({c for c, _ in self.index})
        self._memo: dict[tuple, tuple] = {}

    def _passes(self, rows, start: int, checks) -> bool:
        strings = self.strings
        for offset, tests in enumerate(checks):
            values = rows[start + offset]
            for c, op, v in tests:
                value = values[c]
                if not (value == v if op == "==" else value in v if op == "IN" else value not in v
                        if op == "NOT_IN" else v.search(strings[value]) if op == "REGEX" else
                        value is not None and (bool(value & v) if op == "INTERSECTS" else value <= v
                                               if op == "IS_SUBSET" else value >= v)):
                    return False
        return True

    def _candidates(self, row) -> list:
        """The patterns that may match at a token of `row`, in the order they were added (a pattern is indexed
        under one attribute, so it comes at most once)."""
        index, out = self.index, []
        for c in self.columns:
            out += index.get((c, row[c]), ())
        if self.unindexed:
            out += self.unindexed
        return sorted(out, key=lambda entry: entry[0]) if len(out) > 1 else out

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        n = len(doc)
        if not n or not self.attrs:
            return []
        rows = doc.to_array(self.attrs).reshape(n, -1).tolist()
        if self.sent_start is not None:
            c = self.sent_start
            for row in rows:
                row[c] = int(row[c] == 1)
        if self.extensions:  # Token._.<name>, as Underscore reads it from the Doc's user_data (by IDX)
            user_data, at = doc.user_data, len(self.attrs) - 1
            for name in self.extensions:
                default = Token.get_extension(name)[0]
                unset = _extension_value(default)
                for row in rows:
                    value = user_data.get(("._.", name, row[at], None), default)
                    row.append(unset if value is default else _extension_value(value))
            for row in rows:
                row[at] = 0  # the offset itself is no test's: left out of the memo's key
        found = []
        memo = self._memo  # the single-token matches of a token depend on its values alone
        if len(memo) > 50_000:  # bounded: a few MB
            memo.clear()
        for start, row in enumerate(rows):
            key_row = tuple(row)
            hit = memo.get(key_row)
            if hit is None:
                candidates = self._candidates(row)
                hit = memo[key_row] = (
                    tuple(key for _, key, length, checks in candidates
                          if length == 1 and self._passes(rows, start, checks)),
                    tuple((key, length, checks) for _, key, length, checks in candidates if length > 1))
            singles, longer = hit
            for key in singles:
                found.append((key, start, start + 1))
            for key, length, checks in longer:
                if start + length <= n and self._passes(rows, start, checks):
                    found.append((key, start, start + length))
        return found


class TokenMatcher:
    """A `Matcher` for Docs: the supported patterns in an `IndexedMatcher`, the others in spaCy's Matcher; the
    matches of both in the order of their first token. `add(key, patterns)` as Matcher.add (no callbacks)."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._keyed: list[tuple[int, list[list[dict]]]] = []
        self._rest = Matcher(vocab)
        self._fast: IndexedMatcher | None = None

    def add(self, key, patterns: list[list[dict]]) -> None:
        key = self.vocab.strings.add(key) if isinstance(key, str) else key
        strings = self.vocab.strings
        fast = [p for p in patterns if supported(p, strings)]
        rest = [p for p in patterns if not supported(p, strings)]
        if fast:
            self._keyed.append((key, fast))
            self._fast = None
        if rest:
            self._rest.add(key, rest)

    def __len__(self) -> int:
        return len(self._keyed) + len(self._rest)

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        if self._fast is None:
            self._fast = IndexedMatcher(self.vocab, self._keyed)
        found = self._fast(doc)
        if len(self._rest):
            found = sorted(found + list(self._rest(doc, allow_missing=True)), key=lambda m: m[1])
        return found


class DependencyMatcher(SpacyDependencyMatcher):
    """spaCy's DependencyMatcher, its node patterns matched by a `TokenMatcher` and each node's root found on
    the Doc's head array (as `Token.ancestors` walks it)."""

    def _get_keys_to_position_maps(self, doc):
        nodes = getattr(self, "_nodes", None)
        if nodes is None or nodes[0] != len(self._matcher):
            nodes = self._nodes = (len(self._matcher), TokenMatcher(self.vocab))
            for token_keys in self._tokens_to_key.values():
                for keys in token_keys:
                    for k in keys:
                        nodes[1].add(k, self._matcher.get(k)[1])
        n = len(doc)
        heads = doc.to_array([HEAD]).astype("int64").tolist() if n else []
        keys_to_position_maps = defaultdict(lambda: defaultdict(list))
        for match_id, start, end in nodes[1](doc):
            if start + 1 != end:
                return super()._get_keys_to_position_maps(doc)  # not a node pattern: spaCy's warning and path
            root, steps = start, 0
            while heads[root] != 0 and steps < n:
                root += heads[root]
                steps += 1
            keys_to_position_maps[root][match_id].append(start)
        return keys_to_position_maps
