"""The quality targets on the annotated benchmark corpora (``data/benchmarks/*``), measured
by the package's evaluation exactly as ``python -m analysis evaluate`` prints them, and the
evaluation measures themselves on examples small enough to check by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.cli import EXIT_OK, main
from analysis.evaluate import evaluate_corpus, refutation_precision, tier_auc

BENCHMARKS = sorted(p for p in (config.DATA_DIR / "benchmarks").iterdir()
                    if (p / "gold.csv").is_file())


def test_there_are_benchmark_corpora():
    assert {p.name for p in BENCHMARKS} >= {"severance", "lincoln-lawyer"}


@pytest.fixture(scope="module", params=BENCHMARKS, ids=lambda p: p.name)
def evaluation(request):
    folder = request.param
    return evaluate_corpus(folder / "articles", folder / "truth.yaml", folder / "gold.csv",
                           folder / "index.csv")


def test_extraction_targets(evaluation):
    overall = evaluation.extraction.set_index("attribute").loc["overall"]
    assert overall["recall"] >= 0.80, evaluation.extraction.to_string()
    assert overall["precision"] >= 0.90, evaluation.extraction.to_string()


def test_verdict_targets(evaluation):
    assert evaluation.verdict_accuracy >= 0.90, evaluation.wrong_verdicts().to_string()
    assert evaluation.refutation_precision >= 0.90
    assert evaluation.n_refuted >= 10  # refutations still happen: abstention is not silence


def test_careful_articles_rank_above_sloppy_and_fabricated(evaluation):
    assert evaluation.tier_auc >= 0.95, evaluation.tiers.to_string()


def test_evaluate_command_prints_every_measure(capsys):
    folder = BENCHMARKS[0]
    code = main(["evaluate", str(folder / "articles"), "--truth", str(folder / "truth.yaml"),
                 "--gold", str(folder / "gold.csv"), "--tiers", str(folder / "index.csv")])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    for measure in ("precision", "recall", "verdict accuracy", "refutation precision",
                    "tier AUC"):
        assert measure in out


# --------------------------------------------------------------------------- the measures


def test_refutation_precision_counts_refutations_without_gold_as_wrong():
    gold = pd.DataFrame({"expected_verdict": ["refuted", "supported"]})
    alignment = pd.DataFrame({"gold_index": [0, 1, None], "claim_id": ["a", "b", "c"]})
    verdicts = pd.DataFrame({"claim_id": ["a", "b", "c"],
                             "verdict": ["refuted", "refuted", "refuted"]})
    assert refutation_precision(alignment, gold, verdicts) == (pytest.approx(1 / 3), 3)


def test_tier_auc_leaves_out_documents_without_checkable_claims():
    scores = pd.DataFrame({"doc_id": ["a1", "a2", "c1", "d1", "d2"],
                           "reliability": [0.9, 0.8, 0.85, 0.3, 0.99],
                           "n_checkable": [5, 5, 5, 5, 0]})
    tiers = pd.Series({"a1": "A", "a2": "A", "c1": "C", "d1": "D", "d2": "D"})
    auc, rows = tier_auc(scores, tiers)
    assert list(rows["doc_id"]) == ["a1", "a2", "c1", "d1"]
    assert auc == pytest.approx(3 / 4)  # a2 (0.8) ranks below c1 (0.85)
