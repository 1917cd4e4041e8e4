"""Tests of the curation queue and the agreement signal (``analysis.curation``): the queue on
every bundled corpus, its ranking and ready-to-paste facts, what adding its top entries
settles, agreement counted by hand, and that agreement never touches a verdict or score.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis import config
from analysis.curation import (
    add_candidates,
    agreement,
    curation_queue,
    distinct_slots,
    queue_table,
    settled_by,
    unsettled_claims,
    write_curation_queue,
)
from analysis.pipeline import Results, run
from analysis.score import score_documents, score_outlets
from analysis.truth import load_truth
from analysis.verify import NEE, verify_claims

BENCHMARKS = config.DATA_DIR / "benchmarks"
CORPORA = {"seeds": (config.SEEDS_DIR, config.TRUTH_FILE),
           "severance": (BENCHMARKS / "severance" / "articles",
                         BENCHMARKS / "severance" / "truth.yaml"),
           "lincoln-lawyer": (BENCHMARKS / "lincoln-lawyer" / "articles",
                              BENCHMARKS / "lincoln-lawyer" / "truth.yaml")}
SOURCE = {"url": "https://example.org/curation-test-placeholder", "date": None}


@pytest.fixture(scope="module")
def runs() -> dict[str, Results]:
    return {name: run(config.Settings(corpus=corpus, truth=truth))
            for name, (corpus, truth) in CORPORA.items()}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_queue_is_non_empty_and_ranked(runs, name):
    r = runs[name]
    entries = curation_queue(r.claims, r.verdicts, r.documents, r.truth)
    assert entries
    keys = [(-e["claims_settled"], -e["n_outlets"], -e["n_claims"]) for e in entries]
    assert keys == sorted(keys)
    assert [e["rank"] for e in entries] == list(range(1, len(entries) + 1))
    unsettled = set(r.verdicts.loc[r.verdicts["verdict_now"] == NEE, "doc_id"])
    sentences = set(r.claims["sentence"].map(lambda s: " ".join(s.split())))
    for entry in entries:
        assert entry["work"] in r.truth.works
        assert entry["n_claims"] == len(entry["evidence"]) >= 1
        assert entry["claims_settled"] >= entry["n_claims"]
        for evidence in entry["evidence"]:
            assert evidence["doc_id"] in unsettled
            assert evidence["sentence"] in sentences


def test_queue_lists_conflicting_values(runs):
    r = runs["severance"]
    entries = curation_queue(r.claims, r.verdicts, r.documents, r.truth)
    contested = [e for e in entries if e["conflicts"]]
    assert contested
    for entry in contested:
        assert all(c["value"] != entry["value"] for c in entry["conflicts"])
        assert entry["claims_settled"] == entry["n_claims"] + sum(
            c["n_claims"] for c in entry["conflicts"])


def test_fact_is_ready_to_paste_once_sourced(runs, tmp_path):
    """Each entry's fact is valid truth as soon as it cites a source, and not before."""
    r = runs["lincoln-lawyer"]
    entries = curation_queue(r.claims, r.verdicts, r.documents, r.truth)
    truth_file = CORPORA["lincoln-lawyer"][1]
    copy = add_candidates(truth_file, entries[:1], SOURCE, tmp_path / "sourced.yaml")
    assert len(load_truth(copy).facts) == len(r.truth.facts) + 1
    unsourced = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
    unsourced["facts"].append(entries[0]["fact"])
    (tmp_path / "unsourced.yaml").write_text(yaml.safe_dump(unsourced), encoding="utf-8")
    with pytest.raises(ValueError, match="needs at least one source"):
        load_truth(tmp_path / "unsourced.yaml")


def test_top_five_entries_settle_their_claims(runs, tmp_path):
    r = runs["lincoln-lawyer"]
    entries = curation_queue(r.claims, r.verdicts, r.documents, r.truth)
    chosen = distinct_slots(entries, r.truth, 5)
    assert len(chosen) == 5
    truth = load_truth(add_candidates(CORPORA["lincoln-lawyer"][1], chosen, SOURCE,
                                      tmp_path / "truth.yaml"))
    verdicts = verify_claims(r.claims, r.documents, truth)
    before = unsettled_claims(r.claims, r.verdicts, r.documents, r.truth)
    after = unsettled_claims(r.claims, verdicts, r.documents, truth)
    settled = set(before["key"]) - set(after["key"])
    assert len(settled) >= 5
    assert set(after["key"]) < set(before["key"])
    chosen_keys = {k for k, g in before.groupby("key")
                   if any(e["id"] == _id(g) for e in chosen)}
    assert chosen_keys <= settled


def _id(group: pd.DataFrame) -> str:
    from analysis.curation import _fact_id

    return _fact_id(group.iloc[0])


# --------------------------------------------------------------------------- agreement


def _claims_of(rows: list[tuple[str, str]], attribute: str = "renewal_status") -> pd.DataFrame:
    return pd.DataFrame([{"claim_id": f"c{i}", "doc_id": doc, "work": "show", "season": 2,
                          "attribute": attribute, "value": value, "qualifier": "",
                          "modality": "asserted", "prediction": False,
                          "sentence": f"Sentence {i}."}
                         for i, (doc, value) in enumerate(rows)]).astype({"season": "Int64"})


@pytest.fixture()
def toy_truth(tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text("as_of: 2026-01-01\nworks: [{id: show, title: Show, aliases: [Show]}]\n"
                    "facts:\n  - {id: s1-platform, work: show, season: 1, attribute: platform,"
                    " value: StreamCo, status: confirmed, confidence: high,"
                    " sources: [{url: 'https://example.org'}]}\n", encoding="utf-8")
    return load_truth(path)


def _documents(outlets: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(outlets), "outlet": list(outlets.values()),
                         "url": "", "published": pd.Timestamp("2025-06-01")})


def test_agreement_counted_by_hand(toy_truth):
    claims = _claims_of([("a", "renewed"), ("b", "renewed"), ("c", "canceled"),
                         ("d", "renewed")])
    documents = _documents({"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Alpha"})
    verdicts = verify_claims_nee(claims)
    table = agreement(claims, verdicts, documents, toy_truth).set_index("claim_id")
    # Alpha (twice) and Beta say renewed, Gamma canceled
    assert table.loc["c0", ["n_outlets_agree", "n_outlets_conflict"]].tolist() == [1, 1]
    assert table.loc["c2", ["n_outlets_agree", "n_outlets_conflict"]].tolist() == [0, 2]
    assert table.loc["c0", "agreement"] == "contested"
    assert table.loc["c2", "agreement"] == "contested"
    entries = curation_queue(claims, verdicts, documents, toy_truth)
    assert [(e["value"], e["n_claims"], e["n_outlets"], e["claims_settled"])
            for e in entries] == [("renewed", 3, 2, 4), ("canceled", 1, 1, 4)]


def test_set_values_do_not_conflict(toy_truth):
    claims = _claims_of([("a", "Ana Ruiz"), ("b", "Ana Ruiz"), ("c", "Bo Lind")], "cast")
    documents = _documents({"a": "Alpha", "b": "Beta", "c": "Gamma"})
    table = agreement(claims, verify_claims_nee(claims), documents, toy_truth)
    assert table["n_outlets_conflict"].tolist() == [0, 0, 0]
    assert table["agreement"].tolist() == ["corroborated", "corroborated", "uncorroborated"]


def verify_claims_nee(claims: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": claims["claim_id"], "doc_id": claims["doc_id"],
                         "verdict": NEE, "verdict_now": NEE})


def test_agreement_never_changes_verdicts_or_scores(runs, tmp_path):
    """Corroborating a claim from a second outlet changes agreement, not its verdict or score."""
    r = runs["seeds"]
    unsettled = unsettled_claims(r.claims, r.verdicts, r.documents, r.truth)
    target = unsettled.iloc[0]
    echo_doc = r.documents[r.documents["doc_id"] == target["doc_id"]].copy()
    echo_doc["doc_id"], echo_doc["outlet"] = "echo", "Echo Outlet"
    echo_claim = r.claims[r.claims["claim_id"] == target["claim_id"]].copy()
    echo_claim["doc_id"], echo_claim["claim_id"] = "echo", "echo-claim"
    documents = pd.concat([r.documents, echo_doc], ignore_index=True)
    claims = pd.concat([r.claims, echo_claim], ignore_index=True)
    snapshot = (claims.copy(), documents.copy())
    verdicts = verify_claims(claims, documents, r.truth)
    scores = score_documents(documents, claims, verdicts), score_outlets(documents, claims,
                                                                         verdicts)
    table = agreement(claims, verdicts, documents, r.truth).set_index("claim_id")
    before = agreement(r.claims, r.verdicts, r.documents, r.truth).set_index("claim_id")
    assert table.loc[target["claim_id"], "n_outlets_agree"] \
        == before.loc[target["claim_id"], "n_outlets_agree"] + 1
    write_curation_queue(claims, verdicts, documents, r.truth, tmp_path)
    pd.testing.assert_frame_equal(claims, snapshot[0])
    pd.testing.assert_frame_equal(documents, snapshot[1])
    pd.testing.assert_frame_equal(verify_claims(claims, documents, r.truth), verdicts)
    original = r.verdicts.set_index("claim_id").loc[target["claim_id"]]
    assert verdicts.set_index("claim_id").loc[target["claim_id"], "verdict_now"] \
        == original["verdict_now"] == NEE
    pd.testing.assert_frame_equal(score_documents(documents, claims, verdicts), scores[0])
    pd.testing.assert_frame_equal(score_outlets(documents, claims, verdicts), scores[1])
    kept = scores[0][scores[0]["doc_id"] != "echo"].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, r.scores_documents.reset_index(drop=True))


def test_written_queue_round_trips(runs, tmp_path):
    r = runs["lincoln-lawyer"]
    paths = write_curation_queue(r.claims, r.verdicts, r.documents, r.truth, tmp_path)
    assert [p.name for p in paths] == ["curation-queue.yaml", "curation-queue.csv",
                                       "agreement.csv"]
    entries = yaml.safe_load(paths[0].read_text(encoding="utf-8"))["candidates"]
    table = pd.read_csv(paths[1])
    assert len(entries) == len(table) > 0
    assert table["id"].tolist() == [e["id"] for e in entries]
    expected = queue_table(curation_queue(r.claims, r.verdicts, r.documents, r.truth))
    assert table["claims_settled"].tolist() == expected["claims_settled"].tolist()
    assert len(pd.read_csv(paths[2])) == len(unsettled_claims(r.claims, r.verdicts,
                                                              r.documents, r.truth))


def test_unsettled_claims_of_an_empty_table(runs):
    r = runs["seeds"]
    nothing = r.verdicts.assign(verdict_now="supported")
    assert unsettled_claims(r.claims, nothing, r.documents, r.truth).empty
    assert curation_queue(r.claims, nothing, r.documents, r.truth) == []
    assert queue_table([]).empty



def test_every_unsettled_claim_is_in_the_queue(runs, tmp_path):
    r = runs["lincoln-lawyer"]
    entries = curation_queue(r.claims, r.verdicts, r.documents, r.truth)
    unsettled = unsettled_claims(r.claims, r.verdicts, r.documents, r.truth)
    assert settled_by(entries) == set(unsettled["claim_id"])
    top_ten = settled_by(entries[:10])
    assert 10 <= len(top_ten) <= len(unsettled)
    path = write_curation_queue(r.claims, r.verdicts, r.documents, r.truth, tmp_path)[0]
    assert f"settle {len(top_ten)} of the {len(unsettled)} claims" in path.read_text(
        encoding="utf-8")
