"""Exact, faster stand-ins for the per-token Python work of two rule components of the pinned model.

The model's `attribute_ruler` runs spaCy's `Matcher` with its ~180 token patterns (the tag map and the morph
rules), which tries every pattern at every token, and its `lemmatizer` looks every token up through Python
objects. Together they cost about as much as the parser. `speed_up(nlp)` gives the two components of a loaded
pipeline (the objects themselves: every pipeline built from it shares them):

  attribute_ruler.match   the same matches, found by tokenmatch.IndexedMatcher (the patterns indexed on a value
                          their first token must have, checked on `Doc.to_array`); its `set_annotations`
                          applies them in the same order without building a Span per match
  lemmatizer.pipe         the same lemmas, memoised on what the rule lemmatizer reads: (ORTH, POS, MORPH)

Both fall back to spaCy's own code for anything outside what they reproduce (a pattern with an operator, a
regular expression, an extension attribute, a lemmatizer not in rule mode), so the annotations are always
those of the shipped components; `Language.__call__` (nlp(text)) keeps spaCy's path.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.tokens._retokenize import set_token_attrs

from .tokenmatch import IndexedMatcher, supported

def _fast_attribute_ruler(ruler) -> None:
    """Replace `ruler.match` (an instance attribute) by the indexed matcher when every pattern is supported."""
    strings = ruler.vocab.strings
    keyed = []
    for i in range(len(ruler.attrs)):
        key = strings.add(str(i))
        if key not in ruler.matcher:
            continue
        keyed.append((key, ruler.matcher.get(key)[1]))
    if not all(supported(pattern, strings) for _, patterns in keyed for pattern in patterns):
        return
    matcher = IndexedMatcher(ruler.vocab, keyed)
    if ruler.matcher._filter and any(ruler.matcher._filter.get(key) for key, _ in keyed):
        return  # greedy patterns: spaCy's filtering

    def match(doc):
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in matcher(doc)]
        matches.sort()  # by the attribute id, so later rules win (AttributeRuler.match)
        return matches

    shipped = ruler.set_annotations

    def set_annotations(doc, matches):
        """AttributeRuler.set_annotations without a Span per match: the token at the rule's index in the
        match gets the rule's attributes, in the order of the matches (spaCy's code reports a bad index)."""
        attrs, indices = ruler.attrs, ruler.indices
        for attr_id, _, start, end in matches:
            index = indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                return shipped(doc, matches)
            set_token_attrs(doc[i], attrs[attr_id])
    ruler.match = match
    ruler.set_annotations = set_annotations


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
