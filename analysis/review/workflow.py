"""Review: the statements an analyst should look at, in their context, and recording the analyst's decisions.

`review_list(run)` lists a run's statements that nobody has reviewed yet, lowest confidence first, each with its
sentence and the article's paragraph around it (the article text is not stored in a run: it is read again from
the corpus folder named in the run's run.json, or the one given). `record(corrections, action, statement, ...)`
appends one decision to a corrections file (analysis/runs/corrections.py describes the file): atomically, checked
first, never overwriting what is there. `locate` finds the sentence of a quote, to add a statement the machine
missed.

Nothing here writes anywhere but the corrections file named in the call; the decisions take effect at the next
`stakeholders extract` (which reads `corrections.csv` beside the corpus by default).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..explore.positions import as_list, confirmed_share, issue_table
from ..extraction.nlp import load_model, load_tokenizer
from ..extraction.pipeline import sentence_pieces
from ..io.errors import ReviewError
from ..io.ingest import Article, read_corpus
from ..io.resources import find_folder
from ..io.store import read_meta, read_run
from ..runs import corrections as corr
from ..runs import decisions as dec

REVIEW_COLUMNS = ["statement_id", "confidence", "origin", "file", "article_id", "char_start", "char_end",
                  "stakeholder_id", "group_label", "speaker_name", "issue_id", "stance", "conditional",
                  "constrained", "condition", "quantity", "date_start", "date_end", "evidence", "paragraph"]
SPAN_COLUMNS = ["char_start", "char_end", "sentence"]


# ---------------------------------------------------------------------------------------------------- articles

def corpus_of(run: str | Path, corpus: str | Path | None = None) -> Path:
    """The corpus folder of a run: `corpus` when given, else the one its run.json names."""
    run = find_folder(run)
    if corpus:
        path = Path(corpus)
    else:
        meta = read_meta(run)
        if not meta.get("corpus"):
            raise ReviewError(f"{Path(run) / 'run.json'} names no corpus folder; give the corpus folder (corpus=...)")
        path = Path(meta["corpus"])
    if not path.is_dir():
        raise ReviewError(f"corpus folder not found: {path}; give the corpus folder the run was extracted from")
    return path


def read_articles(corpus: str | Path) -> dict:
    """The corpus's articles (`analysis.io.ingest.Article`) by article id."""
    return {a.article_id: a for a in read_corpus(corpus) if not a.skipped}


@lru_cache(maxsize=1)
def _parser():
    return load_model()


@lru_cache(maxsize=1)
def _splitter():
    return load_tokenizer()


def sentence_spans(article) -> pd.DataFrame:
    """The article's sentences as the extractor splits them: `char_start, char_end, sentence`, offsets in the
    article's clean text (the evidence offsets of its statements).

    The pieces of `pipeline.sentence_pieces` (a dateline cut off, the rule-based sentencizer's split), each
    parsed as the extractor parses it, which may split a piece further. tests/test_review.py checks that every
    statement of the bundled corpus lies on one of these sentences."""
    return _spans(tuple(article.paragraphs)).copy()


@lru_cache(maxsize=64)
def _spans(paragraphs: tuple[str, ...]) -> pd.DataFrame:
    pieces = [(offset, sent.text.rstrip())
              for offset, sent, _, _ in sentence_pieces(Article(file="", paragraphs=list(paragraphs)), _splitter())]
    rows = [(start + s.start_char, start + s.start_char + len(s.text), s.text)
            for (start, _), doc in zip(pieces, _parser().pipe([text for _, text in pieces])) for s in doc.sents]
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def paragraph_at(article, char_start: int) -> str:
    """The paragraph of the article's clean text holding offset `char_start` ("" when none does)."""
    for offset, paragraph in article.paragraph_spans():
        if offset <= char_start < offset + len(paragraph):
            return paragraph
    return ""


def _loose(text: str) -> str:
    """Text compared loosely, one character for one (offsets stay valid): case, quote marks, whitespace, and
    the semicolons DNA's export turns into commas."""
    swap = {";": ",", '"': "'", "“": "'", "”": "'", "‘": "'", "’": "'", "\n": " ", "\t": " "}
    return "".join(swap.get(c, c.lower() if len(c.lower()) == 1 else c) for c in text)


def locate(articles: dict, article: str, quote: str) -> dict:
    """The sentence of `article` (an article id, or a file name of the corpus) holding `quote` (where the quote
    starts): `article_id, file, char_start, char_end, evidence`, ready to `record` an added statement.

    The quote is matched loosely (case, quote marks, whitespace); a quote found nowhere, or more than once, is
    an error saying so."""
    found = articles.get(article) or next((a for a in articles.values() if a.file == article), None)
    if found is None:
        raise ReviewError(f"no article {article!r} in the corpus (give an article id or a file name)")
    text, want = _loose(found.text), " ".join(_loose(quote).split())
    if not want:
        raise ReviewError("the quote is empty")
    starts = [m.start() for m in re.finditer(re.escape(want), text)]
    if len(starts) != 1:
        raise ReviewError(f"{found.file}: the quote {quote[:60]!r} occurs {len(starts)} times in the article; "
                          f"give {'a longer' if starts else 'an exact'} quote")
    spans = sentence_spans(found)
    hit = spans[(spans["char_start"] <= starts[0]) & (starts[0] < spans["char_end"])]
    if not len(hit):
        raise ReviewError(f"{found.file}: the quote starts between sentences; quote from the sentence itself")
    span = hit.iloc[0]
    return {"article_id": found.article_id, "file": found.file, "char_start": int(span["char_start"]),
            "char_end": int(span["char_end"]), "evidence": span["sentence"]}


# ---------------------------------------------------------------------------------------------------- the list

def statements(run: str | Path) -> pd.DataFrame:
    """The run's statements table (with `origin`: who stands behind each row)."""
    run = find_folder(run)
    try:
        return read_run(run, "statements")
    except FileNotFoundError as err:
        raise ReviewError(f"{run}: no run there ({err})") from None


def review_list(run: str | Path, corpus: str | Path | None = None, limit: int | None = None,
                include_reviewed: bool = False, issues: list[str] | str | None = None,
                stakeholders: list[str] | str | None = None) -> pd.DataFrame:
    """The run's statements to review, lowest confidence first (then by file and position), with their
    paragraph: `REVIEW_COLUMNS`. Statements people already decided on are left out unless `include_reviewed`;
    `issues` and `stakeholders` keep only those (a list or "a,b"; empty: all); `limit` keeps the first ones.

    The paragraph comes from the corpus (`corpus_of`); a statement whose article is no longer in it (its text
    changed since the run) has an empty paragraph."""
    st = statements(run)
    if not include_reviewed:
        st = st[st["origin"] == "machine"]
    if issues:
        st = st[st["issue_id"].isin(as_list(issues))]
    if stakeholders:
        st = st[st["stakeholder_id"].isin(as_list(stakeholders))]
    st = st.sort_values(["confidence", "file", "char_start", "stakeholder_id", "issue_id", "stance"],
                        kind="stable", ignore_index=True)
    if limit is not None:
        st = st.head(int(limit))
    articles = read_articles(corpus_of(run, corpus)) if len(st) else {}
    st = st.assign(paragraph=[paragraph_at(articles[a], int(s)) if a in articles else ""
                              for a, s in zip(st["article_id"], st["char_start"])])
    return st[REVIEW_COLUMNS].reset_index(drop=True)


class Cards:
    """Statements (`review_list`) shown one under the other: what the machine says, then the paragraph with the
    evidence sentence marked; escaped HTML (article text is untrusted) and plain text."""

    def __init__(self, statements: pd.DataFrame, empty: str = "Nothing to review."):
        self.rows, self.empty = statements.reset_index(drop=True), empty

    @staticmethod
    def _says(row) -> str:
        holder = row["stakeholder_id"] or f"unnamed group '{row['group_label']}'"
        speaker = f" ({row['speaker_name']})" if row["speaker_name"] else ""
        qualifiers = [q for q in ("conditional", "constrained") if bool(row[q])]
        quals = f", {' and '.join(qualifiers)}" if qualifiers else ""
        when = row["date_start"] if row["date_start"] == row["date_end"] else f"{row['date_start']} to {row['date_end']}"
        return (f"{holder}{speaker}: {row['stance']} {row['issue_id']}{quals}; dated {when or 'unknown'}; "
                f"confidence {row['confidence']:.2f}; {row['file']} at {row['char_start']}")

    @staticmethod
    def _split(row) -> tuple[str, str, str]:
        paragraph, sentence = row["paragraph"], row["evidence"]
        at = paragraph.find(sentence)
        if at < 0:
            return "", sentence, ""
        return paragraph[:at], sentence, paragraph[at + len(sentence):]

    def _repr_html_(self) -> str:
        if not len(self.rows):
            return f'<p class="report-empty">{html.escape(self.empty)}</p>'
        out = []
        for n, row in self.rows.iterrows():
            before, sentence, after = (html.escape(p) for p in self._split(row))
            out.append(f'<div class="review-card"><p><b>{n}</b> {html.escape(self._says(row))}</p>'
                       f'<blockquote>{before}<mark>{sentence}</mark>{after}</blockquote></div>')
        return "".join(out)

    def __repr__(self) -> str:
        if not len(self.rows):
            return self.empty
        out = []
        for n, row in self.rows.iterrows():
            before, sentence, after = self._split(row)
            out.append(f"{n} {self._says(row)}\n    {before}[[{sentence}]]{after}")
        return "\n\n".join(out)


def cards(statements: pd.DataFrame) -> Cards:
    """`statements` (from `review_list`) as cards to read: numbered as the frame's rows, so `statements.iloc[n]`
    is card n."""
    return Cards(statements)


# ---------------------------------------------------------------------------------------------------- decisions

def record(corrections: str | Path, action: str, statement=None, *, analyst: str, note: str = "",
           time: str | None = None, run: str | Path | None = None, **values) -> pd.DataFrame:
    """Append one decision to the corrections file (created when missing) and return it (one row of
    `corrections.COLUMNS`).

    `statement` is a row of `review_list` or of the run's statements (or a dict with their key columns); for
    `add`, the dict `locate` returns. `values` are what the decision sets: for `change`, any of
    `decisions.VALUES` (e.g. `stance="oppose"`, `conditional=True`, `date_start="2025-03-01"`); for `add`,
    `stakeholder_id` (or `group_label`), `issue_id` and `stance`, and optionally the others. `time` defaults to
    now (UTC). With `run`, the decision is also checked against that run: its statement must be there (for
    confirm, change and reject) and an issue must be one of its codebook's.

    The decision is checked before anything is written (a `ValueError` says what is wrong) and appended
    atomically: a failed call leaves the file as it was."""
    action = str(action).strip().lower()
    if action not in dec.ACTIONS:
        raise ValueError(f"action {action!r} is not one of {', '.join(dec.ACTIONS)}")
    unknown = sorted(set(values) - set(dec.VALUES))
    if unknown:
        raise ValueError(f"unknown value(s) {', '.join(unknown)}; a decision sets {', '.join(dec.VALUES)}")
    given = {} if statement is None else dict(statement)
    row = {c: given.get(c, "") for c in (*dec.KEY, "evidence")}
    if action in ("add", "import"):
        for c in ("stakeholder_id", "group_label", "issue_id", "stance"):
            if c in values:
                row[c] = values.pop(c)
    row.update({f"new_{k}": v for k, v in values.items()})
    row.update(action=action, analyst=analyst, note=note,
               time=time or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    if run is not None:
        _check_against_run(dec.normalise(row), run)
    return dec.append_corrections(corrections, [row])


def _check_against_run(row: dict, run: str | Path) -> None:
    run = find_folder(run)
    meta = read_meta(run)
    st = statements(run)
    known = set(issue_table(meta.get("codebook") or None, st)["issue_id"])
    for issue in (row["issue_id"], row["new_issue_id"]):
        if issue and issue not in known:
            raise ValueError(f"issue {issue!r} is not in the run's codebook ({', '.join(sorted(known))})")
    if row["action"] in ("confirm", "change", "reject"):
        match = st[(st["article_id"] == row["article_id"]) & (st["char_start"] == int(row["char_start"]))
                   & (st["issue_id"] == row["issue_id"])
                   & ((st["stakeholder_id"] == row["stakeholder_id"]) if row["stakeholder_id"]
                      else st["group_label"].str.casefold().eq(row["group_label"].casefold()))
                   & ((st["stance"] == row["stance"]) if row["stance"] else True)]
        if len(match) != 1:
            raise ValueError(f"the decision matches {len(match)} statements of {run}; give the statement's key "
                             f"as the run has it (and its stance)")


def recorded(corrections: str | Path) -> pd.DataFrame:
    """The decisions of a corrections file so far (`decisions.COLUMNS` and `line`); empty when there is no
    file yet."""
    path = Path(corrections)
    return dec.read_corrections(path) if path.exists() else dec.decisions_frame([])


def corrections_file(run: str | Path, corpus: str | Path | None = None, corrections: str | Path | None = None) -> Path:
    """Where decisions on a run go: `corrections` when given, else `corrections.csv` beside the run's corpus."""
    return Path(corrections) if corrections else corpus_of(run, corpus) / dec.DEFAULT_NAME


def unapplied(run: str | Path) -> pd.DataFrame:
    """The decisions of the run's corrections file that the run could not apply (`corrections.LOG_COLUMNS`):
    unmatched, ambiguous or invalid, with the reason in `message`."""
    log = corr.read_log(find_folder(run))
    if log is None:
        return corr.log_frame([])
    return log[log["status"] != "applied"].reset_index(drop=True)


def agreement(run: str | Path, by: str = "issue_id") -> pd.DataFrame:
    """How often the machine agrees with the decisions the run was extracted with (`corrections.agreement`);
    empty when it was extracted without corrections."""
    log = corr.read_log(find_folder(run))
    if log is None or not log["status"].eq("applied").any():
        return pd.DataFrame(columns=[by, *corr.AGREEMENT_COLUMNS])
    return corr.agreement(log, by)


def progress(run: str | Path) -> pd.DataFrame:
    """Where the review of a run stands, as `measure, value` rows: statements, the share people stand behind,
    statements nobody has looked at, decisions of the corrections file the run could not apply."""
    st = statements(run)
    share = confirmed_share(st)
    return pd.DataFrame({"measure": ["statements", "confirmed, corrected, added or imported by a person",
                                     "not reviewed yet", "decisions not applied"],
                         "value": [str(len(st)), f"{share:.0%}", str(int(st["origin"].eq("machine").sum())),
                                   str(len(unapplied(run)))]})
