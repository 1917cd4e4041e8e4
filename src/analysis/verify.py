"""Verification: every claim judged against the ground truth as it stood on a date.

A claim is judged twice: as of its article's publication date (``verdict``; an undated
article is judged as of the truth's ``as_of`` date and flagged ``undated``) and as of the
truth's ``as_of`` date (``verdict_now``). Only facts publicly known by the judging date
count (``known_from``, else ``valid_from``), and states are compared with the fact valid on
that date, so "not renewed yet" written before a renewal is supported.

How each attribute kind is checked (``data/attributes.yaml``):
- event: the claimed interval overlaps the fact's date -> supported, else refuted; a fact
  ``unknown`` with ``not_before`` refutes a claimed interval that ended before it, and leaves
  a later one ``pending``; a claim about the future with no fact yet is ``pending``.
- state / category: equal to the fact valid on the judging date.
- set: the value is one of the facts (and the qualifier, e.g. the character, matches); a
  value outside a list that is complete by the judging date is refuted.
- number: within the fact's tolerance; a claimed range must contain the fact.
A negated claim takes the opposite verdict of its positive reading.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import pandas as pd

from analysis.schemas import VERDICTS_TABLE
from analysis.truth import UNKNOWN, Truth

SUPPORTED, REFUTED, NEE, PENDING = "supported", "refuted", "not_enough_evidence", "pending"


# The claim fields a verdict depends on: claims equal on these share their verdict.
SIGNATURE = ("work", "season", "attribute", "value", "qualifier", "modality", "prediction")
_DATE_MARK = "\x00judging date\x00"  # stands for the judging date in a cached rationale


class _JudgingDate(dt.date):
    """A date whose text is a placeholder, so a rationale can be shared across dates."""

    def __str__(self) -> str:
        return _DATE_MARK

    def __format__(self, spec: str) -> str:
        return _DATE_MARK

    def isoformat(self) -> str:
        return _DATE_MARK


def verify_claims(claims: pd.DataFrame, documents: pd.DataFrame, truth: Truth) -> pd.DataFrame:
    """The verdicts table (``analysis.schemas.VERDICTS_TABLE``), one row per claim.

    The rules compare a judging date only with the truth's dates and the claim's own dates,
    so two dates between the same such dates (and the day after each) give the same verdict.
    Each distinct (SIGNATURE, date class) is judged once; the judging date is then written
    into its rationale.
    """
    published = dict(zip(documents["doc_id"], documents["published"], strict=True))
    breaks: dict[tuple, list[dt.date]] = {}
    judged: dict[tuple, tuple[str, list[str], str]] = {}

    def cached(position: int, claim: dict, as_of: dt.date) -> tuple[str, list[str], str]:
        signature = tuple(None if _missing(claim[key]) else claim[key] for key in SIGNATURE)
        own = [d for d in (_day(claim.get("date_lo")), _day(claim.get("date_hi"))) if d]
        about = (claim["work"], claim["attribute"])
        if about not in breaks:
            breaks[about] = _date_breaks(truth, *about)
        key = (*signature, bisect_right(breaks[about], as_of),
               bisect_right(_with_next_day(own), as_of))
        if key not in judged:  # the rules see the whole claim row
            full = claims.iloc[[position]].to_dict("records")[0]
            judged[key] = judge(full, truth, _JudgingDate(as_of.year, as_of.month, as_of.day))
        verdict, fact_ids, rationale = judged[key]
        return verdict, fact_ids, rationale.replace(_DATE_MARK, str(as_of))

    columns: dict[str, list] = {name: [] for name in VERDICTS_TABLE.columns}
    needed = [c for c in ("claim_id", "doc_id", *SIGNATURE, "date_lo", "date_hi")
              if c in claims.columns]
    for position, claim in enumerate(claims[needed].to_dict("records")):
        date = published.get(claim["doc_id"])
        undated = date is None or pd.isna(date)
        as_of = truth.as_of if undated else date.date()
        verdict, fact_ids, rationale = cached(position, claim, as_of)
        verdict_now, now_ids, rationale_now = cached(position, claim, truth.as_of)
        for name, value in (("claim_id", claim["claim_id"]), ("doc_id", claim["doc_id"]),
                            ("verdict", verdict), ("verdict_now", verdict_now),
                            ("fact_ids", ";".join(fact_ids)),
                            ("fact_ids_now", ";".join(now_ids)), ("rationale", rationale),
                            ("rationale_now", rationale_now), ("judged_as_of", as_of),
                            ("undated", undated)):
            columns[name].append(value)
    table = pd.DataFrame(columns, columns=list(VERDICTS_TABLE.columns))
    table["judged_as_of"] = pd.to_datetime(table["judged_as_of"])
    table = table.astype({"judged_as_of": "datetime64[s]", "undated": "bool"})
    return VERDICTS_TABLE.validate(table)


def _missing(value: object) -> bool:
    """True for None and NaN-like scalars (so that they compare equal in a signature)."""
    return value is None or (not isinstance(value, (list, tuple, dict)) and bool(pd.isna(value)))


def _day(value: object) -> dt.date | None:
    """A timestamp or date as a plain date; None when missing."""
    if _missing(value):
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def _with_next_day(days: list[dt.date]) -> list[dt.date]:
    """Each day and the day after, sorted: the points where a comparison can flip."""
    return sorted({d + dt.timedelta(days=k) for d in days for k in (0, 1)})


def _date_breaks(truth: Truth, work: str, attribute: str) -> list[dt.date]:
    """The truth's dates about (work, attribute): its facts' dates, its complete lists'
    dates and the truth's as_of, each with the day after."""
    facts = _facts_by_key(truth).get((work, attribute), truth.facts.iloc[0:0])
    complete = truth.complete
    lists = complete[(complete["work"] == work) & (complete["attribute"] == attribute)]
    days = [truth.as_of, *lists["as_of"]]
    for column in ("valid_from", "valid_to", "known_from", "not_before"):
        days += list(facts[column])
    return _with_next_day([d for d in map(_day, days) if d is not None])


def judge(claim: dict, truth: Truth, as_of: dt.date) -> tuple[str, list[str], str]:
    """(verdict, fact ids used, one-line rationale) of one claim as of a date."""
    spec = truth.attributes.get(claim["attribute"], {})
    facts = _relevant_facts(claim, truth, as_of)
    kind = spec.get("kind")
    if not claim["work"]:
        return NEE, [], "the claim names no work the ground truth covers"
    if kind == "event":
        verdict, used, why = _judge_event(claim, facts, as_of)
    elif kind in ("state", "category"):
        verdict, used, why = _judge_state(claim, facts, spec, as_of)
    elif kind == "set":
        verdict, used, why = _judge_set(claim, facts, truth, spec, as_of)
    elif kind == "number":
        verdict, used, why = _judge_number(claim, facts, truth, spec, as_of)
    else:
        return NEE, [], f"attribute {claim['attribute']!r} has no checking rule"
    if verdict == NEE and claim["prediction"]:
        verdict, why = PENDING, f"a prediction not yet resolved: {why}"
    if claim["modality"] == "negated" and verdict in (SUPPORTED, REFUTED):
        verdict = REFUTED if verdict == SUPPORTED else SUPPORTED
        why = f"negated claim; positive reading: {why}"
    return verdict, used, why


def _facts_by_key(truth: Truth) -> dict[tuple, pd.DataFrame]:
    """The truth's facts grouped by (work, attribute), built once per facts table.

    Each group keeps the facts' file order and a ``first_known`` column (``known_from``,
    else ``valid_from``; None when both are missing).
    """
    cache = truth.__dict__.get("_facts_by_key")
    if cache is not None and cache[0] is truth.facts:
        return cache[1]
    facts = truth.facts.copy()
    facts["first_known"] = [k or v for k, v in zip(facts["known_from"], facts["valid_from"],
                                                    strict=True)]
    index = {key: group for key, group in facts.groupby(["work", "attribute"], sort=False)}
    truth.__dict__["_facts_by_key"] = (truth.facts, index)
    return index


def _relevant_facts(claim: dict, truth: Truth, as_of: dt.date) -> pd.DataFrame:
    """Facts about the claim's work, attribute and season (or any season), known by as_of."""
    candidates = _facts_by_key(truth).get((claim["work"], claim["attribute"]))
    if candidates is None:
        return truth.facts.iloc[0:0]
    season = claim["season"]
    if pd.notna(season):
        candidates = candidates[candidates["season"].isna() | (candidates["season"] == season)]
    known = [first is None or first <= as_of for first in candidates["first_known"]]
    return candidates.loc[pd.Series(known, index=candidates.index, dtype=bool)] \
        .drop(columns="first_known")


def _interval(value: str) -> tuple[dt.date, dt.date]:
    parts = value.split("/")
    return dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[-1])


def _judge_event(claim: dict, facts: pd.DataFrame, as_of: dt.date):
    spec_phase = claim["qualifier"]
    if spec_phase:
        facts = facts[facts["qualifier"].fillna("") == spec_phase]
    lo, hi = _interval(claim["value"])
    dated = facts[facts["value"] != UNKNOWN]
    for fact in dated.to_dict("records"):
        f_lo, f_hi = _interval(fact["value"])
        if lo <= f_hi and f_lo <= hi:
            return SUPPORTED, [fact["id"]], f"{claim['value']} overlaps the fact {fact['value']}"
    if len(dated):
        fact = dated.iloc[0]
        return REFUTED, [fact["id"]], f"{claim['value']} misses the fact {fact['value']}"
    for fact in facts[facts["value"] == UNKNOWN].to_dict("records"):
        if fact["not_before"] and hi < fact["not_before"]:
            return REFUTED, [fact["id"]], (f"{claim['value']} ended before "
                                           f"{fact['not_before']}, when it had not happened")
        if fact["not_before"]:
            return PENDING, [fact["id"]], (f"not happened as of {fact['not_before']}; "
                                           f"{claim['value']} still possible")
    if lo > as_of:
        return PENDING, [], f"a future date ({claim['value']}) with no fact yet"
    return NEE, [], "no fact on this date in the ground truth"


def _valid_on(facts: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    keep = facts.apply(lambda f: (f["valid_from"] is None or f["valid_from"] <= day)
                       and (f["valid_to"] is None or day <= f["valid_to"]), axis=1)
    return facts[keep.astype(bool)] if len(facts) else facts


def _judge_state(claim: dict, facts: pd.DataFrame, spec: dict, as_of: dt.date):
    current = _valid_on(facts[facts["value"] != UNKNOWN], as_of)
    if current.empty:
        return NEE, [], f"no {claim['attribute']} fact valid on {as_of}"
    match = current[current["value"] == claim["value"]]
    if len(match):
        return SUPPORTED, list(match["id"]), f"{claim['value']} on {as_of}"
    compatible = current[current["value"].isin(
        (spec.get("compatible") or {}).get(claim["value"], []))]
    if len(compatible):
        return NEE, list(compatible["id"]), (f"on {as_of} the fact is {compatible['value'].iloc[0]}"
                                             f", which neither confirms nor rules out "
                                             f"{claim['value']}")
    return REFUTED, list(current["id"]), (f"on {as_of} the fact is "
                                          f"{', '.join(sorted(set(current['value'])))}")


def _judge_set(claim: dict, facts: pd.DataFrame, truth: Truth, spec: dict, as_of: dt.date):
    kind, q_kind = spec.get("aliases"), spec.get("qualifier_aliases")
    value = truth.canonical(kind, claim["value"])
    same = facts[facts["value"].map(lambda v: truth.canonical(kind, v)) == value]
    if len(same) and (same["status"] == "disputed").all():
        return NEE, list(same["id"]), f"{claim['value']} rests on disputed facts only"
    if len(same):
        if claim["qualifier"] and spec.get("qualifier_must_match"):
            wanted = truth.canonical(q_kind, claim["qualifier"])
            named = same[same["qualifier"].fillna("") != ""]
            if len(named) and not (named["qualifier"].map(
                    lambda q: truth.canonical(q_kind, q)) == wanted).any():
                roles = ", ".join(sorted(set(named["qualifier"])))
                return REFUTED, list(named["id"]), f"{claim['value']} plays {roles}"
        return SUPPORTED, list(same["id"]), f"{claim['value']} is listed"
    unknown = facts[facts["value"] == UNKNOWN]
    if len(unknown):
        return NEE, list(unknown["id"]), f"{claim['attribute']} is not established"
    lists = truth.complete[(truth.complete["work"] == claim["work"])
                           & (truth.complete["attribute"] == claim["attribute"])]
    if pd.notna(claim["season"]):
        lists = lists[lists["season"].isna() | (lists["season"] == claim["season"])]
    lists = lists[lists["as_of"] <= as_of]
    if len(lists):
        seasons = ", ".join("all seasons" if pd.isna(s) else f"S{int(s)}" for s in lists["season"])
        return REFUTED, list(facts["id"]), (f"{claim['value']} is not in the complete "
                                            f"{claim['attribute']} list ({seasons})")
    return NEE, [], f"{claim['value']} is not in the ground truth, whose list is open"


def _judge_number(claim: dict, facts: pd.DataFrame, truth: Truth, spec: dict, as_of: dt.date):
    if spec.get("qualifier_must_match"):
        q_kind = spec.get("qualifier_aliases")
        wanted = truth.canonical(q_kind, claim["qualifier"])
        facts = facts[facts["qualifier"].fillna("").map(lambda q: truth.canonical(q_kind, q))
                      == wanted]
    facts = _valid_on(facts, as_of)
    known = facts[facts["value"] != UNKNOWN]
    if known.empty:
        if len(facts):
            return NEE, list(facts["id"]), f"{claim['attribute']} is not established"
        return NEE, [], f"no {claim['attribute']} fact for this subject"
    low, _, high = claim["value"].partition("-")
    low, high = float(low), float(high or low)
    for fact in known.to_dict("records"):
        tolerance = 0.0 if pd.isna(fact["tolerance"]) else float(fact["tolerance"])
        if low - tolerance <= float(fact["value"]) <= high + tolerance:
            return SUPPORTED, [fact["id"]], f"{claim['value']} matches {fact['value']}"
    values = ", ".join(sorted({str(v) for v in known["value"]}))
    return REFUTED, list(known["id"]), f"{claim['value']} differs from {values}"

