"""The cheap pass that decides which sentences reach the parser.

A sentence can hold a statement only if it names an issue (a cue of the codebook, an anaphor such as "such a
force", or a verb like "take part" that refers back to one), and an event only if it has an event word and a
time expression, or opens the article. `SentenceFilter` checks this on lower-cased word forms: every word of the
codebook's cues and the lexicon's lists is expanded into its inflections (lemminflect), so "sent" finds the cue
"send troops". It errs on the side of passing a sentence: the rules after the parse decide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .codebook import Codebook

_WORD = re.compile(r"[\w'’.-]+")
_STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "its", "it", "be", "by", "with", "that",
         "this", "such", "any", "no", "not", "from", "at", "as", "their", "our", "his", "her"}
# A sentence with an event word needs a time word to be an event; these are cheap signs of one.
_TIME_HINT = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|yesterday|today|"
    r"tomorrow|tonight|week|month|year|weekend|spring|summer|autumn|fall|winter|quarter|q[1-4]|(19|20)\d\d|"
    r"ago|morning|evening|night|days?)\b")


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
    """`needs_parse(sentence_text, lead)`: whether a sentence may hold a statement or an event."""

    def __init__(self, codebook: Codebook):
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
        self.event_forms = _forms([p for phrases in lex.events.values() for p in phrases] + lex.speech_verbs)

    def needs_parse(self, text: str, lead: bool = False) -> bool:
        if lead:
            return True
        words = set(_WORD.findall(text.lower()))
        words |= {w.strip(".'’") for w in words}
        if words & self.issue_forms:
            return True
        return bool(words & self.event_forms) and bool(_TIME_HINT.search(text.lower()))
