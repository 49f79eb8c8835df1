"""Cues as a codebook writes them, read and checked: every cue is used or reported.

A cue is one of
  a phrase          "trade deal": matched on lemmas, any inflection and case ("trade deals", "Trade Deal"); a
                    one-word cue matches every form of its lemma ("signing" matches "sign", "signed")
  {exact: phrase}   matched on the words as written, any case ("splitting" only, not "split")
  {pattern: [...]}  a spaCy token pattern ([{LEMMA: force, POS: NOUN}])
An issue cue may add `against: true` ({phrase: patents, against: true}, also with exact or pattern): the cue names
what the issue would take away, so a stance on it is the opposite stance on the issue ("defend patents" opposes a
patent waiver).

`read_cue` turns one entry of a data file into a `Cue`, or raises ConfigError naming the file, the line and the
fix; `unusable` says why a cue could never be found (no word the pre-filter can look for, or an exclusion of its
own issue inside it), so the loader reports it instead of dropping it silently."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io.errors import ConfigError
from .checks import YAML_BOOLEANS, plain, written_boolean

ARTICLES = ("the", "a", "an")
STANCE_PREPOSITIONS = ("for", "to", "against", "of")  # "ready for this", "open to it", "in favour of it"
_LETTERS = re.compile(r"[^\W_]+")
_WORD_KEYS = ("LEMMA", "LOWER", "ORTH", "TEXT", "NORM")
CUE_FORMS = 'a phrase, {exact: "a phrase"} or {pattern: [{LEMMA: force, POS: NOUN}]}'
_FORMS = ("phrase", "exact", "pattern")


@dataclass(frozen=True)
class Cue:
    """A cue: a phrase matched on lemmas (any inflection), a phrase matched as written (`exact`, any case), or a
    spaCy token pattern (list of token dicts)."""

    phrase: str = ""
    pattern: tuple = ()
    exact: bool = False
    against: bool = False  # an issue cue naming what the issue would take away: its stances count reversed

    @property
    def text(self) -> str:
        """The cue as a codebook writes it: the phrase, or the pattern's tokens ("{LEMMA: force, POS: NOUN}")."""
        return self.phrase or " ".join("{" + ", ".join(f"{k}: {v}" for k, v in t.items()) + "}"
                                       for t in thaw(self.pattern))


def read_cue(value: Any, path: Path, where: str, line: int | None) -> Cue:
    """The cue of one entry of a cue list (`where` names the list, e.g. "issue 'x'", "stances.oppose")."""
    if isinstance(value, bool) or isinstance(value, dict) and isinstance(value.get("exact"), bool):
        word = written_boolean(path, line, r"-") or "no"
        raise ConfigError(path, f"{where}: a cue is true/false ({YAML_BOOLEANS})", line,
                          fix=f'put the word in quotes: "{word}"')
    if isinstance(value, (str, int, float)) and str(value).strip():
        return Cue(phrase=str(value).strip())
    against = False
    if isinstance(value, dict) and "against" in value:
        if value["against"] is not True or not where.startswith("issue "):
            raise ConfigError(path, f"{where}: 'against' is for issue cues and takes true", line,
                              fix="write {phrase: patents, against: true} among an issue's cues")
        value, against = {k: v for k, v in value.items() if k != "against"}, True
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"phrase", "exact"} \
            and isinstance(text := next(iter(value.values())), (str, int, float)) and str(text).strip():
        return Cue(phrase=str(text).strip(), exact="exact" in value, against=against)
    if isinstance(value, dict) and set(value) == {"pattern"} and isinstance(value["pattern"], list) \
            and value["pattern"]:
        if not all(isinstance(t, dict) for t in value["pattern"]):
            raise ConfigError(path, f"{where}: a cue pattern must be a list of token mappings", line,
                              fix="write {pattern: [{LEMMA: force, POS: NOUN}]}")
        return Cue(pattern=tuple(_freeze(t) for t in plain(value["pattern"])), against=against)
    raise ConfigError(path, f"{where}: cue {value!r} is none of {CUE_FORMS}", line,
                      fix="write the cue in one of these forms")


def unusable(cue: Cue, exclude: tuple[str, ...] = ()) -> str:
    """Why the cue could never be found ("" when it can): a phrase of articles or punctuation alone, a pattern
    whose tokens require no word (the pre-filter looks for words), or one of the issue's own exclusions inside
    it (every match would be cancelled)."""
    if cue.pattern:
        if not pattern_words(cue.pattern):
            return ("no token of the pattern requires a word (LEMMA, LOWER, ORTH, TEXT or NORM), so no sentence is "
                    "looked at for it")
        return ""
    words = [w for w in _LETTERS.findall(cue.phrase.lower()) if w not in ARTICLES]
    if not words:
        return "the cue has no word but articles or punctuation"
    padded = f" {' '.join(_LETTERS.findall(cue.phrase.lower()))} "
    inside = [x for x in exclude if f" {' '.join(_LETTERS.findall(x.lower()))} " in padded]
    if inside:
        return f"it holds '{inside[0]}', an exclusion of its own issue, so every match is cancelled"
    return ""


def pattern_words(pattern) -> list[list[str]]:
    """The words a token pattern requires: per token that is not optional, the values its LEMMA, LOWER, ORTH,
    TEXT or NORM must take (several with IN)."""
    words = []
    for token in pattern:
        spec = dict(token)
        if spec.get("OP") in ("?", "*", "!"):
            continue
        for key in _WORD_KEYS:
            if key in spec:
                value = spec[key]
                values = dict(value).get("IN", ()) if isinstance(value, tuple) else (value,)
                if values:
                    words.append([str(v) for v in values])
    return words


def _freeze(token: dict) -> tuple:
    return tuple(sorted((k, _freeze(v) if isinstance(v, dict) else tuple(v) if isinstance(v, list) else v)
                        for k, v in token.items()))


def thaw(pattern: tuple) -> list[dict]:
    """A frozen token pattern back into spaCy's list-of-dicts form."""
    def one(items):
        return {k: (one(v) if isinstance(v, tuple) and v and isinstance(v[0], tuple) else
                    list(v) if isinstance(v, tuple) else v) for k, v in items}
    return [one(t) for t in pattern]
