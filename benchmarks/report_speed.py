"""Report speed: `stakeholders report` on a run of many statements, against papermill executing an empty notebook.

    python benchmarks/report_speed.py [--statements 100000]

Writes a run of N synthetic statements (the bundled run's rows repeated with shifted dates, stakeholders and
offsets), then times two commands, each as a user types it (a new process: interpreter start and imports
included): `stakeholders report RUN` (the four notebooks executed, HTML pages, GraphML and index written) and
`papermill empty.ipynb out.ipynb` (an empty notebook with the same kernel). Each runs `--repeat` times; the
script prints every time, the medians, their ratio (target <= 5) and the size of the HTML reports.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic_run(out: Path, n: int, seed: int = 0) -> Path:
    """A run folder of `n` statements made from the bundled corpus's rows."""
    from analysis.runs.runner import extract_corpus
    from analysis.io.resources import data_dir
    from analysis.io.store import RunBuilder
    tables = extract_corpus(data_dir() / "corpus")
    base = tables["statements"]
    rng = random.Random(seed)
    states = sorted(set(base["stakeholder_id"]) - {""})
    builder = RunBuilder(out, force=True)
    for name in ("articles", "events", "new_people", "problems"):
        builder.add(name, tables[name])
    made = 0
    while made < n:
        chunk = base.sample(n=min(len(base), n - made), random_state=rng.randrange(1 << 30)).copy()
        shift = dt.timedelta(days=rng.randint(-700, 0))
        for col in ("date_start", "date_end"):
            chunk[col] = [(dt.date.fromisoformat(v) + shift).isoformat() if v else v for v in chunk[col]]
        chunk["stakeholder_id"] = [rng.choice(states) if s else s for s in chunk["stakeholder_id"]]
        chunk["char_start"] = chunk["char_start"] + made
        chunk["statement_id"] = [f"s{made + i:09d}" for i in range(len(chunk))]
        builder.add("statements", chunk)
        made += len(chunk)
    return builder.finish({"codebook_version": base["codebook_version"].iloc[0], "synthetic": True})


def empty_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def timed(command: list[str], repeat: int) -> list[float]:
    """Seconds of each of `repeat` runs of `command` (output discarded; a failure stops the benchmark)."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run = synthetic_run(tmp / "run", args.statements)
        nb = empty_notebook(tmp)
        empty = timed([sys.executable, "-m", "papermill", str(nb), str(tmp / "empty-out.ipynb"), "-p", "x", "2"],
                      args.repeat)
        report = timed([sys.executable, "-m", "analysis.cli", "report", str(run), "--out", str(tmp / "reports" / "r"),
                        "--root", str(tmp / "reports"), "--quiet", "--force"], args.repeat)
        html = sorted((tmp / "reports" / "r").rglob("*.html"))
        sizes = {p.name: p.stat().st_size / 1e6 for p in html}
    print(f"statements: {args.statements}; each command run {args.repeat} times, median shown")
    print(f"papermill, empty notebook   {statistics.median(empty):7.1f} s   ({', '.join(f'{s:.1f}' for s in empty)})")
    print(f"stakeholders report         {statistics.median(report):7.1f} s   "
          f"({', '.join(f'{s:.1f}' for s in report)})")
    print(f"ratio {statistics.median(report) / statistics.median(empty):.1f} (target <= 5)")
    print("HTML sizes: " + ", ".join(f"{k} {v:.2f} MB" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
