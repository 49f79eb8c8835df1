"""Resolvers: one per form of the grammar, reading a match against the publication date and the tense.

Each resolver takes the form's regex match and a Context and returns (start, end, precision), or None when
the match names no valid date ("February 30", "in two weeks ago"). A resolver that needs the publication
date when there is none raises NeedsPublication (through ``Context.pub``).

dateparser reads the written days ("Feb. 15", "the 15th of February") and does the arithmetic of the relative
forms listed in the package docstring (``_relative``); dateutil does the weekday and calendar-month arithmetic
of the rest. dateparser is deliberately not used to *choose the year* of a day written without one, because
its PREFER_DATES_FROM="future" skips the publication day itself, nor for numeric days (it reads "2025-13-01"
as 13 January).
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
from .words import WEEKDAY_NAMES, month_number

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
    """Returns the day of a day written with its month: "15 February 2025", "on March 3rd", "March 3 last year"."""
    found = month_day(m["md"])
    if found is None:
        return None
    return _with(_periodic(lambda y: day_span(y, *found), m, ctx), "day")


def numeric_day(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the day of ISO "2025-02-15" (read by the standard library, which rejects a month 13 that
    dateparser swaps into a day) and of "15.02.2025", "02/15/2025" when the order of day and month is
    unambiguous (None when it is not)."""
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
    """Returns the day of a weekday: "on Thursday", "last Friday", "this coming Monday", "Sunday night"."""
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


def _relative(text: str, published: dt.date) -> dt.date | None:
    """Returns the day dateparser's relative-time parser reads in the text ("yesterday", "3 weeks ago", "in a
    month", "next year") with the publication day as its base, None when it reads none."""
    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time()), "TIMEZONE": "UTC",
                "RETURN_AS_TIMEZONE_AWARE": False, "PARSERS": ["relative-time"]}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(" ".join(text.lower().split()))
    return data.date_obj.date() if data.date_obj else None


def _period(day: dt.date | None, unit: str) -> Resolved | None:
    """Returns the day, or the Monday-Sunday week, calendar month or year containing it (by ``unit``)."""
    if day is None:
        return None
    if unit == "day":
        return day, day, "day"
    if unit == "week":
        return _with(week_span(day), "week")
    if unit == "month":
        return _with(month_span(day.year, day.month), "month")
    return _with(year_span(day.year), "year")


def relative_day(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the day of "today", "yesterday morning", "last night", "the day after tomorrow"... read by dateparser
    ("earlier/later today" is today)."""
    words = re.sub(r"^(?:earlier|later)\s+", "", m[0].lower())
    return _period(_relative(words, ctx.pub()), "day")


def counted(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the day, Monday-Sunday week, calendar month or year of "N units ago" / "in N units": dateparser moves
    the publication day by N units, the span is the unit containing the day reached. None for "in N units ago"."""
    if bool(m["into"]) == bool(m["ago"]):
        return None
    return _period(_relative(m[0], ctx.pub()), m["unit"].lower().rstrip("s"))


def days_ago(m: re.Match, ctx: Context) -> Resolved:
    """Returns the seven days before publication for "days ago", "a few days ago"."""
    pub = ctx.pub()
    return pub - dt.timedelta(days=7), pub - ONE_DAY, "week"


def week(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the Monday-Sunday week of "this/last/next week" (dateparser moves the publication day by a week),
    publication's Monday .. publication for "earlier this week", the days after it to Sunday for "later this
    week", the seven days to publication for "the past week"."""
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    monday, sunday = week_span(pub)
    if words in ("this week", "last week", "next week"):
        return _period(_relative(words, pub), "week")
    if words == "earlier this week":
        return monday, pub, "week"
    if words == "later this week":
        return min(pub + ONE_DAY, sunday), sunday, "week"
    return pub - dt.timedelta(days=6), pub, "week"  # "the/this past week"


def weekend(m: re.Match, ctx: Context) -> Resolved:
    """Returns the Saturday and Sunday of "the weekend", "this/last/next weekend"."""
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


def relative_month(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the calendar month of "this/last/next month" (dateparser moves the publication day by a month), the
    first day .. publication for "earlier this month", the days after it for "later this month"."""
    return _relative_period(m, ctx, "month", month_span(ctx.pub().year, ctx.pub().month))


def relative_year(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the calendar year of "this/last/next year" (dateparser moves the publication day by a year), the
    first day .. publication for "earlier this year", the days after it for "later this year"."""
    return _relative_period(m, ctx, "year", year_span(ctx.pub().year))


def _relative_period(m: re.Match, ctx: Context, unit: str, current: Span) -> Resolved | None:
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    if words.startswith("earlier"):
        return current[0], pub, unit
    if words.startswith("later"):  # the last day alone when publication is the last day
        return min(pub + ONE_DAY, current[1]), current[1], unit
    return _period(_relative(words, pub), unit)


def month(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the calendar month of "in March", "March 2025", "last March", "March of last year"."""
    number = month_number(m["mon"])
    return _with(_periodic(lambda y: month_span(y, number), m, ctx, _modifier(m.groupdict().get("mod"))), "month")


def part_of_month(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the third of a month of "early March", "the end of this month", "mid-March 2024"."""
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
    """Returns the third of a year of "early 2024", "mid-2024", "late last year", "the end of the year"."""
    if m["y"]:
        year = int(m["y"])
    else:
        year = ctx.pub().year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]
    return _with(year_third(year, _part(m["part"])), "season")


def season(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the season of "spring 2025", "last summer", "in the autumn", "winter 2024/25"."""
    name = m["season"].lower()
    return _with(_periodic(lambda y: season_span(name, y), m, ctx, _modifier(m["mod"])), "season")


_QUARTERS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
             "fourth": 4, "4th": 4, "q4": 4, "final": 4, "last": 4}


def quarter(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the calendar quarter of "Q1 2025", "the third quarter", "last quarter"."""
    groups = m.groupdict()
    word = (groups.get("q") or groups.get("ord") or groups.get("rel") or "").lower()
    year = _year_of(m, ctx)
    if word in ("last", "previous", "this", "current", "next") and year is None:
        pub = ctx.pub()
        moved = pub + relativedelta(months=3 * {"last": -1, "previous": -1, "next": 1}.get(word, 0))
        return _with(quarter_span(moved.year, (moved.month + 2) // 3), "quarter")
    return _with(quarter_span(ctx.pub().year if year is None else year, _QUARTERS[word]), "quarter")


def half(m: re.Match, ctx: Context) -> Resolved:
    """Returns the half year of "the first half of 2025", "H2 2024"."""
    first = (m.groupdict().get("ord") or m.groupdict().get("h") or "").lower() in ("first", "1st", "h1")
    year = _year_of(m, ctx)
    return _with(months_span(ctx.pub().year if year is None else year, 1 if first else 7, 6), "season")


def year(m: re.Match, ctx: Context) -> Resolved:
    """Returns the calendar year of "2025", "in 2024"."""
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
    """Returns the days from start to end of "between March 2 and March 4", "March 2-4", "from 28 December to
    3 January 2025" (None when the end comes before the start)."""
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
    """Returns the months from start to end of "from January to March", "January–March 2025"."""
    first, last = month_number(m["m1"]), month_number(m["m2"])
    span = _anchor_range(lambda y: month_span(y, first), int(m["y1"]) if m["y1"] else None,
                         lambda y: month_span(y, last), int(m["y2"]) if m["y2"] else None, ctx)
    return _with(span, "month")


def year_range(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the years from start to end of "between 2022 and 2024", "2022-24" (None when backwards)."""
    first = int(m["y1"])
    last = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    if last <= first or last > 2100:  # years are read in 1900..2100 ("2100-02" is no range)
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "year"
