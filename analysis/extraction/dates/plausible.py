"""Look-alikes rejected when finding expressions in a sentence (not when resolving a given expression).

Each check takes the form's match and the sentence and returns whether the match is a time expression
there: "Article 2000", "2000 soldiers", the surname "May", "the Sunday Times", "the fall of ..." are not.
"""
from __future__ import annotations

import re

from .words import MONTH_NAMES, word_after, word_before

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


def always(m: re.Match, sentence: str) -> bool:
    """Returns True: the form has no look-alikes."""
    return True


def plausible_year(m: re.Match, sentence: str) -> bool:
    """Returns whether a bare number is a year rather than a reference, a name or a quantity."""
    before = sentence[: m.start("y")].rstrip()
    if before and (before[-1].isdigit() or before[-1] in "$€£#"):
        return False
    previous = word_before(sentence, m.start("y"))
    if previous.lower() in _NON_YEAR_LEADS:
        return False
    if previous[:1].isupper() and previous.lower() not in _YEAR_LEADS and not previous.endswith(("'s", "’s")):
        return False  # a name such as "Agenda 2030", "Euro 2024" (but "Xland's 2014 annexation" is a year)
    following = word_after(sentence, m.end("y"))
    if following.lower() in _QUANTITY_WORDS:
        return False
    return not (following.islower() and len(following) > 3 and following.endswith("s")
                and not following.endswith(("ss", "us", "is", "'s", "’s")) and following not in _NOT_PLURAL)


def plausible_month(m: re.Match, sentence: str) -> bool:
    """Returns whether a month name is a month: it needs a preposition, a modifier or a year (not a surname)."""
    groups = m.groupdict()
    if groups["prep"] or groups.get("mod") or groups["y"] or groups.get("yr"):
        return True
    return word_before(sentence, m.start()).lower() in _MONTH_LEADS


def plausible_weekday(m: re.Match, sentence: str) -> bool:
    """Returns whether a weekday name is a day, not part of a name ("Good Friday", "the Sunday Times")."""
    if word_before(sentence, m.start("wd")).lower() in _WEEKDAY_PREFIXES:
        return False
    if m["on"] or m["mod"] or m["daypart"] or m["edge"]:
        return True
    following = word_after(sentence, m.end())
    return not (following[:1].isupper() and following not in MONTH_NAMES)


def plausible_season(m: re.Match, sentence: str) -> bool:
    """Returns whether a season word is a season: not "the fall of ...", and led by a preposition or modifier."""
    if re.match(r"\s+of\b", sentence[m.end():]):
        return False
    if m["mod"] or m["y"]:
        return True
    return bool(m["prep"]) or word_before(sentence, m.start()).lower() in _SEASON_LEADS
