"""Attribution: who a mention stands for, who holds a position and who speaks in a sentence.

`Attribution.holders_of` turns an actor mention into holders (pronouns, "we" and groups resolved against the
sentence and the discourse); `mentions_for` finds the mentions a subject token stands for (its conjuncts,
appositions, "X, backed by Y", "X, speaking for Y"); `sentence_speakers`, `speaker_above`, `fallback_speaker`
and `according_to` find who speaks ("X said", "according to X")."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actors import ActorData
from .discourse import Discourse
from .lexicon import Lexicon
from .recognition import QUOTES, SINGULAR_FIRST_PERSON, Mentions, linked, mention_text

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token

SUBJECT_DEPS = ("nsubj", "csubj")
MATRIX_REACH = 3  # clauses a plural pronoun climbs to find the plural subject it stands for


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
    undated_role: bool = False  # the person's role chosen with no date (ActorData.roles_of), whose it is a guess


class Attribution:
    """The attribution rules of one run, built from the lexicon."""

    def __init__(self, lexicon: Lexicon, actors: ActorData | None = None):
        self.actors = actors
        self.joining_verbs = {w.lower() for w in lexicon.joining_verbs}
        self.spokes_nouns = {w.lower() for w in lexicon.spokes_nouns}
        self.partitives = {w.lower() for w in lexicon.partitives}
        self.representing_verbs = {w.lower() for w in lexicon.representing_verbs}
        self.authored_nouns = {w.lower() for w in lexicon.documents + lexicon.attitude_nouns}

    def holders_of(self, mention: Span, disc: Discourse, speaker: list[Holder],
                   mentions: Mentions | None = None) -> list[Holder]:
        """The holders an actor mention stands for; pronouns and "we" resolved against the sentence (`speaker`:
        who speaks in it, `mentions`: people named before the pronoun) and the discourse."""
        kind, how = mention.label_, mention._.how
        if kind == "pronoun":
            if how == "person":
                here = [m for m in (mentions.actors if mentions else []) if m.label_ in ("person", "title")
                        and m._.stakeholder and m.end <= mention.start]
                verb = mention.root.head
                above: list[Span] = []
                if mentions is not None and mention.root.dep_ in ("nsubj", "nsubjpass") \
                        and (verb.dep_ in ("ccomp", "relcl", "advcl") or verb.dep_ == "acl"
                             and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)):
                    # "<X> has said that, as president, he will ...", "<X> met <Y> and <Z>, where he signed ...",
                    # "<X> announced in an article that he would ..." (the clause hung from the noun): the first
                    # subject of the clause above, not the last name
                    up = verb.head
                    while up.pos_ not in ("VERB", "AUX") and up.head != up:
                        up = up.head
                    above = [m for c in up.children if c.dep_ in ("nsubj", "nsubjpass")
                             for m in self.mentions_for(c, mentions)
                             if m.label_ in ("person", "title") and m._.stakeholder and m.end <= mention.start]
                prior = above[0] if above else here[-1] if here else disc.last_person(subject=True)
                return [self.holder(prior, "pronoun")] if prior is not None and prior._.stakeholder else []
            if how == "plural":
                matrix = self.matrix_subject(mention, mentions, disc)
                if matrix:  # "member states are considering that they will send troops": those states
                    return [Holder(**{**h.__dict__, "resolved_by": "pronoun"}) for h in matrix]
                here = [h for h in speaker if h.kind != "person"] if len(speaker) < 2 else speaker
                if here:  # "Some groups said they could back X": the speakers of this sentence
                    return [Holder(**{**h.__dict__, "resolved_by": "pronoun"}) for h in here]
                return [h for m in disc.plural if m._.stakeholder or m.label_ == "group"
                        for h in self.holders_with_members(m, "pronoun")]
            if how == "we":
                companions = [self.holder(m, "quote") for m in disc.companions] \
                    if disc.sentence_no - disc.companions_sentence <= 2 else []
                if speaker:
                    found = [Holder(**{**h.__dict__, "resolved_by": "quote"}) for h in speaker] + companions
                else:
                    found = [h for m in disc.speaker or disc.authors for h in self.holders_with_members(m, "quote")] \
                        + companions
                if mention.text.lower() in SINGULAR_FIRST_PERSON and len({h.stakeholder for h in found}) > 1:
                    return []  # "I" is one speaker, not the several named before
                return found
            if how == "thing":  # the nearest state or organisation before it, in this sentence or an earlier one
                prior = disc.actor_before(mentions, mention.start)
                return [self.holder(prior, "pronoun")] if prior is not None else []
            return []
        if kind == "group":
            out = [self.holder(mention)]
            out += [self.holder(m) for m in mention._.members or []]
            return out
        if not mention._.stakeholder:
            return []
        return [self.holder(mention)] + [self.holder(m) for m in mention._.members or []]

    def matrix_subject(self, pronoun: Span, mentions: Mentions | None, disc: Discourse) -> list[Holder]:
        """The holders a plural pronoun subject of a complement clause stands for: the plural subject of the
        clause it completes ("<group> are considering that they will ..."), when that is a group or several; a
        clause with no subject of its own in between is climbed over."""
        verb = pronoun.root.head
        if mentions is None or pronoun.root.dep_ not in ("nsubj", "nsubjpass"):
            return []
        for _ in range(MATRIX_REACH):  # "allies can engage more, to see what they want to deliver": the allies
            if verb.dep_ not in ("ccomp", "xcomp", "advcl") or verb.head == verb:
                return []
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            found = [m for c in subjects for m in self.mentions_for(c, mentions) if m.label_ != "pronoun"]
            if len(found) > 1 or found and found[0].label_ == "group":
                return [h for m in found for h in self.holders_of(m, disc, [])]
            if subjects:
                return []
        return []

    def holders_with_members(self, m: Span, how: str) -> list[Holder]:
        """The holder a mention names and those of the states it names with it ("the leaders of X, Y and Z")."""
        members = m._.members or [] if m.label_ != "group" else []
        return [self.holder(m, how)] + [self.holder(x, how) for x in members]

    @staticmethod
    def holder(m: Span, how: str = "text") -> Holder:
        """The holder an actor mention names."""
        text = mention_text(m)
        if m.label_ == "group":
            return Holder("", "group", group_label=text, text=text, resolved_by=how)
        kind = "person" if m.label_ in ("person", "title") else m.label_
        return Holder(m._.stakeholder, kind, m._.person, m._.role, m._.in_roles, text=text, resolved_by=how,
                      undated_role=m._.undated_role)

    def mentions_for(self, token: Token, mentions: Mentions) -> list[Span]:
        """Actor mentions a subject token stands for: itself, its conjuncts, its 'including ...' members."""
        found: list[Span] = []

        def visit(t: Token) -> None:
            direct = mentions.actors_at(t.i)
            found.extend(m for m in direct if m not in found)
            if not direct and t.lower_ in self.partitives and t.dep_ in SUBJECT_DEPS + ("nsubjpass",):
                for g in (g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"  # "each of us"
                          for g in c.children if g.dep_ == "pobj"):
                    visit(g)
            if not direct and (t.lemma_.lower() in self.spokes_nouns  # "<person>'s office said", "<state>'s
                               # spokesman", "<organisation>'s Under-Secretary-General": the owner speaks
                               or t.pos_ == "PROPN" and t.is_title and t.dep_ in SUBJECT_DEPS):
                for owner in (c for m in (t, *(c for c in t.children if c.dep_ in ("nmod", "compound")))
                              for c in m.children if c.dep_ == "poss"):  # "<org>'s <Office> <Name>" too
                    visit(owner)
            for c in t.children:
                if c.dep_ in ("conj", "appos") and not any(m.start <= c.i < m.end for m in direct) \
                        and not (c.dep_ == "appos" and c.pos_ in ("PRON", "DET")) \
                        and not any(n.dep_ == "neg" for n in c.children):  # "X, ... those ..." misparsed; "X, but not Y"
                    visit(c)
                    if c.dep_ == "appos" and any(m.label_ == "person" for m in mentions.actors_at(c.i)):
                        # "the <title> (<Name>)", "the <title>, <Name>,": the name says who holds the title
                        found[:] = [m for m in found if m not in direct or m.label_ != "title"]
                if c.dep_ == "acl" and c.lemma_.lower() in self.joining_verbs:  # "X, backed by Y,"
                    for agent in (g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"):
                        visit(agent)
                if c.dep_ in ("acl", "advcl") and c.lemma_.lower() in self.representing_verbs:
                    for g in (g for a in c.children if a.dep_ in ("prep", "dobj") for g in [a] + list(a.children)
                              if g.dep_ in ("pobj", "dobj")):  # "X, speaking for group Y,"
                        visit(g)
        visit(token)
        # "the <demonym> diplomat <Name>": the named person's role decides, not the nationality before the name
        named_at = {m.start for m in found if m.label_ == "person" and m._.stakeholder}
        found[:] = [m for m in found if not (m._.how == "officials" and m.end in named_at)]
        if token.dep_ == "nsubj" and not found and token.lemma_.lower() in self.authored_nouns:
            # "the <demonym> draft would ...", "<state>'s proposal says ...": a text speaks for its author
            found += [m for c in token.children if c.dep_ in ("amod", "poss", "compound") and c.i < token.i
                      for m in mentions.actors_at(c.i) if m.label_ in ("state", "organisation")]
        if token.dep_ in SUBJECT_DEPS and found:
            phrase = range(token.left_edge.i, token.right_edge.i + 1)
            found += [m for m in self._listed_with(found, mentions) if m not in found and m.start in phrase]
        relative_who = token.lower_ == "who" and token.head.dep_ in ("advcl", "ccomp", "conj")  # misparsed
        if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl" or relative_who:
            if not relative_who:
                visit(token.head.head)
            before = token.i - 1
            while not found and before > token.sent.start and token.doc[before].is_punct:
                before -= 1  # "<a nickname> (<title> <Name>), who supports X" misparsed: the nearest name before
            if not found and token.lower_ == "who":
                visit(token.doc[before])
        if token.dep_ in SUBJECT_DEPS and found:  # "X, speaking for group Y, said ..."
            for c in token.head.children:
                if c.dep_ == "advcl" and c.lemma_.lower() in self.representing_verbs:
                    for g in (g for a in c.children if a.dep_ in ("prep", "dobj") for g in [a] + list(a.children)
                              if g.dep_ in ("pobj", "dobj")):
                        visit(g)
        return found

    @staticmethod
    def _listed_with(found: list[Span], mentions: Mentions) -> list[Span]:
        """The mentions listed together with `found` ("A, B and C", however the parser attached them): the
        run of named mentions on either side separated only by commas and "and"."""
        named = [m for m in mentions.actors if m.label_ in ("person", "title", "state", "organisation")]
        if not named or not any(m in named for m in found):
            return []
        doc = named[0].doc
        i = next(k for k, m in enumerate(named) if m in found)
        j = i
        while i > 0 and all(t.lower_ in (",", "and") for t in doc[named[i - 1].end:named[i].start]) \
                and named[i - 1].end < named[i].start:
            i -= 1
        while j + 1 < len(named) and all(t.lower_ in (",", "and") for t in doc[named[j].end:named[j + 1].start]) \
                and named[j].end < named[j + 1].start:
            j += 1
        return named[i:j + 1] if j > i else []

    def sentence_speakers(self, sent: Span, mentions: Mentions, disc: Discourse) -> list[Holder]:
        """Who speaks in this sentence: subjects of speech verbs, or the previous speaker for a bare quote."""
        out = [h for m in self._speech_subjects(sent, mentions) if m.label_ != "pronoun" or m._.how != "we"
               for h in self.holders_of(m, disc, [])]
        if not out:
            out = self.signed(sent, mentions, disc)
        if not out:  # "according to <person>, <state> should ...": that person speaks
            out = [h for h in self.according_to(sent, mentions, disc) if h.person]
        if not out and sent.text.lstrip()[:1] in QUOTES:
            out = [self.holder(m, "quote") for m in disc.speaker]
        return out

    def named_speakers(self, sent: Span) -> list[Span]:
        """The named speakers of the sentence's speech verbs (people, titles, states, organisations the names
        alone place; pronouns and bare titles left out): who a quotation that closes here is by."""
        return [m for m in self._speech_subjects(sent, Mentions(sent))
                if m.label_ in ("person", "title", "state", "organisation") and m._.stakeholder]

    def _speech_subjects(self, sent: Span, mentions: Mentions) -> list[Span]:
        """The mentions the subjects of the sentence's speech verbs stand for, in text order."""
        return [m for verb in sent for s in speakers_of(verb) for m in self.mentions_for(s, mentions)]

    def signed(self, sent: Span, mentions: Mentions, disc: Discourse) -> list[Holder]:
        """The person a headline-style line is signed with, after a dash or a colon at its end ("<claim> -
        <Name>", "<claim>: <Title>")."""
        words = [t for t in sent if not t.is_space and not (t.is_punct and t.text in ".!?\"'’”")]
        if len(words) < 5:
            return []
        last = [m for m in mentions.actors if m.label_ in ("person", "title") and m.end - 1 == words[-1].i]
        if not last or last[0].start - 1 < sent.start + 3:
            return []
        before = sent.doc[last[0].start - 1]
        if before.text not in ("-", "–", "—", ":"):
            return []
        return self.holders_of(last[0], disc, [])

    def with_speaker(self, h: Holder, speaker: Holder | None, day=None) -> Holder:
        """`h` with the person speaking for it: `speaker` when it speaks for the same stakeholder, or a bare title
        of an office ("..., says defence minister") that the holder's state has."""
        if h.kind == "person" or speaker is None:
            return h
        if not speaker.stakeholder and speaker.role and h.kind == "state" and self.actors is not None:
            office = self.actors.holder(h.stakeholder, speaker.role, day)
            return Holder(h.stakeholder, "person" if office else h.kind, office.person if office else "",
                          speaker.role, text=speaker.text, resolved_by=h.resolved_by)
        if speaker.stakeholder != h.stakeholder:
            return h
        return Holder(h.stakeholder, h.kind if not speaker.person else "person", speaker.person, speaker.role,
                      speaker.in_roles, text=speaker.text, resolved_by=h.resolved_by, undated_role=speaker.undated_role)

    def speaker_above(self, node: Token, mentions: Mentions, disc: Discourse,
                       speaker_here: list[Holder]) -> Holder | None:
        """A person speaking for the holder: the subject of a speech verb at or above the holder's node."""
        t = node
        while True:
            for s in speakers_of(t):
                for m in self.mentions_for(s, mentions):
                    hs = self.holders_of(m, disc, speaker_here)
                    if hs and hs[0].kind == "person":
                        return hs[0]
                    if not hs and m.label_ == "title":  # "..., says defence minister": whose, the holder tells
                        return Holder("", "person", role=m._.role, text=mention_text(m), resolved_by="title")
            if t.head == t:
                break
            t = t.head
        persons = [h for h in speaker_here if h.kind == "person"]
        return persons[0] if persons else None

    def fallback_speaker(self, sent: Span, verb: Token, mentions: Mentions, disc: Discourse) -> list[Holder]:
        """A speech verb the parser left without a subject ("X, whose minister ..., said"): the first actor
        mention before it that is not inside a prepositional phrase; for a gerund after "with <X>" (", with X in
        August saying ..."), X."""
        doc = sent.doc
        if verb.tag_ == "VBG":  # "with X saying": X, whatever the parser hung "with" from
            absolute = [t for t in sent if t.lower_ == "with" and t.i < verb.i
                        and not any(v.pos_ in ("VERB", "AUX") for v in doc[t.i + 1:verb.i])][-1:]
            speakers = sorted((m for t in absolute for m in mentions.actors if t.i < m.start < verb.i),
                              key=lambda m: (m.label_ != "person", m.start))[:1]  # "<org> chief <Name>": the person
            if speakers:
                return [Holder(**{**h.__dict__, "resolved_by": "fallback"})
                        for h in self.holders_of(speakers[0], disc, [])]
        for m in mentions.actors:
            if m.start >= verb.i:
                break
            head = m.root
            if any(a.dep_ == "prep" for a in [head] + list(head.ancestors)[:2]) or head.dep_ in ("pobj", "dobj"):
                continue
            if m.label_ == "pronoun" and m._.how == "we":
                continue
            hs = self.holders_of(m, disc, [])
            if hs:
                return [Holder(**{**h.__dict__, "resolved_by": "fallback"}) for h in hs]
        return []

    def according_to(self, sent: Span, mentions: Mentions, disc: Discourse) -> list[Holder]:
        """The holders a sentence is attributed to outside its verb (the `source` patterns: "according to X")."""
        for t in sent:
            if linked(t, "source", "source", "source"):
                for m in self.mentions_for(t, mentions):
                    holders = self.holders_of(m, disc, [])
                    if holders:
                        return holders
        return []


def speakers_of(verb: Token) -> list[Token]:
    """The speakers of a speech verb (the `speaker` patterns: "X said"), in text order."""
    return linked(verb, "speaker", "verb", "speaker")
