"""HTML for notebooks and the report; article text is always escaped with ``html.escape``.

:func:`claims_in_context` highlights claim spans inside an article. Overlapping spans are cut
into flat segments (no nested markup), so removing the tags gives back the article text
exactly. Each span's label is shown by CSS from a ``data-label`` attribute (and as a hover
title), so labels never add characters to the text itself.
"""

from __future__ import annotations

import html
from itertools import pairwise

import pandas as pd

from analysis.plot import VERDICT_COLORS

DEFAULT_COLOR = "#56B4E9"  # Okabe-Ito sky blue, for spans without a colour value
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
WRAPPER_CLASS = "claims-in-context"

# Scoped style: the label is drawn after the last segment of each span. It sits inside an
# HTML comment (legal in CSS), so even a naive tag-stripping regex leaves only the article.
_STYLE = (
    f".{WRAPPER_CLASS} .cic-seg[data-label]::after{{content:attr(data-label);"
    "font-size:0.65em;font-family:sans-serif;vertical-align:super;margin-left:2px;"
    "padding:0 3px;border-radius:3px;background:#f2f2f2;color:#333;"
    "white-space:nowrap;user-select:none}"
)
_WRAPPER_STYLE = "white-space:pre-wrap;line-height:1.9;font-family:Georgia,serif;max-width:48em"


def _rgba(hex_color: str, alpha: float) -> str:
    """``#RRGGBB`` as a CSS ``rgba()`` string with the given opacity."""
    value = hex_color.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _clean_spans(text: str, spans: pd.DataFrame, label_col: str,
                 color_col: str | None) -> pd.DataFrame:
    """Input: spans (start, end, label_col, optional color_col).

    Output: columns start, end, label, color_value, clipped to the text, empty spans dropped,
    ordered by start, then longest first, then input order (the order that decides colour).
    """
    frame = pd.DataFrame({
        "start": pd.to_numeric(spans["start"], errors="coerce"),
        "end": pd.to_numeric(spans["end"], errors="coerce"),
        "label": spans[label_col] if label_col in spans.columns else "",
        "color_value": spans[color_col] if color_col in spans.columns else None,
    }).reset_index(drop=True)
    frame = frame.dropna(subset=["start", "end"])
    frame["start"] = frame["start"].astype(int).clip(0, len(text))
    frame["end"] = frame["end"].astype(int).clip(0, len(text))
    frame = frame[frame["end"] > frame["start"]]
    frame["label"] = frame["label"].fillna("").astype(str)
    frame["order"] = range(len(frame))
    frame = frame.sort_values(["start", "end", "order"], ascending=[True, False, True],
                              kind="mergesort")
    return frame.reset_index(drop=True)


def _colors(values: pd.Series) -> list[str]:
    """Verdicts map to VERDICT_COLORS; other values get palette colours in sorted order."""
    others = sorted({str(v) for v in values.dropna() if str(v) not in VERDICT_COLORS})
    palette = {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(others)}
    colors = []
    for value in values:
        if value is None or pd.isna(value):
            colors.append(DEFAULT_COLOR)
        else:
            colors.append(VERDICT_COLORS.get(str(value), palette.get(str(value), DEFAULT_COLOR)))
    return colors


def _segment_html(piece: str, color: str, title: str, label: str) -> str:
    """One highlighted segment; attributes are escaped with quote=True."""
    style = f"background-color:{_rgba(color, 0.25)};border-bottom:2px solid {color}"
    attrs = f'class="cic-seg" style="{style}" title="{html.escape(title, quote=True)}"'
    if label:
        attrs += f' data-label="{html.escape(label, quote=True)}"'
    return f"<span {attrs}>{html.escape(piece)}</span>"


def _segments(text: str, spans: pd.DataFrame) -> list[str]:
    """Cut the text at every span boundary and render each piece (plain or highlighted)."""
    cuts = sorted({0, len(text), *spans["start"], *spans["end"]})
    parts = []
    for lo, hi in pairwise(cuts):
        piece = text[lo:hi]
        covering = spans[(spans["start"] <= lo) & (spans["end"] >= hi)]
        if covering.empty:
            parts.append(html.escape(piece))
            continue
        ending = covering[covering["end"] == hi]  # spans whose label goes here
        label = " · ".join(label for label in ending["label"] if label)
        title = "; ".join(label for label in covering["label"] if label)
        parts.append(_segment_html(piece, covering["color"].iloc[0], title, label))
    return parts


def claims_in_context(
    text: str, spans: pd.DataFrame, label_col: str = "attribute", color_col: str | None = None
) -> str:
    """Article text as HTML with claim spans highlighted and labelled.

    Input: ``text`` and ``spans`` with columns start, end (character offsets into text),
    ``label_col``, and optionally a colour column: ``color_col`` or, if not given, ``verdict``
    when present (verdicts use VERDICT_COLORS; other values get palette colours). Overlapping
    spans are cut into segments; a segment takes the colour of the first span covering it
    (ordered by start, then longest first, then input order) and each span's label is shown
    after its last segment. Output: a self-contained ``<div>`` string; all text is escaped.
    """
    text = "" if text is None else str(text)
    if color_col is None and "verdict" in spans.columns:
        color_col = "verdict"
    clean = _clean_spans(text, spans, label_col, color_col)
    clean["color"] = _colors(clean["color_value"]) if not clean.empty else []
    body = "".join(_segments(text, clean)) if not clean.empty else html.escape(text)
    return (f'<div class="{WRAPPER_CLASS}" style="{_WRAPPER_STYLE}">'
            f"<style><!--{_STYLE}--></style>{body}</div>")


def table_html(df: pd.DataFrame, index: bool = False, max_rows: int | None = None) -> str:
    """A data frame as an HTML table with every cell escaped (``escape=True`` always)."""
    return df.to_html(escape=True, index=index, max_rows=max_rows, border=0, na_rep="")


# Report tables: wrap long text instead of scrolling sideways, left-aligned, compact.
_TABLE_STYLE = (
    "table.report-table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em;"
    "table-layout:auto;max-width:100%}"
    "table.report-table th,table.report-table td{text-align:left;padding:3px 8px;"
    "white-space:normal;overflow-wrap:anywhere;max-width:28em;vertical-align:top}"
    "table.report-table thead th{border-bottom:1px solid #999}"
)


class HtmlTable(str):
    """An HTML string that notebooks display as HTML (it is also plain ``str``)."""

    def _repr_html_(self) -> str:
        return str(self)


def report_table(table: pd.DataFrame, columns: dict[str, str], decimals: int = 2,
                 max_rows: int | None = None) -> HtmlTable:
    """An editor-ready table: the given columns under readable labels, no index, numbers
    rounded to ``decimals``, dates as YYYY-MM-DD, every cell escaped, long text wrapped.

    Input: ``table`` and ``columns`` mapping column name -> label (in display order).
    Output: an :class:`HtmlTable` (a ``<style>`` plus a ``<table class="report-table">``);
    empty for an empty table, so that no bare header is shown.
    """
    if table.empty:
        return HtmlTable("")
    shown = table[list(columns)].copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            shown[column] = values.dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_float_dtype(values.dtype):
            shown[column] = values.map(lambda v: "" if pd.isna(v) else f"{v:.{decimals}f}")
        elif pd.api.types.is_bool_dtype(values.dtype):
            shown[column] = values.map({True: "yes", False: "no"})
    shown = shown.rename(columns=columns)
    if max_rows is not None and len(shown) > max_rows:
        shown = shown.head(max_rows)
    body = shown.to_html(escape=True, index=False, border=0, na_rep="",
                         classes="report-table")
    return HtmlTable(f"<style>{_TABLE_STYLE}</style>{body}")
