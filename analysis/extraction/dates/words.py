"""The words of dates and the regex building blocks the grammar's forms are written with.

Patterns are written with single spaces, which ``compile_form`` turns into ``\\s+``. Month and weekday names
match only capitalised or in capitals.
"""
from __future__ import annotations

import re

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sept": 9,
                       "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def capitalised(words) -> str:
    """Returns an alternation of the words as capitalised or in capitals, longest first."""
    forms = sorted({f for w in words for f in (w, w.upper())}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"


MONTH_FULL = capitalised(MONTH_NAMES) + r"(?!\w)"
MONTH_ABBR = rf"{capitalised(MONTH_ABBREVIATIONS)}(?!\w)\.?"
MONTH_ANY = rf"(?:{MONTH_FULL}|{MONTH_ABBR})"
WEEKDAY = capitalised(WEEKDAY_NAMES) + r"(?!\w)"
DAY_BEFORE = r"(?<![\w,.\-–/$€£])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w|[.,]\d)"
YEAR_DIGITS = r"(?:19\d\d|20\d\d|2100)"
YEAR_END = r"(?![\w\-–/]|[.,]\d)"
YEAR = YEAR_DIGITS + YEAR_END
YEAR_BEFORE = r"(?<![\w\-–/.,$€£#])"
NUMBER = r"(?:(?i:an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|\d{1,2})(?!\w)"
UNIT = r"(?i:days?|weeks?|months?|years?)(?!\w)"
REL_YEAR = r"(?: (?i:of))? (?P<yr>(?i:last|this|next)) (?i:year)(?!\w)"
PART = r"(?P<part>(?i:early|late|mid)(?:-| )|(?i:(?:the )?(?:start|beginning|middle|end) of) )"
SEASON = r"(?i:spring|summer|autumn|fall|winter)(?!\w)"
MD = rf"{MONTH_ANY} {DAY}"
DM = rf"(?:(?i:the) )?{DAY_BEFORE}{DAY} (?:(?i:of) )?{MONTH_ANY}"
CONNECT = r"(?:\s*[-–]\s*| (?i:to|and|until|till|through) )"


def compile_form(pattern: str) -> re.Pattern:
    """Returns the pattern compiled with each space standing for any run of whitespace."""
    return re.compile(pattern.replace(" ", r"\s+"))


def month_number(word: str) -> int:
    """Returns the number (1-12) of a month name or abbreviation ("Sept.", "MARCH")."""
    word = word.rstrip(".").capitalize()
    return MONTH_NAMES.index(word) + 1 if word in MONTH_NAMES else MONTH_ABBREVIATIONS[word]


_WORD_BEFORE = re.compile(r"([A-Za-z'’.]+)\s*$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z'’]+)")


def word_before(sentence: str, pos: int) -> str:
    """Returns the word ending just before ``pos`` (without a trailing full stop), "" when none."""
    found = _WORD_BEFORE.search(sentence, 0, pos)
    return found[1].rstrip(".") if found else ""


def word_after(sentence: str, pos: int) -> str:
    """Returns the word after the whitespace following ``pos``, "" when none."""
    found = _WORD_AFTER.match(sentence[pos:])
    return found[1] if found else ""
