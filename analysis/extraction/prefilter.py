"""The cheap pass that decides which sentences reach the parser.

A sentence can hold a statement only if it names an issue (every word of a cue of the codebook, of an anaphor
such as "such a <noun>", or of a verb like "take part" that refers back to one) and someone who could hold a
position, and an event only if it has every word of an event phrase and a time expression, or opens the article. `SentenceFilter` checks this on
the tokens of the rule-based sentencizer: every word of the codebook's cues and the lexicon's lists is expanded
into its inflections (lemminflect), so "sent" finds the cue "send"; names are found by the actor matcher. It errs
on the side of passing a sentence: the rules after the parse decide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .actors import ActorData
from .codebook import Codebook
from .cues import ARTICLES, STANCE_PREPOSITIONS, pattern_words
from .dates import find_time_expressions

_WORD = re.compile(r"[\w'’.-]+")
_LETTERS = re.compile(r"[^\W_]+")  # words split at hyphens and apostrophes, as the tokenizer may split them
_STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "its", "it", "be", "by", "with", "that",
         "this", "such", "any", "no", "not", "from", "at", "as", "their", "our", "his", "her"}
@lru_cache(maxsize=50_000)
def inflections(word: str) -> frozenset[str]:
    """The word and its inflected forms, lower-cased ("send" -> send, sends, sent, sending)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas
    forms = {word}
    lemmas = {lemma for values in getAllLemmas(word).values() for lemma in values} | {word}
    for lemma in lemmas:
        for values in getAllInflections(lemma).values():
            forms.update(values)
    if len(forms) == 1 and word.isalpha():
        for pos in ("NOUN", "VERB"):
            for values in getAllInflectionsOOV(word, pos).values():
                forms.update(values)
    return frozenset(f.lower() for f in forms)


def _anchor(phrase: str) -> str | None:
    """The word of a phrase a sentence must contain for the phrase to match: its longest content word."""
    words = [w for w in _WORD.findall(phrase.lower()) if w not in _STOP]
    return max(words, key=len) if words else None


def _forms(phrases) -> set[str]:
    out: set[str] = set()
    for phrase in phrases:
        anchor = _anchor(phrase)
        if anchor:
            out |= inflections(anchor)
    return out


class PhraseWords:
    """Whether a sentence holds every word of one of a set of phrases, each word in any of its inflections
    (articles aside): a necessary condition for the phrase to match the parsed sentence."""

    def __init__(self):
        self._by_form: dict[str, list[tuple[frozenset[str], ...]]] = {}

    def add_phrase(self, phrase: str) -> None:
        self.add([[w] for w in _LETTERS.findall(phrase.lower()) if w not in ARTICLES])

    def add(self, words: list[list[str]]) -> None:
        """A phrase as the alternatives of each of its words ([["deploy", "deployment"], ["troops"]])."""
        need = tuple(frozenset().union(*(inflections(w.lower()) for w in alts)) for alts in words if alts)
        if need:
            for form in max(need, key=lambda forms: min(map(len, forms))):  # the longest word indexes it
                self._by_form.setdefault(form, []).append(need)

    def __call__(self, words: set[str]) -> bool:
        return any(all(not forms.isdisjoint(words) for forms in need)
                   for form in words & self._by_form.keys() for need in self._by_form[form])


def _token_words(doc) -> tuple[list[str], list[bool]]:
    """Each token's lower-case form and whether it is a title-case word (is_title and is_alpha), read once per
    Doc from its arrays (as `Token.lower_`, `.is_title`, `.is_alpha` read them)."""
    cached = doc.user_data.get("prefilter words")
    if cached is None:
        from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER  # spaCy is imported on first use (pipeline.py)
        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, IS_TITLE, IS_ALPHA]).tolist() if len(doc) else []
        cached = doc.user_data["prefilter words"] = ([strings[lower] for lower, _, _ in rows],
                                                     [bool(title and alpha) for _, title, alpha in rows])
    return cached


class SentenceFilter:
    """`needs_parse(sentence, lead)`: whether a sentence (tokenized only) may hold a statement or an event.

    A statement needs an issue word and someone who could hold it: a name, demonym, capital or person of the
    actor data, a word of an organisation's name ("the coalition"), a title, a pronoun, a group word or a speech
    verb (someone named earlier speaks). A title before a name ("committee chair <Name>") is parsed too: later
    sentences may call that person by the title alone. An event needs an event word and a time expression, and a
    name unless the word is one of a meeting or a decision. The lead sentence is always parsed."""

    def __init__(self, codebook: Codebook, actors: ActorData, names):
        lex = codebook.lexicon
        self.issue_words = PhraseWords()
        for cue in (c for issue in codebook.issues for c in issue.cues):
            if cue.phrase:
                self.issue_words.add_phrase(cue.phrase)
            else:
                self.issue_words.add(pattern_words(cue.pattern))
        for phrase in lex.anaphora + lex.implicit_issue_verbs + lex.shared_positions:  # "took the same line"
            self.issue_words.add_phrase(phrase)
        happenings = [p for kind, phrases in lex.events.items() if kind != "speech" for p in phrases]
        self.happening_words, self.event_words = PhraseWords(), PhraseWords()
        for phrase in happenings:
            self.happening_words.add_phrase(phrase)
        for phrase in happenings + lex.events.get("speech", []) + lex.speech_verbs:
            self.event_words.add_phrase(phrase)
        org_words = [w for a in actors.actors.values() if a.kind == "organisation"
                     for name in a.names for w in _WORD.findall(name.lower()) if w not in _STOP]
        titles = [t for phrases in lex.titles.values() for t in phrases] + \
            [phrase for a in actors.actors.values() for _, phrase in a.titles]
        holder_words = [w for words in lex.pronouns.values() for w in words] + lex.group_heads + \
            lex.own_state_heads + titles + ["we", "i", "our", "according"] + lex.speech_verbs + org_words
        self.holder_forms = _forms(holder_words) | {w.lower() for w in holder_words}
        self.stance_words = PhraseWords()  # "<state> is also ready for this": a stance on what was just named
        for phrase in lex.stances.get("support", []) + lex.stances.get("oppose", []):
            self.stance_words.add_phrase(phrase)
        # "this", "that" (not "it", which refers back to anything just named)
        self.object_anaphora = {w.lower() for w in lex.object_anaphora} - \
            {w.lower() for w in lex.pronouns.get("thing", [])}
        self.precondition_words = PhraseWords()  # "First and foremost, a ceasefire must ...": a condition on
        for phrase in lex.preconditions:  # what the sentence before said
            self.precondition_words.add_phrase(phrase)
        self.names = names  # the stakeholder_names component: its matches on the tokens alone
        self.title_heads = _forms(t.split()[-1] for t in titles)

    def _refers_back(self, lowers: list[str]) -> bool:
        """"ready for this", "backed that.": a demonstrative after a preposition or before the clause's end,
        not the "that" of a content clause."""
        return any(w in self.object_anaphora and (k and lowers[k - 1] in STANCE_PREPOSITIONS
                                                  or k + 1 == len(lowers) or not lowers[k + 1][:1].isalnum())
                   for k, w in enumerate(lowers))

    def needs_parse(self, sentence, lead: bool = False, quoted: bool = False, after: bool = False) -> bool:
        """Whether the sentence may hold a statement or an event; `quoted`: it goes on with a quotation or a
        list a speaker opened, so an issue word is enough (the holder is that speaker); `after`: the sentence
        before may name an issue, so a stance on "it" or "this" may refer back to it."""
        if lead:
            return True
        lowers, titles = _token_words(sentence.doc)
        lowers, titles = lowers[sentence.start:sentence.end], titles[sentence.start:sentence.end]
        words = set(lowers) | {w.strip(".'’") for w in lowers} | set(_LETTERS.findall(sentence.text.lower()))
        if quoted and self.issue_words(words) or self.precondition_words(words):
            return True
        named = None

        def has_name() -> bool:
            nonlocal named
            if named is None:
                named = bool(self.names.matches(sentence))
            return named
        if self.issue_words(words) and (words & self.holder_forms or has_name()):
            return True
        if after and self._refers_back(lowers) and self.stance_words(words) and (words & self.holder_forms
                                                                                or has_name()):
            return True
        if any(w in self.title_heads and after for w, after in zip(lowers, titles[1:])):
            return True  # a title before a name introduces someone later sentences call "the <title>"
        if not self.event_words(words):
            return False
        return bool(find_time_expressions(sentence.text)) and (self.happening_words(words) or has_name())
