"""Tests of the corpus loader (``analysis.load``) on tiny fixture corpora written to tmp_path.

Each test writes a few files, loads the folder and checks one behaviour of the documents
table: metadata sources and their precedence, markup and boilerplate removal (with the
removed spans recorded), language, counts and hashes, and how bad input is quarantined.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import boilerplate_rules
from analysis.config import LoadOptions
from analysis.load import CorpusError, load_corpus, parse_date

ENGLISH = (
    "The city council announced on Monday that the new bridge across the river should open "
    "next spring. Construction had been delayed by several months because of bad weather and "
    "missing materials, but the end is finally in sight, the mayor said."
)
GERMAN = (
    "Die Stadtverwaltung hat am Montag angekündigt, dass die neue Brücke über den Fluss im "
    "kommenden Frühjahr eröffnet werden soll. Die Bauarbeiten hatten sich wegen schlechten "
    "Wetters und fehlender Materialien um mehrere Monate verzögert, doch nun sei das Ende "
    "endlich in Sicht, sagte der Bürgermeister."
)
GOOD = "good.txt"


# --------------------------------------------------------------------------- helpers


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def write_sidecar(folder: Path, rows: list[dict[str, str]]) -> None:
    columns = ["file", "outlet", "url", "published", "kind", "title", "notes"]
    lines = [",".join(columns)]
    lines += [",".join(row.get(c, "") for c in columns) for row in rows]
    (folder / "metadata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def row_of(docs: pd.DataFrame, path: str) -> pd.Series:
    rows = docs[docs["path"] == path]
    assert len(rows) == 1, f"expected exactly one row for {path}, got {len(rows)}"
    return rows.iloc[0]


def load_one(tmp_path: Path, name: str, content: str | bytes) -> pd.Series:
    write(tmp_path, name, content)
    return row_of(load_corpus(tmp_path), name)


def spans(row: pd.Series) -> list[dict]:
    return json.loads(row["removed_spans"])


def rules(row: pd.Series) -> list[str]:
    return [span["rule"] for span in spans(row)]


def assert_quarantined(docs: pd.DataFrame, path: str, *words: str) -> str:
    """The file's row is quarantined, its problem names the file and says ``words``."""
    row = row_of(docs, path)
    assert row["status"] == "quarantined"
    problem = row["problem"]
    assert path in problem
    for word in words:
        assert word.lower() in problem.lower(), problem
    assert row["text"] == ""
    assert row["n_words"] == 0
    return problem


def assert_good_row_loaded(docs: pd.DataFrame) -> None:
    good = row_of(docs, GOOD)
    assert good["status"] == "ok"
    assert good["text"] == ENGLISH
    assert good["problem"] == ""


# --------------------------------------------------------------------------- header block


def test_header_block_is_read_and_removed(tmp_path):
    content = (
        "title: A bridge opens at last\n"
        "url: https://www.example.org/news/bridge\n"
        "date: 2025-03-04\n"
        "outlet: Example Gazette\n"
        "\n" + ENGLISH + "\n"
    )
    row = load_one(tmp_path, "a.txt", content)
    assert row["status"] == "ok"
    assert row["title"] == "A bridge opens at last"
    assert row["url"] == "https://www.example.org/news/bridge"
    assert row["outlet"] == "Example Gazette"
    assert row["published"] == pd.Timestamp("2025-03-04")
    assert row["date_source"] == "header"
    assert row["text"] == ENGLISH
    assert "header-block" in rules(row)
    header_span = spans(row)[0]
    assert header_span["start"] == 0
    assert header_span["end"] == content.index("\n\n") + 1


def test_header_date_unknown_is_missing(tmp_path):
    row = load_one(tmp_path, "a.txt", "title: Undated piece\ndate: unknown\n\n" + ENGLISH)
    assert row["status"] == "ok"
    assert pd.isna(row["published"])
    assert row["date_source"] == "missing"
    assert row["title"] == "Undated piece"
    assert "unknown" not in row["text"]


def test_header_synonyms_published_and_source(tmp_path):
    row = load_one(
        tmp_path, "a.txt",
        "published: 2024-11-30\nsource: Example Weekly\nheadline: Short headline\n\n" + ENGLISH,
    )
    assert row["published"] == pd.Timestamp("2024-11-30")
    assert row["date_source"] == "header"
    assert row["outlet"] == "Example Weekly"
    assert row["title"] == "Short headline"
    assert row["text"] == ENGLISH


def test_front_matter_fence_is_read(tmp_path):
    row = load_one(tmp_path, "a.md", "---\ntitle: Fenced\ndate: 2025-01-02\n---\n\n" + ENGLISH)
    assert row["title"] == "Fenced"
    assert row["published"] == pd.Timestamp("2025-01-02")
    assert "---" not in row["text"]
    assert row["text"] == ENGLISH


def test_outlet_falls_back_to_url_domain_then_unknown(tmp_path):
    write(tmp_path, "a.txt", "url: https://www.example.net/story/1\n\n" + ENGLISH)
    write(tmp_path, "b.txt", ENGLISH)
    docs = load_corpus(tmp_path)
    assert row_of(docs, "a.txt")["outlet"] == "example.net"
    assert row_of(docs, "b.txt")["outlet"] == "unknown"


def test_text_starting_like_a_header_but_not_one_is_kept(tmp_path):
    content = "Note: this is the first sentence of the article.\n" + ENGLISH
    row = load_one(tmp_path, "a.txt", content)
    assert row["text"].startswith("Note: this is the first sentence")
    assert "header-block" not in rules(row)


# --------------------------------------------------------------------------- precedence


def test_sidecar_then_header_then_dateline(tmp_path):
    dateline_and_header = "date: 2024-02-02\noutlet: Header Outlet\n\n date 2023-03-03 " + ENGLISH
    write(tmp_path, "all_three.txt", dateline_and_header)
    write(tmp_path, "header_and_dateline.txt", dateline_and_header)
    write(tmp_path, "dateline_only.txt", " date 2023-03-03 " + ENGLISH)
    write(tmp_path, "sidecar_unknown.txt", dateline_and_header)
    write_sidecar(tmp_path, [
        {"file": "all_three.txt", "published": "2025-01-01", "outlet": "Sidecar Outlet",
         "kind": "TV news blog", "title": "Sidecar title"},
        {"file": "sidecar_unknown.txt", "published": "unknown"},
    ])
    docs = load_corpus(tmp_path)

    top = row_of(docs, "all_three.txt")
    assert (top["published"], top["date_source"]) == (pd.Timestamp("2025-01-01"), "sidecar")
    assert top["outlet"] == "Sidecar Outlet"
    assert top["kind"] == "TV news blog"
    assert top["title"] == "Sidecar title"

    middle = row_of(docs, "header_and_dateline.txt")
    assert (middle["published"], middle["date_source"]) == (pd.Timestamp("2024-02-02"), "header")
    assert middle["outlet"] == "Header Outlet"
    assert middle["kind"] == ""

    bottom = row_of(docs, "dateline_only.txt")
    assert (bottom["published"], bottom["date_source"]) == (pd.Timestamp("2023-03-03"), "dateline")

    fallthrough = row_of(docs, "sidecar_unknown.txt")
    assert fallthrough["date_source"] == "header"
    assert fallthrough["published"] == pd.Timestamp("2024-02-02")

    assert all(docs["text"] == ENGLISH)


def test_dateline_is_read_and_removed(tmp_path):
    row = load_one(tmp_path, "a.txt", " date 2025-07-12 " + ENGLISH + "\n")
    assert row["published"] == pd.Timestamp("2025-07-12")
    assert row["date_source"] == "dateline"
    assert row["text"] == ENGLISH
    assert "2025-07-12" not in row["text"]
    dateline = [s for s in spans(row) if s["rule"] == "dateline"]
    assert dateline == [{"rule": "dateline", "start": None, "end": None,
                         "excerpt": "date 2025-07-12"}]


def test_no_date_anywhere_is_missing(tmp_path):
    row = load_one(tmp_path, "a.txt", ENGLISH)
    assert pd.isna(row["published"])
    assert row["date_source"] == "missing"


# --------------------------------------------------------------------------- HTML / Markdown

HTML = """<!doctype html>
<html lang="en"><head>
<title>Bridge to open next spring</title>
<meta property="article:published_time" content="2025-03-04T10:00:00Z">
<meta property="og:site_name" content="Example Gazette">
</head><body>
<nav>Home | World | Sport</nav>
<script>var trackingPixel = "xyz";</script>
<article><h1>Bridge to open</h1>
<p>The <b>new</b> bridge will open <a href="/more">next spring</a>, the mayor said.</p>
<p>""" + ENGLISH + """</p></article>
</body></html>
"""


def test_html_markup_stripped_and_metadata_read(tmp_path):
    row = load_one(tmp_path, "page.html", HTML)
    assert row["status"] == "ok"
    assert row["file_type"] == "html"
    text = row["text"]
    assert "The new bridge will open next spring, the mayor said." in text
    assert "Bridge to open" in text
    assert ENGLISH in text
    assert "<" not in text and ">" not in text
    assert "trackingPixel" not in text
    assert "Home | World | Sport" not in text
    assert row["title"] == "Bridge to open next spring"
    assert row["outlet"] == "Example Gazette"
    assert row["published"] == pd.Timestamp("2025-03-04")
    assert row["date_source"] == "htmldate"  # from <meta property="article:published_time">
    removed = {s["rule"]: s["excerpt"] for s in spans(row)}
    assert "trackingPixel" in removed["markup-script"]
    assert removed["markup-nav"] == "Home | World | Sport"
    assert row["language"] == "en"


def test_html_og_title_wins_over_title_tag(tmp_path):
    html = HTML.replace("<title>", '<meta property="og:title" content="Open graph title">\n<title>')
    row = load_one(tmp_path, "page.htm", html)
    assert row["title"] == "Open graph title"


def test_markdown_rendered_to_plain_text(tmp_path):
    markdown = (
        "# A heading\n\n"
        "Some *emphasised* and **strong** words with [a link](https://example.com/x).\n\n"
        "- first item\n- second item\n\n" + ENGLISH + "\n"
    )
    row = load_one(tmp_path, "note.md", markdown)
    assert row["status"] == "ok"
    text = row["text"]
    for markup in ("#", "*", "[", "](", "https://example.com/x"):
        assert markup not in text
    assert "A heading" in text
    assert "Some emphasised and strong words with a link." in text
    assert "first item" in text and "second item" in text
    assert ENGLISH in text


# --------------------------------------------------------------------------- boilerplate


def _social_network() -> str:
    """A network the follow/like rule knows, read from the rule itself (no names in tests)."""
    rule = next(r for r in boilerplate_rules() if r.id == "follow-like-prompt")
    return re.search(r"\(on\|at\) \((\w+)\|", rule.pattern.pattern).group(1)


BOILERPLATE_LINES = [
    ("subscribe-prompt", "SUBSCRIBE to our channel to get more reactions and reviews!"),
    ("follow-like-prompt", "Love news? Be sure to like us on {network} for more updates!"),
    ("share-prompt", "Be sure to share right now in the attached comments!"),
    ("related-link", "Related – Be sure to get some more news right now"),
]


@pytest.mark.parametrize(("rule", "line"), BOILERPLATE_LINES, ids=[r for r, _ in BOILERPLATE_LINES])
def test_boilerplate_line_removed_and_recorded(tmp_path, rule, line):
    line = line.format(network=_social_network())
    content = f"{ENGLISH}\n\n{line}\n\nA closing sentence stays in the text.\n"
    row = load_one(tmp_path, "a.txt", content)
    assert line not in row["text"]
    assert row["text"] == f"{ENGLISH}\n\nA closing sentence stays in the text."
    [span] = [s for s in spans(row) if s["rule"] == rule]
    assert span["excerpt"] == " ".join(line.split())[:80]
    assert content[span["start"]:span["end"]] == line
    assert row["n_removed_chars"] == len(line)


@pytest.mark.parametrize(("rule", "marker"), [
    ("related-posts", "Related Posts"),
    ("related-posts", "You may also like:"),
    ("read-full-article", "Read the Full Example Gazette Article at:"),
])
def test_boilerplate_tail_removed_and_recorded(tmp_path, rule, marker):
    tail = f"{marker}\n\nSome other headline\n\nAnother teaser paragraph, not the article.\n"
    content = f"{ENGLISH}\n\n{tail}"
    row = load_one(tmp_path, "a.txt", content)
    assert row["text"] == ENGLISH
    [span] = [s for s in spans(row) if s["rule"] == rule]
    assert content[span["start"]:span["end"]] == tail
    assert span["excerpt"].startswith(marker)


def test_repeated_navigation_lines_removed(tmp_path):
    content = "Local News\nWeather\nLocal News\nWeather\n\n" + ENGLISH + "\n"
    row = load_one(tmp_path, "a.txt", content)
    assert row["text"] == ENGLISH
    nav = [s for s in spans(row) if s["rule"] == "repeated-navigation-line"]
    assert [s["excerpt"] for s in nav] == ["Local News", "Weather", "Local News", "Weather"]


def test_repeated_sentence_is_not_navigation(tmp_path):
    sentence = "This sentence is repeated on purpose."
    row = load_one(tmp_path, "a.txt", f"{sentence}\n{sentence}\n\n{ENGLISH}")
    assert row["text"].count(sentence) == 2


# --------------------------------------------------------------------------- language, counts


def test_language_english(tmp_path):
    assert load_one(tmp_path, "a.txt", ENGLISH)["language"] == "en"


def test_language_german(tmp_path):
    assert 35 <= len(GERMAN.split()) <= 45
    assert load_one(tmp_path, "a.txt", GERMAN)["language"] == "de"


def test_language_short_text_is_undetermined(tmp_path):
    assert load_one(tmp_path, "a.txt", "Too short to tell.")["language"] == "und"


def test_word_count_and_raw_hash(tmp_path):
    raw = b"date: 2025-01-01\n\none two  three\nfour\tfive\n"
    row = load_one(tmp_path, "a.txt", raw)
    assert row["n_words"] == 5
    assert row["n_bytes"] == len(raw)
    assert row["sha256"] == hashlib.sha256(raw).hexdigest()
    assert row["encoding"] == "utf-8"
    assert row["doc_id"] == "a"


def test_utf8_bom_is_utf8(tmp_path):
    row = load_one(tmp_path, "a.txt", b"\xef\xbb\xbftitle: BOM\n\n" + ENGLISH.encode())
    assert row["encoding"] == "utf-8"
    assert row["title"] == "BOM"
    assert row["text"] == ENGLISH


# --------------------------------------------------------------------------- bad input


def test_empty_file_quarantined(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", "  \n\n\t \n")
    docs = load_corpus(tmp_path)
    assert_quarantined(docs, "empty.txt", "empty")
    assert_quarantined(docs, "blank.txt", "empty")
    assert_good_row_loaded(docs)


@pytest.mark.parametrize("raw", [
    b"some text\x00with a NUL byte in the middle of it",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
], ids=["nul", "png"])
def test_binary_file_quarantined(tmp_path, raw):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "image.txt", raw)
    docs = load_corpus(tmp_path)
    assert_quarantined(docs, "image.txt", "binary")
    assert row_of(docs, "image.txt")["sha256"] == hashlib.sha256(raw).hexdigest()
    assert_good_row_loaded(docs)


def test_cp1252_decoded_with_note(tmp_path):
    raw = b"caf\xe9 society meets every morning \x96 even on holidays."
    row = load_one(tmp_path, "old.txt", raw)
    assert row["status"] == "ok"
    assert row["encoding"] == "cp1252"
    assert row["text"] == "café society meets every morning – even on holidays."
    assert "not valid UTF-8" in row["notes"] and "cp1252" in row["notes"]
    assert row["problem"] == ""


def test_file_over_raw_safety_cap_quarantined(tmp_path):
    write(tmp_path, GOOD, ENGLISH[:90])
    big = ("word " * 40).encode()
    write(tmp_path, "big.txt", big)
    docs = load_corpus(tmp_path, LoadOptions(max_file_bytes=100))
    problem = assert_quarantined(docs, "big.txt", "200 bytes", "100-byte", "--max-file-bytes")
    assert "over" in problem
    assert row_of(docs, "big.txt")["sha256"] == hashlib.sha256(big).hexdigest()
    assert row_of(docs, GOOD)["status"] == "ok"


def test_text_limit_applies_to_text_not_markup(tmp_path):
    """A page of 300 kB of markup around a short article is within a 1,000-character limit;
    a plain text of 1,200 characters is not."""
    padding = "<div class='ad' data-x='" + "x" * 300_000 + "'></div>"
    page = HTML.replace("<article>", padding + "<article>")
    write(tmp_path, "page.html", page)
    write(tmp_path, "long.txt", ENGLISH * 5)
    docs = load_corpus(tmp_path, LoadOptions(max_text_chars=1000))
    assert row_of(docs, "page.html")["status"] == "ok"
    assert row_of(docs, "page.html")["n_bytes"] > 300_000
    assert_quarantined(docs, "long.txt", "1000-character limit", "--max-text-chars",
                       f"{len(ENGLISH * 5)} characters")


@pytest.mark.parametrize(("value", "words"), [
    ("sometime soonish", ["date", "not a valid date", "sometime soonish"]),
    ("2025-02-30", ["date", "not a valid date", "2025-02-30"]),
    ("1066-10-14", ["date", "outside"]),
    ("12/07/2025", ["ambiguous", "ISO 8601", "--date-order"]),
], ids=["unparseable", "impossible", "implausible", "ambiguous"])
def test_bad_header_date_is_a_warning(tmp_path, value, words):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "dated.txt", f"title: Dated\ndate: {value}\n\n{ENGLISH}")
    docs = load_corpus(tmp_path)
    row = row_of(docs, "dated.txt")
    assert (row["status"], row["problem"], row["text"]) == ("ok", "", ENGLISH)
    assert pd.isna(row["published"]) and row["date_source"] == "missing"
    [warning] = docs.attrs["warnings"]
    assert warning.startswith("dated.txt: ignored header date")
    for word in words:
        assert word.lower() in warning.lower(), warning
    assert warning.removeprefix("dated.txt: ") in row["notes"]
    assert_good_row_loaded(docs)


def test_bad_sidecar_date_is_a_warning_naming_the_row(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "a.txt", ENGLISH)
    write(tmp_path, "b.txt", "date: 2025-07-12\n\n" + ENGLISH)
    write_sidecar(tmp_path, [{"file": "a.txt", "published": "2025-13-01"},
                             {"file": "b.txt", "published": "31/31/2025"}])
    docs = load_corpus(tmp_path)
    a, b = row_of(docs, "a.txt"), row_of(docs, "b.txt")
    assert (a["status"], a["text"], a["date_source"]) == ("ok", ENGLISH, "missing")
    assert (b["status"], b["published"], b["date_source"]) == \
        ("ok", pd.Timestamp("2025-07-12"), "header")  # the next source is used
    warnings = [w for w in docs.attrs["warnings"] if "published" in w]
    assert warnings[0].startswith("a.txt: ignored metadata.csv line 2, published")
    assert "2025-13-01" in warnings[0]
    assert warnings[1].startswith("b.txt: ignored metadata.csv line 3, published")


@pytest.mark.parametrize(("value", "order", "expected"), [
    ("12/07/2025", "dmy", "2025-07-12"),
    ("12/07/2025", "mdy", "2025-12-07"),
    ("25/07/2025", None, "2025-07-25"),
    ("07/25/2025", None, "2025-07-25"),
    ("07/07/2025", None, "2025-07-07"),
    ("July 12, 2025", None, "2025-07-12"),
    ("2025-07-12T08:00:00Z", None, "2025-07-12"),
])
def test_numeric_dates_need_an_order_only_when_ambiguous(value, order, expected):
    assert parse_date(value, order) == pd.Timestamp(expected).date()


def test_duplicate_sidecar_rows_are_an_error_naming_both(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "a.txt", ENGLISH)
    write_sidecar(tmp_path, [{"file": "a.txt", "outlet": "One"}, {"file": GOOD},
                             {"file": "a.txt", "outlet": "Two"}])
    docs = load_corpus(tmp_path)
    assert len(docs) == 2
    assert_quarantined(docs, "a.txt", "metadata.csv lines 2 and 4", "keep one")
    assert_good_row_loaded(docs)


def test_unknown_sidecar_columns_are_a_warning(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    (tmp_path / "metadata.csv").write_text("file,outlet,author\ngood.txt,Gazette,Ann\n",
                                           encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert row_of(docs, GOOD)["outlet"] == "Gazette"
    [warning] = docs.attrs["warnings"]
    assert "unknown columns 'author'" in warning and "metadata.csv" in warning


def test_header_kind_is_honoured(tmp_path):
    row = load_one(tmp_path, "a.txt", f"kind: aggregator\ntitle: T\n\n{ENGLISH}")
    assert (row["kind"], row["title"], row["text"]) == ("aggregator", "T", ENGLISH)


def test_duplicate_doc_ids_quarantined(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "a.md", ENGLISH)
    write(tmp_path, "a.txt", ENGLISH)
    docs = load_corpus(tmp_path)
    assert row_of(docs, "a.md")["status"] == "ok"
    problem = assert_quarantined(docs, "a.txt", "duplicate doc_id", "a.md")
    assert "'a'" in problem
    assert_good_row_loaded(docs)
    assert docs.loc[docs["status"] == "ok", "doc_id"].is_unique


def test_duplicate_of_a_quarantined_file_is_not_a_duplicate(tmp_path):
    write(tmp_path, "a.md", b"")
    write(tmp_path, "a.txt", ENGLISH)
    docs = load_corpus(tmp_path)
    assert_quarantined(docs, "a.md", "empty")
    assert row_of(docs, "a.txt")["status"] == "ok"


def test_unsupported_extension_quarantined(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    docs = load_corpus(tmp_path)
    assert_quarantined(docs, "report.pdf", "unsupported file type", "'.pdf'", ".txt")
    assert row_of(docs, "report.pdf")["file_type"] == "pdf"
    assert_good_row_loaded(docs)


def test_html_the_parser_rejects_is_quarantined(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "broken.html", "<p>Some text <![ and a broken declaration</p>")
    docs = load_corpus(tmp_path)
    assert_quarantined(docs, "broken.html", "cannot be parsed as HTML")
    assert_good_row_loaded(docs)


def test_malformed_header_url_does_not_break_loading(tmp_path):
    row = load_one(tmp_path, "a.txt", "url: [not a url\n\n" + ENGLISH)
    assert row["status"] == "ok"
    assert row["url"] == "[not a url"
    assert row["outlet"] == "unknown"


def test_sidecar_entry_without_file_is_an_extra_quarantined_row(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write_sidecar(tmp_path, [{"file": GOOD, "outlet": "Example Gazette"},
                             {"file": "ghost.txt", "outlet": "Nowhere"}])
    docs = load_corpus(tmp_path)
    assert len(docs) == 2
    problem = assert_quarantined(docs, "ghost.txt", "metadata.csv", "no such file")
    assert problem.startswith("ghost.txt: ")
    ghost = row_of(docs, "ghost.txt")
    assert ghost["sha256"] == "" and ghost["n_bytes"] == 0
    assert row_of(docs, GOOD)["outlet"] == "Example Gazette"


def test_missing_corpus_folder_raises(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(CorpusError, match=re.escape(str(missing))):
        load_corpus(missing)


def test_corpus_path_that_is_a_file_raises(tmp_path):
    path = write(tmp_path, "a.txt", ENGLISH)
    with pytest.raises(CorpusError, match=re.escape(str(path))):
        load_corpus(path)


def test_unreadable_sidecar_is_a_warning_not_a_failure(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    (tmp_path / "metadata.csv").write_text("name,outlet\ngood.txt,Somewhere\n", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert_good_row_loaded(docs)
    assert row_of(docs, GOOD)["outlet"] == "unknown"
    assert any("no 'file' column" in w for w in docs.attrs["warnings"])


# --------------------------------------------------------------------------- invariant


def test_every_file_appears_exactly_once(tmp_path):
    files = {
        GOOD: ENGLISH,
        "german.txt": GERMAN,
        "page.html": HTML,
        "note.md": "# Title\n\n" + ENGLISH,
        "sub/nested.txt": " date 2025-07-12 " + ENGLISH,
        "empty.txt": b"",
        "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00",
        "old.txt": b"caf\xe9 au lait",
        "big.md": "word " * 300,
        "bad-date.txt": "date: 2025-02-30\n\n" + ENGLISH,
        "utf16.txt": ENGLISH.encode("utf-16"),
        "second.md": ENGLISH,
        "report.pdf": b"%PDF-1.7",
    }
    for name, content in files.items():
        write(tmp_path, name, content)
    write_sidecar(tmp_path, [{"file": GOOD, "outlet": "Example Gazette"},
                             {"file": "gone.txt"}, {"file": "also-gone.md"}])
    (tmp_path / "README.md").write_text("# About this corpus\n", encoding="utf-8")
    (tmp_path / "SHA256SUMS").write_text("", encoding="utf-8")
    write(tmp_path, ".hidden.txt", ENGLISH)

    docs = load_corpus(tmp_path, LoadOptions(max_text_chars=1000))
    missing_from_sidecar = {"gone.txt", "also-gone.md"}
    assert len(docs) == len(files) + len(missing_from_sidecar)
    assert sorted(docs["path"]) == sorted(set(files) | missing_from_sidecar)
    assert docs["path"].is_unique

    ok = set(docs.loc[docs["status"] == "ok", "path"])
    assert ok == {GOOD, "german.txt", "page.html", "note.md", "sub/nested.txt", "old.txt",
                  "second.md", "bad-date.txt", "utf16.txt"}
    quarantined = docs[docs["status"] == "quarantined"]
    assert all(p.split(":")[0] == path for p, path in zip(quarantined["problem"],
                                                          quarantined["path"], strict=True))
    assert (docs.loc[docs["status"] == "ok", "problem"] == "").all()
    assert list(docs["doc_id"]) == sorted(docs["doc_id"])


# --------------------------------------------------------------------------- entries and links


def test_links_and_special_entries_are_each_one_row(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    write(corpus, GOOD, ENGLISH)
    write(outside, "secret.txt", GERMAN)
    (corpus / "alias.txt").symlink_to(corpus / GOOD)
    (corpus / "dangling.txt").symlink_to(corpus / "no-such-file.txt")
    (corpus / "escape.txt").symlink_to(outside / "secret.txt")
    (corpus / "folder-link").symlink_to(outside)
    os.mkfifo(corpus / "pipe.txt")
    docs = load_corpus(corpus)
    assert sorted(docs["path"]) == ["alias.txt", "dangling.txt", "escape.txt", "folder-link",
                                    "good.txt", "pipe.txt"]
    assert row_of(docs, "alias.txt")["status"] == "ok"
    assert_quarantined(docs, "dangling.txt", "broken link", "no-such-file.txt")
    assert_quarantined(docs, "escape.txt", "outside the corpus", "--follow-outside-links")
    assert_quarantined(docs, "folder-link", "links to folders are not followed")
    assert_quarantined(docs, "pipe.txt", "not a regular file")
    allowed = load_corpus(corpus, LoadOptions(follow_outside_links=True))
    assert row_of(allowed, "escape.txt")["text"] == GERMAN


def test_odd_file_names_are_kept_as_text(tmp_path):
    write(tmp_path, "<img src=x onerror=alert(1)>.txt", ENGLISH)
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_text(ENGLISH, encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert sorted(docs["path"]) == ["<img src=x onerror=alert(1)>.txt", "caf\\xe9.txt"]
    assert (docs["status"] == "ok").all()
    docs.to_csv(tmp_path / "out.csv")  # every name is valid text


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_are_decoded(tmp_path, encoding):
    row = load_one(tmp_path, "wide.txt", ("title: Wide\n\n" + ENGLISH).encode(encoding))
    assert (row["status"], row["title"], row["text"]) == ("ok", "Wide", ENGLISH)
    assert row["encoding"].startswith("utf-")
    assert "decoded as" in row["notes"]


def test_other_encodings_are_detected(tmp_path):
    text = "これは日本語の文章です。新しい橋は来年の春に開通する予定です。"
    row = load_one(tmp_path, "ja.txt", text.encode("shift_jis"))
    assert (row["status"], row["text"]) == ("ok", text)
    assert row["encoding"] == "cp932"


def test_undecodable_bytes_are_quarantined(tmp_path):
    write(tmp_path, GOOD, ENGLISH)
    write(tmp_path, "noise.txt", bytes(range(256)) * 4)
    docs = load_corpus(tmp_path)
    assert_quarantined(docs, "noise.txt", "binary content", "no encoding")
    assert_good_row_loaded(docs)


# --------------------------------------------------------------------------- inferred dates


def test_date_from_url_when_nothing_else_gives_one(tmp_path):
    row = load_one(tmp_path, "a.txt", f"url: https://example.org/2024/07/12/bridge/\n\n{ENGLISH}")
    assert (row["published"], row["date_source"]) == (pd.Timestamp("2024-07-12"), "url")


def test_header_date_wins_over_url_date(tmp_path):
    row = load_one(tmp_path, "a.txt", "url: https://example.org/2024/07/12/bridge/\n"
                                      f"date: 2024-07-14\n\n{ENGLISH}")
    assert (row["published"], row["date_source"]) == (pd.Timestamp("2024-07-14"), "header")


def test_web_page_date_from_markup(tmp_path):
    page = HTML.replace('<meta property="article:published_time" content="2025-03-04T10:00:00Z">',
                        "")
    row = load_one(tmp_path, "page.html", page)
    assert pd.isna(row["published"]) and row["date_source"] == "missing"
    row = load_one(tmp_path, "page.html",
                   page.replace("<article>", '<article><time datetime="2025-02-01">1 Feb</time>'))
    assert (row["published"], row["date_source"]) == (pd.Timestamp("2025-02-01"), "htmldate")


def test_main_text_of_a_large_saved_page(tmp_path):
    chrome = "".join(f"<li><a href='/s{i}'>Section {i} teaser headline</a></li>"
                     for i in range(45_000))
    page = HTML.replace("<article>", f"<div class='menu'><ul>{chrome}</ul></div><article>")
    assert len(page.encode()) > 2_500_000
    row = load_one(tmp_path, "saved.html", page)
    assert row["status"] == "ok"
    assert ENGLISH in row["text"]
    assert "teaser headline" not in row["text"]
    assert "html-not-main-text" in rules(row)
