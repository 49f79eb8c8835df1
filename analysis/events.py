"""Events: the dated happenings an article reports (meetings, speeches, proposals, decisions, plans).

An event is a trigger of the lexicon's `events` lists (a verb such as "meet", "propose", or a noun such as
"summit", "remarks") with at least one participant (an actor or group taking part) or an issue, dated by a time
expression attached to it. A trigger with no time of its own is an event only when it opens the article (news
of the publication day: "CITY, Month D: Some countries are working on a plan ..."). Within an article,
one event per happening: reports of the same kind, date and actors are merged (`merge`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .codebook import Codebook
from .nlp import PhraseIndex, load_model
from .recognize import Recognizer, SentenceMentions
from .statements import SUBJECT_DEPS, Discourse, StatementFinder

PARTICIPANT_PREPS = ("with", "between", "among", "by")


@dataclass
class Event:
    kind: str
    description: str
    actors: list[str]
    issue_ids: list[str]
    sentence: Span
    anchors: list[int] = field(default_factory=list)
    dated_by_text: bool = False


class EventFinder:
    def __init__(self, codebook: Codebook, recognizer: Recognizer, statements: StatementFinder):
        self.codebook, self.rec, self.statements = codebook, recognizer, statements
        self.triggers = PhraseIndex(load_model())
        for kind, phrases in codebook.lexicon.events.items():
            for p in phrases:
                self.triggers.add(kind, p)
        nlp = load_model()
        self.event_nouns = {nlp(p)[-1].lemma_.lower() for phrases in codebook.lexicon.events.values() for p in phrases}

    def events(self, sent: Span, mentions: SentenceMentions, disc: Discourse, lead: bool) -> list[Event]:
        """Candidate events of one sentence; `lead` when it opens the article (or follows a dateline)."""
        from .dates import find_time_expressions
        has_time = bool(find_time_expressions(sent.text))
        out: list[Event] = []
        seen_roots: set[int] = set()
        for trig in self.triggers(sent):
            token = sent.doc[trig.start]
            clause = self._clause(token)
            if clause.i in seen_roots:
                continue
            actors = self._participants(clause, token, mentions, disc)
            issues = sorted({i.issue_id for i in mentions.issues if i.issue_id and clause.i in
                             [a.i for a in sent.doc[i.start:i.end].root.ancestors] + [sent.doc[i.start:i.end].root.i]})
            if not actors and not issues:
                continue
            if not has_time and not lead:
                continue
            seen_roots.add(clause.i)
            anchors = [token.i] + [a.i for a in token.ancestors]
            out.append(Event(trig.label, self._describe(clause), actors, issues, sent, anchors, has_time))
        if not out and lead:
            actors = self._participants(sent.root, sent.root, mentions, disc)
            issues = sorted({i.issue_id for i in mentions.issues if i.issue_id})
            if actors or issues:
                out.append(Event("report", self._describe(sent.root), actors, issues, sent, [sent.root.i], False))
        return out

    @staticmethod
    def _clause(token: Token) -> Token:
        """The verb whose clause the trigger belongs to (the trigger itself when it is a verb)."""
        t = token
        while t.pos_ not in ("VERB", "AUX") and t.head != t:
            t = t.head
        return t

    def _participants(self, clause: Token, trigger: Token, mentions: SentenceMentions, disc: Discourse) -> list[str]:
        heads = [c for c in clause.children if c.dep_ in SUBJECT_DEPS or c.dep_ in ("dobj", "nsubjpass")]
        heads += [g for c in list(clause.children) + list(trigger.children)
                  if c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS for g in c.children if g.dep_ == "pobj"]
        heads += [c for c in trigger.children if c.dep_ == "poss"]
        found: list[str] = []
        for h in heads:
            for m in self.statements.mentions_for(h, mentions):
                for holder in self.statements.holders_of(m, disc, []):
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
                         and (k["kind"] == row["kind"] or "report" in (k["kind"], row["kind"]))
                         and (not k["actors"] or not row["actors"]
                              or set(k["actors"].split(";")) & set(row["actors"].split(";")))), None)
            if same is None:
                kept.append(dict(row))
            else:
                actors = [a for a in (same["actors"] + ";" + row["actors"]).split(";") if a]
                same["actors"] = ";".join(dict.fromkeys(actors))
                issues = [i for i in (same["issue_ids"] + ";" + row["issue_ids"]).split(";") if i]
                same["issue_ids"] = ";".join(dict.fromkeys(issues))
        for n, row in enumerate(kept, start=1):
            row["event_id"] = f"E{n:02d}"
        return kept
