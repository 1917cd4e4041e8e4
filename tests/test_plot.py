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
    expected = {tmp_path / f"{name}.{ext}" for name in plot.FIGURES
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
    assert len(paths) == 4 * len(plot.FIGURES)
    assert all(path.exists() for path in paths)


def test_headline_is_sorted_by_reliability(tables) -> None:
    fig, data = plot.reliability_by_source(tables["scores_documents"], tables["documents"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Three · d3", "One · d1"]
    plt.close(fig)
    assert list(data["doc_id"]) == ["d3", "d1", "d2"]
    known = data["reliability"].dropna()
    assert known.is_monotonic_decreasing
    assert data["rank"].tolist()[:2] == [1, 2]
    assert pd.isna(data["rank"].iloc[2])  # no checkable claim: not ranked, not drawn
    assert data["label"].iloc[0] == "Three · d3"


def test_no_checkable_claims_are_not_ranked(tables) -> None:
    scores = tables["scores_documents"].assign(reliability=[0.4, 0.5, 0.8],
                                               reliability_low=[0.1, 0.01, 0.5],
                                               reliability_high=[0.7, 0.99, 0.95])
    fig, data = plot.reliability_by_source(scores, tables["documents"])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
    assert labels == ["Three · d3", "One · d1"]  # the 0.50 [0.01, 0.99] prior is not drawn
    assert "1 document without checkable claims not ranked" in texts
    assert data.set_index("doc_id")["rank"].isna().to_dict() == {"d3": False, "d1": False,
                                                                 "d2": True}


def test_labels_use_title_or_outlet_and_a_short_id() -> None:
    assert plot._doc_label("CarterMatt", "003_250ee7599e0001cc", "") == "CarterMatt · 003"
    assert plot._doc_label("X", "a-very-long-document-id", "Ballard renewed").startswith(
        "Ballard renewed · a-very-l")
    assert plot._doc_label("X", "007_x", "🚨 Breaking: renewed") == "Breaking: renewed · 007"


def _many(n: int) -> dict[str, pd.DataFrame]:
    """n documents, each with two dated claims, reliability falling with the index."""
    ids = [f"{i:03d}_doc" for i in range(n)]
    documents = pd.DataFrame({"doc_id": ids, "outlet": [f"Outlet {i % 7}" for i in range(n)],
                              "title": [f"Title {i}" for i in range(n)],
                              "published": pd.to_datetime(["2025-01-01"] * n),
                              "status": ["ok"] * n})
    claims = pd.DataFrame({
        "claim_id": [f"c{i}-{k}" for i in range(n) for k in range(2)],
        "doc_id": [d for d in ids for _ in range(2)],
        "attribute": ["premiere_date"] * (2 * n), "work": ["show"] * (2 * n),
        "season": [2] * (2 * n), "modality": ["asserted"] * (2 * n),
        "attribution": [""] * (2 * n),
        "date_lo": pd.to_datetime(["2025-07-01"] * (2 * n)),
        "date_hi": pd.to_datetime(["2025-07-31"] * (2 * n))})
    verdicts = claims[["claim_id", "doc_id"]].assign(verdict="supported")
    reliability = np.linspace(0.95, 0.05, n)
    scores = pd.DataFrame({"doc_id": ids, "outlet": documents["outlet"],
                           "reliability": reliability, "reliability_low": reliability - 0.05,
                           "reliability_high": reliability + 0.04, "n_checkable": 2})
    outlets = scores.groupby("outlet", as_index=False).agg(
        reliability=("reliability", "mean"), reliability_low=("reliability_low", "mean"),
        reliability_high=("reliability_high", "mean"), n_checkable=("n_checkable", "sum"),
        n_documents=("doc_id", "size"))
    facts = pd.DataFrame({"work": ["show"], "season": [2], "attribute": ["premiere_date"],
                          "value": ["2025-07-09"], "qualifier": [None]})
    return {"documents": documents, "claims": claims, "verdicts": verdicts,
            "scores_documents": scores, "scores_outlets": outlets, "truth_facts": facts,
            "predictions": pd.DataFrame()}


def test_one_row_order_shared_by_every_document_chart() -> None:
    t = _many(6)
    order = plot.document_order(t["scores_documents"], t["documents"])
    built = [plot.reliability_by_source(t["scores_documents"], t["documents"]),
             plot.verdict_composition(t["claims"], t["verdicts"], t["documents"], order),
             plot.claims_timeline(t["claims"], t["verdicts"], t["documents"], order,
                                  t["truth_facts"]),
             plot.hedging_profile(t["claims"], t["documents"], order)]
    for fig, _data in built:
        labels = [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
        assert labels == order["label"].tolist()
        plt.close(fig)


def test_large_corpora_show_the_extremes_with_bounded_size(tmp_path: Path) -> None:
    t = _many(300)
    paths = plot.export_all(t, tmp_path, NOTE)
    from PIL import Image

    for path in paths:
        if path.suffix == ".png":
            with Image.open(path) as image:
                assert image.size[0] * image.size[1] < 40e6, path.name  # pixels
                assert image.size[1] < 20 * 300, path.name  # under 20 inches tall
    headline = pd.read_csv(tmp_path / "reliability-by-source.csv")
    assert len(headline) == 300  # the full data is in the CSV
    assert headline["shown"].sum() == plot.MAX_DOCUMENTS
    shown = headline.sort_values("rank")["shown"].tolist()
    assert shown[:20] == [True] * 20 and shown[-20:] == [True] * 20
    assert not any(shown[20:-20])
    svg = (tmp_path / "verdicts-by-source.svg").read_text(encoding="utf-8")
    assert "Showing 40 of 300 documents" in svg


def test_timeline_draws_truth_dates_in_the_legend() -> None:
    t = _many(3)
    fig, _data = plot.claims_timeline(t["claims"], t["verdicts"], t["documents"],
                                      truth_facts=t["truth_facts"])
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
    assert "Date in the ground truth" in legend and "Publication date" in legend


def test_every_builder_call_shows_its_figure_in_a_notebook() -> None:
    """Leaving the house style must not switch the inline backend's interactive mode off,
    or every figure after the first goes missing from notebooks and the report."""
    import nbformat
    from nbclient import NotebookClient

    setup = ("import pandas as pd\nfrom analysis import plot\n"
             "s = pd.DataFrame({'doc_id': ['a'], 'outlet': ['x'], 'reliability': [0.5], "
             "'reliability_low': [0.1], 'reliability_high': [0.9], 'n_checkable': [2]})")
    draw = "fig, data = plot.reliability_by_source(s)"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup)]
                                        + [nbformat.v4.new_code_cell(draw) for _ in range(3)])
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    images = [sum("image/png" in output.get("data", {}) for output in cell.outputs)
              for cell in notebook.cells]
    assert images == [0, 1, 1, 1]
