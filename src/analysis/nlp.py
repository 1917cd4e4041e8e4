"""The spaCy pipeline: ``spacy.blank("en")`` plus our own rule components.

Components, in order:
- ``analysis_sentences``: sentences end at final punctuation and at line breaks;
- ``analysis_names``, ``analysis_cues``: spaCy ``SpanRuler``s marking known names
  (platforms, review sites, outlets, works) case-sensitively and trigger words, hedges,
  prediction and negation cues on lower case;
- ``analysis_claims`` (in ``analysis.extract``): claims from the sentences that hold a trigger.

Term lists are JSONL (``patterns/terms.jsonl``, ``triggers.jsonl``, ``modality.jsonl``);
works named by a ground truth are added with ``add_works``.
"""

from __future__ import annotations

import re

import numpy as np
import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from analysis import lexicon
from analysis.regexes import gated

NEWLINE = re.compile(r"\n\s*")


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
        self.final = np.unique(np.array(  # sorted, for ``searchsorted``
            [nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars], dtype="uint64"))

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        orth, idx, punct, lower, digit = doc.to_array(
            ["ORTH", "IDX", "IS_PUNCT", "IS_LOWER", "IS_DIGIT"]).T
        final = self.final[np.searchsorted(self.final, orth).clip(max=len(self.final) - 1)] == orth
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


NAME_RULER = "analysis_names"
CUE_RULER = "analysis_cues"


def term_patterns() -> tuple[list[dict], list[dict]]:
    """SpanRuler patterns from the packaged lists: names matched case-sensitively
    (platforms, review sites, outlets) and cues matched on lower case (triggers, hedges,
    prediction and negation words). Each pattern's ``id`` is its canonical value."""
    names = [{"label": row["label"], "pattern": term, "id": row["id"]}
             for row in lexicon.patterns("terms") for term in row["terms"]]
    cues = [{"label": f"TRIGGER_{row['label']}", "pattern": term, "id": row["label"]}
            for row in lexicon.patterns("triggers") for term in row["terms"]]
    cues += [{"label": row["label"], "pattern": term, "id": row["category"]}
             for row in lexicon.patterns("modality")[1:] for term in row["terms"]]
    return names, cues


def build_pipeline(works: dict[str, list[str]] | None = None) -> Language:
    """A fresh pipeline; ``works`` maps a work id to the names it goes by.

    Known names land in ``doc.spans["names"]`` (overlaps resolved to the longest), cue
    words in ``doc.spans["cues"]`` and the claims in ``doc.spans["claims"]`` (labelled by
    attribute; their fields in ``doc._.claims``). The pipeline saves and loads with
    ``nlp.to_disk``/``spacy.load`` once ``analysis.nlp`` is imported.
    """
    from analysis import extract  # noqa: F401  (registers analysis_claims)

    nlp = spacy.blank("en")
    _gate_affixes(nlp.tokenizer)
    nlp.add_pipe("analysis_sentences")
    names, cues = term_patterns()
    nlp.add_pipe("span_ruler", name=NAME_RULER, config={
        "spans_key": "names", "phrase_matcher_attr": "ORTH", "validate": False,
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}}).add_patterns(names)
    nlp.add_pipe("span_ruler", name=CUE_RULER, config={
        "spans_key": "cues", "phrase_matcher_attr": "LOWER", "validate": False,
    }).add_patterns(cues)
    nlp.add_pipe("analysis_claims")
    add_works(nlp, works or {})
    return nlp


def _gate_affixes(tokenizer) -> None:
    """spaCy's prefix, suffix and infix patterns, gated (``analysis.regexes``): the same
    tokens, found faster."""
    for name, method in (("prefix_search", "search"), ("suffix_search", "search"),
                         ("infix_finditer", "finditer")):
        pattern = getattr(tokenizer, name).__self__
        setattr(tokenizer, name, getattr(gated(pattern.pattern, pattern.flags), method))


def add_works(nlp: Language, works: dict[str, list[str]]) -> None:
    """Teach the pipeline the names of the works a corpus is about."""
    nlp.get_pipe(NAME_RULER).add_patterns(
        [{"label": "WORK", "pattern": alias, "id": work_id}
         for work_id, aliases in sorted(works.items()) for alias in aliases if alias])


def terms(doc: Doc) -> list[tuple[str, str, int, int]]:
    """(label, canonical id, start char, end char) of every name and cue, in text order."""
    spans = [*doc.spans.get("names", []), *doc.spans.get("cues", [])]
    return sorted(((s.label_, s.id_, s.start_char, s.end_char) for s in spans),
                  key=lambda t: (t[2], -t[3], t[0]))
