"""Generic spaCy pipeline components of the extraction, registered with `@Language.factory`.

Each is created empty by `nlp.add_pipe` and fed its rules as data afterwards (as spaCy's own `SpanRuler` is),
by `nlp.build_pipeline` from the codebook, the lexicon and the actor files:

  stakeholder_lemma_norms   sets each token's NORM to its lower-cased lemma, so phrases match any inflection
  stakeholder_phrases       phrase and token patterns -> `doc.spans[spans_key]` (all matches, sorted); phrases
                            of several words also match hyphenated ("blue helmet": "blue-helmet") and
                            across quotation marks inside them ("after 'a ceasefire'");
                            match on NORM (lemma) or LOWER (form), an "exact" one on LOWER alone, or on ORTH
                            for names; optionally a token
                            attribute holding the labels of the matches over each token (`Token._.cues`) and
                            of those starting at it (`Token._.cue_starts`)
  stakeholder_dependencies  `DependencyMatcher` patterns -> `Token._.links` of every token of a match:
                            {label: [{role: token index, ...}, ...]}

Patterns look like SpanRuler's: {"label": ..., "pattern": "a phrase" | [token, ...]} and, for dependencies,
{"label": ..., "pattern": [{"RIGHT_ID": ..., "RIGHT_ATTRS": {...}}, ...]}. Token patterns are checked when they
are added (`validate=True`); the data files' loaders have checked them before (checks.py).
"""
from __future__ import annotations

from collections import defaultdict

import numpy
from spacy.attrs import LEMMA, NORM, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .issues import IssueRecognizer
from .recognition import ActorRecognizer
from .tokenmatch import DependencyMatcher, TokenMatcher

PHRASE_ATTRS = ("NORM", "LOWER", "ORTH")


def register_extensions() -> None:
    """The attributes the extraction sets on Docs, Spans and Tokens (idempotent)."""
    Doc.has_extension("role_day") or Doc.set_extension("role_day", default=None)
    Doc.has_extension("links") or Doc.set_extension("links", default=None)
    for name, default in (("offset", 0), ("dateline", ""), ("lead", False),  # pieces: where a parse came from
                          ("stakeholder", ""), ("person", ""), ("role", ""), ("in_roles", True), ("how", ""),
                          ("members", None), ("candidates", None), ("mention_text", None),  # actor mentions
                          ("undated_role", False),
                          ("issue_id", ""), ("anaphor", False), ("against", False)):  # issue mentions
        Span.has_extension(name) or Span.set_extension(name, default=default)
    for name, default in (("cues", frozenset()), ("cue_starts", frozenset()), ("actors", ()), ("links", None)):
        Token.has_extension(name) or Token.set_extension(name, default=default)


def hyphenated(words: tuple[str, ...]) -> tuple[str, ...]:
    """A phrase's words joined by hyphens, as the tokenizer splits them ("blue", "-", "helmet")."""
    return tuple(w for k, word in enumerate(words) for w in ((word,) if k == 0 else ("-", word)))


def sentence_ids(doc: Doc) -> list[int]:
    """The number of each token's sentence (computed once per Doc)."""
    if "sentence_ids" not in doc.user_data:
        starts = doc.to_array([SENT_START]).astype("int64").ravel() == 1
        if len(starts):
            starts[0] = True
        doc.user_data["sentence_ids"] = (numpy.cumsum(starts) - 1).tolist()
    return doc.user_data["sentence_ids"]


@Language.factory("stakeholder_lemma_norms")
def make_lemma_norms(nlp: Language, name: str) -> "LemmaNorms":
    return LemmaNorms()


class LemmaNorms:
    """Set every token's NORM to its lower-cased lemma (after the parse, so the model's features are untouched)."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        lemmas = doc.to_array([LEMMA]).ravel().tolist()
        lower = {h: strings.add(strings[h].lower()) for h in set(lemmas)}
        doc.from_array([NORM], numpy.array([lower[h] for h in lemmas], dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("stakeholder_phrases", default_config={"spans_key": "phrases", "attrs": ["NORM", "LOWER"],
                                                         "title_case": True, "token_attr": None, "start_attr": None,
                                                         "parse_with": []})
def make_phrase_ruler(nlp: Language, name: str, spans_key: str, attrs: list[str], title_case: bool,
                      token_attr: str | None, start_attr: str | None, parse_with: list[str]) -> "PhraseRuler":
    return PhraseRuler(nlp, name, spans_key, attrs, title_case, token_attr, start_attr, parse_with)


class PhraseRuler:
    """Labelled phrases and token patterns matched on a Doc, every match kept in `doc.spans[spans_key]`.

    attrs: ["NORM", "LOWER"] matches a phrase on lemmas or on lower-case forms (both sequences are looked up
    with both keys of every phrase), ["ORTH"] on the exact text (names). title_case: a phrase is also read
    capitalised (tokenizer exceptions for abbreviations are case-sensitive). Phrases are lemmatised in one batch
    on first use by the pipeline's components named in `parse_with` (the model's). Matches never cross a sentence boundary; spans are sorted by start, longer
    first, then label."""

    def __init__(self, nlp: Language, name: str, spans_key: str, attrs: list[str], title_case: bool,
                 token_attr: str | None, start_attr: str | None, parse_with: list[str]):
        unknown = set(attrs) - set(PHRASE_ATTRS)
        if unknown:
            raise ValueError(f"{name}: phrase attributes are {PHRASE_ATTRS}, not {sorted(unknown)}")
        self.nlp, self.name, self.spans_key, self.attrs = nlp, name, spans_key, list(attrs)
        self.title_case, self.token_attr, self.start_attr = title_case, token_attr, start_attr
        self.parse_with = list(parse_with)
        self._phrases = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in self.attrs}
        self._tokens = Matcher(nlp.vocab, validate=True)  # checks the patterns; matches Spans
        self._fast_tokens = TokenMatcher(nlp.vocab)  # the same patterns, matched faster on Docs (tokenmatch.py)
        self._pending: list[tuple[str, str, bool]] = []  # (label, phrase, exact)
        self._seen: set[tuple[str, tuple[str, ...], bool]] = set()
        self.labels: set[str] = set()

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add {"label": str, "pattern": "phrase" | [token pattern]} entries; a bad token pattern raises
        ValueError with spaCy's explanation."""
        for entry in patterns:
            label, pattern = entry["label"], entry["pattern"]
            self.labels.add(label)
            if isinstance(pattern, str):
                self._pending.append((label, pattern, bool(entry.get("exact"))))
            else:
                self._tokens.add(label, [pattern])
                self._fast_tokens.add(label, [pattern])

    def _compile(self) -> None:
        pending, self._pending = self._pending, []
        if self.attrs == ["ORTH"]:
            for label, text, _ in pending:
                self._phrases["ORTH"].add(label, [self.nlp.make_doc(text)])
            return
        variants = [(label, v, exact) for label, phrase, exact in pending
                    for v in dict.fromkeys((phrase, phrase.title()) if self.title_case else (phrase,))]
        others = [name for name in self.nlp.pipe_names if name not in self.parse_with]
        docs = self.nlp.pipe([v for _, v, _ in variants], batch_size=256, disable=others)
        for (label, _, exact), doc in zip(variants, docs):
            lemmas = () if exact else (tuple(t.lemma_.lower() for t in doc),)
            keys = [*lemmas, tuple(t.lower_ for t in doc)]
            keys += [hyphenated(k) for k in keys if len(k) > 1 and "-" not in k]  # "blue helmet": "blue-helmet"
            for key in keys:
                if key and (label, key, exact) not in self._seen:
                    self._seen.add((label, key, exact))
                    for attr, matcher in self._phrases.items():
                        if exact and attr != "LOWER":
                            continue  # a phrase as written: its lower-case forms, not their lemmas
                        pattern = Doc(self.nlp.vocab, words=list(key))
                        if attr == "NORM":
                            for t, word in zip(pattern, key):
                                t.norm_ = word
                        matcher.add(label, [pattern])

    def matches(self, doclike: Doc | Span) -> list[tuple[str, int, int]]:
        """Every (label, start, end) match in a Doc or Span (token indices of the Doc), sorted."""
        if self._pending:
            self._compile()
        strings = self.nlp.vocab.strings
        found = {(strings[key], start, end) for matcher in self._phrases.values() for key, start, end in matcher(doclike)}
        found.update(self._across_quotes(doclike))
        if len(self._tokens):
            offset = doclike.start if isinstance(doclike, Span) else 0  # a Span's token matches count from its start
            tokens = self._tokens if isinstance(doclike, Span) else self._fast_tokens
            found.update((strings[key], start + offset, end + offset) for key, start, end in tokens(doclike))
        return sorted(found, key=lambda m: (m[1], m[1] - m[2], m[0]))

    def _across_quotes(self, doclike: Doc | Span) -> set[tuple[str, int, int]]:
        """The phrase matches that quotation marks inside a phrase interrupt ("wants troops 'the day after' a
        ceasefire", "a so-called "reassurance" force"): the phrases matched on the words without their quotation
        marks, each mapped back to the tokens it spans (Doc indices)."""
        kept = [t for t in doclike if not t.is_quote]
        if len(kept) == len(doclike) or not kept:
            return set()
        unquoted = Doc(self.nlp.vocab, words=[t.text for t in kept], spaces=[bool(t.whitespace_) for t in kept])
        for token, original in zip(unquoted, kept):
            token.norm_ = original.norm_
        strings = self.nlp.vocab.strings
        found = set()
        for matcher in self._phrases.values():
            for key, start, end in matcher(unquoted):
                first, last = kept[start].i, kept[end - 1].i
                if last - first + 1 != end - start:  # a quotation mark inside: no match on the text as written
                    found.add((strings[key], first, last + 1))
        return found

    def __call__(self, doc: Doc) -> Doc:
        sentence = sentence_ids(doc)
        spans = [Span(doc, start, end, label=label) for label, start, end in self.matches(doc)
                 if sentence[start] == sentence[end - 1]]
        doc.spans[self.spans_key] = spans
        if self.token_attr:
            labels: dict[int, set[str]] = defaultdict(set)
            for span in spans:
                for i in range(span.start, span.end):
                    labels[i].add(span.label_)
            for i, found in labels.items():
                doc[i]._.set(self.token_attr, frozenset(found))
        if self.start_attr:
            starts: dict[int, set[str]] = defaultdict(set)
            for span in spans:
                starts[span.start].add(span.label_)
            for i, found in starts.items():
                doc[i]._.set(self.start_attr, frozenset(found))
        return doc


@Language.factory("stakeholder_actors")
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name)


@Language.factory("stakeholder_issues")
def make_issue_recognizer(nlp: Language, name: str) -> IssueRecognizer:
    return IssueRecognizer(nlp, name)


@Language.factory("stakeholder_dependencies", default_config={})
def make_dependency_ruler(nlp: Language, name: str) -> "DependencyRuler":
    return DependencyRuler(nlp, name)


class DependencyRuler:
    """Labelled `DependencyMatcher` patterns; each match, as {RIGHT_ID: token index}, is recorded on the Doc
    (`doc._.links[label]`, in text order) and on every token it binds (`token._.links[label]`)."""

    def __init__(self, nlp: Language, name: str):
        self.nlp, self.name = nlp, name
        self._matcher = DependencyMatcher(nlp.vocab, validate=True)
        self._roles: dict[str, list[list[str]]] = defaultdict(list)

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add {"label": str, "pattern": [dependency pattern nodes]} entries (ValueError when one is invalid)."""
        for entry in patterns:
            label, pattern = entry["label"], entry["pattern"]
            self._matcher.add(f"{label}#{len(self._roles[label])}", [pattern])
            self._roles[label].append([node["RIGHT_ID"] for node in pattern])

    def __call__(self, doc: Doc) -> Doc:
        if not len(self._matcher):
            return doc
        strings = self.nlp.vocab.strings
        found: dict[str, list[dict[str, int]]] = defaultdict(list)
        for key, tokens in self._matcher(doc):
            label, number = strings[key].rsplit("#", 1)
            found[label].append(dict(zip(self._roles[label][int(number)], tokens)))
        on_token: dict[int, dict[str, list]] = defaultdict(dict)
        for label, matches in found.items():
            matches.sort(key=lambda m: sorted(m.values()))
            for match in matches:
                for i in set(match.values()):
                    on_token[i].setdefault(label, []).append(match)
        doc._.links = dict(found)
        for i, links in on_token.items():
            doc[i]._.links = links
        return doc
