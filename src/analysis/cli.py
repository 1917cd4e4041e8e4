"""Command line: ``python -m analysis run [CORPUS_DIR] [--truth FILE] [--out DIR]``;
``python -m analysis truth check FILE`` validates a ground truth and prints its coverage.

Exit codes: 0 everything loaded; 1 finished, but some inputs were quarantined (or the
corpus sidecar was unreadable); 2 unusable arguments (missing corpus folder, malformed
ground truth, unknown option).
"""

from __future__ import annotations

import argparse
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
    run.add_argument("--out", type=Path, default=config.REPORTS_DIR,
                     help="output folder (default: %(default)s)")
    run.add_argument("--no-report", action="store_true",
                     help="skip executing the report notebook into HTML")
    evaluate = commands.add_parser(
        "evaluate", help="measure extraction and verdicts of a corpus against gold claims")
    evaluate.add_argument("corpus", type=Path, help="folder of articles")
    evaluate.add_argument("--truth", type=Path, required=True, help="ground-truth YAML file")
    evaluate.add_argument("--gold", type=Path, required=True,
                          help="gold claims CSV (format of data/annotations/seeds.csv)")
    evaluate.add_argument("--tiers", type=Path,
                          help="index.csv giving each file a tier (A careful ... D fabricated)")
    commands.add_parser("dictionary", help="rewrite docs/data-dictionary.md from the schemas")
    truth = commands.add_parser("truth", help="work with a ground-truth file")
    truth_commands = truth.add_subparsers(dest="truth_command", required=True)
    check = truth_commands.add_parser("check", help="validate a ground truth (exit 0 valid, "
                                                    "2 invalid) and print its coverage")
    check.add_argument("file", type=Path, help="ground-truth YAML file")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "dictionary":
        from analysis.schemas import write_data_dictionary

        print(write_data_dictionary())
        return EXIT_OK
    if args.command == "truth":
        return check_truth(args.file)
    from analysis.load import CorpusError
    from analysis.pipeline import run, summary, write_outputs
    from analysis.truth import TruthError

    if args.command == "evaluate":
        from analysis.evaluate import evaluate_corpus, format_evaluation

        try:
            evaluation = evaluate_corpus(args.corpus, args.truth, args.gold, args.tiers)
        except (CorpusError, TruthError, ValueError, FileNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
        print(format_evaluation(evaluation))
        return EXIT_OK

    settings = config.Settings(corpus=args.corpus, truth=args.truth, out=args.out)
    try:
        results = run(settings)
    except (CorpusError, TruthError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    written = write_outputs(results, settings, report=not args.no_report)
    print(summary(results))
    print(f"wrote {len(written)} files to {settings.out}")
    partial = (results.documents["status"] == "quarantined").any() or results.warnings
    return EXIT_PARTIAL if partial else EXIT_OK


def check_truth(path: Path) -> int:
    """Validate ``path``: print its coverage (exit 0) or every problem (exit 2)."""
    from analysis.truth import TruthError, coverage, load_truth

    try:
        truth = load_truth(path)
    except TruthError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(coverage(truth))
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early
        sys.stderr.close()
    return EXIT_OK
