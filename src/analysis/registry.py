"""The attribute registry: everything about one attribute in one entry of
``data/attributes.yaml``.

Each entry gives:
- ``kind`` (and ``values``, ``aliases``...): how a claim is checked against the truth;
- ``label``: how charts and tables name it;
- ``parser``: the function that reads it from a sentence (registered here with
  ``@parser``; several attributes may share one, e.g. every crew role);
- ``triggers``: the trigger groups of ``patterns/triggers.jsonl`` (or known-name labels such
  as ``PLATFORM``, or ``NAME`` for a person's name) that make a sentence worth parsing;
  ``requires``: labels the sentence must also hold;
- its cue patterns: the rows of ``patterns/claim_cues.jsonl`` that name it.

Adding an attribute is a new entry (and its cue rows), plus at most one parser function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from analysis import config

PARSERS: dict[str, Callable] = {}


def parser(name: str) -> Callable[[Callable], Callable]:
    """Register a sentence parser under ``name`` (the ``parser`` field of attributes)."""
    def register(function: Callable) -> Callable:
        PARSERS[name] = function
        return function
    return register


@cache
def attributes() -> dict[str, dict]:
    """The attribute entries of ``data/attributes.yaml``, by name."""
    return yaml.safe_load(config.ATTRIBUTES_FILE.read_text(encoding="utf-8"))


def label(attribute: str) -> str:
    """The name charts and tables give an attribute ("Premiere date")."""
    spec = attributes().get(attribute) or {}
    return spec.get("label") or attribute.replace("_", " ").capitalize()


@cache
def date_attributes() -> tuple[str, ...]:
    """Attributes whose values are a day or an interval ``lo/hi``."""
    return tuple(name for name, spec in attributes().items() if spec.get("kind") == "event")


@dataclass(frozen=True)
class Dispatch:
    """One parser and the sentence labels that call it."""

    parser: str
    triggers: frozenset[str]
    requires: frozenset[str]

    def wanted(self, labels: set[str]) -> bool:
        return bool(self.triggers & labels) and self.requires <= labels


@cache
def dispatch() -> tuple[Dispatch, ...]:
    """Each parser named by an attribute once, with the union of its attributes' triggers,
    in the order of the registry."""
    found: dict[str, Dispatch] = {}
    for spec in attributes().values():
        name = spec.get("parser")
        if not name:
            continue
        previous = found.get(name, Dispatch(name, frozenset(), frozenset()))
        found[name] = Dispatch(name, previous.triggers | set(spec.get("triggers") or ()),
                               previous.requires | set(spec.get("requires") or ()))
    return tuple(found.values())


@lru_cache(maxsize=4096)
def parsers_for(labels: frozenset[str]) -> tuple[str, ...]:
    """The parsers a sentence holding ``labels`` calls, in the order of ``dispatch``."""
    return tuple(entry.parser for entry in dispatch() if entry.wanted(labels))
