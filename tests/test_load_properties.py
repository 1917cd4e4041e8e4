"""Property tests of the corpus loader: whatever the files hold, nothing raises or disappears.

For arbitrary bytes and arbitrary unicode text in 1-4 files named ``*.txt``, ``*.html`` or
``*.md``, ``load_corpus`` returns exactly one row per file, each either ``ok`` with non-empty
text or ``quarantined`` with a non-empty problem that names the file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
