"""Benchmark the whole run (`python -m analysis run`) on large synthetic corpora.

The synthetic corpus recombines paragraphs of real articles: every usable article of
``seeds/`` and ``data/benchmarks/*/articles`` is split at blank lines, and each synthetic
article draws paragraphs at random (seeded) until it holds about ``--words-per-article``
words, under a header block (url, date, outlet, title) whose date and outlet come from the
article of its first paragraph. The ground truth is the union of the seeds' truth and the
Severance benchmark's.

Printed figures:

1. end to end on ``--articles`` (default 20,000) articles, report included: words per second
   against a tokenizer-only ``spacy.blank("en")`` pass over the same texts (target >= 0.2),
   and the peak memory (PSS) of the whole process tree (target < 1 GiB);
2. the analysis of every article (load, extract, verify, score: what the worker processes
   do) with 2 workers against 1 on ``--speedup-articles`` (default 3,000) articles, the best
   of ``--repeat`` (default 5) turns each (target >= 1.7x). A virtual machine's speed drifts
   from minute to minute, so the turns alternate, and the same is measured for a pure
   Python loop: the ceiling the machine itself allows;
3. ``--no-report`` on ``--big`` (default 100,000) articles: time (< 10 min), peak memory
   (< 2 GiB).

Run from the repository root (it takes a while)::

    .venv/bin/python scripts/benchmark_pipeline.py
    .venv/bin/python scripts/benchmark_pipeline.py --articles 2000 --big 0 --speedup-articles 500
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil
import spacy
import yaml

from analysis import config
from analysis.load import load_corpus
from analysis.pipeline import analyse
from analysis.truth import load_truth

SOURCES = [config.SEEDS_DIR, *sorted((config.DATA_DIR / "benchmarks").glob("*/articles"))]
TRUTHS = [config.TRUTH_FILE, config.DATA_DIR / "benchmarks" / "severance" / "truth.yaml"]
GIB = 1024**3


# --------------------------------------------------------------------------- corpus


def paragraph_pool() -> list[tuple[str, str, str]]:
    """(paragraph, outlet, ISO date or 'unknown') of every paragraph of the source articles."""
    pool = []
    for folder in SOURCES:
        docs = load_corpus(folder)
        for doc in docs[docs["status"] == "ok"].itertuples(index=False):
            date = doc.published.date().isoformat() if doc.published == doc.published \
                and doc.published is not None else "unknown"
            for paragraph in doc.text.split("\n\n"):
                if len(paragraph.split()) >= 8:
                    pool.append((paragraph.strip(), str(doc.outlet), date))
    return pool


def build_corpus(folder: Path, n_articles: int, words_per_article: int, seed: int = 0) -> int:
    """Write ``n_articles`` synthetic articles into ``folder``; returns the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = paragraph_pool()
    rng = random.Random(seed)
    total = 0
    for i in range(n_articles):
        first = rng.choice(pool)
        parts, words = [first[0]], len(first[0].split())
        while words < words_per_article:  # no paragraph twice in one article
            paragraph = rng.choice(pool)[0]
            if paragraph not in parts:
                parts.append(paragraph)
                words += len(paragraph.split())
        total += words
        header = (f"url: https://example.org/synthetic/{i:06d}\ndate: {first[2]}\n"
                  f"outlet: {first[1]}\ntitle: Synthetic article {i}\n\n")
        (folder / f"{i:06d}.txt").write_text(header + "\n\n".join(parts) + "\n",
                                             encoding="utf-8")
    return total


def merged_truth(path: Path) -> Path:
    """The union of the bundled truth files, written to ``path``."""
    merged: dict = {"title": "Union of the bundled ground truths", "works": [], "aliases": {},
                    "complete": [], "facts": []}
    as_of = []
    for truth in TRUTHS:
        raw = yaml.safe_load(truth.read_text(encoding="utf-8"))
        as_of.append(raw["as_of"])
        for key in ("works", "complete", "facts"):  # the first file wins on a shared id
            seen = {repr(e.get("id", e)) for e in merged[key]}
            merged[key] += [e for e in raw.get(key) or [] if repr(e.get("id", e)) not in seen]
        for kind, table in (raw.get("aliases") or {}).items():
            for canonical, variants in (table or {}).items():
                known = merged["aliases"].setdefault(kind, {}).setdefault(canonical, [])
                known += [v for v in variants or [] if v not in known]
    merged["as_of"] = max(as_of)
    path.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- measuring


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled every 0.5 s.

    Each process counts its proportional set size (PSS): pages shared between processes
    (a forked worker shares its parent's) are split between them, so the sum is the memory
    the tree really holds. Summing resident sizes would count shared pages once per process.
    """

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                tree = []
            total = 0
            for process in tree:
                try:
                    total += process.memory_full_info().pss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.5)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_run(args: list[str]) -> tuple[float, int, int]:
    """(seconds, peak tree memory in bytes, exit code) of ``python -m analysis run ARGS``;
    prints the run's own stage timings (``--verbose``) indented."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "analysis", "run", *args, "--verbose"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    _, log = process.communicate()
    seconds = time.perf_counter() - start
    stages = [line for line in log.splitlines() if line.endswith(" s") and ": " in line]
    print("    stages: " + "; ".join(stages))
    return seconds, memory.stop(), process.returncode


def tokenizer_seconds(corpus: Path) -> float:
    """Time of a tokenizer-only ``spacy.blank("en")`` pass over the corpus files' texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    tokenizer = spacy.blank("en").tokenizer
    start = time.perf_counter()
    for _doc in tokenizer.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - start


def best_of(repeat: int, seconds_with: Callable[[int], float]) -> tuple[float, float]:
    """Best of ``repeat`` turns of ``seconds_with(workers)`` for 1 and for 2 workers, taken
    in turn so that a busy neighbour on the machine slows both."""
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(repeat):
        for workers in (1, 2):
            best[workers] = min(best[workers], seconds_with(workers))
    return best[1], best[2]


def analysis_speedup(corpus: Path, truth: Path, repeat: int) -> tuple[float, float]:
    """Best seconds of the analysis (loading, extraction, verification and scoring of every
    article, the work the process pool shares) with 1 and with 2 worker processes."""
    settings = config.Settings(corpus=corpus, truth=truth)
    loaded = load_truth(truth)

    def seconds_with(workers: int) -> float:
        start = time.perf_counter()
        _warnings, parts = analyse(settings, loaded, workers)
        for _part in parts:
            pass
        return time.perf_counter() - start

    return best_of(repeat, seconds_with)


def _loop(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def loop_speedup(repeat: int, tasks: int = 8, n: int = 3_000_000) -> tuple[float, float]:
    """Best seconds of a CPU-bound loop in 1 and in 2 processes."""

    def seconds_with(workers: int) -> float:
        with ProcessPoolExecutor(workers) as pool:
            pool.submit(_loop, 1).result()  # the processes are up
            start = time.perf_counter()
            list(pool.map(_loop, [n] * tasks))
            return time.perf_counter() - start

    return best_of(repeat, seconds_with)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="0 skips [1]")
    parser.add_argument("--speedup-articles", type=int, default=3_000, help="0 skips [2]")
    parser.add_argument("--big", type=int, default=100_000, help="0 skips [3]")
    parser.add_argument("--repeat", type=int, default=5, help="runs of [2]; the best counts")
    parser.add_argument("--words-per-article", type=int, default=350)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to build corpora and outputs (default: a temp folder)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="analysis-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    truth = merged_truth(work / "truth.yaml")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / GIB:.1f} GiB RAM, Python {platform.python_version()}")
    print(f"date: {dt.date.today()}; workdir {work}")

    if args.articles:
        end_to_end(work, truth, args.articles, args.words_per_article)
    if args.speedup_articles:
        speedup(work, truth, args.speedup_articles, args.words_per_article, args.repeat)
    if args.big:
        no_report(work, truth, args.big, args.words_per_article)
    return 0


def end_to_end(work: Path, truth: Path, articles: int, words_per_article: int) -> None:
    corpus = work / f"corpus-{articles}"
    words = build_corpus(corpus, articles, words_per_article)
    tok = tokenizer_seconds(corpus)
    seconds, peak, code = timed_run([str(corpus), "--truth", str(truth),
                                     "--out", str(work / f"out-{articles}")])
    ratio = (words / seconds) / (words / tok)
    print(f"[1] {articles:,} articles, {words:,} words, end to end with report: "
          f"{seconds:.1f} s ({words / seconds:,.0f} words/s, exit {code}); tokenizer only "
          f"{tok:.1f} s ({words / tok:,.0f} words/s); ratio {ratio:.3f} (target >= 0.2); "
          f"peak memory of the process tree {peak / GIB:.2f} GiB (target < 1)")


def speedup(work: Path, truth: Path, articles: int, words_per_article: int,
            repeat: int) -> None:
    small = work / f"corpus-{articles}"
    build_corpus(small, articles, words_per_article, seed=2)
    one, two = analysis_speedup(small, truth, repeat)
    loop_one, loop_two = loop_speedup(repeat)
    print(f"[2] analysis (load, extract, verify, score) of {articles:,} articles, best of "
          f"{repeat}: 1 worker {one:.1f} s, 2 workers {two:.1f} s, speedup {one / two:.2f}x "
          f"(target >= 1.7); a pure Python loop on this machine: {loop_one / loop_two:.2f}x")


def no_report(work: Path, truth: Path, articles: int, words_per_article: int) -> None:
    big = work / f"corpus-{articles}"
    words = build_corpus(big, articles, words_per_article, seed=1)
    seconds, peak, code = timed_run([str(big), "--truth", str(truth), "--no-report",
                                     "--out", str(work / f"out-{articles}")])
    print(f"[3] {articles:,} articles, {words:,} words, --no-report: {seconds / 60:.1f} min "
          f"(exit {code}; target < 10); peak memory of the process tree "
          f"{peak / GIB:.2f} GiB (target < 2)")


if __name__ == "__main__":
    sys.exit(main())
