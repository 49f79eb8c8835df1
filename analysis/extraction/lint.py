"""Linting a codebook (`stakeholders check-codebook`): the traps of cue writing that are no error, so a run
cannot refuse them, but that an author wants to see before coding a corpus.

Without a corpus: cues that are very common English words (spaCy's English stop words), cues of one issue
that match the same words once lemmatised ("troop", "troops"), cues shared by two issues, a cue of one issue inside a cue of another (where both match, the longer wins), one-word cues whose
lemma is another word ("splitting" matches every "split"), and stance or qualifier cues of the codebook that
are issue cues too. With a corpus: how often each issue cue matches (before exclusions, every match counted,
also where a longer cue wins), in how many articles, and the cues never matched."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..io.ingest import read_corpus
from .codebook import Codebook
from .cues import Cue, pattern_words
from .patterns import cue_entry

_VERB_FORMS = ("VBG", "VBN", "VBD")


@dataclass(frozen=True)
class Finding:
    """One warning on a cue: `kind` is common_word, duplicate, shared, contained, lemma, stance_and_issue or
    never_matched."""

    kind: str
    issue: str
    cue: str
    message: str


@dataclass(frozen=True)
class CueCount:
    """How often an issue cue matched in the corpus: matches, articles and sentences holding one."""

    issue: str
    cue: str
    matches: int
    articles: int
    sentences: int


@dataclass
class CodebookLint:
    """The findings on a codebook and, with a corpus, the matches per cue."""

    codebook: str
    findings: list[Finding] = field(default_factory=list)
    counts: list[CueCount] | None = None
    corpus: str = ""
    articles: int = 0
    sentences: int = 0

    def as_dict(self) -> dict:
        """A JSON-ready form (`--json`)."""
        out = asdict(self)
        if self.counts is None:
            out.pop("counts")
        return out


def lint_codebook(codebook: Codebook, corpus_dir: str | Path | None = None) -> CodebookLint:
    """The findings on `codebook` and, when `corpus_dir` is given, its cues counted on that corpus."""
    from .nlp import load_model

    nlp = load_model()
    cues = [(issue.id, cue) for issue in codebook.issues for cue in issue.cues]
    keys = _lemma_keys(nlp, [cue for _, cue in cues])
    report = CodebookLint(str(codebook.path))
    report.findings += _common_words(nlp, cues)
    report.findings += _overlaps(cues, keys)
    report.findings += _lemmas(nlp, cues)
    report.findings += _stance_and_issue(codebook, keys, cues)
    if corpus_dir is not None:
        _count(report, cues, corpus_dir)
    return report


def _lemma_keys(nlp, cues: list[Cue]) -> list[tuple[str, ...]]:
    """Each cue as the words it matches on: lemmas of a phrase, lower-case forms of an exact one, the required
    words of a pattern (its first alternative each)."""
    phrases = [c.phrase for c in cues if c.phrase]
    docs = iter(nlp.pipe(phrases))
    out = []
    for cue in cues:
        if not cue.phrase:
            out.append(tuple(alts[0].lower() for alts in pattern_words(cue.pattern)))
            continue
        doc = next(docs)
        out.append(tuple(t.lower_ if cue.exact else t.lemma_.lower() for t in doc))
    return out


def _common_words(nlp, cues: list[tuple[str, Cue]]) -> list[Finding]:
    stop = nlp.Defaults.stop_words
    out = []
    for issue, cue in cues:
        words = [w for alts in pattern_words(cue.pattern) for w in alts] if cue.pattern else cue.phrase.lower().split()
        if words and all(w.lower() in stop for w in words):
            out.append(Finding("common_word", issue, cue.text, "a very common English word (a spaCy stop word): "
                               "it matches in most sentences; name the issue with a longer phrase"))
    return out


def _overlaps(cues: list[tuple[str, Cue]], keys: list[tuple[str, ...]]) -> list[Finding]:
    """Cues of two issues that match the same words, or where one cue lies inside another's."""
    out = []
    for n, ((a_issue, a), a_key) in enumerate(zip(cues, keys)):
        for m, ((b_issue, b), b_key) in enumerate(zip(cues, keys)):
            if a_issue == b_issue and a_key == b_key and a_key and m < n and a.exact == b.exact and not a.pattern:
                out.append(Finding("duplicate", a_issue, a.text, f"matches what '{b.text}' matches (cues match on "
                                   "lemmas): one of them is enough"))
            if a_issue == b_issue or not a_key or not b_key:
                continue
            if a_key == b_key and a_issue < b_issue:
                out.append(Finding("shared", a_issue, a.text, f"also a cue of {b_issue} ('{b.text}'): where it "
                                   "matches, the issue whose id sorts first gets it; keep it in one issue"))
            elif len(a_key) < len(b_key) and _inside(a_key, b_key):
                out.append(Finding("contained", a_issue, a.text, f"inside '{b.text}', a cue of {b_issue}: where "
                                   f"'{b.text}' matches it is {b_issue} (the longer match wins), elsewhere {a_issue}"))
    return out


def _inside(short: tuple, long: tuple) -> bool:
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _lemmas(nlp, cues: list[tuple[str, Cue]]) -> list[Finding]:
    """One-word phrase cues in a verb form ("splitting", "signed") whose lemma matches every form of the verb."""
    plain = [(issue, cue) for issue, cue in cues if cue.phrase and not cue.exact and " " not in cue.phrase]
    out = []
    for (issue, cue), doc in zip(plain, nlp.pipe([cue.phrase for _, cue in plain])):
        token = doc[0] if len(doc) == 1 else None
        if token is not None and token.lemma_.lower() != token.lower_ and \
                (token.tag_ in _VERB_FORMS or token.lower_.endswith(("ing", "ed"))):
            out.append(Finding("lemma", issue, cue.text, f"matches every form of '{token.lemma_.lower()}' (cues "
                               f"match on lemmas); write {{exact: {cue.phrase}}} to match this form only"))
    return out


def _stance_and_issue(codebook: Codebook, keys: list[tuple[str, ...]], cues: list[tuple[str, Cue]]) -> list[Finding]:
    """Stance or qualifier cues of the codebook itself (not the lexicon's) that are issue cues too."""
    lexicon = {**codebook.lexicon.stances, **codebook.lexicon.qualifiers}
    own = [(label, cue) for label, listed in {**codebook.stances, **codebook.qualifiers}.items()
           for cue in listed if cue.text not in lexicon.get(label, [])]
    issue_texts = {cue.text.lower(): issue for issue, cue in cues}
    against = [(issue, cue) for issue, cue in cues if cue.against and cue.phrase]
    return [Finding("stance_and_issue", issue_texts[cue.text.lower()], cue.text,
                    f"also a {label} cue: a sentence naming it names the issue and takes a stance on it at once")
            for label, cue in own if cue.text.lower() in issue_texts] + [
        Finding("stance_and_issue", issue, cue.text, f"the {label} cue '{cue.text}' holds it, a cue against "
                f"{issue}: the stance it gives is reversed again; leave it to the general stance words")
        for label, cue in own if cue.phrase for issue, a in against
        if f" {a.phrase.lower()} " in f" {cue.phrase.lower()} " and cue.text.lower() != a.phrase.lower()]


def _count(report: CodebookLint, cues: list[tuple[str, Cue]], corpus_dir: str | Path) -> None:
    """Count every issue cue's matches on the corpus (every sentence parsed) into `report`."""
    from .nlp import load_model, parsing_pipeline

    nlp = parsing_pipeline()
    nlp.add_pipe("stakeholder_lemma_norms")
    ruler = nlp.add_pipe("stakeholder_phrases", name="cue_counts",
                         config={"spans_key": "cue_counts", "parse_with": list(load_model().pipe_names)})
    ruler.add_patterns([cue_entry(str(n), cue) for n, (_, cue) in enumerate(cues)])
    matches, articles, sentences = Counter(), Counter(), Counter()
    for article in read_corpus(corpus_dir):
        if not article.paragraphs:
            continue
        report.articles += 1
        seen: set[int] = set()
        for doc in nlp.pipe(article.paragraphs, batch_size=64):
            report.sentences += sum(1 for _ in doc.sents)
            in_sentence = set()
            for span in doc.spans["cue_counts"]:
                n = int(span.label_)
                matches[n] += 1
                seen.add(n)
                in_sentence.add((n, span.sent.start))
            sentences.update(n for n, _ in in_sentence)
        articles.update(seen)
    report.corpus = str(corpus_dir)
    report.counts = [CueCount(issue, cue.text, matches[n], articles[n], sentences[n])
                     for n, (issue, cue) in enumerate(cues)]
    for count in report.counts:
        if not count.matches:
            report.findings.append(Finding("never_matched", count.issue, count.cue, "never matched in the corpus"))
