"""A synthetic corpus for the benchmarks and the scale tests: varied copies of the bundled articles.

Each article copies one bundled article with its states renamed (names and demonyms, from the actor data), its
publication date shifted, its body paragraphs shuffled after the lead, and background paragraphs
(benchmarks/background.txt, invented wire copy about other topics) interleaved, so that no two articles share
their bytes and nothing is trivially cached.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
import re
from pathlib import Path

from analysis.extraction.actors import load_actors
from analysis.io.ingest import read_corpus
from analysis.io.resources import data_dir

HERE = Path(__file__).resolve().parent
BUNDLED = data_dir() / "corpus"


def background() -> list[str]:
    lines = (HERE / "background.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _renamer(rng: random.Random, states) -> list[tuple[re.Pattern, str]]:
    """Swap a few states for others, names with names and demonyms with demonyms."""
    usable = [s for s in states if s.demonyms and len(s.names) >= 2]
    picks = rng.sample(usable, 6)
    out = []
    for a, b in zip(picks[::2], picks[1::2]):
        for x, y in ((a, b), (b, a)):
            out.append((re.compile(rf"\b{re.escape(x.names[-1])}\b"), y.names[-1]))
            out.append((re.compile(rf"\b{re.escape(x.demonyms[0])}\b"), y.demonyms[0]))
    return out


def make_corpus(dst: str | Path, n: int, seed: int = 0, background_share: float = 0.5) -> Path:
    """Write `n` varied articles (.txt) and their manifest.csv into `dst`; `background_share` is the share
    of paragraphs that are background copy."""
    dst = Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sources = [a for a in read_corpus(BUNDLED) if a.paragraphs and a.published]
    states = [a for a in load_actors().actors.values() if a.kind == "state"]
    pool = background()
    rows = []
    for i in range(n):
        src = sources[i % len(sources)]
        lead, body = src.paragraphs[1:2], src.paragraphs[2:]
        rng.shuffle(body)
        extra = round(len(src.paragraphs) * background_share / max(1e-9, 1 - background_share))
        for _ in range(extra):
            body.insert(rng.randrange(len(body) + 1), rng.choice(pool))
        text = "\n\n".join([src.paragraphs[0]] + lead + body)
        for pattern, name in _renamer(rng, states):
            text = pattern.sub(name, text)
        name = f"article-{i:06d}.txt"
        (dst / name).write_text(text + "\n", encoding="utf-8")
        published = src.published + dt.timedelta(days=rng.randint(-400, 400))
        rows.append({"file": name, "title": text.split("\n", 1)[0], "published": published.isoformat(),
                     "source": "synthetic", "url": ""})
    with open(dst / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "title", "published", "source", "url"])
        writer.writeheader()
        writer.writerows(rows)
    return dst
