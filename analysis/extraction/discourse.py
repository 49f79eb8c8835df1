"""Discourse: what earlier sentences of the article established (people, plural subjects, speakers, issues),
and the resolution of this sentence's anaphors, bare titles, ambiguous and unknown names against it.

The discourse holds mentions (spans of `doc.spans["actors"]`) of earlier sentences of the same Doc; resolving
sets their extension values or adds mentions to the Doc."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import ActorData
from .lexicon import Lexicon
from .issues import IssueRecognizer, single_word_issues
from .recognition import QUOTES, Mentions, fill_person, linked, mention_text, new_mention, quotation_left_open

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token


_LABEL = re.compile(r"\s*(\w+)\s*(?:\([^)]*\)\s*)?:(?:\s|$)")  # "Q:", "Question (<outlet>):"
LABEL_REACH = 16  # words before the colon of a speaker's label: "[The <office> for <department> (<Name>):"


def turn_label(text: str, questions: set[str], answers: set[str]) -> str:
    """"question" or "answer" for a text opened by an interview's label ("Q:", "A:"; lower-case `questions`,
    `answers`), else ""."""
    found = _LABEL.match(text)
    label = found.group(1).lower() if found else ""
    return "question" if label in questions else "answer" if label in answers else ""


@dataclass
class Discourse:
    """What earlier sentences of the article established: people, plural subjects, speakers, issues."""

    day: dt.date | None  # the day whose roles people hold (pipeline.role_day)
    home: str = ""  # the state or organisation the article's source names: whose titles the bare ones are
    persons: list[Span] = field(default_factory=list)
    plural: list[Span] = field(default_factory=list)
    plural_sentence: int = -1  # the sentence that named `plural`
    speaker: list[Span] = field(default_factory=list)
    issues: list[tuple[int, int, str, str]] = field(default_factory=list)  # (sentence, salience, issue, head)
    sentence_no: int = 0
    actors: list[Span] = field(default_factory=list)
    unknown_people: dict[str, Span] = field(default_factory=dict)

    subjects: list[Span] = field(default_factory=list)  # people who were subjects, most recent last
    org_words: dict[str, Span] = field(default_factory=dict)  # "coalition" -> the coalition named before
    authors: list[Span] = field(default_factory=list)  # who a statement or declaration is by ("we" of the text)
    listing: bool = False  # the sentences go on with what a speaker's "...:" introduced
    quote_open: bool = False  # a quotation opened before this sentence is not closed yet
    authors_sentence: int = -1  # the sentence that named `authors`
    companions: list[Span] = field(default_factory=list)  # "alongside X and Y, we ...": who "we" takes in
    companions_sentence: int = -10
    turn: str = ""  # in an interview or a transcript: "question", or "answer" (said by `interviewee`)
    interviewee: list[Span] = field(default_factory=list)

    def speaking_on(self, sent: Span) -> bool:
        """The sentence goes on with what the speaker before said: a quotation, a list that a "...:" opened, or
        an answer in an interview."""
        return sent.text.lstrip()[:1] in QUOTES or self.listing or self.quote_open or self.turn == "answer" \
            or self.official and self.turn != "question" \
            or self.opinion and any(t.dep_ == "aux" and t.lower_ in ("must", "should") and t.head == sent.root
                                    for t in sent)

    @property
    def official(self) -> bool:
        """The headline or the lead names the text's authors ("PM remarks after ...", "Statement of the
        co-chairs ..."): a speech or an official text, every sentence of which its authors say."""
        return bool(self.authors) and self.authors_sentence <= 1 and not self.opinion

    @property
    def opinion(self) -> bool:
        """An op-ed whose author note named the author: what its sentences say ought to be done is the author's."""
        return any(m._.how == "author" for m in self.authors)

    def actor_before(self, mentions: Mentions | None, start: int) -> Span | None:
        """The state or organisation "it" / "its" refers to: the nearest named before token `start` in this
        sentence (a subject first: "<state> would send X to <other> under a mandate of <organisation>, its minister
        said" is the subject's minister), else the last named as a subject in an earlier one."""
        here = [m for m in (mentions.actors if mentions else []) if m.label_ in ("state", "organisation")
                and m.end <= start]
        subjects = [m for m in here if m.root.dep_ in ("nsubj", "nsubjpass")]
        return (subjects or here)[-1] if here else next(
            (m for m in reversed(self.actors) if m.label_ in ("state", "organisation")), None)

    def last_person(self, role: str = "", subject: bool = False) -> Span | None:
        """The person most recently named (with that role); with `subject`, preferably one named as a subject."""
        for m in reversed(self.subjects if subject and self.subjects else self.persons):
            if not role or m._.role == role:
                return m
        return None


def salience(token: Token) -> int:
    """How prominent a mention is in its sentence: what a copula says its subject is 3 ("the best guarantee would
    be X, but Y ruled this out": X is the news), subject 2, object 1, other 0."""
    if token.dep_ == "attr" and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")
                                    for c in token.head.children):
        return 3
    return 2 if token.dep_ in ("nsubj", "nsubjpass") else 1 if token.dep_ in ("dobj", "attr") else 0


class DiscourseResolver:
    """Resolves mentions against the discourse, in place; one instance per run."""

    def __init__(self, actors: ActorData, issues: IssueRecognizer, lexicon: Lexicon):
        self.actors, self.issues = actors, issues
        self.text_nouns = {p.split()[-1].lower() for p in lexicon.events.get("speech", [])}
        self.plural_nouns = {p.lower() for p in lexicon.plural_references}
        self.plural_heads = {p.split()[-1] for p in self.plural_nouns}
        self.companion_words = {w.lower() for w in lexicon.companions}
        self.quantifiers = {q.lower() for q in lexicon.group_quantifiers if " " not in q}
        self.question_labels = {p.lower() for p in lexicon.question_labels}
        self.answer_labels = {p.lower() for p in lexicon.answer_labels}
        self.actor_possessives = {p.lower() for p in lexicon.actor_possessives}

    def resolve(self, sent: Span, mentions: Mentions, disc: Discourse) -> None:
        """Fill in anaphors, bare titles, ambiguous and unknown names from the discourse, in place."""
        for issue in mentions.issues:
            if issue._.anaphor:
                issue._.issue_id = self._antecedent(sent, issue, mentions, disc)
        for m in mentions.actors:
            if m.label_ == "person" and not m._.person and m._.candidates:
                known = {p._.person for p in disc.persons}
                pick = [c for c in m._.candidates if c in known]
                if len(pick) == 1:
                    fill_person(m, self.actors, pick[0], disc.day)
            elif m.label_ == "person" and not m._.in_roles and m._.person:
                surname = m._.person.split()[-1]
                for part in m._.person.split():  # "Lin" of "Lin Jian": family names come first in some languages
                    if len(part) > 2 and part[:1].isupper():
                        disc.unknown_people.setdefault(part, m)
                disc.unknown_people.setdefault(surname, m)
                disc.unknown_people.setdefault(m._.person, m)
            elif m.label_ == "title" and not m._.stakeholder:
                prior = disc.last_person(m._.role)
                owner = self._possessing_actor(m, mentions, disc)
                if owner is not None:  # "its negotiator": the state or organisation last named
                    holder = self.actors.holder(owner._.stakeholder, m._.role, disc.day)
                    m._.stakeholder, m._.how = owner._.stakeholder, "title-ref"
                    m._.person = holder.person if holder is not None else ""
                elif prior is not None:
                    m._.stakeholder, m._.person, m._.in_roles = prior._.stakeholder, prior._.person, prior._.in_roles
                    m._.how = "title-ref"
                elif disc.home:  # "the Prime Minister" in a release of his office, or a paper's own government
                    holder = self.actors.holder(disc.home, m._.role, disc.day)
                    m._.stakeholder, m._.how = disc.home, "title-home"
                    if holder is not None:
                        m._.person = holder.person

    def _possessing_actor(self, title: Span, mentions: Mentions, disc: Discourse) -> Span | None:
        """The state or organisation an actor possessive before the title refers to ("its negotiator")."""
        if not any(c.dep_ == "poss" and c.lower_ in self.actor_possessives for c in title.root.children):
            return None
        return disc.actor_before(mentions, title.start)

    def _antecedent(self, sent: Span, anaphor: Span, mentions: Mentions, disc: Discourse) -> str:
        """The issue an anaphor refers to: the most salient earlier mention of this sentence, else of the
        latest sentence that mentioned an issue (subjects before objects before the rest, then recency); a verb
        with no object ("joined", "take part") only of the sentence just before, else of what follows it in its
        own sentence.
        An anaphor whose head is itself a cue ("such a force") refers only to an issue that cue can name."""
        head = anaphor.root
        fits = single_word_issues(head) | self.issues.issues_with_word(head.lemma_.lower())

        def fit(issue_id: str, lemma: str) -> bool:
            return not fits or issue_id in fits or lemma == head.lemma_.lower()
        here = [(salience(m.root), m.start, m._.issue_id) for m in mentions.issues
                if m._.issue_id and not m._.anaphor and m.end <= anaphor.start
                and fit(m._.issue_id, m.root.lemma_.lower())]
        if here:
            return max(here)[2]
        earlier = [(no, s, n, i) for n, (no, s, i, lemma) in enumerate(disc.issues) if fit(i, lemma)]
        if any((m.start, m.end) == (anaphor.start, anaphor.end) for m in sent.doc.spans["implicit"]):
            # "<two states> joined": in what the sentence just before named, or in nothing known
            earlier = [e for e in earlier if e[0] == disc.sentence_no]
            if not earlier:  # "will be among the first to sign once <X> opens": what the sentence names next
                return next((m._.issue_id for m in mentions.issues if m._.issue_id and not m._.anaphor
                             and m.start >= anaphor.end and fit(m._.issue_id, m.root.lemma_.lower())), "")
        if not earlier:
            return sorted(fits)[0] if len(fits) == 1 else ""
        latest = earlier[-1][0]
        return max((s, n, i) for no, s, n, i in earlier if no == latest)[2]

    def unknown_surnames(self, sent: Span, mentions: Mentions, disc: Discourse) -> None:
        """A surname alone of a person the article introduced earlier without a roles-file entry, and "the
        coalition" for an organisation named earlier whose name holds that word."""
        doc = sent.doc
        for t in sent:
            prior = disc.org_words.get(t.lower_)
            if prior is not None and t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) \
                    and not mentions.actors_at(t.i):
                group = {"members": [], "mention_text": mention_text(prior)} if prior.label_ == "group" else {}
                mentions.add_actor(new_mention(doc, t.i - 1, t.i + 1, prior.label_, stakeholder=prior._.stakeholder,
                                               how="definite", **group))
        for t in sent:
            prior = disc.unknown_people.get(t.text)
            if prior is not None and t.pos_ == "PROPN" and not mentions.actors_at(t.i):
                mentions.add_actor(new_mention(doc, t.i, t.i + 1, "person", stakeholder=prior._.stakeholder,
                                               person=prior._.person, role=prior._.role, in_roles=False,
                                               how="person"))

    def closing_note(self, sentences: list[Span], disc: Discourse) -> None:
        """An op-ed's note on its author at its end, read before the text (see `author_note`)."""
        for sent in sentences:
            self.author_note(sent, Mentions(sent), disc, anywhere=True)

    def author_note(self, sent: Span, mentions: Mentions, disc: Discourse, anywhere: bool = False) -> None:
        """An op-ed's byline naming a known person ("By <Name>") or its note on its author near its top (or, with
        `anywhere`, at its end: "<First> <Last> is a policy adviser with <organisation>", "<Name> is <state>'s
        defence minister"): the author, a person the roles file may not know, speaks for that organisation or
        state, and the text's "we" and "I" are theirs."""
        root = sent.root
        if disc.authors or disc.sentence_no > 4 and not anywhere:
            return
        words = [t for t in sent if not t.is_punct and not t.is_space]
        byline = [m for m in mentions.actors if m.label_ == "person" and m._.stakeholder and m._.in_roles]
        if len(words) > 1 and words[0].lower_ == "by" and len(byline) == 1 \
                and (byline[0].start, byline[0].end) == (words[1].i, words[-1].i + 1):
            byline[0]._.how = "author"  # "By <Name>": a known person writes
            disc.authors, disc.authors_sentence = byline, disc.sentence_no
            return
        if root.lemma_ != "be":
            return
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        attr = next((c for c in root.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
        if subject is None or attr is None:
            return
        known = [m for m in mentions.actors_at(subject.i) if m.label_ == "person" and m._.stakeholder
                 and m.start == subject.left_edge.i and m.end == subject.right_edge.i + 1]
        if known:  # "<Name> is Minister of Defence of <state>": a known person writes
            known[0]._.how = "author"
            disc.authors, disc.authors_sentence = known[:1], disc.sentence_no
            return
        if mentions.actors_at(subject.i):
            return
        name = [t for t in subject.subtree]
        if not 2 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            return
        places = [m for c in attr.children if c.dep_ == "prep" and c.lower_ in ("with", "at", "of", "for", "from")
                  for t in c.subtree for m in mentions.actors_at(t.i) if m.label_ in ("organisation", "state")]
        if not places:
            return
        author = new_mention(sent.doc, name[0].i, name[-1].i + 1, "person", stakeholder=places[0]._.stakeholder,
                             person=" ".join(t.text for t in name), role="", in_roles=False, how="author")
        mentions.add_actor(author)
        disc.authors, disc.authors_sentence = [author], disc.sentence_no
        disc.unknown_people.setdefault(name[-1].text, author)

    def plural_references(self, sent: Span, mentions: Mentions, disc: Discourse) -> None:
        """"Leaders", "the three ministers", "both sides" (the lexicon's `plural_references`, with no modifier of
        their own) refer back to the several actors named together as the subject before: a plural pronoun."""
        earlier = disc.plural
        distinct = {(m._.stakeholder, m._.person or m.text) for m in earlier}  # a name and its title are one
        if disc.sentence_no - disc.plural_sentence > 2 or len(distinct) < 2 or not all(
                m._.stakeholder and m.label_ in ("person", "title", "state", "organisation") for m in earlier):
            return
        for t in sent:
            if t.tag_ not in ("NNS", "NNPS") or t.lower_ not in self.plural_heads:
                continue
            if t.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ in ("relcl", "acl") for c in t.rights):
                continue  # "countries that would ...", "countries offering ...": a new set, described
            determined = [c for c in t.lefts if c.dep_ in ("det", "predet", "nummod") or c.like_num]
            if any(c.lower_ in self.quantifiers for c in determined):
                continue  # "some governments", "several leaders": others, not those named before
            if not determined and not t.is_title:
                continue  # "leaders discussed": any leaders; "Leaders agreed" opens an official text's sentence
            own = [c for c in t.lefts if c not in determined]
            words = [w.lower_ for c in own for w in c.subtree] + [t.lower_]
            if " ".join(words) not in self.plural_nouns or any(c.dep_ == "prep" for c in t.rights) \
                    or any(d.dep_ == "poss" for d in t.lefts):
                continue
            start = min([c.left_edge.i for c in t.lefts] + [t.i])
            reference = new_mention(sent.doc, start, t.i + 1, "pronoun", how="plural")
            present = [m for m in mentions.actors if m.start <= t.i < m.end]
            if any(m.label_ != "group" for m in present):
                continue
            for m in present:
                mentions.replace_actor(m, reference)
            if not present:
                mentions.add_actor(reference)

    def authors_of(self, sent: Span, mentions: Mentions) -> list[Span]:
        """The people, states and organisations a text is by, when the sentence names a statement, declaration,
        speech or other text (the lexicon's `events.speech` nouns) and its authors: "Joint statement by the
        leaders of X, Y and Z", "a declaration of X and Y", "the prime minister's remarks"; a text labelled
        by its kind is by the subject of what follows the label ("Readout: <title> <Name> takes part in ...")."""
        words = [t for t in sent if not t.is_space]
        if len(words) > 2 and words[1].lower_ == ":" and words[0].lemma_.lower() in self.text_nouns:
            subjects = [m for t in words[2:] if t.dep_ in ("nsubj", "nsubjpass") for m in mentions.actors_at(t.i)
                        if m._.stakeholder and m.label_ in ("state", "organisation", "title", "person")]
            if subjects:
                return subjects[:1]
        for t in sent:
            if t.pos_ not in ("NOUN", "PROPN") or not {t.lower_, t.lemma_.lower()} & self.text_nouns:
                continue
            if t.i + 1 < sent.end and sent.doc[t.i + 1].like_num:
                continue  # "<organisation>'s Article 5": a numbered provision, nobody's text
            for owner in (c for c in t.children if c.dep_ in ("poss", "compound")):  # "<the minister>'s remarks", "PM statement"
                found = [m for m in mentions.actors if m.start <= owner.i < m.end and m._.stakeholder]
                if found:
                    return found
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in ("by", "of", "from")):
                inside = range(prep.i, prep.right_edge.i + 1)
                found = [m for m in mentions.actors if m.start in inside and m._.stakeholder
                         and m.label_ in ("state", "organisation", "title", "person")]
                if found:
                    return found
        return []

    def _companions(self, sent: Span, mentions: Mentions, disc: Discourse) -> None:
        """ "Alongside X and Y, we ...": X and Y join the first person of this sentence and the next two."""
        if not any(m.label_ == "pronoun" and m._.how == "we" for m in mentions.actors):
            return
        for t in sent:
            words = [w.lower_ for w in sent.doc[max(sent.start, t.i - 1):t.i + 1]]
            if t.lower_ in self.companion_words or " ".join(words) in self.companion_words:
                found = [m for g in t.children if g.dep_ == "pobj" for c in g.subtree for m in mentions.actors_at(c.i)
                         if m.label_ in ("person", "title", "state", "organisation") and m._.stakeholder]
                if found:
                    disc.companions, disc.companions_sentence = list(dict.fromkeys(found)), disc.sentence_no
                    return

    def take_turn(self, sent: Span, mentions: Mentions, disc: Discourse) -> None:
        """Follow the turns of an interview or a transcript: a paragraph opened by a question label ("Q:") is
        the interviewer's, one opened by an answer label ("A:") the interviewee's (the person the article named
        last as a subject before the first question, else the last named), one opened by a person's name and a
        colon ("<Name>: ...") that person's; the sentences after a label go on in the same turn."""
        label = turn_label(sent.text, self.question_labels, self.answer_labels)
        words = [t for t in sent if not t.is_space]
        colon = next((k for k, t in enumerate(words[:LABEL_REACH]) if t.text.lstrip(")]") == ":"), 0)  # "(<Name>):" is one token
        named = [m for m in mentions.actors if m.label_ in ("person", "title") and m._.stakeholder
                 and m.end == words[colon].i and m.start == words[0].i] if 0 < colon < 6 else []
        if colon and not named and not any(t.pos_ in ("VERB", "AUX") for t in words[:colon]):
            # "<Title> (<Name>):", "[<Name>, <title>]:": a speaker's label that names a person inside it
            named = [m for m in mentions.actors if m.label_ == "person" and m._.stakeholder
                     and words[0].i <= m.start and m.end <= words[colon].i]
        if label == "question":
            if not disc.turn:
                people = [m for m in disc.subjects + disc.persons if m.label_ == "person"]
                disc.interviewee = [next((m for m in reversed(disc.subjects) if m.label_ == "person"),
                                         people[-1] if people else None)]
                disc.interviewee = [m for m in disc.interviewee if m is not None]
            disc.turn, disc.speaker = "question", []
        elif label == "answer" and disc.turn:
            disc.turn, disc.speaker = "answer", disc.interviewee
        elif named:
            disc.turn, disc.interviewee, disc.speaker = "answer", named[:1], named[:1]
        elif disc.turn == "answer":
            disc.speaker = disc.interviewee

    def remember(self, sent: Span, mentions: Mentions, found: list, disc: Discourse,
                 mentions_for: Callable[[Token, Mentions], list[Span]]) -> None:
        """Update the discourse with this sentence's people, plural subjects, speakers and issues (`found`: the
        sentence's statements; `mentions_for`: the mentions a subject token stands for)."""
        speakers = []
        if not disc.authors:
            disc.authors, disc.authors_sentence = self.authors_of(sent, mentions), disc.sentence_no
        for t in sent:  # "the African Group" named since: "the group" is no longer the organisation before
            if t.pos_ == "PROPN" and t.is_title and t.lower_ in disc.org_words \
                    and not any(named(m) for m in mentions.actors_at(t.i)):
                del disc.org_words[t.lower_]
        for m in mentions.actors:
            if m.label_ in ("person", "title") and m._.stakeholder:
                disc.persons.append(m)
            if named(m):  # an organisation, or a group the domain names ("the African Group")
                for t in m:
                    if t.pos_ in ("PROPN", "NOUN") and t.is_title and t.lower_ not in ("the", "of"):
                        disc.org_words[t.lower_] = m
        main_subjects = []  # "he" refers to the subject of a main clause before one of reported content
        for t in sent:
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            ms = [m for m in mentions_for(t, mentions) if m.label_ != "pronoun"]
            disc.actors.extend(m for m in ms if m.label_ in ("state", "organisation"))
            people = [m for m in ms if m.label_ in ("person", "title")]
            clause = t.head.head if t.head.dep_ == "conj" else t.head
            if clause.dep_ == "ROOT" or clause == sent.root:
                main_subjects += people  # the one nobody can place ("the prime minister") too: no guess past it
            else:
                disc.subjects.extend(m for m in people if m._.stakeholder)
            if len(ms) > 1 or any(m.label_ == "group" for m in ms) or (ms and t.tag_ in ("NNS", "NNPS")):
                disc.plural, disc.plural_sentence = ms, disc.sentence_no
            if linked(t, "speaker", "speaker", "verb"):
                speakers.extend(m for m in ms if m._.stakeholder or m.label_ == "group")
        disc.subjects.extend(main_subjects)
        for m in mentions.actors:
            if m.label_ == "pronoun" and linked(m[0], "speaker", "speaker", "verb"):
                prior = disc.last_person(subject=True)
                if m._.how == "person" and prior is not None and prior._.stakeholder:
                    speakers.append(prior)
                elif m._.how == "plural":  # "They also reiterated that: ..."
                    speakers.extend(disc.plural)
        text = sent.text.strip()
        if speakers:
            disc.speaker = speakers
            disc.listing = text.endswith(":")
        elif not text[:1] in '"“' and not found and not disc.listing and disc.turn != "answer":
            disc.speaker = disc.speaker if any(c.label_ == "speech" for c in mentions.cues) else []
        disc.listing = disc.listing or text.endswith(":")
        disc.quote_open = quotation_left_open(text, disc.quote_open)

        self._companions(sent, mentions, disc)
        disc.sentence_no += 1
        for issue in mentions.issues:
            if issue._.issue_id:
                root = issue.root
                disc.issues.append((disc.sentence_no, salience(root), issue._.issue_id, root.lemma_.lower()))
        disc.issues = disc.issues[-12:]


def named(m: Span) -> bool:
    """An organisation or a group known by its name, whose words a later "the <word>" may refer back to."""
    return m.label_ == "organisation" and m._.how == "name" or m.label_ == "group" and m._.how == "named"

