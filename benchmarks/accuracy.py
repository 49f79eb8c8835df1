"""Accuracy of the extraction on every gold set: F1, precision, recall, and whether confidence means something.

    python benchmarks/accuracy.py [--sets seed corpus plastics dev heldout] [--misses]

Sets:
  seed      the founding article (data/corpus/european-troops-ukraine.txt, tests/gold/seed.yaml)
  corpus    the 16 illustrative articles of data/corpus (tests/gold/corpus.yaml)
  plastics  a second domain written as data only (tests/domains/plastics)
  synth     12 synthetic articles written and coded blind by a helper (tests/synthetic); synth-dev and
            synth-heldout are its halves, split like the real news
  synth-b   12 more synthetic articles, written and coded blind by another helper after the rules of synth were
            written (tests/synthetic-b); studied whole once first measured
  pandemic  a third domain, written by a helper as a new user would (tests/domains/pandemic); pandemic-b is a
            second set of its articles (corpus-b, gold-b.yaml), written and coded blind after its rules were
            (any tests/domains/<domain>/gold-<x>.yaml is the set <domain>-<x>)
  dev       the development half of the real-news set (tests/realnews/set-a and set-b: texts from 2024-2026,
  heldout   the held-out half      coded blind from the codebook; see tests/realnews/README.md)
  set-c ... one real-news set whole, both halves
  study-f   14 more real-news texts coded blind, outside the dev/held-out split: measured once, then studied whole
  study-g   14 more, found and coded after study-f was studied; the same
  study-h   14 more, found and coded after study-g was studied; the same
  study-i   14 more, found and coded after study-h was studied; the same
  study-j   14 more, found and coded after study-i was studied; the same
  study-k   14 more, found and coded after study-j was studied; the same
  study-l   14 more, found and coded after study-k was studied; the same
  study-m   14 more, found and coded while study-l was studied; the same
The real-news texts not under an open licence are kept out of git (their manifest rows say where they come from);
a set is scored on the texts present, and the script says how many are missing. The split is fixed: an article
belongs to the held-out half when the first hex digit of the sha1 of its file name is odd.

For each set it prints the reference scorer's figures and a confidence table: the statements by stakeholders,
bucketed by confidence, with the share of those the gold bears out (right / (right + wrong); rows on ignored
pairs are left out). Figures, not tests: the targets are printed beside them.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.explore.evaluate import evaluate, row_verdicts, summary_line  # noqa: E402
from analysis.runs.runner import extract_corpus  # noqa: E402

REALNEWS = ROOT / "tests" / "realnews"
BUCKETS = [(0.8, 1.01, ">= 0.8"), (0.6, 0.8, "0.6-0.8"), (0.0, 0.6, "< 0.6")]
TARGETS = {"heldout": 0.85, "dev": 0.90, "corpus": 0.90, "seed": 1.0, "plastics": 0.90, "pandemic": 0.85, "pandemic-b": 0.85, "pandemic-c": 0.85, "synth-b": 0.90, "synth": 0.90, "synth-dev": 0.90, "synth-heldout": 0.90, "study-f": 0.85, "study-g": 0.85, "study-h": 0.85, "study-i": 0.85, "study-j": 0.85, "study-k": 0.85, "study-l": 0.85, "study-m": 0.85}


def held_out(name: str) -> bool:
    return int(hashlib.sha1(Path(name).name.encode()).hexdigest()[0], 16) % 2 == 1


def realnews(half: str, folder: Path, only: str | None = None) -> tuple[Path, dict, int]:
    """A flat corpus folder of the real-news texts of one half that are present, its gold keyed by file name,
    and the number of texts missing."""
    corpus, gold, missing, rows = folder / half, {}, 0, []
    corpus.mkdir(parents=True)
    for set_dir in sorted(REALNEWS.glob(only or "set-*")):
        if not (set_dir / "gold.yaml").exists() or not (set_dir / "manifest.csv").exists():
            print(f"   {set_dir.name}: no gold.yaml or manifest.csv yet, left out")
            continue
        coded = yaml.safe_load((set_dir / "gold.yaml").read_text(encoding="utf-8")) or {}
        with open(set_dir / "manifest.csv", newline="", encoding="utf-8") as f:
            manifest = {row["file"]: row for row in csv.DictReader(f)}
        for key, entry in coded.items():
            if half != "all" and held_out(key) != (half == "heldout"):
                continue
            text = set_dir / key
            if not text.exists():
                missing += 1
                continue
            name = Path(key).name
            shutil.copy(text, corpus / name)
            gold[name] = entry
            row = manifest.get(key, {})
            rows.append({"file": name, "title": row.get("title", ""), "published": row.get("published", ""),
                         "source": row.get("source", ""), "url": row.get("url", "")})
    pd.DataFrame(rows, columns=["file", "title", "published", "source", "url"]).to_csv(corpus / "manifest.csv",
                                                                                         index=False)
    return corpus, gold, missing


def synthetic(half: str, folder: Path, set_dir: str = "synthetic") -> tuple[Path, dict]:
    """A corpus folder of one half ("dev", "heldout" or "all") of a synthetic set (tests/<set_dir>) and its gold."""
    source = ROOT / "tests" / set_dir / "corpus"
    coded = yaml.safe_load((ROOT / "tests" / set_dir / "gold.yaml").read_text(encoding="utf-8")) or {}
    gold = {k: v for k, v in coded.items() if half == "all" or held_out(k) == (half == "heldout")}
    folder.mkdir(parents=True)
    for name in gold:
        shutil.copy(source / name, folder)
    manifest = pd.read_csv(source / "manifest.csv", dtype=str)
    manifest[manifest["file"].isin(gold)].to_csv(folder / "manifest.csv", index=False)
    return folder, gold


def domain_set(name: str) -> tuple[Path, Path, Path] | None:
    """(domain folder, corpus, gold) of the set `name`: a domain (tests/domains/<name>: corpus/, gold.yaml) or
    another set of one ("<domain>-<x>": corpus-<x>/, gold-<x>.yaml); None when there is no such set."""
    domains = ROOT / "tests" / "domains"
    if (domains / name / "gold.yaml").exists():
        return domains / name, domains / name / "corpus", domains / name / "gold.yaml"
    domain, _, part = name.rpartition("-")
    if domain and (domains / domain / f"gold-{part}.yaml").exists():
        return domains / domain, domains / domain / f"corpus-{part}", domains / domain / f"gold-{part}.yaml"
    return None


def sets(names: list[str], folder: Path):
    for name in names:
        if name == "seed":
            corpus = folder / "seed"
            corpus.mkdir()
            shutil.copy(ROOT / "data" / "corpus" / "european-troops-ukraine.txt", corpus)
            manifest = (ROOT / "data" / "corpus" / "manifest.csv").read_text(encoding="utf-8").splitlines()
            (corpus / "manifest.csv").write_text("\n".join(r for r in manifest if r.startswith(("file,", "european-troops")))
                                                 + "\n", encoding="utf-8")
            yield name, corpus, yaml.safe_load((ROOT / "tests" / "gold" / "seed.yaml").read_text()), {}, 0
        elif name == "corpus":
            yield name, ROOT / "data" / "corpus", yaml.safe_load((ROOT / "tests" / "gold" / "corpus.yaml").read_text()), {}, 0
        elif (found := domain_set(name)) is not None:  # a domain written as data only, or another set of it
            domain, corpus, gold = found
            yield name, corpus, yaml.safe_load(gold.read_text()), \
                {"codebook": domain / "codebook.yaml", "actors_dir": domain / "actors"}, 0
        elif name in ("dev", "heldout"):
            corpus, gold, missing = realnews(name, folder)
            yield name, corpus, gold, {}, missing
        elif name in ("synth", "synth-dev", "synth-heldout"):
            corpus, gold = synthetic(name.partition("-")[2] or "all", folder / name)
            yield name, corpus, gold, {}, 0
        elif name == "synth-b":  # a second synthetic set, written after the rules above; studied whole
            corpus, gold = synthetic("all", folder / name, "synthetic-b")
            yield name, corpus, gold, {}, 0
        elif name.startswith(("set-", "study-")) and (REALNEWS / name).is_dir():  # one real-news set whole
            corpus, gold, missing = realnews("all", folder / name, only=name)
            yield name, corpus, gold, {}, missing
        else:
            raise SystemExit(f"unknown set {name!r}")


def confidence_table(gold: dict, statements: pd.DataFrame) -> pd.DataFrame:
    rows = []
    by_file = {name: group for name, group in statements.groupby(statements["file"].map(lambda f: Path(f).name))}
    for name, entry in gold.items():
        st = by_file.get(name)
        if st is None:
            continue
        named = st[st["stakeholder_id"] != ""]
        for conf, verdict in zip(named["confidence"], row_verdicts(entry or {}, named.to_dict("records"))):
            rows.append((float(conf), verdict))
    table = []
    total = sum(1 for _, v in rows if v != "unscored")
    for low, high, label in BUCKETS:
        inside = [v for c, v in rows if low <= c < high and v != "unscored"]
        right = sum(v == "right" for v in inside)
        table.append({"confidence": label, "rows": len(inside), "share of rows": len(inside) / total if total else 0,
                      "right": right, "precision": right / len(inside) if inside else float("nan")})
    return pd.DataFrame(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["seed", "corpus", "plastics", "dev", "heldout"])
    parser.add_argument("--misses", action="store_true", help="List every miss and extra.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, corpus, gold, options, missing in sets(args.sets, Path(tmp)):
            tables = extract_corpus(corpus, **options)
            scores, messages = evaluate(gold, tables["statements"], tables["events"])
            overall = scores.iloc[-1]
            note = f" ({missing} texts missing: not under an open licence, fetch them by manifest.csv)" if missing else ""
            print(f"== {name}: {len(gold)} articles{note}")
            print(f"   {summary_line(overall)}   target F1 >= {TARGETS.get(name, 0.9):.2f}")
            if args.misses:
                for m in messages:
                    print(f"     {m}")
            table = confidence_table(gold, tables["statements"])
            print("   " + table.to_string(index=False, float_format=lambda v: f"{v:.2f}").replace("\n", "\n   "))
            high = table.iloc[0]
            print(f"   confidence >= 0.8: {high.precision:.0%} right (target >= 90%), {high['share of rows']:.0%} of "
                  f"the rows (target >= 50%)")


if __name__ == "__main__":
    main()
