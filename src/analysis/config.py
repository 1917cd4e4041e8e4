"""Every path and tunable of the project, in one place.

Paths are relative to the repository root. Environment variables let a caller (the
command line, or the report notebook run by it) point the same code at another corpus:
``ANALYSIS_CORPUS``, ``ANALYSIS_TRUTH`` and ``ANALYSIS_OUT``, and set the loading options:
``ANALYSIS_MAX_TEXT_CHARS``, ``ANALYSIS_MAX_FILE_BYTES``, ``ANALYSIS_FOLLOW_OUTSIDE_LINKS``
(``1``) and ``ANALYSIS_DATE_ORDER`` (``dmy`` or ``mdy``).
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
MIN_WORDS_FOR_LANGUAGE = 20
DATE_ORDERS = ("dmy", "mdy")

# Confidence level of every reported interval.
INTERVAL_LEVEL = 0.90


@dataclass(frozen=True)
class LoadOptions:
    """How the loader treats a corpus folder.

    ``max_text_chars`` caps the article text after markup removal (a saved web page may be
    megabytes of markup around a short article); ``max_file_bytes`` is a safety cap on the raw
    file, well above any article. ``follow_outside_links`` reads files whose link leads out of
    the corpus folder. ``date_order`` (``dmy``, ``mdy`` or None) says how to read numeric dates
    such as ``12/07/2025``; with None only ISO 8601 and unambiguous dates are accepted.
    """

    max_text_chars: int = 1_000_000
    max_file_bytes: int = 25_000_000
    follow_outside_links: bool = False
    date_order: str | None = None

    def environment(self) -> dict[str, str]:
        """These options as ``ANALYSIS_*`` environment variables (see ``settings_from_env``)."""
        env = {"ANALYSIS_MAX_TEXT_CHARS": str(self.max_text_chars),
               "ANALYSIS_MAX_FILE_BYTES": str(self.max_file_bytes),
               "ANALYSIS_FOLLOW_OUTSIDE_LINKS": "1" if self.follow_outside_links else "0"}
        if self.date_order:
            env["ANALYSIS_DATE_ORDER"] = self.date_order
        return env


@dataclass(frozen=True)
class Settings:
    """Where one run reads its inputs and writes its outputs, and how it loads the corpus."""

    corpus: Path = SEEDS_DIR
    truth: Path = TRUTH_FILE
    out: Path = REPORTS_DIR
    loading: LoadOptions = LoadOptions()

    @property
    def figures(self) -> Path:
        return self.out / "figures"

    def environment(self) -> dict[str, str]:
        """These settings as ``ANALYSIS_*`` environment variables, with absolute paths."""
        return {"ANALYSIS_CORPUS": str(self.corpus.resolve()),
                "ANALYSIS_TRUTH": str(self.truth.resolve()),
                "ANALYSIS_OUT": str(self.out.resolve()),
                **self.loading.environment()}


def settings_from_env() -> Settings:
    """Settings from ``ANALYSIS_*`` environment variables, defaulting to the bundled corpus."""
    env = os.environ
    default = LoadOptions()
    loading = LoadOptions(
        max_text_chars=int(env.get("ANALYSIS_MAX_TEXT_CHARS", default.max_text_chars)),
        max_file_bytes=int(env.get("ANALYSIS_MAX_FILE_BYTES", default.max_file_bytes)),
        follow_outside_links=env.get("ANALYSIS_FOLLOW_OUTSIDE_LINKS", "0") == "1",
        date_order=env.get("ANALYSIS_DATE_ORDER") or None,
    )
    return Settings(
        corpus=Path(env.get("ANALYSIS_CORPUS", SEEDS_DIR)),
        truth=Path(env.get("ANALYSIS_TRUTH", TRUTH_FILE)),
        out=Path(env.get("ANALYSIS_OUT", REPORTS_DIR)),
        loading=loading,
    )
