"""Notebooks 2.0-4.0 run on the benchmark corpora (not only on the bundled seeds), reading the
tables of one run and taking their inputs as papermill parameters."""

from __future__ import annotations

import json

import pytest

from analysis import config
from analysis.cli import main
from analysis.pipeline import execute_notebook, notebook_parameters

BENCHMARKS = sorted(p for p in (config.DATA_DIR / "benchmarks").iterdir() if p.is_dir())
NOTEBOOKS = ("2.0-claims", "3.0-verification", "4.0-reliability-report")


def outputs_text(notebook) -> str:
    return json.dumps([cell.get("outputs", []) for cell in notebook["cells"]])


@pytest.mark.parametrize("topic", BENCHMARKS, ids=lambda p: p.name)
def test_notebooks_run_on_a_benchmark_corpus(topic, tmp_path):
    settings = config.Settings(topic / "articles", topic / "truth.yaml", tmp_path / "out")
    assert main(["run", str(settings.corpus), "--truth", str(settings.truth), "--out",
                 str(settings.out), "--no-report", "--quiet"]) in (0, 1)
    parameters = notebook_parameters(settings, gold=topic / "gold.csv")
    for name in NOTEBOOKS:
        executed = execute_notebook(config.NOTEBOOKS_DIR / f"{name}.ipynb", parameters)
        text = outputs_text(executed)
        assert '"output_type": "error"' not in text, name
        if name == "2.0-claims":
            assert "F1" in text and "gold claims" in text


def test_claims_notebook_without_gold_says_so(tmp_path):
    topic = BENCHMARKS[0]
    settings = config.Settings(topic / "articles", topic / "truth.yaml", tmp_path / "out")
    assert main(["run", str(settings.corpus), "--truth", str(settings.truth), "--out",
                 str(settings.out), "--no-report", "--quiet"]) in (0, 1)
    executed = execute_notebook(config.NOTEBOOKS_DIR / "2.0-claims.ipynb",
                                notebook_parameters(settings))
    text = outputs_text(executed)
    assert "No gold annotations were given" in text
    assert "overall precision" not in text
