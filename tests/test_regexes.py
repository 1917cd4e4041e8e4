"""Gated patterns find exactly what the plain patterns find."""

import re

import pytest

from analysis import config, dates, extract, modality  # noqa: F401  (they compile the patterns)
from analysis.regexes import UNGATED, gated


def _texts() -> list[str]:
    folders = [config.SEEDS_DIR, *sorted((config.DATA_DIR / "benchmarks").glob("*/articles"))]
    return [path.read_text(encoding="utf-8", errors="replace")
            for folder in folders for path in sorted(folder.iterdir())
            if path.suffix in (".txt", ".md", ".html", ".htm")]


def _found(pattern: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_every_gated_pattern_of_the_rules_matches_as_the_plain_one():
    for build in (extract.value_cues, extract.crew_patterns, dates._patterns, dates._hint):
        build()  # patterns compiled on first use
    assert len(UNGATED) > 50
    texts = _texts()
    pieces = texts + [line for text in texts for line in text.splitlines()]
    for led, plain in UNGATED.items():
        assert led.pattern.startswith("(?=[")
        for piece in pieces:
            assert _found(led, piece) == _found(plain, piece), plain.pattern[:60]


@pytest.mark.parametrize(("pattern", "flags", "text", "expected"), [
    (r"\bkelvin\b", re.I, "\u212aelvin KELVIN", ["\u212aelvin", "KELVIN"]),  # Kelvin sign
    (r"\bstraße", re.I, "STRASSE ſtraße", ["ſtraße"]),  # long s folds to s
    (r"(?:the )?(?P<s>spring|fall),? (?P<y>\d{4})", re.I, "The Spring, 2024; fall 2023",
     ["The Spring, 2024", "fall 2023"]),
    (r"(?<=in )(?:may|june)(?!\w)", re.I, "in May, in june, mayday", ["May", "june"]),
    (r"\s+as\s+", 0, "A as B\tas C", [" as ", "\tas "]),
    (r"\d+ episodes?", 0, "8 episodes, ٣ episodes", ["8 episodes", "٣ episodes"]),
])
def test_a_gate_keeps_every_match(pattern, flags, text, expected):
    led = gated(pattern, flags)
    assert led.pattern.startswith("(?=[")
    assert [m.group() for m in led.finditer(text)] == expected
    assert _found(led, text) == _found(re.compile(pattern, flags), text)


@pytest.mark.parametrize("pattern", [r"x?", r"(?:^|,)\s*if", r".+ed", r"[^a-z]+", r"(?i)abc"])
def test_patterns_whose_start_cannot_be_told_stay_as_they_are(pattern):
    assert gated(pattern).pattern == pattern


def test_the_tokenizer_with_gated_affixes_splits_as_spacy_does():
    import spacy

    from analysis.nlp import build_pipeline
    ours, stock = build_pipeline().tokenizer, spacy.blank("en").tokenizer
    assert ours.suffix_search.__self__ in UNGATED
    for text in _texts():
        assert [t.text for t in ours(text)] == [t.text for t in stock(text)]
