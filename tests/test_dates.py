"""Tests for analysis.extraction.dates: finding temporal expressions, resolving them against a publication date,
and dating a statement in a parsed sentence (date_of, the tense read from the parse).

Publication dates are fixed; SAT is Saturday 2025-02-15 (the seed article's date), WED Wednesday 2025-02-12.
"""

import datetime as dt

import pytest

from analysis.extraction.dates import (
    PRECISIONS,
    DateSpan,
    TimeExpression,
    date_of,
    find_time_expressions,
    published_span,
    resolve_date,
)

D = dt.date.fromisoformat
SAT = D("2025-02-15")
WED = D("2025-02-12")


def span(expression, published, future=False):
    resolved = resolve_date(expression, published, future)
    assert resolved is not None, expression
    assert resolved.basis == "text" and resolved.text == expression
    assert resolved.precision in PRECISIONS
    return resolved.start.isoformat(), resolved.end.isoformat(), resolved.precision


def texts(sentence):
    return [e.text for e in find_time_expressions(sentence)]


# --- weekdays -------------------------------------------------------------------------------------

@pytest.mark.parametrize("expression, published, future, day", [
    ("on Thursday", SAT, False, "2025-02-13"),
    ("Thursday", SAT, False, "2025-02-13"),
    ("on Saturday", SAT, False, "2025-02-15"),  # the publication weekday is the publication day
    ("Saturday", SAT, True, "2025-02-15"),  # also in the future tense
    ("on Sunday", SAT, False, "2025-02-09"),
    ("on Sunday", SAT, True, "2025-02-16"),
    ("on Thursday", SAT, True, "2025-02-20"),
    ("on Friday", WED, True, "2025-02-14"),
    ("on Friday", WED, False, "2025-02-07"),
    ("last Thursday", SAT, False, "2025-02-13"),
    ("last Saturday", SAT, False, "2025-02-08"),  # strictly before publication
    ("last Saturday", SAT, True, "2025-02-08"),  # "last" ignores the tense
    ("next Saturday", SAT, False, "2025-02-22"),  # strictly after publication
    ("next Thursday", SAT, False, "2025-02-20"),
    ("next Sunday", SAT, False, "2025-02-16"),
    ("this past Friday", SAT, False, "2025-02-14"),
    ("this coming Monday", SAT, False, "2025-02-17"),
    ("this Thursday", WED, True, "2025-02-13"),
    ("on Sunday night", SAT, False, "2025-02-09"),
    ("Monday morning", SAT, False, "2025-02-10"),
    ("late on Sunday", WED, False, "2025-02-09"),
    ("Friday", D("2025-01-01"), False, "2024-12-27"),  # across the year boundary
    ("on Monday", D("2024-12-30"), True, "2024-12-30"),
    ("on Tuesday", D("2024-12-30"), True, "2024-12-31"),
    ("on Wednesday", D("2024-12-30"), True, "2025-01-01"),
])
def test_weekday(expression, published, future, day):
    assert span(expression, published, future) == (day, day, "day")


# --- days written without a year -----------------------------------------------------------------------

@pytest.mark.parametrize("expression, published, future, day", [
    ("February 15", SAT, False, "2025-02-15"),
    ("February 15", SAT, True, "2025-02-15"),  # the publication day is neither past nor future
    ("February 16", SAT, False, "2024-02-16"),
    ("February 16", SAT, True, "2025-02-16"),
    ("February 14", SAT, False, "2025-02-14"),
    ("February 14", SAT, True, "2026-02-14"),
    ("December 30", D("2025-01-02"), False, "2024-12-30"),
    ("January 3", D("2024-12-28"), True, "2025-01-03"),
    ("January 3", D("2024-12-28"), False, "2024-01-03"),
    ("Feb. 15", SAT, False, "2025-02-15"),
    ("Feb 12", SAT, False, "2025-02-12"),
    ("15 February", SAT, False, "2025-02-15"),
    ("15 Feb.", SAT, False, "2025-02-15"),
    ("on March 3rd", SAT, False, "2024-03-03"),
    ("on March 3rd", SAT, True, "2025-03-03"),
    ("the 15th of February", SAT, False, "2025-02-15"),
    ("1st March", SAT, True, "2025-03-01"),
    ("Sept. 5", SAT, False, "2024-09-05"),
    ("MARCH 3", D("2025-03-10"), False, "2025-03-03"),
    ("March 3 last year", SAT, False, "2024-03-03"),
    ("on 3 March next year", SAT, False, "2026-03-03"),
    ("February 29", D("2026-03-01"), False, "2024-02-29"),  # the nearest leap day
    ("February 29", D("2025-03-01"), True, "2028-02-29"),
])
def test_day_without_year(expression, published, future, day):
    assert span(expression, published, future) == (day, day, "day")


@pytest.mark.parametrize("expression", [
    "15 February 2025", "February 15, 2025", "February 15 2025", "Feb. 15, 2025", "Feb 15th 2025",
    "on 15 February 2025", "the 15th of February 2025", "Saturday, February 15, 2025", "2025-02-15",
    "15.02.2025", "15/02/2025", "02/15/2025", "on 15.02.2025",
])
def test_explicit_day_needs_no_publication_date(expression):
    assert span(expression, None) == ("2025-02-15", "2025-02-15", "day")
    assert span(expression, D("1999-07-01"), future=True) == ("2025-02-15", "2025-02-15", "day")


@pytest.mark.parametrize("expression", [
    "03.04.2025",  # 3 April or 4 March: ambiguous
    "04/03/2025",
    "February 30, 2025",
    "February 29, 2025",
    "31 April 2025",
    "2025-13-01",
    "February 30",
])
def test_invalid_or_ambiguous_day_is_none(expression):
    assert resolve_date(expression, SAT) is None
    assert resolve_date(expression, None) is None


def test_same_number_twice_is_unambiguous():
    assert span("05.05.2025", None) == ("2025-05-05", "2025-05-05", "day")


# --- yesterday, today, tomorrow ------------------------------------------------------------------------

@pytest.mark.parametrize("expression, day", [
    ("yesterday", "2025-02-14"),
    ("today", "2025-02-15"),
    ("Today", "2025-02-15"),
    ("tonight", "2025-02-15"),
    ("this morning", "2025-02-15"),
    ("earlier today", "2025-02-15"),
    ("tomorrow", "2025-02-16"),
    ("tomorrow evening", "2025-02-16"),
    ("yesterday morning", "2025-02-14"),
    ("last night", "2025-02-14"),
    ("the day before yesterday", "2025-02-13"),
    ("the day after tomorrow", "2025-02-17"),
])
def test_relative_day(expression, day):
    assert span(expression, SAT) == (day, day, "day")


# --- weeks and weekends ----------------------------------------------------------------------------

@pytest.mark.parametrize("expression, published, start, end", [
    ("last week", SAT, "2025-02-03", "2025-02-09"),
    ("last week", D("2025-02-10"), "2025-02-03", "2025-02-09"),  # a Monday
    ("last week", D("2025-01-02"), "2024-12-23", "2024-12-29"),
    ("next week", SAT, "2025-02-17", "2025-02-23"),
    ("next week", D("2024-12-30"), "2025-01-06", "2025-01-12"),
    ("this week", WED, "2025-02-10", "2025-02-16"),
    ("earlier this week", SAT, "2025-02-10", "2025-02-15"),
    ("earlier this week", D("2025-02-10"), "2025-02-10", "2025-02-10"),
    ("later this week", WED, "2025-02-13", "2025-02-16"),
    ("later this week", D("2025-02-16"), "2025-02-16", "2025-02-16"),  # a Sunday: nothing is left
    ("the past week", SAT, "2025-02-09", "2025-02-15"),
    ("days ago", SAT, "2025-02-08", "2025-02-14"),
    ("a few days ago", SAT, "2025-02-08", "2025-02-14"),
    ("the weekend", WED, "2025-02-08", "2025-02-09"),
    ("over the weekend", SAT, "2025-02-15", "2025-02-16"),
    ("at the weekend", D("2025-02-16"), "2025-02-15", "2025-02-16"),
    ("this weekend", WED, "2025-02-15", "2025-02-16"),
    ("last weekend", WED, "2025-02-08", "2025-02-09"),
    ("last weekend", SAT, "2025-02-08", "2025-02-09"),
    ("next weekend", WED, "2025-02-15", "2025-02-16"),
    ("next weekend", SAT, "2025-02-22", "2025-02-23"),
])
def test_week(expression, published, start, end):
    assert span(expression, published) == (start, end, "week")


def test_the_weekend_in_the_future_tense():
    assert span("the weekend", WED, future=True) == ("2025-02-15", "2025-02-16", "week")


# --- months ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("expression, published, future, start, end", [
    ("this month", SAT, False, "2025-02-01", "2025-02-28"),
    ("earlier this month", SAT, False, "2025-02-01", "2025-02-15"),
    ("later this month", SAT, False, "2025-02-16", "2025-02-28"),
    ("later this month", D("2025-02-28"), False, "2025-02-28", "2025-02-28"),
    ("last month", SAT, False, "2025-01-01", "2025-01-31"),
    ("last month", D("2025-01-10"), False, "2024-12-01", "2024-12-31"),
    ("next month", D("2024-12-10"), False, "2025-01-01", "2025-01-31"),
    ("next month", D("2024-01-31"), False, "2024-02-01", "2024-02-29"),
    ("in March", SAT, False, "2024-03-01", "2024-03-31"),
    ("in March", SAT, True, "2025-03-01", "2025-03-31"),
    ("in February", SAT, False, "2025-02-01", "2025-02-28"),
    ("in February", SAT, True, "2025-02-01", "2025-02-28"),
    ("in January", SAT, True, "2026-01-01", "2026-01-31"),
    ("in May", SAT, False, "2024-05-01", "2024-05-31"),
    ("December", D("2025-01-02"), False, "2024-12-01", "2024-12-31"),
    ("March 2025", None, False, "2025-03-01", "2025-03-31"),
    ("Feb. 2024", None, False, "2024-02-01", "2024-02-29"),
    ("in March of 2023", None, False, "2023-03-01", "2023-03-31"),
    ("last March", SAT, False, "2024-03-01", "2024-03-31"),
    ("last January", SAT, False, "2025-01-01", "2025-01-31"),
    ("last February", SAT, False, "2024-02-01", "2024-02-29"),  # the current month is not "last"
    ("next March", SAT, False, "2025-03-01", "2025-03-31"),
    ("next February", SAT, False, "2026-02-01", "2026-02-28"),
    ("this March", SAT, False, "2025-03-01", "2025-03-31"),
    ("this March", D("2025-11-20"), False, "2026-03-01", "2026-03-31"),  # "this": the nearest March
    ("March of last year", SAT, False, "2024-03-01", "2024-03-31"),
    ("in June this year", SAT, False, "2025-06-01", "2025-06-30"),
])
def test_month(expression, published, future, start, end):
    assert span(expression, published, future) == (start, end, "month")


@pytest.mark.parametrize("expression, published, future, start, end", [
    ("early March", SAT, False, "2024-03-01", "2024-03-10"),
    ("early March", SAT, True, "2025-03-01", "2025-03-10"),
    ("mid-February", SAT, False, "2025-02-11", "2025-02-20"),
    ("mid February", SAT, False, "2025-02-11", "2025-02-20"),
    ("late February", SAT, False, "2024-02-21", "2024-02-29"),
    ("late February", SAT, True, "2025-02-21", "2025-02-28"),
    ("in late January", SAT, False, "2025-01-21", "2025-01-31"),
    ("late March", None, False, None, None),
    ("early March 2025", None, False, "2025-03-01", "2025-03-10"),
    ("mid-March 2024", None, False, "2024-03-11", "2024-03-20"),
    ("late April 2025", None, False, "2025-04-21", "2025-04-30"),
    ("the end of March 2025", None, False, "2025-03-21", "2025-03-31"),
    ("the beginning of June 2025", None, False, "2025-06-01", "2025-06-10"),
    ("the middle of January 2025", None, False, "2025-01-11", "2025-01-20"),
    ("late December last year", SAT, False, "2024-12-21", "2024-12-31"),
    ("the end of this month", SAT, False, "2025-02-21", "2025-02-28"),
    ("the end of the month", SAT, False, "2025-02-21", "2025-02-28"),
    ("early next month", SAT, False, "2025-03-01", "2025-03-10"),
    ("late last month", SAT, False, "2025-01-21", "2025-01-31"),
])
def test_part_of_month(expression, published, future, start, end):
    resolved = resolve_date(expression, published, future)
    if start is None:
        assert resolved == DateSpan(None, None, "unknown", "unknown", expression)
    else:
        assert span(expression, published, future) == (start, end, "week")


# --- years and parts of years ------------------------------------------------------------------------

@pytest.mark.parametrize("expression, published, start, end", [
    ("this year", SAT, "2025-01-01", "2025-12-31"),
    ("last year", SAT, "2024-01-01", "2024-12-31"),
    ("next year", SAT, "2026-01-01", "2026-12-31"),
    ("earlier this year", SAT, "2025-01-01", "2025-02-15"),
    ("later this year", SAT, "2025-02-16", "2025-12-31"),
    ("later this year", D("2025-12-31"), "2025-12-31", "2025-12-31"),
    ("2025", None, "2025-01-01", "2025-12-31"),
    ("in 2024", None, "2024-01-01", "2024-12-31"),
    ("1990", None, "1990-01-01", "1990-12-31"),
    ("a year ago", SAT, "2024-01-01", "2024-12-31"),
    ("in two years", SAT, "2027-01-01", "2027-12-31"),
])
def test_year(expression, published, start, end):
    assert span(expression, published) == (start, end, "year")


@pytest.mark.parametrize("expression, published, start, end", [
    ("early 2024", None, "2024-01-01", "2024-04-30"),
    ("in early 2024", None, "2024-01-01", "2024-04-30"),
    ("mid-2024", None, "2024-05-01", "2024-08-31"),
    ("mid 2024", None, "2024-05-01", "2024-08-31"),
    ("late 2024", None, "2024-09-01", "2024-12-31"),
    ("late-2024", None, "2024-09-01", "2024-12-31"),
    ("the end of 2024", None, "2024-09-01", "2024-12-31"),
    ("the start of 2025", None, "2025-01-01", "2025-04-30"),
    ("early this year", SAT, "2025-01-01", "2025-04-30"),
    ("late last year", SAT, "2024-09-01", "2024-12-31"),
    ("early next year", SAT, "2026-01-01", "2026-04-30"),
    ("the end of the year", SAT, "2025-09-01", "2025-12-31"),
    ("the first half of 2025", None, "2025-01-01", "2025-06-30"),
    ("the second half of last year", SAT, "2024-07-01", "2024-12-31"),
    ("H2 2024", None, "2024-07-01", "2024-12-31"),
])
def test_part_of_year(expression, published, start, end):
    assert span(expression, published) == (start, end, "season")


@pytest.mark.parametrize("expression, published, future, start, end", [
    ("spring 2025", None, False, "2025-03-01", "2025-05-31"),
    ("the spring of 2025", None, False, "2025-03-01", "2025-05-31"),
    ("summer 2024", None, False, "2024-06-01", "2024-08-31"),
    ("fall 2024", None, False, "2024-09-01", "2024-11-30"),
    ("autumn of 2024", None, False, "2024-09-01", "2024-11-30"),
    ("winter 2024", None, False, "2024-12-01", "2025-02-28"),
    ("winter 2023", None, False, "2023-12-01", "2024-02-29"),
    ("winter 2024/25", None, False, "2024-12-01", "2025-02-28"),
    ("this spring", SAT, False, "2025-03-01", "2025-05-31"),
    ("this winter", SAT, False, "2024-12-01", "2025-02-28"),
    ("this winter", D("2025-10-20"), False, "2025-12-01", "2026-02-28"),
    ("this summer", D("2025-10-20"), False, "2025-06-01", "2025-08-31"),
    ("last summer", SAT, False, "2024-06-01", "2024-08-31"),
    ("last winter", SAT, False, "2023-12-01", "2024-02-29"),
    ("next winter", SAT, False, "2025-12-01", "2026-02-28"),
    ("next autumn", SAT, False, "2025-09-01", "2025-11-30"),
    ("in the autumn", SAT, False, "2024-09-01", "2024-11-30"),
    ("in the autumn", SAT, True, "2025-09-01", "2025-11-30"),
    ("in winter", SAT, False, "2024-12-01", "2025-02-28"),
    ("in the summer of last year", SAT, False, "2024-06-01", "2024-08-31"),
])
def test_season(expression, published, future, start, end):
    assert span(expression, published, future) == (start, end, "season")


@pytest.mark.parametrize("expression, published, start, end", [
    ("Q1 2025", None, "2025-01-01", "2025-03-31"),
    ("in Q3 2024", None, "2024-07-01", "2024-09-30"),
    ("the first quarter of 2025", None, "2025-01-01", "2025-03-31"),
    ("the fourth quarter of 2024", None, "2024-10-01", "2024-12-31"),
    ("the last quarter of 2024", None, "2024-10-01", "2024-12-31"),
    ("the third quarter", SAT, "2025-07-01", "2025-09-30"),
    ("Q4", SAT, "2025-10-01", "2025-12-31"),
    ("first-quarter", SAT, "2025-01-01", "2025-03-31"),
    ("the second quarter of last year", SAT, "2024-04-01", "2024-06-30"),
    ("last quarter", SAT, "2024-10-01", "2024-12-31"),
    ("this quarter", SAT, "2025-01-01", "2025-03-31"),
    ("next quarter", D("2025-11-03"), "2026-01-01", "2026-03-31"),
])
def test_quarter(expression, published, start, end):
    assert span(expression, published) == (start, end, "quarter")


# --- counted and anchored expressions -----------------------------------------------------------------

@pytest.mark.parametrize("expression, start, end, precision", [
    ("three days ago", "2025-02-12", "2025-02-12", "day"),
    ("10 days ago", "2025-02-05", "2025-02-05", "day"),
    ("in three days", "2025-02-18", "2025-02-18", "day"),
    ("two weeks ago", "2025-01-27", "2025-02-02", "week"),
    ("a week ago", "2025-02-03", "2025-02-09", "week"),
    ("in two weeks", "2025-02-24", "2025-03-02", "week"),
    ("a month ago", "2025-01-01", "2025-01-31", "month"),
    ("two months ago", "2024-12-01", "2024-12-31", "month"),
    ("in 2 months", "2025-04-01", "2025-04-30", "month"),
    ("days after February 12", "2025-02-13", "2025-02-19", "week"),
    ("days after Thursday", "2025-02-14", "2025-02-20", "week"),
    ("days before February 12, 2025", "2025-02-05", "2025-02-11", "week"),
    ("a few days after February 12", "2025-02-13", "2025-02-19", "week"),
    ("the day after February 12", "2025-02-13", "2025-02-13", "day"),
    ("the day before yesterday", "2025-02-13", "2025-02-13", "day"),
])
def test_counted_and_anchored(expression, start, end, precision):
    assert span(expression, SAT) == (start, end, precision)


def test_the_forms_dateparser_carries_keep_the_rules():
    """dateparser moves the publication day; the span is the day, Monday-Sunday week, month or year reached."""
    from dateutil.relativedelta import relativedelta

    def week(day):
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)

    def month(day):
        first = day.replace(day=1)
        return first, first + relativedelta(months=1) - dt.timedelta(days=1)

    def year(day):
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)

    days = [D("2024-01-01") + dt.timedelta(days=k) for k in range(0, 731, 5)]
    days += [D(f"{y}-{m:02}-01") - dt.timedelta(days=1) for y in (2024, 2025) for m in range(1, 13)]
    for pub in days:
        rules = {
            "yesterday evening": (pub - dt.timedelta(days=1),) * 2, "tonight": (pub, pub),
            "the day after tomorrow": (pub + dt.timedelta(days=2),) * 2,
            "three days ago": (pub - dt.timedelta(days=3),) * 2, "in 12 days": (pub + dt.timedelta(days=12),) * 2,
            "two weeks ago": week(pub - dt.timedelta(weeks=2)), "next week": week(pub + dt.timedelta(weeks=1)),
            "in 2 months": month(pub + relativedelta(months=2)), "a month ago": month(pub - relativedelta(months=1)),
            "last month": month(pub - relativedelta(months=1)), "this month": month(pub),
            "a year ago": year(pub - relativedelta(years=1)), "in twelve years": year(pub + relativedelta(years=12)),
        }
        for expression, (start, end) in rules.items():
            resolved = resolve_date(expression, pub)
            assert (resolved.start, resolved.end) == (start, end), (expression, pub)


@pytest.mark.parametrize("expression", ["days after the summit", "two weeks", "in two weeks ago", "days after"])
def test_not_resolvable(expression):
    assert resolve_date(expression, SAT) is None


# --- ranges ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("expression, published, future, start, end, precision", [
    ("between March 2 and March 4", SAT, False, "2024-03-02", "2024-03-04", "day"),
    ("between March 2 and March 4", SAT, True, "2025-03-02", "2025-03-04", "day"),
    ("between March 2 and 4", SAT, True, "2025-03-02", "2025-03-04", "day"),
    ("from 2 to 4 March", SAT, False, "2024-03-02", "2024-03-04", "day"),
    ("March 2-4", SAT, True, "2025-03-02", "2025-03-04", "day"),
    ("March 2–4, 2025", None, False, "2025-03-02", "2025-03-04", "day"),
    ("2-4 March 2025", None, False, "2025-03-02", "2025-03-04", "day"),
    ("from February 10 to February 20", SAT, False, "2025-02-10", "2025-02-20", "day"),
    ("from February 28 to March 3, 2025", None, False, "2025-02-28", "2025-03-03", "day"),
    ("from 28 December to 3 January 2025", None, False, "2024-12-28", "2025-01-03", "day"),
    ("between December 30 and January 3", D("2025-01-05"), False, "2024-12-30", "2025-01-03", "day"),
    ("between December 30 and January 3", D("2024-12-20"), True, "2024-12-30", "2025-01-03", "day"),
    ("February 28–March 3, 2025", None, False, "2025-02-28", "2025-03-03", "day"),
    ("from January to March", SAT, False, "2025-01-01", "2025-03-31", "month"),
    ("from November to February", SAT, False, "2024-11-01", "2025-02-28", "month"),
    ("between January and March 2024", None, False, "2024-01-01", "2024-03-31", "month"),
    ("January–March 2025", None, False, "2025-01-01", "2025-03-31", "month"),
    ("from March 2024 to May", None, False, "2024-03-01", "2024-05-31", "month"),
    ("between 2022 and 2024", None, False, "2022-01-01", "2024-12-31", "year"),
    ("from 2019 to 2021", None, False, "2019-01-01", "2021-12-31", "year"),
    ("2022-24", None, False, "2022-01-01", "2024-12-31", "year"),
    ("2014–2022", None, False, "2014-01-01", "2022-12-31", "year"),
])
def test_range(expression, published, future, start, end, precision):
    assert span(expression, published, future) == (start, end, precision)


def test_backwards_year_range_is_none():
    assert resolve_date("2024-22", None) is None


# --- publication date unknown ------------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "on Thursday", "February 15", "last week", "next week", "this month", "yesterday", "early March",
    "in March", "this spring", "the third quarter", "later this year", "two weeks ago", "days after Thursday",
    "between March 2 and 4", "from January to March", "the weekend", "March 3 last year",
])
def test_relative_without_publication_date_is_unknown(expression):
    assert resolve_date(expression, None) == DateSpan(None, None, "unknown", "unknown", expression)


@pytest.mark.parametrize("expression", [
    "15 February 2025", "early 2024", "Q1 2025", "2025", "spring 2025", "winter 2024", "March 2025",
    "days after February 12, 2025", "2-4 March 2025", "between 2022 and 2024",
])
def test_absolute_without_publication_date_resolves(expression):
    resolved = resolve_date(expression, None)
    assert resolved.basis == "text" and resolved.start is not None
    assert resolved == resolve_date(expression, D("2031-07-07"))


def test_published_span():
    assert published_span(SAT) == DateSpan(SAT, SAT, "day", "published")
    assert published_span(None) == DateSpan(None, None, "unknown", "unknown")


# --- finding expressions -----------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Brussels, February 15: Some European countries are working on a plan.", ["February 15"]),
    ("VIENNA, March 3 — Ministers met.", ["March 3"]),
    ("KYIV, Feb. 15 (Reuters) - Talks resumed.", ["Feb. 15"]),
    ("Macron proposed sending troops in early 2024, which sparked controversy.", ["in early 2024"]),
    ("Starmer said in his remarks on Thursday that the U.K. will play its part.", ["on Thursday"]),
    ("The talks, held on Sunday night, ended.", ["on Sunday night"]),
    ("On Thursday, February 13, 2025, leaders met.", ["On Thursday, February 13, 2025"]),
    ("Leaders met last week and will meet again next week.", ["last week", "next week"]),
    ("The force could deploy between March 2 and March 4.", ["between March 2 and March 4"]),
    ("Exercises ran from January to March.", ["from January to March"]),
    ("The summit is set for the first quarter of 2025.", ["the first quarter of 2025"]),
    ("Macron said on Friday that the 2022 decision was wrong.", ["on Friday", "2022"]),
    ("Troops arrived days after February 12.", ["days after February 12"]),
    ("Troops arrived days after the summit.", []),
    ("Prices could fall next year.", ["next year"]),
    ("The deal was signed in May.", ["in May"]),
    ("Officials have met since March.", ["March"]),
    ("It happened in 2024.", ["in 2024"]),
    ("Since 2014, the conflict has continued.", ["2014"]),
    ("Ukraine has fought since 2022 and the 2024 election changed little.", ["2022", "2024"]),
    ("Russia's 2014 annexation was condemned.", ["2014"]),
    ("In 2024 elections were held.", []),  # a number before a plural noun is a quantity
    ("Italy sent 1,000 troops in 2023 and 2000 more in 2024.", ["in 2023", "in 2024"]),
    ("By 2030, Europe must rearm.", ["2030"]),
    ("The ceasefire, agreed in late January, held until mid-February.", ["in late January", "mid-February"]),
    ("He will visit Washington on March 4, 2025.", ["on March 4, 2025"]),
    ("Zelensky met Trump in September 2024 and again on Feb. 28.", ["in September 2024", "on Feb. 28"]),
    ("Since the spring, and over the summer, talks stalled.", ["the spring", "the summer"]),
    ("Talks took place in the winter of 2022-23.", ["in the winter of 2022-23"]),
    ("He spoke on 15.02.2025 and again on 2025-02-17.", ["on 15.02.2025", "on 2025-02-17"]),
    ("The plan dates from mid-2024.", ["mid-2024"]),
    ("It was agreed two weeks ago.", ["two weeks ago"]),
    ("The ministers will meet in two weeks.", ["in two weeks"]),
    ("They met over the weekend.", ["over the weekend"]),
    ("Talks took place in the autumn of 2024.", ["in the autumn of 2024"]),
    ("It happened late last year.", ["late last year"]),
    ("NATO leaders gathered earlier this week.", ["earlier this week"]),
    ("SUMMIT ON MARCH 3 2025", ["ON MARCH 3 2025"]),
    ("In 2024, may Europe act alone?", ["In 2024"]),  # dateparser's search_dates reads "2024, may" as May 2024
])
def test_find(sentence, expected):
    assert texts(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Article 5 of the treaty applies.",
    "Ukraine is requesting at least 100,000 to 150,000 troops.",
    "The 27 member states agreed.",
    "G7 leaders met.",
    "COVID-19 changed everything.",
    "Kyiv wants more F-16s.",
    "Resolution 2231 remains in force.",
    "The vote is at 3 pm.",
    "Russia may respond.",
    "Protesters staged a march on the capital.",
    "Poland sent 2000 soldiers.",
    "Poland sent 2,000 troops.",
    "Theresa May said nothing.",
    "The Sunday Times reported it.",
    "The Good Friday Agreement holds.",
    "After the fall of the regime, talks began.",
    "The Agenda 2030 goals remain.",
    "Some 1950 people attended.",
    "Euro 2024 was won on penalties.",
    "Flight 2024 landed.",
    "The price was $2024.",
    "At 2000 GMT the talks ended.",
    "The 1990s were different.",
    "Within days, troops moved.",
    "Marseille and Good Friday 2024",
    "The spring offensive is a myth.",
    "May is a modal.",
    "",
])
def test_not_time_expressions(sentence):
    assert find_time_expressions(sentence) == []


def test_find_reports_offsets_left_to_right():
    sentence = "On Thursday, leaders said that talks held last week and in early 2024 failed."
    found = find_time_expressions(sentence)
    assert [e.text for e in found] == ["On Thursday", "last week", "in early 2024"]
    for e in found:
        assert isinstance(e, TimeExpression)
        assert sentence[e.char_start:e.char_end] == e.text
    assert [e.char_start for e in found] == sorted(e.char_start for e in found)


@pytest.mark.parametrize("sentence, expression, future", [
    ("Leaders will meet on Thursday.", "on Thursday", True),
    ("Leaders met on Thursday.", "on Thursday", False),
    ("Leaders'll meet on Thursday.", "on Thursday", True),
    ("The ministers are to meet again in March.", "in March", True),
    ("The summit is due to take place on Friday.", "on Friday", True),
    ("Britain plans to deploy troops on Friday.", "on Friday", True),
    ("The vote is expected to take place on Monday.", "on Monday", True),
    ("A meeting scheduled for Friday was announced.", "Friday", True),
    ("Macron said on Friday that he will travel.", "on Friday", False),
    ("He said he will travel to Kyiv on Friday.", "on Friday", True),
    ("On Thursday, leaders will meet in Paris.", "On Thursday", True),
    ("On Thursday, Macron said troops will be sent.", "On Thursday", False),
    ("Brussels, February 13: Leaders will meet.", "February 13", False),
    ("The troops that will be deployed arrived on Monday.", "on Monday", False),
    ("It showed the political will on Monday.", "on Monday", False),
    ('He said: "We will decide on Monday."', "on Monday", True),
    ("They drew up a plan to act on Monday.", "on Monday", False),
    ("It happened yesterday.", "yesterday", False),
    ("Details come tomorrow.", "tomorrow", True),
    ("Ministers meet next week.", "next week", True),
    ("A decision comes later this year.", "later this year", True),
    ("The force is ready in two weeks.", "in two weeks", True),
])
def test_future_detection(sentence, expression, future):
    found = {e.text: e.future for e in find_time_expressions(sentence)}
    assert found[expression] is future


# --- dating a statement in a parsed sentence -----------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from analysis.extraction.nlp import load_model
    return load_model()


def dated(nlp, sentence, anchor_words, published=SAT, dateline="", event_nouns=()):
    """date_of for the sentence parsed, anchored on the tokens of the given words (the last the highest)."""
    sent = next(nlp(sentence).sents)
    anchors = [t.i for word in anchor_words for t in sent if t.text == word]
    return date_of(sent, anchors, published, dateline, event_nouns)


@pytest.mark.parametrize("sentence, anchor, day", [
    ("The leaders will meet on Thursday.", "meet", "2025-02-20"),
    ("The leaders met on Thursday.", "met", "2025-02-13"),
    ("On Thursday, the leaders will meet in the capital.", "meet", "2025-02-20"),
    ("The leaders won't meet on Sunday.", "meet", "2025-02-16"),
    ("The leaders did not meet on Sunday.", "meet", "2025-02-09"),
    ("The leaders would meet on Sunday.", "meet", "2025-02-16"),
    ("The leaders shall meet on Thursday.", "meet", "2025-02-20"),
    ("The leaders are to meet on Thursday.", "meet", "2025-02-20"),
    ("The leaders are going to meet on Thursday.", "meet", "2025-02-20"),
    ("The summit is due to take place on Friday.", "take", "2025-02-21"),
    ("The vote is expected to take place on Monday.", "take", "2025-02-17"),
    ("The vote was expected to take place on Monday.", "take", "2025-02-10"),
    ("The talks are set to resume on Friday.", "resume", "2025-02-21"),
    ("The force is slated to deploy on Monday.", "deploy", "2025-02-17"),
    ("The report is due on Monday.", "is", "2025-02-17"),
    ("The report was due on Monday.", "was", "2025-02-10"),
    ("The government plans to send troops on Friday.", "send", "2025-02-21"),
    ("The government intends to send troops on Friday.", "send", "2025-02-21"),
    ("The government planned to send troops on Friday.", "send", "2025-02-14"),
    ("They drew up a plan to act on Monday.", "act", "2025-02-10"),
    ("He said on Friday that he will travel.", "said", "2025-02-14"),
    ("He said he will travel to the capital on Friday.", "travel", "2025-02-21"),
    ('He said: "We will decide on Monday."', "decide", "2025-02-17"),
    ("The troops that will be deployed arrived on Monday.", "arrived", "2025-02-10"),
    ("It showed the political will on Monday.", "showed", "2025-02-10"),
    ("After meeting on Monday, the leaders will decide.", "decide", "2025-02-17"),
    ("On Sunday, the troops that will stay were inspected.", "inspected", "2025-02-09"),
    # a headline whose root is a to-infinitive (the parse's root is its own head: this once looped forever)
    ("Leaders of the coalition to meet on Thursday", "meet", "2025-02-20"),
    ("Leaders to hold talks on Thursday", "hold", "2025-02-20"),
])
def test_tense_from_the_parse(nlp, sentence, anchor, day):
    date = dated(nlp, sentence, [anchor])
    assert (date.start.isoformat(), date.end.isoformat(), date.precision, date.basis) == (day, day, "day", "text")


def test_the_parse_reads_the_tense_the_text_markers_miss(nlp):
    sentence = "On Sunday, the troops that will stay were inspected."
    assert find_time_expressions(sentence)[0].future  # the plain-text reading takes the "will" of the relative clause
    assert dated(nlp, sentence, ["inspected"]).start == D("2025-02-09")


def test_tense_from_the_parse_moves_a_month_and_a_weekend(nlp):
    assert dated(nlp, "The ministers are to meet again in March.", ["meet"]).start == D("2025-03-01")
    assert dated(nlp, "The ministers met in March.", ["met"]).start == D("2024-03-01")
    assert dated(nlp, "The payment is due in March.", ["is"]).start == D("2025-03-01")
    assert dated(nlp, "They will talk at the weekend.", ["talk"], WED).start == D("2025-02-15")
    assert dated(nlp, "They talked at the weekend.", ["talked"], WED).start == D("2025-02-08")


def test_a_schedule_is_future(nlp):
    date = dated(nlp, "A meeting scheduled for Friday was announced.", ["announced"], event_nouns={"meeting"})
    assert (date.start, date.text) == (D("2025-02-21"), "Friday")


def test_an_expression_with_a_direction_ignores_the_tense(nlp):
    assert dated(nlp, "The leaders met last Thursday.", ["met"]).start == D("2025-02-13")
    assert dated(nlp, "The leaders will meet next week.", ["meet"]).start == D("2025-02-17")


def test_date_of_carries_text_and_offsets(nlp):
    sentence = "He said on Friday that the 2022 decision was wrong."
    assert dated(nlp, sentence, ["wrong", "said"]) == DateSpan(D("2025-02-14"), D("2025-02-14"), "day", "text",
                                                               "on Friday", 8, 17)


def test_a_year_nested_in_a_noun_phrase_does_not_date(nlp):
    assert dated(nlp, "He said that the 2022 decision was wrong.", ["wrong", "said"]) == published_span(SAT)


def test_date_of_falls_back_to_dateline_then_publication(nlp):
    sentence = "The minister has stated that there are no plans to send troops."
    assert dated(nlp, sentence, ["stated"]) == published_span(SAT)
    assert dated(nlp, sentence, ["stated"], None) == published_span(None)
    dateline = dated(nlp, sentence, ["stated"], dateline="February 14")
    assert (dateline.start, dateline.end, dateline.precision, dateline.basis) == (D("2025-02-14"), D("2025-02-14"),
                                                                                  "day", "text")


def test_date_of_takes_the_highest_anchor(nlp):
    sentence = "Leaders agreed on Friday to meet again on Monday."
    assert dated(nlp, sentence, ["meet", "agreed"]).text == "on Friday"
    assert dated(nlp, sentence, ["agreed", "meet"]).text == "on Monday"


def test_date_of_unknown_publication_keeps_offsets(nlp):
    assert dated(nlp, "Leaders met on Thursday.", ["met"], None) == DateSpan(None, None, "unknown", "unknown",
                                                                            "on Thursday", 12, 23)
    absolute = dated(nlp, "Leaders met on 13 February 2025.", ["met"], None)
    assert (absolute.start, absolute.basis) == (D("2025-02-13"), "text")


def test_a_year_range_never_ends_after_the_last_year_read():
    from analysis.extraction.dates import resolve_date
    import datetime as dt
    assert resolve_date("2100-02", dt.date(2000, 1, 1)) is None or \
        resolve_date("2100-02", dt.date(2000, 1, 1)).end.year <= 2101
    assert resolve_date("2022-24", dt.date(2025, 1, 1)).end == dt.date(2024, 12, 31)
