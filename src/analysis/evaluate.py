"""Extraction and verification quality against hand-annotated gold claims.

The gold file (``data/annotations/seeds.csv``, format in its README) pins each claim to an
``anchor``, an exact phrase of the article. A predicted claim matches a gold claim when it
is in the same document, has the same attribute and the same normalised value, and its span
overlaps the anchor (or, failing that, it is about the same work in the sentence holding the
anchor); matching is one-to-one, in document order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, precision_recall_fscore_support

from analysis.truth import fold

NONE = "(none)"
GOLD_COLUMNS = ["doc_id", "attribute", "work", "season", "value", "qualifier", "anchor",
                "occurrence", "modality", "expected_verdict", "note"]


def read_gold(path: str | Path, documents: pd.DataFrame, strict: bool = True) -> pd.DataFrame:
    """Gold claims with ``start``/``end`` of their anchor in the cleaned document text.

    Raises ``ValueError`` naming the row when an anchor cannot be found; with
    ``strict=False`` such rows (e.g. a headline that cleaning removed) are left out instead
    and listed, one message each, in ``attrs["unplaced"]``.
    """
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(GOLD_COLUMNS) - set(gold.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    starts, ends, unplaced = [], [], []
    for line, row in enumerate(gold.itertuples(index=False), start=2):
        text = texts.get(row.doc_id)
        if text is None:
            raise ValueError(f"{path}, line {line}: unknown doc_id {row.doc_id!r}")
        position = -1
        for _ in range(int(row.occurrence or 1)):
            position = text.find(row.anchor, position + 1)
            if position < 0:
                break
        if position < 0:
            problem = (f"line {line}: anchor {row.anchor!r} is not in the cleaned text "
                       f"of {row.doc_id}")
            if strict:
                raise ValueError(f"{path}, {problem}")
            unplaced.append(f"{Path(path).name}, {problem}")
        starts.append(position)
        ends.append(position + len(row.anchor))
    placed = gold.assign(start=starts, end=ends)
    placed = placed[placed["start"] >= 0]
    placed.attrs["unplaced"] = unplaced
    return placed


def align(claims: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One row per gold claim and per unmatched prediction.

    Columns: ``doc_id``, ``gold_index`` and ``claim_id`` (either may be missing),
    ``attribute_true`` / ``attribute_pred`` (``(none)`` when absent), ``value_true``,
    ``value_pred``.
    """
    used: set[str] = set()
    rows = []
    for index, g in gold.sort_values(["doc_id", "start"]).iterrows():
        candidates = claims[(claims["doc_id"] == g["doc_id"])
                            & (claims["attribute"] == g["attribute"])
                            & ~claims["claim_id"].isin(used)]
        candidates = candidates[candidates["value"].map(fold) == fold(g["value"])]
        overlaps = (candidates["start"] < g["end"]) & (candidates["end"] > g["start"])
        same_sentence = (candidates["sentence"].str.contains(g["anchor"], regex=False)
                         & ((candidates["start"] - g["start"]).abs()
                            < candidates["sentence"].str.len())
                         & (candidates["work"] == g["work"]))
        candidates = pd.concat([candidates[overlaps], candidates[same_sentence & ~overlaps]])
        match = candidates.iloc[0] if len(candidates) else None
        if match is not None:
            used.add(match["claim_id"])
        rows.append({"doc_id": g["doc_id"], "gold_index": index,
                     "claim_id": match["claim_id"] if match is not None else None,
                     "attribute_true": g["attribute"],
                     "attribute_pred": g["attribute"] if match is not None else NONE,
                     "value_true": g["value"],
                     "value_pred": match["value"] if match is not None else None})
    for _, c in claims[~claims["claim_id"].isin(used)].iterrows():
        rows.append({"doc_id": c["doc_id"], "gold_index": None, "claim_id": c["claim_id"],
                     "attribute_true": NONE, "attribute_pred": c["attribute"],
                     "value_true": None, "value_pred": c["value"]})
    return pd.DataFrame(rows)


def extraction_scores(alignment: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall, F1 and support per attribute, plus an ``overall`` (micro) row."""
    labels = sorted(set(alignment["attribute_true"]) | set(alignment["attribute_pred"]) - {NONE})
    labels = [label for label in labels if label != NONE]
    y_true, y_pred = alignment["attribute_true"], alignment["attribute_pred"]
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels,
                                                 zero_division=0)
    table = pd.DataFrame({"attribute": labels, "precision": p, "recall": r, "f1": f,
                          "support": s})
    mp, mr, mf, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels,
                                                    average="micro", zero_division=0)
    overall = pd.DataFrame([{"attribute": "overall", "precision": mp, "recall": mr, "f1": mf,
                             "support": int(table["support"].sum())}])
    return pd.concat([table, overall], ignore_index=True).round(4)


def verdict_accuracy(alignment: pd.DataFrame, gold: pd.DataFrame,
                     verdicts: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Accuracy of verdicts on the gold claims that were extracted, and the compared rows."""
    matched = alignment.dropna(subset=["gold_index", "claim_id"])
    compared = matched.assign(
        expected=gold.loc[matched["gold_index"].astype(int), "expected_verdict"].to_numpy(),
    ).merge(verdicts[["claim_id", "verdict", "rationale"]], on="claim_id", how="left")
    if compared.empty:
        return float("nan"), compared
    return float(accuracy_score(compared["expected"], compared["verdict"])), compared
