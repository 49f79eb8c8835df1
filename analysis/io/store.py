"""Writing a run folder without holding it in memory, and the cache of extracted articles.

`RunBuilder` collects rows table by table, flushes them to Parquet parts in a temporary folder beside the run,
and at the end has DuckDB merge the parts into the run's files (`<table>.csv`, `<table>.parquet`, `run.duckdb`,
`run.json`), sorted so that the same corpus gives the same files whatever the order of work. The finished
folder is moved into place in one rename: an interrupted run leaves the previous one as it was.

`ArticleCache` keeps each article's extracted rows in SQLite, keyed by the article file's bytes, its manifest
row and the versions of the code, codebook and actor data: a re-run skips every article already done, and a
killed run resumes where it stopped (each article's rows are committed as one transaction).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pandas as pd

from .contract import COLUMNS, SORT_KEYS, TABLES, frame
from .errors import RunError, RunExists
from .files import swap_into_place
from .resources import package_dir

PART_ROWS = 5_000  # rows of a table held in memory before they are written as a Parquet part
DUCKDB_MEMORY = "256MB"


def _stale(tmp: Path) -> bool:
    """A temporary folder left by a run whose process is gone."""
    try:
        pid = int(tmp.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return pid == os.getpid()


class RunBuilder:
    """A run folder being written: `add` rows, then `finish` (or `abort`)."""

    def __init__(self, out_dir: str | Path, force: bool = False):
        self.out_dir = Path(out_dir)
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise RunExists(f"{self.out_dir} exists and is not a folder")
        if self.out_dir.exists() and any(self.out_dir.iterdir()):
            if not is_run(self.out_dir):  # never replaced, even with force: nothing already written is lost
                raise RunExists(f"{self.out_dir} holds files that are not a run; nothing there is replaced, even "
                                "with --force (give a new or empty folder)")
            foreign = sorted(p.name for p in self.out_dir.iterdir()
                             if p.name not in ("run.json", "run.duckdb", "run.duckdb.wal", ".DS_Store")
                             and p.suffix not in (".csv", ".parquet"))
            if foreign:
                raise RunExists(f"{self.out_dir} holds a run and other files ({', '.join(foreign[:5])}); nothing "
                                "there is replaced, even with --force (move them, or give a new folder)")
            if not force:
                raise RunExists(f"{self.out_dir} already holds a run; choose another --out or pass --force to "
                                "replace it")
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        for old in self.out_dir.parent.glob(f".{self.out_dir.name}.tmp-*"):
            if old.is_dir() and _stale(old):
                shutil.rmtree(old, ignore_errors=True)
        self.tmp = self.out_dir.parent / f".{self.out_dir.name}.tmp-{os.getpid()}"
        shutil.rmtree(self.tmp, ignore_errors=True)
        (self.tmp / "parts").mkdir(parents=True)
        self._rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self._parts: dict[str, int] = {t: 0 for t in TABLES}
        self.counts: dict[str, int] = {t: 0 for t in TABLES}

    def add_frame(self, table: str, df: pd.DataFrame) -> None:
        """A table outside the contract (such as a log of corrections), written as it is."""
        self._extra = getattr(self, "_extra", {})
        self._extra[table] = df

    def add(self, table: str, rows: list[dict] | pd.DataFrame) -> None:
        rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
        self._rows[table].extend(rows)
        self.counts[table] += len(rows)
        if len(self._rows[table]) >= PART_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if not self._rows[table]:
            return
        self._parts[table] += 1
        frame(table, self._rows[table]).to_parquet(self.tmp / "parts" / f"{table}-{self._parts[table]:06d}.parquet",
                                                   index=False)
        self._rows[table] = []

    def table(self, name: str) -> pd.DataFrame:
        """One table as written so far (all its parts), for a final step such as applying corrections."""
        self._flush(name)
        parts = sorted((self.tmp / "parts").glob(f"{name}-*.parquet"))
        return frame(name, pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True) if parts else None)

    def replace(self, name: str, df: pd.DataFrame) -> None:
        """Put `df` in place of everything added to table `name`."""
        self._flush(name)
        for p in (self.tmp / "parts").glob(f"{name}-*.parquet"):
            p.unlink()
        self._parts[name] = self.counts[name] = 0
        self.add(name, frame(name, df))

    def finish(self, meta: dict) -> Path:
        """Merge the parts into the run's files, sorted, and move the run into place."""
        import duckdb
        try:
            for name in TABLES:
                self._flush(name)
                if not self._parts[name]:
                    frame(name).to_parquet(self.tmp / "parts" / f"{name}-000000.parquet", index=False)
            with duckdb.connect(str(self.tmp / "run.duckdb")) as con:
                # bounded memory whatever the corpus size: DuckDB spills what does not fit (the sorts) to disk
                con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
                con.execute(f"SET temp_directory = '{self.tmp / 'spill'}'")
                for name in TABLES:
                    parts = str(self.tmp / "parts" / f"{name}-*.parquet")
                    con.execute(f'CREATE TEMP VIEW "part_{name}" AS SELECT * FROM read_parquet(\'{parts}\')')
                _drop_duplicate_articles(con)
                for name in TABLES:
                    order = ", ".join(f'"{c}"' for c in SORT_KEYS[name] + [c for c in COLUMNS[name]
                                                                         if c not in SORT_KEYS[name]])
                    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "clean_{name}" ORDER BY {order}')
                    con.execute(f"COPY \"{name}\" TO '{self.tmp / (name + '.parquet')}' (FORMAT parquet)")
                    plain = ", ".join(f'NULLIF("{c}", \'\') AS "{c}"' if t == "str" else f'"{c}"'
                                      for c, t in COLUMNS[name].items())  # empty text unquoted, as pandas writes it
                    con.execute(f"COPY (SELECT {plain} FROM \"{name}\") TO '{self.tmp / (name + '.csv')}' (FORMAT csv, HEADER)")
                    self.counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
                for name, df in getattr(self, "_extra", {}).items():
                    df.to_parquet(self.tmp / f"{name}.parquet", index=False)
                    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(\'{self.tmp / (name + ".parquet")}\')')
                    con.execute(f"COPY \"{name}\" TO '{self.tmp / (name + '.csv')}' (FORMAT csv, HEADER)")
                    self.counts[name] = len(df)
            shutil.rmtree(self.tmp / "parts")
            shutil.rmtree(self.tmp / "spill", ignore_errors=True)
            meta = {**meta, "counts": dict(self.counts)}
            (self.tmp / "run.json").write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n",
                                               encoding="utf-8")
            swap_into_place(self.tmp, self.out_dir)
        except BaseException:
            self.abort()
            raise
        return self.out_dir

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _drop_duplicate_articles(con) -> None:
    """The same article under several file names counts once: the first file name (in sort order) keeps its
    rows, the others keep an `articles` row saying whose duplicate they are. Views `clean_<table>` result."""
    con.execute("""CREATE TEMP TABLE duplicate AS
        SELECT file, first(file) OVER (PARTITION BY article_id ORDER BY file) AS original FROM part_articles
        WHERE n_paragraphs > 0 QUALIFY file <> original""")
    note = "'duplicate of ' || d.original || ': same text, counted once'"
    con.execute(f"""CREATE TEMP VIEW clean_articles AS SELECT a.* REPLACE (
            CASE WHEN d.file IS NULL THEN a.problems WHEN a.problems = '' THEN {note}
                 ELSE a.problems || '; ' || {note} END AS problems,
            CASE WHEN d.file IS NULL THEN a.n_statements ELSE 0 END AS n_statements,
            CASE WHEN d.file IS NULL THEN a.n_events ELSE 0 END AS n_events)
        FROM part_articles a LEFT JOIN duplicate d USING (file)""")
    for name in ("statements", "events", "new_people"):
        con.execute(f"""CREATE TEMP VIEW clean_{name} AS SELECT * FROM part_{name}
            WHERE file NOT IN (SELECT file FROM duplicate)""")
    con.execute(f"""CREATE TEMP VIEW clean_problems AS SELECT * FROM part_problems UNION ALL
        SELECT d.file, {note} FROM duplicate d""")


def default_cache_dir() -> Path:
    """$STAKEHOLDERS_CACHE, else the user's cache folder (~/.cache/stakeholders)."""
    if os.environ.get("STAKEHOLDERS_CACHE"):
        return Path(os.environ["STAKEHOLDERS_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stakeholders"


def code_version() -> str:
    """A hash of the package's own code: a cached result is only reused by the code that made it."""
    h = hashlib.sha256()
    package = package_dir()
    for p in sorted(package.rglob("*.py")):
        h.update(p.relative_to(package).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


class ArticleCache:
    """Extracted rows per article file, in SQLite; safe to interrupt at any point."""

    def __init__(self, folder: str | Path):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "articles.sqlite"
        self.con = sqlite3.connect(self.path, timeout=60)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.con.commit()

    @staticmethod
    def key(data: bytes, name: str, manifest_row: dict | None, versions: str) -> str:
        h = hashlib.sha256(data)
        h.update(name.encode())
        h.update(json.dumps(manifest_row or {}, sort_keys=True, default=str).encode())
        h.update(versions.encode())
        return h.hexdigest()

    def get(self, key: str) -> list[dict] | None:
        row = self.con.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, results: list[dict]) -> None:
        with self.con:
            self.con.execute("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                             (key, json.dumps(results, default=str)))

    def close(self) -> None:
        self.con.close()


# ---------------------------------------------------------------------------------------------------- reading and writing whole runs

def read_meta(run_dir: str | Path) -> dict:
    """A run's run.json ({} when the folder has none); RunError when it is not valid JSON."""
    meta_file = Path(run_dir) / "run.json"
    if not meta_file.exists():
        return {}
    try:
        return json.loads(meta_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise RunError(f"{meta_file}: not valid JSON ({err.msg}, line {err.lineno})") from None


def is_run(path: Path) -> bool:
    return (path / "run.json").exists() or any((path / f"{t}.csv").exists() for t in ("articles", "statements"))


def write_run(out_dir: str | Path, tables: dict[str, pd.DataFrame], meta: dict, force: bool = False) -> Path:
    """Write the tables into `out_dir` atomically (`RunBuilder`); refuse to replace an existing run
    unless `force`."""
    builder = RunBuilder(out_dir, force=force)
    for name, df in tables.items():
        if name in TABLES:
            builder.add(name, df)
        else:
            builder.add_frame(name, df)
    return builder.finish(meta)


def read_run(run_dir: str | Path, table: str, remember: bool = False) -> pd.DataFrame:
    """One table of a run, from its Parquet file, with the documented dtypes.

    With `remember`, a file read so before and unchanged since (same size and modification time) is not read
    again: the reports, executed one after another in one kernel, share the tables (a copy; pandas copies on
    write). Without it, nothing is kept (a run in a temporary folder, a one-off read)."""
    path = Path(run_dir) / f"{table}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such table in the run folder")
    if not remember:
        return frame(table, pd.read_parquet(path))
    stat = path.stat()
    key = (str(path.resolve()), table, stat.st_size, stat.st_mtime_ns)
    if key not in _READ:
        if len(_READ) >= _READ_SIZE:
            _READ.pop(next(iter(_READ)))
        _READ[key] = frame(table, pd.read_parquet(path))
    return _READ[key].copy(deep=False)


_READ: dict[tuple, pd.DataFrame] = {}  # the tables read last, oldest first
_READ_SIZE = 10
