"""End to end on a hostile corpus: every entry accounted for, no traceback, and no script
from an article runs in any exported HTML or SVG when a real browser (headless Chromium)
opens it, while every figure renders.

The corpus holds an empty file, a binary file, a UTF-16 article, a 2.5 MB saved web page
with a short article in it, a dangling link, a file named ``<img src=x onerror=alert(1)>.txt``,
a sidecar with a bad date, and outlets, titles and text carrying ``<script>`` payloads. Every
payload would mark the page (``data-owned`` on the root element, or the document title) if
it ran; the browser's DOM after loading must carry no mark.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import config

MARK = "document.documentElement.setAttribute('data-'+'owned','yes')"
SCRIPT = f"<script>{MARK}</script>"
IMG = f'<img src=x onerror="{MARK}">'
TITLE_SCRIPT = "<script>document.title='own'+'ed'</script>"
BODY = (
    "Ballard is a crime drama that streams on Prime Video. The first season of Ballard "
    "premiered on July 9, 2025, and Maggie Q plays Detective Renée Ballard, who runs a cold "
    "case unit in Los Angeles. Critics praised the cast and the writing of the new series."
)
HOSTILE_OUTLET = f"Evil {SCRIPT}</script> {IMG} Daily"
IMG_NAME = "<img src=x onerror=alert(1)>.txt"
ENTRIES = {
    "empty.txt": "quarantined",
    "binary.txt": "quarantined",
    "utf16.txt": "ok",
    "saved-page.html": "ok",
    "dangling.txt": "quarantined",
    IMG_NAME: "ok",
    "bad-date.txt": "ok",
    "hostile.txt": "ok",
}


def saved_page() -> str:
    """A 2.5 MB web page, mostly inline script data and menus, around a short article."""
    blob = json.dumps({"state": ["x" * 90] * 27_000})
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(300))
    return (
        "<!doctype html><html lang='en'><head><title>Ballard renewed | Saved Page</title>"
        "<meta property='og:site_name' content='Saved Page'>"
        "<meta property='article:published_time' content='2025-07-20T09:00:00Z'>"
        f"<script>window.__STATE__ = {blob};</script></head><body>"
        f"<nav><ul>{menu}</ul></nav><main><article><h1>Ballard renewed</h1>"
        f"<p>{BODY}</p><p>{html.escape(SCRIPT)} appears here as text.</p></article></main>"
        f"<footer><ul>{menu}</ul></footer></body></html>"
    )


def build_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "utf16.txt").write_bytes(
        f"outlet: Wide Gazette\ndate: 2025-07-14\n\n{BODY}\n".encode("utf-16"))
    page = saved_page()
    assert len(page.encode()) > 2_500_000
    (folder / "saved-page.html").write_text(page, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "gone-for-good.txt")
    (folder / IMG_NAME).write_text(f"outlet: Odd Names\ndate: 2025-07-15\n\n{BODY}\n",
                                   encoding="utf-8")
    (folder / "bad-date.txt").write_text(BODY + "\n", encoding="utf-8")
    (folder / "hostile.txt").write_text(
        f"title: {TITLE_SCRIPT} {IMG}\nkind: {SCRIPT}\n\n{SCRIPT} {BODY} </script> {IMG}\n",
        encoding="utf-8")
    (folder / "metadata.csv").write_text(
        "file,outlet,url,published,kind,title\n"
        "bad-date.txt,Bad Date Daily,,2025-13-45,blog,A bad date\n"
        f'hostile.txt,"{HOSTILE_OUTLET.replace(chr(34), chr(34) * 2)}",'
        f"https://example.org/2025/07/16/x,,,\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """``python -m analysis run`` on the hostile corpus, report included."""
    base = tmp_path_factory.mktemp("hostile")
    corpus, out = base / "corpus", base / "out"
    build_corpus(corpus)
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "run", str(corpus), "--out", str(out)],
        capture_output=True, text=True, timeout=600, cwd=config.PROJECT_ROOT)
    return done, corpus, out


def test_every_entry_accounted_for_without_traceback(hostile_run):
    done, _corpus, out = hostile_run
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False, dtype=str)
    assert sorted(docs["path"]) == sorted(ENTRIES)
    statuses = dict(zip(docs["path"], docs["status"], strict=True))
    assert statuses == ENTRIES
    row = docs.set_index("path")
    assert row.loc["utf16.txt", "encoding"] == "utf-16"
    assert row.loc["utf16.txt", "outlet"] == "Wide Gazette"
    assert row.loc["saved-page.html", "outlet"] == "Saved Page"
    assert row.loc["saved-page.html", "published"] == "2025-07-20"
    assert "Section 12" not in row.loc["saved-page.html", "text"]
    assert BODY in row.loc["saved-page.html", "text"]
    assert "2025-13-45" in row.loc["bad-date.txt", "notes"]
    assert row.loc["bad-date.txt", "outlet"] == "Bad Date Daily"
    assert "broken link" in row.loc["dangling.txt", "problem"]
    assert row.loc["hostile.txt", "outlet"] == HOSTILE_OUTLET
    assert row.loc["hostile.txt", "date_source"] == "url"
    claims = pd.read_csv(out / "claims.csv", keep_default_na=False, dtype=str)
    assert {"hostile", "<img src=x onerror=alert(1)>", "utf16", "saved-page",
            "bad-date"} <= set(claims["doc_id"])


def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("headless Chromium is not installed (.ci/run installs it)")
    return path


def dump_dom(browser: str, page: Path) -> str:
    """The DOM after ``page`` loaded and its timers ran, as headless Chromium serialises it."""
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
         page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def exported_pages(out: Path) -> list[Path]:
    return sorted([*out.rglob("*.html"), *out.rglob("*.svg")])


def test_no_article_script_runs_in_exported_html_or_svg(hostile_run):
    browser = chromium()
    _done, _corpus, out = hostile_run
    pages = exported_pages(out)
    assert out / "reliability-report.html" in pages
    assert any(p.suffix == ".svg" for p in pages)
    doms = {page: dump_dom(browser, page) for page in pages}
    for page, dom in doms.items():
        assert dom.strip(), page
        assert "data-owned" not in dom, f"a script from an article ran in {page.name}"
        assert not re.search(r"<title>\s*owned", dom), page.name
    report = doms[out / "reliability-report.html"]
    assert "Evil &lt;script&gt;" in report  # the hostile outlet is shown, as text


HARNESS = """<!doctype html><html><body>{images}<pre id="result"></pre><script>
window.addEventListener("load", () => {{
  const found = [...document.images].map(i => [i.dataset.name, i.complete && i.naturalWidth]);
  document.getElementById("result").textContent = JSON.stringify(found);
}});
</script></body></html>"""


def test_every_figure_renders_in_the_browser(hostile_run, tmp_path):
    """Each figure file, and each image embedded in the report, decodes to a picture with
    a width, checked by a page of our own that loads them as images."""
    browser = chromium()
    _done, _corpus, out = hostile_run
    sources = {p.name: p.resolve().as_uri()
               for p in sorted((out / "figures").glob("*")) if p.suffix in (".svg", ".png")}
    report = (out / "reliability-report.html").read_text(encoding="utf-8")
    embedded = re.findall(r'<img[^>]*src="(data:image/[^"]+)"', report)
    assert embedded, "the report embeds no figure"
    sources |= {f"report image {i}": uri for i, uri in enumerate(embedded)}
    images = "".join(f'<img data-name="{html.escape(name)}" src="{html.escape(uri)}">'
                     for name, uri in sources.items())
    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS.format(images=images), encoding="utf-8")
    dom = dump_dom(browser, harness)
    result = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert result and result.group(1), dom[-1000:]
    widths = dict(json.loads(html.unescape(result.group(1))))
    assert set(widths) == set(sources)
    assert all(widths.values()), {name: w for name, w in widths.items() if not w}
