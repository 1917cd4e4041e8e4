"""Property tests of the corpus loader: whatever the files hold, nothing raises or disappears.

For arbitrary bytes and arbitrary unicode text in 1-4 files named ``*.txt``, ``*.html`` or
``*.md``, ``load_corpus`` returns exactly one row per file, each either ``ok`` with non-empty
text or ``quarantined`` with a non-empty problem that names the file. Random whole folders
(empty, binary, huge, UTF-16 and web-page files, links of every kind, odd names, nested
folders, sidecars with bad dates, duplicates and unknown columns) are accounted for entry by
entry, by the loader and by the command line, which exits 0 or 1.
"""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.config import LoadOptions
from analysis.load import load_corpus

SUFFIXES = (".txt", ".html", ".md")
SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text biased towards the shapes the loader parses: header lines, datelines, markup,
# boilerplate markers, blank lines, plus anything at all.
FRAGMENTS = st.sampled_from([
    "date: ", "published: 2025-02-30", "title: ", "url: ", "source: ", "---", "\n", "\n\n",
    " date 2025-07-12 ", "2025-13-45", "unknown", "<p>", "</p>", "<script>", "<!--", "<![",
    "# ", "* ", "[x](y)", "Related Posts", "Subscribe", "Read the full article at:",
    "\x00", "\ufeff", "\r\n", "word ",
])
TEXT = st.lists(st.one_of(st.text(), FRAGMENTS), max_size=12).map("".join)


def corpus(contents: st.SearchStrategy) -> st.SearchStrategy[dict[str, object]]:
    """1-4 files ``doc<i>.<txt|html|md>`` with contents drawn from ``contents``."""
    return st.lists(st.tuples(st.sampled_from(SUFFIXES), contents), min_size=1, max_size=4).map(
        lambda items: {f"doc{i}{suffix}": content for i, (suffix, content) in enumerate(items)})


def check_one_row_per_file(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, raw in files.items():
            (folder / name).write_bytes(raw)
        docs = load_corpus(folder)
    assert len(docs) == len(files)
    assert sorted(docs["path"]) == sorted(files)
    for row in docs.itertuples():
        if row.status == "ok":
            assert row.text.strip(), row
            assert row.problem == ""
            assert row.n_words == len(row.text.split())
        else:
            assert row.status == "quarantined"
            assert row.problem.startswith(f"{row.path}: ")
            assert row.problem.removeprefix(f"{row.path}: ").strip()


@SETTINGS
@given(corpus(st.binary(max_size=400)))
def test_arbitrary_bytes_never_raise(files):
    check_one_row_per_file(files)


@SETTINGS
@given(corpus(TEXT))
def test_arbitrary_text_never_raises(files):
    check_one_row_per_file({name: text.encode("utf-8") for name, text in files.items()})


@SETTINGS
@given(corpus(TEXT), st.sampled_from(["utf-16", "cp1252", "latin-1"]))
def test_arbitrary_text_in_other_encodings_never_raises(files, encoding):
    check_one_row_per_file({name: text.encode(encoding, errors="replace")
                            for name, text in files.items()})


# --------------------------------------------------------------------------- whole folders

GOOD_ARTICLE = (
    "outlet: Example Gazette\ndate: 2025-07-12\n\nBallard is a crime drama that streams on "
    "Prime Video. The first season of Ballard premiered on July 9, 2025, and Maggie Q plays "
    "Detective Renée Ballard, who runs a cold case unit in Los Angeles.\n"
)
TEXT_LIMIT = 3000  # --max-text-chars for these folders, so that "huge" stays cheap
ODD_NAMES = st.sampled_from([
    "<img src=x onerror=alert(1)>", "a b", "ünïcödé", "semi;colon", 'quote"d', "new\nline",
    "comma,name", "tab\tname", "back\\slash", "-dash", "~tilde", "emoji 🎬", "CON", "a" * 60,
])
NAMES = st.one_of(ODD_NAMES, st.text(  # lone surrogates cannot name a file
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1, max_size=12))
KINDS = ("text", "empty", "binary", "utf16", "huge", "html", "dangling", "inside-link",
         "outside-link", "folder-link", "unsupported")
ENTRY = st.tuples(NAMES, st.sampled_from(KINDS), st.sampled_from([".txt", ".html", ".md"]),
                  st.booleans())
SIDECAR = st.lists(st.tuples(
    st.one_of(NAMES.map(lambda n: n + ".txt"), st.just("good.txt")),
    st.sampled_from(["2025-07-12", "2025-13-45", "12/07/2025", "sometime", "", "unknown"]),
), max_size=5)


def write_entry(folder: Path, outside: Path, name: str, kind: str) -> None:
    path = folder / name
    content = {
        "text": GOOD_ARTICLE.encode(), "empty": b"", "binary": bytes(range(256)) * 3,
        "utf16": GOOD_ARTICLE.encode("utf-16"), "huge": ("word " * TEXT_LIMIT).encode(),
        "html": f"<html><body><article><p>{GOOD_ARTICLE}</p></article></body></html>".encode(),
        "unsupported": b"%PDF-1.7",
    }.get(kind)
    if content is not None:
        path.write_bytes(content)
    elif kind == "dangling":
        path.symlink_to(folder / "no-such-target")
    elif kind == "inside-link":
        path.symlink_to(folder / "good.txt")
    elif kind == "outside-link":
        path.symlink_to(outside / "elsewhere.txt")
    else:
        path.symlink_to(outside)


def build_folder(root: Path, entries, sidecar, extra_column: bool) -> set[str]:
    """A corpus folder at ``root / 'corpus'``; returns the paths its documents must list."""
    folder, outside = root / "corpus", root / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "elsewhere.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "anchor.md").write_text(GOOD_ARTICLE, encoding="utf-8")  # no sidecar names it
    expected = {"good.txt", "anchor.md"}
    for name, kind, suffix, nested in entries:
        relative = f"sub/{name}{suffix}" if nested else f"{name}{suffix}"
        if relative in expected or name.startswith((".", "_")) or name.strip() != name:
            continue
        (folder / relative).parent.mkdir(exist_ok=True)
        write_entry(folder, outside, relative, kind)
        expected.add(relative)
    if sidecar:
        columns = ["file", "published"] + (["mood"] if extra_column else [])
        with (folder / "metadata.csv").open("w", newline="", encoding="utf-8",
                                                errors="surrogateescape") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for name, published in sidecar:
                writer.writerow([name, published] + (["calm"] if extra_column else []))
                if name.strip():
                    expected.add(name.strip())
    return expected


def check_accounting(docs, expected: set[str]) -> None:
    assert sorted(docs["path"]) == sorted(expected)
    for row in docs.itertuples():
        if row.status == "ok":
            assert row.text.strip() and row.problem == ""
        else:
            assert row.status == "quarantined"
            assert row.problem.startswith(f"{row.path}: ")


FOLDERS = st.tuples(st.lists(ENTRY, max_size=8), SIDECAR, st.booleans())


@SETTINGS
@given(FOLDERS)
def test_random_folders_account_for_every_entry(folder):
    entries, sidecar, extra_column = folder
    with tempfile.TemporaryDirectory() as tmp:
        expected = build_folder(Path(tmp), entries, sidecar, extra_column)
        docs = load_corpus(Path(tmp) / "corpus", LoadOptions(max_text_chars=TEXT_LIMIT))
    check_accounting(docs, expected)
    assert docs.loc[docs["path"] == "anchor.md", "status"].item() == "ok"


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # odd names in chart labels
@settings(max_examples=6, deadline=None, database=None)
@given(FOLDERS)
def test_random_folders_run_end_to_end(folder):
    """The command line finishes on any such folder with exit 0 or 1 and no exception."""
    entries, sidecar, extra_column = folder
    with tempfile.TemporaryDirectory() as tmp:
        expected = build_folder(Path(tmp), entries, sidecar, extra_column)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["run", str(Path(tmp) / "corpus"), "--out", str(Path(tmp) / "out"),
                         "--no-report", "--max-text-chars", str(TEXT_LIMIT)])
        assert code in (0, 1), err.getvalue()
        assert "Traceback" not in out.getvalue() + err.getvalue()
        docs = pd.read_parquet(Path(tmp) / "out" / "documents.parquet")
    check_accounting(docs, expected)
