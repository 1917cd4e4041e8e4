"""Every path and tunable of the project, in one place.

Paths are relative to the repository root. The notebooks take the same paths as papermill
parameters (``corpus``, ``truth``, ``out``, ``gold``), resolved by :func:`notebook_settings`.
"""

from __future__ import annotations

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
LANGUAGE_SAMPLE_CHARS = 1000  # opening characters the language is told from
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


OUTPUT_ROOT = PROJECT_ROOT / "analysis-output"  # default home of runs on other corpora


def default_out(corpus: Path) -> Path:
    """``reports/`` for the bundled corpus; else ``analysis-output/<parent>-<folder>``."""
    corpus = Path(corpus).resolve()
    if corpus == SEEDS_DIR:
        return REPORTS_DIR
    return OUTPUT_ROOT / f"{corpus.parent.name}-{corpus.name}".strip("-")


def notebook_settings(corpus: str | None = None, truth: str | None = None,
                      out: str | None = None, gold: str | None = None
                      ) -> tuple[Settings, Path | None]:
    """Settings and gold file of a notebook from its papermill parameters.

    With no corpus, the bundled seeds, their truth, ``reports/`` and their gold annotations;
    with a corpus, ``gold`` only if given and ``out`` defaulting to :func:`default_out`.
    """
    if corpus is None:
        return (Settings(SEEDS_DIR, Path(truth or TRUTH_FILE), Path(out or REPORTS_DIR)),
                Path(gold) if gold else ANNOTATIONS_FILE)
    corpus_path = Path(corpus)
    return (Settings(corpus_path, Path(truth or TRUTH_FILE), Path(out or default_out(corpus_path))),
            Path(gold) if gold else None)
