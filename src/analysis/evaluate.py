"""Extraction and verification quality against hand-annotated gold claims.

The gold file (``data/annotations/seeds.csv``, format in its README) pins each claim to an
``anchor``, an exact phrase of the article. A predicted claim matches a gold claim when it
is in the same document, has the same attribute and the same normalised value, and its span
overlaps the anchor (or, failing that, it is about the same work in the sentence holding the
anchor); matching is one-to-one, in document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, precision_recall_fscore_support

from analysis.truth import Truth, fold

NONE = "(none)"
# The attributes the annotation guideline asks for (data/annotations/README.md); claims of
# attributes added since (e.g. ``creator``) are counted apart, not as false positives.
ANNOTATED_ATTRIBUTES = frozenset({
    "premiere_date", "production_period", "renewal_status", "release_pattern", "platform",
    "episode_count", "cast", "showrunner", "director", "composer", "executive_producer",
    "cinematographer", "writer", "review_score", "review_count", "viewership",
    "chart_position", "chart_weeks", "tax_credit"})
GOLD_COLUMNS = ["doc_id", "attribute", "work", "season", "value", "qualifier", "anchor",
                "occurrence", "modality", "expected_verdict", "note"]


def read_gold(path: str | Path, documents: pd.DataFrame) -> pd.DataFrame:
    """Gold claims with ``start``/``end`` of their anchor in the cleaned document text.

    ``occurrence`` counts in the file as written; when cleaning removed earlier copies of an
    anchor (an HTML ``<title>``, a header block), the last copy left is taken. An anchor not
    in the cleaned text at all gets ``start`` = ``end`` = -1: the claim counts as missed.
    They are listed in ``attrs["unplaced"]``. Raises ``ValueError`` naming the line for an
    unknown ``doc_id`` or missing columns.
    """
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(GOLD_COLUMNS) - set(gold.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    starts = []
    for line, row in enumerate(gold.itertuples(index=False), start=2):
        text = texts.get(row.doc_id)
        if text is None:
            raise ValueError(f"{path}, line {line}: unknown doc_id {row.doc_id!r}")
        found = -1
        for _ in range(int(row.occurrence or 1)):
            position = text.find(row.anchor, found + 1)
            if position < 0:
                break
            found = position
        starts.append(found)
    starts = pd.Series(starts, index=gold.index, dtype="int64")
    ends = (starts + gold["anchor"].str.len()).where(starts >= 0, -1)
    placed = gold.assign(start=starts, end=ends)
    placed.attrs["unplaced"] = [
        f"{Path(path).name}, line {line}: anchor {anchor!r} is not in the cleaned text of {doc}"
        for line, anchor, doc, start in zip(range(2, len(gold) + 2), gold["anchor"],
                                            gold["doc_id"], starts, strict=True) if start < 0]
    return placed


def align(claims: pd.DataFrame, gold: pd.DataFrame, truth: Truth | None = None) -> pd.DataFrame:
    """One row per gold claim and per unmatched prediction.

    Values are compared folded, and through the ``truth``'s alias tables when given (a
    claimed "Max" is the truth's "HBO Max").

    Columns: ``doc_id``, ``gold_index`` and ``claim_id`` (either may be missing),
    ``attribute_true`` / ``attribute_pred`` (``(none)`` when absent), ``value_true``,
    ``value_pred``.
    """
    used: set[str] = set()
    rows = []
    for index, g in gold.sort_values(["doc_id", "start"]).iterrows():
        kind = (truth.attributes.get(g["attribute"]) or {}).get("aliases") if truth else None

        def same(value: str, kind=kind) -> str:
            return truth.canonical(kind, value) if truth else fold(value)

        candidates = claims[(claims["doc_id"] == g["doc_id"])
                            & (claims["attribute"] == g["attribute"])
                            & ~claims["claim_id"].isin(used)]
        candidates = candidates[candidates["value"].map(lambda v: same(v)) == same(g["value"])]
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


def align_annotated(claims: pd.DataFrame, gold: pd.DataFrame, truth: Truth) -> pd.DataFrame:
    """``align`` on the claims of attributes the annotation guideline covers, through the
    truth's aliases: how every corpus is scored."""
    return align(claims[claims["attribute"].isin(ANNOTATED_ATTRIBUTES)], gold, truth)


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


def refutation_precision(alignment: pd.DataFrame, gold: pd.DataFrame,
                         verdicts: pd.DataFrame) -> tuple[float, int]:
    """Share of predicted ``refuted`` verdicts that match a gold claim expected refuted.

    A refutation of a claim that matches no gold claim counts as wrong. Returns the share
    (NaN when nothing was refuted) and the number of refutations.
    """
    refuted = verdicts.loc[verdicts["verdict"] == "refuted", "claim_id"]
    matched = alignment.dropna(subset=["gold_index", "claim_id"])
    expected = dict(zip(matched["claim_id"],
                        gold.loc[matched["gold_index"].astype(int), "expected_verdict"],
                        strict=True))
    right = sum(expected.get(c) == "refuted" for c in refuted)
    return (right / len(refuted) if len(refuted) else float("nan")), len(refuted)


def read_tiers(path: str | Path) -> pd.Series:
    """Tier (A careful ... D fabricated) per ``doc_id`` from an ``index.csv`` (``file``,
    ``tier``)."""
    index = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"file", "tier"} - set(index.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    return pd.Series(index["tier"].str.strip().str.upper().to_numpy(),
                     index=[Path(f).stem for f in index["file"]], name="tier")


def tier_auc(scores_documents: pd.DataFrame, tiers: pd.Series) -> tuple[float, pd.DataFrame]:
    """ROC AUC of document reliability separating tier A from tiers C and D.

    Documents without a checkable claim carry no evidence and are left out. Returns the AUC
    (NaN when either side is empty) and the rows compared (``doc_id``, ``tier``,
    ``reliability``, ``n_checkable``).
    """
    from sklearn.metrics import roc_auc_score

    table = scores_documents[["doc_id", "reliability", "n_checkable"]].assign(
        tier=scores_documents["doc_id"].map(tiers))
    table = table[table["tier"].isin(["A", "C", "D"]) & (table["n_checkable"] > 0)]
    careful = (table["tier"] == "A").astype(int)
    if careful.nunique() < 2:
        return float("nan"), table
    return float(roc_auc_score(careful, table["reliability"])), table


@dataclass
class Evaluation:
    """Quality figures of one corpus against its gold annotations (and tiers)."""

    corpus: str
    extraction: pd.DataFrame
    verdict_accuracy: float
    n_compared: int
    refutation_precision: float
    n_refuted: int
    tier_auc: float
    tiers: pd.DataFrame
    alignment: pd.DataFrame
    compared: pd.DataFrame
    unannotated: dict[str, int]  # claims of attributes the guideline does not annotate

    def headline(self) -> dict:
        """The figures of one corpus as one row."""
        overall = self.extraction.set_index("attribute").loc["overall"]
        return {"corpus": self.corpus, "gold_claims": int(overall["support"]),
                "precision": overall["precision"], "recall": overall["recall"],
                "f1": overall["f1"], "verdict_accuracy": round(self.verdict_accuracy, 4),
                "refutation_precision": round(self.refutation_precision, 4),
                "refuted": self.n_refuted, "tier_auc": round(self.tier_auc, 4)}

    def misses(self) -> pd.DataFrame:
        """Gold claims not extracted and extracted claims with no gold claim."""
        return self.alignment[self.alignment["gold_index"].isna()
                              | self.alignment["claim_id"].isna()]

    def wrong_verdicts(self) -> pd.DataFrame:
        return self.compared[self.compared["expected"] != self.compared["verdict"]]


def evaluate_corpus(corpus: str | Path, truth: str | Path, gold: str | Path,
                    tiers: str | Path | None = None, name: str | None = None) -> Evaluation:
    """Run the analysis on ``corpus`` and measure it against ``gold`` (and ``tiers``)."""
    from analysis.config import Settings
    from analysis.pipeline import run

    results = run(Settings(corpus=Path(corpus), truth=Path(truth)))
    gold_table = read_gold(gold, results.documents)
    alignment = align_annotated(results.claims, gold_table, results.truth)
    attributes = results.claims["attribute"]
    accuracy, compared = verdict_accuracy(alignment, gold_table, results.verdicts)
    refutation, n_refuted = refutation_precision(alignment, gold_table, results.verdicts)
    auc, tier_rows = (tier_auc(results.scores_documents, read_tiers(tiers)) if tiers
                      else (float("nan"), pd.DataFrame()))
    return Evaluation(
        corpus=name or _corpus_name(Path(corpus)), extraction=extraction_scores(alignment),
        verdict_accuracy=accuracy, n_compared=len(compared),
        refutation_precision=refutation, n_refuted=n_refuted, tier_auc=auc,
        tiers=tier_rows, alignment=alignment, compared=compared,
        unannotated=attributes[~attributes.isin(ANNOTATED_ATTRIBUTES)].value_counts().to_dict())


def _corpus_name(corpus: Path) -> str:
    """A benchmark's name: its folder, or the folder above an ``articles/`` folder."""
    corpus = corpus.resolve()
    return corpus.parent.name if corpus.name == "articles" else corpus.name


def format_evaluation(evaluation: Evaluation) -> str:
    """The figures of one corpus as plain text for the terminal."""
    head = evaluation.headline()
    lines = [f"corpus {head['corpus']}: {head['gold_claims']} gold claims", "",
             evaluation.extraction.to_string(index=False), "",
             f"verdict accuracy      {evaluation.verdict_accuracy:.3f} "
             f"on {evaluation.n_compared} matched claims",
             f"refutation precision  {evaluation.refutation_precision:.3f} "
             f"of {evaluation.n_refuted} refuted claims",
             f"tier AUC (A vs C+D)   {evaluation.tier_auc:.3f} "
             f"over {len(evaluation.tiers)} documents with checkable claims"]
    if evaluation.unannotated:
        counts = ", ".join(f"{a} {n}" for a, n in sorted(evaluation.unannotated.items()))
        lines.append(f"not scored (outside the annotation guideline): {counts}")
    return "\n".join(lines)
