"""Command line: ``python -m analysis run [CORPUS_DIR] [--truth FILE] [--out DIR] ...``.

Exit codes: 0 everything loaded; 1 finished, but some inputs were quarantined (or the
corpus sidecar was unreadable); 2 unusable arguments (missing corpus folder, malformed
ground truth, unknown option, an --out folder holding other files).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from analysis import config

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m analysis",
                                   description="Claim-level reliability of news sources.")
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="load, extract, verify, score; write tables, "
                                          "figures and the report")
    run.add_argument("corpus", nargs="?", type=Path, default=config.SEEDS_DIR,
                     help="folder of articles (default: %(default)s)")
    run.add_argument("--truth", type=Path, default=config.TRUTH_FILE,
                     help="ground-truth YAML file (default: %(default)s)")
    run.add_argument("--out", type=Path, default=None,
                     help="output folder, replaced as a whole (default: reports/ for the "
                          "bundled corpus, else analysis-output/<parent>-<folder>)")
    run.add_argument("--no-report", action="store_true",
                     help="skip executing the report notebook into HTML")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="processes extracting claims (default: %(default)s, the cores)")
    noise = run.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true",
                       help="print only errors (no summary, no progress bars)")
    noise.add_argument("--verbose", "-v", action="store_true",
                       help="also log each stage and its duration")
    commands.add_parser("dictionary", help="rewrite docs/data-dictionary.md from the schemas")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "dictionary":
        from analysis.schemas import write_data_dictionary

        print(write_data_dictionary())
        return EXIT_OK
    from analysis.load import CorpusError
    from analysis.pipeline import OutputError, check_output_folder, run, summary, write_outputs
    from analysis.truth import TruthError

    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("analysis")
    logger.handlers = [handler]  # one handler, on this call's stderr
    logger.setLevel(level)
    out = args.out if args.out is not None else config.default_out(args.corpus)
    settings = config.Settings(corpus=args.corpus, truth=args.truth, out=out)
    try:
        check_output_folder(settings.out)
        results = run(settings, workers=args.workers)
        written = write_outputs(results, settings, report=not args.no_report)
    except (CorpusError, TruthError, OutputError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(summary(results))
        print(f"wrote {len(written)} files to {settings.out}")
    partial = (results.documents["status"] == "quarantined").any() or results.warnings
    return EXIT_PARTIAL if partial else EXIT_OK
