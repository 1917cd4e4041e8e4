"""Verification: every claim judged against the ground truth as it stood on a date.

A claim is judged twice: as of its article's publication date (``verdict``; an undated
article is judged as of the truth's ``as_of`` date and flagged ``undated``) and as of the
truth's ``as_of`` date (``verdict_now``). Only facts publicly known by the judging date
count (``known_from``, else ``valid_from``), and states are compared with the fact valid on
that date, so "not renewed yet" written before a renewal is supported. An end (``valid_to``)
counts only once it was public (``end_known_from``).

How each attribute kind is checked (``data/attributes.yaml``):
- event: the claimed interval overlaps the fact's date -> supported, else refuted; a fact
  ``unknown`` with ``not_before`` refutes a claimed interval that ended before it, and leaves
  a later one ``pending``; a claim about the future with no fact yet is ``pending``.
- state / category: equal to the fact valid on the judging date.
- set: the value is one of the facts (and the qualifier, e.g. the character, matches); a
  value outside a list that is complete by the judging date is refuted; a ``negated`` fact
  (X is *not* in the set) refutes X; a membership that ended (``valid_to``) before a season
  began (its ``premiere_date`` fact) refutes X in that season. Aliases may hold only between
  dates.
- number: within the fact's tolerance; a claimed range must contain the fact. A fact with a
  ``scope`` (which chart), ``window`` (which weeks) or ``position`` (weeks at which rank)
  supports a claim it is compatible with, and refutes only a claim that names the same scope
  and a window inside its own.
A negated claim takes the opposite verdict of its positive reading.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right

import pandas as pd

from analysis.dates import find_dates, tense
from analysis.schemas import DATE_ATTRIBUTES, VERDICTS_TABLE, empty_table, records
from analysis.truth import UNKNOWN, Truth, fold

SUPPORTED, REFUTED, NEE, PENDING = "supported", "refuted", "not_enough_evidence", "pending"
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


# The claim fields a verdict depends on: claims equal on these share their verdict.
SIGNATURE = ("work", "season", "attribute", "value", "qualifier", "modality", "prediction",
             "subject_evidence")
# Every claim field the rules read.
CLAIM_FIELDS = (*SIGNATURE, "claim_id", "doc_id", "date_lo", "date_hi", "value_text")
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

    An undated article is judged as of the truth's ``as_of``, and again at the start of the
    window it can have been published in (after the last dated event it reports as past); a
    verdict that would flip between supported and refuted within that window, or that rests
    on a date written relative to the unknown publication day ("in October", "this year"),
    is ``not_enough_evidence``.
    """
    if claims.empty:
        return VERDICTS_TABLE.validate(empty_table(VERDICTS_TABLE))
    published = dict(zip(documents["doc_id"], documents["published"], strict=True))
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    earliest: dict[str, dt.date] = {}
    breaks: dict[tuple, list[dt.date]] = {}
    judged: dict[tuple, tuple[str, list[str], str]] = {}

    def cached(claim: dict, signature: tuple, own: list[dt.date],
               as_of: dt.date) -> tuple[str, list[str], str]:
        about = (claim["work"], claim["attribute"])
        if about not in breaks:
            breaks[about] = _date_breaks(truth, *about)
        key = (*signature, bisect_right(breaks[about], as_of), bisect_right(own, as_of))
        if key not in judged:
            judged[key] = judge(claim, truth, _JudgingDate(as_of.year, as_of.month, as_of.day))
        verdict, fact_ids, rationale = judged[key]
        return verdict, fact_ids, rationale.replace(_DATE_MARK, str(as_of))

    columns: dict[str, list] = {name: [] for name in VERDICTS_TABLE.columns}
    for claim in records(claims, [c for c in CLAIM_FIELDS if c in claims.columns]):
        signature = tuple(None if _missing(claim[key]) else claim[key] for key in SIGNATURE)
        own = _with_next_day([d for d in (_day(claim.get("date_lo")),
                                          _day(claim.get("date_hi"))) if d])
        date = published.get(claim["doc_id"])
        undated = date is None or pd.isna(date)
        as_of = truth.as_of if undated else date.date()
        verdict, fact_ids, rationale = cached(claim, signature, own, as_of)
        if undated and verdict in (SUPPORTED, REFUTED):
            doc_id = claim["doc_id"]
            if doc_id not in earliest:
                earliest[doc_id] = earliest_publication(texts.get(doc_id) or "", truth.as_of)
            start = earliest[doc_id]
            at_start = cached(claim, signature, own, start)[0] if start != dt.date.min else None
            doubt = _undated_doubt(claim, verdict, start, at_start)
            if doubt:
                verdict, rationale = NEE, doubt
        verdict_now, now_ids, rationale_now = cached(claim, signature, own, truth.as_of)
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


def earliest_publication(text: str, as_of: dt.date) -> dt.date:
    """The earliest day an undated article can have been written: the last day of the
    latest fully dated event its past-tense sentences report (never after ``as_of``;
    ``date.min`` when it reports none)."""
    latest = dt.date.min
    for sentence in SENTENCE_END.split(text):
        if tense(sentence) == "past":
            for mention in find_dates(sentence, as_of):
                if YEAR.search(mention.text) and mention.hi <= as_of:
                    latest = max(latest, mention.hi)
    return latest


def _undated_doubt(claim: dict, verdict: str, earliest: dt.date,
                   verdict_then: str | None) -> str:
    """Why a verdict on an undated article cannot stand, or ''. ``verdict_then`` is the
    claim's verdict as of ``earliest``, the start of the publication window."""
    if claim["attribute"] in DATE_ATTRIBUTES and not YEAR.search(claim.get("value_text") or ""):
        return ("undated article: the date was written relative to an unknown publication "
                "day")
    opposite = REFUTED if verdict == SUPPORTED else SUPPORTED
    if verdict_then == opposite:
        return (f"undated article: the verdict would be {opposite} if it was written on "
                f"{earliest}, the start of the window it was published in")
    return ""


Fact = dict  # one fact as a record, from ``Truth.records_by_key``


def _doubt(claim: dict, truth: Truth, spec: dict, facts: list[Fact]) -> str:
    """Why a refutation would rest on an uncertain subject, season or value, or ''."""
    if claim["subject_evidence"] == "document, other work nearby":
        return "the sentence speaks of other works, so the subject is uncertain"
    if _missing(claim["season"]) and (
            (spec.get("kind") in ("state", "category", "number")
             and len({f["value"] for f in facts}) > 1)
            or (spec.get("kind") == "event" and any(not _missing(f["season"]) for f in facts))):
        return "the claim names no season, and the facts differ by season"
    listed = [f for f in facts if fold(f["value"]) == fold(claim["value"])]
    if spec.get("kind") == "set" and _missing(claim["season"]) and not listed:
        lists = _complete_lists(truth, claim["work"], claim["attribute"])
        open_seasons = (_seasons(facts) - _seasons(lists))
        if open_seasons and not any(_missing(entry["season"]) for entry in lists):
            return "the claim names no season, and some seasons' lists are open"
    if claim["qualifier"] and spec.get("qualifier_aliases") == "character" and listed:
        claimed = set(fold(claim["qualifier"]).split())
        played = {w for f in listed for w in fold(f["qualifier"]).split()}
        if claimed & played or (len(claimed) < 2 and truth.canonical(
                "character", claim["qualifier"]) not in _characters(truth, facts)):
            return f"{claim['qualifier']!r} may be a partial name of the character played"
    if spec.get("aliases") == "person" and not _clearly_a_person(claim["value"], truth):
        return f"{claim['value']!r} is not clearly a person's name"
    return ""


def _seasons(rows: list[dict]) -> set[float]:
    return {row["season"] for row in rows if not _missing(row["season"])}


def _characters(truth: Truth, facts: list[Fact]) -> set[str]:
    """Canonical names of the characters the truth knows (alias table and facts)."""
    known = set(truth.aliases.get("character", {}).values())
    return known | {truth.canonical("character", f["qualifier"]) for f in facts if f["qualifier"]}


def _clearly_a_person(name: str, truth: Truth) -> bool:
    """Two words or more, and not a character, work or platform the truth knows."""
    folded = fold(name)
    known_other = (folded in truth.aliases.get("character", {})
                   or folded in truth.aliases.get("platform", {})
                   or folded in truth.work_names)
    return len(name.split()) >= 2 and not known_other


def _missing(value: object) -> bool:
    """True for None and NaN-like scalars (so that they compare equal in a signature)."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, (str, int, dt.date, list, tuple, dict)):
        return False
    return bool(pd.isna(value))


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
    facts = truth.records_by_key[0].get((work, attribute), [])
    days = [truth.as_of, *(entry["as_of"] for entry in _complete_lists(truth, work, attribute))]
    for column in ("valid_from", "valid_to", "known_from", "not_before", "end_known_from"):
        days += [f.get(column) for f in facts]
    for variants in truth.dated_aliases.values():  # aliases that hold only between dates
        days += [d for spans in variants.values() for _c, *bounds in spans for d in bounds]
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
    if verdict == REFUTED:
        doubt = _doubt(claim, truth, spec, facts)
        if doubt:
            verdict, why = NEE, f"not judged: {doubt}"
    if verdict == NEE and claim["prediction"]:
        verdict, why = PENDING, f"a prediction not yet resolved: {why}"
    if claim["modality"] == "negated" and verdict in (SUPPORTED, REFUTED):
        verdict = REFUTED if verdict == SUPPORTED else SUPPORTED
        why = f"negated claim; positive reading: {why}"
    return verdict, used, why


def _complete_lists(truth: Truth, work: str, attribute: str) -> list[dict]:
    """The truth's ``complete`` entries about (work, attribute)."""
    return truth.records_by_key[1].get((work, attribute), [])


def _end(fact: Fact, as_of: dt.date) -> dt.date | None:
    """The fact's ``valid_to`` if its end was public by ``as_of``, else None (still open)."""
    if fact["valid_to"] is None or (fact["end_known_from"] and fact["end_known_from"] > as_of):
        return None
    return fact["valid_to"]


def _relevant_facts(claim: dict, truth: Truth, as_of: dt.date) -> list[Fact]:
    """Facts about the claim's work, attribute and season (or any season), known by as_of."""
    candidates = truth.records_by_key[0].get((claim["work"], claim["attribute"]), [])
    season = claim["season"]
    return [f for f in candidates
            if (_missing(season) or _missing(f["season"]) or f["season"] == season)
            and (f["first_known"] is None or f["first_known"] <= as_of)]


def _ids(facts: list[Fact]) -> list[str]:
    return [f["id"] for f in facts]


def _interval(value: str) -> tuple[dt.date, dt.date]:
    parts = value.split("/")
    return dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[-1])


def _judge_event(claim: dict, facts: list[Fact], as_of: dt.date):
    phase = claim["qualifier"]
    if phase:
        facts = [f for f in facts if f["qualifier"] == phase]
    lo, hi = _interval(claim["value"])
    dated = [f for f in facts if f["value"] != UNKNOWN]
    for fact in dated:
        f_lo, f_hi = _interval(fact["value"])
        if lo <= f_hi and f_lo <= hi:
            return SUPPORTED, [fact["id"]], f"{claim['value']} overlaps the fact {fact['value']}"
    if dated:
        fact = dated[0]
        return REFUTED, [fact["id"]], f"{claim['value']} misses the fact {fact['value']}"
    for fact in (f for f in facts if f["value"] == UNKNOWN):
        if fact["not_before"] and hi < fact["not_before"]:
            return REFUTED, [fact["id"]], (f"{claim['value']} ended before "
                                           f"{fact['not_before']}, when it had not happened")
        if fact["not_before"]:
            return PENDING, [fact["id"]], (f"not happened as of {fact['not_before']}; "
                                           f"{claim['value']} still possible")
    if lo > as_of:
        return PENDING, [], f"a future date ({claim['value']}) with no fact yet"
    return NEE, [], "no fact on this date in the ground truth"


def _valid_on(facts: list[Fact], day: dt.date) -> list[Fact]:
    """Facts valid on ``day``, an end not yet public on ``day`` counting as no end."""
    return [f for f in facts if (f["valid_from"] is None or f["valid_from"] <= day)
            and (_end(f, day) is None or day <= f["valid_to"])]


def _judge_state(claim: dict, facts: list[Fact], spec: dict, as_of: dt.date):
    current = _valid_on([f for f in facts if f["value"] != UNKNOWN], as_of)
    if not current:
        return NEE, [], f"no {claim['attribute']} fact valid on {as_of}"
    match = [f for f in current if f["value"] == claim["value"]]
    if match:
        return SUPPORTED, _ids(match), f"{claim['value']} on {as_of}"
    allowed = (spec.get("compatible") or {}).get(claim["value"], [])
    compatible = [f for f in current if f["value"] in allowed]
    if compatible:
        return NEE, _ids(compatible), (f"on {as_of} the fact is {compatible[0]['value']}"
                                       f", which neither confirms nor rules out "
                                       f"{claim['value']}")
    return REFUTED, _ids(current), (f"on {as_of} the fact is "
                                    f"{', '.join(sorted({f['value'] for f in current}))}")


def _judge_set(claim: dict, facts: list[Fact], truth: Truth, spec: dict, as_of: dt.date):
    kind, q_kind = spec.get("aliases"), spec.get("qualifier_aliases")
    value = truth.canonical(kind, claim["value"], as_of)
    named = [f for f in facts if truth.canonical(kind, f["value"], as_of) == value]
    same = [f for f in named if not f["negated"]]
    denied = [f for f in named if f["negated"]]
    season = claim["season"]
    if not _missing(season) and any(f["season"] == season for f in denied):
        denied = [f for f in denied if f["season"] == season]
        same = []  # a season's own negative fact outweighs work-level facts
    if same and all(f["status"] == "disputed" for f in same):
        return NEE, _ids(same), f"{claim['value']} rests on disputed facts only"
    if same:
        if claim["qualifier"] and spec.get("qualifier_must_match"):
            wanted = truth.canonical(q_kind, claim["qualifier"], as_of)
            roles = [f for f in same if f["qualifier"]]
            if roles and not any(truth.canonical(q_kind, f["qualifier"], as_of) == wanted
                                 for f in roles):
                listed = ", ".join(sorted({f["qualifier"] for f in roles}))
                return REFUTED, _ids(roles), f"{claim['value']} plays {listed}"
        return _judge_membership(claim, same, truth, as_of)
    if denied:
        if all(f["status"] == "disputed" for f in denied):
            return NEE, _ids(denied), f"that {claim['value']} is not listed is disputed"
        return REFUTED, _ids(denied), (f"the ground truth records that {claim['value']} "
                                       f"is not {claim['attribute']}")
    facts = [f for f in facts if not f["negated"]]
    unknown = [f for f in facts if f["value"] == UNKNOWN]
    if unknown:
        return NEE, _ids(unknown), f"{claim['attribute']} is not established"
    lists = [entry for entry in _complete_lists(truth, claim["work"], claim["attribute"])
             if (_missing(season) or _missing(entry["season"]) or entry["season"] == season)
             and entry["as_of"] <= as_of]
    if lists:
        seasons = ", ".join("all seasons" if _missing(e["season"]) else f"S{int(e['season'])}"
                            for e in lists)
        return REFUTED, _ids(facts), (f"{claim['value']} is not in the complete "
                                      f"{claim['attribute']} list ({seasons})")
    return NEE, [], f"{claim['value']} is not in the ground truth, whose list is open"


def _judge_membership(claim: dict, same: list[Fact], truth: Truth, as_of: dt.date):
    """Supported, unless every matching membership ended (publicly) before the claim's season.

    A membership with a ``valid_to`` (left the show, replaced) still supports the seasons
    that began before it ended and refutes those that began after it; a season with no
    known start, or a claim naming no season, is not enough evidence once the end is public.
    """
    ended = [f for f in same if _end(f, as_of) is not None and _end(f, as_of) < as_of]
    if len(ended) < len(same):
        current = [f for f in same if f not in ended]
        return SUPPORTED, _ids(current), f"{claim['value']} is listed"
    last = max(f["valid_to"] for f in ended)
    ids = _ids(ended)
    if _missing(claim["season"]):
        return NEE, ids, (f"{claim['value']}'s {claim['attribute']} role ended on {last}; "
                          "the claim names no season")
    season = int(claim["season"])
    start, known = truth.season_starts.get((claim["work"], season), (None, None))
    if start is None or (known is not None and known > as_of):
        return NEE, ids, (f"{claim['value']}'s {claim['attribute']} role ended on {last}; "
                          f"when S{season} began is not known")
    if start <= last:
        return SUPPORTED, ids, f"{claim['value']} was listed until {last}, after S{season} began"
    return REFUTED, ids, (f"{claim['value']}'s {claim['attribute']} role ended on {last}, "
                          f"before S{season} began on {start}")


def _judge_number(claim: dict, facts: list[Fact], truth: Truth, spec: dict, as_of: dt.date):
    if spec.get("qualifier_must_match"):
        q_kind = spec.get("qualifier_aliases")
        wanted = truth.canonical(q_kind, claim["qualifier"], as_of)
        facts = [f for f in facts if truth.canonical(q_kind, f["qualifier"], as_of) == wanted]
    facts = _valid_on(facts, as_of)
    known = [f for f in facts if f["value"] != UNKNOWN]
    if not known:
        if facts:
            return NEE, _ids(facts), f"{claim['attribute']} is not established"
        return NEE, [], f"no {claim['attribute']} fact for this subject"
    scope = truth.canonical("scope", claim["qualifier"], as_of) \
        if spec.get("scope_from_qualifier") and claim["qualifier"] else ""
    window = _claim_window(claim)
    measured = [f for f in known if _measures(f, scope, window, truth, as_of)]
    if not measured:
        return NEE, _ids(known), (f"no {claim['attribute']} fact for this chart, "
                                  "window or position")
    low, _, high = claim["value"].partition("-")
    low, high = float(low), float(high or low)
    for fact in measured:
        tolerance = 0.0 if _missing(fact["tolerance"]) else float(fact["tolerance"])
        if low - tolerance <= float(fact["value"]) <= high + tolerance:
            return SUPPORTED, [fact["id"]], f"{claim['value']} matches {fact['value']}"
    pinned = [f for f in measured if _pins(f, scope, window)]
    if not pinned:
        values = ", ".join(sorted({str(f["value"]) for f in measured}))
        return NEE, _ids(measured), (
            f"{claim['value']} differs from {values}, measured on another chart, window or "
            "position than the claim names")
    values = ", ".join(sorted({str(f["value"]) for f in pinned}))
    return REFUTED, _ids(pinned), f"{claim['value']} differs from {values}"


def _claim_window(claim: dict) -> tuple[dt.date, dt.date] | None:
    """The period a number claim measures (``date_lo``/``date_hi``), if extraction gave one."""
    lo, hi = _day(claim.get("date_lo")), _day(claim.get("date_hi"))
    return None if lo is None or hi is None else (lo, hi)


def _measures(fact: Fact, scope: str, window, truth: Truth, as_of: dt.date) -> bool:
    """Whether the fact can speak to the claim: same scope and an overlapping window."""
    if scope and fact["scope"] and truth.canonical("scope", fact["scope"], as_of) != scope:
        return False
    if window and fact["window"]:
        return window[0] <= fact["window"][1] and fact["window"][0] <= window[1]
    return True


def _pins(fact: Fact, scope: str, window) -> bool:
    """Whether a differing value refutes: the claim names every dimension the fact carries."""
    if fact["scope"] and not scope:
        return False
    if fact["window"] and not (window and fact["window"][0] <= window[0]
                               and window[1] <= fact["window"][1]):
        return False
    return _missing(fact["position"])
