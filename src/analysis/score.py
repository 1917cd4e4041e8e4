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


def posterior(supported: float, refuted: float) -> tuple[float, float, float]:
    """Posterior mean and equal-tailed interval of Beta(PRIOR + supported, PRIOR + refuted)."""
    a, b = PRIOR + supported, PRIOR + refuted
    tail = (1 - INTERVAL_LEVEL) / 2
    return a / (a + b), float(beta.ppf(tail, a, b)), float(beta.ppf(1 - tail, a, b))


def predictions(claims: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Predictions resolved by the truth's date: ``claim_id``, ``doc_id``, ``certainty``,
    ``outcome`` (1 came true, 0 did not)."""
    table = claims.merge(verdicts[["claim_id", "verdict_now"]], on="claim_id")
    resolved = table[table["prediction"] & table["verdict_now"].isin(["supported", "refuted"])]
    return pd.DataFrame({
        "claim_id": resolved["claim_id"], "doc_id": resolved["doc_id"],
        "certainty": resolved["certainty"],
        "outcome": (resolved["verdict_now"] == "supported").astype("int64"),
    }).reset_index(drop=True)


SUMMARY_COLUMNS = ["verdict", "checkable", "weight", "certainty"]  # what _summary reads
CLAIM_COLUMNS = ["claim_id", "doc_id", "prediction", "certainty"]  # what scoring needs
VERDICT_COLUMNS = ["claim_id", "doc_id", "verdict", "verdict_now"]


def _summary(group: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    checkable = group[group["checkable"]]
    supported = float(checkable.loc[checkable["verdict"] == "supported", "weight"].sum())
    refuted = float(checkable.loc[checkable["verdict"] == "refuted", "weight"].sum())
    mean, low, high = posterior(supported, refuted)
    confident = checkable[checkable["certainty"] >= CONFIDENT]
    row = {"n_claims": len(group), "n_checkable": len(checkable)}
    row.update({col: int((group["verdict"] == v).sum()) for col, v in VERDICT_COUNTS.items()})
    row.update(
        weighted_supported=supported, weighted_refuted=refuted, reliability=mean,
        reliability_low=low, reliability_high=high,
        confident_false_share=(float((confident["verdict"] == "refuted").mean())
                               if len(confident) else np.nan),
        brier=(float(((predicted["certainty"] - predicted["outcome"]) ** 2).mean())
               if len(predicted) else np.nan),
        n_predictions_resolved=len(predicted),
    )
    return row


def _checkable_share(text: str, claims: pd.DataFrame) -> float:
    """Share of characters of ``text`` inside sentences that hold a checkable claim."""
    covered = np.zeros(len(text), dtype=bool)
    for start, sentence in zip(claims["start"], claims["sentence"], strict=True):
        begin = text.rfind(sentence, 0, start + len(sentence))
        if begin >= 0:
            covered[begin:begin + len(sentence)] = True
    return float(covered.mean()) if len(text) else 0.0


def score_documents(documents: pd.DataFrame, claims: pd.DataFrame,
                    verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per usable document (``analysis.schemas.SCORES_DOCUMENTS``)."""
    table = judged_claims(claims[CLAIM_COLUMNS + ["start", "sentence"]],
                          verdicts[VERDICT_COLUMNS])[["doc_id", *SUMMARY_COLUMNS, "start",
                                                     "sentence"]]
    predicted = predictions(claims, verdicts)
    by_doc, predicted_by_doc = _groups(table, "doc_id"), _groups(predicted, "doc_id")
    rows = []
    for doc in documents[documents["status"] == "ok"].itertuples(index=False):
        group = by_doc.get(doc.doc_id, table.iloc[0:0])
        row = {"doc_id": doc.doc_id, "outlet": doc.outlet, "kind": doc.kind,
               "published": doc.published}
        row.update(_summary(group, predicted_by_doc.get(doc.doc_id, predicted.iloc[0:0])))
        row["checkable_text_share"] = _checkable_share(doc.text, group[group["checkable"]])
        rows.append(row)
    scores = pd.DataFrame(rows, columns=list(SCORES_DOCUMENTS.columns))
    return SCORES_DOCUMENTS.validate(_tidy(scores.sort_values("doc_id")))


def score_outlets(documents: pd.DataFrame, claims: pd.DataFrame,
                  verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet, pooling its documents' claims (``SCORES_OUTLETS``)."""
    usable = documents[documents["status"] == "ok"]
    table = judged_claims(claims[CLAIM_COLUMNS], verdicts[VERDICT_COLUMNS])[
        ["doc_id", *SUMMARY_COLUMNS]].merge(
        usable[["doc_id", "outlet"]], on="doc_id")
    predicted = predictions(claims, verdicts).merge(usable[["doc_id", "outlet"]], on="doc_id")
    by_outlet, predicted_by_outlet = _groups(table, "outlet"), _groups(predicted, "outlet")
    rows = []
    for outlet, docs in usable.groupby("outlet", sort=True):
        row = {"outlet": outlet, "n_documents": len(docs)}
        row.update(_summary(by_outlet.get(outlet, table.iloc[0:0]),
                            predicted_by_outlet.get(outlet, predicted.iloc[0:0])))
        rows.append(row)
    scores = pd.DataFrame(rows, columns=list(SCORES_OUTLETS.columns))
    return SCORES_OUTLETS.validate(_tidy(scores))


def _groups(table: pd.DataFrame, column: str) -> dict[object, pd.DataFrame]:
    """The rows of ``table`` per value of ``column``, each in table order."""
    return {key: group for key, group in table.groupby(column, sort=False)}


def _tidy(scores: pd.DataFrame) -> pd.DataFrame:
    """Round floats to 4 places so tables are stable across platforms."""
    floats = scores.select_dtypes("float").columns
    scores[floats] = scores[floats].round(4)
    return scores.reset_index(drop=True)
