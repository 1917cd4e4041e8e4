"""The spaCy pipeline: ``spacy.blank("en")`` plus our own rule components.

Components, in order:
- ``analysis_sentences``: sentences end at final punctuation and at line breaks;
- ``analysis_terms``: one pass of two PhraseMatchers that marks known names (platforms,
  review sites, outlets, works) case-sensitively and trigger words, hedges, prediction and
  negation cues case-insensitively, into ``doc.spans["terms"]``;
- ``analysis_claims`` (in ``analysis.extract``): claims from the sentences that hold a trigger.

Term lists are JSONL (``patterns/terms.jsonl``, ``triggers.jsonl``, ``modality.jsonl``);
works named by a ground truth are added with ``add_works``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from analysis import lexicon

NEWLINE = re.compile(r"\n\s*")
CASED_LABELS = ("PLATFORM", "SITE", "OUTLET", "WORK")


def doc_text(doc: Doc) -> str:
    """The document's text, from ``user_data`` when the caller stored it (``Doc.text``
    rebuilds the string from tokens on every call)."""
    return doc.user_data.get("text") or doc.text


@Language.factory("analysis_sentences", default_config={})
class SentenceSplitter:
    """Sentence starts after sentence-final punctuation tokens (spaCy's sentencizer rule)
    and after every line break (headlines, list items), set in one array operation."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.final = np.array([nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars],
                              dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        orth, idx, punct, lower, digit = doc.to_array(
            ["ORTH", "IDX", "IS_PUNCT", "IS_LOWER", "IS_DIGIT"]).T
        final = np.isin(orth, self.final)
        word = (punct == 0) & ~final
        position = np.arange(len(doc))
        # A word starts a sentence when a final mark stands between it and the previous word.
        previous_word = np.maximum.accumulate(np.where(word, position, -1))
        previous_word = np.concatenate(([-1], previous_word[:-1]))
        finals_before = np.concatenate(([0], np.cumsum(final)[:-1]))
        finals_at_previous = np.where(previous_word >= 0,
                                      np.cumsum(final)[np.maximum(previous_word, 0)], 0)
        # ... and is not a lower-case word or a number ("No. 1", "approx. two").
        starts = word & (finals_before - finals_at_previous > 0) & (lower == 0) & (digit == 0)
        breaks = np.searchsorted(idx, [m.end() for m in NEWLINE.finditer(doc_text(doc))])
        starts[breaks[breaks < len(doc)]] = True
        starts[0] = True
        values = np.where(starts, 1, -1).astype("int64").astype("uint64").reshape(-1, 1)
        doc.from_array(["SENT_START"], values)
        return doc


@Language.factory("analysis_terms", default_config={})
class TermMatcher:
    """Marks terms from the packaged lists; spans carry the label and a canonical id."""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.uncased = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.canonical: dict[str, str] = {}
        for row in lexicon.patterns("terms"):
            self.add(row["label"], row["id"], row["terms"])
        for row in lexicon.patterns("triggers"):
            self.add(f"TRIGGER_{row['label']}", row["label"], row["terms"])
        for row in lexicon.patterns("modality")[1:]:
            self.add(row["label"], row["category"], row["terms"])

    def add(self, label: str, canonical: str, terms: list[str]) -> None:
        """Add ``terms`` under ``label``; every match of them resolves to ``canonical``."""
        key = f"{label}|{canonical}"
        self.canonical[key] = canonical
        matcher = self.cased if label in CASED_LABELS else self.uncased
        matcher.add(key, [self.nlp.make_doc(t) for t in terms])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans = []
        for matcher in (self.cased, self.uncased):
            found = []
            for key, start, end in matcher(doc):
                label, canonical = strings[key].split("|", 1)
                found.append(Span(doc, start, end, label=label, kb_id=canonical))
            spans += filter_spans(found) if matcher is self.cased else found
        doc.spans["terms"] = sorted(spans, key=lambda s: (s.start, -s.end))
        return doc

    def to_disk(self, path: Path, *, exclude=()) -> None:
        """Nothing to write: the terms are package data."""

    def from_disk(self, path: Path, *, exclude=()) -> TermMatcher:
        return self


def build_pipeline(works: dict[str, list[str]] | None = None) -> Language:
    """A fresh pipeline; ``works`` maps a work id to the names it goes by."""
    from analysis import extract  # noqa: F401  (registers analysis_claims)

    nlp = spacy.blank("en")
    nlp.add_pipe("analysis_sentences")
    nlp.add_pipe("analysis_terms")
    nlp.add_pipe("analysis_claims")
    add_works(nlp, works or {})
    return nlp


def add_works(nlp: Language, works: dict[str, list[str]]) -> None:
    """Teach the term matcher the names of the works a corpus is about."""
    terms: TermMatcher = nlp.get_pipe("analysis_terms")
    for work_id, aliases in sorted(works.items()):
        if aliases:
            terms.add("WORK", work_id, aliases)
