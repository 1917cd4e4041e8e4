"""Claim-level reliability of news sources; ``read_outputs`` reads a run's tables back."""

from analysis.outputs import read_outputs

__all__ = ["read_outputs"]
