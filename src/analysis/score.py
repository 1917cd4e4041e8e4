"""Reliability scores per document and per outlet, with honest intervals.

Method. Each checkable claim (verdict ``supported`` or ``refuted`` on its publication date,
or for a prediction once the truth resolves it) is evidence about how often the source is
right. Every mention counts: a falsehood repeated five times misleads the reader five
times. Each is weighted by the certainty its wording conveyed (``claims.certainty``, Kent's
scale): a confidently asserted falsehood costs 0.93 of a failure, a "could" 0.5. With
``s`` and ``r`` the weighted counts of supported and refuted claims, the reliability has
the posterior

    p | claims ~ Beta(0.5 + s, 0.5 + r)

from the Jeffreys prior Beta(0.5, 0.5) (Brown, Cai & DasGupta 2001, "Interval Estimation
for a Binomial Proportion", Statistical Science 16(2)). ``reliability`` is the posterior
mean and ``reliability_low``/``_high`` the equal-tailed 90% credible interval (the IPCC's
"very likely" range, 5-95%; Mastrandrea et al. 2010), so a source with few checkable
claims gets a wide interval, and one with none the prior's (0.006-0.994).

Also: ``confident_false_share`` (of checkable claims with certainty >= 0.9, the share
refuted), ``brier`` (mean squared gap between the certainty of each prediction and whether
it came true, judged as of the truth's date) and ``checkable_text_share`` (the share of the
text's characters in sentences holding a checkable claim).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import beta

from analysis.config import INTERVAL_LEVEL
from analysis.schemas import SCORES_DOCUMENTS, SCORES_OUTLETS

PRIOR = 0.5
CONFIDENT = 0.9
CLAIM_COLUMNS = ["claim_id", "doc_id", "prediction", "certainty"]  # what scoring needs
VERDICT_COUNTS = {"n_supported": "supported", "n_refuted": "refuted",
                  "n_not_enough_evidence": "not_enough_evidence", "n_pending": "pending"}


def judged_claims(claims: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Claims joined with their verdicts, plus ``checkable`` and ``weight`` columns.

    A prediction counts once the truth resolves it (its ``verdict_now``), even when that
    happened after publication.
    """
    table = claims.merge(verdicts.drop(columns="doc_id"), on="claim_id", how="left",
                         validate="one_to_one")
    unresolved = table["prediction"] & (table["verdict"] == "pending")
    table["verdict"] = table["verdict"].where(~unresolved, table["verdict_now"])
    table["checkable"] = table["verdict"].isin(["supported", "refuted"])
    table["weight"] = table["certainty"].where(table["checkable"], 0.0)
    return table


def posterior(supported, refuted):
    """Posterior mean and equal-tailed interval of Beta(PRIOR + supported, PRIOR + refuted);
    floats, or arrays for arrays."""
    a, b = PRIOR + np.asarray(supported, float), PRIOR + np.asarray(refuted, float)
    tail = (1 - INTERVAL_LEVEL) / 2
    mean, low, high = a / (a + b), beta.ppf(tail, a, b), beta.ppf(1 - tail, a, b)
    if mean.ndim == 0:
        return float(mean), float(low), float(high)
    return mean, low, high


def predictions(claims: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Predictions resolved by the truth's date: ``claim_id``, ``doc_id``, ``certainty``,
    ``outcome`` (1 came true, 0 did not)."""
    table = claims[CLAIM_COLUMNS].merge(verdicts[["claim_id", "verdict_now"]], on="claim_id")
    resolved = table[table["prediction"] & table["verdict_now"].isin(["supported", "refuted"])]
    return pd.DataFrame({
        "claim_id": resolved["claim_id"], "doc_id": resolved["doc_id"],
        "certainty": resolved["certainty"],
        "outcome": (resolved["verdict_now"] == "supported").astype("int64"),
    }).reset_index(drop=True)


SUMMARY_COLUMNS = ["verdict", "checkable", "weight", "certainty"]  # what _summaries reads
VERDICT_COLUMNS = ["claim_id", "doc_id", "verdict", "verdict_now"]


def _summaries(judged: pd.DataFrame, predicted: pd.DataFrame, key: str,
               keys: list) -> pd.DataFrame:
    """The score columns per value of ``key`` (one row per ``keys``, in that order) from
    judged claims (``key`` and SUMMARY_COLUMNS) and resolved predictions."""
    def per_key(values: pd.Series, fill: float = 0) -> pd.Series:
        return values.reindex(keys, fill_value=fill)

    def by_verdict(values: pd.Series, verdicts: list[str]) -> pd.DataFrame:
        """``values`` indexed by (key, verdict) as one column per verdict."""
        grid = pd.MultiIndex.from_product([keys, verdicts], names=[key, "verdict"])
        return values.reindex(grid, fill_value=0).unstack("verdict").reindex(
            index=keys, columns=verdicts)

    checkable = judged[judged["checkable"]]
    weights = by_verdict(checkable.groupby([key, "verdict"])["weight"].sum(),
                         ["supported", "refuted"]).astype("float64")
    counts = by_verdict(judged.groupby([key, "verdict"]).size(), list(VERDICT_COUNTS.values()))
    mean, low, high = posterior(weights["supported"].to_numpy(), weights["refuted"].to_numpy())
    confident = checkable[checkable["certainty"] >= CONFIDENT]
    squared = (predicted["certainty"] - predicted["outcome"]) ** 2
    table = pd.DataFrame({
        "n_claims": per_key(judged.groupby(key).size()).astype("int64"),
        "n_checkable": per_key(checkable.groupby(key).size()).astype("int64")}, index=keys)
    for column, verdict in VERDICT_COUNTS.items():
        table[column] = counts[verdict].astype("int64")
    table["weighted_supported"] = weights["supported"]
    table["weighted_refuted"] = weights["refuted"]
    table["reliability"], table["reliability_low"], table["reliability_high"] = mean, low, high
    table["confident_false_share"] = per_key(
        (confident["verdict"] == "refuted").groupby(confident[key]).mean(), np.nan)
    table["brier"] = per_key(squared.groupby(predicted[key]).mean(), np.nan)
    table["n_predictions_resolved"] = per_key(predicted.groupby(key).size()).astype("int64")
    return table


def _checkable_share(text: str, starts: list[int], sentences: list[str]) -> float:
    """Share of characters of ``text`` inside sentences that hold a checkable claim."""
    covered = np.zeros(len(text), dtype=bool)
    for start, sentence in zip(starts, sentences, strict=True):
        begin = text.rfind(sentence, 0, start + len(sentence))
        if begin >= 0:
            covered[begin:begin + len(sentence)] = True
    return float(covered.mean()) if len(text) else 0.0


def score_documents(documents: pd.DataFrame, claims: pd.DataFrame,
                    verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per usable document (``analysis.schemas.SCORES_DOCUMENTS``)."""
    table = judged_claims(claims[CLAIM_COLUMNS + ["start", "sentence"]],
                          verdicts[VERDICT_COLUMNS])
    usable = documents[documents["status"] == "ok"]
    keys = list(usable["doc_id"])
    scores = _summaries(table, predictions(claims, verdicts), "doc_id", keys)
    checkable = table[table["checkable"]]
    spans: dict[str, tuple[list, list]] = {}
    for doc_id, start, sentence in zip(checkable["doc_id"], checkable["start"],
                                       checkable["sentence"], strict=True):
        spans.setdefault(doc_id, ([], []))
        spans[doc_id][0].append(start)
        spans[doc_id][1].append(sentence)
    scores["checkable_text_share"] = [
        _checkable_share(text, *spans.get(doc_id, ([], [])))
        for doc_id, text in zip(usable["doc_id"], usable["text"], strict=True)]
    scores = scores.reset_index(drop=True)
    for column in ("doc_id", "outlet", "kind", "published"):
        scores[column] = usable[column].reset_index(drop=True)
    scores = scores[list(SCORES_DOCUMENTS.columns)]
    return SCORES_DOCUMENTS.validate(_tidy(scores.sort_values("doc_id")))


def score_outlets(documents: pd.DataFrame, claims: pd.DataFrame,
                  verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet, pooling its documents' claims (``SCORES_OUTLETS``)."""
    return pool_outlets(*outlet_evidence(documents, claims, verdicts))


def outlet_evidence(documents: pd.DataFrame, claims: pd.DataFrame, verdicts: pd.DataFrame
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """What outlet scores pool, in a form that concatenates across parts of a corpus:
    the judged claims (outlet and ``SUMMARY_COLUMNS``), the resolved predictions (outlet,
    certainty, outcome) and the number of usable documents per outlet."""
    usable = documents.loc[documents["status"] == "ok", ["doc_id", "outlet"]]
    judged = judged_claims(claims[CLAIM_COLUMNS], verdicts[VERDICT_COLUMNS])[
        ["doc_id", *SUMMARY_COLUMNS]].merge(usable, on="doc_id")
    predicted = predictions(claims, verdicts).merge(usable, on="doc_id")
    return (judged[["outlet", *SUMMARY_COLUMNS]],
            predicted[["outlet", "certainty", "outcome"]], usable["outlet"].value_counts())


def pool_outlets(judged: pd.DataFrame, predicted: pd.DataFrame,
                 n_documents: pd.Series) -> pd.DataFrame:
    """``SCORES_OUTLETS`` from the parts ``outlet_evidence`` returns (concatenated, counts
    added)."""
    outlets = sorted(n_documents.index)
    scores = _summaries(judged, predicted, "outlet", outlets).reset_index(names="outlet")
    scores.insert(1, "n_documents", n_documents.reindex(outlets).to_numpy().astype("int64"))
    return SCORES_OUTLETS.validate(_tidy(scores[list(SCORES_OUTLETS.columns)]))


def _tidy(scores: pd.DataFrame) -> pd.DataFrame:
    """Round floats to 4 places so tables are stable across platforms."""
    floats = scores.select_dtypes("float").columns
    scores[floats] = scores[floats].round(4)
    return scores.reset_index(drop=True)
