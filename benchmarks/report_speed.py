"""Report speed: `stakeholders report` on a run of many statements, against papermill executing an empty notebook.

    python benchmarks/report_speed.py [--statements 100000]

Writes a run of N synthetic statements (the bundled run's rows repeated with shifted dates, stakeholders and
offsets), times `stakeholders report RUN` (the four notebooks executed, HTML written) and papermill executing an
empty notebook with the same kernel, and prints both, the ratio (target <= 5) and the size of the HTML reports.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
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
    from analysis.extract import extract_corpus
    from analysis.store import RunBuilder
    tables = extract_corpus(ROOT / "data" / "corpus")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    args = parser.parse_args()
    import papermill
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run = synthetic_run(tmp / "run", args.statements)
        nb = empty_notebook(tmp)
        start = time.perf_counter()
        papermill.execute_notebook(str(nb), str(tmp / "empty-out.ipynb"), parameters={"x": 2}, progress_bar=False)
        empty = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis.cli", "report", str(run), "--out", str(tmp / "reports" / "r"),
                        "--root", str(tmp / "reports"), "--quiet"], check=True, cwd=ROOT)
        report = time.perf_counter() - start
        html = sorted((tmp / "reports" / "r").rglob("*.html"))
        sizes = {p.name: p.stat().st_size / 1e6 for p in html}
    print(f"statements: {args.statements}")
    print(f"papermill, empty notebook   {empty:7.1f} s")
    print(f"stakeholders report         {report:7.1f} s")
    print(f"ratio {report / empty:.1f} (target <= 5)")
    print("HTML sizes: " + ", ".join(f"{k} {v:.2f} MB" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
