"""The whole analysis, load -> extract -> verify -> score, and writing its outputs.

``run`` computes every table once; ``write_outputs`` writes the tables, figures,
ClaimReview JSON-LD and the HTML report (notebook 4.0 executed with papermill on the
tables just written) into a staging folder next to ``--out`` and then swaps it in, so an
output folder always holds one complete run and nothing stale.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from analysis import config
from analysis.claimreview import claim_reviews, write_claimreview
from analysis.curation import CURATION_FILES, write_curation_queue
from analysis.extract import extract_claims
from analysis.load import load_corpus, require_claims, require_usable
from analysis.nlp import build_pipeline
from analysis.plot import export_all
from analysis.score import predictions, score_documents, score_outlets
from analysis.truth import Truth, load_truth
from analysis.verify import verify_claims

log = logging.getLogger("analysis")

TABLES = ("documents", "claims", "verdicts", "scores_documents", "scores_outlets")
REPORT_NOTEBOOK = config.NOTEBOOKS_DIR / "4.0-reliability-report.ipynb"
REPORT_HTML = "reliability-report.html"
CLAIMREVIEW = "claimreview.jsonld"
# Names a run writes in its output folder; a folder holding anything else is not replaced.
GENERATED = frozenset({*(f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")),
                       "figures", CLAIMREVIEW, REPORT_HTML, *CURATION_FILES})
DOCS_PER_CHUNK = 100  # documents per extraction task sent to a worker


class OutputError(Exception):
    """The output folder cannot be used (e.g. it holds files a run did not write)."""


@dataclass
class Results:
    """Every table of one run, and the ground truth they were judged against."""

    truth: Truth
    documents: pd.DataFrame
    claims: pd.DataFrame
    verdicts: pd.DataFrame
    scores_documents: pd.DataFrame
    scores_outlets: pd.DataFrame
    predictions: pd.DataFrame

    @property
    def warnings(self) -> list[str]:
        return list(self.documents.attrs.get("warnings", []))


def show_progress() -> bool:
    """Progress bars only when stderr is a terminal and logging is not quieted."""
    return sys.stderr.isatty() and log.getEffectiveLevel() <= logging.WARNING


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Log how long a stage took (at INFO level)."""
    start = time.perf_counter()
    yield
    log.info("%s: %.1f s", name, time.perf_counter() - start)


def run(settings: config.Settings | None = None, workers: int | None = None) -> Results:
    """Run the analysis on ``settings.corpus`` against ``settings.truth``.

    ``workers`` processes extract claims (default: the machine's cores). Raises
    ``analysis.load.CorpusError`` for a missing corpus folder,
    ``analysis.truth.TruthError`` for a malformed truth file and
    ``analysis.load.NothingToAnalyse`` when no article is usable or no claim is found.
    """
    settings = settings or config.Settings()
    with tqdm(total=4, desc="analysis", unit="stage", file=sys.stderr,
              disable=not show_progress()) as bar:
        with stage("load"):
            truth = load_truth(settings.truth)
            documents = require_usable(load_corpus(settings.corpus, settings.loading),
                                       settings.corpus)
        bar.update()
        with stage("extract"):
            claims = extract_parallel(documents, truth, workers)
            require_claims(claims, documents, settings.truth)
        bar.update()
        with stage("verify"):
            verdicts = verify_claims(claims, documents, truth)
        bar.update()
        with stage("score"):
            scores = (score_documents(documents, claims, verdicts),
                      score_outlets(documents, claims, verdicts), predictions(claims, verdicts))
        bar.update()
    return Results(truth=truth, documents=documents, claims=claims, verdicts=verdicts,
                   scores_documents=scores[0], scores_outlets=scores[1], predictions=scores[2])


# --------------------------------------------------------------------------- extraction

_worker_nlp = None


def _start_worker(works: dict[str, list[str]]) -> None:
    """Pool initializer: each worker builds its own pipeline once."""
    global _worker_nlp
    _worker_nlp = build_pipeline(works)


def _extract_chunk(chunk: pd.DataFrame, as_of) -> pd.DataFrame:
    return extract_claims(chunk, _worker_nlp, as_of)


def extract_parallel(documents: pd.DataFrame, truth: Truth,
                     workers: int | None = None) -> pd.DataFrame:
    """The claims table of ``documents``, extracted by ``workers`` processes.

    Documents are sent in chunks of DOCS_PER_CHUNK; the chunks' tables are concatenated
    and sorted as ``extract_claims`` sorts, so the result equals a single-process run.
    """
    workers = max(1, workers or os.cpu_count() or 1)
    chunks = [documents.iloc[i:i + DOCS_PER_CHUNK]
              for i in range(0, len(documents), DOCS_PER_CHUNK)]
    if workers == 1 or len(chunks) <= 1:
        nlp = build_pipeline(truth.works)
        parts = [extract_claims(chunk, nlp, truth.as_of)
                 for chunk in tqdm(chunks, desc="extract", unit="chunk", file=sys.stderr,
                                   disable=not show_progress())]
    else:
        with ProcessPoolExecutor(workers, initializer=_start_worker,
                                 initargs=(truth.works,)) as pool:
            parts = list(tqdm(pool.map(_extract_chunk, chunks, [truth.as_of] * len(chunks)),
                              total=len(chunks), desc="extract", unit="chunk",
                              file=sys.stderr, disable=not show_progress()))
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return extract_claims(documents, build_pipeline(truth.works), truth.as_of)
    claims = pd.concat(parts, ignore_index=True)
    claims = claims.sort_values(["doc_id", "start", "end", "attribute", "value"], kind="stable")
    return claims.reset_index(drop=True)


# --------------------------------------------------------------------------- outputs


def source_note(results: Results) -> str:
    """The note printed under every figure."""
    return (f"Source: {len(results.documents)} articles; claims checked against "
            f"{results.truth.path.name} (evidence to {results.truth.as_of}).")


def write_tables(results: Results, out: Path) -> list[Path]:
    """Each table as ``{name}.parquet`` and ``{name}.csv`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        table: pd.DataFrame = getattr(results, name).copy()
        table.attrs = {}
        table.to_parquet(out / f"{name}.parquet", index=False)
        table.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
        written += [out / f"{name}.parquet", out / f"{name}.csv"]
    return written


def check_output_folder(out: Path) -> None:
    """Raise ``OutputError`` unless ``out`` can take the outputs: a writable folder that is
    new, empty, or holds only files a run writes. Creates nothing."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder; name a folder for the outputs")
    existing = next(p for p in (out, *out.parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"--out {out} lies under {existing}, which is a file; name a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out} cannot be written (no permission on {existing}); "
                          "name another")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in GENERATED)
        if foreign:
            raise OutputError(f"{out}: not replaced, it holds files this tool did not write "
                              f"({', '.join(foreign[:3])}); choose a new or empty folder")


def write_outputs(results: Results, settings: config.Settings, report: bool = True) -> list[Path]:
    """Tables, figures, ClaimReview JSON-LD, the curation queue and (optionally) the HTML
    report in ``settings.out``.

    Everything is written to a staging folder beside ``settings.out`` that then replaces it:
    a failed run leaves the previous complete set, and no file of an earlier run survives.
    Returns the paths written (inside ``settings.out``).
    """
    out = settings.out
    check_output_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        written = _write_all(results, replace(settings, out=staging), report)
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / path.relative_to(staging) for path in written]


def _write_all(results: Results, settings: config.Settings, report: bool) -> list[Path]:
    steps = ["tables", "figures", "claimreview", "curation"] + (["report"] if report else [])
    written: list[Path] = []
    with tqdm(total=len(steps), desc="outputs", unit="step", file=sys.stderr,
              disable=not show_progress()) as bar:
        with stage("tables"):
            written += write_tables(results, settings.out)
        bar.update()
        with stage("figures"):
            tables = {"documents": results.documents, "claims": results.claims,
                      "verdicts": results.verdicts,
                      "scores_documents": results.scores_documents,
                      "scores_outlets": results.scores_outlets,
                      "predictions": results.predictions, "truth_facts": results.truth.facts}
            written += export_all(tables, settings.figures, source_note(results))
        bar.update()
        with stage("claimreview"):
            reviews = claim_reviews(results.claims, results.verdicts, results.documents)
            written.append(write_claimreview(reviews, settings.out / CLAIMREVIEW))
        bar.update()
        with stage("curation"):
            written += write_curation_queue(results.claims, results.verdicts,
                                            results.documents, results.truth, settings.out)
        bar.update()
        if report:
            with stage("report"):
                written.append(export_report(settings))
            bar.update()
    return written


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` (two renames; the old set is removed afterwards)."""
    if not out.exists():
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    os.replace(out, old / out.name)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(old / out.name, out)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def notebook_parameters(settings: config.Settings, gold: Path | None = None) -> dict[str, str]:
    """The papermill parameters of the notebooks for one run (absolute paths)."""
    params = {"corpus": str(settings.corpus.resolve()), "truth": str(settings.truth.resolve()),
              "out": str(settings.out.resolve())}
    if gold is not None:
        params["gold"] = str(Path(gold).resolve())
    return params


def execute_notebook(notebook: Path, parameters: dict[str, str], output: Path | None = None):
    """Execute ``notebook`` with papermill on ``parameters``; returns the executed notebook."""
    import papermill

    logging.getLogger("papermill").setLevel(logging.WARNING)
    return papermill.execute_notebook(
        str(notebook), str(output) if output else None, parameters=parameters,
        kernel_name="python3", progress_bar=False, cwd=str(config.NOTEBOOKS_DIR))


def export_report(settings: config.Settings) -> Path:
    """Execute the report notebook on the tables in ``settings.out``; save it as HTML.

    The HTML has no code, no scripts from a CDN (formulas are plain HTML) and every figure
    embedded as an image.
    """
    import nbformat
    from nbconvert import HTMLExporter

    executed = execute_notebook(REPORT_NOTEBOOK, notebook_parameters(settings))
    notebook = nbformat.from_dict(executed)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    html, _ = exporter.from_notebook_node(notebook)
    path = settings.out / REPORT_HTML
    path.write_text(strip_remote_scripts(html), encoding="utf-8")
    return path


def strip_remote_scripts(html: str) -> str:
    """Drop the exporter's scripts that load code from a CDN (MathJax, require.js, mermaid)
    and MathJax's configuration: the report needs neither and works offline."""
    import re

    def keep(match: re.Match) -> str:
        block = match.group(0)
        remote = re.search(r"https?://", block) or "MathJax" in block
        return "" if remote else block

    return re.sub(r"<script\b[^>]*>.*?</script>\s*", keep, html, flags=re.S | re.I)


def summary(results: Results) -> str:
    """A few lines for the terminal: counts and the documents' reliability."""
    docs = results.documents
    lines = [f"{len(docs)} files: {int((docs['status'] == 'ok').sum())} loaded, "
             f"{int((docs['status'] == 'quarantined').sum())} quarantined; "
             f"{len(results.claims)} claims; verdicts "
             + json.dumps(results.verdicts["verdict"].value_counts().sort_index().to_dict())]
    scores = results.scores_documents
    for row in scores.head(20).itertuples(index=False):
        lines.append(f"  {row.doc_id}: reliability {row.reliability:.2f} "
                     f"[{row.reliability_low:.2f}, {row.reliability_high:.2f}] "
                     f"from {row.n_checkable} checkable claims")
    if len(scores) > 20:
        lines.append(f"  ... {len(scores) - 20} more in scores_documents.csv")
    for row in docs[docs["status"] == "quarantined"].itertuples(index=False):
        lines.append(f"  quarantined {row.problem}")
    lines += [f"  warning: {w}" for w in results.warnings]
    return "\n".join(lines)
