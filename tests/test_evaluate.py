"""Tests of the gold evaluation (``analysis.evaluate``): extraction and verdict quality on the
hand-annotated seed claims (``data/annotations/seeds.csv``), and the scoring machinery on
toy examples small enough to check by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.evaluate import (
    GOLD_COLUMNS,
    NONE,
    align,
    extraction_scores,
    read_gold,
    verdict_accuracy,
)
from analysis.verify import verify_claims

# --------------------------------------------------------------------------- seed gold


@pytest.fixture(scope="module")
def gold(seed_documents) -> pd.DataFrame:
    return read_gold(config.ANNOTATIONS_FILE, seed_documents)


@pytest.fixture(scope="module")
def alignment(seed_claims, gold) -> pd.DataFrame:
    return align(seed_claims, gold)


def test_every_gold_anchor_is_found(seed_documents, gold):
    raw = pd.read_csv(config.ANNOTATIONS_FILE, dtype=str, keep_default_na=False)
    assert len(gold) == len(raw) > 100
    texts = dict(zip(seed_documents["doc_id"], seed_documents["text"], strict=True))
    for row in gold.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.anchor


def test_extraction_f1_on_seed_gold(alignment):
    scores = extraction_scores(alignment).set_index("attribute")
    overall = scores.loc["overall"]
    assert overall["f1"] >= 0.85, scores.to_string()
    assert overall["support"] == alignment["gold_index"].notna().sum()


def test_verdict_accuracy_on_seed_gold(seed_claims, seed_documents, truth, gold, alignment):
    verdicts = verify_claims(seed_claims, seed_documents, truth)
    accuracy, compared = verdict_accuracy(alignment, gold, verdicts)
    wrong = compared[compared["expected"] != compared["verdict"]]
    assert accuracy >= 0.9, wrong.to_string()
    assert len(compared) == alignment.dropna(subset=["gold_index", "claim_id"]).shape[0]


def test_alignment_is_one_to_one(seed_claims, gold, alignment):
    matched = alignment["claim_id"].dropna()
    assert not matched.duplicated().any()
    # every gold row appears exactly once, every claim exactly once
    gold_rows = alignment["gold_index"].dropna().astype(int)
    assert sorted(gold_rows) == sorted(gold.index)
    assert sorted(matched) == sorted(seed_claims["claim_id"])


# --------------------------------------------------------------------------- read_gold errors


TEXT = "Night Shift streams on Hulu. The first season has eight episodes."
DOCUMENTS = pd.DataFrame({"doc_id": ["d1"], "text": [TEXT]})


def write_gold(path: Path, rows: list[dict[str, str]]) -> Path:
    frame = pd.DataFrame([{c: row.get(c, "") for c in GOLD_COLUMNS} for row in rows],
                         columns=GOLD_COLUMNS)
    frame.to_csv(path, index=False)
    return path


GOOD_ROW = {"doc_id": "d1", "attribute": "platform", "work": "night-shift", "value": "Hulu",
            "anchor": "streams on Hulu", "occurrence": "1"}


def test_read_gold_finds_anchor_offsets(tmp_path):
    gold = read_gold(write_gold(tmp_path / "gold.csv", [GOOD_ROW]), DOCUMENTS)
    assert (gold["start"].iloc[0], gold["end"].iloc[0]) == (12, 27)
    assert TEXT[12:27] == "streams on Hulu"


def test_an_anchor_cleaning_removed_counts_as_missed(tmp_path):
    path = write_gold(tmp_path / "gold.csv", [GOOD_ROW, {**GOOD_ROW, "anchor": "on Peacock"}])
    gold = read_gold(path, DOCUMENTS)
    assert gold["start"].tolist() == [12, -1]
    claims = pd.DataFrame([{"claim_id": "c1", "doc_id": "d1", "attribute": "platform",
                            "value": "Hulu", "start": 23, "end": 27, "work": "night-shift",
                            "sentence": TEXT}])
    alignment = align(claims, gold)
    assert alignment["claim_id"].notna().sum() == 1
    assert alignment.loc[alignment["gold_index"] == 1, "claim_id"].isna().all()


def test_a_later_occurrence_falls_back_to_the_last_copy_left(tmp_path):
    path = write_gold(tmp_path / "gold.csv", [{**GOOD_ROW, "occurrence": "2"}])
    assert read_gold(path, DOCUMENTS)["start"].tolist() == [12]


def test_read_gold_unknown_document(tmp_path):
    path = write_gold(tmp_path / "gold.csv", [{**GOOD_ROW, "doc_id": "d9"}])
    with pytest.raises(ValueError, match=r"line 2: unknown doc_id 'd9'"):
        read_gold(path, DOCUMENTS)


# --------------------------------------------------------------------------- toy scores


def toy_claims(rows: list[tuple[str, str, str, int, int]]) -> pd.DataFrame:
    """Claims (id, attribute, value, start, end) in document d1 about night-shift."""
    return pd.DataFrame([
        {"claim_id": cid, "doc_id": "d1", "work": "night-shift", "attribute": attribute,
         "value": value, "start": start, "end": end,
         "sentence": TEXT[:28] if start < 28 else TEXT[29:]}
        for cid, attribute, value, start, end in rows
    ])


EPISODES_ROW = {"doc_id": "d1", "attribute": "episode_count", "work": "night-shift",
                "value": "8", "anchor": "eight episodes", "occurrence": "1"}


def test_precision_and_recall_by_hand(tmp_path):
    """2 gold claims, 2 predictions, 1 match: precision 1/2, recall 1/2."""
    gold = read_gold(write_gold(tmp_path / "gold.csv", [GOOD_ROW, EPISODES_ROW]), DOCUMENTS)
    hulu, eight = TEXT.index("Hulu"), TEXT.index("eight")
    claims = toy_claims([("c1", "platform", "Hulu", hulu, hulu + 4),
                         ("c2", "episode_count", "10", eight, eight + 5)])
    alignment = align(claims, gold)
    assert len(alignment) == 3  # two gold rows and one unmatched prediction
    matched = alignment.dropna(subset=["gold_index", "claim_id"])
    assert matched["claim_id"].tolist() == ["c1"]
    unmatched = alignment[alignment["gold_index"].isna()]
    assert unmatched["claim_id"].tolist() == ["c2"]
    assert unmatched["attribute_true"].tolist() == [NONE]
    overall = extraction_scores(alignment).set_index("attribute").loc["overall"]
    assert overall["precision"] == pytest.approx(0.5)
    assert overall["recall"] == pytest.approx(0.5)
    assert overall["f1"] == pytest.approx(0.5)
    assert overall["support"] == 2


def test_one_prediction_matches_at_most_one_gold_claim(tmp_path):
    """The same gold claim twice, one prediction: one match, precision 1, recall 1/2."""
    gold = read_gold(write_gold(tmp_path / "gold.csv", [GOOD_ROW, GOOD_ROW]), DOCUMENTS)
    hulu = TEXT.index("Hulu")
    alignment = align(toy_claims([("c1", "platform", "Hulu", hulu, hulu + 4)]), gold)
    assert len(alignment) == 2
    assert alignment["claim_id"].notna().sum() == 1
    overall = extraction_scores(alignment).set_index("attribute").loc["overall"]
    assert overall["precision"] == pytest.approx(1.0)
    assert overall["recall"] == pytest.approx(0.5)


def test_value_must_match_after_folding(tmp_path):
    gold = read_gold(write_gold(tmp_path / "gold.csv", [GOOD_ROW]), DOCUMENTS)
    hulu = TEXT.index("Hulu")
    folded = align(toy_claims([("c1", "platform", " hulu ", hulu, hulu + 4)]), gold)
    assert folded["claim_id"].tolist() == ["c1"]
    other = align(toy_claims([("c1", "platform", "Peacock", hulu, hulu + 4)]), gold)
    assert other.dropna(subset=["gold_index", "claim_id"]).empty
    assert len(other) == 2
