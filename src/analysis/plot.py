"""Figures for the reliability analysis: five figure builders and one export path.

Every builder takes pipeline tables and returns ``(fig, plotted_data)`` without saving
anything; :func:`save_figure` is the one function that writes a figure to disk (SVG, PDF,
PNG and the plotted data as CSV), adds the source note, and keeps the bytes identical
across runs. :func:`export_all` builds and saves all five figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from analysis.config import INTERVAL_LEVEL
from analysis.schemas import DATE_ATTRIBUTES

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
VERDICT_ORDER: tuple[str, ...] = ("supported", "refuted", "not_enough_evidence", "pending")
VERDICT_COLORS: dict[str, str] = {
    "supported": "#0072B2",  # blue
    "refuted": "#D55E00",  # vermillion
    "not_enough_evidence": "#999999",  # grey
    "pending": "#E69F00",  # orange
}
VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported",
    "refuted": "Refuted",
    "not_enough_evidence": "Not enough evidence",
    "pending": "Pending",
}
UNJUDGED = "not_judged"
UNJUDGED_COLOR = "#000000"

# Paul Tol's "muted" palette, also colour-blind safe, kept apart from the verdict colours.
MODALITY_ORDER: tuple[str, ...] = (
    "asserted", "hedged", "predicted", "negated", "question", "quoted",
)
MODALITY_COLORS: dict[str, str] = {
    "asserted": "#332288",
    "hedged": "#88CCEE",
    "predicted": "#44AA99",
    "negated": "#CC6677",
    "question": "#DDCC77",
    "quoted": "#AA4499",
}
OTHER_COLOR = "#BBBBBB"
INK = "#222222"
MUTED = "#666666"

CALIBRATION_BINS: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
FORMATS: tuple[str, ...] = ("svg", "pdf", "png")
HASH_SALT = "analysis"
SOURCE_NOTE_GID = "source-note"

# Metadata that would otherwise carry the time of saving.
_METADATA: dict[str, dict[str, None]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
}

DOC_AXIS_LABEL = "Document (outlet — id)"
HEADER_PAD = 24  # title padding that leaves room for a column header above the axes

# ---------------------------------------------------------------------------------------------
# Style and export
# ---------------------------------------------------------------------------------------------


@contextmanager
def use_style() -> Iterator[None]:
    """Apply the packaged house style (``styles/analysis.mplstyle``) inside a ``with`` block."""
    resource = files(__package__ or "analysis") / "styles" / "analysis.mplstyle"
    with as_file(resource) as path, mpl.style.context(str(path)):
        yield


def _styled(builder: Callable[..., tuple[Figure, pd.DataFrame]]) -> Callable:
    """Run a figure builder inside the house style and fix its tick styling."""

    def wrapper(*args: object, **kwargs: object) -> tuple[Figure, pd.DataFrame]:
        with use_style():
            fig, data = builder(*args, **kwargs)
            for ax in fig.axes:
                _freeze_ticks(ax)
        return fig, data

    wrapper.__name__ = builder.__name__
    wrapper.__qualname__ = builder.__qualname__
    wrapper.__doc__ = builder.__doc__
    return wrapper


def _freeze_ticks(ax: Axes) -> None:
    """Create the first tick of each axis now, so later ticks copy the house style."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.majorTicks[0]
        axis.minorTicks[0]


def _add_source_note(fig: Figure, source_note: str) -> None:
    """Put the source note in small type just below the figure's bottom-left corner."""
    for text in list(fig.texts):
        if text.get_gid() == SOURCE_NOTE_GID:
            text.remove()
    if not source_note:
        return
    below = offset_copy(fig.transFigure, fig=fig, y=-6, units="points")
    fig.text(
        0.01, 0.0, source_note, transform=below, ha="left", va="top",
        fontsize=7, color=MUTED, wrap=True, gid=SOURCE_NOTE_GID,
    )


def _sorted_for_csv(data: pd.DataFrame) -> pd.DataFrame:
    """Floats rounded to 4 places; rows sorted by all columns, left to right."""
    tidy = data.reset_index(drop=True)
    floats = tidy.select_dtypes(include="floating").columns
    tidy[floats] = tidy[floats].round(4)
    if tidy.empty or tidy.columns.empty:
        return tidy
    columns = list(tidy.columns)
    try:
        return tidy.sort_values(columns, kind="mergesort", na_position="last")
    except TypeError:  # mixed types in a column: fall back to the text form
        return tidy.sort_values(columns, kind="mergesort", key=lambda s: s.astype(str))


def _write_csv(data: pd.DataFrame, path: Path) -> None:
    """Write the plotted data with fixed line endings and encoding."""
    _sorted_for_csv(data).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def save_figure(
    fig: Figure, data: pd.DataFrame, name: str, out_dir: Path, source_note: str
) -> dict[str, Path]:
    """Export a figure as ``{name}.svg/.pdf/.png`` (PNG at 300 dpi) plus ``{name}.csv``.

    The CSV holds ``data`` (the plotted values) sorted by all columns, floats rounded to 4
    places. The source note is added at the bottom left. Files carry no time stamps and SVG
    ids are salted with a fixed salt, so re-running gives byte-identical files. The figure is
    closed afterwards. Returns the written paths keyed by extension.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _add_source_note(fig, source_note)
    paths: dict[str, Path] = {}
    try:
        with use_style(), mpl.rc_context({"svg.hashsalt": HASH_SALT}):
            for fmt in FORMATS:
                path = out_dir / f"{name}.{fmt}"
                fig.savefig(
                    path, format=fmt, dpi=300, bbox_inches="tight", metadata=_METADATA[fmt]
                )
                paths[fmt] = path
    finally:
        plt.close(fig)
    paths["csv"] = out_dir / f"{name}.csv"
    _write_csv(data, paths["csv"])
    return paths


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _new_figure(height: float, width: float = 8.0) -> tuple[Figure, Axes]:
    """A figure with one axes and constrained layout (no tight_layout warnings)."""
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def _no_data_figure(
    title: str, xlabel: str, ylabel: str, columns: list[str], message: str = "No data"
) -> tuple[Figure, pd.DataFrame]:
    """A placeholder figure saying there is nothing to plot, with an empty data frame."""
    fig, ax = _new_figure(3.2, 6.0)
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            color=MUTED, fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, pd.DataFrame({column: [] for column in columns})


def _with_columns(table: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """A copy of ``table`` holding at least ``columns`` (missing ones filled with NA)."""
    table = pd.DataFrame() if table is None else table.copy()
    for column in columns:
        if column not in table.columns:
            table[column] = pd.Series(pd.NA, index=table.index, dtype="object")
    return table


def _naive_dates(values: pd.Series) -> pd.Series:
    """Datetimes without time zone (converted to UTC first); unparseable values become NaT."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values
    parsed = pd.to_datetime(values.astype("object"), errors="coerce", utc=True,
                            format="mixed")
    return parsed.dt.tz_localize(None)


def _short_id(doc_id: object, width: int = 14) -> str:
    """A document id cut to ``width`` characters for axis labels."""
    text = str(doc_id)
    return text if len(text) <= width else text[: width - 1] + "…"


def _doc_label(outlet: object, doc_id: object) -> str:
    """Axis label ``outlet — short id``; long outlet names are cut."""
    name = "unknown" if pd.isna(outlet) or str(outlet) == "" else str(outlet)
    if len(name) > 28:
        name = name[:27] + "…"
    return f"{name} — {_short_id(doc_id)}"


def _documents_index(doc_ids: pd.Series, documents: pd.DataFrame | None) -> pd.DataFrame:
    """Input: doc ids and documents (doc_id, outlet, published).

    Output: one row per distinct doc id with columns row, label, doc_id, outlet, published,
    sorted by label (row 0 is drawn at the top).
    """
    docs = _with_columns(documents, ["doc_id", "outlet", "published"])
    docs = docs.drop_duplicates("doc_id")[["doc_id", "outlet", "published"]]
    ids = pd.DataFrame({"doc_id": pd.unique(doc_ids.dropna().astype(str))})
    docs["doc_id"] = docs["doc_id"].astype(str)
    index = ids.merge(docs, on="doc_id", how="left")
    index["outlet"] = index["outlet"].fillna("unknown").astype(str)
    index["published"] = _naive_dates(index["published"])
    index["label"] = [_doc_label(o, d) for o, d in zip(index["outlet"], index["doc_id"],
                                                      strict=True)]
    index = index.sort_values(["label", "doc_id"], kind="mergesort").reset_index(drop=True)
    index.insert(0, "row", np.arange(len(index)))
    return index[["row", "label", "doc_id", "outlet", "published"]]


def _verdict_rows(claims: pd.DataFrame | None, verdicts: pd.DataFrame | None) -> pd.DataFrame:
    """Input: claims (claim_id, doc_id) and verdicts (claim_id, doc_id, verdict).

    Output: claim_id, doc_id, verdict; one row per claim found in either table. Claims
    without a verdict get ``not_judged``; the verdict's doc_id is completed from claims.
    """
    c = _with_columns(claims, ["claim_id", "doc_id"])[["claim_id", "doc_id"]]
    v = _with_columns(verdicts, ["claim_id", "doc_id", "verdict"])[
        ["claim_id", "doc_id", "verdict"]
    ]
    c = c.astype({"claim_id": "object", "doc_id": "object"})
    v = v.astype({"claim_id": "object", "doc_id": "object", "verdict": "object"})
    rows = c.merge(v, on="claim_id", how="outer", suffixes=("_claim", ""))
    rows["doc_id"] = rows["doc_id"].where(rows["doc_id"].notna(), rows["doc_id_claim"])
    rows["verdict"] = rows["verdict"].where(rows["verdict"].notna(), UNJUDGED)
    rows = rows.dropna(subset=["doc_id"])
    return rows[["claim_id", "doc_id", "verdict"]].reset_index(drop=True)


def _doc_axis(ax: Axes, index: pd.DataFrame) -> None:
    """One labelled row per document, first row at the top."""
    ax.set_yticks(index["row"].to_numpy(), labels=index["label"].tolist())
    ax.set_ylim(len(index) - 0.5, -0.5)
    ax.set_ylabel(DOC_AXIS_LABEL)
    ax.tick_params(axis="y", length=0)


def _row_height(n_rows: int, per_row: float = 0.34, extra: float = 1.8) -> float:
    """Figure height in inches for ``n_rows`` labelled rows."""
    return max(3.0, per_row * n_rows + extra)


def _verdict_handles(verdicts: list[str]) -> list[Patch]:
    """Legend patches for the given verdicts, in the fixed verdict order."""
    handles = [Patch(color=VERDICT_COLORS[v], label=VERDICT_LABELS[v]) for v in VERDICT_ORDER]
    if UNJUDGED in verdicts:
        handles.append(Patch(color=UNJUDGED_COLOR, label="Not judged"))
    return handles


def _legend_right(ax: Axes, handles: list, title: str | None = None, x: float = 1.01) -> None:
    """Legend outside the axes, to the right (constrained layout makes room for it)."""
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, 1.0), title=title,
              alignment="left")


# ---------------------------------------------------------------------------------------------
# Headline: reliability per document
# ---------------------------------------------------------------------------------------------

RELIABILITY_COLUMNS = [
    "rank", "label", "doc_id", "outlet", "reliability", "reliability_low",
    "reliability_high", "n_checkable",
]
RELIABILITY_TITLE = "Reliability of each source document"
RELIABILITY_XLABEL = f"Reliability (posterior mean, {INTERVAL_LEVEL:.0%} interval)"


def _reliability_data(scores_documents: pd.DataFrame) -> pd.DataFrame:
    """Input: scores_documents. Output: RELIABILITY_COLUMNS, most reliable first, NaN last."""
    cols = ["doc_id", "outlet", "reliability", "reliability_low", "reliability_high",
            "n_checkable"]
    data = _with_columns(scores_documents, cols)[cols]
    for col in cols[2:]:
        data[col] = pd.to_numeric(data[col], errors="coerce").astype(float)
    data["label"] = [_doc_label(o, d) for o, d in zip(data["outlet"], data["doc_id"],
                                                     strict=True)]
    data = data.sort_values(["reliability", "label", "doc_id"], ascending=[False, True, True],
                            na_position="last", kind="mergesort").reset_index(drop=True)
    data["rank"] = np.arange(1, len(data) + 1)
    return data[RELIABILITY_COLUMNS]


def _draw_intervals(ax: Axes, data: pd.DataFrame, y: np.ndarray) -> None:
    """Points at the reliability with error bars from the low to the high bound."""
    ok = data["reliability"].notna().to_numpy()
    if not ok.any():
        return
    mean = data["reliability"].to_numpy(float)[ok]
    low = data["reliability_low"].to_numpy(float)[ok]
    high = data["reliability_high"].to_numpy(float)[ok]
    low = np.where(np.isnan(low), mean, low)
    high = np.where(np.isnan(high), mean, high)
    xerr = np.vstack([np.clip(mean - low, 0, None), np.clip(high - mean, 0, None)])
    bars = ax.errorbar(mean, y[ok], xerr=xerr, fmt="o", color=VERDICT_COLORS["supported"],
                       ecolor=VERDICT_COLORS["supported"], elinewidth=1.6, capsize=3,
                       markersize=6, markeredgecolor="white", zorder=3)
    for artist in bars.get_children():
        artist.set_clip_on(False)  # points at exactly 0 or 1 stay whole


def _annotate_reliability_rows(ax: Axes, data: pd.DataFrame, y: np.ndarray) -> None:
    """'no checkable claims' for NaN rows; the number of checkable claims at the right."""
    right = ax.get_yaxis_transform()
    for yi, rel, n in zip(y, data["reliability"], data["n_checkable"], strict=True):
        if np.isnan(rel):
            ax.text(0.01, yi, "no checkable claims", ha="left", va="center", color=MUTED,
                    style="italic", fontsize=9)
        count = "–" if np.isnan(n) else f"{int(n)}"
        ax.text(1.02, yi, count, transform=right, ha="left", va="center", fontsize=8,
                color=INK, clip_on=False)
    ax.text(1.02, 1.0, "checkable\nclaims", transform=ax.transAxes, ha="left", va="bottom",
            fontsize=8, color=MUTED)


@_styled
def reliability_by_source(scores_documents: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Headline chart: one row per document, reliability with its credible interval.

    Input: scores_documents (doc_id, outlet, reliability, reliability_low, reliability_high,
    n_checkable). Output: the figure and the plotted data with columns rank, label, doc_id,
    outlet, reliability, reliability_low, reliability_high, n_checkable, sorted by
    reliability (highest first; documents without checkable claims last).
    """
    data = _reliability_data(scores_documents)
    if data.empty:
        return _no_data_figure(RELIABILITY_TITLE, RELIABILITY_XLABEL, DOC_AXIS_LABEL,
                               RELIABILITY_COLUMNS)
    fig, ax = _new_figure(_row_height(len(data)))
    y = np.arange(len(data), dtype=float)
    ax.grid(axis="x")
    _draw_intervals(ax, data, y)
    _annotate_reliability_rows(ax, data, y)
    ax.set_yticks(y, labels=data["label"].tolist())
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, 1)
    ax.set_xlabel(RELIABILITY_XLABEL)
    ax.set_ylabel(DOC_AXIS_LABEL)
    ax.set_title(RELIABILITY_TITLE, pad=HEADER_PAD)
    return fig, data


# ---------------------------------------------------------------------------------------------
# Verdict composition per document
# ---------------------------------------------------------------------------------------------

COMPOSITION_COLUMNS = ["row", "label", "doc_id", "outlet", "verdict", "n_claims"]
COMPOSITION_TITLE = "Verdicts on each document's claims"
COMPOSITION_XLABEL = "Claims (count)"


def _composition_data(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """Output: COMPOSITION_COLUMNS, one row per document and verdict (zero counts kept)."""
    rows = _verdict_rows(claims, verdicts)
    if rows.empty:
        return pd.DataFrame({column: [] for column in COMPOSITION_COLUMNS})
    index = _documents_index(rows["doc_id"], documents)
    order = list(VERDICT_ORDER) + ([UNJUDGED] if (rows["verdict"] == UNJUDGED).any() else [])
    rows = rows[rows["verdict"].isin(order)]
    counts = rows.groupby(["doc_id", "verdict"]).size().rename("n_claims").reset_index()
    grid = index[["row", "label", "doc_id", "outlet"]].merge(
        pd.DataFrame({"verdict": order}), how="cross"
    )
    data = grid.merge(counts, on=["doc_id", "verdict"], how="left")
    data["n_claims"] = data["n_claims"].fillna(0).astype(int)
    data["verdict_order"] = data["verdict"].map({v: i for i, v in enumerate(order)})
    data = data.sort_values(["row", "verdict_order"], kind="mergesort")
    return data[COMPOSITION_COLUMNS].reset_index(drop=True)


@_styled
def verdict_composition(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame
) -> tuple[Figure, pd.DataFrame]:
    """Stacked horizontal bars: how many of each document's claims got each verdict.

    Input: claims (claim_id, doc_id), verdicts (claim_id, doc_id, verdict), documents
    (doc_id, outlet). Output: the figure and the plotted data with columns row, label,
    doc_id, outlet, verdict, n_claims (claims without a verdict count as ``not_judged``).
    """
    data = _composition_data(claims, verdicts, documents)
    if data.empty:
        return _no_data_figure(COMPOSITION_TITLE, COMPOSITION_XLABEL, DOC_AXIS_LABEL,
                               COMPOSITION_COLUMNS)
    index = data.drop_duplicates("row")[["row", "label"]]
    fig, ax = _new_figure(_row_height(len(index)))
    left = np.zeros(len(index))
    for verdict, part in data.groupby("verdict", sort=False):
        counts = part.sort_values("row")["n_claims"].to_numpy(float)
        color = VERDICT_COLORS.get(str(verdict), UNJUDGED_COLOR)
        ax.barh(index["row"].to_numpy(), counts, left=left, color=color, height=0.7,
                edgecolor="white", linewidth=0.6)
        left += counts
    for row, total in zip(index["row"], left, strict=True):
        ax.annotate(f"{int(total)}", (total, row), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8, color=INK)
    _doc_axis(ax, index)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(1.0, float(left.max()) * 1.08))
    ax.grid(axis="x")
    ax.set_xlabel(COMPOSITION_XLABEL)
    ax.set_title(COMPOSITION_TITLE)
    _legend_right(ax, _verdict_handles(data["verdict"].unique().tolist()), title="Verdict")
    return fig, data


# ---------------------------------------------------------------------------------------------
# Timeline of claimed dates
# ---------------------------------------------------------------------------------------------

TIMELINE_COLUMNS = [
    "row", "label", "doc_id", "outlet", "date_lo", "date_hi", "claim_id", "attribute",
    "verdict", "published", "y",
]
TIMELINE_TITLE = "Claimed premiere and production dates, by document"
TIMELINE_XLABEL = "Claimed date (calendar date; bars span the claimed interval)"
ATTRIBUTE_MARKERS = {"premiere_date": "o", "production_period": "s"}
ATTRIBUTE_LABELS = {"premiere_date": "Premiere date", "production_period": "Production period"}


def _timeline_data(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """Output: TIMELINE_COLUMNS, one row per date-valued claim; ``y`` is its drawn position."""
    c = _with_columns(claims, ["claim_id", "doc_id", "attribute", "date_lo", "date_hi"])
    c = c.loc[c["attribute"].isin(DATE_ATTRIBUTES),
              ["claim_id", "doc_id", "attribute", "date_lo", "date_hi"]].copy()
    c["date_lo"] = _naive_dates(c["date_lo"])
    c["date_hi"] = _naive_dates(c["date_hi"])
    c = c[c["date_lo"].notna()]
    if c.empty:
        return pd.DataFrame({column: [] for column in TIMELINE_COLUMNS})
    c["date_hi"] = c["date_hi"].where(c["date_hi"].notna(), c["date_lo"])
    c = c.astype({"claim_id": "object", "doc_id": "object"})
    verdict_of = _verdict_rows(c, verdicts).drop_duplicates("claim_id")
    c = c.merge(verdict_of[["claim_id", "verdict"]], on="claim_id", how="left")
    c["verdict"] = c["verdict"].fillna(UNJUDGED)
    index = _documents_index(c["doc_id"], documents)
    c["doc_id"] = c["doc_id"].astype(str)
    data = index.merge(c, on="doc_id", how="inner")
    return _stack_within_rows(data)[TIMELINE_COLUMNS]


def _stack_within_rows(data: pd.DataFrame) -> pd.DataFrame:
    """Spread a document's claims over its row band, in date order (adds column ``y``)."""
    data = data.sort_values(["row", "date_lo", "date_hi", "claim_id"], kind="mergesort")
    data = data.reset_index(drop=True)
    position = data.groupby("row").cumcount().to_numpy(float)
    size = data.groupby("row")["row"].transform("size").to_numpy(float)
    step = 0.6 / max(1.0, float(size.max()))
    data["y"] = data["row"] + (position - (size - 1) / 2) * step
    return data


def _timeline_row_height(data: pd.DataFrame) -> float:
    """Height per document row so that stacked segments do not touch."""
    most = int(data.groupby("row").size().max())
    return max(0.4, 0.14 * most + 0.15)


def _draw_claim_segments(ax: Axes, data: pd.DataFrame) -> None:
    """Each claim as a bar from date_lo to date_hi, with a marker at its middle."""
    colors = [VERDICT_COLORS.get(v, UNJUDGED_COLOR) for v in data["verdict"]]
    ax.hlines(data["y"].to_numpy(), data["date_lo"].to_numpy(), data["date_hi"].to_numpy(),
              colors=colors, linewidth=5, zorder=2)
    middle = data["date_lo"] + (data["date_hi"] - data["date_lo"]) / 2
    for attribute, marker in ATTRIBUTE_MARKERS.items():
        mask = (data["attribute"] == attribute).to_numpy()
        if mask.any():
            ax.scatter(middle[mask].to_numpy(), data["y"].to_numpy()[mask], marker=marker,
                       c=[colors[i] for i in np.flatnonzero(mask)], s=36,
                       edgecolors="white", linewidths=0.8, zorder=3)


def _draw_publication_dates(ax: Axes, index: pd.DataFrame) -> bool:
    """A dashed vertical line in each document's row at its publication date."""
    dated = index[index["published"].notna()]
    if dated.empty:
        return False
    rows = dated["row"].to_numpy(float)
    ax.vlines(dated["published"].to_numpy(), rows - 0.45, rows + 0.45, colors=INK,
              linestyles="dashed", linewidth=1.0, zorder=1)
    return True


def _timeline_handles(data: pd.DataFrame, has_publication: bool) -> list:
    """Legend: verdict colours, attribute markers, publication line."""
    handles: list = _verdict_handles(data["verdict"].unique().tolist())
    for attribute, marker in ATTRIBUTE_MARKERS.items():
        if (data["attribute"] == attribute).any():
            handles.append(Line2D([], [], marker=marker, color=MUTED, linestyle="none",
                                  label=ATTRIBUTE_LABELS[attribute]))
    if has_publication:
        handles.append(Line2D([], [], color=INK, linestyle="dashed", linewidth=1.0,
                              label="Publication date"))
    return handles


@_styled
def claims_timeline(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame
) -> tuple[Figure, pd.DataFrame]:
    """Date-valued claims (premiere_date, production_period) as intervals on a date axis.

    Input: claims (claim_id, doc_id, attribute, date_lo, date_hi), verdicts (claim_id,
    verdict), documents (doc_id, outlet, published). Output: the figure and the plotted data
    with columns row, label, doc_id, outlet, date_lo, date_hi, claim_id, attribute, verdict,
    published, y (one row per claim; date_hi defaults to date_lo).
    """
    data = _timeline_data(claims, verdicts, documents)
    if data.empty:
        return _no_data_figure(TIMELINE_TITLE, TIMELINE_XLABEL, DOC_AXIS_LABEL,
                               TIMELINE_COLUMNS)
    index = data.drop_duplicates("row")[["row", "label", "published"]]
    height = _timeline_row_height(data) * len(index) + 1.8
    fig, ax = _new_figure(max(3.0, height), width=9.0)
    _draw_claim_segments(ax, data)
    has_publication = _draw_publication_dates(ax, index)
    _doc_axis(ax, index)
    for edge in index["row"].to_numpy(float)[:-1] + 0.5:
        ax.axhline(edge, color="#E5E5E5", linewidth=0.8, zorder=0)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x")
    ax.set_xlabel(TIMELINE_XLABEL)
    ax.set_title(TIMELINE_TITLE)
    _legend_right(ax, _timeline_handles(data, has_publication))
    return fig, data


# ---------------------------------------------------------------------------------------------
# Hedging profile
# ---------------------------------------------------------------------------------------------

HEDGING_COLUMNS = ["row", "label", "doc_id", "outlet", "measure", "n", "share", "n_claims"]
HEDGING_TITLE = "How each document frames its claims"
HEDGING_XLABEL = "Share of the document's claims (0–1)"
ATTRIBUTED = "attributed"


def _hedging_data(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Output: HEDGING_COLUMNS; per document one row per modality and one ``attributed`` row."""
    c = _with_columns(claims, ["claim_id", "doc_id", "modality", "attribution"])
    c = c[c["doc_id"].notna()].copy()
    if c.empty:
        return pd.DataFrame({column: [] for column in HEDGING_COLUMNS})
    c["doc_id"] = c["doc_id"].astype(str)
    c["modality"] = c["modality"].fillna("unknown").astype(str)
    c["attributed"] = c["attribution"].fillna("").astype(str).str.strip() != ""
    measures = _modality_order(c["modality"]) + [ATTRIBUTED]
    counts = c.groupby(["doc_id", "modality"]).size().rename("n").reset_index()
    counts = counts.rename(columns={"modality": "measure"})
    attributed = c.groupby("doc_id")["attributed"].sum().rename("n").reset_index()
    counts = pd.concat([counts, attributed.assign(measure=ATTRIBUTED)], ignore_index=True)
    index = _documents_index(c["doc_id"], documents)
    grid = index[["row", "label", "doc_id", "outlet"]].merge(
        pd.DataFrame({"measure": measures}), how="cross"
    )
    data = grid.merge(counts, on=["doc_id", "measure"], how="left")
    data["n"] = data["n"].fillna(0).astype(int)
    totals = c.groupby("doc_id").size()
    data["n_claims"] = data["doc_id"].map(totals).astype(int)
    data["share"] = data["n"] / data["n_claims"]
    data["measure_order"] = data["measure"].map({m: i for i, m in enumerate(measures)})
    data = data.sort_values(["row", "measure_order"], kind="mergesort")
    return data[HEDGING_COLUMNS].reset_index(drop=True)


def _modality_order(values: pd.Series) -> list[str]:
    """Known modalities in their fixed order, then any others alphabetically."""
    present = set(values)
    extra = sorted(present - set(MODALITY_ORDER))
    return [m for m in MODALITY_ORDER if m in present] + extra


@_styled
def hedging_profile(claims: pd.DataFrame, documents: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Per document, the share of claims by modality, and the share that is attributed.

    Input: claims (doc_id, modality, attribution), documents (doc_id, outlet). Output: the
    figure and the plotted data with columns row, label, doc_id, outlet, measure (a modality
    or ``attributed``), n, share, n_claims. Modality shares of a document sum to 1; the
    attributed share is drawn as a separate marker.
    """
    data = _hedging_data(claims, documents)
    if data.empty:
        return _no_data_figure(HEDGING_TITLE, HEDGING_XLABEL, DOC_AXIS_LABEL, HEDGING_COLUMNS)
    index = data.drop_duplicates("row")[["row", "label", "n_claims"]]
    fig, ax = _new_figure(_row_height(len(index)), width=8.5)
    rows = index["row"].to_numpy()
    left = np.zeros(len(index))
    handles: list = []
    for measure, part in data[data["measure"] != ATTRIBUTED].groupby("measure", sort=False):
        share = part.sort_values("row")["share"].to_numpy(float)
        color = MODALITY_COLORS.get(str(measure), OTHER_COLOR)
        ax.barh(rows, share, left=left, height=0.7, color=color, edgecolor="white",
                linewidth=0.6)
        handles.append(Patch(color=color, label=str(measure).capitalize()))
        left += share
    attributed = data[data["measure"] == ATTRIBUTED].sort_values("row")
    ax.scatter(attributed["share"].to_numpy(float), rows, marker="D", s=36, color=INK,
               edgecolors="white", linewidths=0.8, zorder=3)
    handles.append(Line2D([], [], marker="D", color=INK, linestyle="none",
                          label="Attributed to a source"))
    _annotate_counts(ax, index)
    _doc_axis(ax, index)
    ax.set_xlim(0, 1)
    ax.set_xlabel(HEDGING_XLABEL)
    ax.set_title(HEDGING_TITLE, pad=HEADER_PAD)
    _legend_right(ax, handles, title="Modality", x=1.09)
    return fig, data


def _annotate_counts(ax: Axes, index: pd.DataFrame) -> None:
    """Number of claims per row, just right of the axes."""
    right = ax.get_yaxis_transform()
    for row, n in zip(index["row"], index["n_claims"], strict=True):
        ax.text(1.01, row, f"{int(n)}", transform=right, ha="left", va="center", fontsize=8,
                color=INK, clip_on=False)
    ax.text(1.01, 1.0, "claims", transform=ax.transAxes, ha="left", va="bottom", fontsize=8,
            color=MUTED)


# ---------------------------------------------------------------------------------------------
# Calibration of predictions
# ---------------------------------------------------------------------------------------------

CALIBRATION_COLUMNS = [
    "bin_lo", "bin_hi", "n", "mean_certainty", "observed_frequency", "ci_low", "ci_high",
]
CALIBRATION_TITLE = "Calibration of stated certainty"
CALIBRATION_XLABEL = "Stated certainty (mean within bin, probability 0–1)"
CALIBRATION_YLABEL = "Observed frequency (share that came true, 0–1)"
_Z95 = 1.959964


def _wilson_interval(k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval for k successes out of n (n > 0)."""
    p = k / n
    denom = 1 + _Z95**2 / n
    centre = (p + _Z95**2 / (2 * n)) / denom
    half = _Z95 * np.sqrt(p * (1 - p) / n + _Z95**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _calibration_data(predictions: pd.DataFrame) -> pd.DataFrame:
    """Input: predictions (certainty, outcome 0/1). Output: CALIBRATION_COLUMNS per
    non-empty bin; bins are (lo, hi] except the first, which includes 0."""
    p = _with_columns(predictions, ["certainty", "outcome"])
    certainty = pd.to_numeric(p["certainty"], errors="coerce").astype(float)
    outcome = pd.to_numeric(p["outcome"], errors="coerce").astype(float)
    keep = certainty.notna() & outcome.notna()
    certainty, outcome = certainty[keep].clip(0, 1), outcome[keep]
    if certainty.empty:
        return pd.DataFrame({column: [] for column in CALIBRATION_COLUMNS})
    edges = np.asarray(CALIBRATION_BINS)
    bin_index = np.clip(np.searchsorted(edges, certainty.to_numpy(), side="left") - 1,
                        0, len(edges) - 2)
    frame = pd.DataFrame({"bin": bin_index, "certainty": certainty.to_numpy(),
                          "outcome": outcome.to_numpy()})
    grouped = frame.groupby("bin").agg(n=("outcome", "size"), k=("outcome", "sum"),
                                       mean_certainty=("certainty", "mean")).reset_index()
    n = grouped["n"].to_numpy(float)
    k = grouped["k"].to_numpy(float)
    grouped["observed_frequency"] = k / n
    grouped["ci_low"], grouped["ci_high"] = _wilson_interval(k, n)
    grouped["bin_lo"] = edges[grouped["bin"].to_numpy()]
    grouped["bin_hi"] = edges[grouped["bin"].to_numpy() + 1]
    return grouped[CALIBRATION_COLUMNS]


def _label_bins(ax: Axes, x: np.ndarray, y: np.ndarray, n: np.ndarray) -> None:
    """'n = k' beside each point, on the side facing the middle of the plot."""
    for xi, yi, ni in zip(x, y, n, strict=True):
        dx, ha = (-12, "right") if xi > 0.75 else (12, "left")
        dy, va = (8, "bottom") if yi < 0.5 else (-8, "top")
        ax.annotate(f"n = {int(ni)}", (xi, yi), xytext=(dx, dy), textcoords="offset points",
                    ha=ha, va=va, fontsize=8, color=INK)


@_styled
def prediction_calibration(predictions: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Reliability diagram: observed frequency against mean stated certainty per bin.

    Input: predictions (certainty 0–1, outcome 0/1, doc_id). Certainty is binned at
    0, 0.2, ..., 1.0; point area grows with the number of predictions in the bin and error
    bars are 95% Wilson intervals. Output: the figure and the plotted data with columns
    bin_lo, bin_hi, n, mean_certainty, observed_frequency, ci_low, ci_high.
    """
    data = _calibration_data(predictions)
    if data.empty:
        return _no_data_figure(CALIBRATION_TITLE, CALIBRATION_XLABEL, CALIBRATION_YLABEL,
                               CALIBRATION_COLUMNS)
    fig, ax = _new_figure(5.4, width=6.2)
    for edge in CALIBRATION_BINS[1:-1]:
        ax.axvline(edge, color="#EEEEEE", linewidth=0.8, zorder=0)
    ax.plot([0, 1], [0, 1], linestyle="dashed", color=MUTED, linewidth=1.0, zorder=1)
    x = data["mean_certainty"].to_numpy(float)
    y = data["observed_frequency"].to_numpy(float)
    n = data["n"].to_numpy(float)
    yerr = np.vstack([np.clip(y - data["ci_low"].to_numpy(float), 0, None),
                      np.clip(data["ci_high"].to_numpy(float) - y, 0, None)])
    ax.errorbar(x, y, yerr=yerr, fmt="none", ecolor=MUTED, elinewidth=1.0, capsize=3,
                zorder=2)
    ax.scatter(x, y, s=40 + 260 * n / n.max(), color=VERDICT_COLORS["supported"],
               edgecolors="white", linewidths=1.0, zorder=3)
    _label_bins(ax, x, y, n)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel(CALIBRATION_XLABEL)
    ax.set_ylabel(CALIBRATION_YLABEL)
    ax.set_title(CALIBRATION_TITLE)
    handles = [
        Line2D([], [], linestyle="dashed", color=MUTED, label="Perfect calibration"),
        Line2D([], [], marker="o", linestyle="none", color=VERDICT_COLORS["supported"],
               label="Bin (area ∝ predictions)"),
    ]
    ax.legend(handles=handles, loc="upper left")
    return fig, data


# ---------------------------------------------------------------------------------------------
# Export everything
# ---------------------------------------------------------------------------------------------


def _table(tables: dict[str, pd.DataFrame], key: str) -> pd.DataFrame:
    """The named table, or an empty frame when it is missing."""
    table = tables.get(key)
    return pd.DataFrame() if table is None else table


def export_all(
    tables: dict[str, pd.DataFrame], out_dir: Path, source_note: str
) -> list[Path]:
    """Build all five figures and save each via :func:`save_figure`.

    Input: ``tables`` with keys documents, claims, verdicts, scores_documents, predictions
    (missing tables give "no data" figures). Output: the written paths, per figure in the
    order svg, pdf, png, csv.
    """
    t = {key: _table(tables, key) for key in
         ("documents", "claims", "verdicts", "scores_documents", "predictions")}
    builders: list[tuple[str, Callable[[], tuple[Figure, pd.DataFrame]]]] = [
        ("reliability-by-source", lambda: reliability_by_source(t["scores_documents"])),
        ("verdicts-by-source",
         lambda: verdict_composition(t["claims"], t["verdicts"], t["documents"])),
        ("claimed-dates-timeline",
         lambda: claims_timeline(t["claims"], t["verdicts"], t["documents"])),
        ("hedging-by-source", lambda: hedging_profile(t["claims"], t["documents"])),
        ("prediction-calibration", lambda: prediction_calibration(t["predictions"])),
    ]
    written: list[Path] = []
    for name, build in builders:
        fig, data = build()
        written.extend(save_figure(fig, data, name, Path(out_dir), source_note).values())
    return written
