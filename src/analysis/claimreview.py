"""schema.org ClaimReview JSON-LD for every checked claim.

Rating scale (ordinal, higher is better supported by the evidence as of judgement):

====  ===================  ====================================================================
 1    refuted              the evidence contradicts the claim (worstRating)
 2    not_enough_evidence  the evidence was searched but neither confirms nor contradicts it
 3    pending              the claim is about something that cannot be settled yet (e.g. a
                           future date); nothing contradicts it so far
 4    supported            the evidence confirms the claim (bestRating)
====  ===================  ====================================================================

Ratings 2 and 3 are both "undetermined"; not_enough_evidence ranks lower because evidence was
looked for and not found, while a pending claim is only waiting for its event.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.schemas import records

SCHEMA_CONTEXT = "https://schema.org"
RATING_SCALE: dict[str, int] = {
    "refuted": 1,
    "not_enough_evidence": 2,
    "pending": 3,
    "supported": 4,
}
RATING_LABELS: dict[str, str] = {
    "refuted": "Refuted",
    "not_enough_evidence": "Not enough evidence",
    "pending": "Pending",
    "supported": "Supported",
}
BEST_RATING = max(RATING_SCALE.values())
WORST_RATING = min(RATING_SCALE.values())


def _missing(value: Any) -> bool:
    """True for None, NaN, NaT, pd.NA and empty or blank strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are never "missing"
        return False


def _iso_date(value: Any) -> str | None:
    """A date or datetime as ISO 8601 text (date only when the time is midnight); else None."""
    if _missing(value):
        return None
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        return None
    if stamp == stamp.normalize():
        return stamp.date().isoformat()
    return stamp.isoformat()


def _text(value: Any) -> str | None:
    """Plain JSON string or None (NaN and blanks become None)."""
    if _missing(value):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _rating(verdict: str) -> dict[str, Any]:
    """schema.org Rating for a verdict on the declared 1–4 scale."""
    if verdict not in RATING_SCALE:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of {sorted(RATING_SCALE)}")
    return {
        "@type": "Rating",
        "ratingValue": RATING_SCALE[verdict],
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": RATING_LABELS[verdict],
    }


def _joined(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """Input: verdicts (claim_id, doc_id, verdict, rationale, judged_as_of), claims (claim_id,
    doc_id, sentence, value_text), documents (doc_id, outlet, url, title, published).

    Output: one row per verdict with those columns, ordered by doc_id, claim_id and
    judged_as_of.
    """
    def pick(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        table = table.copy()
        for column in columns:
            if column not in table.columns:
                table[column] = None
        return table[columns].astype("object")

    v = pick(verdicts, ["claim_id", "doc_id", "verdict", "rationale", "judged_as_of"])
    c = pick(claims, ["claim_id", "doc_id", "sentence", "value_text"])
    d = pick(documents, ["doc_id", "outlet", "url", "title", "published"])
    c = c.drop_duplicates("claim_id").rename(columns={"doc_id": "claim_doc_id"})
    rows = v.merge(c, on="claim_id", how="left")
    rows["doc_id"] = rows["doc_id"].where(rows["doc_id"].notna(), rows["claim_doc_id"])
    rows = rows.merge(d.drop_duplicates("doc_id"), on="doc_id", how="left")
    rows["_key"] = rows["claim_id"].astype(str)
    rows["_when"] = pd.to_datetime(rows["judged_as_of"], errors="coerce", utc=True,
                                   format="mixed")
    rows["_doc"] = rows["doc_id"].astype(str)
    rows = rows.sort_values(["_doc", "_key", "_when"], kind="mergesort", na_position="last")
    return rows.reset_index(drop=True)


def _appearance(row: dict) -> dict[str, Any]:
    """The document the claim appeared in, as a schema.org CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork", "url": _text(row["url"])}
    headline = _text(row["title"])
    if headline is not None:
        work["headline"] = headline
    published = _iso_date(row["published"])
    if published is not None:
        work["datePublished"] = published
    outlet = _text(row["outlet"])
    if outlet is not None:
        work["publisher"] = {"@type": "Organization", "name": outlet}
    return work


def _item_reviewed(row: dict) -> dict[str, Any]:
    """The claim as a schema.org Claim, with where and when it appeared."""
    claim: dict[str, Any] = {"@type": "Claim", "appearance": _appearance(row)}
    published = _iso_date(row["published"])
    if published is not None:
        claim["datePublished"] = published
    outlet = _text(row["outlet"])
    if outlet is not None:
        claim["author"] = {"@type": "Organization", "name": outlet}
    return claim


def _review(row: dict, author_name: str, review_url: str | None,
            item_reviewed: dict[str, Any], judged: str | None) -> dict[str, Any]:
    """One ClaimReview for one verdict row, given its ``_item_reviewed`` and judging date."""
    claim_id = str(row["claim_id"])
    reviewed = _text(row["sentence"]) or _text(row["value_text"]) or claim_id
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "identifier": claim_id,
        "claimReviewed": reviewed,
        "reviewRating": _rating(str(row["verdict"])),
        "itemReviewed": item_reviewed,
        "author": {"@type": "Organization", "name": author_name},
    }
    if judged is not None:
        review["datePublished"] = judged
    rationale = _text(row["rationale"])
    if rationale is not None:
        review["reviewBody"] = rationale
    if review_url:
        review["url"] = review_url.format(claim_id=claim_id)
    return review


def claim_reviews(
    claims: pd.DataFrame,
    verdicts: pd.DataFrame,
    documents: pd.DataFrame,
    author_name: str = "analysis toolkit",
    review_url: str | None = None,
) -> list[dict]:
    """One schema.org ClaimReview (JSON-LD dict) per verdict row, ordered by document then
    claim_id.

    Input: claims (claim_id, doc_id, sentence, value_text), verdicts (claim_id, doc_id,
    verdict, rationale, judged_as_of), documents (doc_id, outlet, url, title, published).
    ``review_url`` is an optional template such as ``"https://example.org/claims/{claim_id}"``
    for the review's own ``url``. Nothing is skipped: a claim without a document URL gets
    ``appearance.url = null``. Ratings follow :data:`RATING_SCALE`; an unknown verdict
    raises ``ValueError``. All values are plain JSON types; dates are ISO 8601 strings.
    The reviews of one document share one ``itemReviewed`` dict.
    """
    rows = _joined(claims, verdicts, documents)
    items: dict[str, dict[str, Any]] = {}  # a document's rows share their itemReviewed
    dates: dict[Any, str | None] = {}
    reviews = []
    for row in records(rows):
        if row["_doc"] not in items:
            items[row["_doc"]] = _item_reviewed(row)
        if row["judged_as_of"] not in dates:
            dates[row["judged_as_of"]] = _iso_date(row["judged_as_of"])
        reviews.append(_review(row, author_name, review_url, items[row["_doc"]],
                               dates[row["judged_as_of"]]))
    return reviews


def write_claimreview(reviews: list[dict], path: Path) -> Path:
    """Write reviews as one JSON-LD document ``{"@context": ..., "@graph": [...]}``.

    The shared ``@context`` is lifted to the top; each review is one line (keys sorted),
    UTF-8 text (``ensure_ascii=False``) with ``<``, ``>`` and ``&`` escaped
    (``html_safe_json``) and a trailing newline. Returns the path written.
    """
    with ClaimReviewWriter(path) as writer:
        writer.add(graph_items(reviews))
    return Path(path)


def graph_items(reviews: list[dict]) -> str:
    """The reviews as lines of the ``@graph`` list, as ``write_claimreview`` lays them out
    ('' for none); parts of a corpus can be serialised apart and written in order."""
    return ",\n".join(
        "    " + html_safe_json(json.dumps({k: v for k, v in review.items() if k != "@context"},
                                           sort_keys=True, ensure_ascii=False, allow_nan=False))
        for review in reviews)


class ClaimReviewWriter:
    """Writes a JSON-LD ClaimReview document from parts (``graph_items``) as they come; a
    run adds its parts in document order, so the file's order does not depend on how the
    corpus was cut into parts."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("w", encoding="utf-8")
        self._file.write(f'{{\n  "@context": {json.dumps(SCHEMA_CONTEXT)},\n  "@graph": [')
        self._empty = True

    def add(self, items: str) -> None:
        if items:
            self._file.write(("\n" if self._empty else ",\n") + items)
            self._empty = False

    def close(self) -> None:
        self._file.write("]\n}\n" if self._empty else "\n  ]\n}\n")
        self._file.close()

    def __enter__(self) -> ClaimReviewWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def html_safe_json(text: str) -> str:
    """JSON text that can sit inside ``<script type="application/ld+json">`` unchanged.

    ``<``, ``>`` and ``&`` (which only occur inside JSON strings) become ``\\u003c``,
    ``\\u003e`` and ``\\u0026``: the same JSON values, but no ``</script>`` or ``<!--``.
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
