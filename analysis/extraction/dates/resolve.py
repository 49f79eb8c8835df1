"""Resolvers: one per form of the grammar, reading a match against the publication date and the tense.

Each resolver takes the form's regex match and a Context and returns (start, end, precision), or None when
the match names no valid date ("February 30", "in two weeks ago"). A resolver that needs the publication
date when there is none raises NeedsPublication (through ``Context.pub``).

dateparser reads the day expressions in their many written forms ("Feb. 15", "Sept 5th", "the 15th of
February", "MARCH 3"); dateutil does the weekday and calendar-month arithmetic. dateparser is deliberately
not used to *choose the year* of a day written without one, because its PREFER_DATES_FROM="future" skips
the publication day itself, nor for numeric days (it reads "2025-13-01" as 13 January).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from dateparser.date import DateDataParser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from .spans import (ONE_DAY, Context, Span, day_span, month_span, month_third, months_span, occurrence,
                    quarter_span, season_span, week_span, year_span, year_third)
from .words import NUMBER_WORDS, WEEKDAY_NAMES, month_number

Resolved = tuple[dt.date, dt.date, str]

_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)


def _with(span: Span | None, precision: str) -> Resolved | None:
    return None if span is None else (span[0], span[1], precision)


def _modifier(text: str | None) -> str:
    """Returns the normalised modifier: "last", "next", "this" or "" (plain)."""
    words = " ".join((text or "").lower().split())
    return {"this past": "last", "past": "last", "this coming": "next", "the": ""}.get(words, words)


def _rel_year(ctx: Context, word: str) -> int:
    return ctx.pub().year + {"last": -1, "this": 0, "next": 1}[word.lower()]


def _year_of(m: re.Match, ctx: Context) -> int | None:
    """Returns the year written in the match (digits or "last/this/next year"), None when none is written."""
    if m.groupdict().get("y"):
        return int(m["y"])
    if m.groupdict().get("yr"):
        return _rel_year(ctx, m["yr"])
    return None


def _periodic(make: Callable[[int], Span | None], m: re.Match, ctx: Context, how: str = "") -> Span | None:
    """Returns a yearly span in the written year, else chosen by the modifier ``how`` or the tense."""
    year = _year_of(m, ctx)
    if year is not None:
        return make(year)
    return occurrence(make, ctx.pub(), how or ctx.tense)


@lru_cache(maxsize=4096)
def _read_day(text: str) -> dt.date | None:
    """Returns dateparser's reading of a written day that includes its year, None when it is no valid day."""
    settings = {"REQUIRE_PARTS": ["day", "month", "year"]}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(" ".join(text.split()))
    return data.date_obj.date() if data.date_obj else None


@lru_cache(maxsize=4096)
def month_day(text: str) -> tuple[int, int] | None:
    """Returns (month, day) of a day written without a year ("Feb. 15", "the 15th of February"), via dateparser,
    None when it is no valid day.

    Read in the leap year 2000 so that "February 29" is a day.
    """
    day = _read_day(f"{text} 2000")
    return (day.month, day.day) if day and day.year == 2000 else None


def written_day(m: re.Match, ctx: Context) -> Resolved | None:
    """A day written with its month: "15 February 2025", "on March 3rd", "March 3 last year"."""
    found = month_day(m["md"])
    if found is None:
        return None
    return _with(_periodic(lambda y: day_span(y, *found), m, ctx), "day")


def numeric_day(m: re.Match, ctx: Context) -> Resolved | None:
    """ISO "2025-02-15" (read by the standard library, which rejects a month 13 that dateparser swaps
    into a day) and "15.02.2025", "02/15/2025" when the order of day and month is unambiguous."""
    if m.groupdict().get("iso"):
        try:
            day = dt.date.fromisoformat(m["iso"])
        except ValueError:
            return None
        return day, day, "day"
    first, second = int(m["a"]), int(m["b"])
    if first > 12 or first == second:
        month, day_of_month = second, first
    elif second > 12:
        month, day_of_month = first, second
    else:
        return None  # ambiguous
    return _with(day_span(int(m["y"]), month, day_of_month), "day")


def weekday(m: re.Match, ctx: Context) -> Resolved:
    """A weekday: "on Thursday", "last Friday", "this coming Monday", "Sunday night"."""
    target = _WEEKDAYS[WEEKDAY_NAMES.index(m["wd"].capitalize())]
    pub = ctx.pub()
    how = _modifier(m["mod"])
    if how == "last":
        day = pub - ONE_DAY + relativedelta(weekday=target(-1))
    elif how == "next":
        day = pub + ONE_DAY + relativedelta(weekday=target(+1))
    elif ctx.future:
        day = pub + relativedelta(weekday=target(+1))
    else:
        day = pub + relativedelta(weekday=target(-1))
    return day, day, "day"


def relative_day(m: re.Match, ctx: Context) -> Resolved:
    """"today", "yesterday morning", "last night", "the day after tomorrow"..."""
    words = " ".join(m[0].lower().split())
    if "day before yesterday" in words:
        offset = -2
    elif "day after tomorrow" in words:
        offset = 2
    elif words.startswith(("yesterday", "last night")):
        offset = -1
    elif words.startswith("tomorrow"):
        offset = 1
    else:
        offset = 0
    day = ctx.pub() + dt.timedelta(days=offset)
    return day, day, "day"


def counted(m: re.Match, ctx: Context) -> Resolved | None:
    """Counted expressions: "N units ago" and "in N units"."""
    if bool(m["into"]) == bool(m["ago"]):
        return None
    word = m["n"].lower()
    count = int(word) if word.isdigit() else NUMBER_WORDS[word]
    sign = -1 if m["ago"] else 1
    unit = m["unit"].lower().rstrip("s")
    pub = ctx.pub()
    if unit == "day":
        day = pub + dt.timedelta(days=sign * count)
        return day, day, "day"
    if unit == "week":
        return _with(week_span(pub + dt.timedelta(weeks=sign * count)), "week")
    if unit == "month":
        moved = pub + relativedelta(months=sign * count)
        return _with(month_span(moved.year, moved.month), "month")
    return _with(year_span(pub.year + sign * count), "year")


def days_ago(m: re.Match, ctx: Context) -> Resolved:
    """"days ago", "a few days ago": the seven days before publication."""
    pub = ctx.pub()
    return pub - dt.timedelta(days=7), pub - ONE_DAY, "week"


def week(m: re.Match, ctx: Context) -> Resolved:
    """"this/last/next week", "earlier/later this week", "the past week"."""
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    monday, sunday = week_span(pub)
    spans = {
        "this week": (monday, sunday),
        "last week": (monday - dt.timedelta(weeks=1), sunday - dt.timedelta(weeks=1)),
        "next week": (monday + dt.timedelta(weeks=1), sunday + dt.timedelta(weeks=1)),
        "earlier this week": (monday, pub),
        "later this week": (min(pub + ONE_DAY, sunday), sunday),
    }
    start, end = spans.get(words, (pub - dt.timedelta(days=6), pub))  # "the/this past week"
    return start, end, "week"


def weekend(m: re.Match, ctx: Context) -> Resolved:
    """"the weekend", "this/last/next weekend" (Saturday-Sunday)."""
    pub = ctx.pub()
    how = _modifier(m["mod"])
    saturday = week_span(pub)[0] + dt.timedelta(days=5)
    if how == "this":
        return saturday, saturday + ONE_DAY, "week"
    weekends = [(saturday + dt.timedelta(weeks=k), saturday + dt.timedelta(weeks=k, days=1)) for k in range(-2, 3)]
    if how == "last":
        span = max(s for s in weekends if s[1] < pub)
    elif how == "next":
        span = min(s for s in weekends if s[0] > pub)
    elif ctx.future:
        span = min(s for s in weekends if s[1] >= pub)
    else:
        span = max(s for s in weekends if s[0] <= pub)
    return span[0], span[1], "week"


def relative_month(m: re.Match, ctx: Context) -> Resolved:
    """"this/last/next month", "earlier/later this month"."""
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    first, last = month_span(pub.year, pub.month)
    if words == "earlier this month":
        return first, pub, "month"
    if words == "later this month":
        return min(pub + ONE_DAY, last), last, "month"
    moved = pub + relativedelta(months={"last month": -1, "this month": 0, "next month": 1}[words])
    return _with(month_span(moved.year, moved.month), "month")


def relative_year(m: re.Match, ctx: Context) -> Resolved:
    """"this/last/next year", "earlier/later this year"."""
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    first, last = year_span(pub.year)
    if words == "earlier this year":
        return first, pub, "year"
    if words == "later this year":
        return min(pub + ONE_DAY, last), last, "year"
    return _with(year_span(_rel_year(ctx, words.split()[0])), "year")


def month(m: re.Match, ctx: Context) -> Resolved | None:
    """A month: "in March", "March 2025", "last March", "March of last year"."""
    number = month_number(m["mon"])
    return _with(_periodic(lambda y: month_span(y, number), m, ctx, _modifier(m.groupdict().get("mod"))), "month")


def part_of_month(m: re.Match, ctx: Context) -> Resolved | None:
    """A third of a month: "early March", "the end of this month", "mid-March 2024"."""
    part = _part(m["part"])
    if m["rel"]:
        pub = ctx.pub()
        moved = pub + relativedelta(months={"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()])
        return _with(month_third(moved.year, moved.month, part), "week")
    number = month_number(m["mon"])
    return _with(_periodic(lambda y: month_third(y, number, part), m, ctx), "week")


def _part(text: str) -> str:
    """Returns "early", "mid" or "late" for the words of a part ("the beginning of" is early)."""
    words = text.lower()
    if "mid" in words:
        return "mid"
    return "early" if ("early" in words or "start" in words or "beginning" in words) else "late"


def part_of_year(m: re.Match, ctx: Context) -> Resolved:
    """A third of a year: "early 2024", "mid-2024", "late last year", "the end of the year"."""
    if m["y"]:
        year = int(m["y"])
    else:
        year = ctx.pub().year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]
    return _with(year_third(year, _part(m["part"])), "season")


def season(m: re.Match, ctx: Context) -> Resolved | None:
    """A season: "spring 2025", "last summer", "in the autumn", "winter 2024/25"."""
    name = m["season"].lower()
    return _with(_periodic(lambda y: season_span(name, y), m, ctx, _modifier(m["mod"])), "season")


_QUARTERS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
             "fourth": 4, "4th": 4, "q4": 4, "final": 4, "last": 4}


def quarter(m: re.Match, ctx: Context) -> Resolved | None:
    """A quarter: "Q1 2025", "the third quarter", "last quarter"."""
    groups = m.groupdict()
    word = (groups.get("q") or groups.get("ord") or groups.get("rel") or "").lower()
    year = _year_of(m, ctx)
    if word in ("last", "previous", "this", "current", "next") and year is None:
        pub = ctx.pub()
        moved = pub + relativedelta(months=3 * {"last": -1, "previous": -1, "next": 1}.get(word, 0))
        return _with(quarter_span(moved.year, (moved.month + 2) // 3), "quarter")
    return _with(quarter_span(ctx.pub().year if year is None else year, _QUARTERS[word]), "quarter")


def half(m: re.Match, ctx: Context) -> Resolved:
    """A half year: "the first half of 2025", "H2 2024"."""
    first = (m.groupdict().get("ord") or m.groupdict().get("h") or "").lower() in ("first", "1st", "h1")
    year = _year_of(m, ctx)
    return _with(months_span(ctx.pub().year if year is None else year, 1 if first else 7, 6), "season")


def year(m: re.Match, ctx: Context) -> Resolved:
    """A year: "2025", "in 2024"."""
    return _with(year_span(int(m["y"])), "year")


def _anchor_range(make_a: Callable[[int], Span | None], year_a: int | None,
                  make_b: Callable[[int], Span | None], year_b: int | None, ctx: Context) -> Span | None:
    """Returns one span from a start and an end written with or without years (see the package docstring)."""
    if year_a is not None and year_b is not None:
        a, b = make_a(year_a), make_b(year_b)
    elif year_b is not None:
        b = make_b(year_b)
        a = b and occurrence(make_a, b[1], "past")
    elif year_a is not None:
        a = make_a(year_a)
        b = a and occurrence(make_b, a[0], "future")
    elif ctx.future:
        b = occurrence(make_b, ctx.pub(), "future")
        a = b and occurrence(make_a, b[1], "past")
    else:
        a = occurrence(make_a, ctx.pub(), "past")
        b = a and occurrence(make_b, a[0], "future")
    if not a or not b or a[0] > b[1]:
        return None
    return a[0], b[1]


def _leading_number(text: str) -> int:
    return int(re.match(r"\d+", text)[0])


def day_range(m: re.Match, ctx: Context) -> Resolved | None:
    """A range of days: "between March 2 and March 4", "March 2-4", "from 28 December to 3 January 2025"."""
    groups = m.groupdict()
    if "mon" in groups:  # shared month: "March 2-4", "2-4 March 2025"
        if _leading_number(m["d1"]) > _leading_number(m["d2"]):
            return None
        texts = (f"{m['mon']} {m['d1']}", f"{m['mon']} {m['d2']}")
        years = (None, int(m["y"]) if m["y"] else None)
    else:
        texts = (m["a"], m["b"])
        years = tuple(int(y) if y else None for y in (m["ay"], m["by"]))
    days = [month_day(t) for t in texts]
    if None in days:
        return None
    (month_a, day_a), (month_b, day_b) = days
    span = _anchor_range(lambda y: day_span(y, month_a, day_a), years[0],
                         lambda y: day_span(y, month_b, day_b), years[1], ctx)
    return _with(span, "day")


def month_range(m: re.Match, ctx: Context) -> Resolved | None:
    """A range of months: "from January to March", "January–March 2025"."""
    first, last = month_number(m["m1"]), month_number(m["m2"])
    span = _anchor_range(lambda y: month_span(y, first), int(m["y1"]) if m["y1"] else None,
                         lambda y: month_span(y, last), int(m["y2"]) if m["y2"] else None, ctx)
    return _with(span, "month")


def year_range(m: re.Match, ctx: Context) -> Resolved | None:
    """A range of years: "between 2022 and 2024", "2022-24"."""
    first = int(m["y1"])
    last = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    if last <= first or last > 2100:  # years are read in 1900..2100 ("2100-02" is no range)
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "year"
