"""HTML rendering: article text is escaped, spans are highlighted, overlaps are safe."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from analysis.plot import VERDICT_COLORS
from analysis.render import claims_in_context, table_html

ARTICLE = "Intro <script>alert(1)</script> then <b>bold</b> & the date is July 9."


def _strip_tags(markup: str) -> str:
    """Remove every tag and unescape entities: what a reader sees as text."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def spans() -> pd.DataFrame:
    script = _span(ARTICLE, "<script>alert(1)</script>")
    bold = _span(ARTICLE, "<b>bold</b>")
    date = _span(ARTICLE, "July 9")
    return pd.DataFrame({
        "start": [script[0], bold[0], date[0]],
        "end": [script[1], bold[1], date[1]],
        "attribute": ["cast", "<i>label</i>", "premiere_date"],
        "verdict": ["refuted", "supported", "pending"],
    })


def test_article_markup_is_escaped(spans: pd.DataFrame) -> None:
    out = claims_in_context(ARTICLE, spans)
    assert out.startswith("<div") and out.endswith("</div>")
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "&amp;" in out


def test_highlighted_span_text_is_present_and_escaped(spans: pd.DataFrame) -> None:
    out = claims_in_context(ARTICLE, spans)
    assert out.count('class="cic-seg"') == 3
    assert "&lt;i&gt;label&lt;/i&gt;" in out  # the label is escaped too
    assert ">July 9</span>" in out
    assert VERDICT_COLORS["refuted"] in out and VERDICT_COLORS["pending"] in out
    assert _strip_tags(out) == ARTICLE


def test_overlapping_spans_keep_the_text_once() -> None:
    text = "The second season premieres in early 2026 <maybe> on a platform."
    spans = pd.DataFrame({
        "start": [4, 11, 0, 30, 30, 60, 5],
        "end": [20, 41, 64, 41, 36, 500, 5],  # nested, overlapping, past the end, empty
        "attribute": ["a", "b", "whole", "c", "d", "e", "empty"],
    })
    out = claims_in_context(text, spans)
    assert _strip_tags(out) == text
    assert "&lt;maybe&gt;" in out


def test_segment_takes_colour_of_first_covering_span() -> None:
    text = "abcdefghij"
    spans = pd.DataFrame({"start": [0, 2], "end": [5, 8], "attribute": ["x", "y"],
                          "verdict": ["supported", "refuted"]})
    out = claims_in_context(text, spans)
    overlap = re.search(r'<span [^>]*>cde</span>', out)
    assert overlap is not None and VERDICT_COLORS["supported"] in overlap.group(0)
    tail = re.search(r'<span [^>]*>fgh</span>', out)
    assert tail is not None and VERDICT_COLORS["refuted"] in tail.group(0)


def test_no_spans_gives_escaped_text() -> None:
    out = claims_in_context("<b>x</b>", pd.DataFrame({"start": [], "end": [], "attribute": []}))
    assert "<b>" not in out
    assert _strip_tags(out) == "<b>x</b>"


def test_explicit_colour_column() -> None:
    spans = pd.DataFrame({"start": [0], "end": [3], "attribute": ["a"], "group": ["g1"]})
    out = claims_in_context("abcdef", spans, color_col="group")
    assert 'data-label="a"' in out


def test_table_html_escapes() -> None:
    df = pd.DataFrame({"text": ["<script>alert(1)</script>"], "n": [1]})
    out = table_html(df)
    assert "<script>" not in out
    assert "&lt;script&gt;" in out


def test_report_table_is_editor_ready():
    from analysis.render import report_table

    table = pd.DataFrame({"doc_id": ["<b>x</b>"], "reliability": [0.87654],
                          "published": pd.to_datetime(["2025-07-12"]), "undated": [False]})
    html = report_table(table, {"doc_id": "Document", "reliability": "Reliability",
                                "published": "Published", "undated": "Undated"})
    assert "<th>Document</th>" in html and "doc_id" not in html  # readable labels
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html  # escaped
    assert "<td>0.88</td>" in html and "0.8765" not in html  # rounded
    assert "<td>2025-07-12</td>" in html and "<td>no</td>" in html
    assert "<th></th>" not in html and ">0</th>" not in html  # no index column
    assert "overflow-wrap:anywhere" in html  # long text wraps instead of scrolling
    assert report_table(table.iloc[0:0], {"doc_id": "Document"}) == ""
