"""Command line: ``python -m analysis run [CORPUS_DIR] [--truth FILE] [--out DIR] ...``;
``python -m analysis evaluate CORPUS --truth FILE --gold FILE`` measures it against gold
claims; ``python -m analysis truth check FILE`` validates a ground truth.

Exit codes (also in ``--help`` and the README): see ``EXIT_CODES``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from analysis import config

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_INTERNAL = 0, 1, 2, 3, 4
EXIT_CODES = {
    EXIT_OK: "every input loaded and analysed",
    EXIT_PARTIAL: "finished, but some inputs were quarantined or metadata values ignored "
                  "(each named in the summary and in documents.csv)",
    EXIT_USAGE: "unusable arguments: no such corpus folder, unreadable or malformed ground "
                "truth, an --out that is not a writable folder, an unknown option",
    EXIT_NOTHING: "nothing to analyse: the corpus holds no usable article, or no claim was "
                  "found in it",
    EXIT_INTERNAL: "unexpected internal failure (set ANALYSIS_DEBUG=1 to see the traceback)",
}


def parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())
    main = argparse.ArgumentParser(prog="python -m analysis",
                                   description="Claim-level reliability of news sources.",
                                   epilog=f"exit codes:\n{codes}",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="load, extract, verify, score; write tables, "
                                          "figures and the report",
                              epilog=f"exit codes:\n{codes}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("corpus", nargs="?", type=Path, default=config.SEEDS_DIR,
                     help="folder of articles (default: %(default)s)")
    run.add_argument("--truth", type=Path, default=config.TRUTH_FILE,
                     help="ground-truth YAML file (default: %(default)s)")
    run.add_argument("--out", type=Path, default=None,
                     help="output folder, replaced as a whole (default: reports/ for the "
                          "bundled corpus, else analysis-output/<parent>-<folder>)")
    run.add_argument("--no-report", action="store_true",
                     help="skip executing the report notebook into HTML")
    default = config.LoadOptions()
    run.add_argument("--max-text-chars", type=_positive, default=default.max_text_chars,
                     help="quarantine articles whose text, after markup removal, is longer "
                          "(default: %(default)s)")
    run.add_argument("--max-file-bytes", type=_positive, default=default.max_file_bytes,
                     help="safety cap on a raw file's size (default: %(default)s)")
    run.add_argument("--follow-outside-links", action="store_true",
                     help="read files whose link leads outside the corpus folder")
    run.add_argument("--date-order", choices=config.DATE_ORDERS,
                     help="how to read numeric metadata dates such as 12/07/2025 (default: "
                          "only ISO 8601 and unambiguous dates)")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="processes extracting claims (default: %(default)s, the cores)")
    noise = run.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true",
                       help="print only errors (no summary, no progress bars)")
    noise.add_argument("--verbose", "-v", action="store_true",
                       help="also log each stage and its duration")
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


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # last resort: one line, never a traceback
        if os.environ.get("ANALYSIS_DEBUG") == "1":
            raise
        print(f"error: unexpected failure ({type(err).__name__}: {err}); set ANALYSIS_DEBUG=1 "
              "to see the traceback", file=sys.stderr)
        return EXIT_INTERNAL


def _main(args: argparse.Namespace) -> int:
    if args.command == "dictionary":
        from analysis.schemas import write_data_dictionary

        print(write_data_dictionary())
        return EXIT_OK
    if args.command == "truth":
        return check_truth(args.file)
    from analysis.load import CorpusError, NothingToAnalyse
    from analysis.pipeline import OutputError, run_to_folder, summary
    from analysis.truth import TruthError

    if args.command == "evaluate":
        from analysis.evaluate import evaluate_corpus, format_evaluation

        try:
            evaluation = evaluate_corpus(args.corpus, args.truth, args.gold, args.tiers)
        except (CorpusError, TruthError, ValueError, OSError) as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
        except NothingToAnalyse as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_NOTHING
        print(format_evaluation(evaluation))
        return EXIT_OK

    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("analysis")
    logger.handlers = [handler]  # one handler, on this call's stderr
    logger.setLevel(level)
    loading = config.LoadOptions(max_text_chars=args.max_text_chars,
                                 max_file_bytes=args.max_file_bytes,
                                 follow_outside_links=args.follow_outside_links,
                                 date_order=args.date_order)
    out = args.out if args.out is not None else config.default_out(args.corpus)
    settings = config.Settings(corpus=args.corpus, truth=args.truth, out=out, loading=loading)
    try:
        results, written = run_to_folder(settings, workers=args.workers,
                                         report=not args.no_report)
    except (CorpusError, TruthError, OutputError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:  # e.g. --truth names a folder, or the outputs cannot be written
        print(f"error: cannot read or write {err.filename or 'a file'} "
              f"({err.strerror or err})", file=sys.stderr)
        return EXIT_USAGE
    except NothingToAnalyse as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NOTHING
    if not args.quiet:
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
