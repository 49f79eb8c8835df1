"""The `stakeholders` command line (typer): extract, evaluate, agreement, report, dna-import, dna-export,
explain, check-codebook.

Each command imports the layers it needs when it runs, so `stakeholders --help` or a run served from the cache
does not pay for spaCy, papermill or altair.

Exit codes: 0 when the corpus could be processed (problems with single files are reported, not fatal);
1 when the run was written but not one article could be read (every file skipped: the reasons are in its
problems); 2 when the run could not start (no such folder, a folder without any article file, an invalid
codebook or actor file, an output folder that already holds a run without --force).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .io.errors import ConfigError, EmptyCorpus, ReportError, RunError, RunExists

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Stakeholder positions and timelines from news articles.")
console = Console(stderr=True)


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


@app.command()
def extract(
    corpus_dir: Path = typer.Argument(..., help="Folder of articles (.txt, .md, .html, .json, manifest.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Run folder to write (CSV, Parquet, DuckDB)."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (default: data/codebook.yaml)."),
    actors: Path = typer.Option(None, "--actors", help="Folder with states.yaml / organisations.yaml / roles.csv / "
                                                      "regions.yaml added to the bundled ones, overriding them by "
                                                      "key (README: actors)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing run in OUT."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    corrections: Path = typer.Option(None, "--corrections", help="Analysts' decisions (CSV) applied after "
                                     "extraction (default: corrections.csv in CORPUS_DIR, when there is one)."),
    no_corrections: bool = typer.Option(False, "--no-corrections", help="Apply no corrections: the machine's "
                                        "statements alone."),
    workers: int = typer.Option(min(os.cpu_count() or 1, 8), "--workers", "-j", min=1,
                                help="Processes on this machine (default: one per core)."),
    cache: Path = typer.Option(None, "--cache", help="Folder of the article cache (default: $STAKEHOLDERS_CACHE "
                                                     "or ~/.cache/stakeholders)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every article again."),
    scheduler: str = typer.Option(None, "--scheduler", help="dask.distributed scheduler address, or 'local' for "
                                                            "a LocalCluster on this machine."),
) -> None:
    """Extract articles, statements and events from CORPUS_DIR into OUT."""
    from .io.ingest import corpus_files
    from .runs.runner import extract_to_run

    if not corpus_dir.is_dir():
        _fail(f"corpus folder not found: {corpus_dir}")
    n_files = len(corpus_files(corpus_dir, []))
    try:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, disable=quiet, transient=True) as bar:
            task = bar.add_task("extracting", total=n_files)
            done = extract_to_run(corpus_dir, out, codebook=codebook, actors=actors, force=force, workers=workers,
                                  cache=False if no_cache else (cache or True), scheduler=scheduler,
                                  corrections=False if no_corrections else corrections,
                                  progress=lambda _: bar.advance(task))
    except (ConfigError, RunExists, EmptyCorpus) as err:
        _fail(str(err))
    if not _summary(out, done.applied, done.from_cache):
        console.print(f"[bold red]error:[/] not one article could be read from {corpus_dir}: every file was skipped "
                      f"(the reasons are listed above and in {out / 'problems.csv'})", highlight=False)
        raise typer.Exit(1)


def _summary(out: Path, applied=None, from_cache: int = 0, title: str = "") -> int:
    """One screen on the run just written (counted by DuckDB, so a large run is not read into memory); returns
    the number of articles read."""
    import duckdb

    from .io.contract import ORIGINS
    from .io.store import read_meta, read_run

    with duckdb.connect(str(out / "run.duckdb"), read_only=True) as con:
        def one(sql: str):
            return con.execute(sql).fetchall()[0]
        read, skipped, undated = one("SELECT count(*) FILTER (n_paragraphs > 0), count(*) FILTER (n_paragraphs = 0), "
                                     "count(*) FILTER (n_paragraphs > 0 AND published = '') FROM articles")
        n_st, by_actor, by_group, actors, issues = one(
            "SELECT count(*), count(*) FILTER (stakeholder_id <> ''), count(*) FILTER (speaker_kind = 'group'), "
            "count(DISTINCT stakeholder_id) FILTER (stakeholder_id <> ''), count(DISTINCT issue_id) FROM statements")
        n_events = one("SELECT count(*) FROM events")[0]
        n_people = one("SELECT count(DISTINCT person) FROM new_people")[0]
        origins = dict(con.execute("SELECT origin, count(*) FROM statements GROUP BY origin").fetchall())
    ignored = int(read_meta(out).get("files_ignored", 0))
    grid = Table(title=title or f"Run written to {out}", show_header=False, box=None)
    grid.add_row("articles read", f"{read}" + (f" ({from_cache} files from the cache)" if from_cache else ""))
    grid.add_row("files skipped", f"{skipped + ignored}" + (f" ({ignored} not an article format)" if ignored else ""))
    grid.add_row("articles without a publication date", str(undated))
    grid.add_row("statements", f"{n_st} ({by_actor} by stakeholders, {by_group} by unnamed groups)")
    grid.add_row("stakeholders / issues", f"{actors} / {issues}")
    grid.add_row("events", str(n_events))
    grid.add_row("speakers missing from roles.csv", str(n_people))
    if applied is not None:
        counts = applied.counts
        grid.add_row("corrections", f"{counts['applied']} applied, "
                                    f"{len(applied.log) - counts['applied']} not applied (listed in problems)")
        grid.add_row("statements by origin", ", ".join(f"{o} {int(origins.get(o, 0))}" for o in ORIGINS))
    problems = read_run(out, "problems")
    grid.add_row("problems", str(len(problems)))
    console.print(grid)
    for _, row in problems.head(12).iterrows():
        console.print(f"  - {row['file']}: {row['problem']}" if row["file"] and not row["problem"].startswith(row["file"])
                      else f"  - {row['problem']}", highlight=False, markup=False)
    if len(problems) > 12:
        console.print(f"  ... and {len(problems) - 12} more in {out / 'problems.csv'}")
    return read


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold YAML (the format of the seed gold.yaml)."),
    run: Path = typer.Argument(..., help="Run folder holding statements.csv and events.csv."),
    per_article: bool = typer.Option(True, "--per-article/--overall", help="Print one line per article too."),
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss and extra."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    corrections: Path = typer.Option(None, "--corrections", help="Also report how often the machine agrees with "
                                     "the analysts' decisions of this corrections file, per issue and per "
                                     "stakeholder (RUN must hold the machine's statements alone)."),
) -> None:
    """Score a run against hand-coded gold: precision, recall, F1, speaker, date, quantity, events, groups."""
    import pandas as pd

    from .explore.evaluate import evaluate as score, summary_line

    for p in (gold, run / "statements.csv", run / "events.csv"):
        if not p.exists():
            _fail(f"not found: {p}")
    agreed = _agreement_tables(run, corrections) if corrections is not None else None
    read = lambda name: pd.read_csv(run / name, dtype=str, keep_default_na=False)
    table, messages = score(gold, read("statements.csv"), read("events.csv"))
    if as_json:
        scores = table.to_dict("records")
        print(json.dumps(scores if agreed is None else {"scores": scores, "agreement": _as_records(agreed)},
                         indent=2))
        return
    if misses:
        for m in messages:
            print(f"  {m}")
    if per_article:
        for _, row in table.iloc[:-1].iterrows():
            print(f"{row.file}: {summary_line(row)}")
    print(summary_line(table.iloc[-1]))
    if agreed is not None:
        _print_agreement(agreed)


@app.command()
def agreement(
    run: Path = typer.Argument(..., help="Run folder (from `stakeholders extract`)."),
    corrections: Path = typer.Option(None, "--corrections", help="Corrections file to compare the run's "
                                     "statements with (RUN must then hold the machine's statements alone); "
                                     "default: the decisions the run was extracted with."),
    as_json: bool = typer.Option(False, "--json", help="Print the tables as JSON."),
) -> None:
    """How often the machine agrees with the analysts' confirmed, corrected and rejected statements, and what it
    missed, per issue and per stakeholder."""
    agreed = _agreement_tables(run, corrections)
    if as_json:
        print(json.dumps(_as_records(agreed), indent=2))
        return
    _print_agreement(agreed)


def _agreement_tables(run: Path, corrections: Path | None) -> dict:
    from .runs.corrections import agreement as agree, run_log

    if not (run / "statements.parquet").exists():
        _fail(f"not a run folder (no statements.parquet): {run}")
    try:
        log = run_log(run, corrections)
    except (ValueError, FileNotFoundError) as err:
        _fail(str(err))
    return {by: agree(log, by) for by in ("issue_id", "stakeholder_id")}


def _as_records(tables: dict) -> dict:
    return {by: json.loads(df.to_json(orient="records")) for by, df in tables.items()}


def _print_agreement(tables: dict) -> None:
    print("Agreement with analysts (reviewed: the machine's statements they confirmed, corrected or rejected; "
          "missed: statements they added)")
    for by, df in tables.items():
        shown = df.assign(**{by: df[by].replace("", "(unnamed groups)"),
                             "agreement": df["agreement"].map(lambda v: "" if v != v else f"{v:.2f}"),
                             "kept": df["kept"].map(lambda v: "" if v != v else f"{v:.2f}")})
        shown.columns = [c.removeprefix("n_").removesuffix("_id") for c in shown.columns]
        print()
        print(shown.to_string(index=False))


@app.command()
def report(
    source: Path = typer.Argument(..., help="A run folder (from `stakeholders extract`) or a corpus folder "
                                            "(extracted first, into the report's run/)."),
    out: Path = typer.Option(..., "--out", "-o", help="Report folder to write, anywhere: a new or empty folder, or "
                                                      "a previous report (replaced with --force)."),
    param: list[str] = typer.Option(None, "--param", "-p", help="A notebook parameter, key=value (repeatable): "
                                    "issues, stakeholders, sources (several separated by commas: ESP,POL), "
                                    "date_from, date_to, title, stakeholder, issue, codebook, min_confidence."),
    each: str = typer.Option(None, "--each", help="issue: one issue report per codebook issue; stakeholder: one "
                                                  "stakeholder report per stakeholder."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (to extract a corpus, and for labels)."),
    actors: Path = typer.Option(None, "--actors", help="Actor files folder added to the bundled ones (to extract a "
                                                      "corpus)."),
    root: Path = typer.Option(Path("outputs"), "--root", help="The folder whose index.html lists the reports "
                                                              "inside it."),
    self_contained: bool = typer.Option(False, "--self-contained", help="Put the chart library (about 900 KB) into "
                                        "each HTML page instead of one shared assets/vega-embed.js."),
    force: bool = typer.Option(False, "--force", help="Replace an existing report in OUT (once the new one is "
                                                      "complete)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress messages."),
) -> None:
    """Execute the report notebooks against SOURCE into OUT: .ipynb and offline .html per report, index.html."""
    from .report.build import make_report
    from .report.notebooks import parse_params

    try:
        params = parse_params(param)
        folder = make_report(source, out, params, each=each, force=force, root=root, codebook=codebook,
                             actors=actors, self_contained=self_contained,
                             progress=None if quiet else (lambda m: console.print(m, highlight=False, markup=False)),
                             extracted=lambda run, done: _summary(
                                 run, done.applied, done.from_cache,
                                 f"{source} extracted (the run is kept in {out / 'run'})"))
    except (ReportError, FileNotFoundError) as err:
        _fail(str(err))
    console.print(f"Reports written to {folder}; open {folder / 'index.html'}", highlight=False, markup=False)


@app.command("dna-import")
def dna_import(
    export: Path = typer.Argument(..., help="A DNA 3 database (.dna), or a DNA event-list export (CSV; or "
                                            "document, person, organization, concept, agreement, date columns)."),
    corpus_dir: Path = typer.Option(..., "--corpus", help="The corpus folder the DNA documents are articles of."),
    mapping: Path = typer.Option(None, "--mapping",
                                 help="DNA concepts, organizations, groups and documents -> codebook issues, "
                                      "stakeholders, corpus files (default: data/dna_mapping.yaml)."),
    corrections: Path = typer.Option(None, "--corrections", help="Corrections file to append to (default: "
                                     "corrections.csv in the corpus folder)."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (default: data/codebook.yaml)."),
    actors: Path = typer.Option(None, "--actors", help="Actor files folder added to the bundled ones."),
    analyst: str = typer.Option("DNA import", "--analyst", help="Who coded the statements (the decisions' "
                                                               "analyst)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would be imported; write nothing."),
) -> None:
    """Add hand-coded DNA statements to the corrections file as `import` decisions: every extraction then holds
    them, with origin `imported`. Statements that cannot be placed are listed with the reason."""
    from .extraction.actors import load_actors
    from .extraction.codebook import load_codebook
    from .io.resources import data_dir
    from .review.dna import database_decisions, database_statements, import_dna, load_mapping, read_dna
    from .review.workflow import read_articles
    from .runs.decisions import append_corrections, read_corrections

    if not corpus_dir.is_dir():
        _fail(f"corpus folder not found: {corpus_dir}")
    target = corrections or corpus_dir / "corrections.csv"
    database = export.suffix.lower() == ".dna"
    try:
        cb = load_codebook(codebook)
        actor_data = load_actors(actors, shared_roles=cb.lexicon.shared_roles)
        table = load_mapping(mapping or data_dir() / "dna_mapping.yaml", cb.issue_ids)
        before = read_corrections(target) if target.exists() else None
        if database:
            placed, unplaced = database_statements(export, table, read_articles(corpus_dir), actor_data,
                                                   cb.issue_ids)
            decisions, total = database_decisions(placed, analyst), len(placed) + len(unplaced)
            where = [f"statement {row.dna_id}" for row in unplaced.itertuples()]
        else:
            statements = read_dna(export)
            decisions, unplaced = import_dna(statements, table, read_articles(corpus_dir), actor_data, analyst,
                                             issue_ids=cb.issue_ids)
            total, where = len(statements), [f"{row.line}" for row in unplaced.itertuples()]
    except ConfigError as err:
        _fail(str(err))
    fresh = _not_yet_imported(decisions, before)
    for at, row in zip(where, unplaced.itertuples()):
        console.print(f"  - {export.name}:{at}: not imported: {row.reason}", highlight=False, markup=False)
    if not dry_run and len(fresh):
        append_corrections(target, fresh)
    done = "would be added to" if dry_run else "added to"
    console.print(f"{total} DNA statements: {len(fresh)} {done} {target}, "
                  f"{len(decisions) - len(fresh)} there already, {len(unplaced)} not imported",
                  highlight=False, markup=False)


def _not_yet_imported(decisions, before):
    """The import decisions whose statement the corrections file does not import already."""
    if before is None or not len(decisions):
        return decisions
    key = ["article_id", "char_start", "stakeholder_id", "group_label", "issue_id", "stance"]
    have = before[before["action"] == "import"]
    done = {tuple(str(v) for v in row) for row in have[key].itertuples(index=False)}
    keep = [tuple(str(v) for v in row) not in done for row in decisions[key].itertuples(index=False)]
    return decisions[keep]


@app.command("dna-export")
def dna_export(
    run: Path = typer.Argument(..., help="Run folder (from `stakeholders extract`)."),
    out: Path = typer.Option(..., "--out", "-o", help="FILE.dna: a DNA 3 database (documents, statements with "
                                                      "their offsets, neutral ones too) to open in DNA; FILE.csv: "
                                                      "DNA's event list for R and spreadsheets. The networks are "
                                                      "written beside it as FILE.agreement.graphml and "
                                                      "FILE.conflict.graphml."),
    mapping: Path = typer.Option(None, "--mapping", help="Mapping file naming concepts and organizations "
                                                         "(default: issue and stakeholder ids)."),
    origin: list[str] = typer.Option(None, "--origin", help="Export only statements of this origin (repeatable): "
                                                            "machine, confirmed, corrected, added, imported."),
    corpus_dir: Path = typer.Option(None, "--corpus", help="For a .dna file: the corpus folder whose texts become "
                                                           "DNA's documents (default: the run's, from run.json)."),
    force: bool = typer.Option(False, "--force", help="Replace existing files."),
) -> None:
    """Write a run's statements as a DNA 3 database (.dna) or DNA's event list (.csv), and its agreement and
    conflict networks as GraphML."""
    from .explore.positions import load_run, stakeholder_names
    from .review.dna import export_database, export_dna, load_mapping, write_dna, write_networks
    from .review.workflow import corpus_of, read_articles
    from .io.contract import ORIGINS
    from .io.errors import ReviewError

    unknown = sorted(set(origin or []) - set(ORIGINS))
    if unknown:
        _fail(f"--origin {', '.join(unknown)}: the origins are {', '.join(ORIGINS)}")
    kind = {".dna": "database", ".csv": "event list"}.get(out.suffix.lower())
    if kind is None:
        _fail(f"--out {out}: name a DNA database FILE.dna or an event list FILE.csv")
    prefix = f"{out.stem}."
    targets = [out, out.with_name(f"{prefix}agreement.graphml"), out.with_name(f"{prefix}conflict.graphml")]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        _fail(f"{', '.join(existing)} already exist; choose another --out or pass --force to replace them")
    try:
        everything = load_run(run)
        table = load_mapping(mapping)
        texts = read_articles(corpus_of(run, corpus_dir)) if kind == "database" else None
    except (RunError, ConfigError, ReviewError, FileNotFoundError) as err:
        _fail(str(err))
    statements = everything.statements
    if origin:
        statements = statements[statements["origin"].isin(origin)]
    if kind == "database":
        try:
            export_database(statements, everything.articles, texts, out, table)
        except ConfigError as err:
            _fail(str(err))
        what = (f"{len(statements)} statements ({int(statements['stance'].eq('neutral').sum())} neutral) and "
                f"{everything.articles['article_id'].isin(list(texts)).sum()} documents written to the DNA "
                f"database {out}")
    else:
        events = export_dna(statements, everything.articles, table)
        write_dna(events, out)
        neutral = int(statements["stance"].eq("neutral").sum())
        what = (f"{len(events)} statements written to the event list {out} ({neutral} neutral ones left out: the "
                f"event list's agreement is yes or no; a .dna file keeps them)")
    write_networks(statements, out.parent, stakeholder_names(everything), prefix=prefix)
    console.print(f"{what}; networks in {targets[1].name} and {targets[2].name}", highlight=False, markup=False)


@app.command("check-codebook")
def check_codebook(
    codebook: Path = typer.Argument(..., help="Codebook YAML to check."),
    corpus_dir: Path = typer.Option(None, "--corpus", help="Folder of articles: count each issue cue's matches "
                                                           "there and list the cues never matched."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings (and counts) as JSON."),
) -> None:
    """Lint a codebook: very common words as cues, cues shared by two issues or inside another issue's cue,
    one-word cues matching every form of their lemma, stance cues that are issue cues too; with --corpus, the
    matches per cue and the cues never matched. Exit 0 with the warnings printed, 2 when the codebook is
    invalid."""
    from .extraction.codebook import load_codebook
    from .extraction.lint import lint_codebook

    if corpus_dir is not None and not corpus_dir.is_dir():
        _fail(f"corpus folder not found: {corpus_dir}")
    try:
        report = lint_codebook(load_codebook(codebook), corpus_dir)
    except ConfigError as err:
        _fail(str(err))
    if as_json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    out = Console()
    if report.counts is not None:
        table = Table(title=f"Issue cues matched in {report.corpus} ({report.articles} articles, "
                            f"{report.sentences} sentences; before exclusions)")
        for column, justify in (("issue", "left"), ("cue", "left"), ("matches", "right"), ("sentences", "right"),
                                ("articles", "right")):
            table.add_column(column, justify=justify)
        for c in report.counts:
            table.add_row(c.issue, c.cue, str(c.matches), str(c.sentences), str(c.articles),
                          style="dim" if not c.matches else None)
        out.print(table, markup=False)
    for f in report.findings:
        out.print(f"warning: {report.codebook}: {f.issue}: '{f.cue}' {f.message} ({f.kind})",
                  highlight=False, markup=False)
    out.print(f"{len(report.findings)} warning(s) on {report.codebook}", highlight=False, markup=False)


@app.command()
def explain(
    text: str = typer.Argument(..., help="A sentence, or a short text (paragraphs separated by blank lines)."),
    published: str = typer.Option(None, "--published", help="The publication day (YYYY-MM-DD) relative dates are "
                                                           "resolved against."),
    title: str = typer.Option("", "--title", help="A headline above the text."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (default: data/codebook.yaml)."),
    actors: Path = typer.Option(None, "--actors", help="Actor files folder replacing the bundled ones."),
    as_json: bool = typer.Option(False, "--json", help="Print the reading as JSON (keys: docs/EXPLAIN.md)."),
) -> None:
    """How TEXT is read: actors and people (with their role on the day), issue cues, each statement's holder and
    the path to it, speaker, stance with its cues, negations, modals, condition or constraint, date and basis."""
    import datetime as dt

    from .extraction.explain import explain as read, extractor_for
    from .report.reading import print_explanation

    if not text.strip():
        _fail("nothing to explain: give a sentence (in quotes)")
    try:
        day = dt.date.fromisoformat(published.strip()) if published else None
    except ValueError:
        _fail(f"--published {published!r} is not a day: write it as YYYY-MM-DD (e.g. 2025-03-04)")
    try:
        document = read(text, day, title, extractor_for(codebook, actors)).as_dict()
    except ConfigError as err:
        _fail(str(err))
    if as_json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print_explanation(document, Console())


@app.command()
def version() -> None:
    """Print the package version."""
    print(__version__)


if __name__ == "__main__":
    app()
