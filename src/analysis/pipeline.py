"""The whole analysis, load -> extract -> verify -> score, and writing its outputs."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.claimreview import claim_reviews, write_claimreview
from analysis.curation import write_curation_queue
from analysis.extract import extract_claims
from analysis.load import load_corpus, require_claims, require_usable
from analysis.nlp import build_pipeline
from analysis.plot import export_all
from analysis.score import predictions, score_documents, score_outlets
from analysis.truth import Truth, load_truth
from analysis.verify import verify_claims

TABLES = ("documents", "claims", "verdicts", "scores_documents", "scores_outlets")
REPORT_NOTEBOOK = config.NOTEBOOKS_DIR / "4.0-reliability-report.ipynb"
REPORT_HTML = "reliability-report.html"


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


def run(settings: config.Settings | None = None) -> Results:
    """Run the analysis on ``settings.corpus`` against ``settings.truth``.

    Raises ``analysis.load.CorpusError`` for a missing corpus folder,
    ``analysis.truth.TruthError`` for a malformed truth file and
    ``analysis.load.NothingToAnalyse`` when no article is usable or no claim is found.
    """
    settings = settings or config.settings_from_env()
    truth = load_truth(settings.truth)
    documents = require_usable(load_corpus(settings.corpus, settings.loading), settings.corpus)
    nlp = build_pipeline(truth.works)
    claims = extract_claims(documents, nlp, truth.as_of)
    require_claims(claims, documents, settings.truth)
    verdicts = verify_claims(claims, documents, truth)
    return Results(
        truth=truth, documents=documents, claims=claims, verdicts=verdicts,
        scores_documents=score_documents(documents, claims, verdicts),
        scores_outlets=score_outlets(documents, claims, verdicts),
        predictions=predictions(claims, verdicts),
    )


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


def write_outputs(results: Results, settings: config.Settings, report: bool = True) -> list[Path]:
    """Tables, figures, ClaimReview JSON-LD, the curation queue and (optionally) the report."""
    written = write_tables(results, settings.out)
    tables = {"documents": results.documents, "claims": results.claims,
              "verdicts": results.verdicts, "scores_documents": results.scores_documents,
              "predictions": results.predictions}
    written += export_all(tables, settings.figures, source_note(results))
    reviews = claim_reviews(results.claims, results.verdicts, results.documents)
    written.append(write_claimreview(reviews, settings.out / "claimreview.jsonld"))
    written += write_curation_queue(results.claims, results.verdicts, results.documents,
                                    results.truth, settings.out)
    if report:
        written.append(export_report(settings))
    return written


def export_report(settings: config.Settings) -> Path:
    """Execute the report notebook on ``settings`` and save it as HTML without code."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    env = settings.environment()
    previous = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}).execute()
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    html, _ = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                           exclude_output_prompt=True).from_notebook_node(notebook)
    path = settings.out / REPORT_HTML
    path.write_text(html, encoding="utf-8")
    return path


def summary(results: Results) -> str:
    """A few lines for the terminal: counts and the documents' reliability."""
    docs = results.documents
    lines = [f"{len(docs)} files: {int((docs['status'] == 'ok').sum())} loaded, "
             f"{int((docs['status'] == 'quarantined').sum())} quarantined; "
             f"{len(results.claims)} claims; verdicts "
             + json.dumps(results.verdicts["verdict"].value_counts().sort_index().to_dict())]
    for row in results.scores_documents.itertuples(index=False):
        lines.append(f"  {row.doc_id}: reliability {row.reliability:.2f} "
                     f"[{row.reliability_low:.2f}, {row.reliability_high:.2f}] "
                     f"from {row.n_checkable} checkable claims")
    for row in docs[docs["status"] == "quarantined"].itertuples(index=False):
        lines.append(f"  quarantined {row.problem}")
    lines += [f"  warning: {w}" for w in results.warnings]
    return "\n".join(lines)
