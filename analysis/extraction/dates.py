"""Temporal expressions in English news sentences, resolved against the article's publication date.

Implements the "Dates" section of the codebook. A regex grammar of our own *finds* the expressions (so the
spans, the longest match and the rejection of look-alikes are under control) and resolves periods (weeks,
months, seasons, quarters, parts of a year) itself; dateparser reads the day expressions in their many written
forms ("Feb. 15", "Sept 5th", "the 15th of February", "MARCH 3") and dateutil does the weekday and
calendar-month arithmetic. dateparser is deliberately not used to *choose the year* of a day written without
one, because its PREFER_DATES_FROM="future" skips the publication day itself, nor for numeric days (it
reads "2025-13-01" as 13 January), nor to find expressions or resolve periods.

Supported forms (case-insensitive except month and weekday names, which must be capitalised or in capitals;
a leading "on", "in" or "during" belongs to the expression, as do "over"/"at" before "the weekend" and "at"
before "the end of ..."):

day (precision ``day``)
    explicit days: "15 February 2025", "February 15, 2025", "Feb. 15, 2025", "Feb 15th 2025",
    "the 15th of February 2025", "Thursday, February 13, 2025", "2025-02-15", and numeric "15.02.2025",
    "15/02/2025", "02/15/2025" only when unambiguous (one of the first two numbers above 12, or both equal);
    a dateline "CITY, March 3 —" yields its date part. Days without a year: "February 15", "15 Feb",
    "on March 3rd", "March 3 last year". Weekdays: "Thursday", "on Thursday", "last/next/this Thursday",
    "this past/this coming Thursday", "Monday morning", "on Sunday night", "late on Sunday".
    "today", "tonight", "this morning/afternoon/evening", "earlier/later today", "yesterday (morning...)",
    "last night", "tomorrow (morning...)", "the day before yesterday", "the day after tomorrow",
    "N days ago", "in N days" (N: a digit number below 100, "a"/"an" or a word up to "twelve"),
    "the day after/before <day>".
week (precision ``week``)
    "this week", "last week", "next week", "earlier this week", "later this week", "the past week";
    "the weekend", "this/last/next weekend", "over/at the weekend"; "N weeks ago", "in N weeks";
    "days ago", "a few/several days ago" (the seven days before publication);
    "days after/before <day>" (the seven days after/before it); "early/mid/late March" and
    "the start/beginning/middle/end of March", also of "this/last/next month".
month (precision ``month``)
    "this month", "last month", "next month", "earlier this month", "later this month"; "March", "in March",
    "March 2025", "Feb. 2025", "March of last year", "last/next/this March"; "N months ago", "in N months".
    A bare month name needs a preceding preposition or modifier ("in", "since", "by", "until", ...).
season (precision ``season``): a season, or another part of a year spanning several months
    "spring 2025", "the spring of 2025", "this spring", "last summer", "next autumn", "in the autumn",
    "fall 2024", "winter 2024", "winter 2024/25"; "early/mid/late 2024", "mid-2024",
    "the start/middle/end of 2024", "early this year", "late last year", "the end of the year";
    "the first/second half of 2025", "H1 2025".
quarter (precision ``quarter``)
    "Q1 2025", "Q1", "the first quarter of 2025", "the third quarter", "first-quarter",
    "the fourth quarter of last year", "last/this/next quarter".
year (precision ``year``)
    "2025", "in 2024", "this year", "last year", "next year", "earlier this year", "later this year",
    "N years ago", "in N years".
ranges (precision ``day``, ``month`` or ``year`` by what the ends are)
    "between March 2 and March 4", "from 2 to 4 March", "March 2-4", "2-4 March 2025",
    "from February 28 to March 3, 2025", "from January to March", "January–March 2025",
    "between 2022 and 2024", "2022-24".

Resolution rules (``published`` is the publication day, "past"/"future" the tense of the expression):

* Weekday: past -> the most recent such day on or before publication (the publication weekday is the
  publication day); future -> the first such day on or after publication (again the publication day itself
  when it is that weekday: "will meet on Saturday" in a Saturday paper is that day). "last"/"this past" ->
  strictly before publication; "next"/"this coming" -> strictly after; "this Thursday" follows the tense.
* A day, month, part of a month or season written without a year: past -> the latest occurrence starting on
  or before publication; future -> the earliest occurrence ending on or after publication ("December 30" in
  an article of 2025-01-02 is 2024-12-30; "January 3" in the future tense on 2024-12-28 is 2025-01-03).
  "last X" is the latest occurrence ending before publication, "next X" the earliest starting after it,
  "this X" (month name or season) the occurrence containing publication, else the nearest one (ties: the
  later). A yearless "February 29" resolves to the nearest leap day in that direction.
* Weeks run Monday to Sunday; "earlier this week" = Monday .. publication; "later this week" = publication+1
  .. Sunday; "the past week" = publication-6 .. publication. "N weeks ago"/"in N weeks" = the Monday-Sunday
  week containing publication -/+ 7N days; "N months ago" = that calendar month; "N years ago" that year.
* Weekend (Saturday-Sunday, precision ``week``): "the weekend" follows the tense (past: the latest weekend
  starting on or before publication; future: the earliest ending on or after it); "this weekend" is the
  weekend of the publication's Monday-Sunday week; "last weekend" the latest ending before publication;
  "next weekend" the earliest starting after it.
* Thirds of a month: days 1-10 / 11-20 / 21-end ("start/beginning", "middle", "end" of are synonyms).
  Thirds of a year: Jan 1-Apr 30 / May 1-Aug 31 / Sep 1-Dec 31.
* Meteorological seasons: spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov, winter Dec-Feb; "winter
  2024" is the winter that starts in December 2024 (2024-12-01 .. 2025-02-28).
* "the third quarter" and a quarter or half without a year lie in the publication year; "last quarter"
  (without "of <year>") is the previous calendar quarter, "the last/final quarter of 2024" is Q4.
* "earlier this month/year" = first day .. publication; "later this month/year" = publication+1 .. last day
  (the last day alone when publication is the last day).
* Ranges without a year: past -> the start is resolved as above and the end is its first occurrence on or
  after the start; future -> the end is resolved as above and the start is its last occurrence before it.
  A year written on one end only anchors the other (the start's nearest occurrence on or before the end,
  the end's nearest on or after the start): "from 28 December to 3 January 2025" starts on 2024-12-28.

Window (checked by tests/test_dates_fuzz.py): an absolute expression (one that resolves without a
publication date) lies in the years 1899..2101 ("from December 28 to January 3, 1900" starts in 1899,
"winter 2100" ends in 2101). A relative one lies within three years of publication, except the counted
"N units ago"/"in N units" (N units and one unit more) and a yearless "February 29" (four years).

Not time expressions: "Article 5", "100,000 troops", "2000 soldiers" (a number before a plural noun is a
quantity), "Resolution 2231", "G7", "COVID-19", "F-16s", "may" as a verb, a lowercase "march", "Theresa
May", "the Sunday Times", "Good Friday", "the fall of ...", times of day.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

__all__ = [
    "PRECISIONS",
    "DateSpan",
    "TimeExpression",
    "find_time_expressions",
    "published_span",
    "resolve_date",
]

PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "unknown")


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


# --------------------------------------------------------------------------------------------------
# Grammar building blocks. Patterns are written with single spaces, which _compile turns into \s+.

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sept": 9,
                        "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _capitalised(words) -> str:
    """An alternation of the words as capitalised or in capitals, longest first."""
    forms = sorted({f for w in words for f in (w, w.upper())}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"


_MONTH_FULL = _capitalised(_MONTH_NAMES) + r"(?!\w)"
_MONTH_ABBR = rf"{_capitalised(_MONTH_ABBREVIATIONS)}(?!\w)\.?"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_WEEKDAY = _capitalised(_WEEKDAY_NAMES) + r"(?!\w)"
_DAY_BEFORE = r"(?<![\w,.\-–/$€£])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w|[.,]\d)"
_YEAR_DIGITS = r"(?:19\d\d|20\d\d|2100)"
_YEAR_END = r"(?![\w\-–/]|[.,]\d)"
_YEAR = _YEAR_DIGITS + _YEAR_END
_YEAR_BEFORE = r"(?<![\w\-–/.,$€£#])"
_NUMBER = r"(?:(?i:an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|\d{1,2})(?!\w)"
_UNIT = r"(?i:days?|weeks?|months?|years?)(?!\w)"
_REL_YEAR = r"(?: (?i:of))? (?P<yr>(?i:last|this|next)) (?i:year)(?!\w)"
_PART = r"(?P<part>(?i:early|late|mid)(?:-| )|(?i:(?:the )?(?:start|beginning|middle|end) of) )"
_SEASON = r"(?i:spring|summer|autumn|fall|winter)(?!\w)"
_MD = rf"{_MONTH_ANY} {_DAY}"
_DM = rf"(?:(?i:the) )?{_DAY_BEFORE}{_DAY} (?:(?i:of) )?{_MONTH_ANY}"
_CONNECT = r"(?:\s*[-–]\s*| (?i:to|and|until|till|through) )"


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern.replace(" ", r"\s+"))


# --------------------------------------------------------------------------------------------------
# Calendar helpers. A span is (start, end) with end inclusive.

_Span = tuple[dt.date, dt.date]
_ONE_DAY = dt.timedelta(days=1)


class _NeedsPublication(Exception):
    """Raised by a resolver that needs the publication date when there is none."""


@dataclass(frozen=True)
class _Context:
    published: dt.date | None
    future: bool

    def pub(self) -> dt.date:
        if self.published is None:
            raise _NeedsPublication
        return self.published

    @property
    def tense(self) -> str:
        return "future" if self.future else "past"


def _day_span(year: int, month: int, day: int) -> _Span | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d, d


def _month_span(year: int, month: int) -> _Span:
    return dt.date(year, month, 1), dt.date(year, month, monthrange(year, month)[1])


def _months_span(year: int, first: int, count: int) -> _Span:
    """``count`` calendar months starting with month ``first`` of ``year`` (may run into the next year)."""
    start = dt.date(year, first, 1)
    return start, start + relativedelta(months=count) - _ONE_DAY


def _year_span(year: int) -> _Span:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _week_span(day: dt.date) -> _Span:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month_third(year: int, month: int, part: str) -> _Span:
    last = monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def _year_third(year: int, part: str) -> _Span:
    return _months_span(year, {"early": 1, "mid": 5, "late": 9}[part], 4)


def _season_span(season: str, year: int) -> _Span:
    first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[season]
    return _months_span(year, first, 3)


def _quarter_span(year: int, quarter: int) -> _Span:
    return _months_span(year, 3 * quarter - 2, 3)


def _occurrence(make: Callable[[int], _Span | None], ref: dt.date, how: str) -> _Span | None:
    """The occurrence of a yearly span (``make(year)``) chosen relative to ``ref``.

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

    def distance(s: _Span) -> tuple[int, int]:
        gap = (s[0] - ref).days if s[0] > ref else max((ref - s[1]).days, 0)
        return gap, -s[0].toordinal()

    return min(spans, key=distance, default=None)


def _modifier(text: str | None) -> str:
    """Normalised modifier: "last", "next", "this" or "" (plain)."""
    words = " ".join((text or "").lower().split())
    return {"this past": "last", "past": "last", "this coming": "next", "the": ""}.get(words, words)


def _rel_year(ctx: _Context, word: str) -> int:
    return ctx.pub().year + {"last": -1, "this": 0, "next": 1}[word.lower()]


def _year_of(m: re.Match, ctx: _Context) -> int | None:
    """The year written in the match (digits or "last/this/next year"), None when none is written."""
    if m.groupdict().get("y"):
        return int(m["y"])
    if m.groupdict().get("yr"):
        return _rel_year(ctx, m["yr"])
    return None


def _periodic(make: Callable[[int], _Span | None], m: re.Match, ctx: _Context, how: str = "") -> _Span | None:
    """A yearly span in the written year, else chosen by the modifier ``how`` or the tense."""
    year = _year_of(m, ctx)
    if year is not None:
        return make(year)
    return _occurrence(make, ctx.pub(), how or ctx.tense)


def _month_number(word: str) -> int:
    word = word.rstrip(".").capitalize()
    return _MONTH_NAMES.index(word) + 1 if word in _MONTH_NAMES else _MONTH_ABBREVIATIONS[word]


@lru_cache(maxsize=4096)
def _read_day(text: str) -> dt.date | None:
    """dateparser's reading of a written day that includes its year, None when it is no valid day."""
    settings = {"REQUIRE_PARTS": ["day", "month", "year"]}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(" ".join(text.split()))
    return data.date_obj.date() if data.date_obj else None


@lru_cache(maxsize=4096)
def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a day written without a year ("Feb. 15", "the 15th of February"), via dateparser.

    Read in the leap year 2000 so that "February 29" is a day.
    """
    day = _read_day(f"{text} 2000")
    return (day.month, day.day) if day and day.year == 2000 else None


# --------------------------------------------------------------------------------------------------
# Resolvers: one per form, (match, context) -> (start, end, precision) or None when not a valid date.

_Resolved = tuple[dt.date, dt.date, str]


def _with(span: _Span | None, precision: str) -> _Resolved | None:
    return None if span is None else (span[0], span[1], precision)


def _written_day(m: re.Match, ctx: _Context) -> _Resolved | None:
    month_day = _month_day(m["md"])
    if month_day is None:
        return None
    return _with(_periodic(lambda y: _day_span(y, *month_day), m, ctx), "day")


def _numeric_day(m: re.Match, ctx: _Context) -> _Resolved | None:
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
    return _with(_day_span(int(m["y"]), month, day_of_month), "day")


def _weekday(m: re.Match, ctx: _Context) -> _Resolved:
    target = _WEEKDAYS[_WEEKDAY_NAMES.index(m["wd"].capitalize())]
    pub = ctx.pub()
    how = _modifier(m["mod"])
    if how == "last":
        day = pub - _ONE_DAY + relativedelta(weekday=target(-1))
    elif how == "next":
        day = pub + _ONE_DAY + relativedelta(weekday=target(+1))
    elif ctx.future:
        day = pub + relativedelta(weekday=target(+1))
    else:
        day = pub + relativedelta(weekday=target(-1))
    return day, day, "day"


def _relative_day(m: re.Match, ctx: _Context) -> _Resolved:
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


def _counted(m: re.Match, ctx: _Context) -> _Resolved | None:
    """Counted expressions: "N units ago" and "in N units"."""
    if bool(m["into"]) == bool(m["ago"]):
        return None
    word = m["n"].lower()
    count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
    sign = -1 if m["ago"] else 1
    unit = m["unit"].lower().rstrip("s")
    pub = ctx.pub()
    if unit == "day":
        day = pub + dt.timedelta(days=sign * count)
        return day, day, "day"
    if unit == "week":
        return _with(_week_span(pub + dt.timedelta(weeks=sign * count)), "week")
    if unit == "month":
        moved = pub + relativedelta(months=sign * count)
        return _with(_month_span(moved.year, moved.month), "month")
    return _with(_year_span(pub.year + sign * count), "year")


def _days_ago(m: re.Match, ctx: _Context) -> _Resolved:
    pub = ctx.pub()
    return pub - dt.timedelta(days=7), pub - _ONE_DAY, "week"


def _week(m: re.Match, ctx: _Context) -> _Resolved:
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    monday, sunday = _week_span(pub)
    spans = {
        "this week": (monday, sunday),
        "last week": (monday - dt.timedelta(weeks=1), sunday - dt.timedelta(weeks=1)),
        "next week": (monday + dt.timedelta(weeks=1), sunday + dt.timedelta(weeks=1)),
        "earlier this week": (monday, pub),
        "later this week": (min(pub + _ONE_DAY, sunday), sunday),
    }
    start, end = spans.get(words, (pub - dt.timedelta(days=6), pub))  # "the/this past week"
    return start, end, "week"


def _weekend(m: re.Match, ctx: _Context) -> _Resolved:
    pub = ctx.pub()
    how = _modifier(m["mod"])
    saturday = _week_span(pub)[0] + dt.timedelta(days=5)
    if how == "this":
        return saturday, saturday + _ONE_DAY, "week"
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


def _relative_month(m: re.Match, ctx: _Context) -> _Resolved:
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    first, last = _month_span(pub.year, pub.month)
    if words == "earlier this month":
        return first, pub, "month"
    if words == "later this month":
        return min(pub + _ONE_DAY, last), last, "month"
    moved = pub + relativedelta(months={"last month": -1, "this month": 0, "next month": 1}[words])
    return _with(_month_span(moved.year, moved.month), "month")


def _relative_year(m: re.Match, ctx: _Context) -> _Resolved:
    words = " ".join(m["w"].lower().split())
    pub = ctx.pub()
    first, last = _year_span(pub.year)
    if words == "earlier this year":
        return first, pub, "year"
    if words == "later this year":
        return min(pub + _ONE_DAY, last), last, "year"
    return _with(_year_span(_rel_year(ctx, words.split()[0])), "year")


def _month(m: re.Match, ctx: _Context) -> _Resolved | None:
    month = _month_number(m["mon"])
    return _with(_periodic(lambda y: _month_span(y, month), m, ctx, _modifier(m.groupdict().get("mod"))), "month")


def _part_of_month(m: re.Match, ctx: _Context) -> _Resolved | None:
    part = _part(m["part"])
    if m["rel"]:
        pub = ctx.pub()
        moved = pub + relativedelta(months={"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()])
        return _with(_month_third(moved.year, moved.month, part), "week")
    month = _month_number(m["mon"])
    return _with(_periodic(lambda y: _month_third(y, month, part), m, ctx), "week")


def _part(text: str) -> str:
    words = text.lower()
    if "mid" in words:
        return "mid"
    return "early" if ("early" in words or "start" in words or "beginning" in words) else "late"


def _part_of_year(m: re.Match, ctx: _Context) -> _Resolved:
    if m["y"]:
        year = int(m["y"])
    else:
        year = ctx.pub().year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]
    return _with(_year_third(year, _part(m["part"])), "season")


def _season(m: re.Match, ctx: _Context) -> _Resolved | None:
    season = m["season"].lower()
    return _with(_periodic(lambda y: _season_span(season, y), m, ctx, _modifier(m["mod"])), "season")


_QUARTERS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
             "fourth": 4, "4th": 4, "q4": 4, "final": 4, "last": 4}


def _quarter(m: re.Match, ctx: _Context) -> _Resolved | None:
    groups = m.groupdict()
    word = (groups.get("q") or groups.get("ord") or groups.get("rel") or "").lower()
    year = _year_of(m, ctx)
    if word in ("last", "previous", "this", "current", "next") and year is None:
        pub = ctx.pub()
        moved = pub + relativedelta(months=3 * {"last": -1, "previous": -1, "next": 1}.get(word, 0))
        return _with(_quarter_span(moved.year, (moved.month + 2) // 3), "quarter")
    return _with(_quarter_span(ctx.pub().year if year is None else year, _QUARTERS[word]), "quarter")


def _half(m: re.Match, ctx: _Context) -> _Resolved:
    first = (m.groupdict().get("ord") or m.groupdict().get("h") or "").lower() in ("first", "1st", "h1")
    year = _year_of(m, ctx)
    return _with(_months_span(ctx.pub().year if year is None else year, 1 if first else 7, 6), "season")


def _year(m: re.Match, ctx: _Context) -> _Resolved:
    return _with(_year_span(int(m["y"])), "year")


def _days_around(m: re.Match, ctx: _Context) -> _Resolved | None:
    inner = _resolve_text(m["inner"], ctx)
    if inner is None or inner[2] != "day":
        return None
    sign = 1 if m["dir"].lower() == "after" else -1
    if m["span"].lower().endswith("days"):
        near, far = inner[0] + sign * _ONE_DAY, inner[0] + sign * dt.timedelta(days=7)
        return min(near, far), max(near, far), "week"
    day = inner[0] + sign * _ONE_DAY
    return day, day, "day"


def _anchor_range(make_a: Callable[[int], _Span | None], year_a: int | None,
                  make_b: Callable[[int], _Span | None], year_b: int | None, ctx: _Context) -> _Span | None:
    """One span from a start and an end written with or without years (see the module docstring)."""
    if year_a is not None and year_b is not None:
        a, b = make_a(year_a), make_b(year_b)
    elif year_b is not None:
        b = make_b(year_b)
        a = b and _occurrence(make_a, b[1], "past")
    elif year_a is not None:
        a = make_a(year_a)
        b = a and _occurrence(make_b, a[0], "future")
    elif ctx.future:
        b = _occurrence(make_b, ctx.pub(), "future")
        a = b and _occurrence(make_a, b[1], "past")
    else:
        a = _occurrence(make_a, ctx.pub(), "past")
        b = a and _occurrence(make_b, a[0], "future")
    if not a or not b or a[0] > b[1]:
        return None
    return a[0], b[1]


def _leading_number(text: str) -> int:
    return int(re.match(r"\d+", text)[0])


def _day_range(m: re.Match, ctx: _Context) -> _Resolved | None:
    groups = m.groupdict()
    if "mon" in groups:  # shared month: "March 2-4", "2-4 March 2025"
        if _leading_number(m["d1"]) > _leading_number(m["d2"]):
            return None
        texts = (f"{m['mon']} {m['d1']}", f"{m['mon']} {m['d2']}")
        years = (None, int(m["y"]) if m["y"] else None)
    else:
        texts = (m["a"], m["b"])
        years = tuple(int(y) if y else None for y in (m["ay"], m["by"]))
    days = [_month_day(t) for t in texts]
    if None in days:
        return None
    (month_a, day_a), (month_b, day_b) = days
    span = _anchor_range(lambda y: _day_span(y, month_a, day_a), years[0],
                         lambda y: _day_span(y, month_b, day_b), years[1], ctx)
    return _with(span, "day")


def _month_range(m: re.Match, ctx: _Context) -> _Resolved | None:
    first, last = _month_number(m["m1"]), _month_number(m["m2"])
    span = _anchor_range(lambda y: _month_span(y, first), int(m["y1"]) if m["y1"] else None,
                         lambda y: _month_span(y, last), int(m["y2"]) if m["y2"] else None, ctx)
    return _with(span, "month")


def _year_range(m: re.Match, ctx: _Context) -> _Resolved | None:
    first = int(m["y1"])
    last = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    if last <= first or last > 2100:  # years are read in 1900..2100 ("2100-02" is no range)
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "year"


# --------------------------------------------------------------------------------------------------
# Plausibility checks applied when finding (not when resolving a given expression).

_MONTH_LEADS = {"in", "since", "until", "till", "by", "from", "through", "throughout", "during", "before",
                "after", "between", "and", "or", "to", "of", "for", "last", "next", "this", "early", "late",
                "mid", "around", "as", "on"}
_SEASON_LEADS = {"over", "through", "throughout", "since", "until", "till", "by", "before", "after", "during",
                 "in", "for", "and", "or", "from", "to"}
_WEEKDAY_PREFIXES = {"good", "black", "bloody", "super", "cyber", "ash", "palm", "holy", "easter", "maundy",
                     "shrove"}
_YEAR_LEADS = {"in", "since", "by", "until", "till", "from", "before", "after", "during", "through",
               "throughout", "of", "for", "and", "or", "to", "between", "the", "as", "at", "on", "around",
               "circa", "unlike", "like", "then", "but", "while", "when", "also", "only", "even", "back",
               "spring", "summer", "autumn", "fall", "winter", "its", "their", "his", "her", "our", "a", "an",
               "this", "that", "early", "late", "mid", "end", "year"}
# after these words a number is a reference or a quantity, not a year ("Article 2000", "some 1950 people")
_NON_YEAR_LEADS = {"article", "articles", "resolution", "resolutions", "no", "nos", "number", "nr", "flight",
                    "section", "chapter", "page", "pages", "paragraph", "rule", "regulation", "directive", "item",
                    "model", "room", "route", "code", "decree", "law", "bill", "act", "amendment", "annex",
                    "table", "figure", "fig", "vol", "volume", "version", "level", "type", "class", "series",
                    "about", "some", "nearly", "almost", "approximately", "roughly", "than", "least", "most",
                    "another", "additional", "extra", "over", "under", "exactly", "just"}
# before these words a number is a quantity or a time of day ("2000 people", "2000 GMT")
_QUANTITY_WORDS = {"people", "men", "women", "children", "personnel", "police", "staff", "more", "fewer",
                   "additional", "extra", "other", "percent", "per", "million", "billion", "thousand",
                   "hundred", "strong", "km", "gmt", "utc", "cet", "hrs", "military", "infantry", "cavalry"}
_NOT_PLURAL = {"was", "has", "is", "as", "this", "thus", "its", "his", "hers", "ours", "yours", "theirs",
               "always", "perhaps", "afterwards", "towards", "besides", "unless", "whereas", "across", "less",
               "sometimes", "nevertheless", "nonetheless", "regardless", "plus", "yes", "does", "goes", "says",
               "makes", "sees", "marks", "means", "remains", "seems", "becomes", "brings", "saw",
               "begins", "ends", "follows", "comes", "starts"}

_WORD_BEFORE = re.compile(r"([A-Za-z'’.]+)\s*$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z'’]+)")


def _word_before(sentence: str, pos: int) -> str:
    found = _WORD_BEFORE.search(sentence, 0, pos)
    return found[1].rstrip(".") if found else ""


def _word_after(sentence: str, pos: int) -> str:
    found = _WORD_AFTER.match(sentence[pos:])
    return found[1] if found else ""


def _plausible_year(m: re.Match, sentence: str) -> bool:
    before = sentence[: m.start("y")].rstrip()
    if before and (before[-1].isdigit() or before[-1] in "$€£#"):
        return False
    previous = _word_before(sentence, m.start("y"))
    if previous.lower() in _NON_YEAR_LEADS:
        return False
    if previous[:1].isupper() and previous.lower() not in _YEAR_LEADS and not previous.endswith(("'s", "’s")):
        return False  # a name such as "Agenda 2030", "Euro 2024" (but "Xland's 2014 annexation" is a year)
    following = _word_after(sentence, m.end("y"))
    if following.lower() in _QUANTITY_WORDS:
        return False
    return not (following.islower() and len(following) > 3 and following.endswith("s")
                and not following.endswith(("ss", "us", "is", "'s", "’s")) and following not in _NOT_PLURAL)


def _plausible_month(m: re.Match, sentence: str) -> bool:
    groups = m.groupdict()
    if groups["prep"] or groups.get("mod") or groups["y"] or groups.get("yr"):
        return True
    return _word_before(sentence, m.start()).lower() in _MONTH_LEADS


def _plausible_weekday(m: re.Match, sentence: str) -> bool:
    if _word_before(sentence, m.start("wd")).lower() in _WEEKDAY_PREFIXES:
        return False
    if m["on"] or m["mod"] or m["daypart"] or m["edge"]:
        return True
    following = _word_after(sentence, m.end())
    return not (following[:1].isupper() and following not in _MONTH_NAMES)  # "the Sunday Times"


def _plausible_season(m: re.Match, sentence: str) -> bool:
    if re.match(r"\s+of\b", sentence[m.end():]):
        return False  # "the fall of ..."
    if m["mod"] or m["y"]:
        return True
    return bool(m["prep"]) or _word_before(sentence, m.start()).lower() in _SEASON_LEADS


# --------------------------------------------------------------------------------------------------
# The grammar: (patterns, resolver, plausibility check for finding).


@dataclass(frozen=True)
class _Form:
    patterns: tuple[re.Pattern, ...]
    resolve: Callable[[re.Match, _Context], _Resolved | None]
    plausible: Callable[[re.Match, str], bool]


def _always(m: re.Match, sentence: str) -> bool:
    return True


def _form(patterns: str | tuple[str, ...], resolve, plausible=_always) -> _Form:
    patterns = (patterns,) if isinstance(patterns, str) else patterns
    return _Form(tuple(_compile(p) for p in patterns), resolve, plausible)


_ON = r"(?:(?P<on>(?i:on)) )?"
_IN = r"(?:(?P<prep>(?i:in|during)) )?"
_WRITTEN_YEAR = rf"(?:,? (?P<y>{_YEAR})|{_REL_YEAR})?"
_WEEKDAY_FORM = (rf"{_ON}(?:(?P<edge>(?i:early|late)) (?:(?i:on) )?)?"
                 rf"(?:(?P<mod>(?i:this past|this coming|last|next|this)) )?(?P<wd>{_WEEKDAY})"
                 r"(?:(?: |-)(?P<daypart>(?i:morning|afternoon|evening|night))(?!\w))?")
_WRITTEN_DAY_FORMS = (rf"{_ON}(?:{_WEEKDAY},? )?(?P<md>{_MD}){_WRITTEN_YEAR}",
                      rf"{_ON}(?:{_WEEKDAY},? )?(?P<md>{_DM}){_WRITTEN_YEAR}")
_NUMERIC_FORMS = (rf"{_ON}(?P<iso>{_YEAR_DIGITS}-[01]\d-[0-3]\d)(?![\w\-–/]|[.,]\d)",
                  rf"{_ON}(?<![\d.\-/])(?P<a>\d{{1,2}})(?P<sep>[./])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})")
_RELATIVE_DAY_FORM = (r"(?i:the day before yesterday|the day after tomorrow|(?:earlier|later) today|today|tonight"
                      r"|this (?:morning|afternoon|evening)|last night"
                      r"|(?:yesterday|tomorrow)(?: (?:morning|afternoon|evening|night))?)(?!\w)")


def _ungrouped(pattern: str) -> str:
    """The pattern with its named groups made non-capturing, for use inside another pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace("(?P=sep)", "[./]")


_SINGLE_DAY = "(?:" + "|".join(_ungrouped(p) for p in (*_WRITTEN_DAY_FORMS, *_NUMERIC_FORMS, _WEEKDAY_FORM,
                                                        _RELATIVE_DAY_FORM)) + ")"

_FORMS: tuple[_Form, ...] = (
    _form(_WRITTEN_DAY_FORMS, _written_day),
    _form(_NUMERIC_FORMS, _numeric_day),
    _form(_WEEKDAY_FORM, _weekday, _plausible_weekday),
    _form(_RELATIVE_DAY_FORM, _relative_day),
    _form(rf"(?:(?P<into>(?i:in)) )?(?P<n>{_NUMBER}) (?P<unit>{_UNIT})(?: (?P<ago>(?i:ago))(?!\w))?", _counted),
    _form(r"(?:(?i:a few|several|some|a couple of) )?(?i:days ago)(?!\w)", _days_ago),
    _form(r"(?P<w>(?i:(?:earlier|later) this week|this week|last week|next week|(?:this|the) past week))(?!\w)",
          _week),
    _form(r"(?:(?i:over|at|on|during) )?(?P<mod>(?i:this past|this coming|the|this|last|next)) (?i:weekend)(?!\w)",
          _weekend),
    _form(r"(?P<w>(?i:(?:earlier|later) this month|this month|last month|next month))(?!\w)", _relative_month),
    _form(r"(?P<w>(?i:(?:earlier|later) this year|this year|last year|next year))(?!\w)", _relative_year),
    _form((rf"{_IN}(?:(?P<mod>(?i:this past|this coming|last|next|this)) )?(?P<mon>{_MONTH_FULL})"
           rf"(?:(?:,| (?i:of))? (?P<y>{_YEAR})|{_REL_YEAR})?",
           rf"{_IN}(?P<mon>{_MONTH_ABBR}) (?P<y>{_YEAR})"), _month, _plausible_month),
    _form(rf"(?:(?i:in|at) )?{_PART}"
          rf"(?:(?P<mon>{_MONTH_FULL}){_WRITTEN_YEAR}|(?P<rel>(?i:this|last|next|the)) (?i:month)(?!\w))",
          _part_of_month),
    _form(rf"(?:(?i:in|at) )?{_PART}(?:(?P<y>{_YEAR})|(?P<rel>(?i:this|last|next|the)) (?i:year)(?!\w))",
          _part_of_year),
    _form(rf"{_IN}(?:(?i:the) )?(?:(?P<mod>(?i:this past|this coming|this|last|next|past)) )?(?P<season>{_SEASON})"
          rf"(?:(?: (?i:of))? (?P<y>{_YEAR_DIGITS})(?:[/-](?:\d\d|{_YEAR_DIGITS}))?{_YEAR_END}|{_REL_YEAR})?",
          _season, _plausible_season),
    _form((rf"{_IN}(?P<q>Q[1-4])(?:(?: |/)(?P<y>{_YEAR}))?(?!\w)",
           rf"{_IN}(?:(?i:the) )?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))(?:-| )"
           rf"(?i:quarter)(?!\w)(?:(?: (?i:of))? (?P<y>{_YEAR})|{_REL_YEAR}| (?i:of the year)(?!\w))?",
           rf"{_IN}(?:(?i:the) )?(?P<rel>(?i:this|next|current|previous)) (?i:quarter)(?!\w)"), _quarter),
    _form((rf"{_IN}(?:(?i:the) )?(?P<ord>(?i:first|second|1st|2nd))(?:-| )(?i:half) (?i:of) "
           rf"(?:(?P<y>{_YEAR})|(?P<yr>(?i:last|this|next)) (?i:year)|(?i:the year))(?!\w)",
           rf"{_IN}(?P<h>H[12]) (?P<y>{_YEAR})"), _half),
    _form(rf"{_IN}{_YEAR_BEFORE}(?P<y>{_YEAR})", _year, _plausible_year),
    _form(rf"(?P<span>(?:(?i:a few|several|some) )?(?i:days)|(?i:the|a) (?i:day)) (?P<dir>(?i:after|before)) "
          rf"(?P<inner>{_SINGLE_DAY})", _days_around),
    _form((rf"(?i:from|between) (?P<a>{_MD}|{_DM})(?:,? (?P<ay>{_YEAR}))?{_CONNECT}"
           rf"(?P<b>{_MD}|{_DM})(?:,? (?P<by>{_YEAR}))?",
           rf"(?P<a>{_MD}|{_DM})(?:,? (?P<ay>{_YEAR}))?\s*[-–]\s*(?P<b>{_MD}|{_DM})(?:,? (?P<by>{_YEAR}))?",
           rf"(?:(?i:from|between) )?(?P<mon>{_MONTH_ANY}) (?P<d1>{_DAY}){_CONNECT}(?P<d2>{_DAY})"
           rf"(?:,? (?P<y>{_YEAR}))?",
           rf"(?:(?i:from|between) )?{_DAY_BEFORE}(?P<d1>{_DAY}){_CONNECT}(?P<d2>{_DAY}) (?:(?i:of) )?"
           rf"(?P<mon>{_MONTH_ANY})(?:,? (?P<y>{_YEAR}))?"), _day_range),
    _form((rf"(?i:from|between) (?P<m1>{_MONTH_FULL})(?:,? (?P<y1>{_YEAR}))? (?i:to|and|until|till|through) "
           rf"(?P<m2>{_MONTH_FULL})(?:,? (?P<y2>{_YEAR}))?",
           rf"(?P<m1>{_MONTH_FULL})(?: (?P<y1>{_YEAR_DIGITS}))?\s*[-–/]\s*"
           rf"(?P<m2>{_MONTH_FULL})(?:,? (?P<y2>{_YEAR}))?"),
          _month_range),
    _form((rf"(?i:from|between) {_YEAR_BEFORE}(?P<y1>{_YEAR}) (?i:to|and|until|till|through) (?P<y2>{_YEAR})",
           rf"{_YEAR_BEFORE}(?P<y1>{_YEAR_DIGITS})\s*[-–]\s*(?P<y2>{_YEAR_DIGITS}|\d\d){_YEAR_END}"), _year_range),
)


def _resolve_text(text: str, ctx: _Context) -> _Resolved | None:
    """Resolve one whole expression with the first form that reads it as a valid date."""
    text = text.strip()
    for form in _FORMS:
        for pattern in form.patterns:
            m = pattern.fullmatch(text)
            if m:
                resolved = form.resolve(m, ctx)
                if resolved is not None:
                    return resolved
    return None


# --------------------------------------------------------------------------------------------------
# Tense: does the expression, or the verb of its clause, point forward?

_FORWARD = re.compile(rf"(?i)\b(?:next|tomorrow|later|coming)\b|^in\s+{_NUMBER}\s+{_UNIT}$")
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
    """Future and past-tense markers in text as (start, end, is_future); past ones inside future ones dropped."""
    future = [(f.start(), f.end(), True) for f in _FUTURE_MARKER.finditer(text)
              if not (f[0].lower() == "will" and _word_before(text, f.start()).lower() in _NOUN_WILL_BEFORE)]
    past = [(p.start(), p.end(), False) for p in _PAST_MARKER.finditer(text)
            if not any(s <= p.start() < e for s, e, _ in future)]
    return future + past


_CLAUSE_BREAK = re.compile(r'[;:—–"“”«»]|\s-\s')


def _future_tense(sentence: str, start: int, end: int) -> bool:
    """The last tense marker before the expression decides; with none, the first one after it.

    Both looks stop at a clause break: ; : dashes and quotation marks (so a dateline "City, March 3:"
    takes no tense from the report that follows it).
    """
    before = _CLAUSE_BREAK.split(sentence[:start])[-1]
    found = _markers(before)
    if found:
        return max(found, key=lambda marker: (marker[1], marker[2]))[2]
    after = _CLAUSE_BREAK.split(sentence[end:])[0]
    found = _markers(after)
    return min(found, key=lambda marker: (marker[0], not marker[2]))[2] if found else False


# --------------------------------------------------------------------------------------------------
# Public API


def find_time_expressions(sentence: str) -> list[TimeExpression]:
    """All temporal expressions in the sentence, left to right, non-overlapping, longest match.

    Every form of the module docstring is tried at every word start; look-alikes are rejected (quantities,
    names, a bare month or season without a preposition); among overlapping candidates the longest wins
    (then the leftmost). ``future`` is set when the expression itself points forward ("next week",
    "tomorrow", "later this year", "in two weeks") or the tense marker nearest before it is future ("will",
    "'ll", "is/are to", "is due to", "is expected to", "plans to", "scheduled for"; past markers are "said",
    "was", "had", verbs in -ed, ...); an expression with no marker before it ("On Thursday, leaders will
    meet") takes the first marker after it. Markers are looked for up to a clause break (; : dashes quotes).
    """
    return list(_find_time_expressions(sentence))


@lru_cache(maxsize=4096)
def _find_time_expressions(sentence: str) -> tuple[TimeExpression, ...]:
    if not _TIME_WORD.search(sentence):
        return ()  # no digit and no calendar word: nothing to find (most sentences)
    candidates: list[tuple[int, int]] = []
    no_publication = _Context(None, False)
    starts = [m.start() for m in _WORD_START.finditer(sentence) if sentence[m.start()].isalnum()]
    for form in _FORMS:
        for pattern in form.patterns:
            for start in starts:  # expressions begin at a word start
                m = pattern.match(sentence, start)
                if m is None or m.end() == start or not form.plausible(m, sentence):
                    continue
                try:
                    valid = form.resolve(m, no_publication) is not None
                except _NeedsPublication:
                    valid = True
                if valid:
                    candidates.append((m.start(), m.end()))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(candidates), key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return tuple(TimeExpression(sentence[s:e], s, e,
                                bool(_FORWARD.search(sentence[s:e])) or _future_tense(sentence, s, e))
                 for s, e in sorted(chosen))


_WORD_START = re.compile(r"(?<!\w)\w")
# Every supported form holds a digit or one of these words; a sentence with none has no time expression.
_TIME_WORD = re.compile(
    r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|"
    r"\b(?:yesterday|today|tomorrow|tonight|morning|afternoon|evening|night|week|weeks|weekend|month|months|year|"
    r"years|spring|summer|autumn|fall|winter|quarter|half|ago|days?|decade|q[1-4]|h[12])\b",
    re.IGNORECASE)


@lru_cache(maxsize=16384)
def resolve_date(expression: str, published: dt.date | None, future: bool = False) -> DateSpan | None:
    """Resolve ONE expression (as returned by find_time_expressions) against the publication date.

    None when it is not a time expression (or names no valid day, e.g. "February 30"). When published is
    None and the expression is relative (needs the publication date: weekdays, month-day without year,
    last/next week, this month, yesterday...), return DateSpan(None, None, "unknown", "unknown", expression).
    Absolute expressions ("15 February 2025", "early 2024", "Q1 2025") resolve without a publication date.
    ``future`` is the tense of the clause; expressions with a direction of their own ("next week",
    "last Thursday", "tomorrow") ignore it.
    """
    try:
        resolved = _resolve_text(expression, _Context(published, future))
    except _NeedsPublication:
        return DateSpan(None, None, "unknown", "unknown", expression)
    if resolved is None:
        return None
    start, end, precision = resolved
    return DateSpan(start, end, precision, "text", expression)


def published_span(published: dt.date | None) -> DateSpan:
    """The publication day (precision day, basis published), or unknown when published is None."""
    if published is None:
        return DateSpan(None, None, "unknown", "unknown")
    return DateSpan(published, published, "day", "published")
