"""Events: the dated happenings an article reports (meetings, speeches, proposals, decisions, plans).

An event is a trigger of the lexicon's `events` lists (a verb such as "meet", "propose", or a noun such as
"summit", "remarks") with at least one participant (an actor or group taking part) or an issue, dated by a time
expression attached to it. A trigger with no time of its own is an event only when it opens the article (news
of the publication day: "CITY, Month D: Some countries are working on a plan ..."). Within an article,
one event per happening: reports of the same kind, date and actors are merged (`merge`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .codebook import Codebook
from .nlp import load_model
from .recognition import Mentions, within
from .attribution import SUBJECT_DEPS
from .discourse import Discourse
from .statements import StatementFinder

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token

PARTICIPANT_PREPS = ("with", "between", "among", "by")


@dataclass
class Event:
    kind: str
    description: str
    actors: list[str]
    issue_ids: list[str]
    sentence: Span
    anchors: list[int] = field(default_factory=list)
    lead: bool = False  # the article's opening news: dated by the dateline or publication when it gives no time


class EventFinder:
    def __init__(self, codebook: Codebook, statements: StatementFinder):
        self.codebook, self.statements = codebook, statements
        nlp = load_model()
        self.non_factual = {"could", "might", "may", "should", "can", "must"}
        self.hypothetical = {w.lower() for w in codebook.lexicon.hypothetical_marks} - {"once", "after", "before", "when"}
        self.event_nouns = {nlp(p)[-1].lemma_.lower() for phrases in codebook.lexicon.events.values() for p in phrases}

    def events(self, sent: Span, mentions: Mentions, disc: Discourse, lead: bool) -> list[Event]:
        """Candidate events of one sentence: each trigger's clause once (a speech verb counts as a statement
        event), with its participants and issues; `lead` when the sentence opens the article or follows a
        dateline. The caller keeps a candidate only when the sentence dates it, or when it is the lead."""
        out: list[Event] = []
        seen: set[int] = set()
        triggers = [(m.label_, m.start) for m in within(sent.doc.spans["event_triggers"], sent)]
        triggers += [("statement", c.start) for c in mentions.cues if c.label_ == "speech"]
        for kind, start in triggers:
            token = sent.doc[start]
            clause = self._clause(token)
            if clause.i in seen:
                continue
            if not self._factual(token, clause):
                continue
            actors = self._participants(clause, token, mentions, disc)
            issues = sorted({i._.issue_id for i in mentions.issues if i._.issue_id and clause.i in
                             [a.i for a in i.root.ancestors] + [i.root.i]})
            if kind == "statement" and not actors:
                continue
            seen.add(clause.i)
            anchors = [token.i] + [a.i for a in token.ancestors if a.i <= clause.i or a in clause.subtree] \
                if token != clause else [token.i]
            anchors = [i for i in anchors if sent.doc[i] in clause.subtree]
            out.append(Event(kind, self._describe(clause), actors, issues, sent, anchors))
        if lead and not out:
            actors = self._participants(sent.root, sent.root, mentions, disc)
            issues = sorted({i._.issue_id for i in mentions.issues if i._.issue_id})
            if actors or issues:
                out.append(Event("report", self._describe(sent.root), actors, issues, sent, [sent.root.i], lead=True))
        for ev in out:
            ev.lead = ev.lead or lead
        return out

    def _factual(self, trigger: Token, clause: Token) -> bool:
        """A happening the sentence asserts, not one it negates, supposes or only names as possible."""
        if any(c.dep_ == "neg" for c in clause.children) or any(c.dep_ == "neg" for c in trigger.children):
            return False
        if any(c.dep_ == "aux" and c.lower_ in self.non_factual for c in clause.children):
            return False
        if clause.dep_ in ("advcl", "ccomp") and any(c.dep_ == "mark" and c.lower_ in self.hypothetical
                                                     for c in clause.children):
            return False
        return not (clause.tag_ == "VBG" and clause.dep_ in ("pcomp", "pobj"))  # "deter X from attacking Y"

    @staticmethod
    def _clause(token: Token) -> Token:
        """The verb whose clause the trigger belongs to (the trigger itself when it is a verb)."""
        t = token
        while t.pos_ not in ("VERB", "AUX") and t.head != t:
            t = t.head
        return t

    def _participants(self, clause: Token, trigger: Token, mentions: Mentions, disc: Discourse) -> list[str]:
        heads = [c for c in clause.children if c.dep_ in SUBJECT_DEPS or c.dep_ in ("dobj", "nsubjpass")]
        heads += [g for c in list(clause.children) + list(trigger.children)
                  if c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS for g in c.children if g.dep_ == "pobj"]
        heads += [c for c in trigger.children if c.dep_ == "poss"]
        found: list[str] = []
        for h in heads:
            for m in self.statements.attribution.mentions_for(h, mentions):
                for holder in self.statements.attribution.holders_of(m, disc, []):
                    if holder.stakeholder and holder.stakeholder not in found:
                        found.append(holder.stakeholder)
        return found

    @staticmethod
    def _describe(clause: Token, limit: int = 16) -> str:
        """A short phrase: the clause's subject, verb and object, without subordinate clauses."""
        keep = {clause.i}
        for c in clause.children:
            if c.dep_ in SUBJECT_DEPS + ("nsubjpass", "dobj", "xcomp", "prt", "neg", "aux", "auxpass", "attr",
                                          "acomp", "prep", "agent", "dative"):
                keep.update(t.i for t in c.subtree)
        words = [t for t in clause.subtree if t.i in keep and not t.is_punct or t.i == clause.i]
        words = [t for t in words if not (t.dep_ in ("relcl", "advcl", "ccomp") and t.head.i in keep)]
        text = " ".join(t.text for t in words[:limit])
        return text + (" ..." if len(words) > limit else "")

    @staticmethod
    def merge(rows: list[dict]) -> list[dict]:
        """One row per happening within an article: same kind and date span, overlapping (or no) actors."""
        kept: list[dict] = []
        for row in rows:
            same = next((k for k in kept if k["date_start"] == row["date_start"] and k["date_end"] == row["date_end"]
                         and (k["kind"] == row["kind"] or {"report", "statement"} & {k["kind"], row["kind"]})
                         and (not k["actors"] or not row["actors"]
                              or set(k["actors"].split(";")) & set(row["actors"].split(";")))), None)
            if same is None:
                kept.append(dict(row))
            else:
                if same["kind"] in ("statement", "report") and row["kind"] not in ("statement", "report"):
                    for col in ("kind", "description", "evidence", "char_start", "char_end"):
                        same[col] = row[col]  # the happening itself describes it better than a remark on it
                actors = [a for a in (same["actors"] + ";" + row["actors"]).split(";") if a]
                same["actors"] = ";".join(dict.fromkeys(actors))
                issues = [i for i in (same["issue_ids"] + ";" + row["issue_ids"]).split(";") if i]
                same["issue_ids"] = ";".join(dict.fromkeys(issues))
        kept = [k for k in kept if not (k["kind"] == "statement" and any(
            o is not k and o["date_start"] == k["date_start"] and o["date_end"] == k["date_end"] and o["kind"] != "statement"
            for o in kept))]  # a dated statement that another event of that day already reports
        for n, row in enumerate(kept, start=1):
            row["event_id"] = f"E{n:02d}"
        return kept
