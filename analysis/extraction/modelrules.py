"""Exact, faster stand-ins for the per-token Python work of two rule components of the pinned model.

The model's `attribute_ruler` runs spaCy's `Matcher` with its ~180 token patterns (the tag map and the morph
rules), which tries every pattern at every token, and its `lemmatizer` looks every token up through Python
objects. Together they cost about as much as the parser. `speed_up(nlp)` gives the two components of a loaded
pipeline (the objects themselves: every pipeline built from it shares them):

  attribute_ruler.match   the same matches, found by indexing the patterns on a required value of their first
                          token (its TAG, LOWER, ...) and checking only the candidates, on `Doc.to_array`
  lemmatizer.pipe         the same lemmas, memoised on what the rule lemmatizer reads: (ORTH, POS, MORPH)

Both fall back to spaCy's own code for anything outside what they reproduce (a pattern with an operator, a
regular expression, an extension attribute, a lemmatizer not in rule mode), so the annotations are always
those of the shipped components; `Language.__call__` (nlp(text)) keeps spaCy's path.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS

# Token attributes whose `Doc.to_array` value is the one spaCy's Matcher compares (strings by their hash).
_STRING_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "ENT_TYPE")
_FLAG_ATTRS = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
               "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
               "IS_RIGHT_PUNCT", "IS_CURRENCY")
# Attributes a pattern is indexed by, most selective first.
_INDEX_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "POS", "SHAPE", "ENT_TYPE", "PREFIX", "SUFFIX")


class _Unsupported(Exception):
    pass


def _string_id(strings, value) -> int:
    return 0 if value == "" else strings.add(value)  # as spaCy's get_string_id / Matcher (symbols included)


def _compile_spec(spec: dict, strings) -> list[tuple[str, str, object]]:
    """A token spec as (attribute, "==" | "IN" | "NOT_IN" | "REGEX", value | frozenset | pattern) tests;
    _Unsupported otherwise."""
    tests = []
    for key, value in spec.items():
        attr = key.upper() if isinstance(key, str) else key
        attr = "ORTH" if attr == "TEXT" else attr
        if attr not in _STRING_ATTRS and attr not in _FLAG_ATTRS:
            raise _Unsupported(key)  # OP, _, IS_SENT_START, LENGTH, MORPH, ... : left to spaCy
        flag = attr in _FLAG_ATTRS
        if isinstance(value, bool) or (flag and isinstance(value, int)):
            if not flag:
                raise _Unsupported(key)
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
                raise _Unsupported(key)
            tests.append((attr, op, frozenset(_string_id(strings, v) for v in values)))
        else:
            raise _Unsupported(key)
    return tests


class IndexedMatcher:
    """spaCy `Matcher` results for fixed-length token patterns (no operators), as (match_id, start, end)."""

    def __init__(self, vocab, keyed_patterns: list[tuple[int, list[list[dict]]]]):
        strings = self.strings = vocab.strings
        compiled = [(key, [_compile_spec(spec, strings) for spec in pattern])
                    for key, patterns in keyed_patterns for pattern in patterns]
        attrs = sorted({attr for _, specs in compiled for tests in specs for attr, _, _ in tests})
        self.attrs = [IDS[a] for a in attrs]
        column = {a: i for i, a in enumerate(attrs)}
        self.index: dict[tuple[int, int], list] = {}
        self.unindexed: list = []
        for key, specs in compiled:
            checks = tuple(tuple((column[a], op, v) for a, op, v in tests) for tests in specs)
            entry = (key, len(specs), checks)
            first = {a: (op, v) for a, op, v in specs[0] if op in ("==", "IN")} if specs else {}
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
                        if op == "NOT_IN" else v.search(strings[value])):
                    return False
        return True

    def _candidates(self, row) -> list:
        index = self.index
        out = [entry for c in self.columns for entry in index.get((c, row[c]), ())]
        return out + self.unindexed if self.unindexed else out

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        n = len(doc)
        if not n or not self.attrs:
            return []
        rows = doc.to_array(self.attrs).reshape(n, -1).tolist()
        found = []
        memo = self._memo  # the single-token matches of a token depend on its values alone
        if len(memo) > 200_000:
            memo.clear()
        for start, row in enumerate(rows):
            key_row = tuple(row)
            hit = memo.get(key_row)
            if hit is None:
                hit = memo[key_row] = (
                    tuple(key for key, length, checks in self._candidates(row)
                          if length == 1 and self._passes(rows, start, checks)),
                    tuple((key, length, checks) for key, length, checks in self._candidates(row) if length > 1))
            singles, longer = hit
            for key in singles:
                found.append((key, start, start + 1))
            for key, length, checks in longer:
                if start + length <= n and self._passes(rows, start, checks):
                    found.append((key, start, start + length))
        return found


def _fast_attribute_ruler(ruler) -> None:
    """Replace `ruler.match` (an instance attribute) by the indexed matcher when every pattern is supported."""
    strings = ruler.vocab.strings
    keyed = []
    for i in range(len(ruler.attrs)):
        key = strings.add(str(i))
        if key not in ruler.matcher:
            continue
        keyed.append((key, ruler.matcher.get(key)[1]))
    try:
        matcher = IndexedMatcher(ruler.vocab, keyed)
    except _Unsupported:
        return
    if ruler.matcher._filter and any(ruler.matcher._filter.get(key) for key, _ in keyed):
        return  # greedy patterns: spaCy's filtering

    def match(doc):
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in matcher(doc)]
        matches.sort()  # by the attribute id, so later rules win (AttributeRuler.match)
        return matches
    ruler.match = match


def _fast_lemmatizer(lemmatizer) -> None:
    """Give a rule-mode lemmatizer a `pipe` that memoises its lemma per (ORTH, POS, MORPH): what
    `rule_lemmatize` reads (the token's text, part of speech and morphology)."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer
    kind = type(lemmatizer)
    if getattr(lemmatizer, "mode", None) != "rule" or kind.__call__ is not Lemmatizer.__call__ or \
            kind.rule_lemmatize is not Lemmatizer.rule_lemmatize or \
            kind.is_base_form not in (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form):
        return  # what the lemma depends on is not known here
    cache: dict[tuple[int, int, int], int] = {}
    strings = lemmatizer.vocab.strings

    def annotate(doc):
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        n = len(doc)
        if not n:
            return doc
        overwrite = lemmatizer.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    lemma = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc

    def pipe(stream, *, batch_size: int = 128):
        error_handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield annotate(doc)
            except Exception as e:  # noqa: BLE001  (as spaCy's Pipe.pipe)
                error_handler(lemmatizer.name, lemmatizer, [doc], e)
    lemmatizer.pipe = pipe


def speed_up(nlp) -> None:
    """Give the pipeline's `attribute_ruler` and `lemmatizer` (when present) their exact faster paths."""
    if "attribute_ruler" in nlp.pipe_names:
        _fast_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    if "lemmatizer" in nlp.pipe_names:
        _fast_lemmatizer(nlp.get_pipe("lemmatizer"))
