"""Recognition: who and what a sentence talks about, as spans of the article's Doc.

Two pipeline components read the phrase matches of components.py (`doc.spans["names"]`, `["titles"]`,
`["issue_cues"]`, `["implicit"]`) and the parse:

  stakeholder_actors   `doc.spans["actors"]`: one span per mention of someone who can hold a position. The
                       span's label is its kind (state, organisation, person, title, group, pronoun, region) and
                       its extensions say whom it stands for: `._.stakeholder`, `._.person`, `._.role`,
                       `._.in_roles` (False for a person no roles.csv row knows), `._.how` (name, demonym, place,
                       person, title, officials, group, definite, person/plural/thing/we for pronouns),
                       `._.members` (the states named in a group: "including ..."), `._.candidates` (the people an
                       ambiguous name may be), `._.mention_text` (a group's label, when longer than the span).
                       `Token._.actors` lists the mentions over each token.
  stakeholder_issues   `doc.spans["issues"]`: one span per mention of an issue (issues.py).

Resolution against earlier sentences (discourse.py) fills in and adds mentions later; `Mentions` is the view of
one sentence's mentions the rules work on. Nothing here knows about a particular conflict: every word comes
from the data files.
"""
from __future__ import annotations

import datetime as dt
import difflib
from typing import TYPE_CHECKING

from .actors import ActorData
from .lexicon import Lexicon
from .patterns import read_name_label, read_title_label

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.tokens import Doc, Span, SpanGroup, Token

POSSESSIVE = {"'s", "’s", "'"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
QUOTES = set('"“”«»„')
_SPEAKING_ROLES_ORDER = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
SINGULAR_FIRST_PERSON = {"i", "my"}  # one speaker
FIRST_PERSON = {"we", "us", "our"} | SINGULAR_FIRST_PERSON
_NO_CUES: frozenset[str] = frozenset()


def quotation_left_open(text: str, before: bool) -> bool:
    """Whether a quotation is open after `text` (`before`: it was open before it): an odd number of quotation
    marks opens one when the text starts with a mark, else closes it."""
    marks = sum(text.count(q) for q in QUOTES)
    return before if marks % 2 == 0 else text[:1] in QUOTES


# ---------------------------------------------------------------------------------------------------- mentions

def new_mention(doc: Doc, start: int, end: int, kind: str, **values) -> Span:
    """An actor mention: the span doc[start:end] labelled `kind`, with extension `values`."""
    span = doc[start:end]
    span.label_ = kind
    for name, value in values.items():
        span._.set(name, value)
    return span


def mention_text(m: Span) -> str:
    """The words a mention is quoted by (a group's label may reach past its head: "officials in <capital>")."""
    return m._.mention_text if m._.mention_text is not None else m.text


def longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first, then leftmost, then by label (spacy.util.filter_spans, with a
    stable tie-break), in text order."""
    kept: list[Span] = []
    taken: set[int] = set()
    for s in sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label_)):
        if not taken.intersection(range(s.start, s.end)):
            kept.append(s)
            taken.update(range(s.start, s.end))
    return sorted(kept, key=lambda s: s.start)


def links(token: Token, label: str, **bound: Token) -> list[dict[str, Token]]:
    """The matches of the attribution patterns labelled `label` (data/attribution.yaml) that bind `token`, each as
    {node name: token}; with `bound` (node name=token), only those binding these nodes so."""
    doc = token.doc
    want = {role: t.i for role, t in bound.items()}
    return [{role: doc[i] for role, i in match.items()} for match in (doc._.links or {}).get(label, ())
            if token.i in match.values() and all(match.get(role) == i for role, i in want.items())]


def linked(token: Token, label: str, node: str, role: str) -> list[Token]:
    """The tokens bound to `role` in the `label` matches that bind `token` to `node`, in text order ("the
    speakers of this verb": linked(verb, "speaker", "verb", "speaker")). Indexed once per Doc."""
    doc = token.doc
    key = ("links by node", label, node, role)
    index = doc.user_data.get(key)
    if index is None:
        index = {}
        for match in (doc._.links or {}).get(label, ()):
            if node in match and role in match:
                index.setdefault(match[node], set()).add(match[role])
        doc.user_data[key] = index
    return [doc[i] for i in sorted(index.get(token.i, ()))]


def within(spans: SpanGroup, sent: Span) -> list[Span]:
    """The spans of a span group that lie in the sentence, in order (indexed by sentence once per group)."""
    doc = sent.doc
    key = ("spans by sentence", spans.name)
    size, by_start = doc.user_data.get(key, (-1, None))
    if size != len(spans):
        starts = doc.user_data.get("sentence starts")
        if starts is None:
            starts = doc.user_data["sentence starts"] = [s.start for s in doc.sents for _ in s]
        by_start = {}
        for s in spans:
            if len(s) and starts[s.start] == starts[s.end - 1]:
                by_start.setdefault(starts[s.start], []).append(s)
        doc.user_data[key] = (len(spans), by_start)
    return list(by_start.get(sent.start, ()))


class Mentions:
    """One sentence's mentions: `actors` and `issues` (spans of `doc.spans["actors"]` and `["issues"]`) and
    `cues` (of `doc.spans["cues"]`). Mentions added by the discourse go to the Doc too."""

    def __init__(self, sent: Span):
        doc = sent.doc
        self.sent = sent
        self.actors = within(doc.spans["actors"], sent)
        self.issues = within(doc.spans["issues"], sent)
        self.cues = within(doc.spans["cues"], sent)
        # what Token._.cues and Token._.actors hold, kept at hand: the rules ask for them at every step
        cues: dict[int, set[str]] = {}
        for c in self.cues:
            for i in range(c.start, c.end):
                cues.setdefault(i, set()).add(c.label_)
        self._cues = {i: frozenset(labels) for i, labels in cues.items()}
        self._index_actors()

    def _index_actors(self) -> None:
        self._actors: dict[int, tuple[Span, ...]] = {}
        for m in self.actors:
            for i in range(m.start, m.end):
                self._actors[i] = self._actors.get(i, ()) + (m,)

    def cue_labels_at(self, i: int) -> frozenset[str]:
        return self._cues.get(i, _NO_CUES)

    def actors_at(self, i: int) -> tuple[Span, ...]:
        return self._actors.get(i, ())

    def add_actor(self, mention: Span) -> None:
        """Add a mention the discourse found ("the coalition", a surname alone), to the Doc too."""
        self.actors = sorted(self.actors + [mention], key=lambda m: m.start)
        self._index_actors()
        doc = mention.doc
        doc.spans["actors"].append(mention)
        for i in range(mention.start, mention.end):
            doc[i]._.actors = self._actors[i]

    def replace_actor(self, old: Span, new: Span) -> None:
        """Put a mention the discourse resolved in place of one the sentence alone gave ("Leaders" of a group)."""
        key = (old.start, old.end, old.label_)
        doc = old.doc
        kept = [m for m in doc.spans["actors"] if (m.start, m.end, m.label_) != key]
        doc.spans["actors"] = kept
        self.actors = [m for m in self.actors if (m.start, m.end, m.label_) != key]
        for i in range(old.start, old.end):
            doc[i]._.actors = ()
        self.add_actor(new)

# ---------------------------------------------------------------------------------------------------- people

def person_values(actors: ActorData, person: str, day: dt.date | None, role: str = "") -> dict:
    """The extension values of a mention of `person` on `day`: person, stakeholder and role of the role they
    held (`role`, the title the text gives, when they held it; a speaking role before others). With no day,
    the person's latest role (`ActorData.roles_of`), and `undated_role` when that choice decides whom they speak
    for."""
    roles = actors.roles_of(person, day)
    titled = [r for r in (roles if day is not None else actors.roles_of_person(person)) if role and r.role == role]
    roles = titled or roles
    roles = sorted(roles, key=lambda r: _SPEAKING_ROLES_ORDER.index(r.role)
                   if r.role in _SPEAKING_ROLES_ORDER else len(_SPEAKING_ROLES_ORDER))
    values = {"person": person, "undated_role": day is None and not titled and actors.undated_choice(person)}
    if roles:
        values.update(stakeholder=roles[0].stakeholder, role=roles[0].role)
    return values


def fill_person(mention: Span, actors: ActorData, person: str, day: dt.date | None, role: str = "") -> None:
    """Make `mention` stand for `person` on `day`."""
    for name, value in person_values(actors, person, day, role).items():
        mention._.set(name, value)


# ---------------------------------------------------------------------------------------------------- actors

class ActorRecognizer:
    """The `stakeholder_actors` component: actor mentions per sentence, from names, titles, groups and pronouns
    (configured with the actor data and the lexicon)."""

    def __init__(self, nlp, name: str):
        self.name = name

    def configure(self, actors: ActorData, lexicon: Lexicon) -> None:
        self.actors = actors
        self._alias_people: dict[str, list[str]] = {}
        for person, names in actors.people().items():
            for w in names:
                self._alias_people.setdefault(w, []).append(person)
        self.local_heads = {w.lower() for w in lexicon.local_heads}
        self.group_heads: dict[str, set[tuple[str, ...]]] = {}  # head word -> the words before it ("farm unions")
        for phrase in lexicon.group_heads:
            *before, head = phrase.lower().split()
            self.group_heads.setdefault(head, set()).add(tuple(before))
        self.quantifiers = {w.lower() for w in lexicon.group_quantifiers}
        self.relational_groups = {w.lower() for w in lexicon.relational_groups}
        self.member_groups = {w.lower() for w in lexicon.member_groups}
        self.pronoun_kind = {w.lower(): kind for kind, words in lexicon.pronouns.items() for w in words}
        self.own_state_heads = {w.lower() for w in lexicon.own_state_heads}
        self.references: dict[str, set[str]] = {}  # "alliance" -> the organisations it can refer back to
        for actor in actors.actors.values():
            for word in actor.references:
                self.references.setdefault(word.lower(), set()).add(actor.id)
        self.shared_roles = set(lexicon.shared_roles)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        # "Under-Secretary-General": a title glued by a hyphen to a word before it is part of another title
        doc.spans["titles"] = [m for m in doc.spans["titles"] if not (
            m.start >= 2 and doc[m.start - 1].text == "-" and not doc[m.start - 1].whitespace_
            and not doc[m.start - 2].whitespace_)]
        for sent in doc.sents:
            found += self.sentence(sent, doc._.role_day)
        doc.spans["actors"] = found
        for m in found:
            for i in range(m.start, m.end):
                doc[i]._.actors = doc[i]._.actors + (m,)
        return doc

    def sentence(self, sent: Span, day: dt.date | None) -> list[Span]:
        """The actor mentions of one sentence, in order."""
        doc = sent.doc
        mentions: list[Span] = []
        for m in longest_first(within(doc.spans["names"], sent)):
            kind, key, how = read_name_label(m.label_)
            if kind == "person":
                if self._before_unknown_name(doc, m):
                    continue  # "<Alias> <Family>": the alias is someone else's given name
                if self._inside_unknown_name(doc, m) and all(
                        person.split()[0] == m.text or not _same_given_name(doc[m.start - 1].text, person.split()[0])
                        for person in self._alias_people.get(key, [])):
                    # "<Given> <Alias>" where the alias is the known person's first name (a family name put
                    # first, "<Family> <Given>") or the given name is another ("<Other> <Surname>", a namesake):
                    # someone else; a surname after another spelling of the given name ("<Variant> <Surname>")
                    # stays that person
                    continue
                mentions.append(self._person_mention(doc, m.start, m.end, key, day))
            elif kind == "region":
                mentions.append(new_mention(doc, m.start, m.end, "region", how="region"))
            elif kind == "group":  # a bloc the domain names ("the African Group"): a group, labelled by its name
                mentions.append(new_mention(doc, m.start, m.end, "group", how="named", members=[]))
            elif not (how == "place" and _dateline(m)):
                actor = self.actors.actors[key]
                mentions.append(new_mention(doc, m.start, m.end, actor.kind, stakeholder=key, how=how))
        mentions = self._compose_titles(sent, mentions, day)
        mentions += self._references(sent, mentions)
        mentions += self._groups(sent, mentions)
        mentions = self._members_only(mentions)
        covered = lambda i: any(m.start <= i < m.end for m in mentions)  # noqa: E731
        for t in sent:
            if t.lower_ in self.own_state_heads and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children) \
                    and not covered(t.i):
                owner = next(c for c in t.children if c.dep_ == "poss")
                kind = "we" if owner.lower_ in FIRST_PERSON else "person"
                mentions.append(new_mention(doc, owner.i, t.i + 1, "pronoun", how=kind,
                                            mention_text=f"{owner.text} {t.text}"))
                continue
            kind = self.pronoun_kind.get(t.lower_)
            if t.lower_ in FIRST_PERSON and t.pos_ == "PRON":
                kind = "we"
            if kind and t.pos_ == "PRON" and not covered(t.i):
                mentions.append(new_mention(doc, t.i, t.i + 1, "pronoun", how=kind))
        return sorted(mentions, key=lambda m: m.start)

    @staticmethod
    def _inside_unknown_name(doc: Doc, m: Span) -> bool:
        """A one-word alias right after a capitalised proper noun that no name match covers ("<Given> <Alias>")."""
        if len(m) != 1 or m.start == m.sent.start:
            return False
        return _unmatched_proper_noun(doc[m.start - 1])

    def _before_unknown_name(self, doc: Doc, m: Span) -> bool:
        """A one-word alias right before a capitalised proper noun that no name or title match covers, in a
        sentence not written in title case (a headline's "<Name> Warns ..."), and that is no group word ("<Name>
        Administration")."""
        if " " in m.text or m.end >= m.sent.end:  # one word, hyphenated or not
            return False
        after = doc[m.end]
        words = [t for t in m.sent if t.is_alpha]
        if sum(t.is_title for t in words) * 2 > len(words):
            return False
        return _unmatched_proper_noun(after) and after.lower_ not in self.group_heads \
            and after.lower_ not in self.own_state_heads

    def _person_mention(self, doc: Doc, start: int, end: int, alias: str, day: dt.date | None) -> Span:
        candidates = self._alias_people.get(alias, [])
        holding = [p for p in candidates if any(r.holds_on(day) for r in self.actors.roles_of(p, day))]
        person = (holding or candidates)[0] if len(holding or candidates) == 1 else ""
        if person:
            return new_mention(doc, start, end, "person", how="person", **person_values(self.actors, person, day))
        # an ambiguous alias: resolved from the article's earlier mentions
        return new_mention(doc, start, end, "person", how="person", candidates=list(candidates))

    def _compose_titles(self, sent: Span, mentions: list[Span], day: dt.date | None) -> list[Span]:
        """Join nationality + title + name ("<demonym> Foreign Minister <First> <Last>") into one mention; a title
        only one actor has (its `titles` in the actor files) is that actor's when the text names no other."""
        doc = sent.doc
        titles = [t for t in longest_first(within(doc.spans["titles"], sent))
                  if not any(m.start <= i < m.end for m in mentions for i in range(t.start, t.end))]
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        used: set[int] = set()
        out: list[Span] = []
        for t in titles:
            role, owner = read_title_label(t.label_)
            first = doc[t.start]
            if first.pos_ not in ("NOUN", "PROPN", "ADJ") and not first.is_title:
                continue
            if t.start > sent.start and doc[t.start - 1].lower_ in ("former", "ex", "late", "then"):
                continue
            start, end = t.start, t.end
            nationality, values = None, {"role": role, "how": "title"}
            left = by_end.get(t.start)
            if left is None and t.start - 1 >= sent.start and doc[t.start - 1].text in POSSESSIVE:
                left = by_end.get(t.start - 1)
            j = t.start
            while left is None and j > max(sent.start, t.start - 4) and doc[j - 1].dep_ in ("compound", "amod") \
                    and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
                j -= 1  # "<demonym> Foreign Ministry spokeswoman": the nationality before the institution
                k = j - 1 if j - 1 >= sent.start and doc[j - 1].text in POSSESSIVE else j  # "<state>'s health minister"
                left = by_end.get(k) if by_end.get(k) is not None and by_end[k].label_ in ("state", "organisation") \
                    else None
            if left is not None and left.label_ in ("state", "organisation"):
                nationality, start = left, left.start
            elif t.end < sent.end - 1 and doc[t.end].lower_ in ("of", "for") and (t.end + 1) in by_start \
                    and by_start[t.end + 1].label_ in ("state", "organisation"):
                nationality = by_start[t.end + 1]
                end = nationality.end
                # "the foreign ministers of X and Y": each state's
                others = [m for c in nationality.root.conjuncts for m in mentions if m.start <= c.i < m.end
                          and m.label_ in ("state", "organisation") and m is not nationality]
                if others:
                    values["members"] = others
            elif t.end < sent.end - 1 and doc[t.end].lower_ in ("of", "for") and doc[t.end].head.i in range(t.start, t.end):
                # "a spokesman for the <demonym> foreign ministry": the institution's state, the phrase its own
                inside = [m for m in mentions if m.label_ in ("state", "organisation")
                          and doc[t.end].i < m.start and m.end <= doc[t.end].right_edge.i + 1]
                if len(inside) == 1:
                    nationality, end = inside[0], doc[t.end].right_edge.i + 1
            whose = nationality._.stakeholder if nationality is not None else owner
            if nationality is None and t.start - 1 > sent.start and doc[t.start - 1].text in POSSESSIVE:
                # "the <state> President's special envoy", "<leader>'s spokesman": the office of that one's state
                boss = by_end.get(t.start - 1) or next((m for m in out if m.end == t.start - 1), None)
                if boss is not None and boss.label_ in ("person", "title") and boss._.stakeholder:
                    whose = boss._.stakeholder
            person = by_start.get(t.end)
            if person is None and t.end < sent.end - 1 and doc[t.end].text == ",":
                nxt = by_start.get(t.end + 1)
                person = nxt if nxt is not None and nxt.label_ == "person" and self._apposed(nxt, t, whose) else None
            kind = "title"
            if person is not None and person.label_ == "person":
                used.add(id(person))
                kind, end = "person", person.end
                if person._.person:
                    values.update(person_values(self.actors, person._.person, day, role))
                    if whose and values.get("stakeholder", "") != whose:
                        values["stakeholder"] = whose  # the text says whose role it is
                    values["role"] = role if role != "minister" else values.get("role") or role
                else:
                    values.update(candidates=person._.candidates, role=role,
                                  stakeholder=whose)
            else:
                name_start = t.end
                name_end = self._unknown_name_end(sent, t.end, mentions)
                if name_end == t.end and t.end < sent.end - 1 and doc[t.end].text == ",":
                    # "<state>'s foreign minister, <First> <Last>, said": a name in apposition (the `apposition`
                    # patterns of data/attribution.yaml)
                    after = self._unknown_name_end(sent, t.end + 1, mentions)
                    if any(t.end + 1 <= link["name"].i < after
                           for link in links(doc[t.end - 1], "apposition", title=doc[t.end - 1])):
                        name_start, name_end = t.end + 1, after
                if name_end > t.end:
                    kind, end = "person", name_end
                    values.update(person=doc[name_start:name_end].text, in_roles=False)
                if whose:
                    values["stakeholder"] = whose
                    if values.get("in_roles", True) and role not in self.shared_roles:  # a spokesperson: which one?
                        holder = self.actors.holder(whose, role, day)
                        if holder is not None:
                            values["person"] = holder.person
            if nationality is not None:
                used.add(id(nationality))
            out.append(new_mention(doc, start, end, kind, **values))
        return sorted([m for m in mentions if id(m) not in used] + out, key=lambda m: m.start)

    def _apposed(self, person: Span, title: Span, whose: str) -> bool:
        """A known person after "<title>," is that title's holder: the parse sets the name beside the title, or
        the person holds a role of the title's actor ("..., with the <demonym> president, <Name> proposed":
        <Name> starts a clause of its own)."""
        if person.root.dep_ == "appos" or person.root.head.i in range(title.start, title.end):
            return True
        return bool(whose) and any(r.stakeholder == whose for r in self.actors.roles_of_person(person._.person))

    @staticmethod
    def _unknown_name_end(sent: Span, i: int, mentions: list[Span]) -> int:
        """End of a capitalised personal name starting at token i that no data file knows (else i): two to four
        proper nouns ("<First> <Last>"), or one that is the subject or an apposition ("<Title> <Last> said")."""
        doc, j = sent.doc, i
        while j < sent.end and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and doc[j].is_alpha and not doc[j].lower_ in _CALENDAR \
                and not any(m.start <= j < m.end for m in mentions):
            j += 1
        if j - i >= 2 or (j - i == 1 and doc[i].dep_ in ("nsubj", "nsubjpass", "appos", "compound")):
            return j
        return i

    def _references(self, sent: Span, mentions: list[Span]) -> list[Span]:
        """"The alliance", "the bloc" (an organisation's `references`, actor files): the organisation named last
        before it in the article, when one of those it may stand for was named; with a modifier of its own ("a new
        alliance", "the military alliance of X") it is some other."""
        if not self.references:
            return []
        doc, out = sent.doc, []
        for t in sent:
            ids = self.references.get(t.lower_)
            if not ids or t.dep_ == "compound" or any(m.start <= t.i < m.end for m in mentions):
                continue
            left = [c for c in t.children if c.i < t.i]
            if [c.lower_ for c in left] != ["the"] or any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
                continue
            named = [key for n in doc.spans["names"] if n.end <= t.i
                     for key in [read_name_label(n.label_)[1]] if key in ids]
            if named:
                out.append(new_mention(doc, left[0].i, t.i + 1, "organisation", stakeholder=named[-1], how="reference"))
        return out

    def _members_only(self, mentions: list[Span]) -> list[Span]:
        """Organisations named only to say whose members a group is ("<org> and [<org>] member states", however the
        parser attached them; "the members of <org>") become places, never holders."""
        by_end = {m.end: m for m in mentions if m.label_ == "organisation"}
        out = list(mentions)
        for g in (m for m in mentions if m.label_ == "group" and m.root.lower_ in self.member_groups):
            i = g.start
            while i > g.sent.start:
                if i in by_end:
                    org = by_end[i]
                    out = [new_mention(g.doc, org.start, org.end, "region", how="members", stakeholder="")
                           if m is org else m for m in out]
                    i = org.start
                elif g.doc[i - 1].lower_ in ("and", ",", "[", "]", "(", ")", "or", "member"):
                    i -= 1
                else:
                    break
        for org in [m for m in out if m.label_ == "organisation"]:  # "the permanent members of the <org>"
            prep = org.root.head
            if org.root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in self.member_groups:
                out = [new_mention(org.doc, org.start, org.end, "region", how="members", stakeholder="")
                       if m is org else m for m in out]
        return out

    def _groups(self, sent: Span, mentions: list[Span]) -> list[Span]:
        """Unnamed groups ("many officials") and states speaking through officials ("<demonym> officials")."""
        doc = sent.doc
        out = []
        for t in sent:
            if not self._group_head(t):
                continue
            # "those willing to X", "those who back X": a pronoun head described by what follows
            described = t.pos_ in ("PRON", "DET") and any(
                c.dep_ in ("acl", "relcl", "amod") and c.i > t.i
                and not any(a.dep_ == "agent" for a in c.children)  # "those edited by X": things done to
                for c in t.children)
            if not described and (t.pos_ not in ("NOUN", "PROPN") or t.tag_ not in ("NNS", "NNPS", "NN")
                                  and not (t.tag_ == "NNP" and t.lower_ in self.own_state_heads)):
                continue
            if any(m.start <= t.i < m.end for m in mentions):
                continue
            left = [c for c in t.lefts if c.dep_ not in ("prep", "punct")]  # a phrase misattached before it is not
            span_start = min([c.left_edge.i for c in left] + [t.i])          # part of the group
            modifier = next((m for m in mentions if span_start <= m.start and m.end <= t.i
                             and (m.label_ in ("state", "organisation") or m.label_ == "person" and m._.stakeholder
                                  and t.lower_ in self.own_state_heads)), None)  # "the <leader> administration"
            if modifier is not None and (modifier.label_ == "organisation" and t.lower_ in self.member_groups
                                         or t.lower_ in self.relational_groups and modifier.root.dep_ == "poss"):
                modifier = None  # "<organisation> member states", "<state>'s allies": others, a group
            if modifier is not None:
                out.append(new_mention(doc, span_start, t.i + 1, "state" if modifier.label_ == "person" else
                                       modifier.label_, stakeholder=modifier._.stakeholder, how="officials"))
                mentions = [m for m in mentions if m is not modifier]
                continue
            # "a member of <organisation>" is no official of it: one of its members; "allies of <state>" are others
            origin = None if t.lemma_.lower() + "s" in self.member_groups or t.lower_ in self.member_groups \
                or t.lower_ in self.relational_groups else self._origin(sent, t, mentions)
            if origin is not None:  # "delegates from <organisation>", "In <capital>, officials said"
                # "the leaders of X, Y and Z": the officials of each (a list the parser read as "X, [Y, Z]" too)
                listed = [origin.root] + [c for c in origin.root.children if c.dep_ == "appos"]
                named = {x.i for c in listed for x in (c, *c.conjuncts)} - {origin.root.i}
                more = [m for m in mentions if any(m.start <= i < m.end for i in named)
                        and m.label_ in ("state", "organisation") and m is not origin]
                out.append(new_mention(doc, span_start, t.i + 1, origin.label_, stakeholder=origin._.stakeholder,
                                       how="officials", members=more))
                continue
            quantified = any(c.lower_ in self.quantifiers or c.like_num for c in left) or \
                self._quantified_by_of(t)
            bare_plural = (t.tag_ in ("NNS", "NNPS") or described) and not any(
                c.dep_ == "det" or c.dep_ == "poss" and t.lower_ not in self.relational_groups for c in left)
            if not (quantified or bare_plural):
                continue
            label_end = t.i + 1
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ in ("in", "from", "at", "of") and c.right_edge.i - t.i < 6:
                    label_end = c.right_edge.i + 1
                elif described and c.dep_ in ("amod", "acl", "relcl"):
                    label_end = max(label_end, c.i + 1)  # "those willing", "those who"
            start = span_start
            if self._quantified_by_of(t):
                start = t.head.head.left_edge.i
            members = []
            for c in t.rights:
                if c.dep_ == "prep" and (c.lower_ in ("including", "like", "such")
                                         or c.lower_ == "as" and any(g.lower_ == "such" for g in c.children)):
                    members = [m for m in mentions if m.label_ in ("state", "organisation")
                               and c.i < m.start <= c.right_edge.i]
            out.append(new_mention(doc, start, t.i + 1, "group", how="group", members=members,
                                   mention_text=doc[start:label_end].text))
        return out

    def _group_head(self, t: Token) -> bool:
        """Whether the token ends a group word of the lexicon ("officials"; "unions" of "farm unions" after
        "farm")."""
        doc = t.doc
        return any(t.i >= len(before) and all(doc[t.i - len(before) + k].lower_ == w for k, w in enumerate(before))
                   for before in self.group_heads.get(t.lower_, ()))

    def _origin(self, sent: Span, head: Token, mentions: list[Span]) -> Span | None:
        """The actor a group of officials comes from (the `origin` patterns: "delegates from X"), or, for local
        officials, the capital they speak in (the `place` patterns: "officials in <capital>", "In <capital>,
        officials said"), nearest preposition of the group's own first."""
        def actor_at(t: Token) -> Span | None:
            return next((m for m in mentions if m.start <= t.i < m.end and m.label_ in ("state", "organisation")),
                        None)

        def order(link: dict[str, Token], place: str) -> tuple:
            prep = link.get("prep")
            return (prep is None or prep.head != head, prep.i if prep is not None else 0, link[place].i)
        if head.lower_ in self.member_groups:
            return None  # "the members of <org>" are states of their own, not the organisation
        for link in sorted(links(head, "origin", group=head), key=lambda link: order(link, "origin")):
            if actor_at(link["origin"]) is not None:
                return actor_at(link["origin"])
        if head.lower_ not in self.local_heads:
            return None
        for link in sorted(links(head, "place", group=head), key=lambda link: order(link, "place")):
            m = actor_at(link["place"])
            if m is not None and m._.how == "place":
                return m
        return None

    def _quantified_by_of(self, t: Token) -> bool:
        """'a number of countries', 'dozens of officials': the quantifier heads the phrase."""
        head = t.head
        return t.dep_ == "pobj" and head.lower_ == "of" and \
            (head.head.lower_ in self.quantifiers or f"{head.head.lower_} of" in self.quantifiers
             or f"a {head.head.lower_} of" in self.quantifiers)


def _dateline(m: Span) -> bool:
    """A place opening a sentence before a colon, the verb after it with a named subject of its own ("<City>:
    <Name> said ..."): where the report was filed, not who speaks."""
    doc, root = m.doc, m.root
    return m.start == m.sent.start and m.end < len(doc) and doc[m.end].text == ":" \
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > m.end and c.pos_ in ("PROPN", "PRON")
                for c in root.head.children)


def _unmatched_proper_noun(t: Token) -> bool:
    """A capitalised proper noun that no name or title match covers: part of a name the actor files do not know."""
    doc = t.doc
    return t.pos_ == "PROPN" and t.is_title and t.is_alpha \
        and not any(n.start <= t.i < n.end for n in (*doc.spans["names"], *doc.spans["titles"]))


def _same_given_name(written: str, known: str) -> bool:
    """Whether a given name written before a known surname is the known person's, in another spelling
    ("<Variant> <Surname>"), not a namesake's: the same first letter and mostly the same letters."""
    a, b = written.lower(), known.lower()
    return a[:1] == b[:1] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.5
