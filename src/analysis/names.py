"""Finding people's (and characters') names without a statistical model.

A name is a run of capitalised words (``Ana de la Cruz``, ``Jo Q``, ``Renée``),
trimmed of stop words, titles (``Detective``) and words that are never names (months,
``Season``...), and never overlapping a known work, platform, site or outlet. A lone surname
is resolved to the full name it abbreviates elsewhere in the same document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from analysis import lexicon

UPPER = "A-ZÀ-ÖØ-Þ"
WORD_REST = r"(?:[\w\-.]|['’](?![sS]\b))*"  # what follows a word's capital
WORD = rf"[{UPPER}]{WORD_REST}"
CONNECT = r"(?:de|van|von|da|del|della|la|le|di|du|bin|al)"
NICKNAME = r"(?:[“\"][A-Z][\w ]{0,20}[”\"] )?"  # David "Legal" Siegel
# The first capital comes before the check that no word character precedes it, so the
# regex engine can skip ahead to capitals.
NAME = re.compile(rf"[{UPPER}](?<![\w'’][{UPPER}]){WORD_REST}"
                  rf"(?: {NICKNAME}(?:{CONNECT} )?{WORD}){{0,4}}")
NON_SPACE = re.compile(r"\S+")


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    title: str = ""

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@lru_cache(maxsize=1)
def _vocab() -> tuple[frozenset[str], frozenset[str]]:
    return lexicon.name_words("titles"), lexicon.name_words("not_names")


def find_names(text: str, blocked: list[tuple[int, int]] = ()) -> list[Name]:
    """Names in ``text``, skipping any that lie within a ``blocked`` character span."""
    blocked = sorted(blocked)
    starts = [s for s, _e in blocked]
    names = []
    for match in NAME.finditer(text):
        offset = match.start()
        for start, end, name_text, title in _names_in_run(match.group(0)):
            if not inside(start + offset, end + offset, blocked, starts):
                names.append(Name(start + offset, end + offset, name_text, title))
    return names


@lru_cache(maxsize=100_000)
def _names_in_run(run: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, name, title) of the names in one run of capitalised words (offsets
    relative to it); the same runs recur across documents, so the answers are cached."""
    titles, not_names = _vocab()
    words = [(m.start(), m.group(0)) for m in NON_SPACE.finditer(run)]
    found = []
    for part in _split(words, not_names):
        title = ""
        while part and (part[0][1] in titles or part[0][1].lower() in STOP_WORDS):
            title = part[0][1] if part[0][1] in titles else title
            part = part[1:]
        while part and part[-1][1].lower() in STOP_WORDS:
            part = part[:-1]
        if not part:
            continue
        start, end = part[0][0], part[-1][0] + len(part[-1][1])
        name_text = run[start:end].rstrip(".")
        if len(name_text) >= 2:
            found.append((start, start + len(name_text), name_text, title))
    return tuple(found)


def inside(start: int, end: int, blocked: list[tuple[int, int]], starts: list[int]) -> bool:
    """True when [start, end) lies within one of the sorted ``blocked`` spans (``starts``
    their starts)."""
    i = bisect_right(starts, start)
    return any(end <= e for _s, e in blocked[max(0, i - 3):i])


def _split(words: list[tuple[int, str]], not_names: frozenset[str]):
    """Break a run of capitalised words at words that are never part of a name, after an
    initial that two more words follow ("Irving B. Tramell Tillman" is two names), and
    after a word that ends a sentence."""
    part: list[tuple[int, str]] = []
    for i, (position, word) in enumerate(words):
        if word.rstrip(".,") in not_names:
            if part:
                yield part
            part = []
            continue
        part.append((position, word))
        initial_then_name = INITIAL.fullmatch(word) and len(part) >= 2 and len(words) - i > 2
        sentence_end = word.endswith(".") and not INITIAL.fullmatch(word) and \
            word not in ABBREVIATIONS and word not in _vocab()[0]
        if initial_then_name or sentence_end:  # "Tom Hanks. Becki Newton" is two names
            yield part
            part = []
    if part:
        yield part


INITIAL = re.compile(r"[A-Z]\.")
ABBREVIATIONS = frozenset({"Jr.", "Sr.", "St.", "Mr.", "Mrs.", "Ms.", "Mt."})


def surname_index(names: list[Name]) -> dict[str, str]:
    """Map a last (or first) word to the one multi-word name it abbreviates in a document."""
    candidates: dict[str, set[str]] = {}
    for name in names:
        if name.n_words >= 2:
            for key in (name.text.split()[-1], name.text.split()[0]):
                candidates.setdefault(key, set()).add(name.text)
    return {key: next(iter(full)) for key, full in candidates.items() if len(full) == 1}


def full_name(name: str, index: dict[str, str]) -> str:
    """The full form of ``name`` (a lone surname resolved through ``index``)."""
    return index.get(name, name) if " " not in name else name
