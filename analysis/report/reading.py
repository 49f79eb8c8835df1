"""The reading of a sentence (`analysis.extraction.explain`) shown to people: as rich text in a terminal
(`stakeholders explain`) and, in a notebook, as displaCy views (the recognised spans and the dependency parse)
with a table of the statements (`explain(...)`, whose result renders itself in JupyterLab).

Both read the explanation's JSON document only through `sentence_fields` and `statement_fields`, so the terminal
and the notebook say the same thing in the same words. Article text is untrusted: every text is escaped
(rich markup is off; displaCy escapes its words; the tables are `display.Table`s).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..extraction.explain import OUTCOMES
from . import display

# displaCy span colours per kind of span (labels are "<kind>: <what>")
COLOURS = {"actor": "#a6cee3", "issue": "#b2df8a", "cue": "#fdbf6f", "holder": "#fb9a99"}


def _role(a: dict) -> str:
    if not a["person"]:
        return ""
    days = f" ({a['role_start'] or '…'} – {a['role_end'] or 'today'})" if a["role_start"] or a["role_end"] else ""
    known = "" if a["in_roles"] else ", not in roles.csv"
    return f"{a['person']}, {a['role'] or 'no role'}{days}{known}"


def sentence_fields(sentence: dict) -> list[tuple[str, str]]:
    """(field, text) lines of what a sentence holds: actors (whom each stands for, a person's role on the day and
    how it was recognised), issue mentions, cues, and the note when it makes no statement."""
    out = []
    for a in sentence["actors"]:
        who = " ".join(x for x in (a["kind"], a["stakeholder"]) if x)
        role = _role(a)
        members = f"; members {', '.join(a['members'])}" if a["members"] else ""
        out.append(("actor", f"{a['text']} → {who}{' · ' + role if role else ''} (by {a['how']}){members}"))
    for i in sentence["issues"]:
        target = i["issue_id"] or "unresolved"
        how = " (anaphor)" if i["anaphor"] else " (against: its stances count reversed)" if i.get("against") else ""
        out.append(("issue", f"{i['text']} → {target}{how}"))
    if sentence["cues"]:
        out.append(("cues", " · ".join(f"{c['text']} ({c['label']})" for c in sentence["cues"])))
    if sentence["note"]:
        out.append(("no statement", sentence["note"]))
    return out


def statement_fields(st: dict) -> list[tuple[str, str]]:
    """(field, text) lines of one statement: holder and the path to it, speaker, stance with its evidence,
    qualifiers, date and basis, and what became of it."""
    h, ev, date, sp = st["holder"], st["evidence"], st["date"], st["speaker"]
    who = st["stakeholder_id"] or st["group_label"]
    subjects = ", ".join(f"{s['text']} ({s['dep']})" for s in h["subjects"])
    out = [
        ("statement", f"{who} {st['stance'].upper()} {st['issue_id']} (\"{st['issue_text']}\"), confidence "
                      f"{st['confidence']}, {st['outcome']}"),
        ("holder", f"{who} ({h['kind']}): {h['resolved_by_means']}"),
        ("path", f"found at \"{h['found_at']}\"{' · ' + subjects if subjects else ''} · {h['route_means']}"),
    ]
    if sp["name"] or sp["role"]:
        out.append(("speaker", f"{sp['text']} → " + ", ".join(x for x in (sp["name"], sp["role"]) if x)
                    + ("" if sp["in_roles"] else " (not in roles.csv)")))
    stance = [f"cues: {', '.join(ev['cues']) or 'none'}"]
    if ev["negations"]:
        stance.append(f"negations: {ev['negations']} ({', '.join(ev['negation_words']) or 'the issue absent'})")
    if ev["modal"]:
        stance.append(f"modal: {', '.join(ev['modal_words'])}")
    stance += [f"{s}" for s in ev["signals"]]
    out.append(("stance", " · ".join(stance)))
    if st["conditional"]:
        out.append(("condition", st["condition"]))
    if st["constrained"]:
        out.append(("constrained", "yes: a constraint cue on the path"))
    if st["quantity"] is not None:
        out.append(("quantity", str(st["quantity"])))
    if st["outcome"] != "kept":
        out.append(("outcome", OUTCOMES[st["outcome"]]))
    when = date["start"] if date["start"] == date["end"] else f"{date['start']} – {date['end']}"
    said = f" from \"{date['text']}\"" if date["text"] else ""
    out.append(("date", f"{when or 'unknown'} ({date['precision']}), basis {date['basis']}{said}"))
    return out


def print_explanation(document: dict, console) -> None:
    """The explanation `document` printed on a rich `console`: per sentence its fields, then its statements."""
    from rich.table import Table
    from rich.text import Text

    day = document["published"] or "not given (relative dates stay unresolved)"
    console.print(Text(f"Published: {day} · codebook {document['codebook']} ({document['codebook_version']})"))
    for sentence in document["sentences"]:
        where = "headline" if sentence["headline"] else f"sentence {sentence['index'] + 1}"
        grid = Table(show_header=False, box=None, padding=(0, 1), title_justify="left",
                     title=Text(f"{where}: {sentence['text']}", style="bold"))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, text in sentence_fields(sentence):
            grid.add_row(name, Text(text))
        for st in sentence["statements"]:
            for name, text in statement_fields(st):
                grid.add_row(name, Text(text, style="bold" if name == "statement" else ""))
        console.print(grid)


class Reading:
    """An explanation shown in a notebook: per sentence a displaCy span view (actors, issues, cues, holders), the
    dependency parse (`parse=True`) and a table of its statements; `document` is the JSON document."""

    def __init__(self, explanation, parse: bool = True):
        self.explanation, self.document, self.parse = explanation, explanation.as_dict(), parse

    def statements(self) -> pd.DataFrame:
        """One row per statement: sentence number, then the `statement_fields` as columns."""
        rows = [{"sentence": s["index"] + 1, **dict(statement_fields(st))}
                for s in self.document["sentences"] for st in s["statements"]]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        from spacy import displacy

        parts = []
        for sentence, span in zip(self.document["sentences"], self.explanation.spans):
            where = "Headline" if sentence["headline"] else f"Sentence {sentence['index'] + 1}"
            parts.append(display.heading(where, 4)._repr_html_())
            if span is None:
                parts.append(display.note(f"{sentence['text']} — {sentence['note']}")._repr_html_())
                continue
            labelled = displacy_spans(sentence)
            parts.append(displacy.render(labelled, style="span", manual=True, jupyter=False,
                                         options={"colors": {s["label"]: COLOURS[s["label"].split(":")[0]]
                                                             for s in labelled["spans"]}}))
            if self.parse:
                parts.append(displacy.render(span, style="dep", jupyter=False,
                                             options={"compact": True, "distance": 100}))
            fields = sentence_fields(sentence) + [f for st in sentence["statements"] for f in statement_fields(st)]
            parts.append(display.table(pd.DataFrame(fields, columns=["field", "reading"]))._repr_html_())
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = []
        for sentence in self.document["sentences"]:
            lines.append(sentence["text"])
            fields = sentence_fields(sentence) + [f for st in sentence["statements"] for f in statement_fields(st)]
            lines += [f"  {name}: {text}" for name, text in fields]
        return "\n".join(lines)


def displacy_spans(sentence: dict) -> dict:
    """The sentence as displaCy's manual span data: its tokens, and a span per actor, issue mention, cue and
    holder (the words the holder was found through: the subjects at its node, else the node itself)."""
    spans = [(a["tokens"], f"actor: {a['stakeholder'] or a['kind']}") for a in sentence["actors"]]
    spans += [(i["tokens"], f"issue: {i['issue_id'] or 'anaphor'}") for i in sentence["issues"]]
    spans += [(c["tokens"], f"cue: {c['label']}") for c in sentence["cues"]]
    for st in sentence["statements"]:
        h = st["holder"]
        found = [s["tokens"] for s in h["subjects"]] or [[h["found_at_token"], h["found_at_token"] + 1]]
        spans += [(t, f"holder: {st['stakeholder_id'] or st['group_label']}") for t in found]
    unique = dict.fromkeys((tuple(t), label) for t, label in spans)
    return {"text": sentence["text"], "tokens": sentence["tokens"], "settings": {"lang": "en", "direction": "ltr"},
            "spans": [{"start_token": s, "end_token": e, "label": label} for (s, e), label in unique]}


def explain(text: str, published: str | dt.date | None = None, title: str = "", codebook: str | Path | None = None,
            actors: str | Path | None = None, parse: bool = True) -> Reading:
    """How the extraction reads `text` (a sentence or a few paragraphs) published on `published` (a day or
    "YYYY-MM-DD"), under the headline `title`, with a codebook file and an actors folder (default: the bundled
    ones): a `Reading`, shown in JupyterLab as displaCy views and a table."""
    from ..extraction.explain import explain as read, extractor_for

    day = dt.date.fromisoformat(published) if isinstance(published, str) else published
    extractor = extractor_for(Path(codebook) if codebook else None, Path(actors) if actors else None)
    return Reading(read(text, day, title, extractor), parse)
