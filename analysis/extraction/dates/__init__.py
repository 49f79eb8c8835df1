"""Temporal expressions in English news sentences, resolved against the article's publication date.

Implements the "Dates" section of the codebook. The modules:

- model: what the package returns (DateSpan, TimeExpression, PRECISIONS, published_span);
- grammar: the forms below as regex patterns, each with its resolver and look-alike check;
  find_time_expressions finds the expressions of a sentence, resolve_date reads one;
- resolve: one resolver per form; spans: the calendar arithmetic; plausible: the look-alikes; words: month and
  weekday names and the regex building blocks;
- tense: past or future, read from the plain text (find_time_expressions) or from the parse (date_of);
- anchor: date_of, the date of a statement or event in a parsed sentence.

A regex grammar of our own *finds* the expressions (so the spans, the longest match and the rejection of
look-alikes are under control) and resolves the periods of the codebook table itself: parts of months and
years, seasons, weekends, quarters, halves, ranges, the days before or after a day (no maintained library
reads these). dateparser carries

- the written days ("Feb. 15", "Sept 5th", "the 15th of February", "MARCH 3"): it reads their month and day;
- the relative forms whose answer equals the rules below: "today", "tonight", "this morning/afternoon/evening",
  "yesterday", "last night", "tomorrow" (also with a part of the day), "the day before yesterday", "the day
  after tomorrow", "N days/weeks/months/years ago", "in N days/weeks/months/years", "this/last/next week",
  "this/last/next month", "this/last/next year". Its relative-time parser moves the publication day
  (RELATIVE_BASE) and the span is the day, Monday-Sunday week, calendar month or year containing the day
  it reaches (which is the rule).

Ours stay: weekdays (dateparser's PREFER_DATES_FROM past and future both skip the publication day, which
the rule includes, and it reads "this Thursday" forward whatever the tense), the choice of the year of a day,
month or season written without one (the same skip), numeric days (dateparser reads "2025-13-01" as 13
January), and "earlier/later today, this week, month, year", "the past week", "days ago", the weekends and
the periods above, which dateparser does not read or reads as one day ("Q1 2025" is the publication day).
Which of two readings wins, and whether a text is an expression at all ("in two weeks ago" is none), is the
grammar's decision: dateparser only does the arithmetic of a form the grammar has accepted.

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
quantity), "Resolution 2231", "G7", "COVID-19", "F-16s", "may" as a verb, a lowercase "march", the
surname "May", "the Sunday Times", "Good Friday", "the fall of ...", times of day.
"""

from .anchor import date_of
from .grammar import find_time_expressions, latest_day_named, resolve_date
from .model import PRECISIONS, DateSpan, TimeExpression, published_span

__all__ = [
    "PRECISIONS",
    "DateSpan",
    "TimeExpression",
    "date_of",
    "find_time_expressions",
    "published_span",
    "resolve_date",
]
