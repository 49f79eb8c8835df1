"""What the dates package returns: a time expression found in a sentence and the span of days it names."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...io.contract import PRECISIONS


@dataclass(frozen=True)
class DateSpan:
    """An inclusive span of days with its precision and where it came from."""

    start: dt.date | None
    end: dt.date | None  # inclusive
    precision: str  # one of PRECISIONS
    basis: str  # "text" (from an expression), "published" (publication day), "unknown"
    text: str = ""  # the expression as written, "" for published/unknown
    char_start: int = -1  # offsets of the expression in the sentence given, -1 when none
    char_end: int = -1


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression found in a sentence; ``future`` when it points forward or its verb is future."""

    text: str
    char_start: int
    char_end: int
    future: bool


def published_span(published: dt.date | None) -> DateSpan:
    """Returns the publication day (precision day, basis published), or unknown when published is None."""
    if published is None:
        return DateSpan(None, None, "unknown", "unknown")
    return DateSpan(published, published, "day", "published")
