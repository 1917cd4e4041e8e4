"""Every path and tunable of the project, in one place.

Paths are relative to the repository root. Environment variables let a caller (the
command line, or the report notebook run by it) point the same code at another corpus:
``ANALYSIS_CORPUS``, ``ANALYSIS_TRUTH`` and ``ANALYSIS_OUT``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = PROJECT_ROOT / "data"
TRUTH_FILE = DATA_DIR / "truth" / "seeds.yaml"
ATTRIBUTES_FILE = DATA_DIR / "attributes.yaml"
ANNOTATIONS_FILE = DATA_DIR / "annotations" / "seeds.csv"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"

# Corpus files that describe the corpus rather than being articles.
CORPUS_CONTROL_FILES = frozenset({"metadata.csv", "SHA256SUMS", "README.md"})
ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md"})
MAX_FILE_BYTES = 2_000_000
MIN_WORDS_FOR_LANGUAGE = 20

# Confidence level of every reported interval.
INTERVAL_LEVEL = 0.90


@dataclass(frozen=True)
class Settings:
    """Where one run reads its inputs and writes its outputs."""

    corpus: Path = SEEDS_DIR
    truth: Path = TRUTH_FILE
    out: Path = REPORTS_DIR

    @property
    def figures(self) -> Path:
        return self.out / "figures"


def settings_from_env() -> Settings:
    """Settings from ``ANALYSIS_*`` environment variables, defaulting to the bundled corpus."""
    env = os.environ
    return Settings(
        corpus=Path(env.get("ANALYSIS_CORPUS", SEEDS_DIR)),
        truth=Path(env.get("ANALYSIS_TRUTH", TRUTH_FILE)),
        out=Path(env.get("ANALYSIS_OUT", REPORTS_DIR)),
    )
