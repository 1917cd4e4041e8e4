"""Claim extraction: the ``analysis_claims`` component and the claims table.

Only sentences holding a trigger word, a known platform or review site, or a cast-like
construction are examined, so most text costs no more than tokenising it. Each examined
sentence is matched by attribute rules (premiere and production dates, renewal status,
release pattern, platforms, episode counts, cast, crew roles, review scores and counts,
viewership, chart positions, tax credits); each claim then gets its subject (work and
season), modality, certainty and attribution (``analysis.modality``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from analysis import lexicon
from analysis.dates import DateMention, find_dates
from analysis.modality import judge_modality
from analysis.names import Name, find_names, full_name, surname_index
from analysis.nlp import doc_text
from analysis.schemas import CLAIMS, DATE_ATTRIBUTES

for _ext in ("reference_date", "doc_id", "claims"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-two": 22,
}
NUM = rf"(?:\d+(?:[.,]\d+)?|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "b": 1e9}
ORDINAL_SEASONS = {"first": 1, "debut": 1, "second": 2, "sophomore": 2, "third": 3,
                   "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
SEASON = re.compile(
    rf"\b(?:season|series)[ -](?P<n>\d+|{'|'.join(NUMBER_WORDS)})\b|\bS(?P<s>\d{{1,2}})\b|"
    rf"\b(?P<o>{'|'.join(ORDINAL_SEASONS)})[ -]season\b", re.I)
EPISODES = re.compile(
    rf"(?:\ball (?P<all>{NUM}) )?(?P<n>{NUM})(?:\s*(?:to|or|-|–)\s*(?P<n2>{NUM}))?"
    r"(?:[ -](?:new|more|hour-long|half-hour))?[ -]episodes?\b", re.I)
PERCENT = re.compile(r"(?P<v>\d+(?:\.\d+)?)\s*(?:%|percent\b)")
PLAIN_NUMBER = re.compile(r"(?<![\w.])(?P<v>\d+(?:\.\d+)?)(?![\w.%])")
REVIEW_COUNT = re.compile(rf"based on (?:an? )?(?:\w+ )?(?P<n>{NUM}) (?:critic )?reviews", re.I)
VIEWERSHIP = re.compile(
    r"(?P<v>\d+(?:[.,]\d+)?)\s*(?P<mult>thousand|million|billion|[MBK]\b)?\s*"
    r"(?:(?:viewing|streaming|watch) )?(?P<unit>hours|minutes|viewers|households|views)\b", re.I)
MOST_VIEWED = re.compile(r"\bmost[- ](?:viewed|watched|streamed)\b", re.I)
CHART_TOP = re.compile(
    r"(?:#|\bNo\.\s?|\bnumber )1\b|\btop (?:spot|of [\w’' ]{0,40}?(?:charts?|Top 10|rankings?))"
    r"|\btopp(?:ing|ed) [\w’' ]{0,30}?charts?\b",
    re.I)
CHART_WEEKS = re.compile(rf"\bfor (?P<n>{NUM}) (?:straight |consecutive |running )?weeks\b", re.I)
MONEY = re.compile(r"\$\s?(?P<v>\d+(?:[.,]\d+)?)\s*(?P<mult>thousand|million|billion|[MBK]\b)?",
                   re.I)
PLATFORM_BEFORE = re.compile(
    r"(?:\b(?:on|at|to|via|onto|exclusively on|only on|streams on|streaming on)|"
    r"\bon \w+ and)\s*$", re.I)
PLATFORM_AFTER = re.compile(
    r"^(?:['’]s\s+(?:[*\"“]?(?=[A-Z])|(?:so-called\s+)?(?:lineup|slate|catalog(?:ue)?|library|"
    r"originals?|[\w-]*verse)\b)|\s+(?:original|exclusive|juggernaut|hit|series|show|drama|thriller)\b"
    r"|\s+(?:has\s+)?(?:canceled|cancelled|renewed|ordered|picked up)\b)")
POSSESSIVE_NOUN = re.compile(r"^['’]s\s+[a-z]")
WRAP_WORDS = re.compile(r"\b(?:wrap\w*|finish\w*|complet\w*)\b", re.I)
START_WORDS = re.compile(r"\b(?:start\w*|begin\w*|began|commenc\w*|kick\w* off|rolling|"
                         r"get underway|under way)\b", re.I)
CONTRARY = re.compile(r"\b(?:would have|should have|could have|made (?:far )?more sense)\b", re.I)
CONDITIONAL = re.compile(r"(?:^|[,;]\s*|\b)(?:if|unless|whether)\b", re.I)
# A quotation of four words or more, in curly or straight quotes (not a quoted title).
QUOTE = re.compile(r"“[^”]*?(?: [^ ”]+){3,}”|"
                   r"(?<![\w])\"(?=\S)[^\"\n]*?(?: [^ \"]+){3,}(?<=\S)\"(?!\w)")
ITALIC_TITLE = re.compile(r"\*(?P<t>[A-Z][^*\n]{0,60}?)\*")

_TITLES = "|".join(re.escape(t) for t in
                   sorted(lexicon.name_words("titles"), key=len, reverse=True))
DESCRIPTION = (rf"(?:(?:the|a|an)\s+)?(?:(?!(?:and|or|but|with)\b)[a-z][\w-]*\s+){{0,3}}"
               rf"(?:(?:{_TITLES})\s+)?")
ACTOR_THEN_CHARACTER = re.compile(
    r"^(?:,\s*who\s+)?\s*(?:plays|played|portrays|portrayed|stars as|starring as|as|"
    r"reprising (?:his|her|their) role as|reprises (?:his|her|their) role as|returns as|"
    r"will play|to play|is playing|playing|['’]s (?:portrayal of|performance as|turn as|role as)|"
    rf"['’]s)\s+{DESCRIPTION}$")
CHARACTER_THEN_ACTOR = re.compile(r"^\s*(?:,\s*)?(?:played|portrayed|voiced) by\s+$|^\s*\(\s*$")
ACTOR_AS_DESCRIPTION = re.compile(r"^\s+as\s+(?:an?|the)\s+[a-z]")
SHOW_WORDS = re.compile(r"\b(?:show|series|season|drama|it|spin-?off)\b", re.I)
PERFORMANCE = re.compile(
    r"^(?:['’]s\s+(?:[“\"][^”\"]{1,40}[”\"]\s+|[a-z][\w-]*\s+){0,2}"
    r"(?:performance|portrayal|turn|addition|casting|arrival)\b"
    r"|,?\s+reprising (?:his|her|their) role\b)")
SOURCE_WORKS = re.compile(r"\b(?:adapt\w*|novels?|books?|based on|written by)\b", re.I)
COMPARISON = re.compile(r"\b(?:similar to|like|unlike|rather than|compared (?:to|with)|than|"
                        r"behind|creator of|makers of)\s+(?:the\s+)?[*\"“]?$", re.I)
NAMES_WORK = re.compile(r"^(?:['’]s|\s+(?:has\s+)?(?:canceled|cancelled|renewed|ordered|"
                        r"picked up|original|series|show))?\s*[*\"“]?$")
SPIN_OFF = re.compile(r"^[*\"”’']*\s*(?:spin-?offs?|prequel|sequel|universe|franchise)\b", re.I)


@dataclass
class Sentence:
    """One sentence under examination; offsets are relative to ``text``."""

    text: str
    offset: int
    terms: list[tuple[str, str, int, int]]
    names: list[Name] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    works: list[tuple[int, int, str]] | None = None

    def labels(self) -> set[str]:
        return {t[0] for t in self.terms}

    def terms_with(self, label: str) -> list[tuple[str, str, int, int]]:
        return [t for t in self.terms if t[0] == label]


@Language.factory("analysis_claims", default_config={})
class ClaimExtractor:
    """Writes the claims of a document to ``doc._.claims`` (a list of dicts)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = claims_from_doc(doc)
        return doc


@lru_cache(maxsize=1)
def value_cues() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["attribute"], r["value"], re.compile(r["pattern"], re.I))
                 for r in lexicon.patterns("claim_cues") if r["kind"] == "value_cue")


@lru_cache(maxsize=1)
def crew_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """(attribute, role word before names, role phrase after names) per crew role."""
    out = []
    for row in lexicon.patterns("claim_cues"):
        if row["kind"] == "crew_role":
            words = "|".join(re.escape(t) for t in sorted(row["terms"], key=len, reverse=True))
            out.append((row["attribute"],
                        re.compile(rf"\b(?:{words})\s*(?:(?:is|are|was|were|:)\s+)?$", re.I),
                        re.compile(rf"^,?\s*(?:who\s+)?(?:also\s+)?(?:serves?|served|will serve|"
                                   rf"acts?|is|are|was)\s+as\s+(?:an?\s+|the\s+|co-)?(?:{words})\b",
                                   re.I)))
        elif row["kind"] == "crew_verb":
            words = "|".join(re.escape(t) for t in row["terms"])
            out.append((row["attribute"], re.compile(r"(?!x)x"),
                        re.compile(rf"^,\s*who\s+(?:also\s+)?(?:{words})\b", re.I)))
    return tuple(out)


def claims_from_doc(doc: Doc) -> list[dict]:
    """All claims in ``doc`` as dicts with the columns of ``CLAIMS`` (minus ``claim_id``)."""
    reference = doc._.reference_date or dt.date.today()
    text = doc_text(doc)
    terms = [(s.label_, s.kb_id_, s.start_char, s.end_char) for s in doc.spans["terms"]]
    known = [(t[2], t[3]) for t in terms if t[0] in ("PLATFORM", "SITE", "OUTLET", "WORK")]
    all_names = find_names(text, known)
    surnames = surname_index(all_names)
    works = _work_mentions(text, terms, all_names)
    main_work = Counter(t[1] for t in terms if t[0] == "WORK").most_common(1) or \
        Counter(w for _, _, w in works).most_common(1)
    context = {
        "reference": reference, "surnames": surnames, "works": works,
        "main_work": main_work[0][0] if main_work else "", "quotes": _spans(QUOTE, text),
        "doc_id": doc._.doc_id or "", "names": all_names,
    }
    claims: list[dict] = []
    last_season = None
    position = 0
    all_seasons = _seasons(text)
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if "\n" in text[max(0, start - 2):start]:
            last_season = None  # a new paragraph
        while position < len(terms) and terms[position][3] <= start:
            position += 1
        sent_terms = []
        for t in terms[position:]:
            if t[2] >= end:
                break
            sent_terms.append((t[0], t[1], t[2] - start, t[3] - start))
        sentence = Sentence(text[start:end], start, sent_terms)
        seasons = [(s - start, e - start, n, work) for s, e, n in all_seasons
                   if start <= s < end
                   and (work := _season_work(sentence, s - start, context)) is not None]
        if _worth_a_look(sentence):
            found = _sentence_claims(sentence, all_names, context)
            for claim in found:
                _complete(claim, sentence, seasons, last_season, context)
            claims.extend(found)
        if seasons:
            last_season = seasons[-1]
    return claims


def _worth_a_look(sentence: Sentence) -> bool:
    if any(label.startswith("TRIGGER_") or label in ("PLATFORM", "SITE")
           for label in sentence.labels()):
        return True
    return "(" in sentence.text or "’s" in sentence.text or "'s" in sentence.text


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _work_mentions(text: str, terms, names: list[Name]) -> list[tuple[int, int, str]]:
    """Known works (not inside a longer person's name), plus italic titles as works."""
    multi = [(n.start, n.end) for n in names if n.n_words >= 2]
    mentions = [(s, e, canonical) for label, canonical, s, e in terms if label == "WORK"
                and not any(ns <= s and e <= ne and (ns, ne) != (s, e) for ns, ne in multi)]
    for match in ITALIC_TITLE.finditer(text):
        s, e = match.span("t")
        if not any(ms <= s < me for ms, me, _ in mentions):
            mentions.append((s, e, slug(match.group("t"))))
    return sorted(mentions)


def slug(title: str) -> str:
    """A work id from its title: lowercase words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


def _seasons(text: str) -> list[tuple[int, int, int]]:
    out = []
    for m in SEASON.finditer(text):
        raw = m.group("n") or m.group("s")
        number = (int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw.lower())) if raw \
            else ORDINAL_SEASONS[m.group("o").lower()]
        if number:
            out.append((m.start(), m.end(), number))
    return out


def _sentence_claims(sentence: Sentence, all_names: list[Name], context: dict) -> list[dict]:
    s0, s1 = sentence.offset, sentence.offset + len(sentence.text)
    sentence.names = [Name(n.start - s0, n.end - s0, n.text, n.title)
                      for n in all_names if s0 <= n.start and n.end <= s1]
    labels = sentence.labels()
    claims: list[dict] = []
    if labels & {"TRIGGER_PREMIERE", "TRIGGER_PRODUCTION"}:
        sentence.dates = find_dates(sentence.text, context["reference"])
        claims += _date_claims(sentence)
    if "TRIGGER_RENEWAL" in labels or "TRIGGER_RELEASE_PATTERN" in labels:
        claims += _cue_claims(sentence)
    if "PLATFORM" in labels:
        claims += _platform_claims(sentence)
    if "TRIGGER_EPISODES" in labels:
        claims += _episode_claims(sentence)
    if sentence.names:
        claims += _cast_claims(sentence, context["surnames"])
        if "TRIGGER_CREW" in labels:
            claims += _crew_claims(sentence, context["surnames"])
    if "SITE" in labels:
        claims += _review_claims(sentence)
    if "TRIGGER_VIEWERSHIP" in labels:
        claims += _viewership_claims(sentence)
    if "TRIGGER_CHART" in labels or "#1" in sentence.text:
        claims += _chart_claims(sentence)
    if "TRIGGER_TAX" in labels:
        claims += _tax_claims(sentence)
    return _deduplicate(claims)


def _claim(attribute: str, value: str, start: int, end: int, rule: str, *, qualifier: str = "",
           work_at: int | None = None, anchor: int | None = None) -> dict:
    """A claim found in a sentence (offsets relative to it). ``work_at``: where the work it
    is about is named, when the rule knows ("who also helm <work>"); ``anchor``: the
    trigger word that modality cues are measured from."""
    return {"attribute": attribute, "value": value, "qualifier": qualifier, "start": start,
            "end": end, "rule": rule, "work_at": work_at,
            "anchor": start if anchor is None else anchor}


def _nearest_trigger(sentence: Sentence, position: int, labels: tuple[str, ...]):
    best = None
    for label, _canonical, s, e in sentence.terms:
        if label in labels:
            distance = s - position if s >= position else position - e
            if best is None or distance < best[0]:
                best = (distance, label, s)
    return best


def _date_claims(sentence: Sentence) -> list[dict]:
    claims = []
    for date in sentence.dates:
        before = sentence.text[max(0, date.start - 8):date.start].lower()
        if "as of" in before or "since" in before:
            continue
        nearest = _nearest_trigger(sentence, date.start,
                                   ("TRIGGER_PREMIERE", "TRIGGER_PRODUCTION"))
        if nearest is None or nearest[0] > 80:
            continue
        if nearest[1] == "TRIGGER_PREMIERE":
            claims.append(_claim("premiere_date", date.value, date.start, date.end,
                                 "date-near-premiere-word", anchor=nearest[2]))
        else:
            window = sentence.text[:date.start].lower()
            phase = ("wrap" if WRAP_WORDS.search(window[-60:])
                     else "start" if START_WORDS.search(window[-80:]) else "filming")
            claims.append(_claim("production_period", date.value, date.start, date.end,
                                 "date-near-production-word", qualifier=phase, anchor=nearest[2]))
    return claims


def _cue_claims(sentence: Sentence) -> list[dict]:
    claims = []
    for attribute, value, pattern in value_cues():
        for m in pattern.finditer(sentence.text):
            head = sentence.text[:m.start()]
            if attribute == "renewal_status" and (
                    _conditional_clause(head) or not (SHOW_WORDS.search(sentence.text) or
                                                       "WORK" in sentence.labels()) or
                    any(d.start >= m.start() and d.start - m.end() < 40 for d in sentence.dates)):
                continue
            if attribute == "release_pattern" and CONTRARY.search(head):
                continue
            claims.append(_claim(attribute, value, m.start(), m.end(), f"cue-{value}"))
            break
    renewal = [c for c in claims if c["attribute"] == "renewal_status"]
    return [c for c in claims if c["attribute"] != "renewal_status"] + renewal[:1]


def _conditional_clause(head: str) -> bool:
    """True when the text before a cue opens an if/whether clause not yet closed by a comma."""
    opened = [m.end() for m in CONDITIONAL.finditer(head)]
    return bool(opened) and "," not in head[opened[-1]:]


def _platform_claims(sentence: Sentence) -> list[dict]:
    claims = []
    for _label, canonical, s, e in sentence.terms_with("PLATFORM"):
        before, after = sentence.text[max(0, s - 30):s], sentence.text[e:e + 40]
        if PLATFORM_AFTER.search(after) or (
                PLATFORM_BEFORE.search(before) and not POSSESSIVE_NOUN.match(after)):
            claims.append(_claim("platform", canonical, s, e, "platform-link"))
    return claims


def _number(raw: str) -> float:
    raw = raw.lower()
    return float(NUMBER_WORDS[raw]) if raw in NUMBER_WORDS else float(raw.replace(",", ""))


def _amount(match: re.Match) -> float:
    """The number of a ``v``/``mult`` match: "2.5 billion" -> 2.5e9."""
    multiplier = MULTIPLIERS.get((match.group("mult") or "").lower(), 1)
    return float(match.group("v").replace(",", "")) * multiplier


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _episode_claims(sentence: Sentence) -> list[dict]:
    claims = []
    for m in EPISODES.finditer(sentence.text):
        low = _number(m.group("n"))
        value = _fmt(low)
        if m.group("n2"):
            value = f"{_fmt(low)}-{_fmt(_number(m.group('n2')))}"
        claims.append(_claim("episode_count", value, m.start("n"),
                             m.end("n2") if m.group("n2") else m.end("n"), "number-episodes"))
    return claims


def _cast_claims(sentence: Sentence, surnames: dict[str, str]) -> list[dict]:
    text, names = sentence.text, sentence.names
    claims = []
    has_cast_word = "TRIGGER_CAST" in sentence.labels()
    for first, second in zip(names, names[1:], strict=False):
        between = text[first.end:second.start]
        if ACTOR_THEN_CHARACTER.match(between):
            possessive = between.lstrip().startswith(("'", "’"))
            character_words = len(full_name(second.text, surnames).split())
            if possessive and (SOURCE_WORKS.search(text[:first.start])
                               or not (has_cast_word or character_words >= 2 or second.title)):
                continue
            actor, character = first, second
        elif CHARACTER_THEN_ACTOR.match(between):
            character, actor = first, second
        else:
            continue
        claims.append(_claim("cast", full_name(actor.text, surnames), actor.start, actor.end,
                             "actor-character-pair",
                             qualifier=full_name(character.text, surnames)))
    paired = {c["start"] for c in claims}
    for name in names:
        after = text[name.end:]
        if name.start not in paired and (PERFORMANCE.match(after) or (
                has_cast_word and ACTOR_AS_DESCRIPTION.match(after))):
            claims.append(_claim("cast", full_name(name.text, surnames), name.start,
                                 name.end, "actor-as-description"))
    return claims


def _crew_claims(sentence: Sentence, surnames: dict[str, str]) -> list[dict]:
    text, names = sentence.text, sentence.names
    claims = []
    for attribute, before_names, after_names in crew_patterns():
        i = 0
        while i < len(names):
            group = _name_list(text, names, i)
            i += len(group)
            if before_names.search(text[:group[0].start]):
                rule, work_at = "role-then-names", None
            elif match := after_names.match(text[group[-1].end:]):
                rule, work_at = "names-then-role", group[-1].end + match.end()
            else:
                continue
            for member in group:
                claims.append(_claim(attribute, full_name(member.text, surnames), member.start,
                                     member.end, rule, work_at=work_at))
    return claims


def _joined(text: str, first: Name, second: Name) -> bool:
    return re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", text[first.end:second.start]) is not None


def _name_list(text: str, names: list[Name], i: int) -> list[Name]:
    """Names joined to ``names[i]`` by commas, "and" or "&"."""
    group = [names[i]]
    for nxt in names[i + 1:]:
        if not _joined(text, group[-1], nxt):
            break
        group.append(nxt)
    return group


@lru_cache(maxsize=1)
def point_scored_sites() -> frozenset[str]:
    """Review sites whose scores are points, not percentages ("an 81 Metascore")."""
    return frozenset(r["id"] for r in lexicon.patterns("terms") if r.get("scale") == "points")


def _review_claims(sentence: Sentence) -> list[dict]:
    """A score next to each review site (before it, else just after), and "based on N
    reviews" counts attributed to the nearest site."""
    text = sentence.text
    claims = []
    previous_end = 0
    for _label, site, s, e in sentence.terms_with("SITE"):
        window = max(previous_end, s - 45)
        found = list(PERCENT.finditer(text, window, s))
        if not found and site in point_scored_sites():
            found = list(PLAIN_NUMBER.finditer(text, max(window, s - 12), s))
        if not found:
            m = PERCENT.search(text, e, e + 40) or PLAIN_NUMBER.search(text, e, e + 25)
            found = [m] if m and not REVIEW_COUNT.match(text, m.start()) else []
        previous_end = e
        if found:
            start, end = found[-1].span("v")
            claims.append(_claim("review_score", _fmt(float(text[start:end])), start, end,
                                 "number-near-review-site", qualifier=site))
    sites = sentence.terms_with("SITE")
    for m in REVIEW_COUNT.finditer(text):
        site = min(sites, key=lambda t: abs(t[2] - m.start()))[1] if sites else ""
        claims.append(_claim("review_count", _fmt(_number(m.group("n"))), m.start("n"),
                             m.end("n"), "based-on-n-reviews", qualifier=site))
    return claims


def _viewership_claims(sentence: Sentence) -> list[dict]:
    claims = []
    for m in VIEWERSHIP.finditer(sentence.text):
        claims.append(_claim("viewership", _fmt(_amount(m)), m.start(), m.end(), "number-unit",
                             qualifier=m.group("unit").lower()))
    for m in MOST_VIEWED.finditer(sentence.text):
        claims.append(_claim("viewership", "1", m.start(), m.end(), "most-viewed",
                             qualifier="rank"))
    return claims


def _chart_claims(sentence: Sentence) -> list[dict]:
    claims = []
    platform = next((t[1] for t in sentence.terms_with("PLATFORM")), "")
    for m in CHART_TOP.finditer(sentence.text):
        claims.append(_claim("chart_position", "1", m.start(), m.end(), "number-one",
                             qualifier=platform))
    for m in CHART_WEEKS.finditer(sentence.text):
        claims.append(_claim("chart_weeks", _fmt(_number(m.group("n"))), m.start("n"), m.end(),
                             "for-n-weeks", qualifier=platform))
    return claims


def _tax_claims(sentence: Sentence) -> list[dict]:
    claims = []
    for m in MONEY.finditer(sentence.text):
        claims.append(_claim("tax_credit", _fmt(_amount(m)), m.start(), m.end(),
                             "money-tax-credit"))
    return claims


def _deduplicate(claims: list[dict]) -> list[dict]:
    seen, out = set(), []
    for claim in claims:
        key = (claim["attribute"], claim["value"], claim["qualifier"], claim["start"],
               claim["work_at"])
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _complete(claim: dict, sentence: Sentence, seasons, last_season, context: dict) -> None:
    """Fill subject, offsets, modality and attribution of a claim found in ``sentence``."""
    offset = sentence.offset
    position = claim.pop("work_at")
    named = [] if position is None else [
        w for s, _e, w in context["works"] if 0 <= s - sentence.offset - position <= 6]
    claim["work"] = named[0] if named else _work_of(claim, sentence, context)
    claim["season"] = _season_of(claim, seasons, last_season)
    claim["value_text"] = sentence.text[claim["start"]:claim["end"]]
    claim["sentence"] = sentence.text
    claim.update(judge_modality(sentence, claim, context))
    claim["start"] += offset
    claim["end"] += offset
    claim["doc_id"] = context["doc_id"]
    claim.pop("anchor")


def _mentions(sentence: Sentence, context: dict) -> list[tuple[int, int, str]]:
    """Works named in the sentence (offsets relative to it), minus mere comparisons
    ("similar to X", "the mind behind X") and other works' spin-offs ("the X spin-off")."""
    if sentence.works is None:
        offset, text = sentence.offset, sentence.text
        sentence.works = [(s - offset, e - offset, w) for s, e, w in context["works"]
                          if offset <= s < offset + len(text)
                          and not COMPARISON.search(text[max(0, s - offset - 30):s - offset])
                          and not SPIN_OFF.match(text[e - offset:])]
    return sentence.works


def _work_before(sentence: Sentence, position: int, context: dict) -> str:
    before = [w for s, _e, w in _mentions(sentence, context) if s < position]
    return before[-1] if before else context["main_work"]


def _season_work(sentence: Sentence, position: int, context: dict) -> str | None:
    """The work a season mention belongs to: one named just before it ("X Season 3", "X's
    second season"), else the nearest before; None for someone else's ("Y's Season 3")."""
    offset, text = sentence.offset, sentence.text
    for s, e, work in context["works"]:
        if offset <= s and 0 <= position - (e - offset) <= 4 and \
                re.fullmatch(r"[*\"”]?(?:['’]s)?\s*", text[e - offset:position]):
            return work
    if re.search(r"['’]s\s*$", text[:position]):
        return None
    return _work_before(sentence, position, context)


def _work_of(claim: dict, sentence: Sentence, context: dict) -> str:
    """The work a claim is about: one named right after the value, else the nearest one
    named before it in the sentence, else the document's main work."""
    after = [w for s, _e, w in _mentions(sentence, context)
             if 0 <= s - claim["end"] <= 24 and NAMES_WORK.match(
                 sentence.text[claim["end"]:s])]
    return after[0] if after else _work_before(sentence, claim["start"], context)


def _season_of(claim: dict, seasons: list, last_season) -> int | None:
    """The season of the claim's work named nearest to it in the sentence (for a renewal:
    the latest one named), else the last one named earlier in the paragraph."""
    own = [s for s in seasons if s[3] == claim["work"]]
    if own and claim["attribute"] == "renewal_status":
        return max(s[2] for s in own)
    if own:
        return min(own, key=lambda s: abs(s[0] - claim["start"]))[2]
    if last_season is not None and last_season[3] == claim["work"]:
        return last_season[2]
    return None


def claim_id(claim: dict) -> str:
    """A stable id: a hash of document, work, attribute, value and position."""
    key = "|".join(str(claim[k]) for k in ("doc_id", "work", "attribute", "value", "qualifier",
                                            "start", "end"))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def extract_claims(documents: pd.DataFrame, nlp: Language, as_of: dt.date) -> pd.DataFrame:
    """Claims of every usable English document.

    ``documents`` is the documents table; dates resolve against each document's
    ``published`` date, or ``as_of`` for undated documents. Returns the claims table
    (``analysis.schemas.CLAIMS``), sorted by document and position.
    """
    rows = []
    usable = documents[(documents["status"] == "ok") & (documents["language"].isin(["en", "und"]))]
    for doc_id, text, published in zip(usable["doc_id"], usable["text"], usable["published"],
                                       strict=True):
        doc = nlp.make_doc(text)
        doc.user_data["text"] = text
        doc._.doc_id = doc_id
        doc._.reference_date = published.date() if pd.notna(published) else as_of
        for _name, process in nlp.pipeline:
            doc = process(doc)
        rows.extend(doc._.claims)
    rows = list({claim_id(r): r for r in rows}.values())  # a claim found twice counts once
    claims = pd.DataFrame(rows, columns=[c for c in CLAIMS.columns if c not in
                                         ("claim_id", "subject", "date_lo", "date_hi")])
    claims.insert(0, "claim_id", [claim_id(r) for r in rows])
    claims.insert(2, "subject", [subject(w, s) for w, s in zip(claims["work"], claims["season"],
                                                               strict=True)])
    bounds = [value.split("/") if attribute in DATE_ATTRIBUTES else [None]
              for attribute, value in zip(claims["attribute"], claims["value"], strict=True)]
    claims["date_lo"] = pd.to_datetime([b[0] for b in bounds]).astype("datetime64[s]")
    claims["date_hi"] = pd.to_datetime([b[-1] for b in bounds]).astype("datetime64[s]")
    claims = claims.sort_values(["doc_id", "start", "end", "attribute", "value"], kind="stable")
    claims = claims.astype({"season": "Int64", "start": "int64", "end": "int64",
                            "certainty": "float64", "prediction": "bool"})
    return CLAIMS.validate(claims.reset_index(drop=True))


def subject(work: str, season) -> str:
    """``work`` plus ``S{season}`` when the season is known, e.g. ``show S2``."""
    return f"{work} S{int(season)}" if pd.notna(season) else work
