"""Claim extraction: the ``analysis_claims`` component and the claims table.

Only sentences holding a trigger word, a known platform or review site, or a cast-like
construction are examined, so most text costs no more than tokenising it. Each examined
sentence goes to the parsers the attribute registry (``data/attributes.yaml``,
``analysis.registry``) names for the labels it holds: dates, value cues (renewal status,
release pattern), platforms, episode counts, cast, crew roles, review scores and counts,
viewership, charts, tax credits. Each claim then gets its subject (work and season, and how
the work was found: ``subject_evidence``), modality, certainty and attribution
(``analysis.modality``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc
from text_to_num import text2num

from analysis import lexicon, registry
from analysis.dates import DateMention, find_dates
from analysis.modality import judge_modality
from analysis.names import Name, find_names, full_name, inside, surname_index
from analysis.nlp import NAME_RULER, doc_text
from analysis.nlp import terms as nlp_terms
from analysis.regexes import gated
from analysis.schemas import CLAIMS, DATE_ATTRIBUTES, empty_table

for _ext in ("reference_date", "doc_id", "claims", "title_works", "title_season"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

# Number words up to ninety-nine ("ten", "twenty-two"), parsed by text2num.
_UNITS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
          "fifteen|sixteen|seventeen|eighteen|nineteen")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER_WORD = rf"(?:(?:{_TENS})(?:-(?:{_UNITS}))?|{_UNITS})"
NUM = rf"(?:\d+(?:[.,]\d+)?|{NUMBER_WORD})"
MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "b": 1e9}
ORDINAL_SEASONS = {"first": 1, "debut": 1, "second": 2, "sophomore": 2, "third": 3,
                   "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
                   "tenth": 10}
SEASON = gated(
    rf"\b(?:season|series)[ -](?P<n>\d+|{NUMBER_WORD})\b|\bS(?P<s>\d{{1,2}})\b|"
    rf"\b(?P<o>{'|'.join(ORDINAL_SEASONS)})[ -]season\b", re.I)
EPISODES = gated(
    rf"(?:\ball (?P<all>{NUM}) )?(?P<n>{NUM})(?:\s*(?:to|or|-|–)\s*(?P<n2>{NUM}))?"
    r"(?:[ -](?:new|more|hour-long|half-hour))?[ -]episodes?\b", re.I)
# "the first three episodes", "in two episodes", "four episodes in": a part of a season,
# an appearance or progress, not the season's length.
EPISODE_PART_BEFORE = gated(
    r"\b(?:first|last|final|opening|closing|next|remaining|initial|other|those|these|"
    r"in|of|after|over)\s+(?:the\s+)?$", re.I)
EPISODE_PART_AFTER = gated(r"^\s+(?:in\b|into\b|of\b|so far\b|left\b)")
# A date that measures or bounds something else: "as of June 5", "the week of Feb. 9".
DATE_NOT_EVENT = gated(r"\b(?:as of|since|week of|weeks of|until|through|and|as soon as)\s+$|"
                       r"^[A-Z][A-Z .]+,\s*$", re.I)
# Events whose dates are not premiere or production dates.
OTHER_EVENT = gated(
    r"\b(?:renew\w*|green[- ]?l\w*|confirm\w*|announc\w*|reveal\w*|unveil\w*|order\w*|"
    r"picked up|cancel\w*|report\w*|said|says|told|event|signed|cast|hired|joined|halt\w*|"
    r"shut\w*|stop\w*|suspend\w*|delay\w*|strikes?|paus\w*)\b", re.I)
# A sentence about a person's other credits: "best known for", "the 2011 film", "fresh off".
OTHER_WORK_CUE = gated(
    r"\b(?:film|movie|known for|best known|previously|formerly|also (?:appeared|starred|seen)|"
    r"can also be seen|opposite|co-stars?|alums?|veteran of|fresh off|credits include|"
    r"spin-?offs?|franchise|novels?|books?)\b", re.I)
OTHER_WORK_BEFORE = gated(r"\b(?:film|movie|documentary|novel|book)\s+(?:\w+\s+){0,3}$",
                          re.I)
ALONG_WITH = gated(r"\b(?:alongside|along with)\s*$", re.I)
CLAUSE_BREAK = gated(r",\s*(?:and|but|while|though|whereas)\b|;|\s[—–]\s")
# A season released in parts: "the remaining five", "the back half".
RELEASE_IN_PARTS = gated(r"\b(?:remaining|the rest of|back half|second half|first half|"
                         r"part (?:one|two|1|2))\b", re.I)
POLAR_QUESTION = gated(
    r"^\W*(?:is|are|was|were|has|have|had|will|would|does|do|did|can|could|should)\b"
    r"[^?]*\?\W*$", re.I)
PERCENT = gated(r"(?P<v>\d+(?:\.\d+)?)\s*(?:%|percent\b)")
PLAIN_NUMBER = gated(r"(?<![\w.])(?P<v>\d+(?:\.\d+)?)(?![\w.%])")
REVIEW_COUNT = gated(rf"based on (?:an? )?(?:\w+ )?(?P<n>{NUM}) (?:critic )?reviews", re.I)
VIEWERSHIP = gated(
    r"(?P<v>\d+(?:[.,]\d+)?)\s*(?P<mult>thousand|million|billion|[MBK]\b)?\s*"
    r"(?:(?:viewing|streaming|watch) )?(?P<unit>hours|minutes|viewers|households|views)\b", re.I)
LIST_OF = gated(r"\b(?:list|chart|ranking|rankings)s? of (?:the )?$", re.I)
MOST_VIEWED = gated(r"\bmost[- ](?:viewed|watched|streamed)\b", re.I)
CHART_TOP = gated(
    r"(?:#|\bNo\.\s?|\bnumber )1\b|\btop (?:spot|of [\w’' ]{0,40}?(?:charts?|Top 10|rankings?))"
    r"|\btopp(?:ing|ed) [\w’' ]{0,30}?charts?\b",
    re.I)
CHART_WEEKS = gated(rf"\b(?:for (?P<n>{NUM}) (?:straight |consecutive |running )?|"
                    rf"(?P<m>{NUM}) (?:straight|consecutive|running) )weeks\b", re.I)
CHART_RANK = gated(r"(?:#|\bNo\.\s?|\bnumber )(?P<n>[2-9]|[1-9]\d)\b(?=\s+(?:on|in|spot|"
                   r"place|position|slot|of)\b)|\b(?P<o>second|third|fourth|fifth|sixth|"
                   r"seventh|eighth|ninth|tenth) place\b", re.I)
MONEY = gated(r"\$\s?(?P<v>\d+(?:[.,]\d+)?)\s*(?P<mult>thousand|million|billion|[MBK]\b)?",
              re.I)
PLATFORM_BEFORE = gated(
    r"(?:\b(?:on|at|to|via|onto|exclusively on|only on|streams on|streaming on|history of|"
    r"produced for|made for|hits|hit)|\b(?:on|to) (?:both )?(?:[\w+]+ ){1,3}(?:and|or))\s*$",
    re.I)
PLATFORM_AFTER = gated(
    r"^(?:['’]s\s+(?:so-called\s+)?(?:lineup|slate|catalog(?:ue)?|library|originals?|"
    r"[\w-]*verse|most[- ](?:watched|viewed|streamed|popular)|biggest|history|"
    r"(?:[a-z-]+\s+)?(?:drama|series|show|thriller|comedy|hit))\b|"
    r"\s+(?:[a-z-]+\s+)?(?:original|exclusive|juggernaut|hit|series|show|drama|thriller|"
    r"comedy|sensation|smash|favou?rite|history|deal)\b)")
# "Hulu's Dark Harbor": the platform of the title that follows, checked in code.
PLATFORM_POSSESSIVE_TITLE = gated(r"^['’]s\s+(?:(?:hit|new|own|acclaimed|[a-z]+-?[a-z]*)"
                                  r"\s+){0,3}[*\"“]?(?=[A-Z])")
POSSESSIVE = gated(r"^['’]s\b")
WRAP_WORDS = gated(r"\b(?:wrap\w*|finish\w*|complet\w*)\b", re.I)
START_WORDS = gated(r"\b(?:start\w*|begin\w*|began|commenc\w*|kick\w* off|rolling|"
                    r"get underway|under way)\b", re.I)
# A counterfactual: "would have made more sense to release it weekly".
CONTRARY = gated(r"\b(?:would have|should have|could have|might have)\b", re.I)
CONDITIONAL = gated(r"(?:^|[,;]\s*|\b)(?:if|unless|whether)\b", re.I)
# A quotation of four words or more, in curly or straight quotes (not a quoted title).
# (The opening mark comes before the check of what precedes it, so the regex engine can
# skip ahead to quotation marks.)
QUOTE = gated(r"“[^”]*?(?: [^ ”]+){3,}”|"
              r"\"(?<!\w\")(?=\S)[^\"\n]*?(?: [^ \"]+){3,}(?<=\S)\"(?!\w)")
ITALIC_TITLE = gated(r"\*(?P<t>[A-Z][^*\n]{0,60}?)\*")

_TITLES = "|".join(re.escape(t) for t in
                   sorted(lexicon.name_words("titles"), key=len, reverse=True))
DESCRIPTION = (rf"(?:(?:the|a|an)\s+)?"
               rf"(?:(?!(?:and|or|but|with)\b)(?:[a-z][\w-]*|[A-Z]{{2,4}})\s+){{0,3}}"
               rf"(?:(?:{_TITLES})\s+)?")
ACTOR_THEN_CHARACTER = gated(
    r"^(?:,\s*who\s+(?:has\s+|have\s+)?)?\s*(?:plays|played|portrays|portrayed|stars as|"
    r"starring as|as|"
    r"reprising (?:his|her|their) role as|reprises (?:his|her|their) role as|returns as|"
    r"will play|to play|is playing|playing|['’]s (?:portrayal of|performance as|turn as|role as)|"
    rf"['’]s)\s+{DESCRIPTION}$")
CHARACTER_THEN_ACTOR = gated(r"^\s*(?:,\s*)?(?:played|portrayed|voiced) by\s+$")
PARENTHESIS = gated(r"\s*\(\s*")
# "A's X novels", "B's X comedy": the possessed title is another work, not a character.
OTHER_WORK_NOUN = gated(r"^\s+(?:novels?|books?|comedy|drama|series|show|film|movie|"
                        r"franchise|universe|thriller|sitcom|procedural|saga)\b", re.I)
# "... as DA investigator Neil Bishop": the name after "as" is a character.
AS_DESCRIPTION_BEFORE = gated(
    r"\bas\s+(?:(?!(?:and|or|but|with|while)\b)(?:[a-z][\w-]*|[A-Z]{2,4})\s+){0,4}$")
ACTOR_AS_DESCRIPTION = gated(r"^\s+as\s+(?:an?|the)\s+[a-z]")
# A list of names is a cast list when a casting word governs it: one just before
# ("starring A, B and C", "newcomers include A and B") or just after ("A and B return").
CAST_BEFORE = gated(
    r"\b(?:stars?|starred|starring|co-stars?|includes?|included|including|adds?|added|"
    r"newcomers?|alongside|led by|joined by|cast|features?|featured|featuring|welcomes?|"
    r"regulars?|ensemble)\s*(?:(?:the|a|an|also|again|returning|new|series|regulars?|"
    r"newcomers?|cast|members?|of|are|is|were|was)\s+){0,3}[:—–-]?\s*$|"
    r"\b(?:team|ensemble|lineup|cast)\b[^.:;]{0,20}:\s*$", re.I)
CAST_AFTER = gated(
    r"^\s*,?\s*(?:who\s+)?(?:(?:also|all|both|will|would|are|is|were|was|each|again|too|be|"
    r"been|has|have|set to|expected to|expected|to)\s+){0,4}(?:returns?|returning|back|rejoins?|"
    r"rejoined|joins?|plays?|played|portrays?|portrayed|made a (?:\w+ )?cameo|"
    r"joined|joining|reprises?|reprising|stars?(?!\s+(?-i:[A-Z]))|starred|co-stars?|rounds? out|"
    r"headlines?|leads?|led)\b", re.I)
# "A, B and C all carry the show": three names or more that "all" do something together.
ENSEMBLE_AFTER = gated(r"^\s+(?:all|both)\s+[a-z]+")
CLAUSE_END = gated(r"[,;:.]|\s[—–]\s")
# An aside between a name and what is said of it: "A (X) returns", "A, who played X, returns".
ASIDE = gated(r"^\s*\([^()]{1,40}\)|^,\s*(?:who|whose|best known|known|fresh off|"
              r"a veteran of|of)\s[^,]{1,80},")
CREW_WORDS = gated(r"\b(?:produc(?:er|ers|es|ed|ing)|direct(?:ors?|s|ed|ing)|writers?|"
                   r"written by|screenwriters?|"
                   r"showrunners?|co-showrunners?|creators?|composers?|"
                   r"cinematographers?|created|credits?)\b", re.I)
# "X is back", "returns", "once again": a claim about the season an article announces.
RETURN_CUE = gated(r"\b(?:back|returns?|returning|again|reprises?|reprising|rejoins?)\b",
                   re.I)
OTHER_TITLE = "\x00other"  # the work of "Y season 2" when the truth does not know Y
SHOW_WORDS = gated(r"\b(?:show|series|season|drama|it|spin-?off)\b", re.I)
PERFORMANCE = gated(
    r"^(?:['’]s\s+(?:[“\"][^”\"]{1,40}[”\"]\s+|[a-z][\w-]*\s+){0,2}"
    r"(?:performance|portrayal|turn|addition|casting|arrival)\b"
    r"|,?\s+reprising (?:his|her|their) role\b)")
SOURCE_WORKS = gated(r"\b(?:adapt\w*|novels?|books?|based on|written by)\b", re.I)
COMPARISON = gated(r"\b(?:similar to|like|unlike|rather than|compared (?:to|with)|than|"
                   r"behind|creator of|makers of)\s+(?:the\s+)?[*\"“]?$", re.I)
NAMES_WORK = gated(r"^(?:['’]s|\s+(?:has\s+)?(?:canceled|cancelled|renewed|ordered|"
                   r"picked up|original|series|show))?\s*[*\"“]?$")
SLUG_WORD = gated(r"[a-z0-9]+")
LETTER_WORD = gated(r"[^\W\d_][\w'’-]*")
JOINED = gated(r"\)?\s*(?:,|,?\s*and|&)\s*")  # between two names of a list
TITLE_THEN_SEASON = gated(r"[*\"”]?(?:['’]s)?\s*")  # "X's Season 3", "*X* Season 3"
OTHER_WORK_SEASON = gated(r"(?<!\bshow)(?<!\bseries)['’]s\s*$|\w[\"”*]\s*$")
CAPITALISED_BEFORE = gated(r"\b([A-Z][\w'’-]+)\s+$")
SPIN_OFF = gated(r"^[*\"”’']*\s*(?:spin-?offs?|prequel|sequel|universe|franchise)\b", re.I)


@dataclass
class Sentence:
    """One sentence under examination; offsets are relative to ``text``."""

    text: str
    offset: int
    terms: list[tuple[str, str, int, int]]
    names: list[Name] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    works: list[tuple[int, int, str]] | None = None
    other_work: bool = False  # a season of an unknown title is named ("Y season 2")
    source: str | None = None  # who the sentence is attributed to, once found

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
        spans = [doc.char_span(c["start"], c["end"], label=c["attribute"],
                               alignment_mode="expand") for c in doc._.claims]
        doc.spans["claims"] = [span for span in spans if span is not None]
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        """Nothing to write: the rules are package data."""

    def from_disk(self, path, *, exclude=()) -> ClaimExtractor:
        return self


@lru_cache(maxsize=1)
def value_cues() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["attribute"], r["value"], gated(r["pattern"], re.I))
                 for r in lexicon.patterns("claim_cues") if r["kind"] == "value_cue")


@dataclass(frozen=True)
class CrewPatterns:
    """How one crew role is said, before or after the names it governs."""

    attribute: str
    before: re.Pattern[str]  # "Showrunners A and B", "directed by A", "producers include A"
    after: re.Pattern[str]  # "A, who serves as showrunner", "A and B, the co-showrunners"
    verb_after: re.Pattern[str]  # "A directed the first three episodes"
    mention: re.Pattern[str]  # any word of the role, noun or verb
    before_word: re.Pattern[str]  # a word every match of ``before`` holds


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def crew_patterns() -> tuple[CrewPatterns, ...]:
    """The crew roles of ``claim_cues.jsonl`` as patterns. A role may stand alone or joined
    with another ("co-showrunner and executive producer", "directs and executive produces")."""
    rows = [r for r in lexicon.patterns("claim_cues") if r["kind"] == "crew_role"]
    any_noun = _alternatives(n for r in rows for n in r["nouns"])
    any_verb = _alternatives(v for r in rows for v in r["verbs"] + [b[:-3] for b in r["by"]])
    out = []
    for row in rows:
        noun = _alternatives(row["nouns"])
        role = (rf"(?:(?:co-)?(?:{any_noun})\s+and\s+(?:an?\s+)?(?:co-)?(?:{noun})|"
                rf"(?:co-)?(?:{noun})(?:\s+and\s+(?:an?\s+)?(?:co-)?(?:{any_noun}))?)")
        own_by = _alternatives(b[:-3] for b in row["by"])
        by = (rf"|(?:(?:{any_verb})\s+and\s+)?(?:{_alternatives(row['by'])})"
              rf"|(?:{own_by})\s+and\s+(?:{any_verb})\s+by" if row["by"] else "")
        before = gated(
            rf"\b(?:{role}{by})\s*(?:(?:also\s+)?(?:include|includes|included|are|is|was|were|"
            rf"will be|:)\s+)?$", re.I)
        after = gated(
            rf"^(?:,\s*who\s[^,]{{1,60}},)?\s*(?:(?:,\s*)?(?:who\s+)?(?:(?:also|has|have|had|"
            rf"will|would|now|again)\s+){{0,2}}(?:serves?|served|serving|acts?|acted|is|are|was|"
            rf"were|be|been|joins?|joined|joining|(?:been\s+)?(?:brought|signed|came|comes)\s+on)"
            rf"\s+(?:(?:the\s+(?:series|show|team)|among|[A-Z][\w'’:-]*(?:\s+[A-Z][\w'’:-]*){{0,3}})"
            rf"\s+)?(?:as\s+)?(?:an?\s+|the\s+)?|"
            rf",\s*(?:the|its|the\s+show['’]s|the\s+series['’]?)\s+(?:[\w-]+\s+and\s+)?)"
            rf"{role}\b", re.I)
        verbs = row["verbs"]
        obj = (r"\s+(?:(?:the|both|its|their)\s+)?(?:shows?|series|writing|writers['’]? room"
               r"|[A-Z])") if row.get("verb_object") else r"\b"
        verb_after = gated(
            rf"^\s*(?:,|—|–)?\s*(?:who\s+)?(?:(?:also|has|have|had|will|previously|then|"
            rf"again)\s+){{0,2}}(?:(?:{any_verb})\s+and\s+)?(?:{_alternatives(verbs)}){obj}",
            re.I) if verbs else gated(r"(?!x)x")
        mention = gated(rf"\b(?:{_alternatives(row['nouns'] + verbs)})\b", re.I)
        before_word = gated(_alternatives(row["nouns"] + [b[:-3] for b in row["by"]]), re.I)
        out.append(CrewPatterns(row["attribute"], before, after, verb_after, mention,
                                before_word))
    return tuple(out)


def claims_from_doc(doc: Doc) -> list[dict]:
    """All claims in ``doc`` as dicts with the columns of ``CLAIMS`` (minus ``claim_id``)."""
    reference = doc._.reference_date or dt.date.today()
    text = doc_text(doc)
    terms = nlp_terms(doc)
    known = [(t[2], t[3]) for t in terms if t[0] in ("PLATFORM", "SITE", "OUTLET", "WORK")]
    all_names = find_names(text, known)
    surnames = surname_index(all_names)
    works = _work_mentions(text, terms, all_names)
    main_work = [(w, 0) for w in doc._.title_works or ()][:1] or \
        Counter(t[1] for t in terms if t[0] == "WORK").most_common(1) or \
        Counter(w for _, _, w in works).most_common(1)
    context = {
        "reference": reference, "surnames": surnames, "works": works,
        "main_work": main_work[0][0] if main_work else "", "quotes": _spans(QUOTE, text),
        "doc_id": doc._.doc_id or "", "names": all_names, "title_season": doc._.title_season,
        "name_starts": [n.start for n in all_names],
    }
    claims: list[dict] = []
    last_season = None
    position = 0
    all_seasons = _seasons(text)
    season_position = 0
    for start, end in sentence_bounds(doc):
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
        while season_position < len(all_seasons) and all_seasons[season_position][0] < start:
            season_position += 1
        seasons = []
        for s, e, n in all_seasons[season_position:]:
            if s >= end:
                break
            seasons.append((s - start, e - start, n, _season_work(sentence, s - start, context)))
        sentence.other_work = any(work == OTHER_TITLE for *_, work in seasons)
        seasons = [season for season in seasons if season[3] not in (None, OTHER_TITLE)]
        if _worth_a_look(sentence) and not POLAR_QUESTION.match(sentence.text):
            found = _sentence_claims(sentence, all_names, context)
            for claim in found:
                _complete(claim, sentence, seasons, last_season, context)
            claims.extend(found)
        if seasons:
            last_season = seasons[-1]
    return claims


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start char, end char) of each sentence, as ``doc.sents`` gives them, read from
    token arrays rather than by making a span per sentence."""
    if len(doc) == 0:
        return []
    flags, idx, length = doc.to_array([SENT_START, IDX, LENGTH]).T.astype("int64")
    flags[0] = 1
    starts = np.flatnonzero(flags == 1)
    last = np.append(starts[1:], len(doc)) - 1
    return list(zip(idx[starts].tolist(), (idx[last] + length[last]).tolist(), strict=True))


def _worth_a_look(sentence: Sentence) -> bool:
    if any(label.startswith("TRIGGER_") or label in ("PLATFORM", "SITE")
           for label in sentence.labels()):
        return True
    text = sentence.text
    return "(" in text or "’s" in text or "'s" in text or " as " in text


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _work_mentions(text: str, terms, names: list[Name]) -> list[tuple[int, int, str]]:
    """Known works (not inside a longer person's name), plus italic titles as works."""
    multi = [(n.start, n.end) for n in names if n.n_words >= 2]
    multi_starts, whole = [ns for ns, _ne in multi], set(multi)
    mentions = [(s, e, canonical) for label, canonical, s, e in terms if label == "WORK"
                and ((s, e) in whole or not inside(s, e, multi, multi_starts))]
    for match in ITALIC_TITLE.finditer(text):
        s, e = match.span("t")
        if not any(ms <= s < me for ms, me, _ in mentions):
            mentions.append((s, e, slug(match.group("t"))))
    return sorted(mentions)


def slug(title: str) -> str:
    """A work id from its title: lowercase words joined by hyphens."""
    return "-".join(SLUG_WORD.findall(title.lower()))


def _seasons(text: str) -> list[tuple[int, int, int]]:
    out = []
    for m in SEASON.finditer(text):
        raw = m.group("n") or m.group("s")
        number = int(_number(raw)) if raw \
            else ORDINAL_SEASONS[m.group("o").lower()]
        if number:
            out.append((m.start(), m.end(), number))
    return out


def _sentence_claims(sentence: Sentence, all_names: list[Name], context: dict) -> list[dict]:
    s0, s1 = sentence.offset, sentence.offset + len(sentence.text)
    sentence.names = []
    if not _title_case(sentence.text):
        for i in range(bisect_left(context["name_starts"], s0), len(all_names)):
            n = all_names[i]
            if n.start >= s1:
                break
            if n.end <= s1:
                sentence.names.append(Name(n.start - s0, n.end - s0, n.text, n.title))
    labels = frozenset(sentence.labels() | ({"NAME"} if sentence.names else set()))
    claims: list[dict] = []
    for name in registry.parsers_for(labels):  # the parsers of data/attributes.yaml
        claims += registry.PARSERS[name](sentence, context)
    return _deduplicate(claims)


def _title_case(text: str) -> bool:
    """A headline in title case ("New Showrunners Are Taking Over"), where capitals do not
    mark names: no closing punctuation, and a function word capitalised mid-line."""
    if text.rstrip().endswith((".", "!", '"', "”", "’")):
        return False
    words = LETTER_WORD.findall(text)[1:]
    return any(w[0].isupper() and w.lower() in STOP_WORDS for w in words)


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
        if label in labels:  # a governing word usually comes first: words after count double
            distance = 2 * (s - position) if s >= position else position - e
            if best is None or distance < best[0]:
                best = (distance, label, s)
    return best


@registry.parser("dates")
def _date_claims(sentence: Sentence, context: dict) -> list[dict]:
    """A date belongs to the premiere or production word that governs it: the nearest one
    before it, unless another event (a renewal, an announcement) stands closer."""
    claims = []
    sentence.dates = find_dates(sentence.text, context["reference"])
    for date in sentence.dates:
        before = sentence.text[max(0, date.start - 60):date.start]
        if DATE_NOT_EVENT.search(before[-14:]):
            continue
        nearest = _nearest_trigger(sentence, date.start,
                                   ("TRIGGER_PREMIERE", "TRIGGER_PRODUCTION"))
        if nearest is None or nearest[0] > 80:
            continue
        if nearest[2] < date.start and CLAUSE_BREAK.search(sentence.text[nearest[2]:date.start]):
            continue  # "premiered July 6 ..., and the remaining five followed on Aug. 3"
        other = [m.end() for m in OTHER_EVENT.finditer(before)]
        if other and (nearest[2] >= date.start or
                      max(other) + date.start - len(before) > nearest[2]):
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


@registry.parser("value_cues")
def _cue_claims(sentence: Sentence, context: dict) -> list[dict]:
    claims = []
    for attribute, value, pattern in value_cues():
        for m in pattern.finditer(sentence.text):
            head = sentence.text[:m.start()]
            if attribute == "renewal_status" and (
                    _conditional_clause(head) or not (SHOW_WORDS.search(sentence.text) or
                                                       "WORK" in sentence.labels())):
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


@registry.parser("platform")
def _platform_claims(sentence: Sentence, context: dict) -> list[dict]:
    """A platform linked to a work: "on Hulu", "the Hulu drama", "Hulu's <work>".
    A possessive names the platform of the title that follows it, so it is kept only when
    that title is a known work."""
    claims = []
    works = [s for label, _c, s, _e in sentence.terms if label == "WORK"]
    for _label, canonical, s, e in sentence.terms_with("PLATFORM"):
        before, after = sentence.text[max(0, s - 30):s], sentence.text[e:e + 40]
        title = PLATFORM_POSSESSIVE_TITLE.match(after)
        if PLATFORM_AFTER.search(after):
            linked = True
        elif title:
            linked = any(w == e + title.end() for w in works)
        else:
            linked = bool(PLATFORM_BEFORE.search(before)) and not POSSESSIVE.match(after)
        if linked:
            claims.append(_claim("platform", canonical, s, e, "platform-link"))
    return claims


def _number(raw: str) -> float:
    """A number written in digits ("1,200", "2.5") or in words ("ten", "twenty-two")."""
    if raw[0].isdigit():
        return float(raw.replace(",", ""))
    return float(text2num(raw.lower(), "en"))


def _amount(match: re.Match) -> float:
    """The number of a ``v``/``mult`` match: "2.5 billion" -> 2.5e9."""
    multiplier = MULTIPLIERS.get((match.group("mult") or "").lower(), 1)
    return float(match.group("v").replace(",", "")) * multiplier


def _fmt(number: float) -> str:
    number = round(float(number), 6)
    return str(int(number)) if number.is_integer() else f"{number:g}"


@registry.parser("episodes")
def _episode_claims(sentence: Sentence, context: dict) -> list[dict]:
    claims = []
    text = sentence.text
    for m in EPISODES.finditer(text):
        if not m.group("all") and (EPISODE_PART_BEFORE.search(text[:m.start()])
                                   or EPISODE_PART_AFTER.match(text[m.end():])
                                   or RELEASE_IN_PARTS.search(text)):
            continue
        low = _number(m.group("n"))
        value = _fmt(low)
        if m.group("n2"):
            value = f"{_fmt(low)}-{_fmt(_number(m.group('n2')))}"
        claims.append(_claim("episode_count", value, m.start("n"),
                             m.end("n2") if m.group("n2") else m.end("n"), "number-episodes"))
    return claims


@registry.parser("cast")
def _cast_claims(sentence: Sentence, context: dict) -> list[dict]:
    """Actors, from actor-character pairs ("A as X", "A (X)", "X, played by A"), from
    performance phrases ("A's turn as"), and from lists a casting word governs."""
    text, names, surnames = sentence.text, sentence.names, context["surnames"]
    cast_lists = _cast_lists(text, names)
    listed = {n.start for group in cast_lists for n in group}
    claims = []
    characters: set[int] = set()
    has_cast_word = "TRIGGER_CAST" in sentence.labels()
    for first, second in zip(names, names[1:], strict=False):
        between = text[first.end:second.start]
        if POSSESSIVE.match(text[second.end:]):  # "as Mickey's mentor": not the character
            continue
        if PARENTHESIS.fullmatch(between):  # "A (X)" in a cast list, else "X (A)"
            if first.start in listed and not first.title:  # "Detective X (A)": X plays no one
                actor, character = first, second
            elif has_cast_word or (second.n_words >= 2 and first.n_words >= 2
                                   and not second.text.startswith("The ")):
                actor, character = second, first
            else:
                continue
        elif ACTOR_THEN_CHARACTER.match(between):
            if between.lstrip().startswith(("'", "’")) and not (
                    first.n_words >= 2 and not SOURCE_WORKS.search(text[:first.start])
                    and not OTHER_WORK_CUE.search(text)
                    and not OTHER_WORK_NOUN.match(text[second.end:])
                    and (has_cast_word or second.n_words >= 2 or second.title)):
                continue
            actor, character = first, second
        elif CHARACTER_THEN_ACTOR.match(between):
            character, actor = first, second
        else:
            continue
        claims.append(_claim("cast", full_name(actor.text, surnames), actor.start, actor.end,
                             "actor-character-pair",
                             qualifier=full_name(character.text, surnames)))
        characters.add(character.start)
    paired = characters | {c["start"] for c in claims} | {
        n.start for n in names if AS_DESCRIPTION_BEFORE.search(text[:n.start])}
    for name in names:
        after = text[name.end:]
        if name.start not in paired and (PERFORMANCE.match(after) or (
                has_cast_word and ACTOR_AS_DESCRIPTION.match(after))):
            claims.append(_claim("cast", full_name(name.text, surnames), name.start,
                                 name.end, "actor-as-description"))
            paired.add(name.start)
    for group in cast_lists:
        for member in group:
            full = full_name(member.text, surnames)
            if member.start not in paired and len(full.split()) >= 2:
                claims.append(_claim("cast", full, member.start, member.end, "cast-list"))
    return claims


def _cast_lists(text: str, names: list[Name]) -> list[list[Name]]:
    """Lists of names ("A, B and C", "A as X, B as Y") that a casting word governs, and
    no crew word ("executive producers include A and B", "A joins as co-showrunner"), and
    that are not a title ("the 2019 film Red Coast")."""
    lists = []
    i = 0
    while i < len(names):
        group = _name_list(text, names, i, allow_roles=True)
        i = names.index(group[-1]) + 1
        before = text[max(0, group[0].start - 60):group[0].start]
        after = ASIDE.sub("", text[group[-1].end:group[-1].end + 150], count=1)[:50]
        clause = CLAUSE_END.split(after, maxsplit=1)[0]
        governed = CAST_BEFORE.search(before) or CAST_AFTER.match(after) or (
            len(group) >= 3 and ENSEMBLE_AFTER.match(after))
        if governed and not (CREW_WORDS.search(before) or CREW_WORDS.search(clause)
                             or OTHER_WORK_BEFORE.search(before[-40:])):
            lists.append(group)
    return lists


@registry.parser("crew")
def _crew_claims(sentence: Sentence, context: dict) -> list[dict]:
    """Crew members named with their role word ("Showrunners A and B", "A, the show's
    creator and showrunner", "A directed ..."); a list "alongside" or "along with" them
    shares the role."""
    text, names, surnames = sentence.text, sentence.names, context["surnames"]
    claims = []
    groups = []
    i = 0
    while i < len(names):
        groups.append(_name_list(text, names, i))
        i += len(groups[-1])
    previous_end = 0  # where the last group given a role ends
    # Where each role's word is first named: a role named only later cannot come before.
    first_word = [(crew, m.start() if (m := crew.before_word.search(text)) else len(text))
                  for crew in crew_patterns()]
    for group in groups:
        before, after = text[:group[0].start], text[group[-1].end:]
        if OTHER_WORK_BEFORE.search(before[-40:]):
            continue  # "the 2011 film directed by A"
        found = []
        for crew, first in first_word:
            if first < group[0].start and crew.before.search(before):
                found.append((crew.attribute, "role-then-names", None))
            elif match := (crew.after.match(after) or crew.verb_after.match(after)):
                found.append((crew.attribute, "names-then-role", group[-1].end + match.end()))
        if not found and previous_end and ALONG_WITH.search(before):
            # "A serves as executive producer along with B and C": the role named last
            named = [(m.end(), crew.attribute) for crew in crew_patterns()
                     for m in crew.mention.finditer(before)]
            found = [(max(named)[1], "names-along-with-role", None)] if named else []
        for attribute, rule, work_at in found:
            previous_end = group[-1].end
            for member in group:
                claims.append(_claim(attribute, full_name(member.text, surnames),
                                     member.start, member.end, rule, work_at=work_at))
    return claims


def _joined(text: str, first: Name, second: Name) -> bool:
    return JOINED.fullmatch(text, first.end, second.start) is not None


def _name_list(text: str, names: list[Name], i: int, allow_roles: bool = False) -> list[Name]:
    """Names joined to ``names[i]`` by commas, "and" or "&" (with ``allow_roles``, the
    characters in "A as X, B as Y and C" are skipped over)."""
    group = [names[i]]
    j = i + 1
    while j < len(names):
        nxt = names[j]
        if allow_roles and ROLE_BETWEEN.fullmatch(text[group[-1].end:nxt.start]) and \
                j + 1 < len(names) and _joined(text, nxt, names[j + 1]):
            j += 1  # nxt is the character of the previous name
            nxt = names[j]
        elif not _joined(text, group[-1], nxt):
            break
        group.append(nxt)
        j += 1
    return group


ROLE_BETWEEN = gated(r"\s+as\s+(?:the\s+)?|\s*\(\s*")


@lru_cache(maxsize=1)
def point_scored_sites() -> frozenset[str]:
    """Review sites whose scores are points, not percentages ("an 81 Metascore")."""
    return frozenset(r["id"] for r in lexicon.patterns("terms") if r.get("scale") == "points")


@registry.parser("review")
def _review_claims(sentence: Sentence, context: dict) -> list[dict]:
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


@registry.parser("viewership")
def _viewership_claims(sentence: Sentence, context: dict) -> list[dict]:
    claims = []
    for m in VIEWERSHIP.finditer(sentence.text):
        claims.append(_claim("viewership", _fmt(_amount(m)), m.start(), m.end(), "number-unit",
                             qualifier=m.group("unit").lower()))
    for m in MOST_VIEWED.finditer(sentence.text):
        if LIST_OF.search(sentence.text[:m.start()]):
            continue  # "the weekly list of the most-watched series": names the list
        claims.append(_claim("viewership", "1", m.start(), m.end(), "most-viewed",
                             qualifier="rank"))
    return claims


@registry.parser("chart")
def _chart_claims(sentence: Sentence, context: dict) -> list[dict]:
    claims = []
    platform = next((t[1] for t in sentence.terms_with("PLATFORM")), "")
    for m in CHART_TOP.finditer(sentence.text):
        claims.append(_claim("chart_position", "1", m.start(), m.end(), "number-one",
                             qualifier=platform))
    for m in CHART_RANK.finditer(sentence.text):
        rank = int(m.group("n")) if m.group("n") else ORDINAL_SEASONS[m.group("o").lower()]
        claims.append(_claim("chart_position", str(rank), m.start(), m.end(), "number-n",
                             qualifier=platform))
    for m in CHART_WEEKS.finditer(sentence.text):
        group = "n" if m.group("n") else "m"
        claims.append(_claim("chart_weeks", _fmt(_number(m.group(group))), m.start(group),
                             m.end(), "n-weeks", qualifier=platform))
    return claims


@registry.parser("tax")
def _tax_claims(sentence: Sentence, context: dict) -> list[dict]:
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
    claim["work"], evidence = (named[0], "work named") if named else \
        _work_of(claim, sentence, context)
    claim["season"], season_evidence = _season_of(
        claim, seasons, last_season, sentence.text, context["main_work"],
        context["title_season"])
    if evidence == "document" and season_evidence == "sentence":
        evidence = "season named"
    if evidence == "document" and (sentence.other_work or OTHER_WORK_CUE.search(sentence.text)):
        evidence = "document, other work nearby"
    claim["subject_evidence"] = evidence
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


def _work_named_before(sentence: Sentence, position: int, context: dict) -> str | None:
    """The work named last before ``position`` in the sentence, if any."""
    before = [w for s, _e, w in _mentions(sentence, context) if s < position]
    return before[-1] if before else None


def _season_work(sentence: Sentence, position: int, context: dict) -> str | None:
    """The work a season mention belongs to: one named just before it ("X Season 3", "X's
    second season"), else the nearest before; None for someone else's ("Y's Season 3"),
    ``OTHER_TITLE`` after a capitalised title the truth does not know ("Y season 2")."""
    offset, text = sentence.offset, sentence.text
    for s, e, work in context["works"]:
        if offset <= s and 0 <= position - (e - offset) <= 4 and \
                TITLE_THEN_SEASON.fullmatch(text, e - offset, position):
            return work
    before = text[:position]
    if OTHER_WORK_SEASON.search(before):
        return None  # "Y's Season 3", '"Y" Season 4': another work's season
    title = CAPITALISED_BEFORE.search(before)
    if title and title.group(1).lower() not in STOP_WORDS:
        return OTHER_TITLE  # "Paradise season 2", a title the truth does not know
    return _work_named_before(sentence, position, context) or context["main_work"]


def _work_of(claim: dict, sentence: Sentence, context: dict) -> tuple[str, str]:
    """The work a claim is about, and how it was found: one named right after the value,
    else the nearest one named before it in the sentence (``work named``), else the
    document's main work (``document``)."""
    after = [w for s, _e, w in _mentions(sentence, context)
             if 0 <= s - claim["end"] <= 24 and NAMES_WORK.match(
                 sentence.text[claim["end"]:s])]
    if after:
        return after[0], "work named"
    before = _work_named_before(sentence, claim["start"], context)
    return (before, "work named") if before else (context["main_work"], "document")


def _season_of(claim: dict, seasons: list, last_season, text: str, main_work: str,
               title_season: int | None) -> tuple[int | None, str]:
    """The season of the claim's work named nearest to it in its clause of the sentence
    (for a renewal: the latest one named), else the last one named earlier in the
    paragraph, else, for a return of the document's work ("X is back"), the one season
    its title names; none when the sentence names seasons only in other clauses."""
    own = [s for s in seasons if s[3] == claim["work"]]
    clause = [s for s in own if not CLAUSE_BREAK.search(
        text[min(s[1], claim["end"]):max(s[0], claim["start"])])]
    if own and not clause:
        return None, ""
    own = clause
    if own and claim["attribute"] == "renewal_status":
        return max(s[2] for s in own), "sentence"
    if own:
        return min(own, key=lambda s: abs(s[0] - claim["start"]))[2], "sentence"
    if last_season is not None and last_season[3] == claim["work"]:
        return last_season[2], "paragraph"
    if title_season is not None and claim["work"] == main_work and RETURN_CUE.search(text):
        return title_season, "title"
    return None, ""


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
    usable = documents[(documents["status"] == "ok") & (documents["language"].isin(["en", "und"]))]
    titles = nlp.get_pipe(NAME_RULER)

    def docs():  # made one at a time, so only the document in the pipeline is in memory
        for doc_id, text, published, title in zip(usable["doc_id"], usable["text"],
                                                  usable["published"], usable["title"],
                                                  strict=True):
            doc = nlp.make_doc(text)
            doc.user_data["text"] = text
            doc._.doc_id = doc_id
            doc._.reference_date = published.date() if pd.notna(published) else as_of
            title_doc = titles(nlp.make_doc(title or ""))
            doc._.title_works = [s.id_ for s in title_doc.spans["names"] if s.label_ == "WORK"]
            seasons = {number for _s, _e, number in _seasons(title or "")}
            doc._.title_season = seasons.pop() if len(seasons) == 1 else None
            yield doc

    rows = [claim for doc in nlp.pipe(docs()) for claim in doc._.claims]
    unique = {claim_id(r): r for r in rows}  # a claim found twice counts once
    rows = list(unique.values())
    if not rows:
        return CLAIMS.validate(empty_table(CLAIMS))
    claims = pd.DataFrame(rows, columns=[c for c in CLAIMS.columns if c not in
                                         ("claim_id", "subject", "date_lo", "date_hi")])
    claims.insert(0, "claim_id", pd.Series(list(unique), dtype="str"))
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
