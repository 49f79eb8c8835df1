"""Exchange with the Discourse Network Analyzer (DNA, github.com/leifeld-lab/dna): statements out as a DNA
database or an event list, statements coded in DNA in, and the agreement and conflict networks as GraphML.

**Two exports.** `export_database` writes a run as a DNA 3 database (`.dna`, analysis/review/dnadb.py): the
articles' texts as documents and every statement, neutral ones included, with its offsets, so that DNA opens the
machine's coding for a coder to check, and `database_statements` reads it (or any DNA 3 database) back without
loss. `export_dna` / `write_dna` write DNA's **event list**, the CSV DNA itself exports (`Exporter.eventCSV`),
for R and spreadsheets: one row per support or oppose statement (its agreement is binary), no offsets.

**The event list.** A CSV separated by semicolons, one statement a row, with the columns `"statement ID";"time";
"document ID";"document title";"author";"source";"section";"type";"text"` followed by the variables of the
statement type; for DNA's standard "DNA Statement" type these are `person`, `organization`, `concept`
(`category` in DNA 2) and `agreement` (1 or 0). `time` is `yyyy-MM-dd HH:mm:ss`; `text` is the coded passage.
`read_dna` reads that file (and the simpler CSV an analyst may write by hand: `document, person, organization,
concept, agreement, date`, separated by commas or semicolons).

**The mapping file** (`data/dna_mapping.yaml`, schema in its header) ties DNA's free-text values to this
project's ids: `concepts` (each DNA concept to a codebook issue; `inverted: true` when agreeing with the concept
means opposing the issue), `organizations` (a DNA organization to a stakeholder id, when it is neither an id nor
a name of the actor files), `groups` (DNA organizations that are unnamed groups, such as "several diplomats")
and `documents` (a DNA document id or title to the corpus file it is, when titles differ). Without one, a
concept that is a codebook issue id is that issue, and an organization a stakeholder id or name.

**Import** (`import_dna` for an event list, `database_statements` + `database_decisions` for a database) turns
each DNA statement into an `import` decision of the corrections file (analysis/runs/corrections.py): the
article found from the document, the evidence sentence from the coded text (the sentence where the text starts;
a database's offsets place it even when the sentence occurs twice), the stakeholder from the organization, the
issue and stance from the concept and agreement, the date span and the speaker. Every extraction then carries
the team's earlier coding as rows with origin `imported`. A DNA statement that cannot be placed is returned with
the reason, never dropped silently.

**Networks** (`write_networks`): DNA's one-mode congruence and conflict networks of organizations through
concepts, built by analysis/explore/networks.py (stakeholders through issues) and written as GraphML for Gephi, visone
or DNA users' own tools. Neutral statements tie no one, as in networks.py.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..explore.networks import agreement_network, conflict_network, network_nodes, to_graph, write_graphml
from ..extraction.actors import load_actors
from ..extraction.codebook import load_codebook
from ..io.contract import statement_id
from ..io.datafiles import line_of, read_utf8, read_yaml
from ..io.errors import DnaError, ReviewError
from ..io.files import write_atomically
from ..io.ingest import Article
from ..runs.decisions import COLUMNS
from . import dnadb
from .workflow import _loose, locate, sentence_spans

DNA_COLUMNS = ["statement ID", "time", "document ID", "document title", "author", "source", "section", "type",
               "text", "person", "organization", "concept", "agreement"]
# What read_dna returns: DNA's columns with Python names, plus the file line.
FIELDS = ["statement_id", "time", "document_id", "document_title", "author", "source", "section", "type", "text",
          "person", "organization", "concept", "agreement"]
ALIASES = {
    "statement id": "statement_id", "statement_id": "statement_id", "id": "statement_id",
    "time": "time", "date": "time", "document id": "document_id", "document_id": "document_id",
    "document": "document_id", "document title": "document_title", "document_title": "document_title",
    "title": "document_title", "author": "author", "source": "source", "section": "section", "type": "type",
    "text": "text", "person": "person", "organization": "organization", "organisation": "organization",
    "concept": "concept", "category": "concept", "agreement": "agreement",
}
AGREEMENT = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}
UNPLACED_COLUMNS = ["line", "statement_id", "document", "organization", "concept", "reason"]
MAPPING_KEYS = ("concepts", "organizations", "groups", "documents")


# ---------------------------------------------------------------------------------------------------- reading

def read_dna(path: str | Path) -> pd.DataFrame:
    """A DNA event-list export (or a hand-made CSV of the same variables) as `FIELDS` (text) and `line`, with
    `agreement` as a boolean. The delimiter (semicolon or comma) is taken from the header line. A file without
    a concept, an agreement, an organization or person, or a document column, or a row whose agreement is not
    1/0/true/false/yes/no, raises `DnaError` naming the file and the line."""
    path = Path(path)
    text = read_utf8(path, DnaError, "no such DNA export", fix="export from DNA again, or save as UTF-8")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    names = [ALIASES.get(" ".join(h.strip().lower().split())) for h in header]
    unknown = [h for h, n in zip(header, names) if n is None]
    if unknown:
        raise DnaError(path, f"unknown column(s) {', '.join(unknown)}", 1,
                       fix=f"DNA's event list has {';'.join(DNA_COLUMNS)}")
    missing = [c for c in ("concept", "agreement") if c not in names]
    if "organization" not in names and "person" not in names:
        missing.append("organization (or person)")
    if "document_id" not in names and "document_title" not in names:
        missing.append("document (id or title)")
    if missing:
        raise DnaError(path, f"missing column(s) {', '.join(missing)}", 1)
    rows, errors = [], []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        line = reader.line_num
        if len(values) != len(names):
            errors.append(f"line {line}: {len(values)} values for {len(names)} columns")
            continue
        row = dict.fromkeys(FIELDS, "")
        row.update({n: v.strip() for n, v in zip(names, values)})
        agreement = AGREEMENT.get(row["agreement"].lower())
        if agreement is None:
            errors.append(f"line {line}: agreement {row['agreement']!r} is not 1 or 0 (true/false, yes/no)")
            continue
        rows.append({**row, "agreement": agreement, "line": line})
    if errors:
        raise DnaError(path, "; ".join(errors[:20]) + (f"; and {len(errors) - 20} more" if len(errors) > 20 else ""),
                       int(errors[0].split()[1].rstrip(":")))
    df = pd.DataFrame(rows, columns=[*FIELDS, "line"])
    df["agreement"] = df["agreement"].astype(bool)
    df["line"] = df["line"].astype("int64")
    return df


@dataclass
class Mapping:
    """DNA values -> project ids (see the module docstring); keys are compared case-insensitively."""

    concepts: dict[str, tuple[str, bool]] = field(default_factory=dict)  # concept -> (issue id, inverted)
    concept_names: dict[str, str] = field(default_factory=dict)  # issue id -> the concept exported for it
    organizations: dict[str, str] = field(default_factory=dict)  # organization -> stakeholder id
    organization_names: dict[str, str] = field(default_factory=dict)  # stakeholder id -> organization exported
    groups: dict[str, str] = field(default_factory=dict)  # organization -> group label
    documents: dict[str, str] = field(default_factory=dict)  # document id or title -> corpus file
    path: Path | None = None

    def concept_of(self, issue_id: str) -> str:
        """The DNA concept an issue is exported as: the first concept mapped to it without inversion, else the
        issue id itself."""
        return self.concept_names.get(issue_id, issue_id)

    def organization_of(self, stakeholder_id: str, group_label: str) -> str:
        return self.organization_names.get(stakeholder_id, stakeholder_id) if stakeholder_id else group_label


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def load_mapping(path: str | Path | None, issue_ids: list[str] | None = None) -> Mapping:
    """Read a mapping file (None: an empty mapping); with `issue_ids` (the codebook's), a concept mapped to an
    issue that is not one of them is an error. Errors name the file, the line and the fix."""
    if path is None:
        return Mapping()
    path = Path(path)
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise DnaError(path, "a mapping file is a YAML mapping with concepts, organizations, groups, documents")
    unknown = [k for k in data if k not in MAPPING_KEYS]
    if unknown:
        raise DnaError(path, f"unknown key(s) {', '.join(map(str, unknown))}", line_of(data),
                       fix=f"the keys are {', '.join(MAPPING_KEYS)}")
    out = Mapping(path=path)
    concepts = data.get("concepts") or []
    if not isinstance(concepts, list):
        raise DnaError(path, "concepts must be a list of {concept, issue, inverted}", line_of(data))
    lines = getattr(concepts, "lines", [None] * len(concepts))
    for entry, line in zip(concepts, lines):
        if not isinstance(entry, dict) or not entry.get("concept") or not entry.get("issue"):
            raise DnaError(path, "each concept needs `concept:` (DNA's text) and `issue:` (a codebook issue id)", line)
        issue, inverted = str(entry["issue"]), entry.get("inverted", False)
        if not isinstance(inverted, bool):
            raise DnaError(path, f"inverted must be true or false, not {inverted!r}", line)
        if issue_ids is not None and issue not in issue_ids:
            raise DnaError(path, f"issue {issue!r} is not in the codebook", line,
                           fix=f"use one of {', '.join(issue_ids)}")
        key = _fold(entry["concept"])
        if key in out.concepts:
            raise DnaError(path, f"concept {entry['concept']!r} is mapped twice", line)
        out.concepts[key] = (issue, inverted)
        if not inverted:
            out.concept_names.setdefault(issue, str(entry["concept"]))
    for key in ("organizations", "documents"):
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise DnaError(path, f"{key} must map names to ids (name: ID)", line_of(data))
    for name, stakeholder in (data.get("organizations") or {}).items():
        out.organizations[_fold(name)] = str(stakeholder)
        out.organization_names.setdefault(str(stakeholder), str(name))
    groups = data.get("groups") or []
    if not isinstance(groups, list):
        raise DnaError(path, "groups must be a list of organization names", line_of(data))
    out.groups = {_fold(g): str(g) for g in groups}
    out.documents = {_fold(k): str(v) for k, v in (data.get("documents") or {}).items()}
    return out


# ---------------------------------------------------------------------------------------------------- import

def import_dna(export: pd.DataFrame, mapping: Mapping, articles: dict, actors=None, analyst: str = "DNA import",
               time: str | None = None, issue_ids: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """DNA statements (`read_dna`) as `import` decisions for the corrections file (`decisions.COLUMNS`), and
    the statements that could not be placed (`UNPLACED_COLUMNS`, with the reason).

    `articles` are the corpus's articles by id (`review.read_articles`); `actors` (`actors.load_actors`; None:
    the bundled actor files) resolves organizations written as a stakeholder's id or name, and a person alone
    through the people's roles.
    """
    actors = actors if actors is not None else load_actors()
    issue_ids = issue_ids if issue_ids is not None else load_codebook().issue_ids
    time = time or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    by_file = {a.file: a for a in articles.values()}
    decisions, unplaced, seen = [], [], {}
    for row in export.to_dict("records"):
        def skip(reason: str) -> None:
            unplaced.append({"line": row["line"], "statement_id": row["statement_id"],
                             "document": row["document_title"] or row["document_id"],
                             "organization": row["organization"], "concept": row["concept"], "reason": reason})

        concept = _concept(row["concept"], mapping, issue_ids)
        if concept is None:
            skip(f"concept {row['concept']!r} is neither in the mapping file's concepts nor a codebook issue id")
            continue
        holder = _holder(row, mapping, actors)
        if holder is None:
            skip(f"organization {row['organization'] or row['person']!r} is neither in the mapping file "
                 f"(organizations, groups) nor an id or name of the actor files")
            continue
        article = _article(row, mapping, articles, by_file)
        if article is None:
            skip(f"document {row['document_title'] or row['document_id']!r} is not in the corpus (name its file "
                 f"under documents: in the mapping file)")
            continue
        if not row["text"]:
            skip("no coded text: without DNA's `text` column the statement's sentence cannot be found")
            continue
        try:
            place = locate(articles, article.article_id, row["text"])
        except ReviewError as err:
            skip(f"text not found: {err}")
            continue
        issue, inverted = concept
        stance = "support" if row["agreement"] != inverted else "oppose"
        decision = {
            "action": "import", "article_id": place["article_id"], "char_start": place["char_start"],
            "char_end": place["char_end"], "stakeholder_id": holder[0], "group_label": holder[1],
            "issue_id": issue, "stance": stance, "evidence": place["evidence"],
            "new_speaker_name": row["person"], "new_speaker_kind": "person" if row["person"] else "",
            "new_date_start": _day_if_not(row["time"], article.published),
            "analyst": analyst, "time": time,
            "note": f"DNA statement {row['statement_id']}".strip() if row["statement_id"] else "DNA statement",
        }
        key = tuple(decision[c] for c in ("article_id", "char_start", "stakeholder_id", "group_label", "issue_id",
                                          "stance"))
        if key in seen:
            skip(f"the same statement as line {seen[key]} (same sentence, holder, issue and stance)")
            continue
        seen[key] = row["line"]
        decisions.append(decision)
    return (pd.DataFrame(decisions, columns=COLUMNS).astype(object).fillna(""),
            pd.DataFrame(unplaced, columns=UNPLACED_COLUMNS))


def _concept(value: str, mapping: Mapping, issue_ids: list[str]) -> tuple[str, bool] | None:
    """(issue id, inverted) of a DNA concept: the mapping file's, else the issue of that id."""
    found = mapping.concepts.get(_fold(value))
    if found is None and value.strip() in issue_ids:
        found = (value.strip(), False)
    return found


def _holder(row: dict, mapping: Mapping, actors) -> tuple[str, str] | None:
    """(stakeholder id, group label) of a DNA statement's organization (or person, when no organization)."""
    name = _fold(row["organization"])
    if name in mapping.organizations:
        return mapping.organizations[name], ""
    if name in mapping.groups:
        return "", mapping.groups[name]
    if name:
        for actor in actors.actors.values():
            if actor.id and (name == _fold(actor.id) or name in {_fold(n) for n in (actor.name, *actor.names)}):
                return actor.id, ""
    if not name and row["person"]:
        held = {r.stakeholder for r in actors.roles if _fold(r.person) == _fold(row["person"])}
        if len(held) == 1:
            return held.pop(), ""
    return None


def _article(row: dict, mapping: Mapping, articles: dict, by_file: dict):
    for value in (row["document_id"], row["document_title"]):
        file = mapping.documents.get(_fold(value)) if value else None
        if file is not None:
            return by_file.get(file)
    for value in (row["document_id"], row["document_title"]):
        if value in by_file:
            return by_file[value]
        if value in articles:
            return articles[value]
    title = _fold(row["document_title"] or row["document_id"])
    found = [a for a in articles.values() if _fold(a.title) == title]
    return found[0] if len(found) == 1 else None


def _day_if_not(time: str, published: dt.date | None) -> str:
    """The day of a DNA time stamp, when it is a valid day other than the article's publication day ("")."""
    try:
        day = dt.date.fromisoformat(time.strip()[:10])
    except ValueError:
        return ""
    return "" if day == published else day.isoformat()


# ---------------------------------------------------------------------------------------------------- export

def export_dna(statements: pd.DataFrame, articles: pd.DataFrame, mapping: Mapping | None = None) -> pd.DataFrame:
    """Statements (the run's table) in DNA's event-list shape (`DNA_COLUMNS`), one row per support or oppose
    statement (neutral ones cannot be written with DNA's binary agreement and are left out), in file and
    sentence order. Statement and document ids are numbered from 1; `time` is the statement's first day (else
    its article's publication day) at midnight; `organization` is the stakeholder's name in the mapping file,
    else its id, or the unnamed group's label; `concept` the issue's concept in the mapping file, else its id;
    `agreement` 1 for support, 0 for oppose."""
    mapping = mapping or Mapping()
    polar = statements[statements["stance"].isin(["support", "oppose"])]
    polar = polar.sort_values(["file", "char_start", "stakeholder_id", "group_label", "issue_id", "stance"],
                              kind="stable", ignore_index=True)
    docs = articles.drop_duplicates("article_id").set_index("article_id")
    order = {a: n for n, a in enumerate(docs.index, start=1)}
    day = polar["date_start"].where(polar["date_start"].ne(""), polar["published"])
    return pd.DataFrame({
        "statement ID": range(1, len(polar) + 1),
        "time": [f"{d} 00:00:00" if d else "" for d in day],
        "document ID": [order.get(a, 0) for a in polar["article_id"]],
        "document title": [str(docs["title"].get(a, "")) for a in polar["article_id"]],
        "author": "", "source": [str(docs["source"].get(a, "")) for a in polar["article_id"]],
        "section": "", "type": "", "text": polar["evidence"], "person": polar["speaker_name"],
        "organization": [mapping.organization_of(s, g) for s, g in zip(polar["stakeholder_id"], polar["group_label"])],
        "concept": [mapping.concept_of(i) for i in polar["issue_id"]],
        "agreement": polar["stance"].eq("support").astype("int64"),
    }, columns=DNA_COLUMNS)


def write_dna(events: pd.DataFrame, path: str | Path) -> Path:
    """Write `export_dna`'s frame as DNA writes its event list (semicolons, text quoted, ids and agreement
    bare), atomically."""
    out = io.StringIO(newline="")
    events.to_csv(out, sep=";", index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, out.getvalue().encode("utf-8"))
    return path


# ---------------------------------------------------------------------------------------------------- database

PLACED_COLUMNS = ["dna_id", "article_id", "file", "char_start", "char_end", "evidence", "stakeholder_id",
                  "group_label", "issue_id", "stance", "date_start", "date_end", "date_precision", "speaker_name",
                  "origin", "coder", "statement_id"]
DB_UNPLACED_COLUMNS = ["dna_id", "document", "organization", "concept", "reason"]


def export_database(statements: pd.DataFrame, articles: pd.DataFrame, texts: dict, path: str | Path,
                    mapping: Mapping | None = None) -> Path:
    """Write `statements` (the run's table) as a DNA 3 database at `path` (analysis/review/dnadb.py): one
    document per article of `articles` (the run's table) found in `texts` (`read_articles` of the run's corpus:
    the clean texts the offsets are of), every statement with its offsets, coded by `stakeholders` when the
    machine's and by its reviewer otherwise. Organizations and concepts are named as in `export_dna`. A
    statement whose article is not in `texts` (the corpus changed since the run) raises `DnaError`."""
    mapping = mapping or Mapping()
    missing = sorted(set(statements["file"][~statements["article_id"].isin(list(texts))]))
    if missing:
        raise DnaError(path, f"the text of {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''} is not in "
                             f"the corpus as the run read it (the corpus changed since)",
                       fix="extract the corpus again, or give the corpus folder the run was extracted from (--corpus)")
    docs = articles[articles["article_id"].isin(list(texts))].drop_duplicates("article_id")
    documents = pd.DataFrame({
        "article_id": docs["article_id"], "file": docs["file"], "title": docs["title"].astype(str),
        "text": [texts[a].text for a in docs["article_id"]], "source": docs["source"].astype(str),
        "published": docs["published"].astype(str)})
    st = statements
    rows = pd.DataFrame({
        "statement_id": st["statement_id"], "article_id": st["article_id"], "char_start": st["char_start"],
        "char_end": st["char_end"], "person": st["speaker_name"],
        "organization": [mapping.organization_of(a, g) for a, g in zip(st["stakeholder_id"], st["group_label"])],
        "organization_type": ["group" if g and not a else "stakeholder"
                              for a, g in zip(st["stakeholder_id"], st["group_label"])],
        "alias": st["stakeholder_id"], "concept": [mapping.concept_of(i) for i in st["issue_id"]],
        "stance": st["stance"], "date_start": st["date_start"], "date_end": st["date_end"],
        "date_precision": st["date_precision"], "origin": st["origin"],
        "coder": [dnadb.MACHINE_CODER if o == "machine" else (r or "analyst") for o, r in zip(st["origin"],
                                                                                              st["reviewer"])]})
    return dnadb.write_database(path, documents, rows)


def database_statements(path: str | Path, mapping: Mapping, articles: dict, actors=None,
                        issue_ids: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statements of a DNA 3 database (ours or one DNA made) placed in the corpus (`PLACED_COLUMNS`, one
    row per DNA statement, in DNA id order), and those that cannot be placed (`DB_UNPLACED_COLUMNS`, with the
    reason).

    A document is the corpus article whose clean text it holds (else the one its notes, the mapping file's
    documents, its title or file name name); a statement's offsets are taken as they are when the texts are the
    same, else its coded text is looked for in the article (the occurrence nearest the offset), and the statement
    is put on the sentence it starts in. The organization's `Type` attribute `group` makes an unnamed group, its
    `Alias` a stakeholder id; the date span, precision and origin come from the variables our files add (else
    the document's day, and origin `imported`)."""
    actors = actors if actors is not None else load_actors()
    issue_ids = issue_ids if issue_ids is not None else load_codebook().issue_ids
    documents, found = dnadb.read_database(path)
    docs = documents.set_index("document_id")
    by_file = {a.file: a for a in articles.values()}
    placed, unplaced, seen = [], [], {}
    for row in found.to_dict("records"):
        doc = docs.loc[row["document_id"]] if row["document_id"] in docs.index else None

        def skip(reason: str) -> None:
            unplaced.append({"dna_id": row["dna_id"], "document": "" if doc is None else doc["title"],
                             "organization": row["organization"] or row["person"], "concept": row["concept"],
                             "reason": reason})

        concept = _concept(row["concept"], mapping, issue_ids)
        if concept is None:
            skip(f"concept {row['concept']!r} is neither in the mapping file's concepts nor a codebook issue id")
            continue
        if row["organization_type"] == "group" and row["organization"]:
            holder = ("", row["organization"])
        elif row["organization_type"] == "stakeholder" and row["alias"]:
            holder = (row["alias"], "")
        else:
            holder = _holder(row, mapping, actors)
        if holder is None:
            skip(f"organization {row['organization'] or row['person']!r} is neither in the mapping file "
                 f"(organizations, groups) nor an id or name of the actor files")
            continue
        article = None if doc is None else _document_article(row["document_id"], doc, mapping, articles, by_file)
        if article is None:
            skip("its document is not an article of the corpus (its text, title and file differ; name its file "
                 "under documents: in the mapping file)")
            continue
        span = _place(article, doc["text"], int(row["start"]), int(row["stop"]), exact=bool(row["origin"]))
        if isinstance(span, str):
            skip(span)
            continue
        issue, inverted = concept
        agreement = int(row["agreement"])
        stance = ("support" if agreement > 0 else "oppose" if agreement < 0 else "neutral") \
            if row["agreement_type"] == "integer" else ("support" if agreement else "oppose")
        if inverted and stance != "neutral":
            stance = "oppose" if stance == "support" else "support"
        published = article.published.isoformat() if article.published else ""
        day = doc["date"] or ""
        start = row["date_start"] if row["origin"] else (day if day else published)
        end = row["date_end"] if row["origin"] else start
        precision = row["date_precision"] if row["origin"] else ("day" if start else "unknown")
        out = {"dna_id": int(row["dna_id"]), "article_id": article.article_id, "file": article.file,
               "char_start": span[0], "char_end": span[1], "evidence": span[2], "stakeholder_id": holder[0],
               "group_label": holder[1], "issue_id": issue, "stance": stance, "date_start": start,
               "date_end": end, "date_precision": precision, "speaker_name": row["person"],
               "origin": row["origin"] or "imported", "coder": row["coder"]}
        out["statement_id"] = statement_id(out)
        if out["statement_id"] in seen:
            skip(f"the same statement as DNA statement {seen[out['statement_id']]} (same sentence, holder, issue "
                 f"and stance)")
            continue
        seen[out["statement_id"]] = out["dna_id"]
        placed.append(out)
    return (pd.DataFrame(placed, columns=PLACED_COLUMNS).astype({"char_start": "int64", "char_end": "int64"}),
            pd.DataFrame(unplaced, columns=DB_UNPLACED_COLUMNS))


def _document_article(document_id, doc, mapping: Mapping, articles: dict, by_file: dict):
    same_text = articles.get(Article(file="", paragraphs=[str(doc["text"])]).article_id)
    if same_text is not None:
        return same_text
    notes = dict(part.strip().split(" ", 1) for part in str(doc["notes"]).split(";") if " " in part.strip())
    for key, table in (("article", articles), ("file", by_file)):
        if notes.get(key) in table:
            return table[notes[key]]
    named = _article({"document_id": str(document_id), "document_title": str(doc["title"])}, mapping, articles,
                     by_file)
    if named is not None:
        return named
    # a text typed again (other line breaks, a line added): the article whose words it holds, or that holds its
    words = " ".join(_loose(str(doc["text"])).split())
    holding = [a for a in articles.values() if (w := " ".join(_loose(a.text).split())) and (w in words or words in w)]
    return holding[0] if len(holding) == 1 else None


def _place(article, text: str, start: int, stop: int, exact: bool) -> tuple[int, int, str] | str:
    """(char_start, char_end, sentence) of a DNA statement coded at `start`..`stop` of a document's `text`, in
    `article`; a string says why it cannot be placed. With `exact` (a file we wrote) and the same text, the
    offsets are the evidence's."""
    if text == article.text:
        if exact:
            return start, stop, text[start:stop]
        at = start
    else:
        words = _loose(text[start:stop]).split()
        if not words:
            return "its coded text is empty"
        pattern = r"\s+".join(re.escape(w) for w in words)  # one character for one: offsets stay the article's
        hits = [m.start() for m in re.finditer(pattern, _loose(article.text))]
        if not hits:
            return f"its coded text {text[start:stop][:60]!r} is not in the corpus article {article.file}"
        at = min(hits, key=lambda h: abs(h - start))
    spans = sentence_spans(article)
    hit = spans[(spans["char_start"] <= at) & (at < spans["char_end"])]
    if not len(hit):
        hit = spans[spans["char_start"] >= at].head(1)
        if not len(hit):
            return f"its coded text starts after the last sentence of {article.file}"
    span = hit.iloc[0]
    return int(span["char_start"]), int(span["char_end"]), str(span["sentence"])


def database_decisions(placed: pd.DataFrame, analyst: str = "DNA import", time: str | None = None) -> pd.DataFrame:
    """The placed statements of a DNA database (`database_statements`) as `import` decisions of the corrections
    file: holder, issue, stance and sentence as the key, the speaker and the date span as new values, the DNA
    id, coder and origin in the note."""
    time = time or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    rows = []
    for p in placed.to_dict("records"):
        single = p["date_start"] == p["date_end"]
        rows.append({
            "action": "import", "article_id": p["article_id"], "char_start": p["char_start"],
            "char_end": p["char_end"], "stakeholder_id": p["stakeholder_id"], "group_label": p["group_label"],
            "issue_id": p["issue_id"], "stance": p["stance"], "evidence": p["evidence"],
            "new_speaker_name": p["speaker_name"], "new_speaker_kind": "person" if p["speaker_name"] else "",
            "new_date_start": p["date_start"], "new_date_end": p["date_end"] if p["date_start"] else "",
            "new_date_precision": p["date_precision"] if p["date_start"] and not (single and p["date_precision"] ==
                                                                                  "day") else "",
            "analyst": analyst, "time": time,
            "note": f"DNA statement {p['dna_id']} (coder {p['coder'] or 'unknown'}, origin {p['origin']})"})
    return pd.DataFrame(rows, columns=COLUMNS).astype(object).fillna("")


# ---------------------------------------------------------------------------------------------------- networks

def write_networks(statements: pd.DataFrame, folder: str | Path, names: dict[str, str] | None = None,
                   prefix: str = "", weight: str = "issues") -> list[Path]:
    """The agreement (DNA's congruence) and conflict networks of `statements` as `<prefix>agreement.graphml`
    and `<prefix>conflict.graphml` in `folder`, built by analysis/explore/networks.py (every stakeholder with a
    statement is a node; `names` label them)."""
    nodes = network_nodes(statements)
    folder = Path(folder)
    return [write_graphml(to_graph(build(statements, weight=weight), nodes, names, kind=kind),
                          folder / f"{prefix}{kind}.graphml")
            for kind, build in (("agreement", agreement_network), ("conflict", conflict_network))]
