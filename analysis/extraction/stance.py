"""Stance: the evidence gathered on the path from an issue mention up to its holder, and the stance it gives.

`Evidence` holds what the walk found (cue polarities, negations, modality, warnings, constraints, ...) and
`Evidence.stance()` turns it into support, oppose or neutral. `StanceRules.collect` adds one path node's
evidence: its own cue and its predicative children's, negations, modals, constraints; the other methods are
the tests the walk asks on the way (a hypothetical clause, a copula without attitude, an absent issue)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import Lexicon
from .qualifiers import inverted_condition
from .recognition import Mentions

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token

PREDICATIVE_DEPS = ("acomp", "attr", "oprd", "appos", "neg", "aux", "auxpass", "advmod", "prt", "det", "xcomp", "ccomp",
                    "dobj", "amod", "npadvmod")
POLARITY = {"support": 1, "oppose": -1}
EXPLAINING_SUBJECTS = ("that", "this")  # "That is why ...", "This is how ...": an explanation, not a question


@dataclass
class Evidence:
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
    demanded: bool = False  # the issue is in a condition its holder sets ("would only sign if X")
    terms: int = 0  # the polarity of the terms a condition sets on the issue itself ("accept X only if it is Y")
    absent: bool = False  # the issue named as missing ("a deal without X")
    complaint: bool = False  # a document said to drop or lack the issue
    open_question: bool = False  # "yet to decide whether ...": whatever the cues inside, no side taken
    framed: bool = False  # the issue is the topic of a meeting or a text ("took part in talks on X")
    cue_lemmas: list[str] = field(default_factory=list)  # the lemma of each cue's token
    negation_words: list[str] = field(default_factory=list)  # the words counted in `negations`, for `explain`
    modal_words: list[str] = field(default_factory=list)  # the modals that set `modal`
    last_polarity: int = 0  # the polarity of the path node below the current one
    # the polarities of cues in a prepositional phrase beside the path ("would not accept X in its current
    # form"): each says its own stance, flipped only by a negation of its own (also in `cues`)
    beside: list[int] = field(default_factory=list)

    def stance(self) -> tuple[str, bool]:
        """(stance, weak): polar cues decide; else a negated issue, an agent's action, a constraint, a neutral
        cue or a bare modal ("X could be part of it") in that order."""
        sign = (-1) ** self.negations
        if self.warning:  # a warning of what the issue would bring, or of what its absence would: "X without Y
            return ("support" if self.absent else "oppose"), False  # would be a disaster" wants Y
        if self.demanded:
            return "support", False
        if self.terms:
            return ("support" if self.terms > 0 else "oppose"), False
        if self.open_question:
            return "neutral", False
        if self.goal and not self.cues:
            return "support", False
        if self.cues:
            return self.polar_stance(sign)
        if self.existential:
            return "oppose", False
        if self.agentive:
            return ("support" if sign > 0 else "oppose"), False
        if self.constrained or self.neutral:
            return "neutral", False
        if self.modal:
            return ("support" if sign > 0 else "oppose"), True
        return "neutral", False

    def polar_stance(self, sign: int) -> tuple[str, bool]:
        """(stance, weak) from the cues. The cues on the path compose with its negations ("did not reject X":
        weak support); a cue beside the path keeps its own polarity whatever negates the verbs ("would not
        accept X in its current form"); when both speak, they agree rather than cancel and opposition wins."""
        on_path = self.polarity * sign if len(self.cues) > len(self.beside) else 0
        polarity = min(p for p in (on_path, *self.beside) if p)
        weak = self.weak or (polarity > 0 and on_path > 0 and self.polarity < 0)
        return ("support" if polarity > 0 else "oppose"), weak

    def says_anything(self) -> bool:
        """Whether any of the evidence `stance` reads was found: an issue merely named, even by a speaker, is
        no statement (its default "neutral" is not one)."""
        return bool(self.warning or self.demanded or self.open_question or self.goal or self.cues or self.existential
                    or self.agentive or self.constrained or self.neutral or self.modal)


def other_issues(issue: Span, mentions: Mentions) -> list[Span]:
    """The sentence's mentions of issues other than `issue`'s (anaphors not yet resolved left out)."""
    return [m for m in mentions.issues if m._.issue_id and m._.issue_id != issue._.issue_id]


def governs_other_issue(verb: Token, issue: Span, mentions: Mentions) -> bool:
    """The verb's object is a mention of another issue, or the verb is part of one ("to suspend <Y>"): its cue
    speaks of that issue."""
    other = other_issues(issue, mentions)
    return any(m.start <= verb.i < m.end for m in other) or any(
        g.dep_ in ("dobj", "nsubjpass") and any(m.root == g for m in other) for g in verb.children)


def participles(verb: str) -> set[str]:
    """The past participles a regular verb may have ("qualify" -> "qualified"), for adjectives the tagger
    leaves unlemmatised."""
    stem = verb[:-1] + "i" if verb.endswith("y") else verb[:-1] if verb.endswith("e") else verb
    return {stem + "ed", verb + verb[-1] + "ed"}


class StanceRules:
    """The stance rules of one run, built from the lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.negations = {w.lower() for w in lexicon.negations}
        self.restrictive = {w.lower() for w in lexicon.restrictive_modifiers if " " not in w}
        self.modals = {w.lower() for w in lexicon.modals}
        self.concessive_marks = {w.lower() for w in lexicon.concessive_marks}
        self.backdrop_preps = {w.lower() for w in lexicon.backdrop_preps}
        self.temporal_marks = {w.lower() for w in lexicon.temporal_marks}
        self.deploying = {w.lower() for w in lexicon.deploying_verbs}
        self.copulas = {w.lower() for w in lexicon.copulas}
        self.classing_verbs = {w.lower() for w in lexicon.classing_verbs}
        self.speech_words = {w.lower() for w in lexicon.speech_verbs + lexicon.events.get("speech", []) if " " not in w}
        self.intent_verbs = {w.lower() for w in lexicon.intent_verbs}
        self.classing_forms = self.classing_verbs | {p for v in self.classing_verbs for p in participles(v)}
        self.member_nouns = {w.lower() for w in lexicon.member_groups + lexicon.relational_groups}
        self.member_nouns |= {p.lower().split()[-1] for p in lexicon.plural_references}
        self.goal_nouns = {w.lower() for w in lexicon.goal_nouns}
        self.documents = {w.lower() for w in lexicon.documents}
        self.hypothetical_marks = {w.lower() for w in lexicon.hypothetical_marks}
        self.warning_verbs = {w.lower() for w in lexicon.warning_verbs}
        self.exceptive = tuple(w.lower() + " " for w in lexicon.exceptive_marks)
        self.preventives = {w.lower() for w in lexicon.preventive_effects}
        self.harms = {w.lower() for w in lexicon.harms}
        self.reason_marks = {w.lower() for w in lexicon.reason_marks}
        self.requiring = frozenset(w.lower() for w in lexicon.requiring_verbs)
        # one-word names of meetings ("a video call" is a meeting, "a call for X" is not)
        self.meeting_nouns = {p.lower() for p in lexicon.events.get("meeting", []) if " " not in p}

    def cue_polarity(self, t: Token, mentions: Mentions, issue: Span,
                      used: set[int]) -> tuple[int, str, bool]:
        """(polarity, cue text, weak) of token t as a stance cue not counted yet (`used`: cue starts)."""
        if t.i in range(issue.start, issue.end) and not any(
                c.start <= t.i < c.end and (c.start < issue.start or c.end > issue.end
                                            or c.label_ == "oppose" and (c.start, c.end) == (issue.start, issue.end))
                for c in mentions.cues if c.label_ in POLARITY):
            return 0, "", False  # the issue's own words (a verb the issue cue itself names), unless the cue reaches beyond them or the
            # codebook gave the issue's words a stance (an issue cue that is itself an objection)
        labels = mentions.cue_labels_at(t.i)
        if "speech" in labels and not labels & {"support", "oppose"}:
            return 0, "", False
        if t.lemma_.lower() in self.classing_verbs and any(c.dep_ == "auxpass" for c in t.children):
            return 0, "", False  # "would be considered <a class>": what X is classed as speaks, not "consider"
        head = t.head
        if t.dep_ in ("pcomp", "pobj") and head.dep_ == "prep" and self.names_topic(head.head, mentions):
            return 0, "", False  # "constraints on doing X", "clear on deploying X": the action named, not taken
        if t.tag_ == "VBG" and t.dep_ in ("csubj", "nsubj") and t.lemma_.lower() in self.deploying and any(
                c.dep_ in ("acomp", "attr") and mentions.cue_labels_at(g.i) & {"support", "oppose", "neutral"}
                for c in head.children for g in c.subtree):
            return 0, "", False  # "sending X is hypothetical / would be a mistake": the action named, judged after
        if t.dep_ == "acl" and head.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "NOUN" \
                and any(c.dep_ == "det" and c.lower_ == "any" for c in head.children) \
                and not mentions.cue_labels_at(head.i) & set(POLARITY):
            return 0, "", False  # "any decision to deploy X will remain ...": an action only supposed is what the
            # clause is about; a decision taken ("<state>'s decision to deploy X") is a stance
        cue = next((c for c in mentions.cues if c.start <= t.i < c.end and c.label_ in POLARITY), None)
        if cue is None or cue.start in used or len(cue) == 1 and t.dep_ == "prt":
            return 0, "", False  # a particle is its verb's ("scale back X" is no "back X")
        used.add(cue.start)
        weak = any(c.label_ == "weak" and c.start <= t.i < c.end for c in mentions.cues)
        sign = -POLARITY[cue.label_] if self.keeps_wanted_away(t, mentions) else POLARITY[cue.label_]
        return sign, cue.text, weak

    def keeps_wanted_away(self, t: Token, mentions: Mentions) -> bool:
        """`t` is an effect that keeps away something neither an actor, a threat nor a harm ("forced X would deter
        investment", "would deter the deployment"): it counts against what it would keep away from."""
        if t.lemma_.lower() not in self.preventives:
            return False
        kept = [c for c in t.children if c.dep_ == "dobj"]
        return bool(kept) and not any("threat" in mentions.cue_labels_at(w.i) or mentions.actors_at(w.i)
                                      or w.lemma_.lower() in self.harms for c in kept for w in c.subtree)

    def names_topic(self, word: Token, mentions: Mentions) -> bool:
        """A noun, or an adjective that takes no side (also as a copula's complement), whose prepositional phrase
        names an action without taking it: "constraints on doing X", "was clear on doing X" (not "keen on")."""
        if word.pos_ in ("NOUN", "PROPN"):
            return True
        if word.lemma_.lower() in self.copulas:
            word = next((c for c in word.children if c.dep_ == "acomp"), word)
        return word.pos_ == "ADJ" and not mentions.cue_labels_at(word.i) & set(POLARITY)

    def negated(self, t: Token, mentions: Mentions) -> list[Token]:
        """The negations attached to t, except those that belong to a polar cue ("no plans", "not rule out" as
        cue)."""
        found = [c for c in t.children if (c.dep_ == "neg" or (c.dep_ in ("det", "aux", "preconj")
                                                               and c.lower_ in self.negations))
                 and not mentions.cue_labels_at(c.i) & set(POLARITY) and not self._contrasting(t, c)
                 and not self._not_merely(t)]
        if not found and t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"):  # "will neither sign nor ratify X"
            found = [c for c in t.head.children if c.dep_ in ("cc", "preconj") and c.i < t.i
                     and c.lower_ in self.negations][:1]
        return found

    def _not_merely(self, verb: Token) -> bool:
        """ "should not depend on goodwill alone", "not rest on words only": the negation denies that the verb's
        prepositional object is enough, not the verb."""
        doc = verb.doc
        return any(p.dep_ == "prep" and o.dep_ == "pobj" and o.right_edge.i + 1 < len(doc)
                   and {doc[o.right_edge.i].lower_, doc[o.right_edge.i + 1].lower_} & self.restrictive
                   for p in verb.children for o in p.children)

    @staticmethod
    def _contrasting(t: Token, neg: Token) -> bool:
        """ "a commitment, not a gesture": a "not" after a noun, before the alternative set against it, negates the
        alternative, not the noun."""
        return t.pos_ in ("NOUN", "PROPN") and neg.i > t.i and any(
            c.dep_ in ("appos", "conj") and c.i > neg.i for c in t.children)

    def collect(self, node: Token, child: Token | None, issue: Span, mentions: Mentions,
                 w: Evidence) -> None:
        """Add the stance evidence of one path node: its own cue and its predicative children's, negations,
        modals, constraints. A verb's own cue does not count for its active subject ("the deployment would
        require caution" is no one's wish for a deployment), except a verb of requirement with an object: "X needs
        Y" supports X on condition of Y, "X would need Y" states the terms (neutral)."""
        subject_side = child is not None and child.dep_ in ("nsubj", "csubj") and node.pos_ == "VERB" \
            and "effect" not in mentions.cue_labels_at(node.i)
        if subject_side and node.lemma_.lower() in self.requiring and any(c.dep_ == "dobj" for c in node.children):
            # what the issue needs is a condition (qualifiers.requirement)
            if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might") for c in node.children):
                w.neutral = True
            else:
                subject_side = False
        if w.goal or w.framed:
            return  # "ready to give up X in exchange for Y", "took part in talks on X": cues above are not about X
        if child is not None and child.dep_ == "prep" and child.lower_ == "for" \
                and (node.pos_ == "VERB" or node.lemma_.lower() in self.goal_nouns) \
                and not mentions.cue_labels_at(child.i) & set(POLARITY):
            w.goal = True
            return
        # a small clause misparsed as a complement ("consider [X deployed there as targets]") classes X too
        # and "consider [X as Y]" with "as" hung from the object
        classed = list(node.children) + (list(child.children) if child is not None and child.dep_ == "ccomp" else [])
        classed += [c for c in (child.children if child is not None and child.dep_ == "dobj" else [])
                    if c.dep_ == "prep" and c.lower_ == "as"]
        classes = [c for c in classed if c != child and node.lemma_.lower() in self.classing_verbs
                   and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as")]
        # "X will be considered an intervention", "regard X as a target": what X is classed as speaks, not the verb
        announcing = child is not None and child.dep_ == "xcomp" and node.lemma_.lower() in self.intent_verbs
        candidates = [] if subject_side or classes or announcing else [node]
        if announcing:  # "threatening to send X": ready to send X
            w.cues.append(node.text)
            w.cue_lemmas.append(node.lemma_.lower())
        # "X to be considered targets" misparsed as a relative clause of X: classed all the same
        classes += [g for c in node.children if c.dep_ in ("relcl", "acl") and c != child
                    and c.lemma_.lower() in self.classing_verbs and node.pos_ in ("NOUN", "PROPN")
                    for g in c.children if g.dep_ == "oprd" or g.dep_ == "prep" and g.lower_ == "as"]
        if any("threat" in mentions.cue_labels_at(t.i) for c in classes for t in c.subtree):
            w.warning = True  # classed as a threat, a provocation, a target: a warning against X
        if child is None or child.dep_ != "ccomp" or "speech" in mentions.cue_labels_at(node.i):
            # above a complement clause only the verb itself speaks ("posed a risk ... that X was wrong"
            # misparsed as a complement of "posed" must not add "threat")
            # a content clause with a subject of its own, told someone by a verb the issue is the subject of ("X would
            # show <state> that its bet had failed"), speaks of that subject, not of X
            speech = "speech" in mentions.cue_labels_at(node.i) and child is not None \
                and child.dep_ not in ("ccomp", "parataxis", "xcomp", "conj")
            candidates += [c for c in node.children if c.dep_ in PREDICATIVE_DEPS and c != child
                           and not (speech and c.dep_ == "ccomp")  # "Terming X unrealistic, Y said Z should be
                           # abandoned": what is said is another proposition than the path's
                           and not governs_other_issue(c, issue, mentions)  # "oblige X to suspend <Y>": Y's
                           and not self.conceded(c)  # "..., although it refuses to ...": a limit of its own
                           and not (subject_side and c.dep_ == "ccomp"
                                    and any(g.dep_ in ("dobj", "dative") for g in node.children)
                                    and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))]
            # "there was a coalition of the willing ready to help": what the issue is said to be, in an existential
            candidates += [a for a in (child.children if child is not None and child.dep_ == "attr"
                                       and any(c.dep_ == "expl" for c in node.children) else [])
                           if a.dep_ in ("amod", "acl") and a.i > child.i]
            if node.lemma_.lower() in self.copulas and not any(c.dep_ in ("attr", "acomp") for c in node.children):
                # "X will be, from <a point of view>, combatants and a target": predicate nouns misparsed as
                # conjuncts of the copula
                nominal = [c for c in node.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
                candidates += [g for c in nominal for g in (c, *c.conjuncts) if g != node]
            # "X has to be binding": the complement of a copula the verb governs
            candidates += [g for c in node.children if c.dep_ == "xcomp" and c != child
                           and c.lemma_.lower() in self.copulas for g in c.children if g.dep_ in ("acomp", "attr")]
            # "X to be qualified as voluntary": a classing participle's class speaks for it
            candidates += [t for c in node.children if c.dep_ in PREDICATIVE_DEPS and c != child
                           and c.lower_ in self.classing_forms
                           for a in c.children if a.dep_ == "prep" and a.lower_ == "as" for t in a.subtree]
        # "X is not a realistic outcome", "expressed a negative attitude to X": the judgement sits on the noun
        candidates += [a for c in node.children if c.dep_ in ("attr", "oprd", "dobj") and c != child
                       for a in c.children if a.dep_ == "amod"]
        if child is not None and child.dep_ == "attr" and node.lemma_.lower() in self.copulas:
            # "the most important outcome was X", "the biggest threat is X": what the subject is judged to be
            candidates += [a for c in node.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                           and not any(m for t in c.subtree for m in mentions.actors_at(t.i))
                           for g in [c, *c.children] if g == c or g.dep_ == "amod"
                           for a in (g, *(g.conjuncts if g != c else ()))]  # "the first and most important"
        beside = []  # a cue that is a prepositional phrase beside the path: "fall outside X", "X in its current form"
        for c in node.children:  # "regard X as Y", "remained out of bounds"
            if c.dep_ == "prep" and c != child and (c.lower_ == "as" or node.lemma_.lower() in self.copulas):
                candidates += [t for t in c.subtree if t.i not in range(issue.start, issue.end)]
            elif c.dep_ == "prep" and c != child and any(m.start == c.i and m.label_ in POLARITY for m in mentions.cues):
                beside.append(c)
        if child is not None and child.dep_ in ("nsubj", "nsubjpass"):  # "X would be slow and could not provide
            # Y": an effect coordinated with the predicate shares its subject
            beside += [c for c in node.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                       and "effect" in mentions.cue_labels_at(c.i)
                       and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
        node_polarity = 0  # cues of one node agree rather than compose: "dismissed X as Y" is one "no"
        negating = False  # a negation word that is a cue of its own ("never") negates the node's other cue
        # what X must not do to an object is a term of X, not a no to X ("X must not leave Y behind"); "X cannot
        # guarantee Y" may be a doubt about X and keeps its modal
        term = subject_side and any(c.dep_ == "dobj" for c in node.children) and self.negated(node, mentions)
        for t in candidates + beside:
            if term and t.dep_ == "aux" and t.lower_ not in self.modals:
                continue
            p, text, weak = self.cue_polarity(t, mentions, issue, w.used)
            if p and t in beside:
                w.beside.append(p * (-1) ** len(self.negated(t, mentions)))
            elif p and t.lower_ in self.negations and t.dep_ in ("neg", "advmod") and t.head == node:
                negating = True
            elif p:
                node_polarity = min(node_polarity or p, p)
            if p:
                w.cues.append(text)
                w.cue_lemmas.append(t.lemma_.lower())
                w.weak = w.weak or weak
            labels = mentions.cue_labels_at(t.i)
            if t == node or t.dep_ in ("acomp", "attr", "oprd", "xcomp", "dobj"):
                w.constrained = w.constrained or "constrained" in labels
                w.neutral = w.neutral or "neutral" in labels
            if t.dep_ in ("aux", "auxpass") and t.lower_ in self.modals and not (
                    t.lower_ in ("will", "would", "shall") and node.lemma_.lower() in self.copulas
                    and child is not None and child.dep_ in ("nsubj", "nsubjpass")):
                # "we could be part of it", "X could be an option"; a future said of X is nothing for X ("any
                # decision on X will remain a national choice")
                w.modal = True
                w.modal_words.append(t.text)
        if negating:  # "would never accept X": no; "could never replace X": X is irreplaceable
            node_polarity = -node_polarity if node_polarity else -1
        if node_polarity < 0 and w.last_polarity < 0 and child is not None and child.dep_ == "prep":
            node_polarity = 0  # "pushed back against X", "protested against X": the verb and its "against" agree
        w.polarity *= node_polarity or 1
        w.last_polarity = node_polarity
        predicate_of = node.head if node.dep_ in ("acomp", "attr", "oprd", "xcomp") else node
        if node_polarity < 0 and child is not None and child.dep_ in ("dobj", "prep", "xcomp") \
                and "oppose" in mentions.cue_labels_at(node.i) \
                and any(c.dep_ == "nsubj" and c.lemma_.lower() in self.documents
                        for c in list(node.children) + list(predicate_of.children)):
            w.complaint = True  # "the text dropped X": said of a document, a complaint
        negations = self.negated(node, mentions) + [n for c in node.children if c.dep_ in ("acomp", "attr", "xcomp")
                                                    and c != child for n in self.negated(c, mentions)]
        if "absence" in mentions.cue_labels_at(node.i) and node.pos_ == "VERB":
            negations.append(node)  # "lacks X"
        w.negations += len(negations)
        w.negation_words += [t.text for t in negations]
        w.constrained = w.constrained or any("constrained" in mentions.cue_labels_at(c.i)
                                             for c in node.children if c.dep_ in ("dobj", "attr", "nsubj"))

    def copula_without_attitude(self, node: Token, mentions: Mentions) -> bool:
        """A copula whose complement is no attitude of its subject ("X was on a path", "X is essential")."""
        if node.lemma_.lower() not in self.copulas:
            return False
        return not any("attitude" in (labels := mentions.cue_labels_at(t.i))
                       or t.pos_ == "VERB" and labels & set(POLARITY)  # "among those backing X"
                       for c in node.children if c.dep_ in ("acomp", "attr", "prep", "advmod", "oprd", "xcomp")
                       for t in c.subtree)

    def warns_of_consequence(self, node: Token, child: Token, mentions: Mentions) -> bool:
        """The issue (`child`'s clause) is the subject of a predicate whose complement names a threat or a
        consequence of the lexicon's `threats` ("X would mean war", "X would make a conflict inevitable", "X
        would amount to direct involvement in the war"), unless the predicate is an effect that helps ("X would
        prevent war")."""
        if child.dep_ not in ("nsubj", "nsubjpass", "csubj", "csubjpass") or node.pos_ not in ("VERB", "AUX"):
            return False
        if "effect" in mentions.cue_labels_at(node.i):
            return False
        if self.warned_of(node, child, mentions):
            return True
        return any("threat" in mentions.cue_labels_at(t.i) for c in node.children
                   if c != child and c.dep_ not in ("aux", "auxpass", "neg", "punct", "cc", "conj")
                   and not (c.dep_ == "advcl" and (self.hypothetical(c) or self.reason(c)))
                   for t in c.subtree if t.dep_ not in ("amod", "compound"))  # "a post-conflict country"

    def reason(self, clause: Token) -> bool:
        """A clause giving a reason or a time (lexicon `reason_marks`: "because only X could deter attacks"), not
        a consequence."""
        return any(c.dep_ == "mark" and c.lower_ in self.reason_marks for c in clause.children)

    def warned_of(self, node: Token, child: Token, mentions: Mentions) -> bool:
        """The issue is the subject of what someone warns would happen, with no stance cue of its own ("warned
        that a rigid X would drive companies away"): the warning is against X."""
        issue_words = {t.i for t in child.subtree}
        return node.dep_ == "ccomp" and node.head.lemma_.lower() in self.warning_verbs \
            and any(c.dep_ == "aux" and c.lower_ in self.modals for c in node.children) \
            and not any(mentions.cue_labels_at(t.i) & {*POLARITY, "effect", "weak"}
                        for t in node.subtree if t.i not in issue_words)

    def conceded(self, clause: Token) -> bool:
        """The clause is a concession ("although it refuses ...")."""
        return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.concessive_marks
                                              for c in clause.children)

    def frames(self, node: Token, child: Token | None) -> bool:
        """`node` is a meeting the issue is the topic of ("a meeting of the coalition on X", "talks on X"): taking
        part in it, hosting or attending it is no stance on X; nor when X names the meeting ("the <coalition>
        meeting", "peacekeeping talks")."""
        return child is not None and child.dep_ in ("prep", "compound", "nmod", "amod", "poss") \
            and (child.dep_ == "prep" or child.i < node.i) and self.is_meeting(node)

    def contained(self, issue: Span) -> bool:
        """The issue is a text something is written into or done under ("a commitment in this agreement", "under
        the treaty"): the place of another position, no stance on the text itself."""
        root = issue.root
        return root.dep_ == "pobj" and root.head.lower_ in ("in", "into", "under", "within") \
            and root.lemma_.lower() in self.documents

    def is_meeting(self, t: Token) -> bool:
        return t.pos_ == "NOUN" and (t.lower_ in self.meeting_nouns or t.lemma_.lower() in self.meeting_nouns)

    def names_meeting_or_group(self, issue: Span) -> bool:
        """The issue's words name a meeting or a group of actors, however the parser attached them ("the
        <coalition> meeting", "<coalition> partners")."""
        doc = issue.doc
        if issue.end >= len(doc):
            return False
        after = doc[issue.end]
        return self.is_meeting(after) or after.pos_ == "NOUN" and after.lower_ in self.member_nouns

    def refuses_to_say(self, node: Token, child: Token | None, mentions: Mentions) -> bool:
        """A refusal to speak about the issue ("declined to say whether X", "refused to specify how many X"), or a
        verb of saying denied on a question ("would not comment on which countries X"): nothing said about X."""
        if child is None:
            return False
        said = "speech" in mentions.cue_labels_at(child.i) or any(  # "avoided to make (a) comment on X"
            c.dep_ == "dobj" and c.lemma_.lower() in self.speech_words for c in child.children)
        if child.dep_ in ("xcomp", "ccomp") and said and "oppose" in mentions.cue_labels_at(node.i):
            return True
        return "speech" in mentions.cue_labels_at(node.i) and any(c.dep_ == "neg" for c in node.children) \
            and any(t.tag_ in ("WDT", "WP", "WRB") or t.lower_ == "whether" for t in child.subtree)

    def in_backdrop(self, chain: list[Token]) -> bool:
        """The path passes through a backdrop ("despite X", "amid X")."""
        return any(t.dep_ == "prep" and t.lower_ in self.backdrop_preps for t in chain)

    def circumstance(self, node: Token, child: Token | None) -> bool:
        """The issue in a circumstance with none of it ("with no guarantee of X, Europe must ..."), the frame of
        what is said ("as part of any X, there will be no Y") or its backdrop ("despite X", "amid X"): what the
        rest of the sentence says is not about X."""
        if child is not None and child.dep_ == "prep" and child.lower_ == "of" and node.lower_ == "part" \
                and node.dep_ == "pobj" and node.head.lower_ == "as":
            return True
        if child is not None and self.in_backdrop([child]):
            return True
        return child is not None and child.dep_ == "prep" and child.lower_ == "with" and node.pos_ in ("VERB", "AUX") \
            and any(g.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in g.children)
                    for g in child.children)

    def absent(self, root: Token, mentions: Mentions) -> bool:
        """The issue named as missing: "without measures on production", "silent on X"."""
        head = root.head
        return any("absence" in mentions.cue_labels_at(t.i) for t in (head, head.head) if t != root) \
            and root.dep_ in ("pobj", "pcomp")

    def demanded(self, main: Token, clause: Token) -> bool:
        """The condition is what the main clause's subject asks for: "would only sign if X", "will not join
        unless X" (a main clause that is itself a question or a consequence is no such demand)."""
        mark = next((c.lower_ for c in clause.children if c.dep_ == "mark"), "")
        negated = any(c.dep_ == "neg" for c in main.children)
        only = any(c.lower_ == "only" and c.dep_ == "advmod" for c in (*main.children, *clause.children))
        return main.pos_ in ("VERB", "AUX") and clause.dep_ == "advcl" \
            and (mark == "if" and only and not negated or bool(mark) and self.excepts(mark) and negated)

    def terms_set(self, node: Token, issue: Span, mentions: Mentions) -> int:
        """The polarity of the terms a condition of `node` sets on the issue itself, when it is the condition's
        subject (a pronoun or the issue's noun again) and the condition names no other issue: "could accept X only
        if that X remained <cue>", "X only works when it is <cue>": the holder's stance is on those terms."""
        for clause in node.children:
            if clause.dep_ != "advcl" or not self.hypothetical(clause):
                continue
            inside = {t.i for t in clause.subtree}
            if any(m.start in inside for m in other_issues(issue, mentions)):
                continue
            if "speech" in mentions.cue_labels_at(clause.i) or not any(
                    c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ == "it" or c.lemma_ == issue.root.lemma_)
                    for c in clause.children):
                continue
            cues = [c for c in mentions.cues if c.start in inside and c.label_ in POLARITY
                    and "speech" not in mentions.cue_labels_at(c.start)]
            if cues:
                negated = sum(1 for t in clause.subtree if t.dep_ == "neg")
                return POLARITY[cues[0].label_] * (-1) ** negated
        return 0

    def excepts(self, condition: str) -> bool:
        """The condition excepts (lexicon `exceptive_marks`: "unless ...", "except if ...")."""
        return (condition.lower() + " ").startswith(self.exceptive)

    def hypothetical(self, clause: Token) -> bool:
        """A condition or question: marked ("if", "whether", ...) or inverted ("Should X be dropped, ..."); not
        the clause of an explanation ("That is why we X", "This is how we X")."""
        explained = clause.head.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.lower_ in EXPLAINING_SUBJECTS for c in clause.head.children)
        marks = [c for c in clause.children if c.dep_ in ("mark", "advmod") and c.lower_ in self.hypothetical_marks]
        happened = clause.tag_ == "VBD" and all(m.lower_ in self.temporal_marks for m in marks) \
            and not any(c.dep_ == "aux" for c in clause.children)  # "after X announced Y": a fact
        return bool(marks) and not explained and not happened or inverted_condition(clause)

    def answer(self, main: Token, clause: Token, mentions: Mentions) -> str | None:
        """What the rest of the sentence makes of a condition or question: "support" when the condition is a
        demand ("would only sign if X", "will not sign unless X"), "oppose" when it warns of a consequence ("Y
        would follow") or turns the question down ("it was too soon to say"), "neutral" when it leaves it open
        ("have yet to decide whether"), else None."""
        if self.demanded(main, clause):
            return "support"
        top = main
        while top.head != top:
            top = top.head
        inside = {t.i for t in clause.subtree}
        # a coordinated clause about another issue says nothing of this one ("... once X is agreed, but that Y
        # must stay voluntary")
        issue_words = {i for m in mentions.issues for i in range(m.start, m.end)}
        inside |= {t.i for c in top.subtree if c.dep_ == "conj" and clause.i not in {g.i for g in c.subtree}
                   and any(g.i in issue_words for g in c.subtree) for t in c.subtree}
        # a verb of saying answers rather than threatens ("X responded: ..."), unless a modal makes it a
        # consequence ("they would respond")
        reporting = {t.i for t in top.subtree if "speech" in mentions.cue_labels_at(t.i)
                     and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in t.children)}
        labels = set().union(*(mentions.cue_labels_at(t.i) for t in top.subtree
                               if t.i not in inside and t.i not in reporting))
        if labels & {"threat", "oppose"}:
            return "oppose"
        return "neutral" if "neutral" in labels else None
