"""Statements: who takes which stance on which issue, in one parsed sentence, with the discourse before it.

For each issue mention the rules walk up the dependency tree from the mention to the sentence root (the
"path"). Along the path they collect
  - the holder: the first subject (or possessor of a stance noun, or agent of a passive) that stands for an
    actor, group or resolvable pronoun, once a stance cue, a speech verb or a constraint has been seen;
  - the stance: the product of the polarities of the stance cues on the path (and of their predicative
    children: "called it premature", "is ready to"), each negation flipping it ("did not rule out" = support);
  - qualifiers: a conditional clause or phrase attached to the path ("if there is peace", "subject to approval
    by parliament") and constraint cues ("constitutional constraints");
  - the speaker: a person who says it for the same stakeholder, higher up the path or as the holder;
  - the date: a time expression attached to a path verb, else the publication day.
Pronouns, titles and anaphors are resolved against the article's `Discourse`.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .codebook import Codebook
from .recognition import QUOTES, ActorMention, IssueMention, Recognizer, SentenceMentions

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token

SUBJECT_DEPS = ("nsubj", "csubj")
PREDICATIVE_DEPS = ("acomp", "attr", "oprd", "appos", "neg", "aux", "auxpass", "advmod", "prt", "det", "xcomp", "ccomp",
                    "dobj", "amod", "npadvmod")
POLARITY = {"support": 1, "oppose": -1}


@dataclass
class Holder:
    stakeholder: str
    kind: str  # person, state, organisation, group
    person: str = ""
    role: str = ""
    in_roles: bool = True
    group_label: str = ""
    text: str = ""
    resolved_by: str = "text"  # text, pronoun, title, quote, fallback


@dataclass
class Statement:
    holder: Holder
    issue_id: str
    stance: str
    sentence: Span
    issue_text: str
    stance_cue: str = ""
    conditional: bool = False
    condition: str = ""
    constrained: bool = False
    quantity: int | None = None
    path_tokens: tuple[int, ...] = ()  # tokens whose time expressions date the statement, lowest first
    confidence: float = 0.5


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


def _finite(verb: Token) -> bool:
    """A verb that heads a finite clause ("sends", "will send", "is sending"), not a gerund or infinitive."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)


def _time_anchors(chain: list[Token], holder_node: Token) -> tuple[int, ...]:
    """Tokens whose time expressions date a statement: the holder's verb and those above it, and below it only
    the non-finite verbs that share its time ("proposed doing X in <period>"), not a clause with a
    tense of its own ("said X would happen <later>")."""
    anchors = []
    below = True
    for t in chain:
        if t == holder_node:
            below = False
        if not below:
            anchors.append(t.i)
        elif t.pos_ in ("VERB", "AUX") and _finite(t):
            anchors = []  # a finite clause between the issue and the holder: its time is not the statement's
        else:
            anchors.append(t.i)
    return tuple(anchors)


@dataclass
class _Walk:
    """Evidence gathered on the way from an issue mention to its holder."""

    polarity: int = 1
    negations: int = 0
    cues: list[str] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    weak: bool = False
    neutral: bool = False
    constrained: bool = False
    modal: bool = False
    agentive: bool = False
    existential: bool = False
    warning: bool = False
    goal: bool = False  # the issue is what an action is for ("in exchange for X")
    complaint: bool = False  # a document said to drop or lack the issue
    open_question: bool = False  # "yet to decide whether ...": whatever the cues inside, no side taken

    def stance(self) -> tuple[str, bool]:
        """(stance, weak): polar cues decide; else a negated issue, an agent's action, a constraint, a neutral
        cue or a bare modal ("X could be part of it") in that order."""
        sign = (-1) ** self.negations
        if self.warning:
            return "oppose", False
        if self.open_question:
            return "neutral", False
        if self.goal and not self.cues:
            return "support", False
        if self.cues:
            weak = self.weak or (self.polarity < 0 < self.polarity * sign)
            return ("support" if self.polarity * sign > 0 else "oppose"), weak
        if self.existential:
            return "oppose", False
        if self.agentive:
            return ("support" if sign > 0 else "oppose"), False
        if self.constrained or self.neutral:
            return "neutral", False
        if self.modal:
            return ("support" if sign > 0 else "oppose"), True
        return "neutral", False


class StatementFinder:
    """Applies the path rules to parsed sentences; one instance per run."""

    def __init__(self, codebook: Codebook, recognizer: Recognizer):
        self.codebook, self.rec = codebook, recognizer
        lex = codebook.lexicon
        self.negations = {w.lower() for w in lex.negations}
        self.restrictive = {w.lower() for w in lex.restrictive_modifiers}
        self.modals = {w.lower() for w in lex.modals}
        self.copulas = {w.lower() for w in lex.copulas}
        self.joining_verbs = {w.lower() for w in lex.joining_verbs}
        self.goal_nouns = {w.lower() for w in lex.goal_nouns}
        self.documents = {w.lower() for w in lex.documents}
        self.attitude_nouns = {w.lower() for w in lex.attitude_nouns}
        self.receiving_verbs = {w.lower() for w in lex.receiving_verbs}
        self.negative_quantifiers = {w.lower() for w in lex.negative_quantifiers}
        self.announcing_modals = {"will", "would", "shall", "'ll"}
        self.commitments = {w.lower() for w in lex.commitments}
        self.representing_verbs = {w.lower() for w in lex.representing_verbs}
        self.hypothetical_marks = {w.lower() for w in lex.hypothetical_marks}

    # ------------------------------------------------------------------ resolution of mentions

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

    def holders_of(self, mention: ActorMention, disc: Discourse, speaker: list[Holder],
                   mentions: SentenceMentions | None = None) -> list[Holder]:
        """The holders an actor mention stands for; pronouns and "we" resolved against the sentence (`speaker`:
        who speaks in it, `mentions`: people named before the pronoun) and the discourse."""
        if mention.kind == "pronoun":
            if mention.how == "person":
                here = [m for m in (mentions.actors if mentions else []) if m.kind in ("person", "title")
                        and m.stakeholder and m.end <= mention.start]
                prior = here[-1] if here else disc.last_person(subject=True)
                return [self._holder(prior, "pronoun")] if prior is not None and prior.stakeholder else []
            if mention.how == "plural":
                here = [h for h in speaker if h.kind != "person"] if len(speaker) < 2 else speaker
                if here:  # "Some groups said they could back X": the speakers of this sentence
                    return [Holder(**{**h.__dict__, "resolved_by": "pronoun"}) for h in here]
                return [self._holder(m, "pronoun") for m in disc.plural if m.stakeholder or m.kind == "group"]
            if mention.how == "we":
                if speaker:
                    return [Holder(**{**h.__dict__, "resolved_by": "quote"}) for h in speaker]
                return [self._holder(m, "quote") for m in disc.speaker]
            if mention.how == "thing":
                prior = next((m for m in reversed(disc.actors) if m.kind in ("state", "organisation")), None)
                return [self._holder(prior, "pronoun")] if prior is not None else []
            return []
        if mention.kind == "group":
            out = [self._holder(mention)]
            out += [self._holder(m) for m in mention.members]
            return out
        if not mention.stakeholder:
            return []
        return [self._holder(mention)]

    @staticmethod
    def _holder(m: ActorMention, how: str = "text") -> Holder:
        if m.kind == "group":
            return Holder("", "group", group_label=m.text, text=m.text, resolved_by=how)
        kind = "person" if m.kind in ("person", "title") else m.kind
        return Holder(m.stakeholder, kind, m.person, m.role, m.in_roles, text=m.text, resolved_by=how)

    # ------------------------------------------------------------------ the path rules

    def mentions_for(self, token: Token, mentions: SentenceMentions) -> list[ActorMention]:
        """Actor mentions a subject token stands for: itself, its conjuncts, its 'including ...' members."""
        found: list[ActorMention] = []

        def visit(t: Token) -> None:
            direct = [m for m in mentions.actors if m.covers(t.i)]
            found.extend(m for m in direct if m not in found)
            for c in t.children:
                if c.dep_ in ("conj", "appos") and not any(m.covers(c.i) for m in direct):
                    visit(c)
                if c.dep_ == "acl" and c.lemma_.lower() in self.joining_verbs:  # "X, backed by Y,"
                    for agent in (g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"):
                        visit(agent)
                if c.dep_ in ("acl", "advcl") and c.lemma_.lower() in self.representing_verbs:
                    for g in (g for a in c.children if a.dep_ in ("prep", "dobj") for g in [a] + list(a.children)
                              if g.dep_ in ("pobj", "dobj")):  # "X, speaking for group Y,"
                        visit(g)
        visit(token)
        if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
            visit(token.head.head)
        if token.dep_ in SUBJECT_DEPS and found:  # "X, speaking for group Y, said ..."
            for c in token.head.children:
                if c.dep_ == "advcl" and c.lemma_.lower() in self.representing_verbs:
                    for g in (g for a in c.children if a.dep_ in ("prep", "dobj") for g in [a] + list(a.children)
                              if g.dep_ in ("pobj", "dobj")):
                        visit(g)
        return found

    def _cue_polarity(self, t: Token, mentions: SentenceMentions, issue: IssueMention,
                      used: set[int]) -> tuple[int, str, bool]:
        """(polarity, cue text, weak) of token t as a stance cue not counted yet (`used`: cue starts)."""
        if t.i in issue.tokens and not any(
                c.start <= t.i < c.end and (c.start < issue.start or c.end > issue.end or c.label == "oppose")
                for c in mentions.cues if c.label in POLARITY):
            return 0, "", False  # the issue's own words (a verb the issue cue itself names), unless the cue reaches beyond them or the
            # codebook gave the issue's words a stance (an issue cue that is itself an objection)
        labels = mentions.cue_labels_at(t.i)
        if "speech" in labels and not labels & {"support", "oppose"}:
            return 0, "", False
        head = t.head
        if t.dep_ in ("pcomp", "pobj") and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
            return 0, "", False  # "constraints on doing X": the action named, not taken
        cue = next((c for c in mentions.cues if c.start <= t.i < c.end and c.label in POLARITY), None)
        if cue is None or cue.start in used:
            return 0, "", False
        used.add(cue.start)
        weak = any(c.label == "weak" and c.start <= t.i < c.end for c in mentions.cues)
        return POLARITY[cue.label], cue.text, weak

    def _negated(self, t: Token, mentions: SentenceMentions) -> int:
        """Negations attached to t, except those that belong to a polar cue ("no plans", "not rule out" as cue)."""
        return sum(1 for c in t.children
                   if (c.dep_ == "neg" or (c.dep_ in ("det", "aux") and c.lower_ in self.negations))
                   and not mentions.cue_labels_at(c.i) & set(POLARITY))

    def statements(self, sent: Span, mentions: SentenceMentions, disc: Discourse) -> list[Statement]:
        out: list[Statement] = []
        speaker_here = self._sentence_speakers(sent, mentions, disc)
        for issue in mentions.issues:
            if not issue.issue_id or self._restricted(sent, issue):
                continue
            out.extend(self._walk(sent, issue, mentions, disc, speaker_here))
        polar = {(st.holder.stakeholder, st.holder.group_label, st.issue_id) for st in out if st.stance != "neutral"}
        return [st for st in out if st.stance != "neutral"
                or (st.holder.stakeholder, st.holder.group_label, st.issue_id) not in polar]

    def _restricted(self, sent: Span, issue: IssueMention) -> bool:
        root = sent.doc[issue.start:issue.end].root
        return any(t.lower_ in self.restrictive for t in root.subtree if t.i < root.i or t.head == root and
                   t.dep_ == "advmod")

    def _sentence_speakers(self, sent: Span, mentions: SentenceMentions, disc: Discourse) -> list[Holder]:
        """Who speaks in this sentence: subjects of speech verbs, or the previous speaker for a bare quote."""
        out: list[Holder] = []
        for c in mentions.cues:
            if c.label != "speech":
                continue
            verb = sent.doc[c.start]
            for s in (ch for ch in verb.children if ch.dep_ in SUBJECT_DEPS):
                for m in self.mentions_for(s, mentions):
                    if m.kind != "pronoun" or m.how != "we":
                        out.extend(self.holders_of(m, disc, []))
        if not out and sent.text.lstrip()[:1] in QUOTES:
            out = [self._holder(m, "quote") for m in disc.speaker]
        return out

    def _walk(self, sent: Span, issue: IssueMention, mentions: SentenceMentions, disc: Discourse,
              speaker_here: list[Holder]) -> list[Statement]:
        doc = sent.doc
        root = doc[issue.start:issue.end].root
        chain = [root] + list(root.ancestors)
        w = _Walk()
        if any(c.dep_ == "det" and c.lower_ in self.negations for c in root.children) or self._absent(root, mentions):
            w.existential = True  # "no X", "a deal without X"
        if self._absent(root, mentions):
            w.negations += 1
        holders: list[Holder] = []
        holder_node: Token | None = None
        conj_holders: list[Holder] = []
        early = None  # (holders, node, evidence) of a possessor of an attitude noun, when someone above holds too
        for k, node in enumerate(chain):
            child = chain[k - 1] if k else None
            if child is not None and child.dep_ in ("advcl", "ccomp", "xcomp") and self._hypothetical(child):
                # the issue sits in a condition or a question ("if X happened, ...", "asked whether X could
                # happen, ...", "yet to decide whether to join"): only a warning or a refusal in the rest of the
                # sentence is a stance on it, or a decision still open (neutral)
                answer = self._answer(node, child, mentions)
                if answer is None:
                    return []
                if answer == "oppose":
                    w.warning = True
                else:
                    w.neutral = w.open_question = True
            # a conjunct or a participle ("..., proposing instead X") is a predication of its own: the cues of
            # the verb it hangs from are not about its issue
            via_conj = child is not None and (child.dep_ == "conj" or child.dep_ == "advcl" and child.tag_ == "VBG"
                                              and doc[child.left_edge.i - 1].is_punct)
            if not via_conj:
                self._collect(node, child, issue, mentions, w)
            is_speech = "speech" in mentions.cue_labels_at(node.i)
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS
                        or c.dep_ == "poss" and w.cues and node.lemma_.lower() in self.attitude_nouns]
            if node.pos_ == "NOUN" and mentions.cue_labels_at(node.i) & set(POLARITY):  # "the backing of N groups"
                subjects += [g for c in node.children if c.dep_ == "prep" and c.lower_ == "of" and c != child
                             for g in c.children if g.dep_ == "pobj"]
            subjects += [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if via_conj and conj_holders:
                subjects = []  # the conjunct clause has a subject of its own
            if child is not None and child.dep_ == "acl" and child.pos_ == "VERB":
                subjects.append(node)  # "the <demonym> delegation, ..., asked for X": the noun the participle describes
            if child is not None and child.dep_ in ("nsubj", "nsubjpass") and node.lemma_.lower() in self.receiving_verbs:
                # "the proposal won the backing of N groups": the backers hold the stance of "backing"
                for obj in (c for c in node.children if c.dep_ == "dobj"):
                    p, text, _ = self._cue_polarity(obj, mentions, issue, w.used)
                    givers = [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                              for g in c.children if g.dep_ == "pobj"]
                    if p and givers:
                        w.polarity *= p
                        w.cues.append(text)
                        subjects = givers
            found: list[Holder] = []
            by_possessor = True
            for subject in subjects:
                if subject.i in issue.tokens:
                    continue
                for m in self.mentions_for(subject, mentions):
                    if m.kind == "pronoun" and m.how == "thing" and not is_speech:
                        continue  # "it could lead to ...": only "it said" makes "it" a speaker
                    hs = self.holders_of(m, disc, speaker_here, mentions)
                    found.extend(hs)
                    by_possessor = by_possessor and (not hs or subject.dep_ == "poss")
            if found and (self._hypothetical(node) and node.dep_ in ("advcl", "conj", "ccomp")
                          or self._copula_without_attitude(node, mentions)):
                found = []  # "if X sent Y, ...", "X was on a path to Y"
            if found and node.i in issue.tokens and node.pos_ == "VERB" and _finite(node):
                w.agentive = True  # "X will do <the issue's action>"
            conj_holders = found
            if found and (w.cues or w.agentive or is_speech or w.constrained or w.neutral or w.existential
                          or w.warning or w.goal):
                if by_possessor and early is None and node.head != node:
                    # "X welcomed Y's request for Z": the request is Y's; whoever welcomes,
                    # backs or rejects it further up holds a position too
                    early = (found, node, copy.deepcopy(w))
                    continue
                holders, holder_node = found, node
                break
            if is_speech and not subjects:
                holders = self._fallback_speaker(sent, node, mentions, disc)
                if holders:
                    holder_node = node
                    break
        if not holders and early is not None:
            (holders, holder_node, w), early = early, None
        if not holders:
            holders = self._according_to(sent, mentions, disc)
            if not holders and sent.text.lstrip()[:1] in QUOTES and (w.cues or w.agentive):
                holders = [self._holder(m, "quote") for m in disc.speaker]
            if not holders:
                return []
            holder_node = sent.root
        out = self._rows(sent, issue, mentions, disc, speaker_here, chain, holders, holder_node, w)
        if early is not None:
            out += self._rows(sent, issue, mentions, disc, speaker_here, chain, early[0], early[1], early[2])
        return out

    def _rows(self, sent: Span, issue: IssueMention, mentions: SentenceMentions, disc: Discourse,
              speaker_here: list[Holder], chain: list[Token], holders: list[Holder], holder_node: Token,
              w: "_Walk") -> list[Statement]:
        """The statements of `holders`, found at `holder_node` with the evidence `w` gathered below it."""
        root = sent.doc[issue.start:issue.end].root
        if w.complaint and any("speech" in mentions.cue_labels_at(t.i) for t in chain[:chain.index(holder_node) + 1]
                               if holder_node in chain):
            w.polarity = -w.polarity  # who says a text drops or lacks X wants X
        if not w.constrained and holder_node is not None:
            w.constrained = any("constrained" in mentions.cue_labels_at(t.i) for t in holder_node.subtree)
        stance, weak = w.stance()
        speaker = self._speaker_above(holder_node, mentions, disc, speaker_here)
        condition = self._condition(sent, chain, mentions, issue)
        confidence = (0.9 if w.cues else 0.7 if w.agentive or w.existential or w.warning else 0.55) \
            - (0.25 if weak else 0.0)
        confidence -= 0.1 if issue.anaphor else 0.0
        if speaker is not None and speaker.stakeholder and all(h.kind == "group" for h in holders) and (
                holder_node.lemma_.lower() in self.commitments
                or any(c.dep_ == "aux" and c.lower_ in self.announcing_modals for c in holder_node.children)):
            # "X said several countries would send a force / have pledged troops": an announcement by the speaker
            holders = holders + [Holder(**{**speaker.__dict__, "resolved_by": "speaker"})]
        out = []
        for h in holders:
            if h.kind != "group" and not h.stakeholder:
                continue
            h = self._with_speaker(h, speaker)
            c = confidence - (0.1 if h.resolved_by != "text" else 0.0) - (0.1 if h.kind == "group" else 0.0)
            issue_id = self.codebook.claimed_issue(issue.issue_id, h.stakeholder) if h.stakeholder else issue.issue_id
            held = stance
            if h.kind == "group" and h.group_label.split()[0].lower() in self.negative_quantifiers and stance != "neutral":
                held = "oppose" if stance == "support" else "support"  # "few countries are willing to ..."
            out.append(Statement(h, issue_id, held, sent, issue.text, ", ".join(dict.fromkeys(w.cues)),
                                 bool(condition), condition, w.constrained, self._quantity(root),
                                 _time_anchors(chain, holder_node), round(max(0.05, min(c, 0.99)), 2)))
        return out

    def _collect(self, node: Token, child: Token | None, issue: IssueMention, mentions: SentenceMentions,
                 w: "_Walk") -> None:
        """Add the stance evidence of one path node: its own cue and its predicative children's, negations,
        modals, constraints. A verb's own cue does not count for its active subject ("the deployment would
        need a mandate" is no one's need for a deployment)."""
        subject_side = child is not None and child.dep_ in ("nsubj", "csubj") and node.pos_ == "VERB" \
            and "effect" not in mentions.cue_labels_at(node.i)
        if w.goal:
            return  # "ready to give up X in exchange for Y": above a goal, cues concern the means
        if child is not None and child.dep_ == "prep" and child.lower_ == "for" \
                and (node.pos_ == "VERB" or node.lemma_.lower() in self.goal_nouns) \
                and not mentions.cue_labels_at(child.i) & set(POLARITY):
            w.goal = True
            return
        candidates = [] if subject_side else [node]
        if child is None or child.dep_ != "ccomp" or "speech" in mentions.cue_labels_at(node.i):
            # above a complement clause only the verb itself speaks ("posed a risk ... that X was wrong"
            # misparsed as a complement of "posed" must not add "threat")
            candidates += [c for c in node.children if c.dep_ in PREDICATIVE_DEPS and c != child]
        for c in node.children:  # "regard X as Y", "remained out of bounds"
            if c.dep_ == "prep" and c != child and (c.lower_ == "as" or node.lemma_.lower() in self.copulas):
                candidates += [t for t in c.subtree if t.i not in issue.tokens]
            elif c.dep_ == "prep" and c != child and any(m.start == c.i and m.label in POLARITY for m in mentions.cues):
                candidates.append(c)  # a cue that is a prepositional phrase: "fall outside X"
        node_polarity = 0  # cues of one node agree rather than compose: "dismissed X as Y" is one "no"
        for t in candidates:
            p, text, weak = self._cue_polarity(t, mentions, issue, w.used)
            if p:
                node_polarity = min(node_polarity or p, p)
                w.cues.append(text)
                w.weak = w.weak or weak
            labels = mentions.cue_labels_at(t.i)
            if t == node or t.dep_ in ("acomp", "attr", "oprd", "xcomp", "dobj"):
                w.constrained = w.constrained or "constrained" in labels
                w.neutral = w.neutral or "neutral" in labels
            if t.dep_ in ("aux", "auxpass") and t.lower_ in self.modals:
                w.modal = True
        w.polarity *= node_polarity or 1
        predicate_of = node.head if node.dep_ in ("acomp", "attr", "oprd", "xcomp") else node
        if node_polarity < 0 and child is not None and child.dep_ in ("dobj", "prep", "xcomp") \
                and "oppose" in mentions.cue_labels_at(node.i) \
                and any(c.dep_ == "nsubj" and c.lemma_.lower() in self.documents
                        for c in list(node.children) + list(predicate_of.children)):
            w.complaint = True  # "the text dropped X": said of a document, a complaint
        w.negations += self._negated(node, mentions) + ("absence" in mentions.cue_labels_at(node.i) and node.pos_ == "VERB")
        for c in node.children:
            if c.dep_ in ("acomp", "attr", "xcomp") and c != child:
                w.negations += self._negated(c, mentions)
        w.constrained = w.constrained or any("constrained" in mentions.cue_labels_at(c.i)
                                             for c in node.children if c.dep_ in ("dobj", "attr", "nsubj"))

    def _copula_without_attitude(self, node: Token, mentions: SentenceMentions) -> bool:
        """A copula whose complement is no attitude of its subject ("X was on a path", "X is essential")."""
        if node.lemma_.lower() not in self.copulas:
            return False
        return not any("attitude" in (labels := mentions.cue_labels_at(t.i))
                       or t.pos_ == "VERB" and labels & set(POLARITY)  # "among those backing X"
                       for c in node.children if c.dep_ in ("acomp", "attr", "prep", "advmod", "oprd", "xcomp")
                       for t in c.subtree)

    def _absent(self, root: Token, mentions: SentenceMentions) -> bool:
        """The issue named as missing: "without measures on production", "silent on X"."""
        head = root.head
        return any("absence" in mentions.cue_labels_at(t.i) for t in (head, head.head) if t != root) \
            and root.dep_ == "pobj"

    def _hypothetical(self, clause: Token) -> bool:
        return any(c.dep_ in ("mark", "advmod") and c.lower_ in self.hypothetical_marks for c in clause.children)

    @staticmethod
    def _answer(main: Token, clause: Token, mentions: SentenceMentions) -> str | None:
        """What the rest of the sentence makes of a condition or question: "oppose" when it warns of a
        consequence ("Y would follow") or turns the question down ("it was too soon to say"), "neutral" when it
        leaves it open ("have yet to decide whether"), else None."""
        top = main
        while top.head != top:
            top = top.head
        inside = {t.i for t in clause.subtree}
        labels = set().union(*(mentions.cue_labels_at(t.i) for t in top.subtree if t.i not in inside))
        if labels & {"threat", "oppose"}:
            return "oppose"
        return "neutral" if "neutral" in labels else None

    def _with_speaker(self, h: Holder, speaker: Holder | None) -> Holder:
        if h.kind == "person" or speaker is None or speaker.stakeholder != h.stakeholder:
            return h
        return Holder(h.stakeholder, h.kind if not speaker.person else "person", speaker.person, speaker.role,
                      speaker.in_roles, text=speaker.text, resolved_by=h.resolved_by)

    def _speaker_above(self, node: Token, mentions: SentenceMentions, disc: Discourse,
                       speaker_here: list[Holder]) -> Holder | None:
        """A person speaking for the holder: the subject of a speech verb at or above the holder's node."""
        t = node
        while True:
            if "speech" in mentions.cue_labels_at(t.i):
                for s in (c for c in t.children if c.dep_ in SUBJECT_DEPS):
                    for m in self.mentions_for(s, mentions):
                        hs = self.holders_of(m, disc, speaker_here)
                        if hs and hs[0].kind == "person":
                            return hs[0]
            if t.head == t:
                break
            t = t.head
        persons = [h for h in speaker_here if h.kind == "person"]
        return persons[0] if persons else None

    def _fallback_speaker(self, sent: Span, verb: Token, mentions: SentenceMentions, disc: Discourse) -> list[Holder]:
        """A speech verb the parser left without a subject ("X, whose minister ..., said"): the first actor
        mention before it that is not inside a prepositional phrase."""
        for m in mentions.actors:
            if m.start >= verb.i:
                break
            head = sent.doc[m.start:m.end].root
            if any(a.dep_ == "prep" for a in [head] + list(head.ancestors)[:2]) or head.dep_ in ("pobj", "dobj"):
                continue
            if m.kind == "pronoun" and m.how == "we":
                continue
            hs = self.holders_of(m, disc, [])
            if hs:
                return [Holder(**{**h.__dict__, "resolved_by": "fallback"}) for h in hs]
        return []

    def _according_to(self, sent: Span, mentions: SentenceMentions, disc: Discourse) -> list[Holder]:
        for c in mentions.cues:
            if c.label != "attribution":
                continue
            for m in mentions.actors:
                if c.end <= m.start <= c.end + 3:
                    return self.holders_of(m, disc, [])
        return []

    def _condition(self, sent: Span, path: list[Token], mentions: SentenceMentions, issue: IssueMention) -> str:
        """The text of a condition attached to the path ("if <condition>", "subject to approval by parliament")."""
        on_path = {t.i for t in path} | set(issue.tokens)
        issue_root = sent.doc[issue.start:issue.end].root
        for c in mentions.cues:
            if c.label != "conditional":
                continue
            t = sent.doc[c.start]
            branch, hops = t, 0
            while branch.head.i not in on_path and branch.head != branch and hops < 4:
                branch, hops = branch.head, hops + 1
            if branch.head.i not in on_path or branch.i in on_path:
                if t.i not in on_path:
                    continue
            if issue_root in branch.subtree:
                continue  # the condition is the issue itself (a warning), not a condition on a position
            if branch.i not in on_path and branch.dep_ not in ("advcl", "prep", "mark", "advmod", "npadvmod", "acomp",
                                                                "xcomp", "pcomp", "conj", "amod", "appos", "oprd"):
                continue  # "countries that depend on petrochemicals": inside a noun phrase, not a condition
            span = sent.doc[branch.left_edge.i:branch.right_edge.i + 1]
            text = span.text.strip(" ,;:-—\"“”")
            if t.i < branch.left_edge.i:
                text = sent.doc[t.i:branch.right_edge.i + 1].text.strip(" ,;:-—\"“”")
            return text
        return ""

    @staticmethod
    def _quantity(root: Token) -> int | None:
        """A number asked for or pledged: the first number before the issue noun, 'a force of N', or that of
        the noun phrase the issue completes ('a cut of at least 30% in production')."""
        heads = [root]
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "of", "on") and root.head.head.pos_ == "NOUN":
            heads.append(root.head.head)
        numbers = [t for h in heads for t in h.subtree if t.i < h.i and t.like_num]
        numbers += [g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.subtree if g.like_num]
        for t in numbers:
            value = _number(t.text)
            if value is not None and value >= 10 and not (1900 <= value <= 2100 and "," not in t.text):
                return value
        return None


def _number(text: str) -> int | None:
    digits = re.sub(r"[,\s  ]", "", text)
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    return None
