"""Positions: load a run, filter it, and summarise who stands where on which issue.

Everything here takes and returns pandas DataFrames whose columns are listed in each docstring. Statements are
those of the `statements` table (docs/OUTPUTS.md) with the article's `source`, `title` and `url`
added by `load_run`; functions that need the article fields fill them with "" when they are absent, so a frame
built by hand with only the contract columns works too.

Only statements by a named stakeholder (`stakeholder_id` not empty) count for positions; statements by unnamed
groups ("many officials") stay in the run for reading but hold no position of a stakeholder.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..extraction.actors import load_actors
from ..extraction.codebook import load_codebook
from ..io.contract import ORIGINS, STANCES
from ..io.errors import ConfigError, RunError
from ..io.resources import find_folder
from ..io.store import is_run, read_meta, read_run

# The order in which statements are placed in time: their date span, then the article, then the sentence.
CHRONOLOGICAL = ["date_start", "date_end", "published", "file", "char_start"]
ARTICLE_FIELDS = ["source", "title", "url"]


@dataclass
class Run:
    """The tables of one run, as analysis functions read them.

    articles, statements, events: the run's tables (statements and events with the article's source, title, url
    and published day added); issues: `issue_id, label, description` in codebook order; stakeholders:
    `stakeholder_id, name, kind`; meta: the run's run.json (empty when the run was extracted in memory);
    uncertain: the statements `filter_run` set apart for a confidence below `min_confidence` (the columns of
    statements; none until a minimum is given).
    """

    articles: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    issues: pd.DataFrame
    stakeholders: pd.DataFrame
    meta: dict = field(default_factory=dict)
    path: Path | None = None
    uncertain: pd.DataFrame | None = None
    min_confidence: float = 0.0


# ---------------------------------------------------------------------------------------------------- loading

def load_run(source: str | Path, codebook: str | Path | None = None) -> Run:
    """Load a run folder (written by `stakeholders extract`), or extract a corpus folder in memory.

    `codebook` gives the issue labels and order; by default the codebook named in the run's run.json, else the
    bundled one. A corpus folder is extracted with `codebook` (or the bundled one).
    """
    path = find_folder(source)
    if not path.is_dir():
        raise RunError(f"{path}: no such run or corpus folder")
    if is_run(path):
        meta = read_meta(path)
        found = {name: read_run(path, name, remember=True) for name in ("articles", "statements", "events")}
    else:
        from ..runs.runner import extract_corpus  # the parser is loaded only when a corpus is given
        found = extract_corpus(path, codebook=codebook)
        meta = {"corpus": str(path.resolve()), "codebook": str(codebook or "")}
        path = None
    articles = found["articles"]
    statements = with_article_fields(found["statements"], articles)
    events = with_article_fields(found["events"], articles)
    issues = issue_table(codebook or meta.get("codebook") or None, statements)
    return Run(articles, statements, events, issues, stakeholder_table(statements, events, meta), meta, path)


def with_article_fields(df: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`df` (statements or events) with the article's `source`, `title`, `url` and `published` joined on `file`."""
    wanted = [c for c in ARTICLE_FIELDS + ["published"] if c not in df.columns]
    if not wanted:
        return df
    extra = articles.drop_duplicates("file").set_index("file")[wanted]
    out = df.join(extra, on="file")
    for col in wanted:
        out[col] = out[col].fillna("").astype(str)
    return out


def issue_table(codebook: str | Path | None, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """The codebook's issues: `issue_id, label, description`, in codebook order.

    An issue of `statements` missing from the codebook is appended with its id as label. A codebook path that
    no longer exists (a run moved from another machine) falls back to the bundled codebook only when it holds
    the run's issues; otherwise to the issue ids of `statements`.
    """
    seen = sorted(set(statements["issue_id"].unique()) - {""}) if statements is not None and len(statements) else []
    rows: list[dict] = []
    path = Path(codebook) if codebook else None
    if path is None or path.exists():
        try:
            cb = load_codebook(path)
        except ConfigError as err:
            raise RunError(str(err)) from None
        rows = [{"issue_id": i.id, "label": i.label, "description": " ".join(i.description.split())}
                for i in cb.issues]
        if path is None and not set(seen) <= {r["issue_id"] for r in rows}:
            rows = []
    known = {r["issue_id"] for r in rows}
    rows += [{"issue_id": i, "label": i, "description": ""} for i in seen if i not in known]
    return pd.DataFrame(rows, columns=["issue_id", "label", "description"]).astype(str)


def stakeholder_table(statements: pd.DataFrame, events: pd.DataFrame | None = None,
                      meta: dict | None = None) -> pd.DataFrame:
    """Every stakeholder of the statements and events: `stakeholder_id, name, kind` (name and kind from the
    actor files of the run: the bundled ones with its actors folder, when it still exists, merged over them; the
    id when a stakeholder is in neither)."""
    ids = set(statements["stakeholder_id"].unique()) if len(statements) else set()
    if events is not None and len(events):
        ids |= {a for actors in events["actors"] for a in actors.split(";")}
    ids.discard("")
    folder = (meta or {}).get("actors_dir")
    folder = folder if folder and Path(folder).is_dir() else None
    try:
        actors = load_actors(folder).actors
    except ConfigError:
        actors = {}
    rows = [{"stakeholder_id": i, "name": actors[i].name if i in actors else i,
             "kind": actors[i].kind if i in actors else ""} for i in sorted(ids)]
    return pd.DataFrame(rows, columns=["stakeholder_id", "name", "kind"]).astype(str)


# ---------------------------------------------------------------------------------------------------- filtering

def as_list(value) -> list[str]:
    """A parameter given as None, "", "a,b", "a;b" or a list, as a list of non-empty strings. Commas separate
    (a shell cuts a command at `;`), unless the text holds a `;`: then only `;` does, so a name holding a comma
    can be given ("Name, Inc;" or "Name, Inc;Other")."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(";") if ";" in value else value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def iso_day(value, name: str = "date") -> str:
    """`value` (an ISO day string, a date, or empty) as "YYYY-MM-DD" ("" when empty); a clear error otherwise."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise RunError(f"{name}: {value!r} is not an ISO day (YYYY-MM-DD)") from None


def overlaps(df: pd.DataFrame, date_from: str = "", date_to: str = "") -> pd.Series:
    """Rows whose span `date_start`..`date_end` overlaps `date_from`..`date_to` (undated rows never do when a
    bound is given)."""
    keep = pd.Series(True, index=df.index)
    if date_from or date_to:
        keep &= df["date_start"].ne("")
    if date_from:
        keep &= df["date_end"].where(df["date_end"].ne(""), df["date_start"]) >= date_from
    if date_to:
        keep &= df["date_start"] <= date_to
    return keep


def _any_of(joined: pd.Series, wanted: list[str]) -> pd.Series:
    wanted_set = set(wanted)
    return joined.map(lambda s: bool(wanted_set & set(s.split(";")))).astype(bool)


def filter_run(run: Run, issues=None, stakeholders=None, date_from=None, date_to=None, sources=None,
               min_confidence=None) -> Run:
    """The run restricted to some issues, stakeholders, a date span (ISO days, inclusive) and sources, with the
    statements below `min_confidence` set apart in `uncertain` (shown as uncertain, counted nowhere else).

    Each filter is optional (None, "" or [] keeps everything; lists may be given as "a;b"). Statements are kept
    when their issue, stakeholder and source match and their date span overlaps the span asked; events when one
    of their issues and one of their actors match; articles when their source matches, their publication day
    lies in the span and, with an issue or stakeholder filter, they hold a statement or event that was kept.
    An issue or stakeholder unknown to the run is an error naming the known ones.
    """
    issues, stakeholders, sources = as_list(issues), as_list(stakeholders), as_list(sources)
    date_from, date_to = iso_day(date_from, "date_from"), iso_day(date_to, "date_to")
    if date_from and date_to and date_from > date_to:
        raise RunError(f"date_from {date_from} is after date_to {date_to}")
    unknown = sorted(set(issues) - set(run.issues["issue_id"]))
    if unknown:
        raise RunError(f"unknown issue(s) {', '.join(unknown)}; the codebook has "
                       f"{', '.join(run.issues['issue_id']) or 'none'}")
    unknown = sorted(set(stakeholders) - set(run.stakeholders["stakeholder_id"]))
    if unknown:
        raise RunError(f"unknown stakeholder(s) {', '.join(unknown)}; the run has "
                       f"{', '.join(run.stakeholders['stakeholder_id']) or 'none'}")
    st, ev, ar = run.statements, run.events, run.articles
    if run.uncertain is not None and len(run.uncertain):
        st = pd.concat([st, run.uncertain], ignore_index=True)
    keep_st, keep_ev = overlaps(st, date_from, date_to), overlaps(ev, date_from, date_to)
    keep_ar = pd.Series(True, index=ar.index)
    if issues:
        keep_st &= st["issue_id"].isin(issues)
        keep_ev &= _any_of(ev["issue_ids"], issues)
    if stakeholders:
        keep_st &= st["stakeholder_id"].isin(stakeholders)
        keep_ev &= _any_of(ev["actors"], stakeholders)
    if sources:
        keep_st &= st["source"].isin(sources)
        keep_ev &= ev["source"].isin(sources)
        keep_ar &= ar["source"].isin(sources)
    if date_from or date_to:
        keep_ar &= ar["published"].ne("")
        keep_ar &= ar["published"].ge(date_from) if date_from else True
        keep_ar &= ar["published"].le(date_to) if date_to else True
    st, ev = st[keep_st].reset_index(drop=True), ev[keep_ev].reset_index(drop=True)
    if issues or stakeholders:
        keep_ar &= ar["file"].isin(set(st["file"].unique()) | set(ev["file"].unique()))
    floor = confidence_floor(min_confidence) if min_confidence not in (None, "") else run.min_confidence
    confidence = pd.to_numeric(st["confidence"], errors="coerce") if "confidence" in st.columns \
        else pd.Series(float("nan"), index=st.index)
    sure = confidence.isna() | confidence.ge(floor)  # a row without a confidence (coded by hand) counts
    return replace(run, statements=st[sure].reset_index(drop=True), events=ev,
                   articles=ar[keep_ar].reset_index(drop=True), uncertain=st[~sure].reset_index(drop=True),
                   min_confidence=floor)


def confidence_floor(value) -> float:
    """A `min_confidence` parameter as a number between 0 and 1 (RunError otherwise)."""
    try:
        floor = float(value)
    except (TypeError, ValueError):
        raise RunError(f"min_confidence {value!r} is not a number; give one between 0 and 1") from None
    if not 0 <= floor <= 1:
        raise RunError(f"min_confidence {floor} is not between 0 and 1")
    return floor


# ---------------------------------------------------------------------------------------------------- helpers

def chronological(df: pd.DataFrame, keep: list[str] | None = None) -> pd.DataFrame:
    """`df` sorted by date span, publication day, file and offset (the columns it has of these); with `keep`,
    only those of its columns and the sort keys (sorting fewer columns of a large table is faster)."""
    keys = [c for c in CHRONOLOGICAL if c in df.columns]
    if keep is not None:
        df = df[[c for c in df.columns if c in keys or c in keep]]
    return df.sort_values(keys, kind="stable", ignore_index=True) if len(df) else df.reset_index(drop=True)


def _fields(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with the optional article fields present (empty when unknown)."""
    missing = [c for c in ARTICLE_FIELDS + ["published"] if c not in df.columns]
    return df.assign(**{c: "" for c in missing}) if missing else df


def by_stakeholders(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements of named stakeholders only (unnamed groups hold no stakeholder's position)."""
    return _fields(statements[statements["stakeholder_id"].ne("")])


def speaker_label(df: pd.DataFrame) -> pd.Series:
    """Who spoke, for display: the speaker's name, else the unnamed group, else "" (the stakeholder is in its
    own column: repeating its code here would read as a speaker)."""
    return df["speaker_name"].where(df["speaker_name"].ne(""), df["group_label"])


def prevailing(n_support: pd.Series, n_oppose: pd.Series, n_neutral: pd.Series) -> pd.Series:
    """The stance held by most statements; `mixed` when support and oppose tie for first place, and the
    tied stance other than neutral when neutral ties with one of them."""
    counts = pd.DataFrame({"support": n_support, "oppose": n_oppose, "neutral": n_neutral})
    top = counts.max(axis=1)
    out = pd.Series("neutral", index=counts.index, dtype=object)
    out[counts["oppose"].eq(top)] = "oppose"
    out[counts["support"].eq(top)] = "support"
    out[counts["support"].eq(top) & counts["oppose"].eq(top)] = "mixed"
    out[top.eq(0)] = ""
    return out.astype(str)


def stakeholder_names(run: Run) -> dict[str, str]:
    """stakeholder_id -> display name ("Name (ID)", or the id when the name is the id)."""
    return {r.stakeholder_id: (f"{r.name} ({r.stakeholder_id})" if r.name != r.stakeholder_id else r.name)
            for r in run.stakeholders.itertuples()}


def issue_labels(run: Run) -> dict[str, str]:
    """issue_id -> the codebook's label."""
    return dict(zip(run.issues["issue_id"], run.issues["label"]))


def describe_issue(run: Run, issue: str) -> str:
    """The codebook's description of `issue` ("" when it has none)."""
    found = run.issues.loc[run.issues["issue_id"].eq(issue), "description"]
    return str(found.iloc[0]) if len(found) else ""


def pick_stakeholder(statements: pd.DataFrame, stakeholder: str = "") -> str:
    """`stakeholder`, or when empty the stakeholder with most statements (ties: the first id); "" if none."""
    if stakeholder:
        return stakeholder
    st = by_stakeholders(statements)
    if not len(st):
        return ""
    counts = st.groupby("stakeholder_id").size()
    return str(counts[counts.eq(counts.max())].index.sort_values()[0])


def pick_issue(statements: pd.DataFrame, issue: str = "") -> str:
    """`issue`, or when empty the issue with most statements (ties: the first id); "" if none."""
    if issue or not len(statements):
        return issue
    counts = statements.groupby("issue_id").size()
    return str(counts[counts.eq(counts.max())].index.sort_values()[0])


# ---------------------------------------------------------------------------------------------------- positions

MATRIX_COLUMNS = [
    "stakeholder_id", "issue_id", "n_statements", "n_articles", "n_support", "n_oppose", "n_neutral",
    "net_stance", "position", "conditional_share", "constrained_share", "first_date", "latest_date",
    "latest_stance", "latest_evidence", "latest_speaker", "latest_source", "latest_title", "latest_file",
]


def stance_matrix(statements: pd.DataFrame) -> pd.DataFrame:
    """Stakeholders by issues: one row per stakeholder and issue with at least one statement.

    Columns: `stakeholder_id, issue_id`; `n_statements`, `n_articles`; `n_support, n_oppose, n_neutral`;
    `net_stance` = (support - oppose) / statements, from -1 (all oppose) to 1 (all support), rounded to 3
    places; `position`: the prevailing stance (see `prevailing`); `conditional_share`, `constrained_share`:
    the share of statements with that qualifier; `first_date`, `latest_date`: the first and latest dated
    statement (date_start; "" when none is dated); `latest_stance, latest_evidence, latest_speaker,
    latest_source, latest_title, latest_file`: the latest statement in time (undated statements come first, so
    a dated one is preferred). Sorted by stakeholder and issue.
    """
    st = chronological(by_stakeholders(statements), ["stakeholder_id", "issue_id", "stance", "conditional",
                                                      "constrained", "evidence", "speaker_name", "group_label",
                                                      "source", "title", "file"])
    if not len(st):
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    st = st.assign(speaker=speaker_label(st), **{f"is_{s}": st["stance"].eq(s) for s in STANCES})
    groups = st.groupby(["stakeholder_id", "issue_id"], sort=True)
    out = groups.agg(
        n_statements=("stance", "size"), n_articles=("file", "nunique"),
        n_support=("is_support", "sum"), n_oppose=("is_oppose", "sum"), n_neutral=("is_neutral", "sum"),
        conditional_share=("conditional", "mean"), constrained_share=("constrained", "mean"),
    )
    dated = st[st["date_start"].ne("")].groupby(["stakeholder_id", "issue_id"])["date_start"]
    out["first_date"], out["latest_date"] = dated.min(), dated.max()
    latest = groups.tail(1).set_index(["stakeholder_id", "issue_id"])
    for col, src in [("latest_stance", "stance"), ("latest_evidence", "evidence"), ("latest_speaker", "speaker"),
                     ("latest_source", "source"), ("latest_title", "title"), ("latest_file", "file")]:
        out[col] = latest[src]
    out = out.reset_index()
    out[["first_date", "latest_date"]] = out[["first_date", "latest_date"]].fillna("").astype(str)
    counts = ["n_statements", "n_articles", "n_support", "n_oppose", "n_neutral"]
    out[counts] = out[counts].astype("int64")
    out["net_stance"] = ((out["n_support"] - out["n_oppose"]) / out["n_statements"]).round(3)
    out[["conditional_share", "constrained_share"]] = out[["conditional_share", "constrained_share"]].round(3)
    out["position"] = prevailing(out["n_support"], out["n_oppose"], out["n_neutral"])
    return out[MATRIX_COLUMNS]


COALITION_COLUMNS = ["issue_id", "position", "n_stakeholders", "n_statements", "stakeholders", "conditional"]


def coalitions(statements: pd.DataFrame) -> pd.DataFrame:
    """Who stands with whom, per issue: one row per issue and prevailing position (support, oppose, neutral,
    mixed; see `stance_matrix`).

    Columns: `issue_id, position, n_stakeholders, n_statements` (of those stakeholders on the issue);
    `stakeholders`: their ids, most statements first (then by id), joined by ";"; `conditional`: those among
    them whose statements on the issue are mostly conditional, joined by ";". Sorted by issue, then support,
    oppose, mixed, neutral.
    """
    matrix = stance_matrix(statements)
    if not len(matrix):
        return pd.DataFrame(columns=COALITION_COLUMNS)
    matrix = matrix.sort_values(["issue_id", "n_statements", "stakeholder_id"], ascending=[True, False, True])
    order = {"support": 0, "oppose": 1, "mixed": 2, "neutral": 3}
    rows = []
    for (issue, position), group in matrix.groupby(["issue_id", "position"], sort=False):
        rows.append({
            "issue_id": issue, "position": position, "n_stakeholders": len(group),
            "n_statements": int(group["n_statements"].sum()), "stakeholders": ";".join(group["stakeholder_id"]),
            "conditional": ";".join(group.loc[group["conditional_share"] > 0.5, "stakeholder_id"]),
        })
    out = pd.DataFrame(rows, columns=COALITION_COLUMNS)
    out["_order"] = out["position"].map(order)
    return out.sort_values(["issue_id", "_order"], ignore_index=True).drop(columns="_order")


EVIDENCE_COLUMNS = ["date_start", "date_end", "date_precision", "stakeholder_id", "issue_id", "stance", "speaker",
                    "evidence", "source", "title", "file"]


def evidence_rows(statements: pd.DataFrame, extra: list[str] | tuple = ()) -> pd.DataFrame:
    """Statements as an analyst reads them, in time order: the columns of EVIDENCE_COLUMNS (`speaker` is
    `speaker_label`), then the `extra` columns asked for."""
    st = chronological(_fields(statements))
    return st.assign(speaker=speaker_label(st) if len(st) else "")[EVIDENCE_COLUMNS + list(extra)]


def qualified_positions(statements: pd.DataFrame) -> pd.DataFrame:
    """Conditional and constrained positions, in time order: EVIDENCE_COLUMNS plus `qualifier` (conditional,
    constrained, or both joined by " + ") and `condition` (the condition's text)."""
    st = by_stakeholders(statements)
    st = st[st["conditional"] | st["constrained"]]
    qualifier = (st["conditional"].map({True: "conditional", False: ""}).astype(str) + " + "
                 + st["constrained"].map({True: "constrained", False: ""}).astype(str)).str.strip(" +")
    return evidence_rows(st.assign(qualifier=qualifier), ["qualifier", "condition"])


def quantities(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements asking for or pledging a number, in time order: EVIDENCE_COLUMNS plus `quantity` (Int64).
    Only statements taking a side (support or oppose) count: a number in a neutral statement is a count or a
    stock ("X has 600,000 troops deployed"), not something asked for or pledged."""
    return evidence_rows(statements[statements["quantity"].notna() & statements["stance"].isin(["support", "oppose"])],
                         ["quantity"])


SPEAKER_COLUMNS = ["speaker", "speaker_role", "stakeholder_id", "n_statements", "issues", "first_date",
                   "latest_date"]


def speakers(statements: pd.DataFrame) -> pd.DataFrame:
    """Who speaks for each stakeholder: one row per speaker (`speaker_label`), role and stakeholder.

    Columns: `speaker, speaker_role, stakeholder_id, n_statements`; `issues`: the issues spoken on, joined by
    ";"; `first_date, latest_date` of the dated statements ("" when none). Most statements first.
    """
    st = by_stakeholders(statements)
    if not len(st):
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    st = st.assign(speaker=speaker_label(st), day=st["date_start"].where(st["date_start"].ne("")))
    out = st.groupby(["speaker", "speaker_role", "stakeholder_id"], sort=True).agg(
        n_statements=("stance", "size"), issues=("issue_id", lambda s: ";".join(sorted(set(s)))),
        first_date=("day", "min"), latest_date=("day", "max")).reset_index()
    out[["first_date", "latest_date"]] = out[["first_date", "latest_date"]].fillna("").astype(str)
    out = out.sort_values(["n_statements", "speaker"], ascending=[False, True], ignore_index=True)
    return out[SPEAKER_COLUMNS]


def summary(run: Run) -> pd.DataFrame:
    """What a (filtered) run holds: one row per measure (`measure, value`): articles, articles without a date,
    statements, statements by unnamed groups, stakeholders, issues, events, the share of statements a person
    stands behind (`confirmed_share`), first and last publication day."""
    ar, st = run.articles, run.statements
    ar = ar[ar["n_paragraphs"].fillna(0) > 0] if "n_paragraphs" in ar else ar
    dated = ar.loc[ar["published"].ne(""), "published"]
    rows = [
        ("articles", len(ar)), ("articles without a publication date", int(ar["published"].eq("").sum())),
        ("statements", len(st)), ("statements by unnamed groups", int(st["stakeholder_id"].eq("").sum())),
        ("stakeholders", st.loc[st["stakeholder_id"].ne(""), "stakeholder_id"].nunique()),
        ("issues", st["issue_id"].nunique()), ("events", len(run.events)),
        ("statements a person stands behind (confirmed, corrected or added)", f"{confirmed_share(st):.0%}"),
        ("first publication day", dated.min() if len(dated) else ""),
        ("last publication day", dated.max() if len(dated) else ""),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"]).astype({"value": str})


# ---------------------------------------------------------------------------------------------------- who stands behind the rows

def origin_counts(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements per origin (`origin, n_statements, share`), in the order machine, confirmed, corrected, added,
    imported; a table without an `origin` column counts as the machine's."""
    origin = statements["origin"] if "origin" in statements.columns else pd.Series("machine", index=statements.index)
    counts = origin.replace("", "machine").value_counts().reindex(list(ORIGINS), fill_value=0)
    out = counts.rename("n_statements").rename_axis("origin").reset_index()
    out["n_statements"] = out["n_statements"].astype("int64")
    out["share"] = out["n_statements"] / len(statements) if len(statements) else 0.0
    return out


def confirmed_share(statements: pd.DataFrame) -> float:
    """The share of statements a person stands behind (confirmed, corrected, added or imported: every origin but
    `machine`); 0.0 for no statement."""
    counts = origin_counts(statements)
    return float(counts.loc[counts["origin"] != "machine", "share"].sum()) if len(statements) else 0.0
