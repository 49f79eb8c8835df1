"""Property tests for analysis.extraction.dates: nothing raises, spans are ordered and lie in the documented window.

Window (package docstring of analysis.extraction.dates): an absolute expression resolves the same with or without a
publication date, within the years 1899..2101; a relative one lies within three years of publication, plus
the count for "N units ago"/"in N units" and one more year for a yearless "February 29".
"""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extraction.dates import PRECISIONS, DateSpan, find_time_expressions, resolve_date

FUZZ = settings(deadline=None, database=None)  # no example files in the repository; examples: tests/conftest.py

publication_dates = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Feb.", "Feb", "Sept.", "Dec", "MARCH"]
FULL_MONTHS = MONTHS[:12]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SEASONS = ["spring", "summer", "autumn", "fall", "winter"]
ORDINALS = ["first", "second", "third", "fourth", "last"]
UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
FIXED = ["yesterday", "today", "tomorrow", "tonight", "this morning", "last night", "the day before yesterday",
         "the day after tomorrow", "last week", "next week", "this week", "earlier this week", "later this week",
         "the past week", "days ago", "a few days ago", "the weekend", "over the weekend", "this weekend",
         "last weekend", "next weekend", "this month", "last month", "next month", "earlier this month",
         "later this month", "this year", "last year", "next year", "earlier this year", "later this year",
         "the end of the month", "early next month", "late last month", "the end of the year",
         "early this year", "late last year", "last quarter", "this quarter", "next quarter", "the third quarter",
         "Q4", "first-quarter"]

years = st.integers(1900, 2100)
optional_year = st.one_of(st.just(""), years.map(lambda y: f", {y}"), years.map(lambda y: f" {y}"),
                          st.sampled_from([" last year", " next year", " of this year"]))
days = st.integers(1, 31)


def ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


@st.composite
def day_expressions(draw):
    month, day, year = draw(st.sampled_from(MONTHS)), draw(days), draw(optional_year)
    day_text = draw(st.sampled_from([str(day), ordinal(day)]))
    form = draw(st.sampled_from([f"{month} {day_text}{year}", f"{day_text} {month}{year.replace(',', '')}",
                                 f"on {month} {day_text}{year}", f"the {ordinal(day)} of {month}{year}"]))
    return form


@st.composite
def numeric_days(draw):
    year, month, day = draw(years), draw(st.integers(1, 13)), draw(days)
    return draw(st.sampled_from([f"{year}-{month:02}-{day:02}", f"{day:02}.{month:02}.{year}",
                                 f"{month}/{day}/{year}", f"{day}/{month}/{year}"]))


@st.composite
def weekday_expressions(draw):
    prefix = draw(st.sampled_from(["", "on ", "last ", "next ", "this ", "this past ", "this coming ", "late on "]))
    part = draw(st.sampled_from(["", " morning", " night", " evening"]))
    return f"{prefix}{draw(st.sampled_from(WEEKDAYS))}{part}"


@st.composite
def period_expressions(draw):
    month, year, season = draw(st.sampled_from(FULL_MONTHS)), draw(years), draw(st.sampled_from(SEASONS))
    part = draw(st.sampled_from(["early ", "mid-", "mid ", "late ", "the end of ", "the start of ",
                                 "the middle of ", "in early "]))
    modifier = draw(st.sampled_from(["this ", "last ", "next ", "this past ", "in the ", "in "]))
    return draw(st.sampled_from([
        f"in {month}", f"{month} {year}", f"{modifier}{month}", f"{month} of last year", f"{part}{month}",
        f"{part}{month} {year}", f"{part}{year}", f"{part}this year", f"{part}last year", f"{season} {year}",
        f"{modifier}{season}", f"the {season} of {year}", f"{season} {year}/{(year + 1) % 100:02}",
        f"Q{draw(st.integers(1, 4))} {year}", f"the {draw(st.sampled_from(ORDINALS))} quarter of {year}",
        f"the first half of {year}", f"H2 {year}", str(year), f"in {year}",
    ]))


@st.composite
def range_expressions(draw):
    m1, m2 = draw(st.sampled_from(FULL_MONTHS)), draw(st.sampled_from(FULL_MONTHS))
    d1, d2, y1, y2 = draw(days), draw(days), draw(years), draw(years)
    return draw(st.sampled_from([
        f"between {m1} {d1} and {m2} {d2}", f"from {d1} to {d2} {m1}", f"{m1} {d1}-{d2}", f"{d1}-{d2} {m1} {y1}",
        f"from {m1} {d1} to {m2} {d2}, {y2}", f"from {m1} to {m2}", f"between {m1} and {m2} {y2}",
        f"{m1}–{m2} {y1}", f"between {y1} and {y2}", f"from {y1} to {y2}", f"{y1}-{y2 % 100:02}",
    ]))


@st.composite
def counted_expressions(draw):
    """(text, extra days of window): the count moves the span away from publication."""
    number = draw(st.one_of(st.sampled_from(["a", "an", "one", "two", "twelve"]), st.integers(1, 99).map(str)))
    unit = draw(st.sampled_from(list(UNIT_DAYS)))
    count = int(number) if number.isdigit() else {"a": 1, "an": 1, "one": 1, "two": 2, "twelve": 12}[number]
    plural = unit if count == 1 and not number.isdigit() else unit + "s"
    text = draw(st.sampled_from([f"{number} {plural} ago", f"in {number} {plural}"]))
    return text, (count + 1) * UNIT_DAYS[unit]


@st.composite
def anchored_expressions(draw):
    inner = draw(st.one_of(day_expressions(), weekday_expressions(), st.sampled_from(["yesterday", "tomorrow"])))
    return f"{draw(st.sampled_from(['days after', 'days before', 'the day after', 'a few days after']))} {inner}"


expressions = st.one_of(
    st.tuples(st.one_of(day_expressions(), numeric_days(), weekday_expressions(), period_expressions(),
                        range_expressions(), anchored_expressions(), st.sampled_from(FIXED)), st.just(0)),
    counted_expressions(),
)

YEARLESS_LEAP_DAY = re.compile(r"(Feb\w*\.? 29|29(?:th)? (?:of )?Feb)")


@FUZZ
@given(publication_dates, expressions, st.booleans())
def test_grammar_resolves_within_window(published, expression_and_slack, future):
    expression, slack = expression_and_slack
    resolved = resolve_date(expression, published, future)
    if resolved is None:  # no valid day ("February 31", "February 29 last year" in 2001) or an unread combination
        assert resolve_date(expression, None, future) in (None, DateSpan(None, None, "unknown", "unknown", expression))
        return
    assert resolved.basis == "text" and resolved.text == expression
    assert resolved.precision in PRECISIONS and resolved.precision != "unknown"
    assert resolved.start <= resolved.end
    without_publication = resolve_date(expression, None, future)
    if without_publication.basis == "text":  # absolute: independent of the publication date
        assert without_publication == resolved
        assert 1899 <= resolved.start.year and resolved.end.year <= 2101
    else:
        assert without_publication.precision == "unknown" and without_publication.start is None
        if YEARLESS_LEAP_DAY.search(expression):
            slack += 366
        window = dt.timedelta(days=3 * 366 + slack)
        assert published - window <= resolved.start and resolved.end <= published + window


@FUZZ
@given(publication_dates, expressions)
def test_grammar_expression_is_found_in_a_sentence(published, expression_and_slack):
    expression = expression_and_slack[0]
    if resolve_date(expression, published) is None:
        return
    sentence = f"Officials said {expression} that talks continued."
    found = find_time_expressions(sentence)
    assert [e.text for e in found] == [expression]
    assert found[0].char_start == len("Officials said ")


TOKENS = ["on", "in", "last", "next", "this", "the", "of", "from", "to", "between", "and", "days", "after",
          "ago", "early", "mid-", "late", "week", "weekend", "month", "year", "quarter", "Q1", "spring", "fall",
          "March", "May", "may", "Feb.", "Thursday", "Sunday", "night", "15", "3rd", "29", "31", "2024", "2,000",
          "1999", "2100", "2101", "12.05.2025", "2025-02-30", "troops", "Article", "G7", "COVID-19", ",", ":",
          "—", "-", '"', "“", "”", "will", "said", "is", "to", "Good", "Friday", "two", "a", "2022-24"]


def check_found(sentence: str, published: dt.date) -> None:
    found = find_time_expressions(sentence)
    previous_end = 0
    for e in found:
        assert sentence[e.char_start:e.char_end] == e.text and e.text
        assert e.char_start >= previous_end  # left to right, non-overlapping
        previous_end = e.char_end
        assert resolve_date(e.text, None) is not None  # everything found reads as a time expression
        resolved = resolve_date(e.text, published, e.future)
        assert resolved is None or resolved.start is None or resolved.start <= resolved.end


@FUZZ
@given(st.text(max_size=200), publication_dates)
def test_arbitrary_text_never_raises(sentence, published):
    check_found(sentence, published)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join), publication_dates)
def test_token_soup_never_raises(sentence, published):
    check_found(sentence, published)


@FUZZ
@given(st.text(max_size=60), st.one_of(st.none(), publication_dates), st.booleans())
def test_resolve_arbitrary_text_never_raises(text, published, future):
    resolved = resolve_date(text, published, future)
    assert resolved is None or resolved.precision in PRECISIONS
