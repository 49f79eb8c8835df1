"""Decisions re-anchored: a decision whose article's text changed found again by the sentence it stores.

An article's id is a hash of its text, so one character changed anywhere gives the article a new id, and a
decision made on it (analysis/runs/decisions.py) would no longer name it. Every decision keeps its evidence
sentence; `reanchor` looks for it in the current texts, in three steps, and stops at the first that finds it:

1. **exact**: the sentence as it was;
2. **normalised**: case and whitespace ignored;
3. **close**: the sentence of the current texts most like it (difflib's ratio over the normalised texts), when
   that ratio is at least `THRESHOLD` (0.85: a word or two of a sentence changed, not another sentence).

Found in one article (the occurrence nearest its old offset when the article holds it more than once), the
decision takes that article's id and the sentence's offsets (those of the machine's statement there when there
is one). A sentence found in several articles, or nowhere, leaves the decision as it was: it is reported as
unmatched, with the reason.
"""
from __future__ import annotations

import difflib
import re

import pandas as pd

THRESHOLD = 0.85
STEPS = ("exact", "normalised", "close")
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?]['\"’”)]*(?=\s)|$)", re.M)


def _normalised(text: str) -> tuple[str, list[int]]:
    """`text` casefolded with runs of whitespace made one space, and the offset in `text` of each character."""
    out, where, space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        folded = ch.casefold()
        out.append(folded if len(folded) == 1 else ch.lower())
        where.append(i)
    return "".join(out), where


def needs_anchor(decision: dict, article_ids: set, statements: pd.DataFrame) -> bool:
    """Whether a decision's article is gone from the run (its text changed), or its offsets no longer hold its
    sentence."""
    if decision["article_id"] not in article_ids:
        return True
    if not decision["evidence"] or decision["action"] in ("add", "import"):
        return False
    there = statements[(statements["article_id"] == decision["article_id"])
                       & (statements["char_start"] == int(decision["char_start"]))]
    return len(there) > 0 and not there["evidence"].eq(decision["evidence"]).any()


def find_sentence(evidence: str, texts: dict[str, str], near: int = 0) -> tuple[str, int, int, str] | str:
    """(article id, start, end, step) of `evidence` in `texts` (article id -> clean text), or a string saying why
    it cannot be placed."""
    if not evidence.strip():
        return "the decision stores no sentence to find it by"
    hits: list[tuple[str, int, int]] = []
    step = ""
    for step in STEPS:
        hits = _find(step, evidence, texts)
        if hits:
            break
    if not hits:
        best = max((_best_close(evidence, text)[0] for text in texts.values()), default=0.0)
        return (f"its sentence is in no article, not even closely (the closest is {best:.2f} alike; "
                f"{THRESHOLD:.2f} needed)")
    articles = sorted({h[0] for h in hits})
    if len(articles) > 1:
        return f"its sentence is in {len(articles)} articles ({step} match); it cannot say which"
    article, start, end = min(hits, key=lambda h: abs(h[1] - near))
    return article, start, end, step


def _find(step: str, evidence: str, texts: dict[str, str]) -> list[tuple[str, int, int]]:
    hits = []
    if step == "exact":
        for article, text in texts.items():
            hits += [(article, m.start(), m.start() + len(evidence)) for m in re.finditer(re.escape(evidence), text)]
    elif step == "normalised":
        want = _normalised(evidence.strip())[0]
        for article, text in texts.items():
            norm, where = _normalised(text)
            hits += [(article, where[m.start()], where[m.start() + len(want) - 1] + 1)
                     for m in re.finditer(re.escape(want), norm)]
    else:
        for article, text in texts.items():
            ratio, span = _best_close(evidence, text)
            if ratio >= THRESHOLD:
                hits.append((article, *span))
    return hits


def _best_close(evidence: str, text: str) -> tuple[float, tuple[int, int]]:
    """The sentence of `text` most like `evidence`: (ratio, (start, end))."""
    want = _normalised(evidence)[0]
    best, span = 0.0, (0, 0)
    for m in _SENTENCE.finditer(text):
        candidate = _normalised(m.group())[0].strip()
        if not candidate:
            continue
        matcher = difflib.SequenceMatcher(None, want, candidate, autojunk=False)
        if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            best, span = ratio, (start, m.start() + len(m.group().rstrip()))
    return best, span


def reanchor(decisions: list[dict], article_ids: set, statements: pd.DataFrame,
             texts: dict[str, str] | None) -> dict[int, str]:
    """Move the decisions (dicts of `decisions.COLUMNS`, changed in place) whose article changed to where their
    sentence is now; `texts` are the current articles' clean texts by id (None: none known, nothing moves).
    Returns, by position in `decisions`, what happened: "re-anchored ... (step)" or why it could not be."""
    out: dict[int, str] = {}
    if texts is None:
        return out
    for n, d in enumerate(decisions):
        if not needs_anchor(d, article_ids, statements):
            continue
        found = find_sentence(d["evidence"], texts, int(d["char_start"] or 0))
        if isinstance(found, str):
            out[n] = f"its article changed and {found}"
            continue
        article, start, end, step = found
        mine = statements[(statements["article_id"] == article) & (statements["char_start"] <= start)
                          & (statements["char_end"] > start)]
        if len(mine):
            start, end = int(mine["char_start"].iloc[0]), int(mine["char_end"].iloc[0])
        moved = article != d["article_id"] or str(start) != str(d["char_start"])
        d.update(article_id=article, char_start=str(start), char_end=str(end) if d["char_end"] else "")
        if d["action"] in ("add", "import"):
            d["char_end"] = str(end)
            d["evidence"] = texts[article][start:end]
        if moved:
            out[n] = f"re-anchored by its sentence ({step} match) at {start} of article {article}"
    return out
