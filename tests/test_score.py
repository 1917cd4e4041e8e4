"""Tests of the reliability scores (``analysis.score``): the Beta posterior, certainty
weighting, the Brier score and text coverage on tiny hand-built frames, and the ordering of
the seeds' scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.pipeline import Results, run
from analysis.score import posterior, predictions, score_documents, score_outlets

# --------------------------------------------------------------------------- helpers

SENTENCES = ["The show streams on StreamCo.", "It has eight episodes.",
             "A second season is coming.", "The composer is unknown."]
TEXT = " ".join(SENTENCES) + " Some filler text that holds no claim at all."


def frames(claims: list[dict], docs: list[dict] | None = None):
    """(documents, claims, verdicts) from compact claim dicts.

    Each claim dict: doc, verdict, certainty, and optionally verdict_now, prediction, n
    (index of its sentence in SENTENCES).
    """
    docs = docs or [{"doc_id": d, "outlet": f"Outlet {d}"}
                    for d in sorted({c["doc"] for c in claims})]
    documents = pd.DataFrame([{"doc_id": d["doc_id"], "outlet": d["outlet"],
                               "kind": "TV news blog", "text": d.get("text", TEXT),
                               "status": d.get("status", "ok")} for d in docs])
    documents["published"] = pd.to_datetime([d.get("published") for d in docs]) \
        .astype("datetime64[s]")
    claim_rows, verdict_rows = [], []
    for i, c in enumerate(claims):
        sentence = SENTENCES[c.get("n", 0)]
        claim_rows.append({"claim_id": f"c{i}", "doc_id": c["doc"],
                           "prediction": c.get("prediction", False),
                           "certainty": c["certainty"], "start": TEXT.index(sentence),
                           "sentence": sentence})
        verdict_rows.append({"claim_id": f"c{i}", "doc_id": c["doc"], "verdict": c["verdict"],
                             "verdict_now": c.get("verdict_now", c["verdict"])})
    claims_df = pd.DataFrame(claim_rows, columns=["claim_id", "doc_id", "prediction",
                                                  "certainty", "start", "sentence"])
    claims_df = claims_df.astype({"prediction": "bool", "certainty": "float64",
                                  "start": "int64"})
    verdicts_df = pd.DataFrame(verdict_rows,
                               columns=["claim_id", "doc_id", "verdict", "verdict_now"])
    return documents, claims_df, verdicts_df


def scored(claims: list[dict], docs: list[dict] | None = None) -> pd.DataFrame:
    return score_documents(*frames(claims, docs)).set_index("doc_id")


# --------------------------------------------------------------------------- posterior


def test_posterior_without_evidence_is_the_jeffreys_prior():
    mean, low, high = posterior(0, 0)
    assert mean == pytest.approx(0.5)
    assert low < 0.01
    assert high > 0.99
    assert low == pytest.approx(1 - high)


def test_more_evidence_narrows_the_interval():
    widths = []
    for n in (1, 4, 16, 64):
        mean, low, high = posterior(3 * n, n)
        assert low < mean < high
        assert mean == pytest.approx((0.5 + 3 * n) / (1 + 4 * n))
        widths.append(high - low)
    assert widths == sorted(widths, reverse=True)
    assert widths[-1] < widths[0] / 3


def test_posterior_is_symmetric_and_monotone():
    assert posterior(5, 0)[0] == pytest.approx(1 - posterior(0, 5)[0])
    assert posterior(5, 1)[0] > posterior(5, 2)[0] > posterior(5, 3)[0]


# --------------------------------------------------------------------------- weighting


def test_confident_falsehood_costs_more_than_a_hedged_one():
    table = scored([
        {"doc": "confident", "verdict": "supported", "certainty": 0.93},
        {"doc": "confident", "verdict": "refuted", "certainty": 0.93},
        {"doc": "hedged", "verdict": "supported", "certainty": 0.93},
        {"doc": "hedged", "verdict": "refuted", "certainty": 0.5},
    ])
    assert table.loc["confident", "weighted_refuted"] == pytest.approx(0.93)
    assert table.loc["hedged", "weighted_refuted"] == pytest.approx(0.5)
    assert table.loc["confident", "reliability"] < table.loc["hedged", "reliability"]
    mean, low, high = posterior(0.93, 0.5)
    assert table.loc["hedged", "reliability"] == pytest.approx(mean, abs=1e-4)
    assert table.loc["hedged", "reliability_low"] == pytest.approx(low, abs=1e-4)
    assert table.loc["hedged", "reliability_high"] == pytest.approx(high, abs=1e-4)


def test_every_mention_counts():
    once = scored([{"doc": "a", "verdict": "refuted", "certainty": 0.93}])
    thrice = scored([{"doc": "a", "verdict": "refuted", "certainty": 0.93}] * 3)
    assert thrice.loc["a", "n_refuted"] == 3
    assert thrice.loc["a", "weighted_refuted"] == pytest.approx(3 * 0.93)
    assert thrice.loc["a", "reliability"] < once.loc["a", "reliability"]


def test_uncheckable_claims_do_not_move_reliability():
    table = scored([
        {"doc": "a", "verdict": "supported", "certainty": 0.93},
        {"doc": "b", "verdict": "supported", "certainty": 0.93},
        {"doc": "b", "verdict": "not_enough_evidence", "certainty": 0.93},
        {"doc": "b", "verdict": "pending", "certainty": 0.5, "prediction": True},
    ])
    assert table.loc["b", "n_claims"] == 3
    assert table.loc["b", "n_checkable"] == 1
    assert table.loc["b", "n_not_enough_evidence"] == 1
    assert table.loc["b", "n_pending"] == 1
    for col in ("reliability", "reliability_low", "reliability_high"):
        assert table.loc["a", col] == table.loc["b", col]


def test_document_without_claims_gets_the_prior():
    documents, claims, verdicts = frames(
        [{"doc": "a", "verdict": "supported", "certainty": 0.93}],
        docs=[{"doc_id": "a", "outlet": "X"}, {"doc_id": "empty", "outlet": "X"}])
    table = score_documents(documents, claims, verdicts).set_index("doc_id")
    row = table.loc["empty"]
    assert row["n_claims"] == 0
    assert row["reliability"] == pytest.approx(0.5)
    assert row["reliability_low"] < 0.01 and row["reliability_high"] > 0.99
    assert np.isnan(row["brier"]) and np.isnan(row["confident_false_share"])
    assert row["checkable_text_share"] == 0


def test_quarantined_documents_are_not_scored():
    documents, claims, verdicts = frames(
        [{"doc": "a", "verdict": "supported", "certainty": 0.93}],
        docs=[{"doc_id": "a", "outlet": "X"},
              {"doc_id": "bad", "outlet": "X", "status": "quarantined", "text": ""}])
    table = score_documents(documents, claims, verdicts)
    assert table["doc_id"].tolist() == ["a"]


def test_confident_false_share():
    table = scored([
        {"doc": "a", "verdict": "supported", "certainty": 0.93},
        {"doc": "a", "verdict": "refuted", "certainty": 0.93},
        {"doc": "a", "verdict": "refuted", "certainty": 0.95},
        {"doc": "a", "verdict": "refuted", "certainty": 0.5},
    ])
    assert table.loc["a", "confident_false_share"] == pytest.approx(2 / 3, abs=1e-4)


# --------------------------------------------------------------------------- predictions


def test_brier_of_one_coin_flip_that_came_true():
    claims = [{"doc": "a", "verdict": "pending", "verdict_now": "supported",
               "certainty": 0.5, "prediction": True}]
    table = scored(claims)
    assert table.loc["a", "brier"] == pytest.approx(0.25)
    assert table.loc["a", "n_predictions_resolved"] == 1
    # once resolved, the prediction counts as a checkable claim
    assert table.loc["a", "n_checkable"] == 1
    assert table.loc["a", "n_supported"] == 1
    resolved = predictions(*frames(claims)[1:])
    assert resolved[["claim_id", "certainty", "outcome"]].to_dict("records") == \
        [{"claim_id": "c0", "certainty": 0.5, "outcome": 1}]


def test_brier_of_confident_wrong_prediction():
    table = scored([{"doc": "a", "verdict": "pending", "verdict_now": "refuted",
                     "certainty": 0.9, "prediction": True}])
    assert table.loc["a", "brier"] == pytest.approx(0.81)


def test_unresolved_prediction_has_no_brier():
    table = scored([{"doc": "a", "verdict": "pending", "verdict_now": "pending",
                     "certainty": 0.7, "prediction": True}])
    assert np.isnan(table.loc["a", "brier"])
    assert table.loc["a", "n_predictions_resolved"] == 0
    assert table.loc["a", "n_pending"] == 1


# --------------------------------------------------------------------------- coverage


def test_checkable_text_share():
    table = scored([
        {"doc": "a", "verdict": "supported", "certainty": 0.93, "n": 0},
        {"doc": "a", "verdict": "refuted", "certainty": 0.93, "n": 1},
        {"doc": "a", "verdict": "not_enough_evidence", "certainty": 0.93, "n": 3},
    ])
    share = table.loc["a", "checkable_text_share"]
    expected = (len(SENTENCES[0]) + len(SENTENCES[1])) / len(TEXT)
    assert 0 <= share <= 1
    assert share == pytest.approx(expected, abs=1e-4)


def test_checkable_text_share_counts_a_sentence_once():
    twice = scored([{"doc": "a", "verdict": "supported", "certainty": 0.93, "n": 0}] * 2)
    assert twice.loc["a", "checkable_text_share"] == pytest.approx(
        len(SENTENCES[0]) / len(TEXT), abs=1e-4)


def test_outlets_pool_their_documents():
    documents, claims, verdicts = frames(
        [{"doc": "a", "verdict": "supported", "certainty": 0.93},
         {"doc": "b", "verdict": "refuted", "certainty": 0.5},
         {"doc": "c", "verdict": "supported", "certainty": 0.93}],
        docs=[{"doc_id": "a", "outlet": "X"}, {"doc_id": "b", "outlet": "X"},
              {"doc_id": "c", "outlet": "Y"}])
    outlets = score_outlets(documents, claims, verdicts).set_index("outlet")
    assert outlets.loc["X", "n_documents"] == 2
    assert outlets.loc["X", "n_claims"] == 2
    assert outlets.loc["X", "weighted_supported"] == pytest.approx(0.93)
    assert outlets.loc["X", "weighted_refuted"] == pytest.approx(0.5)
    assert outlets.loc["X", "reliability"] == pytest.approx(posterior(0.93, 0.5)[0], abs=1e-4)
    assert outlets.loc["Y", "n_documents"] == 1


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def results() -> Results:
    return run(config.Settings())


@pytest.fixture(scope="module")
def seed_scores(results) -> pd.DataFrame:
    table = results.scores_documents.copy()
    table.index = table["doc_id"].str[:3]
    return table


def test_seed_scores_are_well_formed(seed_scores, results):
    assert list(seed_scores.index) == ["000", "001", "002", "003", "004"]
    assert (seed_scores["reliability_low"] <= seed_scores["reliability"]).all()
    assert (seed_scores["reliability"] <= seed_scores["reliability_high"]).all()
    assert seed_scores["checkable_text_share"].between(0, 1).all()
    assert (seed_scores["n_checkable"] == seed_scores["n_supported"]
            + seed_scores["n_refuted"]).all()
    assert len(results.scores_outlets) == results.documents["outlet"].nunique()


def test_seed_001_more_reliable_than_004(seed_scores):
    assert seed_scores.loc["001", "reliability_low"] > seed_scores.loc["004", "reliability_high"]
    assert seed_scores.loc["001", "reliability"] > seed_scores.loc["004", "reliability"]
