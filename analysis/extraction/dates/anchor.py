"""The date of a statement or event in a parsed sentence: the time expression attached to its anchor tokens."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from .grammar import expression_offsets, resolve_date
from .model import DateSpan, published_span
from .tense import forward, future_in_parse

if TYPE_CHECKING:
    from spacy.tokens import Span


def date_of(sent: Span, anchor_tokens: Iterable[int], published: dt.date | None, dateline: str = "",
            event_nouns: Collection[str] = (), deadlines: bool = True) -> DateSpan:
    """Returns the time of a statement or event in a parsed sentence.

    ``anchor_tokens`` are the doc indices of the statement's or event's tokens, the most important last. The
    time expression attached to one of them (the highest first; among expressions on the same anchor the
    leftmost) dates it, resolved in the tense of its governing verb as the parse reads it (tense.
    future_in_parse) unless it has a direction of its own ("next week"); the DateSpan carries the expression's
    text and offsets in the sentence. An expression nested in a noun phrase ("the <year> decision", "a cut by
    <year>") is not the clause's time, except after a noun of ``event_nouns`` ("the summit on <day>") or a day
    or week hung on a noun by the parser. With ``deadlines`` False (an event's date), an expression after "by"
    is a deadline ("to raise spending by <year>"), not the time of what happens. Without such an expression: the
    dateline's date (``dateline`` is the date text of a dateline the sentence follows), else
    published_span(published).
    """
    anchors = list(anchor_tokens)
    rank: dict[int, int] = {}
    for n, i in enumerate(anchors):
        rank.setdefault(i, n)  # an anchor's first place, as list.index gives
    found = []
    sentence = sent.text
    for start, end in expression_offsets(sentence):
        text = sentence[start:end]
        if not deadlines and (text.lower().startswith("by ") or sentence[:start].rstrip().lower().endswith(" by")):
            continue
        span = sent.char_span(start, end, alignment_mode="expand")
        t = span.root if span is not None else None
        short = (resolve_date(text, published) or published_span(None)).precision in ("day", "week")
        while t is not None and t.i not in rank and t.head != t:
            head = t.head
            if head.pos_ in ("NOUN", "PROPN") and not span.start <= head.i < span.end and not (
                    t.dep_ in ("prep", "acl") and head.lemma_.lower() in event_nouns or t.dep_ == "prep" and short):
                # nested in a noun phrase ("the <year> decision", "a cut by <year>"): not the clause's time; a
                # day hung on a noun ("an argument against X on <weekday>") is the parser's attachment
                t = None
            else:
                t = head
        if t is not None and t.i in rank:
            found.append((rank[t.i], -start, span, text, start, end))
    if found:
        _, _, span, text, start, end = max(found, key=lambda f: f[:2])
        resolved = resolve_date(text, published, future=forward(text) or future_in_parse(span.root))
        if resolved is not None:
            return DateSpan(resolved.start, resolved.end, resolved.precision, resolved.basis, text, start, end)
    if dateline:
        resolved = resolve_date(dateline, published)
        if resolved is not None and resolved.start is not None:
            return resolved
    return published_span(published)
