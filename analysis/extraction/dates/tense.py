"""Tense: does a time expression, or the verb of its clause, point forward?

Two readings. ``forward`` looks at the expression's own words ("next week", "tomorrow", "later this year",
"in two weeks"). ``future_in_text`` reads tense markers in the raw sentence; it is the plain-text default of
``find_time_expressions`` (the pre-filter and callers without a parse). Statements and events are dated
with the parse instead (``future_in_parse``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .words import NUMBER, UNIT, word_before

if TYPE_CHECKING:
    from spacy.tokens import Token

_FORWARD = re.compile(rf"(?i)\b(?:next|tomorrow|later|coming)\b|^in\s+{NUMBER}\s+{UNIT}$")


def forward(expression: str) -> bool:
    """Returns whether the expression points forward by its own words ("next week", "in two weeks")."""
    return bool(_FORWARD.search(expression))


_FUTURE_MARKER = re.compile(
    r"(?i)\b(?:will|shall|won't)\b|\bwo\s+n't\b|['’]ll\b"
    r"|\b(?:is|are|am|['’]s|['’]re)\s+(?:(?:not|also|still|now)\s+)?"
    r"(?:to|due\s+to|due\s+on|expected\s+to|set\s+to|scheduled\s+to|slated\s+to|going\s+to|poised\s+to|about\s+to)\b"
    r"|(?<!\ba\s)(?<!\bthe\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bno\s)\b(?:plans?|planning|intends?|intending)\s+to\b"
    r"|\b(?:scheduled|set|slated|due)\s+for\b")
_PAST_MARKER = re.compile(
    r"(?i)\b(?:said|says|say|told|tells|was|were|had|did|met|went|took|gave|came|saw|spoke|wrote|held|left|sent"
    r"|made|began|became|\w+ed)\b")
_NOUN_WILL_BEFORE = {"the", "political", "good", "ill", "free", "his", "her", "their", "its", "a", "of", "popular"}


def _markers(text: str) -> list[tuple[int, int, bool]]:
    """Returns future and past-tense markers in text as (start, end, is_future); past ones inside future ones
    dropped."""
    future = [(f.start(), f.end(), True) for f in _FUTURE_MARKER.finditer(text)
              if not (f[0].lower() == "will" and word_before(text, f.start()).lower() in _NOUN_WILL_BEFORE)]
    past = [(p.start(), p.end(), False) for p in _PAST_MARKER.finditer(text)
            if not any(s <= p.start() < e for s, e, _ in future)]
    return future + past


_CLAUSE_BREAK = re.compile(r'[;:—–"“”«»]|\s-\s')


def future_in_text(sentence: str, start: int, end: int) -> bool:
    """Returns whether the expression at sentence[start:end] is in the future tense by the markers around it.

    The last tense marker before the expression decides; with none, the first one after it. Both looks stop
    at a clause break: ; : dashes and quotation marks (so a dateline "City, March 3:" takes no tense from the
    report that follows it).
    """
    before = _CLAUSE_BREAK.split(sentence[:start])[-1]
    found = _markers(before)
    if found:
        return max(found, key=lambda marker: (marker[1], marker[2]))[2]
    after = _CLAUSE_BREAK.split(sentence[end:])[0]
    found = _markers(after)
    return min(found, key=lambda marker: (marker[0], not marker[2]))[2] if found else False


# The parse's reading. English has no future tense in its morphology (no Tense=Fut): the future is a modal
# auxiliary, a construction with a to-infinitive ("is to", "is going/due/expected/set/scheduled/slated/poised/
# about to", "plans/intends to") or a schedule ("scheduled for Friday", "due on Monday").
_FUTURE_MODALS = {"will", "wo", "would", "shall", "'ll", "’ll"}
_SCHEDULING = {"due", "expected", "set", "scheduled", "slated", "poised", "about", "going"}
_INTENDING = {"plan", "intend"}
_SCHEDULED_FOR = {"scheduled", "set", "slated", "due"}


def future_in_parse(token: Token) -> bool:
    """Returns whether the clause governing ``token`` (the root of a time expression in a parsed sentence) is in
    the future tense.

    The governing verb is the token or its nearest verb above. A future modal among its auxiliaries ("will",
    "'ll", "won't", "would", "shall") makes it future; any other finite verb, or a past participle, has a tense
    of its own that is not the future (Tense=Past or Tense=Pres in its morphology or its auxiliary's). A
    to-infinitive is future as the complement of a present "is to", "is going/due/expected/set/scheduled/
    slated/poised/about to" or "plans/intends to"; another non-finite verb takes the tense of the verb that
    governs it ("They drew up a plan to act on Monday" is past, "After meeting on Monday, they will..." future).
    An expression attached to "scheduled/set/slated/due for", or to a present "is due" ("is due on Monday",
    "is due in March"), is future; so is a simple present in a relative or adverbial clause, which schedules
    ("the president-elect, who takes office on January 20").
    """
    preposition = token if token.dep_ == "prep" else token.head if token.dep_ == "pobj" else None
    if preposition is not None and (_due(preposition.head) or preposition.lower_ == "for"
                                    and preposition.head.lower_ in _SCHEDULED_FOR):
        return True
    verb = _verb_at_or_above(token)
    while verb is not None:
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in _FUTURE_MODALS for a in auxiliaries) or any(
                c.dep_.startswith("nsubj") and c.lower_.endswith(("'ll", "’ll")) for c in verb.children):
            return True  # the tokenizer leaves "'ll" on a noun subject ("Leaders'll meet")
        if verb.tag_ in ("VBZ", "VBP") and not auxiliaries and verb.dep_ in ("relcl", "advcl") \
                and verb.lemma_ not in ("be", "have"):
            return True  # a scheduled present in a subordinate clause ("who takes office on January 20")
        if _finite(verb) or any(_finite(a) for a in auxiliaries) or verb.tag_ == "VBN":
            return False
        if verb.dep_ == "xcomp" and any(a.tag_ == "TO" for a in auxiliaries) and _announces_future(verb.head):
            return True
        above = None if verb.head == verb else _verb_at_or_above(verb.head)
        if above is None:  # the root, or under no verb: a headline's "Leaders (of X) to meet on Monday" announces
            return verb.tag_ == "VB" and any(a.tag_ == "TO" for a in auxiliaries)
        verb = above
    return False


def _verb_at_or_above(token: Token) -> Token | None:
    return next((t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")), None)


def _finite(token: Token) -> bool:
    return "Fin" in token.morph.get("VerbForm")


def _present(token: Token) -> bool:
    """Returns whether the word is in the present tense, itself, by an auxiliary or by the "be" it complements
    ("is due")."""
    carriers = [token, *(c for c in token.children if c.dep_ in ("aux", "auxpass"))]
    if token.dep_ == "acomp":
        carriers.append(token.head)
    return any("Pres" in t.morph.get("Tense") and _finite(t) for t in carriers)


def _due(word: Token) -> bool:
    """Returns whether the word is a present "is due", or its "be" (the parser hangs "in March" on either)."""
    if word.lemma_ == "be":
        return _present(word) and any(c.dep_ == "acomp" and c.lower_ == "due" for c in word.children)
    return word.lower_ == "due" and _present(word)


def _announces_future(head: Token) -> bool:
    """Returns whether a to-infinitive complementing ``head`` is future: "is to", "is due/going/... to",
    "plans/intends to" in the present."""
    if head.lemma_ == "be" or head.lower_ in _SCHEDULING or head.lemma_ in _INTENDING:
        return _present(head)
    return False
