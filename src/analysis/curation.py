"""What the ground truth should cover next: the curation queue and the agreement signal.

Claims the truth cannot settle (``verdict_now`` not_enough_evidence) are grouped into
candidate facts, one per (work, season, attribute, value, qualifier). Each candidate is
ranked by how many claims it would settle (its own, plus those asserting a conflicting value
of a single-valued attribute) and by how many independent outlets assert it, and comes with
the sentences asserting it and a YAML fact ready to paste once the curator adds a source.

The agreement signal counts, for each unsettled claim, the other outlets asserting the same
value and those asserting a conflicting one (the truth-discovery view of Dawid and Skene,
or TruthFinder). It never feeds a verdict or a reliability score: it only informs the queue
and a table a researcher can inspect.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.outputs import write_csv
from analysis.schemas import records
from analysis.truth import Truth, fold

SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's when built with it

NEE = "not_enough_evidence"
SINGLE_VALUED = ("event", "state", "category", "number")
ASSERTING = ("asserted", "hedged", "predicted", "quoted")
QUEUE_COLUMNS = ["rank", "id", "work", "season", "attribute", "value", "qualifier", "n_claims",
                 "n_outlets", "claims_settled", "first_reported", "outlets", "doc_ids",
                 "conflicting_values"]
EXAMPLES = 5  # evidence sentences (and conflicting claim ids) the YAML shows per candidate
LISTED = ("claim_ids", "doc_ids", "outlets")  # an entry's claims, in the CSVs, not the YAML
UNSETTLED_COLUMNS = ["claim_id", "doc_id", "outlet", "url", "published", "sentence", "work",
                     "season", "attribute", "value", "qualifier", "kind", "subject", "key"]
CURATION_FILES = ("curation-queue.yaml", "curation-queue.csv", "agreement.csv")
AGREEMENT_COLUMNS = ["claim_id", "doc_id", "outlet", "work", "season", "attribute", "value",
                     "qualifier", "n_outlets_agree", "n_outlets_conflict", "agreement"]


def unsettled_claims(claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
                     truth: Truth) -> pd.DataFrame:
    """Claims about a work of the truth that it cannot settle, with outlet, date and key.

    ``key`` identifies the candidate fact (values and qualifiers canonical under the truth's
    aliases); ``subject`` the single-valued slot whose values may conflict.
    """
    table = claims.merge(verdicts[["claim_id", "verdict_now"]], on="claim_id", how="left")
    if "status" in documents:  # the documents table; quarantined rows may repeat an id
        documents = documents[documents["status"] == "ok"]
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    table = table[(table["verdict_now"] == NEE) & table["work"].isin(list(truth.works))
                  & table["modality"].isin(ASSERTING)].copy()
    outlet = table["doc_id"].map(docs["outlet"]).fillna("unknown")
    # an article of unknown outlet counts as its own source
    table["outlet"] = outlet.where(outlet != "unknown", "unknown:" + table["doc_id"])
    table["published"] = docs["published"].reindex(table["doc_id"]).to_numpy()
    table["url"] = table["doc_id"].map(docs["url"]).fillna("")
    specs = [truth.attributes.get(a, {}) for a in table["attribute"]]
    texts = {
        "kind": [s.get("kind", "") for s in specs],
        "canonical_value": [truth.canonical(s.get("aliases"), v)
                            for s, v in zip(specs, table["value"], strict=True)],
        "canonical_qualifier": [truth.canonical(s.get("qualifier_aliases"), q)
                                for s, q in zip(specs, table["qualifier"], strict=True)]}
    for column, values in texts.items():
        table[column] = pd.Series(values, index=table.index, dtype=object)
    season = table["season"].astype("string").fillna("")
    table["subject"] = (table["work"] + "|" + season + "|" + table["attribute"] + "|"
                        + table["canonical_qualifier"])
    table["key"] = table["subject"] + "|" + table["canonical_value"]
    return table[UNSETTLED_COLUMNS].reset_index(drop=True)


def agreement(claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
              truth: Truth) -> pd.DataFrame:
    """One row per unsettled claim: other outlets asserting the same and a conflicting value.

    ``agreement`` is ``corroborated`` (more agree than conflict), ``contested`` (at least as
    many conflict, and some do), or ``uncorroborated``. Verdicts are never read from it.
    """
    return agreement_of(unsettled_claims(claims, verdicts, documents, truth))


def agreement_of(table: pd.DataFrame) -> pd.DataFrame:
    """``agreement`` of an ``unsettled_claims`` table."""
    table = table.copy()
    # a claim's own outlet is among those of its key, and a key's among those of its subject
    by_key = table.groupby("key")["outlet"].transform("nunique")
    by_subject = table.groupby("subject")["outlet"].transform("nunique")
    agree = (by_key - 1).to_numpy()
    conflict = np.where(table["kind"].isin(SINGLE_VALUED), by_subject - by_key, 0)
    table["n_outlets_agree"], table["n_outlets_conflict"] = agree, conflict
    table["agreement"] = np.select([(conflict > 0) & (conflict >= agree), agree > 0],
                                   ["contested", "corroborated"], "uncorroborated")
    return table[AGREEMENT_COLUMNS].reset_index(drop=True)


def curation_queue(claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
                   truth: Truth) -> list[dict]:
    """Candidate facts, best first; each with evidence, conflicts and a YAML snippet."""
    return queue_of(unsettled_claims(claims, verdicts, documents, truth), truth)


def queue_of(table: pd.DataFrame, truth: Truth, examples: int | None = None) -> list[dict]:
    """``curation_queue`` of an ``unsettled_claims`` table. Each entry names all its claims
    (``claim_ids``, ``doc_ids``, ``outlets``) and gives the first ``examples`` of them (all
    by default) as ``evidence``. One subject's claims are in memory at a time."""
    entries = []
    for _subject, rows in table.groupby("subject", sort=False):
        by_key: dict[str, list[dict]] = defaultdict(list)
        for claim in records(rows):
            by_key[claim["key"]].append(claim)
        summary = {key: {"value": _mode(c["value"] for c in group), "n_claims": len(group),
                         "outlets": sorted({c["outlet"] for c in group}),
                         "claim_ids": sorted(c["claim_id"] for c in group)}
                   for key, group in by_key.items()}  # also what a key is to its rivals
        for key, group in by_key.items():
            first = group[0]
            rivals = sorted(set(by_key) - {key}) if first["kind"] in SINGLE_VALUED else []
            dates = [c["published"] for c in group if not pd.isna(c["published"])]
            entry = {
                "id": _fact_id(first),
                "work": first["work"],
                "season": None if pd.isna(first["season"]) else int(first["season"]),
                "attribute": first["attribute"],
                "value": summary[key]["value"],
                "qualifier": _mode(c["qualifier"] for c in group),
                "n_claims": len(group),
                "n_outlets": len(summary[key]["outlets"]),
                "claims_settled": len(group) + sum(len(by_key[r]) for r in rivals),
                "first_reported": min(dates).date().isoformat() if dates else None,
                "evidence": [{"claim_id": c["claim_id"], "doc_id": c["doc_id"],
                              "outlet": c["outlet"], "url": c["url"],
                              "published": None if pd.isna(c["published"])
                              else c["published"].date().isoformat(),
                              "sentence": " ".join(str(c["sentence"]).split())}
                             for c in group[:examples]],
                "conflicts": [summary[r] for r in rivals],
                "claim_ids": [c["claim_id"] for c in group],
                "doc_ids": sorted({c["doc_id"] for c in group}),
                "outlets": summary[key]["outlets"],
            }
            entry["fact"] = _fact_snippet(entry, truth)
            entries.append((key, entry))
    entries.sort(key=lambda k_e: (-k_e[1]["claims_settled"], -k_e[1]["n_outlets"],
                                  -k_e[1]["n_claims"], k_e[1]["id"], k_e[0]))
    return [{"rank": rank, **entry} for rank, (_key, entry) in enumerate(entries, start=1)]


def _mode(values: Iterable[str]) -> str:
    """The most frequent value; the first in sorted order among equals."""
    counts = Counter(values)
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)


def _shown(entry: dict) -> dict:
    """The entry as the YAML queue shows it: at most EXAMPLES evidence sentences and claim
    ids per conflict (the counts stay whole; the CSV and agreement.csv list every claim)."""
    shown = {k: v for k, v in entry.items() if k not in LISTED}
    return {**shown, "evidence": entry["evidence"][:EXAMPLES],
            "conflicts": [{**c, "outlets": list(c["outlets"]),  # copies: no YAML aliases
                           "claim_ids": c["claim_ids"][:EXAMPLES]} for c in entry["conflicts"]]}


def settled_by(entries: list[dict]) -> set[str]:
    """Ids of the claims the entries' facts would settle (asserting or conflicting)."""
    return {i for e in entries for i in e["claim_ids"]} | {
        i for e in entries for c in e["conflicts"] for i in c["claim_ids"]}


def queue_table(entries: list[dict]) -> pd.DataFrame:
    """The queue as a flat table (one row per candidate fact)."""
    rows = [{**{k: e[k] for k in QUEUE_COLUMNS if k in e},
             "outlets": ";".join(e["outlets"]), "doc_ids": ";".join(e["doc_ids"]),
             "conflicting_values": ";".join(str(c["value"]) for c in e["conflicts"])}
            for e in entries]
    table = pd.DataFrame(rows, columns=QUEUE_COLUMNS)
    return table.astype({"season": "Int64"})


def write_curation_queue(claims: pd.DataFrame, verdicts: pd.DataFrame,
                         documents: pd.DataFrame, truth: Truth, out_dir: Path) -> list[Path]:
    """Write ``curation-queue.yaml`` and ``.csv`` and ``agreement.csv`` to ``out_dir``."""
    return write_queue(unsettled_claims(claims, verdicts, documents, truth), truth, out_dir)


def write_queue(table: pd.DataFrame, truth: Truth, out_dir: Path) -> list[Path]:
    """``write_curation_queue`` of an ``unsettled_claims`` table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = queue_of(table, truth, examples=EXAMPLES)
    unsettled = len(settled_by(entries))
    top_ten = len(settled_by(entries[:10]))
    header = (f"# Curation queue for {truth.path.name}: candidate facts for claims the ground\n"
              "# truth cannot settle, best first. Add a source to an entry's `fact` and paste\n"
              f"# it under `facts:`. The top ten would settle {top_ten} of the {unsettled} claims\n"
              f"# queued here. Each lists up to {EXAMPLES} of its sentences; curation-queue.csv\n"
              "# and agreement.csv name every claim.\n")
    paths = [out_dir / name for name in CURATION_FILES]
    shown = {"candidates": [_shown(e) for e in entries]}
    paths[0].write_text(header + yaml.dump(shown, Dumper=SafeDumper, sort_keys=False,
                                           allow_unicode=True, width=100),
                        encoding="utf-8")
    write_csv(queue_table(entries), paths[1])
    write_csv(agreement_of(table), paths[2])
    return paths


def _fact_id(claim) -> str:
    season = "" if pd.isna(claim["season"]) else f"-s{int(claim['season'])}"
    slug = re.sub(r"[^a-z0-9]+", "-", fold(claim["value"])).strip("-")
    return f"{claim['work']}{season}-{claim['attribute'].replace('_', '-')}-{slug}"


def _fact_snippet(entry: dict, truth: Truth) -> dict:
    """A truth fact for the entry; ``sources`` is left for the curator to fill in."""
    kind = truth.attributes.get(entry["attribute"], {}).get("kind")
    value: object = entry["value"]
    if kind == "number":
        number = float(str(value).split("-")[0])
        value = int(number) if number.is_integer() else number
    fact = {"id": entry["id"], "work": entry["work"], "season": entry["season"],
            "attribute": entry["attribute"], "value": value,
            "qualifier": entry["qualifier"] or None,
            "known_from": entry["first_reported"], "status": "reported",
            "confidence": "low", "sources": [],
            "note": f"asserted by {entry['n_outlets']} outlet(s) in the corpus; "
                    "add a source before use"}
    if kind == "state" and entry["first_reported"]:
        fact["valid_from"] = entry["first_reported"]
    return fact


def add_candidates(truth_file: Path, entries: list[dict], source: dict, out_file: Path) -> Path:
    """Copy ``truth_file`` to ``out_file`` with the entries' facts added, each citing ``source``.

    For trying a queue out: the copy is only as true as the source a curator gives it.
    """
    raw = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
    raw["facts"] = list(raw.get("facts") or []) + [
        {**entry["fact"], "sources": [dict(source)]} for entry in entries]
    out_file.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")
    return out_file


def distinct_slots(entries: list[dict], truth: Truth, n: int) -> list[dict]:
    """The first ``n`` entries, skipping one whose single-valued slot an earlier one fills."""
    chosen, slots = [], set()
    for entry in entries:
        kind = truth.attributes.get(entry["attribute"], {}).get("kind")
        slot = (entry["work"], entry["season"], entry["attribute"], entry["qualifier"])
        if kind in SINGLE_VALUED and slot in slots:
            continue
        chosen.append(entry)
        slots.add(slot)
        if len(chosen) == n:
            break
    return chosen
