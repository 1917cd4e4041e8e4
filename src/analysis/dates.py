"""Date expressions in text, resolved against a reference date into intervals.

``find_dates(text, reference)`` returns every date expression with its character span and
the interval ``[lo, hi]`` (inclusive days) it denotes: "July 9, 2025" is one day, "early
2026" is January to April, "next year" is the whole calendar year after ``reference``.
Month, season and part-of-year words come from ``patterns/dates.jsonl``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.config import PATTERNS_DIR
from analysis.regexes import gated


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    lo: dt.date
    hi: dt.date

    @property
    def value(self) -> str:
        """ISO day, or ``lo/hi`` interval."""
        return self.lo.isoformat() if self.lo == self.hi else f"{self.lo}/{self.hi}"


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict]:
    rows = [json.loads(line) for line in
            (PATTERNS_DIR / "dates.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return {row["kind"]: row["names"] for row in rows}


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    lex = _lexicon()
    full = [m for m in lex["month"] if len(m) > 4 or m == "june" or m == "july"]
    short = [m for m in lex["month"] if m not in full]
    month = rf"(?:{_alternation(full)}|(?:{_alternation(short)})\.?)(?![a-z])"
    season = rf"(?:{_alternation(lex['season'])})"
    part = rf"(?:{_alternation(lex['part_of_year'])})"
    mpart = rf"(?:{_alternation(lex['part_of_month'])})"
    horizon = _alternation(lex["horizon_months"])
    year = r"(?:19|20)\d\d"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    spec = [
        ("between", rf"between (?P<m1>{month})(?: (?P<d1>{day}))?(?:,? (?P<y1>{year}))? and "
                    rf"(?P<m2>{month})(?: (?P<d2>{day}))?,? (?P<y2>{year})"),
        ("day", rf"(?P<m>{month}) (?P<d>{day})(?:,? (?P<y>{year}))?(?![\d])"),
        ("month_part", rf"(?P<p>{mpart})[- ](?P<m>{month}),? (?:of )?(?P<y>{year})"),
        ("month", rf"(?P<m>{month}),? (?:of )?(?P<y>{year})"),
        ("year_part", rf"(?:the )?(?P<p>{part})[- ](?:the )?(?P<y>{year})"),
        ("season", rf"(?:the )?(?P<s1>{season})(?: or (?:the )?(?P<s2>{season}))?,? (?:of )?"
                   rf"(?P<y>{year})"),
        ("new_year", r"(?:the )?(?:start|beginning) of the new year|early next year"),
        ("relative", r"(?:(?P<early>early|later|earlier|late) )?(?:in )?(?P<rel>this|next|last) "
                     rf"(?P<unit>year|{season})"),
        ("horizon", rf"(?P<h>{horizon})"),
        ("in_month", rf"(?<=in )(?P<m>{month})(?![\w])"),
        ("in_year", rf"(?<=\b(?:in|of|by) )(?P<y>{year})(?![\d/-])"),
    ]
    return [(name, gated(rf"\b(?:{pattern})", re.I)) for name, pattern in spec]


# Kinds of date expression that always hold a year; skipped in text without one.
WITH_YEAR = frozenset({"between", "month_part", "month", "year_part", "season", "in_year"})
YEAR = gated(r"(?:19|20)\d\d")
LETTERS = gated(r"[a-z]+", re.I)


@lru_cache(maxsize=1)
def _words_needed() -> dict[str, frozenset[str]]:
    """Kinds of date expression that always hold a month or a season word; skipped in text
    without one."""
    lex = _lexicon()
    months, seasons = frozenset(lex["month"]), frozenset(lex["season"])
    return {"between": months, "day": months, "month_part": months, "month": months,
            "in_month": months, "season": seasons}


@lru_cache(maxsize=1)
def _hint() -> re.Pattern[str]:
    """Any word a date expression needs; sentences without one are skipped."""
    lex = _lexicon()
    words = [*lex["month"], *lex["season"], *(h.split()[-1] for h in lex["horizon_months"]),
             "year", "soon"]
    return gated(rf"\b(?:{_alternation(words)})\b|\b(?:19|20)\d\d\b", re.I)


# Verb forms that put a sentence in the past or the future; a month or day written
# without a year then resolves to the last or the next one.
PAST = gated(r"\b(?:was|were|had|did|began|started|premiered|debuted|released|aired|"
             r"wrapped|arrived|dropped|ended|finished|launched|kicked off|stopped|"
             r"concluded|came|went|took|shot|filmed|landed|returned|got|ago|last)\b", re.I)
FUTURE = gated(r"\b(?:will|['’]ll|shall|set to|slated|scheduled|expected|expect|"
               r"going to|upcoming|due|next|coming|would|could|might|may|hope|plans?)\b",
               re.I)


def tense(text: str) -> str | None:
    """``past`` or ``future`` when the sentence's verbs say so unambiguously, else None."""
    past, future = bool(PAST.search(text)), bool(FUTURE.search(text))
    return "past" if past and not future else "future" if future and not past else None


def find_dates(text: str, reference: dt.date) -> list[DateMention]:
    """Date expressions in ``text``, leftmost-longest, each resolved against ``reference``
    (a month or day without a year in the direction the sentence's tense points)."""
    if not _hint().search(text):
        return []
    when = tense(text)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    has_year = YEAR.search(text) is not None
    words, needed = {word.casefold() for word in LETTERS.findall(text)}, _words_needed()
    for name, pattern in _patterns():
        if name in WITH_YEAR and not has_year:
            continue
        if name in needed and needed[name].isdisjoint(words):
            continue
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            interval = _resolve(name, match, reference, when)
            if interval is None:
                continue
            found.append(DateMention(match.start(), match.end(), match.group(0), *interval))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _month(name: str) -> int:
    return _lexicon()["month"][name.lower().rstrip(".")]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    if first > last:  # a season that wraps the year end, e.g. winter
        return dt.date(year - 1, first, 1), dt.date(year, last, _last_day(year, last))
    return dt.date(year, first, 1), dt.date(year, last, _last_day(year, last))


def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_of(month: int, day: int, ref: dt.date, when: str | None) -> int:
    """The year of a yearless month and day: the last one for the past, the next one for
    the future, else this year unless the month lies more than two months back."""
    this = (month, day) <= (ref.month, ref.day)
    if when == "past":
        return ref.year if this else ref.year - 1
    if when == "future":
        return ref.year + 1 if this and (month, day) != (ref.month, ref.day) else ref.year
    return ref.year if month >= ref.month - 2 else ref.year + 1


def _resolve(name: str, m: re.Match, ref: dt.date,
             when: str | None = None) -> tuple[dt.date, dt.date] | None:
    lex = _lexicon()
    g = m.groupdict()
    if name == "between":
        y2 = int(g["y2"])
        y1 = int(g["y1"]) if g["y1"] else y2
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        lo = _safe_day(y1, m1, int(re.sub(r"\D", "", g["d1"])) if g["d1"] else 1)
        hi = _safe_day(y2, m2, int(re.sub(r"\D", "", g["d2"])) if g["d2"] else _last_day(y2, m2))
        return (lo, hi) if lo and hi and lo <= hi else None
    if name == "day":
        number = int(re.sub(r"\D", "", g["d"]))
        year = (int(g["y"]) if g["y"] else
                _year_of(_month(g["m"]), min(number, 28), ref, when) if when else ref.year)
        day = _safe_day(year, _month(g["m"]), number)
        return (day, day) if day else None
    if name == "month_part":
        year, month = int(g["y"]), _month(g["m"])
        first, last = lex["part_of_month"][g["p"].lower()]
        return dt.date(year, month, first), dt.date(year, month, min(last, _last_day(year, month)))
    if name == "month":
        year, month = int(g["y"]), _month(g["m"])
        return _month_span(year, month, month)
    if name == "year_part":
        return _month_span(int(g["y"]), *lex["part_of_year"][g["p"].lower()])
    if name == "season":
        year = int(g["y"])
        spans = [_month_span(year, *lex["season"][s.lower()]) for s in (g["s1"], g["s2"]) if s]
        return min(s[0] for s in spans), max(s[1] for s in spans)
    if name == "relative":
        year = ref.year + {"this": 0, "next": 1, "last": -1}[g["rel"].lower()]
        if g["unit"].lower() == "year":
            lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            lo, hi = _month_span(year, *lex["season"][g["unit"].lower()])
        inside = lo <= ref <= hi and g["rel"].lower() == "this"
        if inside and g["early"] and g["early"].lower() == "later":
            lo = ref
        elif inside and g["early"] and g["early"].lower() == "earlier":
            hi = ref
        return lo, hi
    if name == "new_year":
        return _month_span(ref.year + 1, 1, 4)
    if name == "horizon":
        months = lex["horizon_months"][g["h"].lower()]
        return ref, _add_months(ref, months)
    if name == "in_month":
        month = _month(g["m"])
        if g["m"].lower().rstrip(".") == "may":  # "in may" is too often the verb
            return None
        if when is None:
            year = ref.year if month >= ref.month - 2 else ref.year + 1
        else:
            year = _year_of(month, 1 if when == "past" else _last_day(2001, month), ref, when)
        return _month_span(year, month, month)
    if name == "in_year":
        year = int(g["y"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, _last_day(year, month)))
