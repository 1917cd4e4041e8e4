"""How a claim is put: modality, certainty and attribution.

Modality, first that applies: ``question`` (the sentence asks), ``quoted`` (inside a
quotation), ``negated`` (a negation just before it), ``hedged`` (a hedge word in the
sentence), ``predicted`` (about the future without a hedge), ``asserted``.

Certainty is the probability a reader is meant to attach to the claim, from Sherman Kent's
table of estimative words (Kent 1964, "Words of Estimative Probability", Studies in
Intelligence 8(4)): almost certain 0.93, probable 0.75, chances about even 0.50,
probably not 0.30, almost certainly not 0.07. Each hedge word's category is data
(``patterns/modality.jsonl``); a plain statement counts as "almost certain", a question
as "chances about even", and several hedges as the most cautious one.
"""

from __future__ import annotations

import re

from analysis import lexicon
from analysis.regexes import gated
from analysis.schemas import DATE_ATTRIBUTES

# "according to (a new report out today) from X", "a report (this week) by X", "per X".
BEFORE_SOURCE = gated(
    r"\b(?:according to(?: [\w-]+){0,5}? (?:from|by|in|with)|according to|per|reported by|"
    r"told|in an interview with|speaking (?:to|with)|(?:as )?confirmed by|"
    r"(?:a|an|the) (?:\w+ )?(?:report|interview|story|article)(?: [\w-]+){0,3}? (?:from|by|in)|"
    r"citing)\s+$", re.I)
AFTER_SOURCE = gated(
    r"^\s*(?:has |have |had )?(?:reported|reports|confirmed|confirms|announced|announces|"
    r"revealed|reveals|said|says|noted|notes|wrote|writes|told)\b", re.I)
NOT_JUST = gated(r"\s+(?:just|only|merely)\b", re.I)


def judge_modality(sentence, claim: dict, context: dict) -> dict:
    """Modality, certainty, attribution, hedge cue and prediction flag of one claim.

    ``sentence`` is an ``analysis.extract.Sentence``; claim offsets are relative to it.
    """
    kent = lexicon.kent_scale()
    text = sentence.text
    anchor = min(claim["anchor"], claim["start"])
    hedges = sentence.terms_with("HEDGE")
    negations = [t for t in sentence.terms_with("NEGATION")
                 if 0 <= anchor - t[3] <= 30 and "," not in text[t[3]:anchor]
                 and not NOT_JUST.match(text[t[3]:])]
    absolute = sentence.offset + claim["start"]
    quoted = next(((s, e) for s, e in context["quotes"] if s <= absolute < e), None)
    future = _about_future(claim, context["reference"])
    predicted = future or bool(sentence.terms_with("PREDICT"))

    if text.rstrip(" *\"”’'").endswith("?"):
        modality, certainty = "question", kent["even"]
    elif quoted:
        modality = "quoted"
        certainty = min((kent[t[1]] for t in hedges), default=kent["almost_certain"])
    elif negations and claim["attribute"] != "renewal_status":
        modality, certainty = "negated", kent["almost_certain"]
    elif hedges:
        modality, certainty = "hedged", min(kent[t[1]] for t in hedges)
    elif predicted:
        modality, certainty = "predicted", kent["almost_certain"]
    else:
        modality, certainty = "asserted", kent["almost_certain"]
    attribution = _speaker(quoted, context) if quoted else ""
    return {
        "modality": modality,
        "certainty": certainty,
        "hedge": ", ".join(sorted({text[s:e].lower() for _l, _c, s, e in hedges})),
        "attribution": attribution or _source(sentence),
        "prediction": bool(future or (predicted and modality in ("hedged", "predicted"))),
    }


def _about_future(claim: dict, reference) -> bool:
    if claim["attribute"] not in DATE_ATTRIBUTES:
        return False
    low = claim["value"].split("/")[0]
    return low > reference.isoformat()


def _source(sentence) -> str:
    """Who the sentence attributes its content to: an outlet or a named person (found
    once per sentence, kept in ``sentence.source``)."""
    if sentence.source is None:
        sentence.source = _find_source(sentence)
    return sentence.source


def _find_source(sentence) -> str:
    outlets = sorted((s, e, canonical) for label, canonical, s, e in sentence.terms
                     if label == "OUTLET")
    people = [(n.start, n.end, n.text) for n in sentence.names]
    for start, end, source in outlets + people:  # "X told <outlet>": the outlet
        if BEFORE_SOURCE.search(sentence.text[max(0, start - 60):start]) or \
                AFTER_SOURCE.match(sentence.text[end:]):
            return source
    return ""


def _speaker(quote: tuple[int, int], context: dict) -> str:
    """The person most recently named before a quotation."""
    start = quote[0]
    names = [n for n in context.get("names", []) if n.end <= start and n.n_words >= 2]
    return names[-1].text if names else ""
