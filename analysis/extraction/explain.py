"""How the extraction reads a sentence or a short text, for `stakeholders explain` and the notebook helper.

`explain(text, published, title)` runs the run's own `Extractor` (the same pre-filter, parse, components,
discourse and rules: `Extractor.parse`, then `Extractor.article` with a trace) on the text as one article, and
returns an `Explanation`: sentence by sentence, what the components recognised (actors and people with the role
they hold on the day, issue cues and mentions, stance and other cues), and for each statement the rows a run
would write next to the trace the rules left on it (`statements.Statement.holder_at`, `.route`, `.evidence`):
where and how the holder was found, the speaker, the stance's cues, negations and modals, the condition or
constraint, the date and its basis. Nothing here decides anything: it reads what the extraction did.

`Explanation.as_dict()` is the JSON document of `stakeholders explain --json`; docs/EXPLAIN.md lists its keys,
which are never renamed (new ones may be added).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.ingest import Article, split_paragraphs
from .actors import load_actors
from .attribution import SUBJECT_DEPS
from .codebook import load_codebook
from .patterns import issue_of
from .pipeline import Extractor, sentence_pieces
from .recognition import mention_text
from .statements import ROUTES

if TYPE_CHECKING:  # spaCy is imported on first use
    from spacy.tokens import Doc, Span

FORMAT = 1  # the version of the JSON document; raised only when a key changes meaning

# How a holder was resolved (`attribution.Holder.resolved_by`).
RESOLVED_BY = {
    "text": "named in this sentence",
    "pronoun": "a pronoun, resolved to whom it refers to (in this sentence or one before)",
    "quote": "the speaker of a quotation, or the 'we' of a speaker (in this sentence or one before)",
    "fallback": "the first actor before a speech verb the parser left without a subject",
    "speaker": "the sentence's speaker, who lays an obligation on others or announces what they will do",
    "reported": "the subject of a relative clause describing the issue, as the article reports it",
    "agreed": "the one the holder says it agrees with ('concurred with <B> that X')",
    "accused": "the one accused of the issue ('accused <B> of preparing X'), as the accuser reports it",
}
# The evidence on the path besides cues, negations and modals (`stance.Evidence`), when found.
SIGNALS = {
    "weak": "a weak cue ('did not rule out', 'would consider')",
    "warning": "a warning of what the issue would bring, or a refusal: oppose",
    "existential": "the issue denied or named as missing ('no X', 'without X')",
    "agentive": "the holder does the issue's action itself ('will send X')",
    "neutral": "a neutral cue ('discussed')",
    "open_question": "a decision still open ('yet to decide whether'): neutral",
    "goal": "the issue is what an action is for ('in exchange for X')",
    "demanded": "the issue is a condition its holder sets ('would only sign if X', 'will not join unless X'): support",
    "terms": "a condition sets terms on the issue itself ('accept X only if it stays voluntary'): its cue decides",
    "complaint": "a text said to drop or lack the issue",
    "framed": "the issue is the topic of a meeting or a text, or names a group of actors",
}
# What became of a statement the rules found (`outcome`).
OUTCOMES = {
    "kept": "a row of the run",
    "merged": "the same holder, issue and stance as an earlier statement of this sentence: merged into its row",
    "dropped": "left out: a headline's statement the body states again, or a bare neutral beside a stance",
}
NO_STATEMENT = {
    "not parsed": "the pre-filter found nothing in it that could make a statement or an event",
    "no issue": "no issue of the codebook is named",
    "no holder": "an issue is named, but the rules found no one taking a stance on it",
}


@dataclass
class Explanation:
    """The reading of a text: `document` (the JSON document, see `as_dict`), the parsed `doc` and, per sentence
    of `document["sentences"]`, its span of `doc` (None when the pre-filter kept it from the parse)."""

    document: dict
    doc: Doc
    spans: list[Span | None] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The JSON document (its keys: docs/EXPLAIN.md)."""
        return self.document


@lru_cache(maxsize=4)
def extractor_for(codebook: Path | None = None, actors: Path | None = None) -> Extractor:
    """The Extractor of a codebook file and an actors folder (None: the bundled ones), built once per process."""
    book = load_codebook(codebook)
    return Extractor(book, load_actors(actors, shared_roles=book.lexicon.shared_roles))


def explain(text: str, published: dt.date | None = None, title: str = "",
            extractor: Extractor | None = None) -> Explanation:
    """How `extractor` (default: the bundled codebook and actors) reads `text` (one sentence or a few
    paragraphs separated by blank lines) published on `published`, under the headline `title`. ValueError when
    the text is empty."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise ValueError("nothing to explain: the text is empty")
    ex = extractor or extractor_for()
    article = Article(file="explain", title=title.strip(), published=published,
                      paragraphs=([title.strip()] if title.strip() else []) + paragraphs)
    doc = ex.parse(article)
    trace: list = []
    result = ex.article(article, doc, trace)
    parsed = [(offset + sent.start_char, sent) for offset, sent, _, _ in ex.sentences(doc)]
    sentences, spans = [], []
    for start, piece, _, _ in sentence_pieces(article, ex.tokenizer):
        words = piece.text.rstrip()
        mine = [(s, sent) for s, sent in parsed if start <= s < start + len(words)] or [(start, None)]
        for s, sent in mine:  # the parser may split a piece the sentencizer made
            sentences.append(_sentence(len(sentences), s, words if sent is None else sent.text,
                                       len(article.title), sent, ex, published, trace, result))
            spans.append(sent)
    document = {"format": FORMAT, "published": published.isoformat() if published else None, "title": article.title,
                "codebook": str(ex.codebook.path), "codebook_version": ex.version, "sentences": sentences}
    return Explanation(document, doc, spans)


def _sentence(index: int, start: int, text: str, title_length: int, sent: Span | None, ex: Extractor,
              day: dt.date | None, trace: list, result) -> dict:
    """One sentence's part of the document."""
    out = {"index": index, "text": text, "char_start": start, "char_end": start + len(text),
           "headline": start < title_length, "parsed": sent is not None,
           "tokens": [t.text for t in sent] if sent is not None else [], "actors": [], "issues": [],
           "issue_cues": [], "cues": [], "statements": [], "events": [], "note": ""}
    if sent is None:
        out["note"] = NO_STATEMENT["not parsed"]
        return out
    doc = sent.doc

    def inside(span: Span) -> bool:
        return sent.start <= span.start and span.end <= sent.end
    out["actors"] = [_actor(m, sent, ex, day) for m in doc.spans["actors"] if inside(m)]
    out["issues"] = [{"text": m.text, "issue_id": m._.issue_id, "anaphor": bool(m._.anaphor), "against": m._.against,
                      "tokens": [m.start - sent.start, m.end - sent.start]} for m in doc.spans["issues"] if inside(m)]
    out["issue_cues"] = [{"text": m.text, **dict(zip(("issue_id", "against"), issue_of(m.label_))),
                          "tokens": [m.start - sent.start, m.end - sent.start]}
                         for m in doc.spans["issue_cues"] if inside(m)]
    out["cues"] = [{"text": m.text, "label": m.label_, "tokens": [m.start - sent.start, m.end - sent.start]}
                   for m in doc.spans["cues"] if inside(m)]
    kept = {id(row) for row in result.statements}
    out["statements"] = [_statement(st, row, into, kept, sent) for st, row, into in trace
                         if st.sentence.start == sent.start]
    out["events"] = [{key: row[key] for key in ("kind", "description", "actors", "issue_ids", "date_start",
                                                 "date_end", "date_precision", "date_basis", "date_text")}
                     for row in result.events if row["evidence"] == sent.text]
    if not out["statements"]:
        out["note"] = NO_STATEMENT["no holder" if any(i["issue_id"] for i in out["issues"]) else "no issue"]
    return out


def _actor(m: Span, sent: Span, ex: Extractor, day: dt.date | None) -> dict:
    """An actor mention: whom it stands for and how it was recognised; a person's role with the days it runs."""
    role = next((r for r in ex.actors.roles_of(m._.person, day) if r.role == m._.role), None) if m._.person else None
    return {"text": mention_text(m), "kind": m.label_, "stakeholder": m._.stakeholder, "person": m._.person,
            "role": m._.role, "role_start": role.start.isoformat() if role and role.start else "",
            "role_end": role.end.isoformat() if role and role.end else "", "in_roles": bool(m._.in_roles),
            "how": m._.how, "members": [x._.stakeholder for x in m._.members or []],
            "tokens": [m.start - sent.start, m.end - sent.start]}


def _statement(st, row: dict, into: dict, kept: set[int], sent: Span) -> dict:
    """A statement the rules found: its row's values, what became of it, and the trace of its holder and
    stance."""
    doc, w, h = sent.doc, st.evidence, st.holder
    node = doc[st.holder_at] if st.holder_at >= 0 else sent.root
    outcome = "merged" if into is not row else "kept" if id(row) in kept else "dropped"
    return {
        "stakeholder_id": row["stakeholder_id"], "group_label": row["group_label"], "issue_id": row["issue_id"],
        "issue_text": row["issue_text"], "stance": row["stance"], "confidence": row["confidence"],
        "statement_id": row["statement_id"], "outcome": outcome,
        "holder": {"text": h.text, "kind": h.kind, "resolved_by": h.resolved_by,
                   "resolved_by_means": RESOLVED_BY.get(h.resolved_by, ""), "route": st.route,
                   "route_means": ROUTES[st.route], "found_at": node.text,
                   "found_at_token": node.i - sent.start, "subjects": _subjects(node, sent)},
        "speaker": {"name": row["speaker_name"], "role": row["speaker_role"], "kind": row["speaker_kind"],
                    "text": row["speaker_text"], "in_roles": bool(row["speaker_in_roles"])},
        "evidence": {"cues": list(dict.fromkeys(w.cues)), "negations": w.negations,
                     "negation_words": list(w.negation_words), "modal": w.modal, "modal_words": list(w.modal_words),
                     "signals": [name for name in SIGNALS if getattr(w, name)]},
        "conditional": bool(row["conditional"]), "condition": row["condition"],
        "constrained": bool(row["constrained"]), "quantity": row["quantity"],
        "date": {"start": row["date_start"], "end": row["date_end"], "precision": row["date_precision"],
                 "basis": row["date_basis"], "text": row["date_text"],
                 "anchors": [doc[i].text for i in st.path_tokens]},
    }


def _subjects(node, sent: Span) -> list[dict]:
    """The phrases that hang from the holder's node as its subject, possessor or agent ("X" of "X would not
    send"), each with its relation and its tokens (counted from the sentence's first)."""
    deps = SUBJECT_DEPS + ("nsubjpass", "poss", "agent")
    out = []
    for c in node.children:
        if c.dep_ in deps:
            word = next((g for g in c.children if g.dep_ == "pobj"), c) if c.dep_ == "agent" else c
            phrase = sent.doc[word.left_edge.i:word.right_edge.i + 1]
            out.append({"text": phrase.text, "dep": c.dep_,
                        "tokens": [phrase.start - sent.start, phrase.end - sent.start]})
    return out
