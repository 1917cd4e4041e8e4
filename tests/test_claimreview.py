"""ClaimReview JSON-LD: declared rating scale, valid JSON that round-trips, missing URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.claimreview import RATING_SCALE, claim_reviews, write_claimreview


@pytest.fixture
def tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    documents = pd.DataFrame({
        "doc_id": ["d1", "d2"],
        "outlet": ["Alpha Néws", "Beta"],
        "url": ["https://a.example/1", ""],
        "title": ["Première date set", ""],
        "published": pd.to_datetime(["2025-03-01", None]),
    })
    claims = pd.DataFrame({
        "claim_id": ["c4", "c2", "c1", "c3"],
        "doc_id": ["d2", "d1", "d1", "d2"],
        "sentence": ["It returns in early 2026.", "", "It premieres July 9.", "Filming wrapped."],
        "value_text": ["early 2026", "eight episodes", "July 9", "wrapped"],
    })
    verdicts = pd.DataFrame({
        "claim_id": ["c1", "c2", "c3", "c4"],
        "doc_id": ["d1", "d1", "d2", "d2"],
        "verdict": ["supported", "refuted", "not_enough_evidence", "pending"],
        "rationale": ["matches fact f1", "fact f2 says 10", "", "not yet due"],
        "judged_as_of": pd.to_datetime(["2025-09-01"] * 4),
    })
    return claims, verdicts, documents


def test_ratings_follow_declared_scale(tables) -> None:
    reviews = claim_reviews(*tables)
    assert [r["identifier"] for r in reviews] == ["c1", "c2", "c3", "c4"]
    for review in reviews:
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["bestRating"] == 4 and rating["worstRating"] == 1
    by_label = {r["reviewRating"]["alternateName"]: r["reviewRating"]["ratingValue"]
                for r in reviews}
    assert by_label == {"Supported": 4, "Refuted": 1, "Not enough evidence": 2, "Pending": 3}
    assert RATING_SCALE["supported"] == max(RATING_SCALE.values())
    assert RATING_SCALE["refuted"] == min(RATING_SCALE.values())


def test_review_structure(tables) -> None:
    first, second = claim_reviews(*tables, author_name="Checker")[:2]
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "It premieres July 9."
    assert second["claimReviewed"] == "eight episodes"  # no sentence: falls back to value_text
    assert first["author"] == {"@type": "Organization", "name": "Checker"}
    item = first["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2025-03-01"
    assert item["appearance"]["url"] == "https://a.example/1"
    assert item["appearance"]["headline"] == "Première date set"
    assert first["datePublished"] == "2025-09-01"


def test_json_is_valid_and_round_trips(tables, tmp_path: Path) -> None:
    reviews = claim_reviews(*tables)
    path = write_claimreview(reviews, tmp_path / "out" / "claimreview.jsonld")
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "Première" in text  # ensure_ascii=False
    loaded = json.loads(text)
    assert loaded["@context"] == "https://schema.org"
    expected = [{k: v for k, v in r.items() if k != "@context"} for r in reviews]
    assert loaded["@graph"] == expected
    lines = text.splitlines()
    assert lines[:2] == ['{', '  "@context": "https://schema.org",'] and lines[-2:] == ["  ]", "}"]
    assert [json.loads(line.strip().rstrip(",")) for line in lines[3:-2]] == expected


def test_claim_without_url_still_yields_valid_review(tables) -> None:
    reviews = claim_reviews(*tables)
    review = next(r for r in reviews if r["identifier"] == "c3")
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["@type"] == "CreativeWork" and appearance["url"] is None
    assert "headline" not in appearance and "datePublished" not in review["itemReviewed"]
    json.dumps(review, allow_nan=False)  # no NaN sneaks in


def test_review_url_template_and_unknown_claim(tables) -> None:
    claims, verdicts, documents = tables
    extra = pd.DataFrame({"claim_id": ["c9"], "doc_id": ["d9"], "verdict": ["supported"],
                          "rationale": [None], "judged_as_of": [pd.NaT]})
    reviews = claim_reviews(claims, pd.concat([verdicts, extra]), documents,
                            review_url="https://example.org/claims/{claim_id}")
    assert len(reviews) == 5
    last = reviews[-1]
    assert last["url"] == "https://example.org/claims/c9"
    assert last["claimReviewed"] == "c9" and "datePublished" not in last
    json.dumps(reviews, allow_nan=False)


def test_unknown_verdict_raises(tables) -> None:
    claims, verdicts, documents = tables
    bad = verdicts.assign(verdict=["supported", "maybe", "refuted", "pending"])
    with pytest.raises(ValueError, match="unknown verdict"):
        claim_reviews(claims, bad, documents)


def test_article_markup_cannot_break_out_of_a_script_block(tables, tmp_path: Path) -> None:
    claims, verdicts, documents = (t.copy() for t in tables)
    claims.loc[0, "sentence"] = '</script><script>alert("x")</script> & <!-- more'
    documents.loc[0, "outlet"] = "<b>Evil</b> & Co"
    path = write_claimreview(claim_reviews(claims, verdicts, documents), tmp_path / "c.jsonld")
    text = path.read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text and "&" not in text
    loaded = json.loads(text)
    reviewed = {r["claimReviewed"] for r in loaded["@graph"]}
    assert '</script><script>alert("x")</script> & <!-- more' in reviewed
    publishers = {r["itemReviewed"]["appearance"].get("publisher", {}).get("name")
                  for r in loaded["@graph"]}
    assert "<b>Evil</b> & Co" in publishers
