"""The HTML report: executed on the tables of a run, code hidden, article text escaped,
every figure shown, readable offline (no scripts from a CDN, formulas as plain HTML)."""

from __future__ import annotations

import re

from analysis import config
from analysis.cli import main
from analysis.pipeline import REPORT_HTML
from analysis.plot import FIGURES

HOSTILE = """outlet: <b>Evil Outlet</b>
date: 2025-07-12
title: <i>Night Shift</i> renewed

<script>alert("owned")</script> The drama Night Shift premiered on July 9, 2025 on Netflix.
Its second season could air next year, according to Variety.
"""
HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"


def test_report_escapes_article_text_and_hides_code(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / HOSTILE_NAME).write_text(HOSTILE.replace("Evil", "Other"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) in (0, 1)

    html = (out / REPORT_HTML).read_text(encoding="utf-8")
    assert '<script>alert("owned")</script>' not in html
    assert "<b>Evil Outlet</b>" not in html
    assert "<i>Night Shift</i>" not in html
    assert "&lt;b&gt;Evil Outlet&lt;/b&gt;" in html  # shown, as text
    assert "<img src=x" not in html  # the hostile file name never becomes markup
    assert "read_outputs" not in html  # code cells are hidden
    assert "Reliability" in html


def test_report_shows_every_figure_offline(tmp_path, capfd):
    out = tmp_path / "out"
    assert main(["run", str(config.SEEDS_DIR), "--out", str(out), "--quiet"]) == 0
    assert capfd.readouterr().err == ""  # quiet, the notebook's kernel included
    html = (out / REPORT_HTML).read_text(encoding="utf-8")

    figures = sorted((out / "figures").glob("*.png"))
    images = re.findall(r'<img\b[^>]*\bsrc="data:image/png;base64,', html)
    assert len(figures) == len(FIGURES)
    assert len(images) == len(figures)  # every figure written is in the report
    assert not re.search(r"<script\b[^>]*\bsrc=", html)  # nothing loaded from a CDN
    assert "cdnjs" not in html
    assert "$$" not in html and "\\mathrm" not in html  # no raw TeX
    assert "Beta(0.5 + <i>s</i>, 0.5 + <i>r</i>)" in html  # the formula, as HTML
    assert "Traceback" not in html
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html  # no warning output
    assert "Sources not ranked" in html and "could not be used" in html
