"""Discourse: what earlier sentences of the article established (people, plural subjects, speakers, issues),
and the resolution of this sentence's anaphors, bare titles, ambiguous and unknown names against it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .recognition import ActorMention, IssueMention, Recognizer, SentenceMentions

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token


@dataclass
class Discourse:
    """What earlier sentences of the article established: people, plural subjects, speakers, issues."""

    day: dt.date | None
    persons: list[ActorMention] = field(default_factory=list)
    plural: list[ActorMention] = field(default_factory=list)
    speaker: list[ActorMention] = field(default_factory=list)
    issues: list[tuple[int, int, str, str]] = field(default_factory=list)  # (sentence, salience, issue, head)
    sentence_no: int = 0
    actors: list[ActorMention] = field(default_factory=list)
    unknown_people: dict[str, ActorMention] = field(default_factory=dict)

    subjects: list[ActorMention] = field(default_factory=list)  # people who were subjects, most recent last
    org_words: dict[str, ActorMention] = field(default_factory=dict)  # "coalition" -> the coalition named before

    def last_person(self, role: str = "", subject: bool = False) -> ActorMention | None:
        """The person most recently named (with that role); with `subject`, preferably one named as a subject."""
        for m in reversed(self.subjects if subject and self.subjects else self.persons):
            if not role or m.role == role:
                return m
        return None


def salience(token: Token) -> int:
    """How prominent a mention is in its sentence: subject 2, object 1, other 0."""
    return 2 if token.dep_ in ("nsubj", "nsubjpass") else 1 if token.dep_ in ("dobj", "attr") else 0


class DiscourseResolver:
    """Resolves mentions against the discourse, in place; one instance per run."""

    def __init__(self, recognizer: Recognizer):
        self.rec = recognizer

    def resolve(self, sent: Span, mentions: SentenceMentions, disc: Discourse) -> None:
        """Fill in anaphors, bare titles, ambiguous and unknown names from the discourse, in place."""
        for issue in mentions.issues:
            if issue.anaphor:
                issue.issue_id = self._antecedent(sent, issue, mentions, disc)
        for m in mentions.actors:
            if m.kind == "person" and not m.person and m.members:
                known = {p.person for p in disc.persons}
                pick = [c.person for c in m.members if c.person in known]
                if len(pick) == 1:
                    self.rec._fill_person(m, pick[0], disc.day)
            elif m.kind == "person" and not m.in_roles and m.person:
                surname = m.person.split()[-1]
                disc.unknown_people.setdefault(surname, m)
                disc.unknown_people.setdefault(m.person, m)
            elif m.kind == "title" and not m.stakeholder:
                prior = disc.last_person(m.role)
                if prior is not None:
                    m.stakeholder, m.person, m.in_roles = prior.stakeholder, prior.person, prior.in_roles
                    m.how = "title-ref"

    def _antecedent(self, sent: Span, anaphor: IssueMention, mentions: SentenceMentions, disc: Discourse) -> str:
        """The issue an anaphor refers to: the most salient earlier mention of this sentence, else of the
        latest sentence that mentioned an issue (subjects before objects before the rest, then recency).
        An anaphor whose head is itself a cue ("such a force") refers only to an issue that cue can name."""
        head = sent.doc[anaphor.start:anaphor.end].root
        fits = {m.label for m in self.rec.issue_cues(sent.doc[head.i:head.i + 1]) if m.label} | \
            self.rec.issues_with_word(head.lemma_.lower())

        def fit(issue_id: str, lemma: str) -> bool:
            return not fits or issue_id in fits or lemma == head.lemma_.lower()
        here = [(salience(r), m.start, m.issue_id) for m in mentions.issues
                if m.issue_id and not m.anaphor and m.end <= anaphor.start
                and fit(m.issue_id, (r := sent.doc[m.start:m.end].root).lemma_.lower())]
        if here:
            return max(here)[2]
        earlier = [(no, s, n, i) for n, (no, s, i, lemma) in enumerate(disc.issues) if fit(i, lemma)]
        if not earlier:
            return sorted(fits)[0] if len(fits) == 1 else ""
        latest = earlier[-1][0]
        return max((s, n, i) for no, s, n, i in earlier if no == latest)[2]

    def unknown_surnames(self, sent: Span, mentions: SentenceMentions, disc: Discourse) -> None:
        """A surname alone of a person the article introduced earlier without a roles-file entry, and "the
        coalition" for an organisation named earlier whose name holds that word."""
        for t in sent:
            prior = disc.org_words.get(t.lower_)
            if prior is not None and t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) \
                    and not any(m.covers(t.i) for m in mentions.actors):
                mentions.actors.append(ActorMention(t.i - 1, t.i + 1, prior.kind, prior.stakeholder, how="definite",
                                                    text=sent.doc[t.i - 1:t.i + 1].text))
        for t in sent:
            prior = disc.unknown_people.get(t.text)
            if prior is not None and t.pos_ == "PROPN" and not any(m.covers(t.i) for m in mentions.actors):
                mentions.actors.append(ActorMention(t.i, t.i + 1, "person", prior.stakeholder, prior.person,
                                                    prior.role, False, "person", t.text))
        mentions.actors.sort(key=lambda m: m.start)
