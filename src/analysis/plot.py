"""Figures for the reliability analysis: the figure builders and one export path.

Every builder takes pipeline tables and returns ``(fig, plotted_data)`` without saving
anything; :func:`save_figure` is the one function that writes a figure to disk (SVG, PDF,
PNG and the plotted data as CSV), adds the source note, and keeps the bytes identical
across runs. :func:`export_all` builds and saves them all.
"""

from __future__ import annotations

import unicodedata
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
from analysis.outputs import write_csv
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

DOC_AXIS_LABEL = "Document (title or outlet · id)"
# Every figure a run writes, in report order (file stems under figures/).
FIGURES: tuple[str, ...] = ("reliability-by-source", "reliability-by-outlet",
                            "verdicts-by-source", "claimed-dates-timeline",
                            "hedging-by-source", "prediction-calibration")
MAX_DOCUMENTS = 40  # past this, per-document charts show the most and least reliable
HEADER_PAD = 24  # title padding that leaves room for a column header above the axes

# ---------------------------------------------------------------------------------------------
# Style and export
# ---------------------------------------------------------------------------------------------


@contextmanager
def use_style() -> Iterator[None]:
    """Apply the packaged house style (``styles/analysis.mplstyle``) inside a ``with`` block."""
    resource = files(__package__ or "analysis") / "styles" / "analysis.mplstyle"
    interactive = mpl.is_interactive()
    try:
        with as_file(resource) as path, mpl.style.context(str(path)):
            try:
                yield
            finally:  # a notebook backend set up inside the context turns interactive on
                interactive = mpl.is_interactive()
    finally:  # leaving the context would reset it, and later figures would not be shown
        mpl.interactive(interactive)


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
    write_csv(_sorted_for_csv(data), path)


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


def _short_id(doc_id: object, width: int = 10) -> str:
    """A short document id: its numeric prefix (``003`` of ``003_250ee…``) or its start."""
    text = str(doc_id)
    prefix = text.split("_", 1)[0]
    if "_" in text and 0 < len(prefix) <= 8:
        return prefix
    return text if len(text) <= width else text[: width - 1] + "…"


def _drawable(text: str) -> str:
    """Text without pictographs (emoji and other symbols the house font cannot draw)."""
    if not text.isascii():  # no ASCII character is a pictograph
        text = "".join(c for c in text if unicodedata.category(c) != "So")
    return " ".join(text.split())


def _doc_label(outlet: object, doc_id: object, title: object = None) -> str:
    """Axis label ``title · short id`` (the outlet when there is no title); long names cut."""
    name = "" if title is None or pd.isna(title) else _drawable(str(title))
    if not name:
        name = "unknown outlet" if pd.isna(outlet) or str(outlet) == "" else _drawable(str(outlet))
    if len(name) > 40:
        name = name[:39] + "…"
    return f"{name} · {_short_id(doc_id)}"


def document_order(scores_documents: pd.DataFrame, documents: pd.DataFrame | None = None,
                   limit: int = MAX_DOCUMENTS) -> pd.DataFrame:
    """The one row order of every per-document chart.

    Input: scores_documents (doc_id, outlet, reliability, n_checkable) and documents
    (doc_id, title). Output: doc_id, label, ranked (has checkable claims), shown; ranked
    documents first, most reliable first, then the unranked by label. Past ``limit``
    documents only the ``limit // 2`` most and least reliable are shown.
    """
    scores = _with_columns(scores_documents, ["doc_id", "outlet", "reliability",
                                              "n_checkable"])
    docs = _with_columns(documents, ["doc_id", "title"]).drop_duplicates("doc_id")
    table = scores[["doc_id", "outlet", "reliability", "n_checkable"]].merge(
        docs[["doc_id", "title"]], on="doc_id", how="left")
    table["label"] = [_doc_label(o, d, t) for o, d, t in zip(
        table["outlet"].tolist(), table["doc_id"].tolist(), table["title"].tolist(),
        strict=True)]
    table["ranked"] = pd.to_numeric(table["n_checkable"], errors="coerce").fillna(0) > 0
    table["reliability"] = pd.to_numeric(table["reliability"], errors="coerce")
    ranked = table[table["ranked"]].sort_values(
        ["reliability", "label", "doc_id"], ascending=[False, True, True], kind="mergesort")
    unranked = table[~table["ranked"]].sort_values(["label", "doc_id"], kind="mergesort")
    order = pd.concat([ranked, unranked], ignore_index=True)
    order["shown"] = True
    if len(order) > limit:
        half = limit // 2
        n = len(ranked)
        i = np.arange(len(order))
        order["shown"] = (i < half) | ((n - half <= i) & (i < n))
    return order[["doc_id", "label", "ranked", "shown"]]


def _documents_index(doc_ids: pd.Series, documents: pd.DataFrame | None,
                     order: pd.DataFrame | None = None) -> pd.DataFrame:
    """Input: doc ids, documents (doc_id, outlet, title, published) and optionally the
    shared :func:`document_order`.

    Output: one row per distinct doc id with columns row, label, doc_id, outlet, published,
    shown; in the shared order when given (else by label). ``row`` numbers the shown rows
    (row 0 is drawn at the top) and is -1 for the others.
    """
    docs = _with_columns(documents, ["doc_id", "outlet", "title", "published"])
    docs = docs.drop_duplicates("doc_id")[["doc_id", "outlet", "title", "published"]]
    ids = pd.DataFrame({"doc_id": pd.unique(doc_ids.dropna().astype(str))})
    docs["doc_id"] = docs["doc_id"].astype(str)
    index = ids.merge(docs, on="doc_id", how="left")
    index["outlet"] = index["outlet"].fillna("unknown").astype(str)
    index["published"] = _naive_dates(index["published"])
    if order is not None and len(order):
        ordered = order["doc_id"].astype(str).tolist()
        position = {d: i for i, d in enumerate(ordered)}
        shown = dict(zip(ordered, order["shown"].tolist(), strict=True))
        labels = dict(zip(ordered, order["label"].tolist(), strict=True))
        doc_ids = index["doc_id"].tolist()
        index["label"] = [labels.get(d) or _doc_label(o, d, t) for d, o, t in zip(
            doc_ids, index["outlet"].tolist(), index["title"].tolist(), strict=True)]
        index["position"] = [position.get(d, len(position)) for d in doc_ids]
        index["shown"] = [bool(shown.get(d, False)) for d in doc_ids]
        index = index.sort_values(["position", "label", "doc_id"], kind="mergesort")
    else:
        index["label"] = [_doc_label(o, d, t) for o, d, t in zip(
            index["outlet"].tolist(), index["doc_id"].tolist(), index["title"].tolist(),
            strict=True)]
        index = index.sort_values(["label", "doc_id"], kind="mergesort")
        index["shown"] = np.arange(len(index)) < MAX_DOCUMENTS
    index = index.reset_index(drop=True)
    index.insert(0, "row", np.where(index["shown"], index["shown"].cumsum() - 1, -1))
    return index[["row", "label", "doc_id", "outlet", "published", "shown"]]


def _verdict_rows(claims: pd.DataFrame | None, verdicts: pd.DataFrame | None) -> pd.DataFrame:
    """Input: claims (claim_id, doc_id) and verdicts (claim_id, doc_id, verdict).

    Output: claim_id, doc_id, verdict; one row per claim found in either table. Claims
    without a verdict get ``not_judged``; the verdict's doc_id is completed from claims.
    """
    if claims is not None and "verdict" in claims.columns:  # claims carrying their verdict
        rows = claims[["claim_id", "doc_id", "verdict"]].dropna(subset=["doc_id"])
        return rows.reset_index(drop=True)
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
    """Figure height in inches for ``n_rows`` labelled rows (at most MAX_DOCUMENTS rows)."""
    return max(3.0, per_row * min(n_rows, MAX_DOCUMENTS) + extra)


def _subset_note(ax: Axes, n_shown: int, n_total: int) -> None:
    """Under the axes: which documents a chart shows when it cannot show all."""
    if n_shown < n_total:
        ax.text(0.0, -0.09, f"Showing {n_shown} of {n_total} documents: the "
                f"{n_shown // 2} most and {n_shown - n_shown // 2} least reliable; "
                "all are in the CSV.", transform=ax.transAxes, ha="left", va="top",
                fontsize=8, color=MUTED)


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
    "reliability_high", "n_checkable", "shown",
]
RELIABILITY_TITLE = "Reliability of each source document"
RELIABILITY_XLABEL = f"Reliability (posterior mean, {INTERVAL_LEVEL:.0%} interval)"
OUTLET_COLUMNS = ["rank", "outlet", "n_documents", "reliability", "reliability_low",
                  "reliability_high", "n_checkable", "shown"]
OUTLET_TITLE = "Reliability of each outlet (its documents' claims pooled)"


def _reliability_data(scores_documents: pd.DataFrame,
                      documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Input: scores_documents (and documents for titles). Output: RELIABILITY_COLUMNS in
    :func:`document_order`; ``rank`` is missing for documents without checkable claims."""
    cols = ["doc_id", "outlet", "reliability", "reliability_low", "reliability_high",
            "n_checkable"]
    data = _with_columns(scores_documents, cols)[cols]
    for col in cols[2:]:
        data[col] = pd.to_numeric(data[col], errors="coerce").astype(float)
    order = document_order(data, documents)
    data = order.merge(data, on="doc_id", how="left")
    data["rank"] = pd.array(np.where(data["ranked"], np.arange(1, len(data) + 1), 0),
                            dtype="Int64")
    data.loc[~data["ranked"], "rank"] = pd.NA
    return data[RELIABILITY_COLUMNS]


def _draw_intervals(ax: Axes, data: pd.DataFrame, y: np.ndarray) -> None:
    """Points at the reliability with error bars from the low to the high bound."""
    mean = data["reliability"].to_numpy(float)
    low = np.where(np.isnan(data["reliability_low"].to_numpy(float)), mean,
                   data["reliability_low"].to_numpy(float))
    high = np.where(np.isnan(data["reliability_high"].to_numpy(float)), mean,
                    data["reliability_high"].to_numpy(float))
    xerr = np.vstack([np.clip(mean - low, 0, None), np.clip(high - mean, 0, None)])
    bars = ax.errorbar(mean, y, xerr=xerr, fmt="o", color=VERDICT_COLORS["supported"],
                       ecolor=VERDICT_COLORS["supported"], elinewidth=1.6, capsize=3,
                       markersize=6, markeredgecolor="white", zorder=3,
                       label=f"Posterior mean, {INTERVAL_LEVEL:.0%} credible interval")
    for artist in bars.get_children():
        artist.set_clip_on(False)  # points at exactly 0 or 1 stay whole


def _annotate_counts_right(ax: Axes, y: np.ndarray, counts: pd.Series, header: str) -> None:
    """A count per row just right of the axes, under a small header."""
    right = ax.get_yaxis_transform()
    for yi, n in zip(y, counts, strict=True):
        ax.text(1.02, yi, "–" if pd.isna(n) else f"{int(n)}", transform=right, ha="left",
                va="center", fontsize=8, color=INK, clip_on=False)
    ax.text(1.02, 1.0, header, transform=ax.transAxes, ha="left", va="bottom",
            fontsize=8, color=MUTED)


def _reliability_figure(drawn: pd.DataFrame, labels: list[str], title: str, ylabel: str,
                        n_total: int, note: str = "") -> Figure:
    """One row per entry of ``drawn`` (reliability, bounds, n_checkable), first at the top."""
    fig, ax = _new_figure(_row_height(len(drawn)))
    y = np.arange(len(drawn), dtype=float)
    ax.grid(axis="x")
    _draw_intervals(ax, drawn, y)
    _annotate_counts_right(ax, y, drawn["n_checkable"], "checkable\nclaims")
    ax.set_yticks(y, labels=labels)
    ax.set_ylim(len(drawn) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, 1)
    ax.set_xlabel(RELIABILITY_XLABEL)
    ax.set_ylabel(ylabel)
    ax.set_title(title, pad=HEADER_PAD)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False, fontsize=8,
              borderaxespad=0.2)
    lines = [note] if note else []
    if len(drawn) < n_total:
        lines.append(f"Showing {len(drawn)} of {n_total}: the {len(drawn) // 2} most and "
                     f"{len(drawn) - len(drawn) // 2} least reliable; all are in the CSV.")
    if lines:
        ax.text(0.0, -0.12 if len(drawn) < 12 else -0.06, "\n".join(lines),
                transform=ax.transAxes, ha="left", va="top", fontsize=8, color=MUTED)
    return fig


@_styled
def reliability_by_source(scores_documents: pd.DataFrame,
                          documents: pd.DataFrame | None = None) -> tuple[Figure, pd.DataFrame]:
    """Headline chart: one row per document with checkable claims, reliability with its
    credible interval, most reliable first.

    Input: scores_documents (doc_id, outlet, reliability, reliability_low, reliability_high,
    n_checkable) and optionally documents (doc_id, title) for the labels. Documents without
    checkable claims are not ranked (noted under the chart); past MAX_DOCUMENTS only the
    extremes are drawn. Output: the figure and RELIABILITY_COLUMNS for every document.
    """
    data = _reliability_data(scores_documents, documents)
    ranked = data[data["rank"].notna()]
    if ranked.empty:
        return _no_data_figure(RELIABILITY_TITLE, RELIABILITY_XLABEL, DOC_AXIS_LABEL,
                               RELIABILITY_COLUMNS, "No document has a checkable claim")[0], data
    drawn = ranked[ranked["shown"]]
    unranked = len(data) - len(ranked)
    note = (f"{unranked} document{'s' if unranked != 1 else ''} without checkable claims "
            "not ranked." if unranked else "")
    fig = _reliability_figure(drawn, drawn["label"].tolist(), RELIABILITY_TITLE,
                              DOC_AXIS_LABEL, len(ranked), note)
    return fig, data


def _outlet_data(scores_outlets: pd.DataFrame) -> pd.DataFrame:
    """Input: scores_outlets. Output: OUTLET_COLUMNS, ranked outlets first (most reliable
    first), then outlets without checkable claims; the extremes ``shown`` past the limit."""
    cols = ["outlet", "n_documents", "reliability", "reliability_low", "reliability_high",
            "n_checkable"]
    data = _with_columns(scores_outlets, cols)[cols].copy()
    for col in cols[1:]:
        data[col] = pd.to_numeric(data[col], errors="coerce").astype(float)
    data["outlet"] = data["outlet"].fillna("unknown").astype(str)
    ranked = data["n_checkable"].fillna(0) > 0
    data = pd.concat([
        data[ranked].sort_values(["reliability", "outlet"], ascending=[False, True],
                                 kind="mergesort"),
        data[~ranked].sort_values("outlet", kind="mergesort")], ignore_index=True)
    n = int(ranked.sum())
    half = MAX_DOCUMENTS // 2
    data["rank"] = pd.array([i + 1 if i < n else None for i in range(len(data))], dtype="Int64")
    data["shown"] = [i < n and (n <= MAX_DOCUMENTS or i < half or i >= n - half)
                     for i in range(len(data))]
    return data[OUTLET_COLUMNS]


@_styled
def reliability_by_outlet(scores_outlets: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Per-outlet view of the headline chart: each outlet's documents pooled.

    Input: scores_outlets (outlet, n_documents, reliability, reliability_low,
    reliability_high, n_checkable). Output: the figure and OUTLET_COLUMNS for every outlet.
    """
    data = _outlet_data(scores_outlets)
    ranked = data[data["rank"].notna()]
    if ranked.empty:
        return _no_data_figure(OUTLET_TITLE, RELIABILITY_XLABEL, "Outlet", OUTLET_COLUMNS,
                               "No outlet has a checkable claim")[0], data
    drawn = ranked[ranked["shown"]]
    names = [_drawable(o) for o in drawn["outlet"]]
    labels = [f"{o if len(o) <= 40 else o[:39] + '…'} ({int(n)} doc{'s' if n != 1 else ''})"
              for o, n in zip(names, drawn["n_documents"], strict=True)]
    unranked = len(data) - len(ranked)
    note = f"{unranked} outlet(s) without checkable claims not ranked." if unranked else ""
    fig = _reliability_figure(drawn, labels, OUTLET_TITLE, "Outlet (documents)",
                              len(ranked), note)
    return fig, data


# ---------------------------------------------------------------------------------------------
# Verdict composition per document
# ---------------------------------------------------------------------------------------------

COMPOSITION_COLUMNS = ["row", "label", "doc_id", "outlet", "verdict", "n_claims"]
COMPOSITION_TITLE = "Verdicts on each document's claims"
COMPOSITION_XLABEL = "Claims (count)"


def _composition_data(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
    order: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Output: COMPOSITION_COLUMNS, one row per document and verdict (zero counts kept)."""
    rows = _verdict_rows(claims, verdicts)
    if rows.empty:
        return pd.DataFrame({column: [] for column in COMPOSITION_COLUMNS})
    index = _documents_index(rows["doc_id"], documents, order)
    order = list(VERDICT_ORDER) + ([UNJUDGED] if (rows["verdict"] == UNJUDGED).any() else [])
    rows = rows[rows["verdict"].isin(order)]
    counts = rows.groupby(["doc_id", "verdict"]).size().rename("n_claims").reset_index()
    grid = index[["row", "label", "doc_id", "outlet"]].merge(
        pd.DataFrame({"verdict": order}), how="cross"
    )
    data = grid.merge(counts, on=["doc_id", "verdict"], how="left")
    data["n_claims"] = data["n_claims"].fillna(0).astype(int)
    data["verdict_order"] = data["verdict"].map({v: i for i, v in enumerate(order)})
    data["position"] = data["doc_id"].map({d: i for i, d in enumerate(index["doc_id"].tolist())})
    data = data.sort_values(["position", "verdict_order"], kind="mergesort")
    return data[COMPOSITION_COLUMNS].reset_index(drop=True)


@_styled
def verdict_composition(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
    order: pd.DataFrame | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """Stacked horizontal bars: how many of each document's claims got each verdict.

    Input: claims (claim_id, doc_id), verdicts (claim_id, doc_id, verdict), documents
    (doc_id, outlet). Output: the figure and the plotted data with columns row, label,
    doc_id, outlet, verdict, n_claims (claims without a verdict count as ``not_judged``).
    """
    all_data = _composition_data(claims, verdicts, documents, order)
    data = all_data[all_data["row"] >= 0]
    if data.empty:
        return _no_data_figure(COMPOSITION_TITLE, COMPOSITION_XLABEL, DOC_AXIS_LABEL,
                               COMPOSITION_COLUMNS)[0], all_data
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
    _subset_note(ax, len(index), all_data["doc_id"].nunique())
    return fig, all_data


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
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
    order: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Output: TIMELINE_COLUMNS, one row per date-valued claim; ``y`` is its drawn position."""
    columns = ["claim_id", "doc_id", "attribute", "date_lo", "date_hi"]
    c = _with_columns(claims, columns)
    c = c.loc[c["attribute"].isin(DATE_ATTRIBUTES),
              columns + (["verdict"] if "verdict" in c.columns else [])].copy()
    c["date_lo"] = _naive_dates(c["date_lo"])
    c["date_hi"] = _naive_dates(c["date_hi"])
    c = c[c["date_lo"].notna()]
    if c.empty:
        return pd.DataFrame({column: [] for column in TIMELINE_COLUMNS})
    c["date_hi"] = c["date_hi"].where(c["date_hi"].notna(), c["date_lo"])
    c = c.astype({"claim_id": "object", "doc_id": "object"})
    if "verdict" not in c.columns:
        verdict_of = _verdict_rows(c, verdicts).drop_duplicates("claim_id")
        c = c.merge(verdict_of[["claim_id", "verdict"]], on="claim_id", how="left")
    c["verdict"] = c["verdict"].fillna(UNJUDGED)
    index = _documents_index(c["doc_id"], documents, order)
    c["doc_id"] = c["doc_id"].astype(str)
    data = index.drop(columns="shown").merge(c, on="doc_id", how="inner")
    return _stack_within_rows(data)[TIMELINE_COLUMNS]


def _stack_within_rows(data: pd.DataFrame) -> pd.DataFrame:
    """Spread a document's claims over its row band, in date order (adds column ``y``)."""
    data = data.sort_values(["row", "doc_id", "date_lo", "date_hi", "claim_id"],
                            kind="mergesort")
    data = data.reset_index(drop=True)
    position = data.groupby("doc_id").cumcount().to_numpy(float)
    size = data.groupby("doc_id")["doc_id"].transform("size").to_numpy(float)
    shown = (data["row"] >= 0).to_numpy()
    step = 0.6 / max(1.0, float(size[shown].max()) if shown.any() else 1.0)
    data["y"] = np.where(shown, data["row"] + (position - (size - 1) / 2) * step, np.nan)
    return data


def _timeline_row_height(data: pd.DataFrame) -> float:
    """Height per document row so that stacked segments do not touch (bounded: the figure
    stays under about 16 inches)."""
    most = int(data.groupby("row").size().max())
    rows = data["row"].nunique()
    return min(max(0.4, 0.14 * most + 0.15), max(0.4, 14.0 / max(rows, 1)))


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


TRUTH_COLOR = "#009E73"  # Okabe-Ito bluish green
MAX_TRUTH_DATES = 12


def _truth_dates(claims: pd.DataFrame, truth_facts: pd.DataFrame | None,
                 claim_ids: pd.Series) -> pd.DataFrame:
    """Dated facts (date_lo, date_hi, label) about the work, season and attribute of the
    drawn claims; at most MAX_TRUTH_DATES, earliest first."""
    columns = ["date_lo", "date_hi", "label"]
    facts = _with_columns(truth_facts, ["work", "season", "attribute", "value", "qualifier"])
    c = _with_columns(claims, ["claim_id", "work", "season", "attribute"])
    c = c[c["claim_id"].isin(set(claim_ids))]
    facts = facts[facts["attribute"].isin(DATE_ATTRIBUTES)
                  & facts["value"].astype(str).str.match(r"\d{4}-\d{2}-\d{2}")]
    if facts.empty or c.empty:
        return pd.DataFrame({column: [] for column in columns})
    about = set(zip(c["work"], c["attribute"], strict=True))
    seasons = {(w, a): set(g["season"].dropna()) for (w, a), g in c.groupby(["work", "attribute"])}
    keep = [(w, a) in about and (pd.isna(season) or season in seasons.get((w, a), set()))
            for w, a, season in zip(facts["work"], facts["attribute"], facts["season"],
                                    strict=True)]
    facts = facts[keep]
    bounds = facts["value"].astype(str).str.split("/")
    dates = pd.DataFrame({
        "date_lo": pd.to_datetime(bounds.str[0], errors="coerce"),
        "date_hi": pd.to_datetime(bounds.str[-1], errors="coerce"),
        "label": [f"{w}{'' if pd.isna(se) else f' S{int(se)}'} "
                  f"{ATTRIBUTE_LABELS.get(a, a).lower()}{f' ({q})' if q else ''}"
                  for w, se, a, q in zip(facts["work"], facts["season"], facts["attribute"],
                                         facts["qualifier"].fillna(""), strict=True)],
    }).dropna(subset=["date_lo"])
    return dates.sort_values(["date_lo", "label"], kind="mergesort").head(MAX_TRUTH_DATES)


def _draw_truth_dates(ax: Axes, dates: pd.DataFrame, span: pd.Timedelta) -> bool:
    """Each fact's date as a green band (or line) over the whole height, labelled at the top
    unless the label would overlap the previous one (closer than 4% of ``span``)."""
    last = None
    for lo, hi, label in zip(dates["date_lo"], dates["date_hi"], dates["label"], strict=True):
        if hi > lo:
            ax.axvspan(lo, hi + pd.Timedelta(days=1), color=TRUTH_COLOR, alpha=0.18, lw=0,
                       zorder=0)
        else:
            ax.axvline(lo, color=TRUTH_COLOR, linewidth=1.4, zorder=0)
        if last is None or lo - last > span * 0.04:
            ax.text(lo, 1.0, f" {label}", transform=ax.get_xaxis_transform(), rotation=90,
                    ha="right", va="top", fontsize=6, color=TRUTH_COLOR, clip_on=True)
            last = lo
    return not dates.empty


def _timeline_handles(data: pd.DataFrame, has_publication: bool,
                      has_truth: bool = False) -> list:
    """Legend: verdict colours, attribute markers, publication line, truth dates."""
    handles: list = _verdict_handles(data["verdict"].unique().tolist())
    for attribute, marker in ATTRIBUTE_MARKERS.items():
        if (data["attribute"] == attribute).any():
            handles.append(Line2D([], [], marker=marker, color=MUTED, linestyle="none",
                                  label=ATTRIBUTE_LABELS[attribute]))
    if has_publication:
        handles.append(Line2D([], [], color=INK, linestyle="dashed", linewidth=1.0,
                              label="Publication date"))
    if has_truth:
        handles.append(Patch(color=TRUTH_COLOR, alpha=0.4, label="Date in the ground truth"))
    return handles


@_styled
def claims_timeline(
    claims: pd.DataFrame, verdicts: pd.DataFrame, documents: pd.DataFrame,
    order: pd.DataFrame | None = None, truth_facts: pd.DataFrame | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """Date-valued claims (premiere_date, production_period) as intervals on a date axis.

    Input: claims (claim_id, doc_id, attribute, date_lo, date_hi), verdicts (claim_id,
    verdict), documents (doc_id, outlet, published). Output: the figure and the plotted data
    with columns row, label, doc_id, outlet, date_lo, date_hi, claim_id, attribute, verdict,
    published, y (one row per claim; date_hi defaults to date_lo).
    """
    all_data = _timeline_data(claims, verdicts, documents, order)
    data = all_data[all_data["row"] >= 0]
    if data.empty:
        return _no_data_figure(TIMELINE_TITLE, TIMELINE_XLABEL, DOC_AXIS_LABEL,
                               TIMELINE_COLUMNS)[0], all_data
    index = data.drop_duplicates("row")[["row", "label", "published"]]
    height = _timeline_row_height(data) * len(index) + 1.8
    fig, ax = _new_figure(max(3.0, height), width=9.0)
    truth_dates = _truth_dates(claims, truth_facts, data["claim_id"])
    span = (max(data["date_hi"].max(), truth_dates["date_hi"].max() if len(truth_dates)
                else data["date_hi"].max())
            - min(data["date_lo"].min(), truth_dates["date_lo"].min() if len(truth_dates)
                  else data["date_lo"].min()))
    has_truth = _draw_truth_dates(ax, truth_dates, span)
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
    _legend_right(ax, _timeline_handles(data, has_publication, has_truth))
    _subset_note(ax, len(index), all_data["doc_id"].nunique())
    return fig, all_data


# ---------------------------------------------------------------------------------------------
# Hedging profile
# ---------------------------------------------------------------------------------------------

HEDGING_COLUMNS = ["row", "label", "doc_id", "outlet", "measure", "n", "share", "n_claims"]
HEDGING_TITLE = "How each document frames its claims"
HEDGING_XLABEL = "Share of the document's claims (0–1)"
ATTRIBUTED = "attributed"


def _hedging_data(claims: pd.DataFrame, documents: pd.DataFrame,
                  order: pd.DataFrame | None = None) -> pd.DataFrame:
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
    index = _documents_index(c["doc_id"], documents, order)
    grid = index[["row", "label", "doc_id", "outlet"]].merge(
        pd.DataFrame({"measure": measures}), how="cross"
    )
    data = grid.merge(counts, on=["doc_id", "measure"], how="left")
    data["position"] = data["doc_id"].map({d: i for i, d in enumerate(index["doc_id"].tolist())})
    data["n"] = data["n"].fillna(0).astype(int)
    totals = c.groupby("doc_id").size()
    data["n_claims"] = data["doc_id"].map(totals).astype(int)
    data["share"] = data["n"] / data["n_claims"]
    data["measure_order"] = data["measure"].map({m: i for i, m in enumerate(measures)})
    data = data.sort_values(["position", "measure_order"], kind="mergesort")
    return data[HEDGING_COLUMNS].reset_index(drop=True)


def _modality_order(values: pd.Series) -> list[str]:
    """Known modalities in their fixed order, then any others alphabetically."""
    present = set(values.unique().tolist())
    extra = sorted(present - set(MODALITY_ORDER))
    return [m for m in MODALITY_ORDER if m in present] + extra


@_styled
def hedging_profile(claims: pd.DataFrame, documents: pd.DataFrame,
                    order: pd.DataFrame | None = None) -> tuple[Figure, pd.DataFrame]:
    """Per document, the share of claims by modality, and the share that is attributed.

    Input: claims (doc_id, modality, attribution), documents (doc_id, outlet). Output: the
    figure and the plotted data with columns row, label, doc_id, outlet, measure (a modality
    or ``attributed``), n, share, n_claims. Modality shares of a document sum to 1; the
    attributed share is drawn as a separate marker.
    """
    all_data = _hedging_data(claims, documents, order)
    data = all_data[all_data["row"] >= 0]
    if data.empty:
        return _no_data_figure(HEDGING_TITLE, HEDGING_XLABEL, DOC_AXIS_LABEL,
                               HEDGING_COLUMNS)[0], all_data
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
    _subset_note(ax, len(index), all_data["doc_id"].nunique())
    return fig, all_data


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
    """Build every figure (FIGURES) and save each via :func:`save_figure`.

    Input: ``tables`` with keys documents, claims, verdicts, scores_documents,
    scores_outlets, predictions and truth_facts (missing tables give "no data" figures).
    Every per-document chart uses one row order (:func:`document_order`). Output: the
    written paths, per figure in the order svg, pdf, png, csv.
    """
    t = {key: _table(tables, key) for key in
         ("documents", "claims", "verdicts", "scores_documents", "scores_outlets",
          "predictions", "truth_facts")}
    order = document_order(t["scores_documents"], t["documents"])
    builders: dict[str, Callable[[], tuple[Figure, pd.DataFrame]]] = {
        "reliability-by-source": lambda: reliability_by_source(t["scores_documents"],
                                                               t["documents"]),
        "reliability-by-outlet": lambda: reliability_by_outlet(t["scores_outlets"]),
        "verdicts-by-source":
            lambda: verdict_composition(t["claims"], t["verdicts"], t["documents"], order),
        "claimed-dates-timeline":
            lambda: claims_timeline(t["claims"], t["verdicts"], t["documents"], order,
                                    t["truth_facts"]),
        "hedging-by-source": lambda: hedging_profile(t["claims"], t["documents"], order),
        "prediction-calibration": lambda: prediction_calibration(t["predictions"]),
    }
    assert tuple(builders) == FIGURES
    written: list[Path] = []
    for name, build in builders.items():
        fig, data = build()
        written.extend(save_figure(fig, data, name, Path(out_dir), source_note).values())
    return written
