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
Pronouns, titles and anaphors are resolved against the article's `Discourse` (discourse.py); holders and
speakers are found by attribution.py, stance evidence by stance.py, conditions and quantities by qualifiers.py.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .actors import ActorData
from .attribution import SUBJECT_DEPS, Attribution, Holder
from .claims import claimed_issue
from .codebook import Codebook
from .discourse import Discourse
from .qualifiers import FUTURE, condition_of, quantity
from .recognition import Mentions
from .stance import POLARITY, Evidence, StanceRules, other_issues

OBJECT_DEPS = ("pobj", "dobj", "dative")

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token


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
    issue_start: int = 0  # the issue mention's first token
    # the trace `explain` shows: the token where the holder was found, how (ROUTES), the evidence read below it
    holder_at: int = -1
    route: str = "path"
    evidence: Evidence | None = None


# How a statement's holder was found (`Statement.route`).
ROUTES = {
    "path": "on the path from the issue up to the sentence's root: a subject, possessor or agent",
    "source": "an attribution outside the verb (\"according to X\")",
    "quote": "the speaker of a quotation or list opened before this sentence",
    "relative clause": "the subject of a relative clause describing the issue",
    "same position": "the subject of a verb taking over the position of the sentence before (\"took the same line\")",
}


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


class StatementFinder:
    """Applies the path rules to parsed sentences; one instance per run."""

    def __init__(self, codebook: Codebook, actors: ActorData | None = None):
        self.codebook = codebook
        lex = codebook.lexicon
        self.attribution, self.rules = Attribution(lex, actors), StanceRules(lex)
        self.negations = {w.lower() for w in lex.negations}
        self.powers = {w.lower() for w in lex.powers}
        self.approvals = frozenset(w.lower() for w in lex.approvals)
        self.causatives = {w.lower() for w in lex.causative_verbs}
        self.attitude_nouns = {w.lower() for w in lex.attitude_nouns}
        self.not_conditions = tuple(tuple(p.lower().split()) for p in lex.not_conditions)
        self.receiving_verbs = {w.lower() for w in lex.receiving_verbs}
        self.accusing_verbs = {w.lower() for w in lex.accusing_verbs}
        self.negative_quantifiers = {w.lower() for w in lex.negative_quantifiers}
        self.commitments = {w.lower() for w in lex.commitments}
        self.agreeing = {w.lower() for w in lex.agreeing_verbs}
        self.entitlements = {w.lower() for w in lex.entitlements}
        self.implying_verbs = {w.lower() for w in lex.implying_verbs}
        self.issue_words = {w for issue in codebook.issues for cue in issue.cues
                            for w in cue.phrase.lower().replace("-", " ").split()}

    def statements(self, sent: Span, mentions: Mentions, disc: Discourse) -> list[Statement]:
        out: list[Statement] = []
        speaker_here = self.attribution.sentence_speakers(sent, mentions, disc)
        for issue in mentions.issues:
            if not issue._.issue_id or self._restricted(sent, issue):
                continue
            out.extend(self._walk(sent, issue, mentions, disc, speaker_here))
            out.extend(self._described(sent, issue, mentions, disc, speaker_here))
        out = self._contrasted(sent, out)
        polar = {(st.holder.stakeholder, st.holder.group_label, st.issue_id) for st in out if st.stance != "neutral"}
        return [st for st in out if st.stance != "neutral"
                or (st.holder.stakeholder, st.holder.group_label, st.issue_id) not in polar]

    def shared(self, sent: Span, mentions: Mentions, disc: Discourse, before: list[Statement]) -> list[Statement]:
        """The stances of the sentence before, taken over by the subject of a verb whose object is "the same
        position", "a similar line" ... ("<X> has argued for the same wording since the talks began"); a negated
        verb takes over nothing."""
        out = []
        speaker_here = self.attribution.sentence_speakers(sent, mentions, disc)
        for cue in (c for c in mentions.cues if c.label_ == "same_position"):
            verb = next((t for t in cue.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if verb is None or any(c.dep_ == "neg" for c in verb.children):
                continue
            holders = [h for s in verb.children if s.dep_ in SUBJECT_DEPS
                       for m in self.attribution.mentions_for(s, mentions)
                       for h in self.attribution.holders_of(m, disc, speaker_here, mentions)]
            for h in holders:
                for st in before:
                    if st.stance == "neutral" or (st.holder.stakeholder, st.holder.group_label) == \
                            (h.stakeholder, h.group_label) or not (h.stakeholder or h.kind == "group"):
                        continue
                    out.append(replace(st, holder=h, sentence=sent, issue_text=cue.text, issue_start=cue.start,
                                       path_tokens=(verb.i,), holder_at=verb.i, route="same position",
                                       confidence=round(max(0.05, st.confidence - 0.1), 2)))
        return out

    def _described(self, sent: Span, issue: Span, mentions: Mentions, disc: Discourse,
                   speaker_here: list[Holder]) -> list[Statement]:
        """Positions in a relative clause that describes the issue or a noun in apposition to it ("security
        guarantees, a proposal <state> has long supported"): the clause's subject holds its stance, as reported
        by the article (a lower confidence)."""
        root, doc = issue.root, sent.doc
        nouns = [root] + [c for c in root.children if c.dep_ == "appos"]
        if issue.end < sent.end - 1 and doc[issue.end].text == ",":  # the parser may hang the apposition elsewhere
            nouns += [t for t in doc[issue.end + 1:sent.end] if t.dep_ == "appos" and t.left_edge.i == issue.end + 1]
        out = []
        for noun in dict.fromkeys(nouns):
            for clause in (c for c in noun.children if c.dep_ == "relcl" or _object_gap(c)):
                w = Evidence()
                self.rules.collect(clause, None, issue, mentions, w)
                if not w.cues:
                    continue
                holders = [Holder(**{**h.__dict__, "resolved_by": "reported"})
                           for subject in clause.children if subject.dep_ in SUBJECT_DEPS and subject.tag_ not in
                           ("WDT", "WP") for m in self.attribution.mentions_for(subject, mentions)
                           for h in self.attribution.holders_of(m, disc, speaker_here, mentions)]
                if holders:
                    out += self._rows(sent, issue, mentions, disc, speaker_here, [root, clause], holders, clause, w,
                                      "relative clause")
        return out

    def _contrasted(self, sent: Span, found: list[Statement]) -> list[Statement]:
        """One holder for and against one issue in clauses set against each other ("X will not send troops, but
        is ready to serve as a hub for any force"; "... yet ..."): the first clause states the position, the
        contrasted one offers something else; a concession ("X could deploy forces to Y, although it refuses
        to send soldiers into Z") limits the position of the main clause, it does not reverse it."""
        contrasts = [t.i for t in sent if t.dep_ == "cc" and t.lower_ in ("but", "yet")]
        out = []
        for st in found:
            key = (st.holder.stakeholder, st.holder.group_label, st.issue_id)
            opposite = [o for o in found if (o.holder.stakeholder, o.holder.group_label, o.issue_id) == key
                        and o.stance != st.stance and "neutral" not in (o.stance, st.stance)]
            earlier = [o for o in opposite if any(o.issue_start < c < st.issue_start for c in contrasts)]
            conceded = self._concession(sent.doc[st.issue_start])
            if not earlier and not (conceded is not None and any(
                    not conceded.left_edge.i <= o.issue_start <= conceded.right_edge.i for o in opposite)):
                out.append(st)
        return out

    def _concession(self, token: Token) -> Token | None:
        """The clause the token sits in that a concessive mark opens ("although it refuses ..."), if any."""
        return next((a for a in (token, *token.ancestors) if self.rules.conceded(a)), None)

    def _reported_action(self, node: Token, issue: Span, mentions: Mentions) -> bool:
        """`node` is the issue's own action in a passive clause ("no troops would be sent by X": a word of the
        codebook's cue phrases, or a verb with no stance cue), not an attitude ("the plan was backed by X"): in
        reported speech its agent is what the speaker says will happen, not the agent's stance."""
        action = node.lemma_.lower() in self.issue_words or not mentions.cue_labels_at(node.i) & set(POLARITY)
        return action and any(c.dep_ in ("nsubjpass", "dobj") and issue.start <= c.i < issue.end
                              for c in node.children)

    def _obliged(self, node: Token, subjects: list[Token]) -> bool:
        """An obligation laid on the subject by someone else ("Y must have X", "Y should send X"), or a due
        ("Y deserves X", "Y needs X": lexicon `entitlements`, with an object), not a first person's own ("we must
        ...")."""
        return (any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in node.children)
                or node.lemma_.lower() in self.entitlements and any(c.dep_ == "dobj" for c in node.children)) \
            and not any(s.lower_ in ("we", "i") for s in subjects)

    def _caused(self, node: Token, chain: list[Token], found: list[Holder], mentions: Mentions) -> bool:
        """The holders found at `node` are made to do what the clause says by a causative verb higher up ("would
        have <state> write that ...", "force <state> to give up ..."): the causer holds the position, not them
        ("made clear that <state> would ..." is a content clause: nobody is made to do anything)."""
        held = {h.stakeholder for h in found if h.stakeholder}
        if not held:
            return False
        for k in range(chain.index(node), len(chain) - 1):
            clause, verb = chain[k], chain[k + 1]
            if verb.lemma_.lower() in self.causatives and clause.dep_ in ("ccomp", "xcomp") and clause.i > verb.i \
                    and not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                causees = [c for c in list(clause.children) + list(verb.children) if c.dep_ in ("nsubj", "dobj")
                           and c.head == (clause if c.dep_ == "nsubj" else verb)]
                return any(m._.stakeholder in held for c in causees for m in mentions.actors_at(c.i))
        return False

    @staticmethod
    def _fronted(root: Token) -> bool:
        """The issue is the object of a phrase that opens its sentence (or its quotation) or its clause, before the
        clause it belongs to ("Without X, ...", "argued that without X, Y would ...")."""
        prep = root.head
        opening = lambda start: all(t.is_punct or t.is_space or t.dep_ == "mark" for t in prep.doc[start:prep.i])
        return root.dep_ == "pobj" and prep.dep_ == "prep" and prep.i < prep.head.i \
            and (opening(prep.sent.start) or opening(prep.head.left_edge.i))

    def _predicted_by_other(self, node: Token, found: list[Holder], speaker_here: list[Holder],
                            mentions: Mentions) -> bool:
        """A clause reported by a speaker of another side that says what the holder will or would do ("<A's
        leader> said <B> would accept X"): a forecast about B, which states neither B's position nor A's."""
        if node.dep_ != "ccomp" or "speech" not in mentions.cue_labels_at(node.head.i):
            return False
        if not any(c.dep_ == "aux" and c.lower_ in FUTURE for c in node.children):
            return False
        speakers = {h.stakeholder for h in speaker_here if h.stakeholder}
        held = {h.stakeholder for h in found if h.kind != "group"}
        return bool(speakers) and bool(held) and not speakers & held

    def _inability(self, node: Token) -> bool:
        """A negated "can"/"could" on the verb, or a power denied: what someone is unable to do, not what they
        want."""
        aux = {c.lower_ for c in node.children if c.dep_ == "aux"}
        if aux & {"can", "could", "ca"} and any(c.dep_ == "neg" or c.lower_ in self.negations for c in node.children):
            return True
        return self._power_denied(node)

    def _power_denied(self, node: Token) -> bool:
        """A power denied its subject ("X has no veto over Y", "X does not have a say in Y", lexicon `powers`): a
        claim about X's power, never X's position on Y."""
        negated = any(c.dep_ == "neg" for c in node.children)
        return any(c.dep_ == "dobj" and c.lemma_.lower() in self.powers
                   and (negated or any(d.dep_ in ("det", "neg") and d.lower_ in self.negations for d in c.children))
                   for c in node.children)

    def _confidence(self, w: Evidence, weak: bool, issue: Span) -> float:
        """How sure the evidence makes a statement, before its holder is weighed (`_rows` takes 0.1 off a holder
        found through a pronoun, a quotation, a title or a report, 0.1 off an unnamed group, 0.1 off a person
        whose role, in an article with no date, was chosen as their latest, and 0.2 more off one accused of it):

          0.9   an explicit stance cue ("backs", "rejects", "is ready to")
          0.75  the issue's own action as its only cue ("will send troops"), an agent doing it, a warning, or the
                issue denied outright ("no troops")
          0.55  no polar cue: a neutral cue ("discussed"), a constraint, a bare modal or an open question (an
                issue merely named, with none of these, is no statement)
          -0.25 a weak cue ("did not rule out", "would consider"); -0.1 an issue named by an anaphor ("such a
                force")

        Checked on the real-news development set (benchmarks/accuracy.py prints the table)."""
        own_action = bool(w.cues) and all(lemma in self.issue_words for lemma in w.cue_lemmas)
        base = 0.9 if w.cues and not own_action else 0.75 if w.cues or w.agentive or w.existential or w.warning \
            else 0.55
        return base - (0.25 if weak else 0.0) - (0.1 if issue._.anaphor else 0.0)

    @staticmethod
    def _up_to_verb(noun: Token) -> list[Token]:
        """The words above a noun up to its verb, through prepositions and their conjuncts (at most four)."""
        found, t = [], noun
        while t.head != t and len(found) < 4:
            t = t.head
            found.append(t)
            if t.pos_ in ("VERB", "AUX"):
                break
        return found

    def _agreed_with(self, node: Token, mentions: Mentions, disc: Discourse) -> list[Holder]:
        """Those the holder says it agrees with ("I align with <B> in that X must be guaranteed", "concurred with
        <B> that X"): they hold the position too, as the holder reports it."""
        if node.lemma_.lower() not in self.agreeing:
            return []
        return [Holder(**{**h.__dict__, "resolved_by": "agreed"}) for c in node.children
                if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"
                for m in self.attribution.mentions_for(g, mentions) if m.label_ != "pronoun"
                for h in self.attribution.holders_of(m, disc, [])]

    @staticmethod
    def _subject_is_other_issue(verb: Token, issue: Span, mentions: Mentions) -> bool:
        """The verb's subject (or its first conjunct's) names another issue ("such deployments may not provide X")."""
        while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head  # "could be costly and may not provide X": the first conjunct's subject
        subjects = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        return any(m.root.i in subjects for m in other_issues(issue, mentions))

    def _restricted(self, sent: Span, issue: Span) -> bool:
        """The issue limited by "only" or "alone" ("European-only forces cannot ...": a judgement of
        insufficiency); the cue's own words are not such a limit (a cue "<bloc>-only agreement"), nor is the
        "only" of a condition ("would only send troops if ...")."""
        root = issue.root
        if root.pos_ in ("VERB", "AUX") and any(c.dep_ == "advcl" and self.rules.demanded(root, c) for c in root.children):
            return False
        return any(t.lower_ in self.rules.restrictive and not issue.start <= t.i < issue.end for t in root.subtree
                   if t.i < root.i or t.head == root and t.dep_ == "advmod")

    def _walk(self, sent: Span, issue: Span, mentions: Mentions, disc: Discourse,
              speaker_here: list[Holder]) -> list[Statement]:
        doc = sent.doc
        root = issue.root
        chain = [root] + list(root.ancestors)
        chain += [t for t in chain[-1].children if t.dep_ == "parataxis" and "speech" in mentions.cue_labels_at(t.i)
                  and any(c.dep_ in SUBJECT_DEPS for c in t.children)][:1]  # "X must be done, he said, or ..."
        w = Evidence(framed=self.rules.names_meeting_or_group(issue) or self.rules.contained(issue))
        absent = self.rules.absent(root, mentions)
        outcome = None  # the verb of what a fronted "Without X, ..." says would follow: its subject suffers it
        if absent and self._fronted(root):
            absent, w.goal = False, True  # "Without X, the plan is a car without an engine": X is what is needed
            outcome = root.head.head
        if any(c.dep_ == "det" and c.lower_ in self.negations for c in root.children) or absent:
            w.existential = True  # "no X", "a deal without X"
        if absent:
            w.negations += 1
            w.absent = True
        holders: list[Holder] = []
        holder_node: Token | None = None
        conj_holders: list[Holder] = []
        early = None  # (holders, node, evidence) of a possessor of an attitude noun, when someone above holds too
        for k, node in enumerate(chain):
            child = chain[k - 1] if k else None
            if child is not None and child.i < node.i and child.dep_ in ("ccomp", "advcl", "parataxis") \
                    and any(c.dep_ in SUBJECT_DEPS for c in child.children) \
                    and any(p.dep_ == "punct" and p.lower_ == ":" and child.right_edge.i < p.i < node.i
                            for p in node.children):
                break  # "X should be clear: Y should do Z": a clause before a colon is not Y's
            if child is not None and child.i < node.i and child.dep_ in SUBJECT_DEPS \
                    and doc[child.right_edge.i].lower_ == ":" and sum(c.dep_ in SUBJECT_DEPS for c in node.children) > 1:
                break  # "No X for Y: Z calls it unrealistic": a heading before a colon is no subject of what follows
            if child is not None and child.dep_ in ("advcl", "ccomp", "xcomp") and self.rules.hypothetical(child):
                # the issue sits in a condition or a question ("if X happened, ...", "asked whether X could
                # happen, ...", "yet to decide whether to join"): only a warning or a refusal in the rest of the
                # sentence is a stance on it, or a decision still open (neutral)
                answer = self.rules.answer(node, child, mentions)
                if answer is None:
                    return []
                if answer == "oppose":
                    w.warning = True
                elif answer == "support":
                    w.demanded = True
                else:
                    w.neutral = w.open_question = True
            if self.rules.circumstance(node, child):
                return []
            if child is not None and child.dep_ == "dobj" and self.rules.negated(node, mentions) \
                    and self._subject_is_other_issue(node, issue, mentions):
                return []  # "such deployments may not provide a reliable X": a doubt about the deployments
            w.framed = w.framed or self.rules.frames(node, child)
            if self.rules.refuses_to_say(node, child, mentions):
                return []  # not even neutral
            if child is not None and not w.warning and self.rules.warns_of_consequence(node, child, mentions):
                w.warning = True  # "sending X would mean war": whoever says so warns against X
            # a conjunct or a participle ("..., proposing instead X") is a predication of its own: the cues of
            # the verb it hangs from are not about its issue
            via_conj = child is not None and (child.dep_ == "conj" or child.dep_ == "advcl" and child.tag_ == "VBG"
                                              and doc[child.left_edge.i - 1].is_punct)
            if not via_conj:
                self.rules.collect(node, child, issue, mentions, w)
                if not w.terms and node.pos_ in ("VERB", "AUX"):
                    w.terms = self.rules.terms_set(node, issue, mentions)
            elif child.dep_ == "conj" and any(node.i < c.i < child.i and c.dep_ in ("cc", "prep")
                                              and "oppose" in mentions.cue_labels_at(c.i) for c in node.children):
                w.polarity = -w.polarity  # "A rather than X", "A instead of X": X set aside
                w.cues += [m.text for m in mentions.cues if m.label_ == "oppose" and node.i < m.end <= child.i][:1]
            is_speech = "speech" in mentions.cue_labels_at(node.i)
            attitude = node.lemma_.lower() in self.attitude_nouns  # "plan", "readiness", "offer"
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS or c.dep_ == "poss" and w.cues and attitude]
            if w.cues and attitude:  # "an <demonym>-<demonym> plan for X"
                subjects += [t for c in node.children if c.dep_ == "amod" and c.i < node.i for t in c.subtree
                             if any(m.label_ == "state" for m in mentions.actors_at(t.i))]
            if node.pos_ == "NOUN" and (mentions.cue_labels_at(node.i) & set(POLARITY) or w.cues and attitude):
                # "the backing of N groups", "the plan of Y to X"
                subjects += [g for c in node.children if c.dep_ == "prep" and c.lower_ == "of" and c != child
                             for g in c.children if g.dep_ == "pobj"]
            if not (speaker_here and self._reported_action(node, issue, mentions)):
                subjects += [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if via_conj and conj_holders:
                subjects = []  # the conjunct clause has a subject of its own
            if node.tag_ == "VBG" and not subjects and node.dep_ in ("ccomp", "advcl", "acl", "prep") and node.i > 0 \
                    and doc[node.i - 1].dep_ == "pobj" and mentions.actors_at(node.i - 1):
                subjects = [doc[node.i - 1]]  # "statements about <actor> considering X": the gerund's subject
            if child is not None and (child.dep_ == "acl" and child.pos_ == "VERB" or child.dep_ == "amod"
                                      and child.i > node.i) \
                    and (node.dep_ not in OBJECT_DEPS or node.dep_ == "pobj" and node.head.lower_ == "by"):
                # "the <demonym> delegation, ..., asked for X", "plans by those willing to X": the noun the
                # participle or adjective after it describes
                subjects.append(node)
            if node.tag_ == "VBG" and node.dep_ == "pcomp" and node.head.lower_ != "with":
                # "against / for X sending Y": the gerund's subject is what the clause is about; the holder is
                # whoever is against or for it, further up ("with X contributing Y" is X's own doing)
                subjects = [c for c in subjects if c.dep_ not in SUBJECT_DEPS]
            if child is not None and child.dep_ in ("nsubj", "nsubjpass") and node.lemma_.lower() in self.receiving_verbs:
                # "the proposal won the backing of N groups": the backers hold the stance of "backing"
                for obj in (c for c in node.children if c.dep_ == "dobj"):
                    p, text, _ = self.rules.cue_polarity(obj, mentions, issue, w.used)
                    givers = [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                              for g in c.children if g.dep_ == "pobj"]
                    if p and givers:
                        w.polarity *= p
                        w.cues.append(text)
                        subjects = givers
            accused = child is not None and child.dep_ == "prep" and node.lemma_.lower() in self.accusing_verbs
            subjects = [c for c in node.children if c.dep_ == "dobj"] if accused else subjects  # "accused B of X"
            if node == outcome:  # "Without X, <state> will regroup and attack again": the speaker wants X
                subjects = [c for c in subjects if c.lower_ in ("we", "i")]
            found: list[Holder] = []
            by_possessor = True
            if node.dep_ in ("relcl", "advcl", "ccomp", "conj") \
                    and any(c.lower_ == "who" and c.dep_ in SUBJECT_DEPS for c in node.children) \
                    and not any(self.attribution.mentions_for(c, mentions) for c in subjects):
                return []  # "... those who support X": whoever they are, not the main clause's subject
            for subject in subjects:
                if subject.i in range(issue.start, issue.end):
                    continue
                for m in self.attribution.mentions_for(subject, mentions):
                    if m.label_ == "pronoun" and m._.how == "thing" and not is_speech:
                        continue  # "it could lead to ...": only "it said" makes "it" a speaker
                    hs = self.attribution.holders_of(m, disc, speaker_here, mentions)
                    found.extend(hs)
                    by_possessor = by_possessor and (not hs or subject.dep_ in ("poss", "amod") or (
                        subject.dep_ == "pobj" and subject.head.lower_ == "of" and subject.head.head == node
                        and attitude))  # "the readiness of Y to do X"
            if found and (self.rules.hypothetical(node) and node.dep_ in ("advcl", "conj", "ccomp", "pcomp")
                          or self.rules.copula_without_attitude(node, mentions)):
                found = []  # "if X sent Y, ...", "X was on a path to Y"
            if found and any(a.dep_ in ("acl", "ccomp") and a.head.pos_ == "NOUN" and any(
                    "oppose" in mentions.cue_labels_at(t.i) for t in self._up_to_verb(a.head))
                    for a in chain[k:]):
                found = []  # "dismissed reports (claiming) that X was open to Y", "poured cold water on the idea
                # and on any notion that X could join Y": a denied claim, not X's position
            if node.dep_ in ("acl", "ccomp") and node.head.pos_ == "NOUN" and node.head.i < node.i \
                    and any(c.dep_ == "mark" for c in node.children) \
                    and any(c.dep_ == "det" and c.lower_ in self.negations for c in node.head.children):
                return []  # "there has been no signal that X would accept Y": nobody's position is asserted
            if found and _infinitive(node) and (
                    any(c.dep_ == "mark" and c.lower_ == "for" for c in node.children)
                    or node.dep_ in ("ccomp", "xcomp") and node.head.pos_ == "VERB"
                    and any(c.dep_ in SUBJECT_DEPS for c in node.head.children)):
                found = []  # "calling for <state> to commit to X", "need <state> to assure that X": the asker's
            if found and self._caused(node, chain, found, mentions):
                found = []  # "the draft would have <state> promise X": whoever makes it do so holds the position
            if found and self._predicted_by_other(node, found, speaker_here, mentions):
                return []  # "<speaker> said <other> would accept X": the speaker's forecast, nobody's stance
            if found and node == root and absent:
                found = []  # "a clause without Y joining X": the subject of what is left out holds nothing
            found = [Holder(**{**h.__dict__, "resolved_by": "accused"}) for h in found] if accused else found
            if found and ((speaker_here or disc.speaking_on(sent)) and self._inability(node) or self._power_denied(node)):
                found = []  # "<speaker> said X could not block Y": a claim about X's power, the speaker's own
            if found and node.i in range(issue.start, issue.end) and node.pos_ == "VERB" and _finite(node):
                w.agentive = True  # "X will do <the issue's action>"
            if found and node.dep_ == "ccomp" and node.head.lemma_.lower() in self.implying_verbs:
                denial = self.rules.negated(node.head, mentions)  # "it does not mean that I will send X"
                w.negations += len(denial)
                w.negation_words += [t.text for t in denial]
            regional = not found and speaker_here and any(
                m.label_ == "region" for subject in subjects for m in mentions.actors_at(subject.i))
            if (found or regional) and self._obliged(node, subjects):
                imposing = speaker_here or (
                    [h for m in disc.speaker or disc.authors for h in self.attribution.holders_with_members(m, "quote")]
                    if disc.speaking_on(sent) or disc.opinion else [])
                if imposing and not self.rules.in_backdrop(chain):
                    # "<speaker> said Y must have X", an op-ed's "Y deserves X": the speaker asks for X (not in a
                    # backdrop: "despite reports that Y would not do X, <speaker> said ...")
                    found = [Holder(**{**h.__dict__, "resolved_by": "speaker"}) for h in imposing]
            conj_holders = found
            if not found and attitude and w.cues and any(c.dep_ == "poss" and mentions.actors_at(c.i)
                                                         for c in node.children):
                w = Evidence(used=w.used)  # "Europe's plan to send X": the plan's cues are its owner's, even one
                # that holds nothing (a region); whoever speaks of the plan says only what the words above it say
            if found and (w.cues or w.agentive or is_speech or w.constrained or w.neutral or w.existential
                          or w.warning or w.goal):
                if by_possessor and early is None and node.head != node:
                    # "X welcomed Y's request for Z": the request is Y's; whoever welcomes,
                    # backs or rejects it further up holds a position too
                    early = (found, node, copy.deepcopy(w))
                    continue
                holders, holder_node = found + self._agreed_with(node, mentions, disc), node
                break
            if is_speech and not subjects and not (node.dep_ in ("xcomp", "ccomp")
                                                   and node.head.pos_ in ("VERB", "AUX", "ADJ")) \
                    and not (node.dep_ == "acl" and node.head.pos_ == "NOUN") \
                    and not _infinitive(node):
                # a speech verb the parser left without a subject; one that complements another verb ("refused to
                # specify") or an infinitive ("need X to assure") has it further up; "a report claiming" is the text's
                holders = self.attribution.fallback_speaker(sent, node, mentions, disc)
                if holders:
                    holder_node = node
                    break
        if not holders and early is not None:
            (holders, holder_node, w), early = early, None
        route = "path"
        if not holders:
            holders, route = self.attribution.according_to(sent, mentions, disc), "source"
            if not holders and disc.speaking_on(sent) and (w.cues or w.agentive):
                holders, route = [h for m in disc.speaker or disc.authors
                                  for h in self.attribution.holders_with_members(m, "quote")], "quote"
            if not holders:
                return []
            holder_node = sent.root
        out = self._rows(sent, issue, mentions, disc, speaker_here, chain, holders, holder_node, w, route)
        if early is not None:
            out += self._rows(sent, issue, mentions, disc, speaker_here, chain, early[0], early[1], early[2])
        return out

    def _rows(self, sent: Span, issue: Span, mentions: Mentions, disc: Discourse,
              speaker_here: list[Holder], chain: list[Token], holders: list[Holder], holder_node: Token,
              w: Evidence, route: str = "path") -> list[Statement]:
        """The statements of `holders`, found at `holder_node` (by `route`, one of ROUTES) with the evidence `w`
        gathered below it."""
        root = issue.root
        if w.complaint and any("speech" in mentions.cue_labels_at(t.i) for t in chain[:chain.index(holder_node) + 1]
                               if holder_node in chain):
            w.polarity = -w.polarity  # who says a text drops or lacks X wants X
        if not w.constrained and holder_node is not None:
            w.constrained = any("constrained" in mentions.cue_labels_at(t.i) for t in holder_node.subtree)
        if not w.says_anything():
            return []
        stance, weak = w.stance()
        if issue._.against and stance != "neutral":
            stance = "oppose" if stance == "support" else "support"  # "defend patents" against a patent waiver
        speaker = self.attribution.speaker_above(holder_node, mentions, disc, speaker_here)
        condition = condition_of(sent, chain, mentions, issue, self.approvals, self.not_conditions,
                                 self.rules.requiring)
        if stance == "oppose" and w.negations % 2 and not (w.warning or w.existential or w.beside) \
                and self.rules.excepts(condition):
            stance = "support"  # "will not do X unless Y": X if Y
        confidence = self._confidence(w, weak, issue)
        if speaker is not None and speaker.stakeholder and all(h.kind == "group" for h in holders) \
                and not self.rules.in_backdrop(chain) and (
                holder_node.lemma_.lower() in self.commitments  # "have pledged", "had expressed readiness"
                or any(c.dep_ == "dobj" and c.lemma_.lower() in self.commitments for c in holder_node.children)
                or any(c.dep_ == "aux" and c.lower_ in FUTURE for c in holder_node.children)):
            # "X said several countries would send a force / have pledged troops": an announcement by the speaker
            holders = holders + [Holder(**{**speaker.__dict__, "resolved_by": "speaker"})]
        out = []
        for h in holders:
            if h.kind != "group" and not h.stakeholder:
                continue
            h = self.attribution.with_speaker(h, speaker, disc.day)
            c = confidence - (0.1 if h.resolved_by != "text" else 0.0) - (0.1 if h.kind == "group" else 0.0) \
                - (0.1 if h.undated_role else 0.0) - (0.2 if h.resolved_by == "accused" else 0.0)
            # a codebook claim moves the issue to the holder's own, unless others act (what the speaker asks of or
            # announces for others: "<speaker> said <others> should be backed up by troops")
            issue_id = claimed_issue(self.codebook, issue, mentions, h.stakeholder, chain, holder_node) \
                if h.stakeholder and h.resolved_by != "speaker" else issue._.issue_id
            held = stance
            if h.kind == "group" and h.group_label.split()[0].lower() in self.negative_quantifiers and stance != "neutral":
                held = "oppose" if stance == "support" else "support"  # "few countries are willing to ..."
            out.append(Statement(h, issue_id, held, sent, issue.text, ", ".join(dict.fromkeys(w.cues)),
                                 bool(condition), condition, w.constrained, quantity(root),
                                 _time_anchors(chain, holder_node), round(max(0.05, min(c, 0.99)), 2),
                                 issue.start, holder_node.i, route, w))
        return out


def _infinitive(verb: Token) -> bool:
    """A verb in the infinitive ("to assure", "for X to commit"): its subject is asked or is further up."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _object_gap(clause: Token) -> bool:
    """A clause the parser hung from a noun as its content ("the waiver that X proposed": ccomp, "that" a mark)
    but whose verb lacks its object: a relative clause whose object is the noun."""
    return clause.dep_ in ("ccomp", "acl") and clause.pos_ == "VERB" and clause.i > clause.head.i \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) \
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "nsubjpass", "auxpass")
                    for c in clause.children)

