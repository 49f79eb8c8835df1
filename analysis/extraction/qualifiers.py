"""Qualifiers of a statement: the condition attached to its path and the quantity asked for or pledged."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .recognition import Mentions

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token

FUTURE = ("will", "would", "shall", "'ll")  # the auxiliaries of a verb in the future


def condition_of(sent: Span, path: list[Token], mentions: Mentions, issue: Span,
                 approvals: frozenset[str] = frozenset(), not_conditions: tuple[tuple[str, ...], ...] = (),
                 requiring: frozenset[str] = frozenset()) -> str:
    """The text of a condition attached to the path ("if <condition>", "subject to approval by parliament"); a
    constraint that is a decision still to be taken by another body ("would need the approval of parliament":
    a word of `approvals` in a constraint cue) is a condition too, and so is what a verb of `requiring` asks of
    the issue ("X would need the backing of Y"). A cue that starts one of `not_conditions` (words; "once
    again") is none."""
    on_path = {t.i for t in path} | set(range(issue.start, issue.end))
    # a verb of saying that reports the path's clause ("X said it would do Y, if Z, a spokesperson said", the
    # condition misparsed onto the second "said"): a report is never conditional, what it reports may be
    on_path |= {c.i for t in path for c in t.children if c.dep_ in ("ccomp", "parataxis")
                and "speech" in mentions.cue_labels_at(c.i)}
    issue_root = issue.root
    for c in mentions.cues:
        approval = c.label_ == "constrained" and any(t.lemma_.lower() in approvals for t in c)
        if c.label_ != "conditional" and not approval:
            continue
        t = sent.doc[c.start]
        if any(tuple(w.lower_ for w in t.doc[t.i:t.i + len(words)]) == words for words in not_conditions):
            continue
        if approval and t.i in on_path:  # "X would need the approval of parliament": the issue's own requirement
            return _words(sent.doc, c.start, max(c.end, c[-1].right_edge.i + 1))
        branch, hops = t, 0
        while branch.head.i not in on_path and branch.head != branch and hops < 4:
            branch, hops = branch.head, hops + 1
        if branch.head.i not in on_path or branch.i in on_path:
            if t.i not in on_path:
                continue
        if issue_root in branch.subtree or branch.dep_ in ("mark", "advmod") and branch.head.dep_ == "advcl" \
                and issue_root in branch.head.subtree:
            continue  # the condition is the issue itself (a warning, a demand), not a condition on a position
        set_off = interjected(branch, t)
        if branch.i not in on_path and branch.dep_ not in ("advcl", "prep", "mark", "advmod", "npadvmod", "acomp",
                                                            "xcomp", "pcomp", "conj", "amod", "appos", "oprd") \
                and not (approval and branch.dep_ in ("dobj", "nsubj", "attr")) \
                and not (branch.dep_ in ("acl", "relcl") and branch.head == issue_root) \
                and not set_off:
            continue  # "countries that depend on petrochemicals": inside a noun phrase, not a condition
        if set_off:
            return _words(sent.doc, t.i, t.right_edge.i + 1)
        start = t.i if t.i < branch.left_edge.i or branch.dep_ in ("acl", "relcl") else branch.left_edge.i
        return _words(sent.doc, start, branch.right_edge.i + 1)  # "a force to be stationed after X": from the cue
    for t in path:  # "Should a ceasefire be agreed, X would ...": an inverted condition, with no word to find
        for c in t.children:
            if issue_root not in c.subtree and (inverted_condition(c) or _time_to_come(t, c)):
                return _words(sent.doc, c.left_edge.i, c.right_edge.i + 1)
    return requirement(path, issue, requiring, approvals)


def requirement(path: list[Token], issue: Span, requiring: frozenset[str], approvals: frozenset[str]) -> str:
    """What a verb of `requiring` on the path asks of the issue, when the issue is that verb's subject ("the
    force would need the backing of Y"; with an infinitive, a decision of `approvals`: "its use would need to be
    under a mandate", not "X would need to be on the ground") or in a clause of purpose below it ("there would
    need to be Y for there to be X"), and the verb is not negated ("X would not need Y" sets nothing)."""
    for k, verb in enumerate(path):
        if not k or verb.lemma_.lower() not in requiring or verb.pos_ not in ("VERB", "AUX") \
                or any(c.dep_ == "neg" for c in verb.children):
            continue
        purpose = next((t for t in path[:k] if t.i > verb.i and any(
            m.dep_ == "mark" and m.lower_ == "for" for m in t.children)), None)
        if purpose is not None and purpose.left_edge.i > verb.i + 1:
            return _words(verb.doc, verb.i, purpose.left_edge.i)
        asked = [c for c in verb.children if c != path[k - 1] and (
            c.dep_ in ("dobj", "ccomp", "attr") or c.dep_ == "xcomp" and any(t.lemma_.lower() in approvals
                                                                               for t in c.subtree))]
        if path[k - 1].dep_ in ("nsubj", "nsubjpass", "csubj") and asked:
            return _words(verb.doc, verb.i, max(c.right_edge.i for c in asked) + 1)
    return ""


def _words(doc, start: int, end: int) -> str:
    """The text of tokens [start, end) as a condition reads: without the punctuation and quotation marks around."""
    return doc[start:end].text.strip(" ,;:-—\"“”")


def interjected(subject: Token, cue: Token) -> bool:
    """A condition set off between the subject and its verb, hung from the subject by the parser ("X, in the
    event of Y (...), promises Z")."""
    return subject.dep_ in ("nsubj", "nsubjpass") and subject.i < cue.i < subject.head.i


def _time_to_come(verb: Token, clause: Token) -> bool:
    """A "when" clause of a verb in the future: "when the war ends, we will ...", "at the moment when X
    succeeds, we will ...": what must come first, a condition."""
    if not any(c.dep_ == "aux" and c.lower_ in FUTURE for c in verb.children):
        return False
    def opened_by_when(v: Token) -> bool:
        return any(g.dep_ in ("advmod", "mark") and g.lower_ == "when" for g in v.children)
    if clause.dep_ == "advcl":
        return opened_by_when(clause)
    return clause.dep_ == "prep" and any(r.dep_ == "relcl" and opened_by_when(r)
                                         for g in clause.children if g.dep_ == "pobj" for r in g.children)


def inverted_condition(clause: Token) -> bool:
    """An adverbial clause opened by its auxiliary ("Should X be dropped", "Were X to ...", "Had X ..."): a
    condition."""
    first = clause.left_edge
    return clause.dep_ == "advcl" and first.dep_ in ("aux", "auxpass") and first.head == clause \
        and first.lower_ in ("should", "were", "had")


def quantity(root: Token) -> int | None:
    """A number asked for or pledged: the first number before the issue noun, 'a force of N', or that of
    the noun phrase the issue completes ('a cut of at least 30% in production')."""
    heads = [root]
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "of", "on") and root.head.head.pos_ == "NOUN":
        heads.append(root.head.head)
    numbers = [t for h in heads for t in h.subtree if t.i < h.i and t.like_num]
    numbers += [g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.subtree if g.like_num]
    for t in numbers:
        value, text = _number(t)
        if value is not None and value >= 10 and not (1900 <= value <= 2100 and re.fullmatch(r"\d{4}", text)):
            return value
    return None


def _number(token: Token) -> tuple[int | None, str]:
    """The whole number a token writes, and its text: digits ("10,000") as they are; words ("two thousand",
    "twenty-five thousand", "5 million", "2.5 million") read by text2num over the run of number tokens (and the
    hyphens between them) the token belongs to."""
    digits = _DIGIT_SEPARATORS.sub("", token.text)
    if re.fullmatch(r"\d+", digits):
        return int(digits), token.text
    if not token.like_num:
        return None, token.text
    doc, start, end = token.doc, token.i, token.i + 1
    part = lambda t: t.like_num or t.text == "-" and 0 < t.i < len(doc) - 1 and doc[t.i - 1].like_num \
        and doc[t.i + 1].like_num  # noqa: E731
    while start > token.sent.start and part(doc[start - 1]):
        start -= 1
    while end < token.sent.end and part(doc[end]):
        end += 1
    run = doc[start:end]
    from text_to_num import text2num  # maintained reader of spelled-out numbers (the text2num package)

    factor, words = 1.0, run.text
    lead = _DIGIT_SEPARATORS.sub("", run[0].text)
    if re.fullmatch(r"\d+(\.\d+)?", lead) and len(run) > 1:  # "5 million", "2.5 million"
        factor, words = float(lead), run[1:].text
    try:
        value = factor * text2num(words.lower(), "en")
    except ValueError:
        return None, run.text
    return (int(value), run.text) if value == int(value) else (None, run.text)


_DIGIT_SEPARATORS = re.compile(r"[,\s\u00a0\u202f]")
