"""Shared, session-scoped fixtures: the project's ground truth, the seed corpus, a pipeline
built with the truth's works, and the claims extracted from the seeds.

They are built once per test session (loading the seeds and extracting their claims takes
about a second). Tests must treat them as read-only: copy a table before changing it.
"""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from analysis import config
from analysis.extract import extract_claims
from analysis.load import load_corpus
from analysis.nlp import build_pipeline
from analysis.truth import Truth, load_truth


@pytest.fixture(scope="session")
def truth() -> Truth:
    """The bundled ground truth (``data/truth/seeds.yaml``)."""
    return load_truth(config.TRUTH_FILE)


@pytest.fixture(scope="session")
def seed_documents() -> pd.DataFrame:
    """The documents table of the seed corpus (``seeds/``)."""
    return load_corpus(config.SEEDS_DIR)


@pytest.fixture(scope="session")
def nlp(truth: Truth) -> Language:
    """A pipeline that knows the works of the ground truth."""
    return build_pipeline(truth.works)


@pytest.fixture(scope="session")
def seed_claims(seed_documents: pd.DataFrame, nlp: Language, truth: Truth) -> pd.DataFrame:
    """The claims table of the seed corpus."""
    return extract_claims(seed_documents, nlp, truth.as_of)
