"""Extraction of one article into rows of the `statements`, `events` and `new_people` tables.

`Extractor.article(article)` is the entry point (`analysis.runs.runner` runs it over a corpus). Per article it
splits paragraphs into sentences, parses those the pre-filter keeps (prefilter.py) and stitches them into one
spaCy Doc on which the pipeline's components recognise actors, issues, cues and attributions (nlp.py); then,
sentence by sentence with the article's discourse (discourse.py), it applies the path rules (statements.py) and
the event rules (events.py), dates everything against the publication day (the dates package), and returns rows
with their provenance: file, article id, evidence sentence, character offsets in the clean text, codebook
version.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .actors import ActorData, load_actors
from .codebook import Codebook, load_codebook
from ..io.contract import ArticleRow, EventRow, StatementRow, as_dict, statement_id
from ..io.datafiles import files_digest
from .dates import DateSpan, date_of, latest_day_named
from .events import EventFinder
from ..io.ingest import Article
from .nlp import RULE_NAMES, build_pipeline, load_tokenizer, stitch
from .prefilter import SentenceFilter
from .qualifiers import quantity
from .recognition import QUOTES, Mentions, quotation_left_open
from .attribution import Holder
from .discourse import Discourse, DiscourseResolver, turn_label
from .statements import Statement, StatementFinder

if TYPE_CHECKING:  # spaCy is imported on first use (a run served from the cache needs none)
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# A dateline opening a paragraph: "CITY (Agency) —", "City, Month D:", "CITY, Country —".
DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Ý][\w'’.À-ÿ-]*(?: [A-ZÀ-Ý][\w'’.À-ÿ-]*){0,3}(?:, [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})??)"
    r"(?P<date>,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?:,? \d{4})?)?"
    r"(?: ?\([^)]{1,40}\))? ?(?:—|–|-{1,2}|:) ?")


QUOTATION_REACH = 4  # the sentences a quotation may run on before the one that says whose it is
_PRONOUN = re.compile(r"\b(he|she|they|his|her|their|we|its)\b", re.I)


@dataclass
class ArticleResult:
    article: Article
    statements: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    new_people: list[dict] = field(default_factory=list)


def split_dateline(paragraph: str) -> tuple[int, str]:
    """Length of a dateline opening the paragraph (0 when none) and its date text."""
    m = DATELINE.match(paragraph)
    if not m or len(m.group(0)) > 70:
        return 0, ""
    place = m.group("place")
    if m.group(0).rstrip().endswith(":") and not m.group("date"):
        return 0, ""  # "Note:" or a speaker's label, not a dateline
    if not (place.split(",")[0].isupper() or m.group("date")):
        return 0, ""
    return m.end(), (m.group("date") or "").strip(" ,")


# A longer "sentence" (a text without full stops) is read in pieces of this many tokens: the rules' work grows
# faster than a sentence's length, and no sentence of the real-news sets is a third as long.
MAX_SENTENCE_TOKENS = 200

# A paragraph that breaks off a sentence: a transcript's line ending with a comma, a dash or an ellipsis.
_DEFINITE = re.compile(r"\W*the (\w+)\b", re.I)
_WORDS = re.compile(r"\w+")
_AUTHOR_NOTE = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} is ")
_CONTINUES = re.compile(r"(?:,|–|—|-|…|\.\.\.)\s*$")


def sentence_pieces(article: Article, tokenizer) -> Iterator[tuple[int, Span, str, bool]]:
    """The article's sentences as the rule-based sentencizer (`tokenizer`) splits them, before any parse:
    (offset in the clean text, tokenized sentence, the date of a dateline the sentence follows, whether it is
    the lead: the first sentence after the headline). A dateline opening a paragraph is cut off. A paragraph
    after the headline that breaks off with a comma, a dash or an ellipsis goes on in the next one (speeches
    printed a phrase a line): the two are read as one stretch of the clean text."""
    blocks: list[tuple[int, str, int]] = []  # (offset, text, number of its first paragraph)
    spans = list(article.paragraph_spans())
    for p, (offset, paragraph) in enumerate(spans):
        if blocks and p > 1 and _CONTINUES.search(spans[p - 1][1]):
            start, text, first = blocks[-1]
            blocks[-1] = (start, article.text[start:offset + len(paragraph)], first)
        else:
            blocks.append((offset, paragraph, p))
    for offset, text, first in blocks:
        cut, date_text = split_dateline(text)
        for n, sent in enumerate(tokenizer(text[cut:]).sents):
            for k in range(sent.start, sent.end, MAX_SENTENCE_TOKENS):
                part = sent.doc[k:min(k + MAX_SENTENCE_TOKENS, sent.end)]
                if part.text.strip():
                    yield (offset + cut + part.start_char, part, date_text if n == 0 and k == sent.start else "",
                           first == 1 and n == 0 and k == sent.start)



def role_day(article: Article) -> dt.date | None:
    """The day whose roles the article's people hold: its publication day, else the latest day its own text
    names (`dates.latest_day_named`), else None (each person's latest role, marked `undated_role`)."""
    return article.published or latest_day_named(article.paragraphs)


class Extractor:
    """Everything a run needs, built once: codebook, actor data, parser, rules."""

    def __init__(self, codebook: Codebook | None = None, actors: ActorData | None = None):
        self.codebook = codebook or load_codebook()
        self.actors = actors or load_actors(shared_roles=self.codebook.lexicon.shared_roles)
        self.codebook.check_stakeholders(set(self.actors.actors))
        self.version = files_digest([self.codebook.path, *self.codebook.lexicon.files, *self.actors.files])

    def warm(self) -> "Extractor":
        """Build the pipeline and every rule now (before forking workers, which then share them)."""
        self.parse(Article(file="", paragraphs=["Warm up."]))
        self.statement_finder, self.event_finder, self.resolver
        return self

    # The parser and the rules are built on first use: a run whose articles all come from the cache needs none.
    @cached_property
    def nlp(self) -> Language:
        """The extraction's spaCy pipeline: the model's parse, then the rule components (nlp.RULE_COMPONENTS)."""
        return build_pipeline(self.codebook, self.actors)

    @cached_property
    def statement_finder(self) -> StatementFinder:
        return StatementFinder(self.codebook, self.actors)

    @cached_property
    def resolver(self) -> DiscourseResolver:
        return DiscourseResolver(self.actors, self.nlp.get_pipe("stakeholder_issues"), self.codebook.lexicon)

    @cached_property
    def event_finder(self) -> EventFinder:
        return EventFinder(self.codebook, self.statement_finder)

    @cached_property
    def tokenizer(self) -> Language:
        """Tokenizer and rule-based sentencizer sharing the parser's vocabulary (the name matcher runs on it)."""
        return load_tokenizer(self.nlp.vocab)

    @cached_property
    def sentence_filter(self) -> SentenceFilter:
        return SentenceFilter(self.codebook, self.actors, self.nlp.get_pipe("stakeholder_names"))

    # ------------------------------------------------------------------ one article

    def parse(self, article: Article) -> Doc:
        """The article as one spaCy Doc (see `parse_many`)."""
        return next(self.parse_many([article]))

    def parse_many(self, articles: list[Article]) -> Iterator[Doc]:
        """Each article as one spaCy Doc: the sentences worth parsing, each parsed on its own (those of all the
        articles in one `nlp.pipe`, so the model works in full batches) and stitched together in reading order
        (`Doc.from_docs`), then run through the rule components, so the rules and the discourse see the whole
        article.

        Paragraphs are split into sentences by spaCy's rule-based sentencizer; only the sentences the cheap filter
        passes (and the sentence before one that uses a pronoun, for its antecedent) are parsed. Each parsed
        piece is a span of `doc.spans["pieces"]` whose `._.offset` is its place in the article's clean text,
        `._.dateline` the date of a dateline it follows and `._.lead` whether it opens the article."""
        chosen = [self._pieces_to_parse(article) for article in articles]
        parsed = self.nlp.pipe([text for pieces in chosen for _, text, _, _ in pieces], batch_size=256,
                               disable=RULE_NAMES)
        rules = [component for name, component in self.nlp.pipeline if name in RULE_NAMES]
        for article, pieces in zip(articles, chosen):
            docs = [next(parsed) for _ in pieces]
            doc = stitch(self.nlp.vocab, docs, [(offset, dateline, lead) for offset, _, dateline, lead in pieces],
                         role_day(article))
            for component in rules:
                doc = component(doc)
            yield doc

    def _pieces_to_parse(self, article: Article) -> list[tuple[int, str, str, bool]]:
        """(offset in the clean text, text, dateline date text, lead) of the article's sentences to parse."""
        if article.skipped:
            return []
        pieces, opener, inside = [], [], False  # opener: the piece that opened the quotation or list a piece is in
        cut, turns, turn = 0, [], ""
        for offset, sent, dateline, lead in sentence_pieces(article, self.tokenizer):
            cut += sent.start == sent.sent.start and sent.end < sent.sent.end
            text = sent.text.rstrip()
            turns.append(turn_label(text, self.resolver.question_labels, self.resolver.answer_labels))
            turn = turns[-1] or turn
            # the rest of a quotation or a list opened before, or of an interview's answer
            goes_on = inside and text[:1] not in QUOTES or turn == "answer"
            pieces.append((offset, text, dateline, lead,
                           self.sentence_filter.needs_parse(sent, lead or bool(dateline), goes_on,
                                                            bool(pieces) and pieces[-1][4])))
            opener.append(opener[-1] if goes_on else None)
            if not inside and (quotation_left_open(text, False) or text.endswith(":")):
                opener[-1] = len(pieces) - 1
            inside = quotation_left_open(text, inside) or text.endswith(":")
        if cut:
            article.problems.append(f"{cut} sentence(s) longer than {MAX_SENTENCE_TOKENS} words (no full stop) read "
                                    f"in pieces of {MAX_SENTENCE_TOKENS} words")
        wanted = [piece[4] for piece in pieces]
        if pieces and any(wanted) and {w.lower() for w in _WORDS.findall(pieces[0][1])} & self.resolver.text_nouns:
            wanted[0] = True  # a headline naming a text ("Joint statement by ..."): it names the text's authors
        for k in range(max(0, len(pieces) - 3), len(pieces)):
            if any(wanted) and _AUTHOR_NOTE.match(pieces[k][1]):
                wanted[k] = True  # "<First> <Last> is ...": an op-ed's note on its author at its end
        if "answer" in turns:  # an interview: its turns, and the introduction that names whom it interviews
            first_question = turns.index("question") if "question" in turns else 0
            wanted = [keep or bool(label) or k < first_question for k, (keep, label) in enumerate(zip(wanted, turns))]
        last_of = {o: k for k, o in enumerate(opener) if o is not None}  # the piece that closes each quotation
        for k, o in enumerate(opener):
            if wanted[k] and o is not None:
                wanted[last_of[o]] = True  # whose the quotation is, said where it closes
        for k in range(1, len(pieces)):
            if wanted[k] and not wanted[k - 1] and self._definite(pieces[k][1]):
                wanted[k - 1] = True  # the antecedent of "The group ..."
            if wanted[k] and opener[k] is not None and opener[k] != k:
                wanted[opener[k]] = True  # who opened the quotation or the list
        for k in range(len(pieces) - 1, 0, -1):  # the antecedent of a pronoun, back to the name when its sentence
            # uses one again ("X said ... . To do this, he ... . Secondly, he ...")
            if wanted[k] and not wanted[k - 1] and _PRONOUN.search(pieces[k][1]):
                wanted[k - 1] = True
        return [piece[:4] for piece, keep in zip(pieces, wanted) if keep]

    @cached_property
    def _definite_heads(self) -> frozenset[str]:
        lex = self.codebook.lexicon
        org_words = [name.split()[-1] for a in self.actors.actors.values() if a.kind == "organisation"
                     for name in a.names if " " in name]  # "the coalition", "the group"
        return frozenset(w.lower() for w in lex.group_heads + lex.own_state_heads + org_words if " " not in w)

    def _definite(self, text: str) -> bool:
        """The piece opens with a definite reference to an actor named before ("The group wants ...")."""
        found = _DEFINITE.match(text)
        return bool(found) and found.group(1).lower() in self._definite_heads

    def sentences(self, doc: Doc) -> Iterator[tuple[int, Span, str, bool]]:
        """(offset to add to a sentence's `start_char` for its place in the clean text, parsed sentence, dateline
        date text, whether it is the lead), in reading order."""
        for piece in doc.spans["pieces"]:
            offset = piece._.offset - piece.start_char
            for n, sent in enumerate(piece.sents):
                yield offset, sent, piece._.dateline if n == 0 else "", piece._.lead and n == 0

    def articles(self, articles: list[Article]) -> Iterator[ArticleResult]:
        """The results of several articles, in order, their sentences parsed together (`parse_many`)."""
        for article, doc in zip(articles, self.parse_many(articles)):
            yield self.article(article, doc)

    def article(self, article: Article, doc: Doc | None = None, trace: list | None = None) -> ArticleResult:
        """The statements, events and new people of one article (`doc`: the article already parsed). With a
        `trace` list, each statement the rules found is appended to it as (Statement, its row, the row that
        stands for it in the result: itself, or the earlier one it was merged into), for `explain`."""
        result = ArticleResult(article)
        if article.skipped:
            return result
        disc = Discourse(role_day(article), home=self.actors.named_in(article.source))
        seen_sentences: set[str] = set()
        keys: dict[tuple, dict] = {}
        previous: list[dict] = []  # the rows of the sentence before
        before: list = []  # its statements
        sentences = list(self.sentences(doc if doc is not None else self.parse(article)))
        self.resolver.closing_note([sent for _, sent, _, _ in sentences[-3:]], disc)  # an op-ed's author at its end
        for k, (offset, sent, dateline, lead) in enumerate(sentences):
            norm = " ".join(sent.text.lower().split())
            repeated = norm in seen_sentences
            seen_sentences.add(norm)
            mentions = Mentions(sent)
            self.resolver.resolve(sent, mentions, disc)
            self.resolver.unknown_surnames(sent, mentions, disc)
            self.resolver.take_turn(sent, mentions, disc)
            self.resolver.author_note(sent, mentions, disc)
            self.resolver.plural_references(sent, mentions, disc)
            ahead = self._quotation_speakers(sentences, k)
            if ahead:  # "<quote, sentence one>. <sentence two>," said X: the first is X's too
                disc.speaker = ahead
            asked = sent.text.rstrip().rstrip("\"'”’)").endswith("?")  # a question asserts nothing
            found = [] if repeated or asked else self.statement_finder.statements(sent, mentions, disc)
            if not found and before:  # "<X> took the same line"
                found = self.statement_finder.shared(sent, mentions, disc, before)
            before = found
            if not found and previous:
                for row in self._preconditioned(previous, mentions):
                    # "We are ready to send troops. First, a ceasefire must be established."
                    row["conditional"], row["condition"] = True, sent.text.strip()
                for issue_id, number in self._sized(mentions):
                    for row in previous:  # "X backs a plan for a force. The plan involves 30,000 troops."
                        if row["issue_id"] == issue_id and row["stance"] == "support" and row["quantity"] is None:
                            row["quantity"] = number
            previous = []
            for st in found:
                row = self._statement_row(article, st, offset, dateline)
                key = (row["stakeholder_id"] or row["group_label"].lower(), row["issue_id"], row["stance"],
                       row["char_start"])
                if key not in keys:
                    keys[key] = row
                    result.statements.append(row)
                    previous.append(row)
                else:
                    _merge_duplicate(keys[key], row)
                if trace is not None:
                    trace.append((st, row, keys[key]))
                if not st.holder.in_roles and st.holder.person:
                    result.new_people.append({"person": st.holder.person, "role": st.holder.role,
                                              "stakeholder": st.holder.stakeholder, "file": article.file,
                                              "evidence": sent.text})
            if not repeated:
                for ev in self.event_finder.events(sent, mentions, disc, lead or bool(dateline)):
                    row = self._event_row(article, ev, offset, dateline)
                    if row["date_basis"] == "text" or ev.lead:
                        result.events.append(row)
            self.resolver.remember(sent, mentions, found, disc, self.statement_finder.attribution.mentions_for)
            if lead:
                self._headline_said_by_lead(result.statements, len(article.title), sent, disc, article, dateline)
        result.statements = _drop_bare_contradictions(_drop_bare_neutrals(
            _drop_headline_repeats(result.statements, len(article.title))))
        result.new_people = list({(p["person"], p["stakeholder"]): p for p in result.new_people}.values())
        result.events = self.event_finder.merge(result.events)
        return result

    def _quotation_speakers(self, sentences: list[tuple[int, Span, str, bool]], k: int) -> list[Span]:
        """When sentence k opens a quotation that a later sentence closes (within a few), the named speakers of
        that closing sentence's speech verb."""
        text = sentences[k][1].text.strip()
        if text[:1] not in QUOTES or not quotation_left_open(text, False):
            return []
        inside = True
        for _, later, _, _ in sentences[k + 1:k + 1 + QUOTATION_REACH]:
            inside = quotation_left_open(later.text.strip(), inside)
            if not inside:
                return self.statement_finder.attribution.named_speakers(later)
        return []

    def _headline_said_by_lead(self, rows: list[dict], title_length: int, lead: Span, disc: Discourse,
                               article: Article, dateline: str) -> None:
        """A headline's statement with no speaker, whose holder the lead's speaker speaks for, takes that speaker
        and the time the lead gives ("<state> will not send troops" over "..., Prime Minister <Name> said on
        Monday"): the headline sums up what the lead reports."""
        people = [m for m in disc.speaker if m.label_ in ("person", "title") and m._.person and m._.stakeholder
                  and m.sent.start == lead.start]
        for row in rows:
            if row["char_start"] >= title_length or row["speaker_name"] or row["speaker_role"]:
                continue
            who = next((m for m in people if m._.stakeholder == row["stakeholder_id"]), None)
            if who is None:
                continue
            h = self.statement_finder.attribution.holder(who, "lead")
            row.update(speaker_name=h.person, speaker_role=h.role, speaker_kind=h.kind, speaker_text=h.text,
                       speaker_in_roles=h.in_roles)
            date = self.date_of(lead, [who.root.head.i], article.published, dateline)
            if date.basis == "text" and row["date_basis"] != "text":
                row.update(_date_columns(date), date_text=date.text)

    @staticmethod
    def _sized(mentions: Mentions) -> list[tuple[str, int]]:
        """(issue, number) of a sentence that gives the size of what the sentence before proposed, with that
        proposal as its subject ("The plan involves 30,000 troops", "Such a force would number 20,000 soldiers");
        a number said of an actor ("<state> has 600,000 troops") is a stock, no size of anything proposed."""
        subjects = [m for m in mentions.issues if m.root.dep_ in ("nsubj", "nsubjpass") and m.root.head.dep_ == "ROOT"]
        if not subjects:
            return []
        found = []
        for m in mentions.issues:
            number = quantity(m.root) if m not in subjects and m._.issue_id else None
            if number is not None and any(s._.issue_id == m._.issue_id for s in subjects):
                found.append((m._.issue_id, number))
        return found

    def _preconditioned(self, previous: list[dict], mentions: Mentions) -> list[dict]:
        """The unconditional supports of the sentence before that this sentence makes conditional: it states what
        must come first, with no actor of its own as subject (it goes on with the speaker before), or with the
        speaker before as its subject ("She stressed that a lasting peace must be established in the first
        place"); or a condition on the text proposed before, its subject ("The draft would take effect only once
        a ceasefire holds")."""
        root = mentions.sent.root
        texts = [s for s in root.children if s.dep_ in ("nsubj", "nsubjpass")
                 and {t.lemma_.lower() for t in s.subtree if t.i <= s.i} & self.statement_finder.rules.documents]
        on_text = bool(texts) and any(c.label_ == "conditional" and c.start > texts[0].right_edge.i
                                      for c in mentions.cues)
        if not on_text and not any(c.label_ == "precondition" for c in mentions.cues):
            return []
        subjects = [m for m in mentions.actors if m.label_ in ("state", "organisation", "person", "title", "group")
                    and m.root.dep_ in ("nsubj", "nsubjpass")]
        return [row for row in previous if row["stance"] == "support" and not row["conditional"]
                and all(m._.person and m._.person == row["speaker_name"] for m in subjects)]

    # ------------------------------------------------------------------ dates and rows

    def date_of(self, sent: Span, anchor_tokens: Iterable[int], published: dt.date | None,
                dateline: str = "", deadlines: bool = True) -> DateSpan:
        """The time of the statement or event (dates.anchor.date_of with the codebook's event nouns; an event is
        not dated by a deadline)."""
        return date_of(sent, anchor_tokens, published, dateline, self.event_finder.event_nouns, deadlines)

    def _statement_row(self, article: Article, st: Statement, offset: int, dateline: str) -> dict:
        sent = st.sentence
        anchors = [i for i in st.path_tokens]
        date = self.date_of(sent, anchors, article.published, dateline)
        h: Holder = st.holder
        start, text = offset + sent.start_char, sent.text
        row = StatementRow(
            file=article.file, article_id=article.article_id, stakeholder_id=h.stakeholder,
            speaker_name=h.person, speaker_role=h.role, speaker_kind=h.kind,
            group_label=h.group_label, issue_id=st.issue_id, stance=st.stance,
            conditional=st.conditional, constrained=st.constrained, condition=st.condition,
            quantity=st.quantity, **_date_columns(date), evidence=text, char_start=start,
            char_end=start + len(text), confidence=st.confidence, codebook_version=self.version,
            statement_id="", speaker_text=h.text, speaker_in_roles=h.in_roles if h.person else True,
            issue_text=st.issue_text, stance_cue=st.stance_cue, date_text=date.text,
            published=article.published.isoformat() if article.published else "",
        )
        row.statement_id = statement_id(row)
        return as_dict(row)

    def _event_row(self, article: Article, ev, offset: int, dateline: str) -> dict:
        sent = ev.sentence
        date = self.date_of(sent, ev.anchors, article.published, dateline, deadlines=False)
        start, text = offset + sent.start_char, sent.text
        return as_dict(EventRow(
            file=article.file, article_id=article.article_id, event_id="",
            **_date_columns(date), description=ev.description, actors=";".join(ev.actors),
            issue_ids=";".join(ev.issue_ids), evidence=text, char_start=start,
            char_end=start + len(text), kind=ev.kind, date_text=date.text,
            codebook_version=self.version,
        ))


def _drop_headline_repeats(rows: list[dict], title_length: int) -> list[dict]:
    """A headline's statement that the article states again (the lead repeats the headline) counts once: the
    body's row is kept, with the headline's speaker when it names none ("..., says foreign minister")."""
    def key(r: dict) -> tuple:
        return r["stakeholder_id"] or r["group_label"].lower(), r["issue_id"], r["stance"]
    body = [r for r in rows if r["char_start"] >= title_length]
    kept = []
    for r in rows:
        again = next((b for b in body if key(b) == key(r)), None) if r["char_start"] < title_length else None
        if again is None:
            kept.append(r)
        elif not again["speaker_name"] and not again["speaker_role"] and (r["speaker_name"] or r["speaker_role"]):
            for col in ("speaker_name", "speaker_role", "speaker_kind", "speaker_text", "speaker_in_roles"):
                again[col] = r[col]
    return kept


def _drop_bare_neutrals(rows: list[dict]) -> list[dict]:
    """A neutral statement with no cue of its own ("X said the plan was a compromise") says nothing once the
    article shows the same holder for or against the issue elsewhere."""
    polar = {(r["stakeholder_id"], r["group_label"], r["issue_id"]) for r in rows if r["stance"] != "neutral"}
    return [r for r in rows if not (r["stance"] == "neutral" and not r["stance_cue"] and not r["constrained"]
                                    and (r["stakeholder_id"], r["group_label"], r["issue_id"]) in polar)]


def _drop_bare_contradictions(rows: list[dict]) -> list[dict]:
    """A statement with no stance cue of its own (a stance read from a negation or a modal alone) says nothing
    once the article shows the same holder taking the opposite side with a cue, more surely."""
    def key(r: dict) -> tuple:
        return r["stakeholder_id"], r["group_label"], r["issue_id"]
    firm = {(key(r), r["stance"]): r["confidence"] for r in rows if r["stance_cue"]}
    other = {"support": "oppose", "oppose": "support"}
    return [r for r in rows if r["stance_cue"] or r["stance"] not in other
            or firm.get((key(r), other[r["stance"]]), 0) <= r["confidence"]]


def _merge_duplicate(kept: dict, other: dict) -> None:
    """Two mentions of an issue in one sentence gave the same statement: keep what either found."""
    kept["conditional"] = kept["conditional"] or other["conditional"]
    kept["condition"] = kept["condition"] or other["condition"]
    kept["constrained"] = kept["constrained"] or other["constrained"]
    if kept["quantity"] is None:
        kept["quantity"] = other["quantity"]
    if kept["date_basis"] != "text" and other["date_basis"] == "text":
        for col in ("date_start", "date_end", "date_precision", "date_basis", "date_text"):
            kept[col] = other[col]
    kept["confidence"] = max(kept["confidence"], other["confidence"])
    if not kept["speaker_name"] and other["speaker_name"]:
        for col in ("speaker_name", "speaker_role", "speaker_kind", "speaker_text", "speaker_in_roles"):
            kept[col] = other[col]


def _date_columns(date: DateSpan) -> dict:
    return {"date_start": date.start.isoformat() if date.start else "",
            "date_end": date.end.isoformat() if date.end else "",
            "date_precision": date.precision, "date_basis": date.basis}


def article_row(article: Article, result: ArticleResult | None, version: str) -> dict:
    return as_dict(ArticleRow(
        file=article.file, article_id=article.article_id, title=article.title, source=article.source,
        url=article.url, published=article.published.isoformat() if article.published else "",
        published_basis=article.published_basis, n_paragraphs=len(article.paragraphs),
        n_duplicates_dropped=article.n_duplicates_dropped, problems="; ".join(article.problems),
        n_statements=len(result.statements) if result else 0, n_events=len(result.events) if result else 0,
        codebook_version=version,
    ))
