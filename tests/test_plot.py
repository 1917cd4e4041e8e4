"""Figures: reproducible exports, all formats written, empty input handled, headline sorted."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import plot  # noqa: E402

SRC = Path(__file__).resolve().parents[1] / "src"
NOTE = "Source: synthetic test tables."


def _tables() -> dict[str, pd.DataFrame]:
    """Tiny synthetic pipeline tables: three documents, six claims."""
    documents = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3"],
        "outlet": ["Alpha", "Beta", "Gamma"],
        "url": ["https://a.example/1", "", "https://c.example/3"],
        "published": pd.to_datetime(["2025-03-01", None, "2024-11-02"]),
        "title": ["One", "Two", "Three"],
        "text": ["x", "y", "z"],
        "status": ["ok", "ok", "ok"],
    })
    claims = pd.DataFrame({
        "claim_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
        "doc_id": ["d1", "d1", "d2", "d2", "d3", "d3"],
        "attribute": ["premiere_date", "production_period", "cast", "premiere_date",
                      "renewal_status", "premiere_date"],
        "modality": ["asserted", "hedged", "quoted", "predicted", "negated", "asserted"],
        "attribution": ["", "a source", "", "", "someone", ""],
        "certainty": [0.9, 0.6, 0.8, 0.7, 0.9, 1.0],
        "date_lo": pd.to_datetime(["2025-07-09", "2024-05-01", None, "2026-01-01", None,
                                   "2025-07-09"]),
        "date_hi": pd.to_datetime(["2025-07-09", "2024-09-30", None, "2026-04-30", None,
                                   None]),
    })
    verdicts = pd.DataFrame({
        "claim_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
        "doc_id": ["d1", "d1", "d2", "d2", "d3", "d3"],
        "verdict": ["supported", "refuted", "not_enough_evidence", "pending", "supported",
                    "refuted"],
    })
    scores = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3"],
        "outlet": ["Alpha", "Beta", "Gamma"],
        "reliability": [0.4, np.nan, 0.8],
        "reliability_low": [0.1, np.nan, 0.5],
        "reliability_high": [0.7, np.nan, 0.95],
        "n_checkable": [2, 0, 2],
    })
    predictions = pd.DataFrame({"certainty": [0.9, 0.7, 0.3], "outcome": [1, 0, 0],
                                "doc_id": ["d1", "d2", "d3"]})
    return {"documents": documents, "claims": claims, "verdicts": verdicts,
            "scores_documents": scores, "predictions": predictions}


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return _tables()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


_SAVE_SCRIPT = """
import sys
import matplotlib
matplotlib.use("Agg")
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from test_plot import _tables, NOTE
from analysis.plot import reliability_by_source, save_figure
fig, data = reliability_by_source(_tables()["scores_documents"])
save_figure(fig, data, "headline", Path(sys.argv[3]), NOTE)
"""


def test_resave_is_byte_identical_across_processes(tmp_path: Path) -> None:
    folders = [tmp_path / "first", tmp_path / "second"]
    tests_dir = str(Path(__file__).resolve().parent)
    for folder in folders:
        subprocess.run([sys.executable, "-W", "error", "-c", _SAVE_SCRIPT, str(SRC), tests_dir,
                        str(folder)], check=True)
    first, second = (_digests(folder) for folder in folders)
    assert sorted(first) == ["headline.csv", "headline.pdf", "headline.png", "headline.svg"]
    assert first == second


def test_resave_in_process_is_byte_identical(tmp_path: Path, tables) -> None:
    for folder in ("a", "b"):
        fig, data = plot.verdict_composition(tables["claims"], tables["verdicts"],
                                             tables["documents"])
        plot.save_figure(fig, data, "verdicts", tmp_path / folder, NOTE)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_export_all_writes_every_format(tmp_path: Path, tables) -> None:
    before = plt.get_fignums()
    paths = plot.export_all(tables, tmp_path, NOTE)
    names = ["reliability-by-source", "verdicts-by-source", "claimed-dates-timeline",
             "hedging-by-source", "prediction-calibration"]
    expected = {tmp_path / f"{name}.{ext}" for name in names
                for ext in ("svg", "pdf", "png", "csv")}
    assert set(paths) == expected
    assert all(path.stat().st_size > 0 for path in paths)
    assert plt.get_fignums() == before  # every figure was closed
    csv = (tmp_path / "reliability-by-source.csv").read_bytes()
    assert b"\r\n" not in csv
    assert NOTE in (tmp_path / "reliability-by-source.svg").read_text(encoding="utf-8")


def test_csv_is_rounded_and_sorted(tmp_path: Path, tables) -> None:
    fig, data = plot.prediction_calibration(tables["predictions"])
    plot.save_figure(fig, data, "calibration", tmp_path, NOTE)
    written = pd.read_csv(tmp_path / "calibration.csv")
    assert list(written.columns) == list(data.columns)
    assert written["bin_lo"].is_monotonic_increasing
    for value in written["ci_low"]:
        assert round(value, 4) == value


@pytest.mark.parametrize("which", ["none", "empty_frames", "no_rows"])
def test_empty_input_does_not_raise(tmp_path: Path, tables, which: str) -> None:
    if which == "none":
        empty: dict[str, pd.DataFrame] = {}
    elif which == "empty_frames":
        empty = {key: pd.DataFrame() for key in tables}
    else:
        empty = {key: table.iloc[0:0] for key, table in tables.items()}
    paths = plot.export_all(empty, tmp_path, NOTE)
    assert len(paths) == 20
    assert all(path.exists() for path in paths)


def test_headline_is_sorted_by_reliability(tables) -> None:
    fig, data = plot.reliability_by_source(tables["scores_documents"])
    plt.close(fig)
    assert list(data["doc_id"]) == ["d3", "d1", "d2"]
    known = data["reliability"].dropna()
    assert known.is_monotonic_decreasing
    assert data["reliability"].isna().tolist() == [False, False, True]  # no score: last
    assert list(data["rank"]) == [1, 2, 3]
    assert data["label"].iloc[0] == "Gamma — d3"


def test_builders_return_labelled_figures(tables) -> None:
    built = [
        plot.reliability_by_source(tables["scores_documents"]),
        plot.verdict_composition(tables["claims"], tables["verdicts"], tables["documents"]),
        plot.claims_timeline(tables["claims"], tables["verdicts"], tables["documents"]),
        plot.hedging_profile(tables["claims"], tables["documents"]),
        plot.prediction_calibration(tables["predictions"]),
    ]
    for fig, data in built:
        ax = fig.axes[0]
        assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
        assert isinstance(data, pd.DataFrame) and not data.empty
        plt.close(fig)


def test_timeline_keeps_only_date_claims(tables) -> None:
    fig, data = plot.claims_timeline(tables["claims"], tables["verdicts"], tables["documents"])
    plt.close(fig)
    assert set(data["attribute"]) <= set(plot.DATE_ATTRIBUTES)
    assert sorted(data["claim_id"]) == ["c1", "c2", "c4", "c6"]
    assert (data["date_hi"] >= data["date_lo"]).all()


def test_hedging_shares_sum_to_one(tables) -> None:
    fig, data = plot.hedging_profile(tables["claims"], tables["documents"])
    plt.close(fig)
    modal = data[data["measure"] != "attributed"]
    assert np.allclose(modal.groupby("doc_id")["share"].sum(), 1.0)
    attributed = data[data["measure"] == "attributed"].set_index("doc_id")["share"]
    assert attributed["d1"] == pytest.approx(0.5)


def test_calibration_with_a_single_prediction() -> None:
    one = pd.DataFrame({"certainty": [0.6], "outcome": [1], "doc_id": ["d1"]})
    fig, data = plot.prediction_calibration(one)
    plt.close(fig)
    assert data[["bin_lo", "bin_hi", "n"]].iloc[0].tolist() == [0.4, 0.6, 1]
    assert data["observed_frequency"].iloc[0] == 1.0


def test_style_is_packaged() -> None:
    with plot.use_style():
        assert matplotlib.rcParams["svg.hashsalt"] == "analysis"
        assert not matplotlib.rcParams["axes.spines.top"]
