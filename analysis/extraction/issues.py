"""Issue mentions: the `stakeholder_issues` component reads the codebook's cue matches of components.py
(`doc.spans["issue_cues"]`, `["implicit"]`) and the parse, and writes `doc.spans["issues"]`: one span per mention
of an issue, `._.issue_id` ("" for an anaphor not resolved yet) and `._.anaphor`. Every word comes from the
codebook and the lexicon."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .actors import ActorData
from .codebook import Codebook
from .cues import STANCE_PREPOSITIONS
from .patterns import ANAPHOR, issue_of
from .recognition import longest_first, within

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Doc, Span, Token



class IssueRecognizer:
    """The `stakeholder_issues` component: issue mentions per sentence (configured with the codebook)."""

    def __init__(self, nlp, name: str):
        self.name = name

    def configure(self, codebook: Codebook, actors: ActorData) -> None:
        self.object_anaphora = {w.lower() for w in codebook.lexicon.object_anaphora}
        self.deploying_verbs = {w.lower() for w in codebook.lexicon.deploying_verbs}
        self.demonstratives = {w.lower() for w in codebook.lexicon.demonstratives}
        self._exclusions = {i.id: [x.lower() for x in i.exclude] for i in codebook.issues if i.exclude}
        self._about = {i.id: set(i.about) for i in codebook.issues if i.about}
        self.place_preps = {w.lower() for w in codebook.lexicon.place_preps}
        self.destination_preps = {w.lower() for w in codebook.lexicon.destination_preps}
        # the actors an exclusion names (a demonym): what they send ("<that state> sent troops") is excluded
        self._excluded_actors = {issue: {a.id for a in actors.actors.values()
                                         if {n.lower() for n in a.names + a.demonyms} & set(words)}
                                 for issue, words in self._exclusions.items()}
        self._issue_words: dict[str, set[str]] = {}
        for issue in codebook.issues:
            for cue in issue.cues:
                for word in cue.phrase.lower().replace("-", " ").split():
                    self._issue_words.setdefault(word, set()).add(issue.id)
                    self._issue_words.setdefault(word.rstrip("s"), set()).add(issue.id)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        excluded_heads: dict[str, str] = {}  # a cue's head lemma -> its label, last excluded in the Doc
        for sent in doc.sents:
            found += self.sentence(sent, excluded_heads)
        doc.spans["issues"] = found
        return doc

    def sentence(self, sent: Span, excluded_heads: dict[str, str] | None = None) -> list[Span]:
        """Issue cue matches (longest first), with the codebook's exclusions applied and one mention per noun
        phrase: a cue that modifies another cue's head names the more specific issue ("a <specific cue>
        <generic cue>"); an anaphor whose own phrase names an issue ("the idea of <issue cue>") goes. A verb
        like "take part" with no object of its own is an anaphor too (of what was just named). `excluded_heads`,
        kept over a Doc's sentences, holds the heads of the cues excluded so far ("those soldiers" refers back)."""
        doc = sent.doc
        excluded_heads = {} if excluded_heads is None else excluded_heads
        found = []  # [issue id, start, end, anaphor, against]
        for m in longest_first(within(doc.spans["issue_cues"], sent)):
            anaphor = m.label_ == ANAPHOR
            if anaphor and m.root.dep_ == "poss":
                continue  # "the coalition's support for Y": the one who acts, not what is acted on
            if not anaphor and (self._excluded(m) or self._elsewhere(m)):
                excluded_heads[m.root.lemma_.lower()] = m.label_
                continue
            if not anaphor and self._refers_to_excluded(m, excluded_heads):
                continue
            issue_id, against = issue_of(m.label_)
            found.append([issue_id, m.start, m.end, anaphor, against])
        explicit = [f for f in found if not f[3]]
        for a in explicit:
            for b in explicit:
                head = doc[b[1]:b[2]].root
                a_root = doc[a[1]:a[2]].root
                if a is not b and a[0] and head.pos_ in ("NOUN", "PROPN") and a[2] <= head.i \
                        and a_root.head == head and a_root.dep_ in ("compound", "amod", "nmod", "nummod"):
                    b[0], b[1] = a[0], a[1]
                    a[0] = ""
        for a in explicit:  # "a waiver of patent rules": a cue against the issue inside a cue of it is part of it
            a_root = doc[a[1]:a[2]].root
            if a[0] and a[4] and any(b is not a and b[0] == a[0] and not b[4] and doc[b[1]:b[2]].root.pos_ == "NOUN"
                                     and a_root in doc[b[1]:b[2]].root.subtree for b in explicit):
                a[0] = ""
        for a in explicit:  # "X troops should be the main force": the predicate names the subject again
            a_root = doc[a[1]:a[2]].root
            if a[0] and a_root.dep_ == "attr" and any(
                    b is not a and b[0] == a[0] and doc[b[1]:b[2]].root.dep_ in ("nsubj", "nsubjpass")
                    and doc[b[1]:b[2]].root.head == a_root.head for b in explicit):
                a[0] = ""
        found = [f for f in found if f[3] and not any(
            e[1] >= f[1] and e[2] <= doc[f[2] - 1].right_edge.i + 1 for e in explicit)
            and not self._names_own_content(doc[f[1]:f[2]].root)
            or not f[3] and f[0]]
        for m in longest_first(within(doc.spans["implicit"], sent)):  # "ready to join in": in what was just named
            shared = [c for tok in m for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"]  # "sign and ratify X"
            if not any(c.dep_ in ("dobj", "prep", "ccomp", "xcomp") and c.i >= m.end or c.dep_ in ("nsubjpass", "auxpass")
                       for tok in [*m, *shared] for c in tok.children) \
                    and not any(f[1] < m.end and m.start < f[2] for f in found):
                found.append(["", m.start, m.end, True, False])
        for t in sent:  # "X and Y oppose it", "will not ratify it", "want it adopted": the object of a stance refers
            # back to the issue
            stance_verb = t.head if t.dep_ == "dobj" else t.head.head if t.dep_ == "nsubj" and t.head.tag_ in ("VBN", "VBD") \
                and t.head.dep_ == "ccomp" and t.head.i == t.i + 1 else None
            if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in STANCE_PREPOSITIONS \
                    and t.head.head.pos_ in ("ADJ", "NOUN"):
                stance_verb = t.head.head  # "ready for this", "open to it", "in favour of it"
            if t.lower_ in self.object_anaphora and t.pos_ == "PRON" and stance_verb is not None and t.tag_ != "WDT" \
                    and stance_verb._.cues & {"support", "oppose"} and not any(f[1] <= t.i < f[2] for f in found):
                found.append(["", t.i, t.i + 1, True, False])
        out = []
        for issue_id, start, end, anaphor, against in sorted(found, key=lambda f: f[1]):
            span = doc[start:end]
            span.label_ = "issue"
            span._.issue_id, span._.anaphor, span._.against = issue_id, anaphor, against
            out.append(span)
        return out

    @staticmethod
    def _names_own_content(head: Token) -> bool:
        """An anaphor's noun followed by its own content refers back to nothing: "the idea that a summit was
        near", "the plan of a summit", "the idea of holding a summit" (a relative clause, "the plan the allies
        drew up", still refers back)."""
        nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else head
        subject = nxt if nxt.dep_ in ("nsubj", "nsubjpass") else nxt.head if nxt.dep_ in ("det", "amod", "compound") \
            and nxt.head.i > nxt.i else None
        if subject is not None and subject.dep_ in ("nsubj", "nsubjpass") and subject.head.i > subject.i:
            return True  # "the idea a summit was near": a content clause without "that"
        return any(c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX") and any(
                       g.dep_ in ("nsubj", "nsubjpass", "mark") for g in c.children)
                   or c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ in ("pobj", "pcomp") for g in c.children)
                   for c in head.children)

    def issues_with_word(self, lemma: str) -> set[str]:
        """The issues one of whose cue phrases holds this word ("mission" in "un mission")."""
        return self._issue_words.get(lemma, set()) | self._issue_words.get(lemma.rstrip("s"), set())

    def _elsewhere(self, cue: Span) -> bool:
        """Whether the cue is placed on a state its issue is not about (the codebook's `about`):
        its noun phrase's place ("troops in <another state>", "guarantees for <another state>"), for what a
        verb sends, the verb's destination ("deploy troops to <another state>"), for a subject, where its verb
        places it ("troops will remain stationed in <another state>"). Names and demonyms count, not
        capitals (a venue: "guarantees agreed in <capital>"); one place the issue is about keeps it."""
        about = self._about.get(issue_of(cue.label_)[0])
        if not about:
            return False
        root = cue.root
        preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in self.place_preps]
        if root.dep_ == "dobj" or root.pos_ == "VERB":
            verb = root if root.pos_ == "VERB" else root.head
            preps += [c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in self.destination_preps]
        if root.dep_ in ("nsubj", "nsubjpass"):  # "troops will remain stationed in <another state>"
            verbs = [v for v in [root.head, *(c for c in root.head.children if c.dep_ in ("xcomp", "acomp"))]
                     if v.pos_ == "VERB"]  # a verb that places ("contrary to <state>'s interests" places nothing)
            preps += [c for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ in self.place_preps]
        places = {m._.stakeholder for p in preps for g in p.children if g.dep_ == "pobj" for t in g.subtree
                  for m in t._.actors if m.label_ == "state" and m._.how in ("name", "demonym")}
        return bool(places) and not places & about or self._said_of_other(root, about)

    @staticmethod
    def _said_of_other(root: Token, about: set[str]) -> bool:
        """The cue is what a subject other than the states the issue is about is ("they are members of <the
        alliance>", "<state> is a member", "the force would be a backstop"): a fact about that subject, an actor,
        a personal pronoun or what a cue names ("it" may be one the issue is about; "the outcome was a guarantee"
        says what the outcome is, of no actor)."""
        if root.pos_ == "NOUN" and (root.dep_ == "appos" or root.dep_ == "advcl" and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "cop") for c in root.children)):
            # "<state>, not a member of <the alliance>, ...", "While not a member of <the alliance>, <state> ...":
            # a verbless description of a noun or of the main clause's subject
            described = [root.head] if root.dep_ == "appos" else \
                [c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return any(t._.actors for t in described) \
                and not any(m._.stakeholder in about for t in described for m in t._.actors)
        if root.dep_ != "attr" or root.head.lemma_ != "be":
            return False
        heads = [c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        subjects = [t for c in heads for t in c.subtree]
        cued = {i for m in root.doc.spans["issue_cues"] for i in range(m.start, m.end)}
        return any(c._.actors or c.i in cued or c.pos_ == "PRON" and c.lower_ not in ("it", "this", "that")
                   for c in heads) \
            and not any(t.lower_ == "it" for t in subjects) \
            and not any(m._.stakeholder in about for t in subjects for m in t._.actors)

    def _refers_to_excluded(self, cue: Span, excluded_heads: dict[str, str]) -> bool:
        """"These soldiers", "those troops": a demonstrative cue refers back to the last cue with its head, and
        is excluded when that one was (the troops of a state the issue excludes, named a sentence before)."""
        root = cue.root
        return any(c.dep_ == "det" and c.lower_ in self.demonstratives for c in root.children) \
            and excluded_heads.get(root.lemma_.lower()) == cue.label_

    def _sent_by_excluded(self, cue: Span, excluded: set[str]) -> bool:
        """Whether the cue is what an excluded actor sends ("<excluded> has sent soldiers", "troops deployed
        by <excluded>", "<excluded> deployed"): the subject or agent of a deploying verb (the lexicon's)."""
        root = _quantified(cue.root)
        verb = root if root.pos_ == "VERB" else root.head if root.dep_ in ("dobj", "nsubjpass") else None
        if verb is None or verb.lemma_.lower() not in self.deploying_verbs:
            return False
        agents = [c for c in verb.children if c.dep_ == "nsubj"] + \
            [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not agents and verb.dep_ == "conj":  # "sent soldiers and redeployed troops": the first verb's subject
            agents = [c for c in verb.head.children if c.dep_ == "nsubj"]
        spans = [m for m in cue.doc.spans["actors"] for a in agents if m.start <= a.i < m.end]
        return any(m._.stakeholder in excluded for m in spans)

    def _excluded(self, cue: Span) -> bool:
        """An exclusion of the cue's issue among the words of its noun phrase: the modifiers before its head, the
        head's children and the objects of its prepositions with their compounds ("a trade deal with <exclusion>",
        but not the adjective of "troops on <adjective> soil"); for a verb, its
        head and children; for the object of a preposition, the preposition too ("by force")."""
        exclude = self._exclusions.get(issue_of(cue.label_)[0])
        if not exclude:
            return False
        if self._sent_by_excluded(cue, self._excluded_actors[issue_of(cue.label_)[0]]) \
                or any(t.lower_ in exclude for t in _setting(cue.root)):
            return True
        root = cue.root
        objects = [g for c in root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        words = [t for t in root.subtree if t.i <= root.i or t.head == root] + \
            [t for g in objects for t in g.subtree if t == g or t.head == g and t.dep_ == "compound" and t.i < g.i]
        if root.pos_ == "VERB":
            words = [root.head, root] + list(root.children)
        elif root.dep_ == "pobj":  # the preposition belongs to the phrase ("by force")
            words = [root.head] + words
        words = sorted(set(words), key=lambda t: t.i)
        phrase = " " + " ".join(t.lower_ for t in words) + " "
        joined = " " + "".join(t.lower_ + (t.whitespace_ and " ") for t in words).strip() + " "  # "x's" kept whole
        return any(f" {x} " in phrase or f" {x} " in joined for x in exclude)


def _quantified(token: Token) -> Token:
    """The head of the quantity phrase the token is counted in ("thousands of soldiers": "thousands"), or the token."""
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "NUM"):
        token = token.head.head
    return token


def _setting(token: Token) -> list[Token]:
    """What the noun takes part in, by the verb it is the subject or object of: the noun that verb describes
    ("an exercise involving thousands of troops") and, for a subject, the objects of the verb's prepositions
    ("troops would take part in the exercise"). An exclusion there (a drill, not a deployment) cancels the cue."""
    token = _quantified(token)
    verb = token.head if token.dep_ in ("nsubj", "dobj", "nsubjpass") else None
    if verb is None or verb.pos_ != "VERB":
        return []
    out = [verb.head] if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" else []
    if token.dep_ == "nsubj":
        out += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return out


def single_word_issues(token: Token) -> set[str]:
    """The issues of the cues that are this one word (an anaphor's head: "such a force")."""
    return {issue_of(s.label_)[0] for s in token.doc.spans["issue_cues"]
            if s.start == token.i and s.end == token.i + 1 and s.label_ != ANAPHOR}
