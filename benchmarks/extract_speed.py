"""Extraction speed against parsing everything, the cache, and memory.

    python benchmarks/extract_speed.py --articles 2000 [--workers 2] [--background 0.5]

Builds a synthetic corpus of N varied articles (benchmarks/synthetic.py), then in the same run times
  (a) a bare `nlp.pipe` parse of all the text with the same spaCy pipeline and the same number of processes,
  (b) `stakeholders extract` from cold (an empty cache),
  (c) the same command again over the unchanged corpus (every article from the cache),
and prints articles per second for each, the ratios b/a (target <= 0.5) and c/b (target <= 0.05), the share of
sentences the pre-filter sent to the parser, and the peak memory of the largest process of (b) and (c)
(target: under 1.5 GB at N = 20,000, and not growing with N).
`--background` is the share of paragraphs that are background copy rather than the codebook-dense bundled
articles (0 gives the bundled articles alone, the worst case for the pre-filter).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def peak_mb() -> float:
    """Largest resident set of any child process waited for so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bare_parse(corpus: Path, workers: int) -> tuple[float, int]:
    from analysis.io.ingest import read_corpus
    from analysis.extraction.nlp import load_model
    nlp = load_model()
    texts = [a.text for a in read_corpus(corpus) if a.paragraphs]
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=workers))
    return time.perf_counter() - start, tokens


def extract(corpus: Path, out: Path, cache: Path, workers: int) -> tuple[float, int]:
    """Seconds of `stakeholders extract`, and how many files it took from the cache."""
    command = [sys.executable, "-m", "analysis.cli", "extract", str(corpus), "--out", str(out), "--force",
               "--quiet", "--workers", str(workers), "--cache", str(cache)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, json.loads((out / "run.json").read_text())["files_from_cache"]


def parsed_share(corpus: Path, sample: int = 200) -> float:
    """Share of the tokens of (a sample of) the corpus that the pre-filter sends to the parser."""
    from analysis.extraction.pipeline import Extractor, split_dateline
    from analysis.io.ingest import read_corpus
    extractor, seen, kept = Extractor(), 0, 0
    for n, article in enumerate(read_corpus(corpus)):
        if n >= sample:
            break
        for p, (_, paragraph) in enumerate(article.paragraph_spans()):
            cut, dateline = split_dateline(paragraph)
            for k, sent in enumerate(extractor.tokenizer(paragraph[cut:]).sents):
                seen += len(sent)
                lead = (p == 1 and k == 0) or bool(dateline and k == 0)
                kept += len(sent) * extractor.sentence_filter.needs_parse(sent, lead)
    return kept / max(seen, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 2))
    parser.add_argument("--background", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from synthetic import make_corpus
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = make_corpus(tmp / "corpus", args.articles, seed=args.seed, background_share=args.background)
        n = args.articles
        # (a) runs last: its spaCy worker processes are children of this one and would count in the peak memory
        b, _ = extract(corpus, tmp / "run", tmp / "cache", args.workers)
        mem_b = peak_mb()
        c, cached = extract(corpus, tmp / "run", tmp / "cache", args.workers)
        mem_c = peak_mb()
        a, tokens = bare_parse(corpus, args.workers)
        share = parsed_share(corpus)
    print(f"articles: {n}   tokens: {tokens}   workers: {args.workers}   background share: {args.background}")
    print(f"(a) bare parse        {a:9.1f} s   {n / a:8.1f} articles/s")
    print(f"(b) extract, cold     {b:9.1f} s   {n / b:8.1f} articles/s")
    print(f"(c) extract, cached   {c:9.1f} s   {n / c:8.1f} articles/s   ({cached} files from the cache)")
    print(f"b/a = {b / a:.2f} (target <= 0.5)   c/b = {c / b:.3f} (target <= 0.05)")
    print(f"tokens sent to the parser: {share:.0%}")
    print(f"peak memory of a process: {mem_b:.0f} MB (cold), {mem_c:.0f} MB (cached)   (target < 1500 MB)")


if __name__ == "__main__":
    main()
