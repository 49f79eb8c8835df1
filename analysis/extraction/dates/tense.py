"""Tense: does a time expression, or the verb of its clause, point forward?

Two readings. ``forward`` looks at the expression's own words ("next week", "tomorrow", "later this year",
"in two weeks"). ``future_in_text`` reads tense markers in the raw sentence; it is the plain-text default of
``find_time_expressions`` (the pre-filter and callers without a parse). Statements and events are dated
with the parse instead (``future_in_parse``).
"""
from __future__ import annotations

import re

from .words import NUMBER, UNIT, word_before

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
