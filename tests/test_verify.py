"""Tests of verification (``analysis.verify``): every verdict path of ``judge`` on a small
made-up ground truth, its time-awareness, ``verify_claims`` on tiny frames, and the
acceptance verdicts on the bundled seeds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.pipeline import Results, run
from analysis.truth import Truth, load_truth
from analysis.verify import NEE, PENDING, REFUTED, SUPPORTED, judge, verify_claims

TRUTH_YAML = """\
as_of: 2026-03-01
works:
  - {id: night-shift, title: "Night Shift", aliases: ["Night Shift"]}
aliases:
  person:
    "Ana Ruiz": ["Ana M. Ruiz"]
  character:
    "Mara Voss": ["Det. Mara Voss", "Detective Mara Voss"]
  platform:
    "StreamCo": ["StreamCo Plus"]
    "OtherFlix": []
  site:
    "Rotten Tomatoes": ["RT", "Tomatometer"]
    "Popcornmeter": ["audience score"]
complete:
  - work: night-shift
    season: 1
    attribute: platform
    as_of: 2025-03-01
    sources: [{url: "https://example.org/platform", date: 2025-03-01}]
facts:
  - id: ns-s1-premiere
    work: night-shift
    season: 1
    attribute: premiere_date
    value: 2025-03-14
    valid_from: 2025-03-14
    known_from: 2025-01-10
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/premiere", date: 2025-01-10}]
  - id: ns-s2-undecided
    work: night-shift
    season: 2
    attribute: renewal_status
    value: undecided
    valid_from: 2025-03-14
    valid_to: 2025-06-30
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/limbo"}]
  - id: ns-s2-renewed
    work: night-shift
    season: 2
    attribute: renewal_status
    value: renewed
    valid_from: 2025-07-01
    known_from: 2025-07-01
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/renewed", date: 2025-07-01}]
  - id: ns-s1-platform
    work: night-shift
    season: 1
    attribute: platform
    value: StreamCo
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/platform"}]
  - id: ns-s1-cast-ana-ruiz
    work: night-shift
    season: 1
    attribute: cast
    value: Ana Ruiz
    qualifier: Det. Mara Voss
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/cast"}]
  - id: ns-s1-score-rt
    work: night-shift
    season: 1
    attribute: review_score
    value: 90
    qualifier: Rotten Tomatoes
    tolerance: null
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/rt"}]
  - id: ns-s1-score-popcorn
    work: night-shift
    season: 1
    attribute: review_score
    value: 77
    qualifier: Popcornmeter
    tolerance: 1
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/popcorn"}]
  - id: ns-composer
    work: night-shift
    attribute: composer
    value: unknown
    status: confirmed
    confidence: medium
    sources: [{url: "https://example.org/composer"}]
  - id: ns-s2-premiere
    work: night-shift
    season: 2
    attribute: premiere_date
    value: unknown
    not_before: 2026-01-01
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/s2"}]
  - id: ns-s1-episodes
    work: night-shift
    season: 1
    attribute: episode_count
    value: 8
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/episodes"}]
  - id: ns-s2-episodes
    work: night-shift
    season: 2
    attribute: episode_count
    value: 10
    known_from: 2025-09-01
    status: confirmed
    confidence: high
    sources: [{url: "https://example.org/s2-episodes", date: 2025-09-01}]
"""

DAY = dt.date(2025, 10, 1)


@pytest.fixture(scope="module")
def small_truth(tmp_path_factory) -> Truth:
    path: Path = tmp_path_factory.mktemp("truth") / "night-shift.yaml"
    path.write_text(TRUTH_YAML, encoding="utf-8")
    return load_truth(path)


def claim(attribute: str, value: str, season: int | None = 1, qualifier: str = "",
          modality: str = "asserted", prediction: bool = False,
          work: str = "night-shift") -> dict:
    return {"work": work, "season": season, "attribute": attribute, "value": value,
            "qualifier": qualifier, "modality": modality, "prediction": prediction,
            "subject_evidence": "work named", "value_text": value}


def verdict(small_truth: Truth, as_of: dt.date = DAY, **kwargs) -> str:
    return judge(claim(**kwargs), small_truth, as_of)[0]


def test_small_truth_loads(small_truth):
    assert small_truth.as_of == dt.date(2026, 3, 1)
    assert len(small_truth.facts) == 11


# --------------------------------------------------------------------------- supported


@pytest.mark.parametrize("kwargs", [
    {"attribute": "platform", "value": "StreamCo"},
    {"attribute": "episode_count", "value": "8"},
    {"attribute": "premiere_date", "value": "2025-03-14"},
    {"attribute": "cast", "value": "Ana Ruiz", "qualifier": "Mara Voss"},
    {"attribute": "cast", "value": "Ana Ruiz"},
    {"attribute": "review_score", "value": "90", "qualifier": "Rotten Tomatoes"},
], ids=lambda k: f"{k['attribute']}={k['value']}")
def test_supported_exact(small_truth, kwargs):
    assert verdict(small_truth, **kwargs) == SUPPORTED


@pytest.mark.parametrize("kwargs", [
    {"attribute": "platform", "value": "StreamCo Plus"},
    {"attribute": "platform", "value": "streamco plus"},
    {"attribute": "cast", "value": "Ana M. Ruiz", "qualifier": "Detective Mara Voss"},
    {"attribute": "cast", "value": "Ana Ruiz", "qualifier": "Det. Mara Voss"},
    {"attribute": "review_score", "value": "90", "qualifier": "RT"},
    {"attribute": "review_score", "value": "77", "qualifier": "audience score"},
], ids=lambda k: f"{k['value']}/{k.get('qualifier', '')}")
def test_supported_via_alias(small_truth, kwargs):
    assert verdict(small_truth, **kwargs) == SUPPORTED


def test_supported_within_tolerance(small_truth):
    assert verdict(small_truth, attribute="review_score", value="78",
                   qualifier="Popcornmeter") == SUPPORTED
    assert verdict(small_truth, attribute="review_score", value="76",
                   qualifier="Popcornmeter") == SUPPORTED
    assert verdict(small_truth, attribute="review_score", value="79",
                   qualifier="Popcornmeter") == REFUTED


def test_tolerance_null_means_exact(small_truth):
    assert verdict(small_truth, attribute="review_score", value="91",
                   qualifier="Rotten Tomatoes") == REFUTED


def test_number_range_must_contain_the_fact(small_truth):
    assert verdict(small_truth, attribute="episode_count", value="6-9") == SUPPORTED
    assert verdict(small_truth, attribute="episode_count", value="9-12") == REFUTED


@pytest.mark.parametrize("value", ["2025-03-01/2025-03-31", "2025-03-14/2025-03-14",
                                   "2025-03-14/2025-04-30", "2025-01-01/2025-03-14"])
def test_supported_interval_overlapping_a_day(small_truth, value):
    result, fact_ids, rationale = judge(claim("premiere_date", value), small_truth, DAY)
    assert result == SUPPORTED
    assert fact_ids == ["ns-s1-premiere"]
    assert "overlaps" in rationale


# --------------------------------------------------------------------------- refuted


def test_refuted_wrong_number(small_truth):
    result, fact_ids, rationale = judge(claim("episode_count", "10"), small_truth, DAY)
    assert result == REFUTED
    assert fact_ids == ["ns-s1-episodes"]
    assert "8" in rationale


def test_refuted_wrong_character(small_truth):
    result, fact_ids, rationale = judge(claim("cast", "Ana Ruiz", qualifier="Captain Holt"),
                                        small_truth, DAY)
    assert result == REFUTED
    assert fact_ids == ["ns-s1-cast-ana-ruiz"]
    assert "Mara Voss" in rationale


def test_refuted_platform_outside_complete_list(small_truth):
    result, _, rationale = judge(claim("platform", "OtherFlix"), small_truth, DAY)
    assert result == REFUTED
    assert "complete" in rationale


def test_platform_outside_list_not_yet_complete_is_nee(small_truth):
    """The list is complete only from 2025-03-01; before that it is open."""
    assert verdict(small_truth, dt.date(2025, 2, 1), attribute="platform",
                   value="OtherFlix") == NEE


def test_refuted_interval_missing_the_date(small_truth):
    result, fact_ids, _ = judge(claim("premiere_date", "2025-04-01/2025-04-30"),
                                small_truth, DAY)
    assert result == REFUTED
    assert fact_ids == ["ns-s1-premiere"]


def test_refuted_window_ended_before_not_before(small_truth):
    result, fact_ids, _ = judge(claim("premiere_date", "2025-10-01/2025-12-31", season=2),
                                small_truth, DAY)
    assert result == REFUTED
    assert fact_ids == ["ns-s2-premiere"]


# --------------------------------------------------------------------------- NEE / pending


def test_nee_composer_unknown(small_truth):
    result, fact_ids, _ = judge(claim("composer", "Hans Zimmer"), small_truth, DAY)
    assert result == NEE
    assert fact_ids == ["ns-composer"]


def test_nee_person_outside_open_list(small_truth):
    result, fact_ids, rationale = judge(claim("director", "Jane Doe"), small_truth, DAY)
    assert result == NEE
    assert fact_ids == []
    assert "open" in rationale


def test_nee_number_without_fact(small_truth):
    assert verdict(small_truth, attribute="review_count", value="50",
                   qualifier="Rotten Tomatoes") == NEE
    assert verdict(small_truth, attribute="review_score", value="80",
                   qualifier="Metacritic") == NEE


def test_nee_claim_without_work(small_truth):
    assert verdict(small_truth, attribute="platform", value="StreamCo", work="") == NEE


def test_pending_future_window_after_not_before(small_truth):
    result, fact_ids, _ = judge(claim("premiere_date", "2026-02-01/2026-03-31", season=2),
                                small_truth, DAY)
    assert result == PENDING
    assert fact_ids == ["ns-s2-premiere"]


def test_pending_future_date_without_fact(small_truth):
    assert verdict(small_truth, attribute="premiere_date", value="2027-01-01/2027-03-31",
                   season=3, prediction=True) == PENDING


def test_pending_prediction_without_fact(small_truth):
    result, _, rationale = judge(claim("director", "Jane Doe", season=2, prediction=True),
                                 small_truth, DAY)
    assert result == PENDING
    assert "prediction" in rationale


def test_resolved_prediction_is_not_pending(small_truth):
    assert verdict(small_truth, attribute="platform", value="StreamCo",
                   prediction=True, modality="predicted") == SUPPORTED


# --------------------------------------------------------------------------- negation


def test_negated_flips_supported_to_refuted(small_truth):
    result, _, rationale = judge(claim("platform", "StreamCo", modality="negated"),
                                 small_truth, DAY)
    assert result == REFUTED
    assert "negated" in rationale


def test_negated_flips_refuted_to_supported(small_truth):
    assert verdict(small_truth, attribute="episode_count", value="10",
                   modality="negated") == SUPPORTED


def test_negated_leaves_nee_alone(small_truth):
    assert verdict(small_truth, attribute="composer", value="Hans Zimmer",
                   modality="negated") == NEE


# --------------------------------------------------------------------------- time


def test_undecided_supported_before_renewal(small_truth):
    result, fact_ids, _ = judge(claim("renewal_status", "undecided", season=2), small_truth,
                                dt.date(2025, 5, 1))
    assert result == SUPPORTED
    assert fact_ids == ["ns-s2-undecided"]


def test_undecided_refuted_after_renewal(small_truth):
    result, fact_ids, _ = judge(claim("renewal_status", "undecided", season=2), small_truth,
                                dt.date(2025, 8, 1))
    assert result == REFUTED
    assert fact_ids == ["ns-s2-renewed"]


def test_renewed_refuted_before_renewal(small_truth):
    assert verdict(small_truth, dt.date(2025, 5, 1), attribute="renewal_status",
                   value="renewed", season=2) == REFUTED
    assert verdict(small_truth, dt.date(2025, 7, 1), attribute="renewal_status",
                   value="renewed", season=2) == SUPPORTED


def test_state_before_any_fact_is_nee(small_truth):
    assert verdict(small_truth, dt.date(2025, 1, 1), attribute="renewal_status",
                   value="undecided", season=2) == NEE


def test_fact_not_yet_known_is_not_used(small_truth):
    """ns-s2-episodes is known_from 2025-09-01: a claim of 10 judged before is NEE."""
    before = judge(claim("episode_count", "10", season=2), small_truth, dt.date(2025, 8, 1))
    after = judge(claim("episode_count", "10", season=2), small_truth, dt.date(2025, 9, 1))
    assert before[0] == NEE and "ns-s2-episodes" not in before[1]
    assert after[0] == SUPPORTED and after[1] == ["ns-s2-episodes"]


def test_premiere_not_known_before_known_from(small_truth):
    """The premiere date (known_from 2025-01-10) is unknown on 2025-01-01."""
    result, fact_ids, _ = judge(claim("premiere_date", "2025-04-01/2025-04-30"), small_truth,
                                dt.date(2025, 1, 1))
    assert result != REFUTED
    assert "ns-s1-premiere" not in fact_ids


# --------------------------------------------------------------------------- verify_claims


def test_verify_claims_dates(small_truth):
    claims = pd.DataFrame([
        {"claim_id": "c1", "doc_id": "dated", **claim("renewal_status", "undecided", season=2)},
        {"claim_id": "c2", "doc_id": "undated", **claim("renewal_status", "undecided",
                                                        season=2)},
        {"claim_id": "c3", "doc_id": "dated", **claim("episode_count", "10")},
        {"claim_id": "c4", "doc_id": "undated", **claim("composer", "Hans Zimmer")},
    ])
    documents = pd.DataFrame({
        "doc_id": ["dated", "undated"],
        "published": pd.to_datetime(["2025-05-01", None]).astype("datetime64[s]"),
        "text": ["", ""],
    })
    verdicts = verify_claims(claims, documents, small_truth).set_index("claim_id")
    assert list(verdicts.index) == ["c1", "c2", "c3", "c4"]
    dated, undated = verdicts.loc["c1"], verdicts.loc["c2"]
    assert dated["judged_as_of"] == pd.Timestamp("2025-05-01")
    assert not dated["undated"]
    assert dated["verdict"] == SUPPORTED
    assert dated["verdict_now"] == REFUTED
    assert undated["judged_as_of"] == pd.Timestamp(small_truth.as_of)
    assert undated["undated"]
    assert undated["verdict"] == REFUTED
    assert undated["verdict_now"] == REFUTED
    assert verdicts.loc["c3", "verdict"] == REFUTED
    assert verdicts.loc["c4", "verdict"] == NEE
    assert verdicts["doc_id"].tolist() == ["dated", "undated", "dated", "undated"]
    for row in verdicts.itertuples():
        if row.verdict in (SUPPORTED, REFUTED):
            assert row.fact_ids and row.rationale, row.Index
        if row.verdict_now in (SUPPORTED, REFUTED):
            assert row.fact_ids_now and row.rationale_now, row.Index
    assert verdicts.loc["c1", "fact_ids"] == "ns-s2-undecided"
    assert verdicts.loc["c1", "fact_ids_now"] == "ns-s2-renewed"
    assert str(verdicts["judged_as_of"].dtype) == "datetime64[s]"
    assert str(verdicts["undated"].dtype) == "bool"


def test_verify_claims_verdict_now_ignores_publication_date(small_truth):
    rows = [{"claim_id": f"c{i}", "doc_id": f"d{i}",
             **claim("renewal_status", "renewed", season=2)} for i in range(3)]
    documents = pd.DataFrame({
        "doc_id": ["d0", "d1", "d2"],
        "published": pd.to_datetime(["2025-04-01", "2025-09-01", None]).astype("datetime64[s]"),
        "text": ["", "", ""],
    })
    verdicts = verify_claims(pd.DataFrame(rows), documents, small_truth)
    assert verdicts["verdict"].tolist() == [REFUTED, SUPPORTED, SUPPORTED]
    assert (verdicts["verdict_now"] == SUPPORTED).all()


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def results() -> Results:
    return run(config.Settings())


def seed_verdicts(results: Results, prefix: str) -> pd.DataFrame:
    table = results.claims.merge(results.verdicts.drop(columns="doc_id"), on="claim_id")
    return table[table["doc_id"].str.startswith(prefix)]


def assert_all(rows: pd.DataFrame, expected: str, column: str = "verdict") -> None:
    assert len(rows), "no such claims extracted"
    wrong = rows[rows[column] != expected]
    if len(wrong):
        lines = [f"{r.work} S{r.season} {r.attribute}={r.value!r} ({r.modality}): "
                 f"{getattr(r, column)}, not {expected} -- {r.rationale} -- {r.sentence[:160]!r}"
                 for r in wrong.itertuples()]
        pytest.fail("\n".join(lines))


def test_seed_004_netflix_refuted(results):
    rows = seed_verdicts(results, "004")
    assert_all(rows[(rows["work"] == "ballard") & (rows["attribute"] == "platform")
                    & (rows["value"] == "Netflix")], REFUTED)


def test_seed_004_episode_count_and_premiere_refuted(results):
    rows = seed_verdicts(results, "004")
    assert_all(rows[(rows["work"] == "ballard") & (rows["attribute"] == "episode_count")
                    & (rows["value"] == "8")], REFUTED)
    assert_all(rows[(rows["work"] == "ballard") & (rows["attribute"] == "premiere_date")
                    & (rows["value"] == "2024-07-01/2024-07-31")], REFUTED)


@pytest.mark.parametrize("name", ["Ted Humphrey", "Dailyn Rodriguez"])
def test_seed_004_showrunners_refuted(results, name):
    rows = seed_verdicts(results, "004")
    assert_all(rows[(rows["work"] == "ballard") & (rows["attribute"] == "showrunner")
                    & (rows["value"] == name)], REFUTED)


def test_seed_004_invented_cast_refuted(results):
    """Season 1 had aired and its cast is documented: a name outside it is refuted."""
    rows = seed_verdicts(results, "004")
    assert_all(rows[(rows["attribute"] == "cast") & (rows["value"] == "Jamie Chung")], REFUTED)


@pytest.mark.parametrize("name", ["Tessa Thompson", "John Cho"])
def test_seed_004_unannounced_season_2_cast_not_enough_evidence(results, name):
    """Season 2 is still being cast: a name not yet announced is unverifiable, not false."""
    rows = seed_verdicts(results, "004")
    assert_all(rows[(rows["attribute"] == "cast") & (rows["value"] == name)
                    & (rows["season"] == 2)], NEE)


def test_seed_001_renewed_supported(results):
    rows = seed_verdicts(results, "001")
    assert_all(rows[(rows["attribute"] == "renewal_status") & (rows["value"] == "renewed")],
               SUPPORTED)


def test_seed_000_undecided_supported_then_refuted(results):
    rows = seed_verdicts(results, "000")
    undecided = rows[(rows["attribute"] == "renewal_status") & (rows["value"] == "undecided")]
    assert_all(undecided, SUPPORTED)
    assert_all(undecided, REFUTED, column="verdict_now")
    assert (undecided["judged_as_of"] == pd.Timestamp("2025-07-12")).all()


def test_seed_verdicts_have_facts_and_rationale(results):
    judged = results.verdicts[results.verdicts["verdict"].isin([SUPPORTED, REFUTED])]
    assert len(judged)
    assert (judged["fact_ids"] != "").all()
    assert (judged["rationale"] != "").all()
    fact_ids = set(results.truth.facts["id"])
    for ids in judged["fact_ids"]:
        assert set(ids.split(";")) <= fact_ids
