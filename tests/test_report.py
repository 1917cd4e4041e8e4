"""The HTML report: executed on the given corpus, code hidden, article text escaped."""

from __future__ import annotations

from analysis import config
from analysis.pipeline import export_report

HOSTILE = """outlet: <b>Evil Outlet</b>
date: 2025-07-12

<script>alert("owned")</script> The drama Night Shift premiered on July 9, 2025 on Netflix.
Its second season could air next year, according to Variety.
"""


def test_report_escapes_article_text_and_hides_code(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    settings = config.Settings(corpus=corpus, truth=config.TRUTH_FILE, out=tmp_path / "out")
    settings.out.mkdir()

    html = export_report(settings).read_text(encoding="utf-8")

    assert '<script>alert("owned")</script>' not in html
    assert "<b>Evil Outlet</b>" not in html
    assert "&lt;b&gt;Evil Outlet&lt;/b&gt;" in html  # shown, as text
    assert "settings_from_env" not in html  # code cells are hidden
    assert "Reliability" in html
