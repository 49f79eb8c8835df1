"""Calendar arithmetic: spans of days (start, end inclusive) and the choice of a yearly span's occurrence.

The resolution rules these implement are in the package docstring: weeks run Monday to Sunday, thirds of a
month are days 1-10 / 11-20 / 21-end, thirds of a year four months each, seasons are meteorological.
"""
from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

Span = tuple[dt.date, dt.date]
ONE_DAY = dt.timedelta(days=1)


class NeedsPublication(Exception):
    """Raised by a resolver that needs the publication date when there is none."""


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against: the publication day (None when unknown) and the tense."""

    published: dt.date | None
    future: bool

    def pub(self) -> dt.date:
        """Returns the publication day; raises NeedsPublication when it is unknown."""
        if self.published is None:
            raise NeedsPublication
        return self.published

    @property
    def tense(self) -> str:
        """Returns "future" or "past"."""
        return "future" if self.future else "past"


def day_span(year: int, month: int, day: int) -> Span | None:
    """Returns the one-day span, None when there is no such day ("February 30")."""
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d, d


def month_span(year: int, month: int) -> Span:
    """Returns the calendar month."""
    return dt.date(year, month, 1), dt.date(year, month, monthrange(year, month)[1])


def months_span(year: int, first: int, count: int) -> Span:
    """Returns ``count`` calendar months starting with month ``first`` of ``year`` (may run into the next year)."""
    start = dt.date(year, first, 1)
    return start, start + relativedelta(months=count) - ONE_DAY


def year_span(year: int) -> Span:
    """Returns the calendar year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def week_span(day: dt.date) -> Span:
    """Returns the Monday-Sunday week containing the day."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_third(year: int, month: int, part: str) -> Span:
    """Returns days 1-10 ("early"), 11-20 ("mid") or 21-end ("late") of the month."""
    last = monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def year_third(year: int, part: str) -> Span:
    """Returns January-April ("early"), May-August ("mid") or September-December ("late")."""
    return months_span(year, {"early": 1, "mid": 5, "late": 9}[part], 4)


def season_span(season: str, year: int) -> Span:
    """Returns the meteorological season starting in ``year`` (winter 2024 is December 2024 - February 2025)."""
    first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[season]
    return months_span(year, first, 3)


def quarter_span(year: int, quarter: int) -> Span:
    """Returns the calendar quarter (1-4)."""
    return months_span(year, 3 * quarter - 2, 3)


def occurrence(make: Callable[[int], Span | None], ref: dt.date, how: str) -> Span | None:
    """Returns the occurrence of a yearly span (``make(year)``) chosen relative to ``ref``, None when none.

    past: latest starting on or before ref; future: earliest ending on or after ref; last: latest ending
    before ref; next: earliest starting after ref; this: containing ref, else the nearest (ties: later).
    """
    spans = [s for year in range(ref.year - 4, ref.year + 5) if (s := make(year)) is not None]
    if how == "past":
        return max((s for s in spans if s[0] <= ref), default=None)
    if how == "future":
        return min((s for s in spans if s[1] >= ref), default=None)
    if how == "last":
        return max((s for s in spans if s[1] < ref), default=None)
    if how == "next":
        return min((s for s in spans if s[0] > ref), default=None)

    def distance(s: Span) -> tuple[int, int]:
        gap = (s[0] - ref).days if s[0] > ref else max((ref - s[1]).days, 0)
        return gap, -s[0].toordinal()

    return min(spans, key=distance, default=None)
