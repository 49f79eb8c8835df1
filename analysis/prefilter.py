"""The cheap pass that decides which sentences reach the parser.

A sentence can hold a statement only if it names an issue (a cue of the codebook, an anaphor such as "such a
<noun>", or a verb like "take part" that refers back to one) and someone who could hold a position, and an
event only if it has an event word and a time expression, or opens the article. `SentenceFilter` checks this on
the tokens of the rule-based sentencizer: every word of the codebook's cues and the lexicon's lists is expanded
into its inflections (lemminflect), so "sent" finds the cue "send"; names are found by the actor matcher. It errs
on the side of passing a sentence: the rules after the parse decide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .codebook import Codebook

_WORD = re.compile(r"[\w'’.-]+")
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


class SentenceFilter:
    """`needs_parse(sentence, lead)`: whether a sentence (tokenized only) may hold a statement or an event.

    A statement needs an issue word and someone who could hold it: a name, demonym, capital or person of the
    actor data, a word of an organisation's name ("the coalition"), a title, a pronoun, a group word or a speech
    verb (someone named earlier speaks). An event needs an event word and a time expression, and a
    name unless the word is one of a meeting or a decision. The lead sentence is always parsed."""

    def __init__(self, codebook: Codebook, recognizer):
        lex = codebook.lexicon
        issue_phrases = [c.phrase for i in codebook.issues for c in i.cues if c.phrase]
        for issue in codebook.issues:  # token patterns: their LEMMA / LOWER values
            for cue in issue.cues:
                for token in cue.pattern:
                    for key, value in token:
                        if key in ("LEMMA", "LOWER", "ORTH", "TEXT"):
                            values = dict(value).get("IN", ()) if isinstance(value, tuple) else (value,)
                            issue_phrases.extend(str(v) for v in values)
        self.issue_forms = _forms(issue_phrases + lex.anaphora + lex.implicit_issue_verbs)
        happenings = [p for kind, phrases in lex.events.items() if kind != "speech" for p in phrases]
        self.happening_forms = _forms(happenings)
        self.event_forms = self.happening_forms | _forms(lex.events.get("speech", []) + lex.speech_verbs)
        org_words = [w for a in recognizer.actors.actors.values() if a.kind == "organisation"
                     for name in a.names for w in _WORD.findall(name.lower()) if w not in _STOP]
        holder_words = [w for words in lex.pronouns.values() for w in words] + lex.group_heads + \
            lex.own_state_heads + [w for t in lex.titles.values() for w in t] + ["we", "i", "our", "according"] + \
            lex.speech_verbs + org_words
        self.holder_forms = _forms(holder_words) | {w.lower() for w in holder_words}
        self.names = recognizer.names

    def needs_parse(self, sentence, lead: bool = False) -> bool:
        if lead:
            return True
        words = {t.lower_ for t in sentence} | {t.lower_.strip(".'’") for t in sentence}
        named = None

        def has_name() -> bool:
            nonlocal named
            if named is None:
                named = bool(self.names(sentence))
            return named
        if words & self.issue_forms and (words & self.holder_forms or has_name()):
            return True
        if not words & self.event_forms:
            return False
        from .dates import find_time_expressions
        return bool(find_time_expressions(sentence.text)) and (bool(words & self.happening_forms) or has_name())
