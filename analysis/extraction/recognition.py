"""Recognising what a parsed sentence talks about: actors, people, groups, issues and cues.

`Recognizer` is built once from the codebook, the lexicon and the actor data (rules as data, like spaCy's
EntityRuler) and turns a parsed sentence into typed mentions:
  ActorMention   a state, organisation, person, title, group or pronoun, with the stakeholder it stands for
  IssueMention   a codebook issue named by a cue, or an anaphor ("such a force") to be resolved in context
  Cue            a stance, qualifier, speech or attribution cue
Nothing here knows about a particular conflict: every word comes from the data files.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import ActorData
from .codebook import Codebook, thaw
from .nlp import Match, PhraseIndex, load_model, longest_first

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Span, Token

POSSESSIVE = {"'s", "’s", "'"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
QUOTES = set('"“”«»„')
_SPEAKING_ROLES_ORDER = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")


@dataclass
class ActorMention:
    """Who a stretch of text stands for. `kind`: state, organisation, person, title, group or pronoun."""

    start: int
    end: int
    kind: str
    stakeholder: str = ""
    person: str = ""
    role: str = ""
    in_roles: bool = True
    how: str = ""  # name, demonym, place, person, title, officials, group, he/she, they, it, we
    text: str = ""
    members: list["ActorMention"] = field(default_factory=list)  # states named in a group ("including ...")

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


@dataclass
class IssueMention:
    issue_id: str  # empty for an unresolved anaphor
    start: int
    end: int
    text: str
    anaphor: bool = False

    @property
    def tokens(self) -> range:
        return range(self.start, self.end)


@dataclass
class SentenceMentions:
    actors: list[ActorMention]
    issues: list[IssueMention]
    cues: list[Match]  # labels: support, oppose, neutral, weak, conditional, constrained, speech, attribution

    def cue_labels_at(self, i: int) -> set[str]:
        return {c.label for c in self.cues if c.start <= i < c.end}


class Recognizer:
    """Finds actor, issue and cue mentions in parsed sentences, from the codebook and actor data."""

    def __init__(self, codebook: Codebook, actors: ActorData):
        self.codebook, self.actors, self.lexicon = codebook, actors, codebook.lexicon
        nlp = load_model()
        lex = self.lexicon
        from spacy.matcher import PhraseMatcher
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._name_info: dict[str, tuple[str, str, str]] = {}
        for actor in actors.actors.values():
            for how, words in (("name", actor.names), ("demonym", actor.demonyms), ("place", actor.places)):
                for w in words:
                    self._add_name(f"A|{actor.id}|{how}", w, (actor.kind, actor.id, how))
        for region in actors.regions:
            self._add_name(f"R|{region}", region, ("region", "", "region"))
        self.people = actors.people()
        self._alias_people: dict[str, list[str]] = {}
        for person, names in self.people.items():
            for w in names:
                self._alias_people.setdefault(w, []).append(person)
                self._add_name(f"P|{w}", w, ("person", w, "person"))
        self.titles = PhraseIndex(nlp)
        for role, phrases in lex.titles.items():
            for p in phrases:
                self.titles.add(role, p)
        self.issue_cues = PhraseIndex(nlp)
        for issue in codebook.issues:
            for cue in issue.cues:
                if cue.phrase:
                    self.issue_cues.add(issue.id, cue.phrase)
                else:
                    self.issue_cues.add_pattern(issue.id, thaw(cue.pattern))
        for phrase in lex.anaphora:
            self.issue_cues.add("", phrase)
        self._exclusions = {i.id: [x.lower() for x in i.exclude] for i in codebook.issues if i.exclude}
        self._issue_words: dict[str, set[str]] = {}
        for issue in codebook.issues:
            for cue in issue.cues:
                for word in cue.phrase.lower().replace("-", " ").split():
                    self._issue_words.setdefault(word, set()).add(issue.id)
                    self._issue_words.setdefault(word.rstrip("s"), set()).add(issue.id)
        self.implicit = PhraseIndex(nlp)
        for phrase in lex.implicit_issue_verbs:
            self.implicit.add("implicit", phrase)
        self.cue_index = PhraseIndex(nlp)
        for stance, phrases in codebook.stances.items():
            for p in phrases:
                self.cue_index.add(stance, p)
        for p in lex.weak:
            self.cue_index.add("weak", p)
        for q, phrases in codebook.qualifiers.items():
            for p in phrases:
                self.cue_index.add(q, p)
        for p in lex.speech_verbs:
            self.cue_index.add("speech", p)
        for p in lex.attribution_markers:
            self.cue_index.add("attribution", p)
        for p in lex.threats:
            self.cue_index.add("threat", p)
        for p in lex.attitudes:
            self.cue_index.add("attitude", p)
        for p in lex.absence:
            self.cue_index.add("absence", p)
        for stance, phrases in lex.effects.items():
            for p in phrases:
                self.cue_index.add(stance, p)
                self.cue_index.add("effect", p)
        self.local_heads = {w.lower() for w in lex.local_heads}
        self.group_heads = {w.lower() for w in lex.group_heads}
        self.quantifiers = {w.lower() for w in lex.group_quantifiers}
        self.pronoun_kind = {w.lower(): kind for kind, words in lex.pronouns.items() for w in words}
        self.first_person = {"we", "i", "us", "our", "my"}
        self.own_state_heads = {w.lower() for w in lex.own_state_heads}
        self.shared_roles = set(lex.shared_roles)

    def _add_name(self, label: str, text: str, info: tuple[str, str, str]) -> None:
        nlp = load_model()
        self.names.add(label, [nlp.make_doc(text)])
        self._name_info[label] = info

    # ------------------------------------------------------------------ actors

    def actor_mentions(self, sent: Span, day: dt.date | None) -> list[ActorMention]:
        doc = sent.doc
        raw: list[Match] = []
        for match_id, start, end in self.names(sent):  # on a Span, the matcher gives the Doc's token indices
            raw.append(Match(doc.vocab.strings[match_id], start, end, ""))
        names = longest_first(raw)
        mentions: list[ActorMention] = []
        for m in names:
            kind, key, how = self._name_info[m.label]
            text = doc[m.start:m.end].text
            if kind == "person":
                mentions.append(self._person_mention(m.start, m.end, key, day, text))
            else:
                mentions.append(ActorMention(m.start, m.end, kind, key, how=how, text=text))
        mentions = self._compose_titles(sent, mentions, day)
        mentions += self._groups(sent, mentions)
        for t in sent:
            if t.lower_ in self.own_state_heads and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children) \
                    and not any(m.covers(t.i) for m in mentions):
                owner = next(c for c in t.children if c.dep_ == "poss")
                kind = "we" if owner.lower_ in self.first_person else "person"
                mentions.append(ActorMention(owner.i, t.i + 1, "pronoun", how=kind, text=f"{owner.text} {t.text}"))
                continue
            kind = self.pronoun_kind.get(t.lower_)
            if t.lower_ in self.first_person and t.pos_ == "PRON":
                kind = "we"
            if kind and t.pos_ == "PRON" and not any(m.covers(t.i) for m in mentions):
                mentions.append(ActorMention(t.i, t.i + 1, "pronoun", how=kind, text=t.text))
        return sorted(mentions, key=lambda m: m.start)

    def _person_mention(self, start: int, end: int, alias: str, day: dt.date | None, text: str) -> ActorMention:
        candidates = self._alias_people.get(alias, [])
        holding = [p for p in candidates if any(r.holds_on(day) for r in self.actors.roles_of(p, day))]
        person = (holding or candidates)[0] if len(holding or candidates) == 1 else ""
        mention = ActorMention(start, end, "person", how="person", text=text)
        if person:
            self._fill_person(mention, person, day)
        else:
            mention.person = ""  # ambiguous alias: resolved from the article's earlier mentions
            mention.members = [ActorMention(start, end, "person", person=p, how="candidate") for p in candidates]
        return mention

    def _fill_person(self, mention: ActorMention, person: str, day: dt.date | None, role: str = "") -> None:
        roles = self.actors.roles_of(person, day)
        if role:
            roles = [r for r in roles if r.role == role] or roles
        roles = sorted(roles, key=lambda r: _SPEAKING_ROLES_ORDER.index(r.role)
                       if r.role in _SPEAKING_ROLES_ORDER else len(_SPEAKING_ROLES_ORDER))
        mention.person = person
        if roles:
            mention.stakeholder, mention.role = roles[0].stakeholder, roles[0].role

    def _compose_titles(self, sent: Span, mentions: list[ActorMention], day: dt.date | None) -> list[ActorMention]:
        """Join nationality + title + name ("<demonym> Foreign Minister <First> <Last>") into one mention."""
        doc = sent.doc
        titles = [t for t in longest_first(self.titles(sent))
                  if not any(m.covers(i) for m in mentions for i in range(t.start, t.end))]
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        used: set[int] = set()
        out: list[ActorMention] = []
        for t in titles:
            first = doc[t.start]
            if first.pos_ not in ("NOUN", "PROPN", "ADJ") and not first.is_title:
                continue
            if t.start > sent.start and doc[t.start - 1].lower_ in ("former", "ex", "late", "then"):
                continue
            start, end = t.start, t.end
            nationality = None
            left = by_end.get(t.start)
            if left is None and t.start - 1 >= sent.start and doc[t.start - 1].text in POSSESSIVE:
                left = by_end.get(t.start - 1)
            j = t.start
            while left is None and j > max(sent.start, t.start - 4) and doc[j - 1].dep_ in ("compound", "amod") \
                    and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
                j -= 1  # "<demonym> Foreign Ministry spokeswoman": the nationality before the institution
                left = by_end.get(j) if by_end.get(j) is not None and by_end[j].kind in ("state", "organisation") \
                    else None
            if left is not None and left.kind in ("state", "organisation"):
                nationality, start = left, left.start
            elif t.end < sent.end - 1 and doc[t.end].lower_ == "of" and (t.end + 1) in by_start \
                    and by_start[t.end + 1].kind in ("state", "organisation"):
                nationality = by_start[t.end + 1]
                end = nationality.end
            person = by_start.get(t.end)
            if person is None and t.end < sent.end - 1 and doc[t.end].text == ",":
                nxt = by_start.get(t.end + 1)
                person = nxt if nxt is not None and nxt.kind == "person" else None
            mention = ActorMention(start, end, "title", role=t.label, how="title")
            if person is not None and person.kind == "person":
                used.add(id(person))
                mention.kind, mention.start, mention.end = "person", start, person.end
                if person.person:
                    self._fill_person(mention, person.person, day, t.label)
                    if nationality is not None and mention.stakeholder != nationality.stakeholder:
                        mention.stakeholder = nationality.stakeholder  # the text says whose role it is
                    mention.role = t.label if t.label != "minister" else mention.role or t.label
                else:
                    mention.members = person.members
                    mention.stakeholder = nationality.stakeholder if nationality else ""
                    mention.role = t.label
            else:
                name_end = self._unknown_name_end(sent, t.end, mentions)
                if name_end > t.end:
                    mention.kind, mention.end = "person", name_end
                    mention.person, mention.in_roles = doc[t.end:name_end].text, False
                if nationality is not None:
                    mention.stakeholder = nationality.stakeholder
                    if mention.in_roles and t.label not in self.shared_roles:  # a spokesperson: which one?
                        holder = self.actors.holder(nationality.stakeholder, t.label, day)
                        if holder is not None:
                            mention.person = holder.person
                mention.role = t.label
            if nationality is not None:
                used.add(id(nationality))
            mention.text = doc[mention.start:mention.end].text
            out.append(mention)
        return sorted([m for m in mentions if id(m) not in used] + out, key=lambda m: m.start)

    @staticmethod
    def _unknown_name_end(sent: Span, i: int, mentions: list[ActorMention]) -> int:
        """End of a capitalised personal name starting at token i that no data file knows (else i): two to four
        proper nouns ("<First> <Last>"), or one that is the subject or an apposition ("<Title> <Last> said")."""
        doc, j = sent.doc, i
        while j < sent.end and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and doc[j].is_alpha and not doc[j].lower_ in _CALENDAR and not any(m.covers(j) for m in mentions):
            j += 1
        if j - i >= 2 or (j - i == 1 and doc[i].dep_ in ("nsubj", "nsubjpass", "appos", "compound")):
            return j
        return i

    def _groups(self, sent: Span, mentions: list[ActorMention]) -> list[ActorMention]:
        """Unnamed groups ("many officials") and states speaking through officials ("<demonym> officials")."""
        out = []
        for t in sent:
            if t.pos_ not in ("NOUN", "PROPN") or t.lower_ not in self.group_heads or t.tag_ not in ("NNS", "NNPS", "NN"):
                continue
            if any(m.covers(t.i) for m in mentions):
                continue
            left = [c for c in t.lefts]
            span_start = min([c.left_edge.i for c in left] + [t.i])
            modifier = next((m for m in mentions if span_start <= m.start and m.end <= t.i
                             and m.kind in ("state", "organisation")), None)
            if modifier is not None:
                out.append(ActorMention(span_start, t.i + 1, modifier.kind, modifier.stakeholder, how="officials",
                                        text=sent.doc[span_start:t.i + 1].text))
                mentions = [m for m in mentions if m is not modifier]
                continue
            origin = self._origin(sent, t, mentions)
            if origin is not None:  # "delegates from <organisation>", "In <capital>, officials said"
                out.append(ActorMention(span_start, t.i + 1, origin.kind, origin.stakeholder, how="officials",
                                        text=sent.doc[span_start:t.i + 1].text))
                continue
            quantified = any(c.lower_ in self.quantifiers or c.like_num for c in left) or \
                self._quantified_by_of(t)
            bare_plural = t.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("det", "poss") for c in left)
            if not (quantified or bare_plural):
                continue
            label_end = t.i + 1
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ in ("in", "from", "at", "of") and c.right_edge.i - t.i < 6:
                    label_end = c.right_edge.i + 1
            start = span_start
            if self._quantified_by_of(t):
                start = t.head.head.left_edge.i
            group = ActorMention(start, t.i + 1, "group", how="group",
                                 text=sent.doc[start:label_end].text)
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ in ("including", "like", "such"):
                    group.members = [m for m in mentions if m.kind in ("state", "organisation")
                                     and c.i < m.start <= c.right_edge.i]
            out.append(group)
        return out

    def _origin(self, sent: Span, head: Token, mentions: list[ActorMention]) -> ActorMention | None:
        """The actor a group of officials comes from: "delegates from X", or, for local officials, the capital
        they speak in ("officials in <capital>", "In <capital>, officials said")."""
        def actor_at(t: Token) -> ActorMention | None:
            return next((m for m in mentions if m.covers(t.i) and m.kind in ("state", "organisation")), None)
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "of"):
                found = next((actor_at(g) for g in c.children if g.dep_ == "pobj" and actor_at(g)), None)
                if found is not None:
                    return found
        if head.lower_ not in self.local_heads:
            return None
        places = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "in"]
        first = sent[0]
        if first.lower_ == "in" and first.head == head.head:
            places.append(first)
        for prep in places:
            for g in prep.children:
                m = actor_at(g)
                if g.dep_ == "pobj" and m is not None and m.how == "place":
                    return m
        return None

    def _quantified_by_of(self, t: Token) -> bool:
        """'a number of countries', 'dozens of officials': the quantifier heads the phrase."""
        head = t.head
        return t.dep_ == "pobj" and head.lower_ == "of" and \
            (head.head.lower_ in self.quantifiers or f"{head.head.lower_} of" in self.quantifiers
             or f"a {head.head.lower_} of" in self.quantifiers)

    # ------------------------------------------------------------------ issues and cues

    def issue_mentions(self, sent: Span) -> list[IssueMention]:
        """Issue cue matches (longest first), with the codebook's exclusions applied and one mention per noun
        phrase: a cue that modifies another cue's head names the more specific issue ("a <specific cue>
        <generic cue>"); an anaphor whose own phrase names an issue ("the idea of <issue cue>") goes."""
        doc = sent.doc
        out = []
        for m in longest_first(self.issue_cues(sent)):
            mention = IssueMention(m.label, m.start, m.end, doc[m.start:m.end].text, anaphor=not m.label)
            if mention.issue_id and self._excluded(mention, sent):
                continue
            out.append(mention)
        explicit = [m for m in out if not m.anaphor]
        for a in explicit:
            for b in explicit:
                head = doc[b.start:b.end].root
                a_root = doc[a.start:a.end].root
                if a is not b and a.issue_id and head.pos_ in ("NOUN", "PROPN") and a.end <= head.i \
                        and a_root.head == head and a_root.dep_ in ("compound", "amod", "nmod", "nummod"):
                    b.issue_id, b.start, b.text = a.issue_id, a.start, doc[a.start:b.end].text
                    a.issue_id = ""
        out = [m for m in out if m.anaphor and not any(
            e.start >= m.start and e.end <= doc[m.end - 1].right_edge.i + 1 for e in explicit)
            or not m.anaphor and m.issue_id]
        for m in longest_first(self.implicit(sent)):  # "ready to join in": in what was just named
            verb = doc[m.start]
            if not any(c.dep_ in ("dobj", "prep", "ccomp", "xcomp") and c.i >= m.end for c in verb.children) \
                    and not any(o.start < m.end and m.start < o.end for o in out):
                out.append(IssueMention("", m.start, m.end, m.text, anaphor=True))
        return sorted(out, key=lambda m: m.start)

    def issues_with_word(self, lemma: str) -> set[str]:
        """The issues one of whose cue phrases holds this word ("mission" in "un mission")."""
        return self._issue_words.get(lemma, set()) | self._issue_words.get(lemma.rstrip("s"), set())

    def _excluded(self, mention: IssueMention, sent: Span) -> bool:
        exclude = self._exclusions.get(mention.issue_id)
        if not exclude:
            return False
        root = sent.doc[mention.start:mention.end].root
        phrase = " " + " ".join(t.lower_ for t in root.subtree if t.i <= root.i or t.head == root) + " "
        if root.pos_ == "VERB":
            phrase = " " + " ".join(t.lower_ for t in [root.head, root] + list(root.children)) + " "
        return any(f" {x} " in phrase for x in exclude)

    def cues(self, sent: Span) -> list[Match]:
        return self.cue_index(sent)

    def mentions(self, sent: Span, day: dt.date | None) -> SentenceMentions:
        return SentenceMentions(self.actor_mentions(sent, day), self.issue_mentions(sent), self.cues(sent))
