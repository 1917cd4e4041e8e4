"""Benchmark claim extraction against bare spaCy tokenisation on a large synthetic corpus.

The bundled seed articles are replicated in memory (deterministically, under new doc_ids)
until the corpus holds at least ``--words`` whitespace-separated words (default 1,000,000).
In the same run it measures:

1. tokenizer-only throughput: ``spacy.blank("en").tokenizer.pipe`` over every text;
2. extraction throughput: ``analysis.extract.extract_claims`` with the full pipeline from
   ``analysis.nlp.build_pipeline`` (works taken from the ground-truth file), claims table
   included.

Each is warmed up once on a small slice, then timed ``--repeat`` times (default 3); the best
time counts. The ratio extraction/tokenizer throughput should be at least 0.30. Also reported:
the number of claims and the peak resident memory of the process. The exit code is always 0.

Run from the repository root::

    .venv/bin/python scripts/benchmark_extraction.py
    .venv/bin/python scripts/benchmark_extraction.py --words 100000 --repeat 1 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import spacy
import yaml

from analysis import config
from analysis.extract import extract_claims
from analysis.load import load_corpus
from analysis.nlp import build_pipeline

TARGET_RATIO = 0.30
AS_OF = dt.date(2026, 3, 5)
WARMUP_DOCS = 5
T = TypeVar("T")


def replicated_corpus(target_words: int) -> pd.DataFrame:
    """Copies of the usable seed documents, each with its own doc_id, to ``target_words``."""
    docs = load_corpus(config.SEEDS_DIR)
    usable = docs[(docs["status"] == "ok") & docs["language"].isin(["en", "und"])]
    usable = usable.reset_index(drop=True)
    if usable.empty:
        sys.exit("no usable documents in the seed corpus")
    words = [len(t.split()) for t in usable["text"]]
    positions: list[int] = []
    ids: list[str] = []
    total, i = 0, 0
    while total < target_words:
        for pos, doc_id in enumerate(usable["doc_id"]):
            positions.append(pos)
            ids.append(f"{doc_id}-{i:04d}")
            total += words[pos]
            if total >= target_words:
                break
        i += 1
    corpus = usable.iloc[positions].reset_index(drop=True)
    corpus["doc_id"] = ids
    corpus["status"] = "ok"
    return corpus


def best_time(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Shortest wall-clock time of ``repeat`` calls of ``run``, and the last result."""
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(target_words: int, repeat: int) -> dict[str, float | int | bool]:
    documents = replicated_corpus(target_words)
    texts = list(documents["text"])
    n_words = sum(len(t.split()) for t in texts)

    tokenizer = spacy.blank("en").tokenizer

    def tokenize(sample: list[str]) -> None:
        for _doc in tokenizer.pipe(sample, batch_size=64):
            pass

    truth = yaml.safe_load(config.TRUTH_FILE.read_text(encoding="utf-8"))
    nlp = build_pipeline({w["id"]: w["aliases"] for w in truth["works"]})

    tokenize(texts[:WARMUP_DOCS])
    extract_claims(documents.head(WARMUP_DOCS), nlp, as_of=AS_OF)
    tok_seconds, _ = best_time(lambda: tokenize(texts), repeat)
    ext_seconds, claims = best_time(lambda: extract_claims(documents, nlp, as_of=AS_OF), repeat)

    tok_wps, ext_wps = n_words / tok_seconds, n_words / ext_seconds
    return {
        "words": n_words, "documents": len(documents), "repeat": repeat,
        "tokenizer_seconds": round(tok_seconds, 3), "extraction_seconds": round(ext_seconds, 3),
        "tokenizer_wps": round(tok_wps), "extraction_wps": round(ext_wps),
        "ratio": round(ext_wps / tok_wps, 4), "target_ratio": TARGET_RATIO,
        "below_target": ext_wps / tok_wps < TARGET_RATIO,
        "claims": len(claims),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def print_table(r: dict[str, float | int | bool]) -> None:
    rows = [
        ("corpus words", f"{r['words']:,}"),
        ("documents", f"{r['documents']:,}"),
        ("tokenizer-only words/s", f"{r['tokenizer_wps']:,} ({r['tokenizer_seconds']} s)"),
        ("extraction words/s", f"{r['extraction_wps']:,} ({r['extraction_seconds']} s)"),
        ("ratio extraction/tokenizer", f"{r['ratio']:.3f} (target >= {TARGET_RATIO:.2f})"),
        ("claims", f"{r['claims']:,}"),
        ("peak RSS", f"{r['peak_rss_mib']:,} MiB"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"best of {r['repeat']} runs each")
    if r["below_target"]:
        print(f"below target: ratio {r['ratio']:.3f} < {TARGET_RATIO:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size in words")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args(argv)
    result = measure(args.words, args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
