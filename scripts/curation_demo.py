"""Measure what the top of the curation queue is worth on a benchmark corpus.

Copies the corpus's truth to a temporary folder, adds the top five candidate facts of the
queue (one value per single-valued slot), each citing a clearly labelled placeholder source,
re-judges the same claims and prints how many claim groups and claims move from
not_enough_evidence to a verdict. Usage:

    .venv/bin/python scripts/curation_demo.py [TOPIC] [N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from analysis import config
from analysis.curation import add_candidates, curation_queue, distinct_slots, unsettled_claims
from analysis.pipeline import run
from analysis.truth import load_truth
from analysis.verify import verify_claims

DEMO_SOURCE = {"url": "https://example.org/curation-demo-placeholder", "date": None}


def main(topic: str = "lincoln-lawyer", n: int = 5) -> None:
    corpus = config.DATA_DIR / "benchmarks" / topic
    before = run(config.Settings(corpus=corpus / "articles", truth=corpus / "truth.yaml"))
    entries = curation_queue(before.claims, before.verdicts, before.documents, before.truth)
    chosen = distinct_slots(entries, before.truth, n)
    with tempfile.TemporaryDirectory() as tmp:
        copy = add_candidates(corpus / "truth.yaml", chosen, DEMO_SOURCE,
                              Path(tmp) / "truth.yaml")
        truth = load_truth(copy)
        verdicts = verify_claims(before.claims, before.documents, truth)
    groups_before = unsettled_claims(before.claims, before.verdicts, before.documents,
                                     before.truth)
    groups_after = unsettled_claims(before.claims, verdicts, before.documents, truth)
    nee_before = (before.verdicts["verdict_now"] == "not_enough_evidence").sum()
    nee_after = (verdicts["verdict_now"] == "not_enough_evidence").sum()
    print(f"{topic}: {len(entries)} candidate facts; added {len(chosen)}:")
    for entry in chosen:
        print(f"  #{entry['rank']} {entry['id']} ({entry['n_claims']} claim(s), "
              f"{entry['n_outlets']} outlet(s))")
    print(f"claim groups not_enough_evidence: {groups_before['key'].nunique()} -> "
          f"{groups_after['key'].nunique()}")
    print(f"claims not_enough_evidence (verdict_now): {nee_before} -> {nee_after}")
    moved = verdicts[(before.verdicts["verdict_now"] == "not_enough_evidence")
                     & (verdicts["verdict_now"] != "not_enough_evidence")]
    print("new verdicts: " + ", ".join(f"{k} {v}" for k, v in
                                        moved["verdict_now"].value_counts().items()))
    claims = before.claims.set_index("claim_id")
    for row in moved.itertuples(index=False):
        claim = claims.loc[row.claim_id]
        season = "" if claim["season"] is None or str(claim["season"]) == "<NA>" \
            else f" S{claim['season']}"
        print(f"  {row.verdict_now}: {claim['work']}{season} {claim['attribute']}="
              f"{claim['value']} ({row.doc_id}) -- {row.rationale_now}")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or ["lincoln-lawyer"]), *[int(a) for a in sys.argv[2:3]])
