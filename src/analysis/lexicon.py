"""Word lists and cue patterns shipped as JSONL package data (``analysis/patterns``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from analysis.config import PATTERNS_DIR


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file; blank lines are skipped."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}, line {number}: not valid JSON ({err.msg})") from err
    return rows


@cache
def patterns(name: str) -> tuple[dict, ...]:
    """Rows of ``patterns/{name}.jsonl``."""
    return tuple(read_jsonl(PATTERNS_DIR / f"{name}.jsonl"))


def kent_scale() -> dict[str, float]:
    """Estimative categories and their probabilities (Kent 1964)."""
    return dict(patterns("modality")[0]["categories"])


def name_words(kind: str) -> frozenset[str]:
    """``titles`` (stripped from characters' names) or ``not_names`` (never part of a name)."""
    return frozenset(t for row in patterns("names") if row["kind"] == kind for t in row["terms"])
