"""The whole analysis, load -> extract -> verify -> score, and writing its outputs.

The corpus is analysed in parts of about ``DOCS_PER_PART`` articles, each by a worker
process that loads, extracts, verifies and scores it and returns plain tables
(``analyse``). ``run`` gathers the parts into tables in memory; ``run_to_folder`` streams
them to the output files, so memory stays bounded on any corpus size. Outputs (tables,
figures, ClaimReview JSON-LD, curation queue and the HTML report, notebook 4.0 executed
with papermill on the tables just written) go to a staging folder next to ``--out`` that
then replaces it, so an output folder always holds one complete run and nothing stale.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from analysis import config
from analysis.claimreview import ClaimReviewWriter, claim_reviews, graph_items
from analysis.curation import CURATION_FILES, unsettled_claims, write_queue
from analysis.extract import extract_claims
from analysis.load import (
    Entry,
    load_entries,
    plan_corpus,
    prepare_language_detection,
    require_claims,
    require_usable,
)
from analysis.nlp import build_pipeline
from analysis.outputs import write_csv
from analysis.plot import export_all
from analysis.schemas import CLAIMS, TABLE_SCHEMAS, VERDICTS, empty_table
from analysis.score import outlet_evidence, pool_outlets, predictions, score_documents
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
DOCS_PER_PART = 250  # most articles per task sent to a worker
SPILL = ".spill"  # staging subfolder of the tables set aside for the pooled outputs
# What the figures and the terminal summary take of each table (the files keep everything).
SLIM_DOCUMENTS = ["doc_id", "path", "outlet", "kind", "title", "published", "status",
                  "problem"]
SLIM_CLAIMS = ["claim_id", "doc_id", "work", "season", "attribute", "modality",
               "attribution", "date_lo", "date_hi"]


class OutputError(Exception):
    """The output folder cannot be used (e.g. it holds files a run did not write)."""


@dataclass
class Results:
    """Every table of one run, and the ground truth they were judged against.

    From ``run_to_folder`` the documents are slim (``SLIM_DOCUMENTS``), the claims empty and
    the verdicts only their ``verdict``: the complete tables are in the output files.
    """

    truth: Truth
    documents: pd.DataFrame
    claims: pd.DataFrame
    verdicts: pd.DataFrame
    scores_documents: pd.DataFrame
    scores_outlets: pd.DataFrame
    predictions: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


@dataclass
class Part:
    """The analysis of consecutive entries of a corpus, and what of it the outputs that pool
    the whole corpus need."""

    documents: pd.DataFrame
    claims: pd.DataFrame
    verdicts: pd.DataFrame
    scores_documents: pd.DataFrame
    predictions: pd.DataFrame
    warnings: list[str]
    reviews: str  # ClaimReview @graph entries (``graph_items``)
    unsettled: pd.DataFrame  # ``curation.unsettled_claims``
    outlets: tuple[pd.DataFrame, pd.DataFrame, pd.Series]  # ``score.outlet_evidence``

    @property
    def slim_claims(self) -> pd.DataFrame:
        """The claims with their verdict, as the figures read them."""
        slim = self.claims[SLIM_CLAIMS].copy()
        slim["verdict"] = self.verdicts["verdict"].to_numpy()
        return slim


def judge_part(documents: pd.DataFrame, claims: pd.DataFrame, truth: Truth,
               warnings: list[str]) -> Part:
    """Verify and score the claims of ``documents``; the ``Part`` they make."""
    verdicts = verify_claims(claims, documents, truth)
    return Part(
        documents=documents, claims=claims, verdicts=verdicts,
        scores_documents=score_documents(documents, claims, verdicts),
        predictions=predictions(claims, verdicts), warnings=warnings,
        reviews=graph_items(claim_reviews(claims, verdicts, documents)),
        unsettled=unsettled_claims(claims, verdicts, documents, truth),
        outlets=outlet_evidence(documents, claims, verdicts))


def show_progress() -> bool:
    """Progress bars only when stderr is a terminal and logging is not quieted."""
    return sys.stderr.isatty() and log.getEffectiveLevel() <= logging.WARNING


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Log how long a stage took (at INFO level)."""
    start = time.perf_counter()
    yield
    log.info("%s: %.1f s", name, time.perf_counter() - start)


# --------------------------------------------------------------------------- analysis


@dataclass
class _Worker:
    """What each process needs to analyse parts: the pipeline, the truth and the corpus."""

    truth: Truth
    folder: Path
    loading: config.LoadOptions
    nlp: object = None

    def prepare(self) -> _Worker:
        """Build the pipeline and load the language model; done before the pool starts,
        forked workers share them instead of each holding a copy."""
        if self.nlp is None:
            self.nlp = build_pipeline(self.truth.works)
            prepare_language_detection()
        return self

    def analyse(self, entries: list[Entry]) -> Part:
        self.prepare()
        warnings: list[str] = []
        documents = load_entries(entries, self.folder, self.loading, warnings)
        claims = extract_claims(documents, self.nlp, self.truth.as_of)
        return judge_part(documents, claims, self.truth, warnings)


_worker: _Worker | None = None


def _start_worker(worker: _Worker) -> None:
    """Pool initializer: each process keeps one ``_Worker`` (its pipeline built once)."""
    global _worker
    _worker = worker


def _analyse_in_worker(entries: list[Entry]) -> Part:
    return _worker.analyse(entries)


def parts_of(entries: list[Entry], most: int, workers: int = 1) -> list[list[Entry]]:
    """``entries`` cut into runs of at most about ``most``; when there are several, as many
    as a multiple of ``workers`` so that the last round keeps every worker busy. Entries of
    one doc_id stay together (the first usable one wins, see ``load.load_entries``)."""
    runs = -(-len(entries) // most)
    if runs > 1:
        runs = -(-runs // workers) * workers
    size = -(-len(entries) // runs) if entries else most
    parts: list[list[Entry]] = []
    for entry in entries:
        if parts and (len(parts[-1]) < size or parts[-1][-1].doc_id == entry.doc_id):
            parts[-1].append(entry)
        else:
            parts.append([entry])
    return parts


def analyse(settings: config.Settings, truth: Truth, workers: int | None = None
            ) -> tuple[list[str], Iterator[Part]]:
    """The corpus warnings and the ``Part``s of ``settings.corpus`` in doc_id order,
    analysed by ``workers`` processes (default: the machine's cores).

    Raises ``analysis.load.CorpusError`` for a missing corpus folder.
    """
    entries, warnings = plan_corpus(settings.corpus, settings.loading)
    workers = max(1, workers or os.cpu_count() or 1)
    parts = parts_of(entries, DOCS_PER_PART, workers)
    worker = _Worker(truth, settings.corpus, settings.loading).prepare()

    def generate() -> Iterator[Part]:
        with tqdm(total=len(entries), desc="analyse", unit="article", file=sys.stderr,
                  disable=not show_progress()) as bar:
            if workers == 1 or len(parts) <= 1:
                results: Iterable[Part] = map(worker.analyse, parts)
                yield from _counted(results, bar)
                return
            # Frozen, what the workers inherit (the pipeline, the truth) is never visited by
            # their garbage collectors, so its pages stay shared instead of being copied.
            gc.freeze()
            try:
                with ProcessPoolExecutor(workers, initializer=_start_worker,
                                         initargs=(worker,)) as pool:
                    yield from _counted(pool.map(_analyse_in_worker, parts), bar)
            finally:
                gc.unfreeze()

    return warnings, generate()


def _counted(parts: Iterable[Part], bar: tqdm) -> Iterator[Part]:
    for part in parts:
        bar.update(len(part.documents))
        yield part


def run(settings: config.Settings | None = None, workers: int | None = None) -> Results:
    """Run the analysis on ``settings.corpus`` against ``settings.truth``, in memory.

    ``workers`` processes analyse the corpus (default: the machine's cores). Raises
    ``analysis.load.CorpusError`` for a missing corpus folder,
    ``analysis.truth.TruthError`` for a malformed truth file and
    ``analysis.load.NothingToAnalyse`` when no article is usable or no claim is found.
    """
    settings = settings or config.Settings()
    truth = load_truth(settings.truth)
    warnings, parts = analyse(settings, truth, workers)
    parts = list(parts)
    for part in parts:
        warnings += part.warnings

    def gathered(name: str) -> pd.DataFrame:
        return _concat([getattr(p, name) for p in parts], name)

    documents = require_usable(gathered("documents"), settings.corpus)
    claims = gathered("claims")
    require_claims(claims, documents, settings.truth)
    outlets = [p.outlets for p in parts]
    return Results(
        truth=truth, documents=documents, claims=claims, verdicts=gathered("verdicts"),
        scores_documents=gathered("scores_documents"),
        scores_outlets=pool_outlets(*_pooled(outlets)), predictions=gathered("predictions"),
        warnings=warnings)


def _concat(tables: list[pd.DataFrame], name: str) -> pd.DataFrame:
    """The tables one after the other; with none (an empty corpus), no documents."""
    if not tables and name == "documents":
        return empty_table(next(s for s in TABLE_SCHEMAS if s.name == name))
    return pd.concat(tables, ignore_index=True)


def _pooled(outlets: list[tuple[pd.DataFrame, pd.DataFrame, pd.Series]]):
    judged = pd.concat([o[0] for o in outlets], ignore_index=True)
    predicted = pd.concat([o[1] for o in outlets], ignore_index=True)
    n_documents = pd.concat([o[2] for o in outlets]).groupby(level=0).sum()
    return judged, predicted, n_documents


# --------------------------------------------------------------------------- outputs


def source_note(n_documents: int, truth: Truth) -> str:
    """The note printed under every figure."""
    return (f"Source: {n_documents} articles; claims checked against "
            f"{truth.path.name} (evidence to {truth.as_of}).")


class _TableFile:
    """One table written part by part as ``{name}.parquet`` and ``{name}.csv``."""

    def __init__(self, folder: Path, name: str):
        self.schema = next(s for s in TABLE_SCHEMAS if s.name == name)
        self.paths = [folder / f"{name}.parquet", folder / f"{name}.csv"]
        self.parquet: pq.ParquetWriter | None = None
        self.csv = self.paths[1].open("wb")

    def add(self, table: pd.DataFrame) -> None:
        if table.attrs:  # kept out of the files
            table = table.copy()
            table.attrs = {}
        if self.parquet is None:  # the first part's types; a column it leaves empty, the schema's
            arrow = pa.Schema.from_pandas(table, preserve_index=False)
            typed = pa.Schema.from_pandas(empty_table(self.schema), preserve_index=False)
            self.arrow = pa.schema([typed.field(f.name) if pa.types.is_null(f.type) else f
                                    for f in arrow], metadata=arrow.metadata)
            self.parquet = pq.ParquetWriter(self.paths[0], self.arrow)
        table = pa.Table.from_pandas(table, schema=self.arrow, preserve_index=False)
        self.parquet.write_table(table)
        write_csv(table, self.csv, header=self.csv.tell() == 0)

    def close(self) -> None:
        if self.parquet is None:
            self.add(empty_table(self.schema))
        self.parquet.close()
        self.csv.close()


class _Spill:
    """Tables set aside on disk as the parts arrive and read back when a pooled output
    needs them, so that the main process does not hold them while the corpus is analysed."""

    def __init__(self, path: Path):
        self.path = path
        self.file = path.open("wb")

    def add(self, table: object) -> None:
        pickle.dump(table, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        self.file.close()

    def read(self) -> list:
        self.close()
        tables = []
        with self.path.open("rb") as file:
            while file.peek(1):
                tables.append(pickle.load(file))
        self.path.unlink()
        return tables


class OutputWriter:
    """Writes a run's outputs into a staging folder as its parts arrive, setting aside what
    the pooled outputs need; ``finish`` completes them and swaps the folder in."""

    def __init__(self, settings: config.Settings, truth: Truth):
        self.settings, self.truth = settings, truth
        check_output_folder(settings.out)
        settings.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{settings.out.name}-new-",
                                             dir=settings.out.parent))
        self.tables = {name: _TableFile(self.staging, name)
                       for name in TABLES if name != "scores_outlets"}
        self.reviews = ClaimReviewWriter(self.staging / CLAIMREVIEW)
        self.kept: dict[str, list] = {name: [] for name in (
            "documents", "verdicts", "scores_documents", "predictions")}
        (self.staging / SPILL).mkdir()
        self.spilled = {name: _Spill(self.staging / SPILL / name)
                        for name in ("claims", "unsettled", "outlets")}
        self.warnings: list[str] = []

    def add(self, part: Part) -> None:
        for name, table in self.tables.items():
            table.add(getattr(part, name))
        self.reviews.add(part.reviews)
        self.warnings += part.warnings
        kept, spilled = self.kept, self.spilled
        kept["documents"].append(part.documents[SLIM_DOCUMENTS])
        kept["verdicts"].append(pd.DataFrame(
            {"verdict": pd.Categorical(part.verdicts["verdict"], categories=VERDICTS)}))
        kept["scores_documents"].append(part.scores_documents)
        kept["predictions"].append(part.predictions)
        spilled["claims"].add(part.slim_claims)
        spilled["unsettled"].add(part.unsettled)
        spilled["outlets"].add(part.outlets)

    def finish(self, report: bool) -> tuple[Results, list[Path]]:
        """Complete the outputs, swap them in; the (slim) results and the paths written.
        Raises ``NothingToAnalyse`` (and leaves the output folder as it was) when no
        article is usable or no claim was found."""
        try:
            self._close_files()
            results = self._results()
            written = self._write_pooled(results, report)
            shutil.rmtree(self.staging / SPILL)
            _swap_in(self.staging, self.settings.out)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
        return results, [self.settings.out / p.relative_to(self.staging) for p in written]

    def abandon(self) -> None:
        self._close_files()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _close_files(self) -> None:
        for table in self.tables.values():
            table.close()
        self.reviews.close()
        for spill in self.spilled.values():
            spill.close()

    def _gathered(self, name: str) -> pd.DataFrame:
        if name in self.spilled:
            return _concat(self.spilled[name].read(), name)
        return _concat(self.kept.pop(name), name)

    def _results(self) -> Results:
        documents = require_usable(self._gathered("documents"), self.settings.corpus)
        verdicts = self._gathered("verdicts")
        require_claims(verdicts, documents, self.settings.truth)
        return Results(
            truth=self.truth, documents=documents, claims=empty_table(CLAIMS),
            verdicts=verdicts,
            scores_documents=self._gathered("scores_documents"),
            scores_outlets=pool_outlets(*_pooled(self.spilled["outlets"].read())),
            predictions=self._gathered("predictions"), warnings=self.warnings)

    def _write_pooled(self, results: Results, report: bool) -> list[Path]:
        out = self.staging
        outlets = _TableFile(out, "scores_outlets")
        outlets.add(results.scores_outlets)
        outlets.close()
        written = [p for t in self.tables.values() for p in t.paths] + outlets.paths
        steps = ["curation", "figures"] + (["report"] if report else [])
        with tqdm(total=len(steps), desc="outputs", unit="step", file=sys.stderr,
                  disable=not show_progress()) as bar:
            with stage("curation"):
                written += write_queue(self._gathered("unsettled"), self.truth, out)
            bar.update()
            with stage("figures"):
                tables = {"documents": results.documents, "claims": self._gathered("claims"),
                          "scores_documents": results.scores_documents,
                          "scores_outlets": results.scores_outlets,
                          "predictions": results.predictions,
                          "truth_facts": results.truth.facts}
                written += export_all(tables, out / "figures",
                                      source_note(len(results.documents), self.truth))
            del tables  # the claims read back for the figures
            bar.update()
            written.append(out / CLAIMREVIEW)
            if report:
                with stage("report"):
                    written.append(export_report(replace(self.settings, out=out)))
                bar.update()
        return written


def run_to_folder(settings: config.Settings, workers: int | None = None,
                  report: bool = True) -> tuple[Results, list[Path]]:
    """Run the analysis and stream every output into ``settings.out``; returns slim
    ``Results`` and the paths written. Raises as ``run`` does, and ``OutputError`` for an
    output folder that cannot be used."""
    truth = load_truth(settings.truth)
    writer = OutputWriter(settings, truth)
    try:
        warnings, parts = analyse(settings, truth, workers)
        writer.warnings += warnings
        with stage("analyse"):
            for part in parts:
                writer.add(part)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish(report)


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
        kernel_name="python3", progress_bar=False, cwd=str(config.NOTEBOOKS_DIR),
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"])  # the kernel's own log is noise


def export_report(settings: config.Settings) -> Path:
    """Execute the report notebook on the tables in ``settings.out``; save it as HTML.

    The HTML has no code, no scripts from a CDN (formulas are plain HTML) and every figure
    embedded as an image.
    """
    import nbformat
    from nbconvert import HTMLExporter

    executed = execute_notebook(REPORT_NOTEBOOK, notebook_parameters(settings))
    notebook = nbformat.from_dict(executed)
    for cell in notebook.cells:  # papermill gives its parameters cell a random id
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
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
    docs, scores = results.documents, results.scores_documents
    lines = [f"{len(docs)} files: {int((docs['status'] == 'ok').sum())} loaded, "
             f"{int((docs['status'] == 'quarantined').sum())} quarantined; "
             f"{len(results.verdicts)} claims; verdicts "
             + json.dumps(dict(sorted((str(v), int(n)) for v, n in
                                      results.verdicts["verdict"].value_counts().items() if n)))]
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
