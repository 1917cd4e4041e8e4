"""The bundled seed corpus: checksums, provenance, sidecar and what the loader makes of it."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.load import load_corpus

SHARED_SEEDS = Path(os.environ.get("ANALYSIS_SHARED_SEEDS",
                                   PROJECT_ROOT.parent / "shared" / "seeds"))
SEED_FILES = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
SIDECAR_COLUMNS = ["file", "outlet", "url", "published", "kind", "title", "notes"]
KINDS = {"TV news blog", "AI-style rewrite", "aggregator summary", "content farm"}
DATELINES = {"000_8cd57521234b3a97": "2025-07-12", "001_9878b7556fa30073": "2025-10-04"}


def checksums() -> dict[str, str]:
    sums = {}
    for line in (SEEDS_DIR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, sep, name = line.partition("  ")
        assert sep and len(digest) == 64, f"SHA256SUMS line not in sha256sum format: {line!r}"
        sums[name] = digest
    return sums


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return load_corpus(SEEDS_DIR)


def test_there_are_five_seeds():
    assert len(SEED_FILES) == 5


def test_sha256sums_verify():
    sums = checksums()
    assert set(sums) == set(SEED_FILES) | {"metadata.csv"}
    for name, digest in sums.items():
        actual = hashlib.sha256((SEEDS_DIR / name).read_bytes()).hexdigest()
        assert actual == digest, f"{name} changed: sha256 {actual}, SHA256SUMS says {digest}"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason=f"{SHARED_SEEDS} not available")
@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_identical_to_shared_original(name):
    original = SHARED_SEEDS / name
    assert original.is_file(), f"{name} has no original in {SHARED_SEEDS}"
    assert (SEEDS_DIR / name).read_bytes() == original.read_bytes()


def test_sidecar_describes_each_seed_once():
    with (SEEDS_DIR / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == SIDECAR_COLUMNS
    assert [r["file"] for r in rows] == SEED_FILES
    for row in rows:
        assert row["outlet"].strip(), row["file"]
        assert row["kind"] in KINDS, row["file"]
        assert row["notes"].strip(), row["file"]
    assert len({r["outlet"] for r in rows if r["kind"] != "TV news blog"}) == 3


def test_seeds_load_ok_with_outlets(docs):
    assert list(docs["path"]) == SEED_FILES
    assert (docs["status"] == "ok").all(), docs.loc[docs["status"] != "ok", "problem"].tolist()
    assert (docs["outlet"] != "unknown").all()
    assert (docs["outlet"] != "").all()
    assert (docs["language"] == "en").all()
    assert (docs["n_words"] > 250).all()
    assert docs.attrs["warnings"] == []


def test_loaded_hashes_match_sha256sums(docs):
    sums = checksums()
    assert dict(zip(docs["path"], docs["sha256"], strict=True)) == {
        name: sums[name] for name in SEED_FILES}


def test_dated_seeds_come_from_the_dateline(docs):
    for row in docs.itertuples():
        if row.doc_id in DATELINES:
            assert row.published == pd.Timestamp(DATELINES[row.doc_id])
            assert row.date_source == "dateline"
            assert not row.text.lstrip().startswith("date ")
        else:
            assert pd.isna(row.published), row.doc_id
            assert row.date_source == "missing"


@pytest.mark.parametrize("boilerplate", [
    "SUBSCRIBE to", "Related Posts", "Be sure to share", "Love TV?", "Related –",
    "Read the Full", "RSSJSONXMLCSV", "Source : (remove)", "Click to Lock Slider",
    "Copy link into your clipboard", "Print publication without navigation",
])
def test_boilerplate_removed_from_seed_texts(docs, boilerplate):
    raw = "".join((SEEDS_DIR / name).read_text(encoding="utf-8") for name in SEED_FILES)
    assert boilerplate in raw
    for row in docs.itertuples():
        assert boilerplate not in row.text, row.doc_id


def test_article_text_is_kept(docs):
    text = dict(zip(docs["doc_id"], docs["text"], strict=True))
    assert text["000_8cd57521234b3a97"].startswith("Following the release of season 1")
    assert "the cast and crew have all been informed" in text["001_9878b7556fa30073"]
    assert text["002_dfff1744a5f4e8f6"] == (
        SEEDS_DIR / "002_dfff1744a5f4e8f6.txt").read_text(encoding="utf-8").strip()
    assert text["003_250ee7599e0001cc"].startswith(
        "Will there be a Ballard season 2? Speculation and latest news")
    assert text["004_644d53527f4330ed"].endswith("Connelly’s lightning can indeed strike twice.")
