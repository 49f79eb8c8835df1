"""The grammar: every form of the package docstring as regex patterns with a resolver and a look-alike check.

``find_time_expressions`` FINDS the expressions of a sentence with it (so the spans, the longest match and
the rejection of look-alikes are under control); ``resolve_date`` reads ONE expression with it against the
publication date.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from . import resolve as r
from .model import DateSpan, TimeExpression
from .plausible import always, plausible_month, plausible_season, plausible_weekday, plausible_year
from .resolve import Resolved
from .spans import ONE_DAY, Context, NeedsPublication
from .tense import forward, future_in_text
from .words import (CONNECT, DAY, DAY_BEFORE, DM, MD, MONTH_ABBR, MONTH_ANY, MONTH_FULL, NUMBER, PART, REL_YEAR,
                    SEASON, UNIT, WEEKDAY, YEAR, YEAR_BEFORE, YEAR_DIGITS, YEAR_END, compile_form)


@dataclass(frozen=True)
class _Form:
    patterns: tuple[re.Pattern, ...]
    resolve: Callable[[re.Match, Context], Resolved | None]
    plausible: Callable[[re.Match, str], bool]


def _form(patterns: str | tuple[str, ...], resolve, plausible=always) -> _Form:
    patterns = (patterns,) if isinstance(patterns, str) else patterns
    return _Form(tuple(compile_form(p) for p in patterns), resolve, plausible)


def _ungrouped(pattern: str) -> str:
    """Returns the pattern with its named groups made non-capturing, for use inside another pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace("(?P=sep)", "[./]")


def _days_around(m: re.Match, ctx: Context) -> Resolved | None:
    """Returns the day after/before <day> for "the day after/before <day>" and the seven days after/before it for
    "days after/before <day>"; None when <day> is not one day. (A resolver of its own here: it reads <day> with
    the grammar.)"""
    inner = _read(m["inner"], ctx)
    if inner is None or inner[2] != "day":
        return None
    sign = 1 if m["dir"].lower() == "after" else -1
    if m["span"].lower().endswith("days"):
        near, far = inner[0] + sign * ONE_DAY, inner[0] + sign * dt.timedelta(days=7)
        return min(near, far), max(near, far), "week"
    day = inner[0] + sign * ONE_DAY
    return day, day, "day"


_ON = r"(?:(?P<on>(?i:on)) )?"
_IN = r"(?:(?P<prep>(?i:in|during)) )?"
_WRITTEN_YEAR = rf"(?:,? (?P<y>{YEAR})|{REL_YEAR})?"
_WEEKDAY_FORM = (rf"{_ON}(?:(?P<edge>(?i:early|late)) (?:(?i:on) )?)?"
                 rf"(?:(?P<mod>(?i:this past|this coming|last|next|this)) )?(?P<wd>{WEEKDAY})"
                 r"(?:(?: |-)(?P<daypart>(?i:morning|afternoon|evening|night))(?!\w))?")
_WRITTEN_DAY_FORMS = (rf"{_ON}(?:{WEEKDAY},? )?(?P<md>{MD}){_WRITTEN_YEAR}",
                      rf"{_ON}(?:{WEEKDAY},? )?(?P<md>{DM}){_WRITTEN_YEAR}")
_NUMERIC_FORMS = (rf"{_ON}(?P<iso>{YEAR_DIGITS}-[01]\d-[0-3]\d)(?![\w\-–/]|[.,]\d)",
                  rf"{_ON}(?<![\d.\-/])(?P<a>\d{{1,2}})(?P<sep>[./])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{YEAR})")
_RELATIVE_DAY_FORM = (r"(?i:the day before yesterday|the day after tomorrow|(?:earlier|later) today|today|tonight"
                      r"|this (?:morning|afternoon|evening)|last night"
                      r"|(?:yesterday|tomorrow)(?: (?:morning|afternoon|evening|night))?)(?!\w)")
_SINGLE_DAY = "(?:" + "|".join(_ungrouped(p) for p in (*_WRITTEN_DAY_FORMS, *_NUMERIC_FORMS, _WEEKDAY_FORM,
                                                        _RELATIVE_DAY_FORM)) + ")"

_FORMS: tuple[_Form, ...] = (
    _form(_WRITTEN_DAY_FORMS, r.written_day),
    _form(_NUMERIC_FORMS, r.numeric_day),
    _form(_WEEKDAY_FORM, r.weekday, plausible_weekday),
    _form(_RELATIVE_DAY_FORM, r.relative_day),
    _form(rf"(?:(?P<into>(?i:in)) )?(?P<n>{NUMBER}) (?P<unit>{UNIT})(?: (?P<ago>(?i:ago))(?!\w))?", r.counted),
    _form(r"(?:(?i:a few|several|some|a couple of) )?(?i:days ago)(?!\w)", r.days_ago),
    _form(r"(?P<w>(?i:(?:earlier|later) this week|this week|last week|next week|(?:this|the) past week))(?!\w)",
          r.week),
    _form(r"(?:(?i:over|at|on|during) )?(?P<mod>(?i:this past|this coming|the|this|last|next)) (?i:weekend)(?!\w)",
          r.weekend),
    _form(r"(?P<w>(?i:(?:earlier|later) this month|this month|last month|next month))(?!\w)", r.relative_month),
    _form(r"(?P<w>(?i:(?:earlier|later) this year|this year|last year|next year))(?!\w)", r.relative_year),
    _form((rf"{_IN}(?:(?P<mod>(?i:this past|this coming|last|next|this)) )?(?P<mon>{MONTH_FULL})"
           rf"(?:(?:,| (?i:of))? (?P<y>{YEAR})|{REL_YEAR})?",
           rf"{_IN}(?P<mon>{MONTH_ABBR}) (?P<y>{YEAR})"), r.month, plausible_month),
    _form(rf"(?:(?i:in|at) )?{PART}"
          rf"(?:(?P<mon>{MONTH_FULL}){_WRITTEN_YEAR}|(?P<rel>(?i:this|last|next|the)) (?i:month)(?!\w))",
          r.part_of_month),
    _form(rf"(?:(?i:in|at) )?{PART}(?:(?P<y>{YEAR})|(?P<rel>(?i:this|last|next|the)) (?i:year)(?!\w))",
          r.part_of_year),
    _form(rf"{_IN}(?:(?i:the) )?(?:(?P<mod>(?i:this past|this coming|this|last|next|past)) )?(?P<season>{SEASON})"
          rf"(?:(?: (?i:of))? (?P<y>{YEAR_DIGITS})(?:[/-](?:\d\d|{YEAR_DIGITS}))?{YEAR_END}|{REL_YEAR})?",
          r.season, plausible_season),
    _form((rf"{_IN}(?P<q>Q[1-4])(?:(?: |/)(?P<y>{YEAR}))?(?!\w)",
           rf"{_IN}(?:(?i:the) )?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))(?:-| )"
           rf"(?i:quarter)(?!\w)(?:(?: (?i:of))? (?P<y>{YEAR})|{REL_YEAR}| (?i:of the year)(?!\w))?",
           rf"{_IN}(?:(?i:the) )?(?P<rel>(?i:this|next|current|previous)) (?i:quarter)(?!\w)"), r.quarter),
    _form((rf"{_IN}(?:(?i:the) )?(?P<ord>(?i:first|second|1st|2nd))(?:-| )(?i:half) (?i:of) "
           rf"(?:(?P<y>{YEAR})|(?P<yr>(?i:last|this|next)) (?i:year)|(?i:the year))(?!\w)",
           rf"{_IN}(?P<h>H[12]) (?P<y>{YEAR})"), r.half),
    _form(rf"{_IN}{YEAR_BEFORE}(?P<y>{YEAR})", r.year, plausible_year),
    _form(rf"(?P<span>(?:(?i:a few|several|some) )?(?i:days)|(?i:the|a) (?i:day)) (?P<dir>(?i:after|before)) "
          rf"(?P<inner>{_SINGLE_DAY})", _days_around),
    _form((rf"(?i:from|between) (?P<a>{MD}|{DM})(?:,? (?P<ay>{YEAR}))?{CONNECT}"
           rf"(?P<b>{MD}|{DM})(?:,? (?P<by>{YEAR}))?",
           rf"(?P<a>{MD}|{DM})(?:,? (?P<ay>{YEAR}))?\s*[-–]\s*(?P<b>{MD}|{DM})(?:,? (?P<by>{YEAR}))?",
           rf"(?:(?i:from|between) )?(?P<mon>{MONTH_ANY}) (?P<d1>{DAY}){CONNECT}(?P<d2>{DAY})"
           rf"(?:,? (?P<y>{YEAR}))?",
           rf"(?:(?i:from|between) )?{DAY_BEFORE}(?P<d1>{DAY}){CONNECT}(?P<d2>{DAY}) (?:(?i:of) )?"
           rf"(?P<mon>{MONTH_ANY})(?:,? (?P<y>{YEAR}))?"), r.day_range),
    _form((rf"(?i:from|between) (?P<m1>{MONTH_FULL})(?:,? (?P<y1>{YEAR}))? (?i:to|and|until|till|through) "
           rf"(?P<m2>{MONTH_FULL})(?:,? (?P<y2>{YEAR}))?",
           rf"(?P<m1>{MONTH_FULL})(?: (?P<y1>{YEAR_DIGITS}))?\s*[-–/]\s*"
           rf"(?P<m2>{MONTH_FULL})(?:,? (?P<y2>{YEAR}))?"),
          r.month_range),
    _form((rf"(?i:from|between) {YEAR_BEFORE}(?P<y1>{YEAR}) (?i:to|and|until|till|through) (?P<y2>{YEAR})",
           rf"{YEAR_BEFORE}(?P<y1>{YEAR_DIGITS})\s*[-–]\s*(?P<y2>{YEAR_DIGITS}|\d\d){YEAR_END}"), r.year_range),
)


def _read(text: str, ctx: Context) -> Resolved | None:
    """Returns the resolution of one whole expression by the first form that reads it as a valid date, None
    when none does."""
    text = text.strip()
    for form in _FORMS:
        for pattern in form.patterns:
            m = pattern.fullmatch(text)
            if m:
                resolved = form.resolve(m, ctx)
                if resolved is not None:
                    return resolved
    return None


@lru_cache(maxsize=16384)
def resolve_date(expression: str, published: dt.date | None, future: bool = False) -> DateSpan | None:
    """Resolves ONE expression (as returned by find_time_expressions) against the publication date.

    Returns its DateSpan (basis "text"), or None when it is not a time expression (or names no valid day,
    e.g. "February 30"). When published is None and the expression is relative (needs the publication date:
    weekdays, month-day without year, last/next week, this month, yesterday...), returns
    DateSpan(None, None, "unknown", "unknown", expression). Absolute expressions ("15 February 2025",
    "early 2024", "Q1 2025") resolve without a publication date. ``future`` is the tense of the clause;
    expressions with a direction of their own ("next week", "last Thursday", "tomorrow") ignore it.
    """
    try:
        resolved = _read(expression, Context(published, future))
    except NeedsPublication:
        return DateSpan(None, None, "unknown", "unknown", expression)
    if resolved is None:
        return None
    start, end, precision = resolved
    return DateSpan(start, end, precision, "text", expression)


def latest_day_named(paragraphs: list[str]) -> dt.date | None:
    """The last day of the latest span that an absolute time expression of the text names ("on 10 July 2025",
    "in March 2024"; not one pointing forward): what an undated text itself says about when it was written.
    None when it names none."""
    days = [span.end for text in paragraphs for e in find_time_expressions(text) if not e.future
            for span in [resolve_date(e.text, None)] if span is not None and span.end is not None]
    return max(days, default=None)


def find_time_expressions(sentence: str) -> list[TimeExpression]:
    """Returns all temporal expressions in the sentence, left to right, non-overlapping, longest match.

    Every form of the package docstring is tried at every word start; look-alikes are rejected (quantities,
    names, a bare month or season without a preposition); among overlapping candidates the longest wins
    (then the leftmost). ``future`` is read from the plain text (the statement and event dating reads it from
    the parse instead, see anchor.date_of): set when the expression itself points forward ("next week",
    "tomorrow", "later this year", "in two weeks") or the tense marker nearest before it is future ("will",
    "'ll", "is/are to", "is due to", "is expected to", "plans to", "scheduled for"; past markers are "said",
    "was", "had", verbs in -ed, ...); an expression with no marker before it ("On Thursday, leaders will
    meet") takes the first marker after it. Markers are looked for up to a clause break (; : dashes quotes).
    """
    return [TimeExpression(sentence[s:e], s, e, forward(sentence[s:e]) or future_in_text(sentence, s, e))
            for s, e in expression_offsets(sentence)]


@lru_cache(maxsize=4096)
def expression_offsets(sentence: str) -> tuple[tuple[int, int], ...]:
    """Returns (start, end) of every temporal expression in the sentence, as find_time_expressions chooses them."""
    if not _TIME_WORD.search(sentence):
        return ()  # no digit and no calendar word: nothing to find (most sentences)
    candidates: list[tuple[int, int]] = []
    no_publication = Context(None, False)
    starts = [m.start() for m in _WORD_START.finditer(sentence) if sentence[m.start()].isalnum()]
    for form in _FORMS:
        for pattern in form.patterns:
            for start in starts:  # expressions begin at a word start
                m = pattern.match(sentence, start)
                if m is None or m.end() == start or not form.plausible(m, sentence):
                    continue
                try:
                    valid = form.resolve(m, no_publication) is not None
                except NeedsPublication:
                    valid = True
                if valid:
                    candidates.append((m.start(), m.end()))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(candidates), key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return tuple(sorted(chosen))


_WORD_START = re.compile(r"(?<!\w)\w")
# Every supported form holds a digit or one of these words; a sentence with none has no time expression.
_TIME_WORD = re.compile(
    r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|"
    r"\b(?:yesterday|today|tomorrow|tonight|morning|afternoon|evening|night|week|weeks|weekend|month|months|year|"
    r"years|spring|summer|autumn|fall|winter|quarter|half|ago|days?|decade|q[1-4]|h[12])\b",
    re.IGNORECASE)
