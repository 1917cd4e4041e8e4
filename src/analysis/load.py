"""Corpus loader: a folder of articles in, the documents table out.

Every entry of the folder (files, links, odd names; and every entry of its ``metadata.csv``)
becomes exactly one row. An entry that cannot be used is kept as a ``quarantined`` row whose
``problem`` says what is wrong, so that nothing disappears silently. See
``analysis.schemas.DOCUMENTS`` for columns. Hidden entries (``.name``, ``_name``) and the
corpus's own files (``metadata.csv``, ``SHA256SUMS``, ``README.md``) are not articles.

Metadata precedence, field by field: the ``metadata.csv`` sidecar, then a header block of
``key: value`` lines at the top of the file (or HTML ``<meta>`` tags), then a dateline such
as `` date 2025-07-12 `` opening the text; for the date, then what ``htmldate`` finds in a
web page's markup or in the article URL. A malformed metadata value is a warning, never a
lost article: the value is left out and the next source is tried.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import charset_normalizer
import pandas as pd
import py3langid
from bs4.exceptions import ParserRejectedMarkup
from dateutil import parser as dateparser
from htmldate import find_date

from analysis import config
from analysis.clean import html_to_text, markdown_to_text, remove_boilerplate
from analysis.config import LoadOptions
from analysis.schemas import DOCUMENTS

HEADER_KEYS = {
    "url": "url", "link": "url",
    "date": "date", "published": "date", "pubdate": "date",
    "outlet": "outlet", "source": "outlet", "site": "outlet",
    "title": "title", "headline": "title",
    "kind": "kind",
}
MISSING_WORDS = {"", "unknown", "n/a", "na", "none", "null", "-", "?", "undated", "missing"}
HEADER_LINE = re.compile(r"^\s*([A-Za-z_ -]{2,20}?)\s*:\s*(.*?)\s*$")
DATELINE = re.compile(r"^\s*(?:date|published|posted)[:\s]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.I)
# A wire dateline that opens the first sentence ("NEW YORK, May 8, 2023 — Production ..."):
# its date is read, its text stays (it is part of the sentence).
WIRE_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?,\s*"
                           r"(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})\s*[—–-]")
SIDECAR_FIELDS = ("outlet", "url", "published", "kind", "title")
SIDECAR_COLUMNS = ("file", *SIDECAR_FIELDS, "notes")  # notes: free text for people
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \f \r
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


class CorpusError(Exception):
    """The corpus as a whole cannot be read (e.g. the folder does not exist)."""


class NothingToAnalyse(Exception):
    """The corpus holds no usable article, or its articles hold no claim."""


class BadArticle(Exception):
    """One article cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class Entry:
    """One entry of a corpus: its path, the problem known before reading it ('' when none)
    and its ``metadata.csv`` row."""

    path: Path
    problem: str = ""
    sidecar: dict[str, str] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        return _printable(self.path.stem)


def load_corpus(folder: str | Path, options: LoadOptions | None = None) -> pd.DataFrame:
    """Load every article in ``folder`` into the documents table.

    Returns a DataFrame validated against ``DOCUMENTS``, sorted by ``doc_id`` then ``path``.
    Warnings (sidecar problems, malformed metadata values, each naming its file or row) are
    in ``df.attrs["warnings"]``. Raises ``CorpusError`` only when the folder itself is
    missing or not a folder.
    """
    folder = Path(folder)
    entries, warnings = plan_corpus(folder, options)
    docs = load_entries(entries, folder, options, warnings)
    docs.attrs["warnings"] = warnings
    return docs


def plan_corpus(folder: Path, options: LoadOptions | None = None
                ) -> tuple[list[Entry], list[str]]:
    """Every entry of ``folder`` (and of its ``metadata.csv``) in ``doc_id`` then path order,
    with the corpus-level warnings. Reads no article. Raises ``CorpusError`` when the folder
    itself is missing or not a folder."""
    options = options or LoadOptions()
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist")
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder")
    warnings: list[str] = []
    sidecar, repeated = read_sidecar(folder, warnings, options.date_order)
    entries = []
    for path, error in corpus_entries(folder):
        name = path.relative_to(folder).as_posix()
        if name in repeated:
            lines = " and ".join(map(str, repeated[name]))
            error = error or (f"metadata.csv lines {lines} all describe this file; keep one "
                              "of them")
        entries.append(Entry(path, error, sidecar.get(name, {})))
    listed = {entry.path.relative_to(folder).as_posix() for entry in entries}
    for name in sorted((set(sidecar) | set(repeated)) - listed):
        entries.append(Entry(folder / name, f"metadata.csv lists {name!r}, but there is no "
                                            "such file in the corpus"))
    entries.sort(key=lambda e: (e.doc_id, _printable(e.path.relative_to(folder).as_posix())))
    return entries, warnings


def load_entries(entries: list[Entry], folder: Path, options: LoadOptions | None = None,
                 warnings: list[str] | None = None) -> pd.DataFrame:
    """The documents table of ``entries`` (``DOCUMENTS``, in their order). Among usable
    entries sharing a doc_id the first is kept, the others quarantined, so entries of one
    doc_id belong in one call."""
    options = options or LoadOptions()
    rows = [_quarantined(e.path, folder, e.problem) if e.problem
            else load_article(e.path, folder, e.sidecar, options, warnings) for e in entries]
    _quarantine_duplicate_ids(rows)
    docs = pd.DataFrame(rows, columns=list(DOCUMENTS.columns))
    docs = docs.sort_values(["doc_id", "path"], kind="stable").reset_index(drop=True)
    return DOCUMENTS.validate(docs.astype(_DTYPES))


def corpus_entries(folder: Path) -> list[tuple[Path, str]]:
    """Every article entry under ``folder`` with '' or the reason it cannot be listed.

    Files, links (to files, to folders, dangling) and special files are entries; folders
    are walked (links to folders are entries, not walked). Hidden entries and the corpus's
    own control files are left out.
    """
    entries: list[tuple[Path, str]] = []

    def unreadable(err: OSError) -> None:
        entries.append((Path(err.filename), f"folder cannot be read ({err.strerror or err})"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not _hidden(Path(d)))
        names = [*files, *(d for d in dirs if (base / d).is_symlink())]
        for name in names:
            path = base / name
            relative = path.relative_to(folder)
            if _hidden(relative) or (base == folder and name in config.CORPUS_CONTROL_FILES):
                continue
            entries.append((path, ""))
    return sorted(entries, key=lambda entry: str(entry[0]))


def require_usable(documents: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """``documents`` if at least one is ``ok``; else raise ``NothingToAnalyse`` saying why."""
    if (documents["status"] == "ok").any():
        return documents
    if documents.empty:
        kinds = ", ".join(sorted(config.ARTICLE_SUFFIXES))
        raise NothingToAnalyse(f"corpus folder {folder} holds no articles; put files ({kinds}) "
                               "there or name another folder")
    first = documents["problem"].iloc[0]
    more = f" (and {len(documents) - 1} more)" if len(documents) > 1 else ""
    raise NothingToAnalyse(f"none of the {len(documents)} entries of {folder} is a usable "
                           f"article: {first}{more}; fix or replace them")


def require_claims(claims: pd.DataFrame, documents: pd.DataFrame, truth_path: Path) -> None:
    """Raise ``NothingToAnalyse`` when ``claims`` is empty, saying what to check."""
    if claims.empty:
        usable = int((documents["status"] == "ok").sum())
        raise NothingToAnalyse(f"no claim found in the {usable} usable articles; check that "
                               f"the ground truth {truth_path} names the works they are about "
                               "and that they are in English")


_DTYPES = {**dict.fromkeys(DOCUMENTS.columns, str), "n_bytes": "int64", "n_words": "int64",
           "n_removed_chars": "int64",
           "published": "datetime64[s]"}


def _hidden(relative: Path) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)


def read_sidecar(folder: Path, warnings: list[str], date_order: str | None = None
                 ) -> tuple[dict[str, dict[str, str]], dict[str, list[int]]]:
    """Rows of ``metadata.csv`` keyed by file name (relative path), and the file names that
    more than one row describes (with their line numbers). Both {} if there is no sidecar.

    Problems that leave the rows usable (unknown columns, a malformed date) are warnings.
    """
    path = folder / "metadata.csv"
    if not path.exists():
        return {}, {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))  # keeps "\r" in fields
    except (UnicodeDecodeError, csv.Error, OSError) as err:
        warnings.append(f"{path}: unreadable sidecar ignored ({err})")
        return {}, {}
    if rows and "file" not in rows[0]:
        warnings.append(f"{path}: sidecar ignored, it has no 'file' column")
        return {}, {}
    unknown = [c for c in (rows[0] if rows else {}) if c not in SIDECAR_COLUMNS]
    if unknown:
        warnings.append(f"{path}: unknown columns {', '.join(map(repr, map(str, unknown)))} "
                        f"ignored (known: {', '.join(SIDECAR_COLUMNS)})")
    out: dict[str, dict[str, str]] = {}
    lines: dict[str, list[int]] = defaultdict(list)
    for line, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            warnings.append(f"{path}, line {line}: row without a file name ignored")
            continue
        lines[name].append(line)
        out[name] = {k: str(row.get(k) or "").strip() for k in SIDECAR_FIELDS}
        out[name]["line"] = str(line)
    repeated = {name: found for name, found in lines.items() if len(found) > 1}
    for name in repeated:
        out.pop(name)
    return out, repeated


def load_article(path: Path, folder: Path, sidecar: dict[str, str],
                 options: LoadOptions | None = None, warnings: list[str] | None = None) -> dict:
    """One row of the documents table for the entry at ``path``.

    Metadata warnings are added to the row's ``notes`` and to ``warnings``.
    """
    options = options or LoadOptions()
    notes: list[str] = []  # remarks on decoding
    ignored: list[str] = []  # malformed metadata values, also corpus warnings
    try:
        row = _read_article(path, folder, sidecar, options, notes, ignored)
    except BadArticle as err:
        row = _quarantined(path, folder, str(err))
    except OSError as err:
        row = _quarantined(path, folder, f"cannot be read ({err.strerror or err})")
    row["notes"] = "; ".join(notes + ignored)
    if warnings is not None:
        warnings += [f"{row['path']}: {warning}" for warning in ignored]
    return row


def check_entry(path: Path, folder: Path, options: LoadOptions) -> None:
    """Raise ``BadArticle`` for an entry that is not a regular file inside the corpus."""
    if path.is_symlink():
        target = Path(os.readlink(path))
        if not path.exists():
            raise BadArticle(f"broken link: its target {target} does not exist")
        resolved = path.resolve()
        if path.is_dir():
            raise BadArticle(f"link to the folder {target}; links to folders are not followed")
        if not resolved.is_relative_to(folder.resolve()) and not options.follow_outside_links:
            raise BadArticle(f"link to {resolved}, outside the corpus folder; allow such "
                             "links with --follow-outside-links")
    if not path.is_file():
        raise BadArticle("not a regular file (a device, socket or pipe)")


def _read_article(path: Path, folder: Path, sidecar: dict[str, str], options: LoadOptions,
                  notes: list[str], ignored: list[str]) -> dict:
    row = _base_row(path, folder)
    check_entry(path, folder, options)
    suffix = path.suffix.lower()
    if suffix not in config.ARTICLE_SUFFIXES:
        allowed = ", ".join(sorted(config.ARTICLE_SUFFIXES))
        raise BadArticle(f"unsupported file type {suffix or '(none)'!r}; expected one of {allowed}")
    size = path.stat().st_size
    row["n_bytes"] = size
    if size > options.max_file_bytes:
        row["sha256"] = _sha256_file(path)
        raise BadArticle(f"file is {size} bytes, over the {options.max_file_bytes}-byte safety "
                         "cap on raw files (raise it with --max-file-bytes)")
    raw = path.read_bytes()
    row["sha256"] = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise BadArticle("empty file")
    content, row["encoding"] = decode(raw)
    if row["encoding"] != "utf-8":
        notes.append(f"not valid UTF-8; decoded as {row['encoding']}")

    header, body, header_removed = split_header(content)
    try:
        if suffix in (".html", ".htm"):
            body, markup_meta, removed = html_to_text(body)
            header = {**markup_meta, **header}
        elif suffix == ".md":
            body, _meta, removed = markdown_to_text(body)
        else:
            removed = []
    except ParserRejectedMarkup as err:  # e.g. a malformed "<![" declaration
        reason = str(err).strip().splitlines()[-1].strip()
        raise BadArticle(f"markup cannot be parsed as HTML ({reason})") from err
    removed = header_removed + removed
    dateline = DATELINE.match(body)
    if dateline:
        removed.append({"rule": "dateline", "start": None, "end": None,
                        "excerpt": dateline.group(0).strip()})
        body = body[dateline.end():]
    text, boiler = remove_boilerplate(body)
    removed += boiler
    if len(text) > options.max_text_chars:
        raise BadArticle(f"article text is {len(text)} characters after markup removal, over "
                         f"the {options.max_text_chars}-character limit (raise it with "
                         "--max-text-chars)")

    url = _present(sidecar.get("url")) or _present(header.get("url"))
    page = content if suffix in (".html", ".htm") else None
    published, date_source = _publication_date(sidecar, header, dateline, page, url,
                                                options.date_order, ignored,
                                                WIRE_DATELINE.match(text))
    outlet = (_present(sidecar.get("outlet")) or _present(header.get("outlet"))
              or _domain(url) or "unknown")
    n_words = len(text.split())
    row.update(
        outlet=outlet, url=url or "",
        kind=_present(sidecar.get("kind")) or _present(header.get("kind")) or "",
        title=_present(sidecar.get("title")) or _present(header.get("title")) or "",
        published=published, date_source=date_source, text=text, n_words=n_words,
        language=detect_language(text), removed_spans=json.dumps(removed, ensure_ascii=False),
        n_removed_chars=sum(len(s["excerpt"]) if s["start"] is None else s["end"] - s["start"]
                            for s in removed),
        status="ok", problem="",
    )
    if n_words == 0:
        raise BadArticle("no article text left after removing markup and boilerplate")
    return row


def _printable(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 become ``\\xNN`` escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _base_row(path: Path, folder: Path) -> dict:
    return {
        "doc_id": _printable(path.stem), "path": _printable(path.relative_to(folder).as_posix()),
        "file_type": path.suffix.lower().lstrip("."), "sha256": "", "n_bytes": 0,
        "encoding": "", "outlet": "", "url": "", "kind": "", "title": "", "published": pd.NaT,
        "date_source": "missing", "language": "", "text": "", "n_words": 0,
        "removed_spans": "[]", "n_removed_chars": 0, "status": "ok", "problem": "", "notes": "",
    }


def _quarantined(path: Path, folder: Path, problem: str) -> dict:
    row = _base_row(path, folder)
    try:
        if path.is_file() and not path.is_symlink():
            row["n_bytes"] = path.stat().st_size
            row["sha256"] = _sha256_file(path)
    except OSError:  # unreadable: the problem already says why
        pass
    row.update(status="quarantined", problem=f"{row['path']}: {problem}")
    return row


def _quarantine_duplicate_ids(rows: list[dict]) -> None:
    """Among usable rows sharing a doc_id, keep the first by path; quarantine the others."""
    usable = [r for r in rows if r["status"] == "ok"]
    counts = Counter(r["doc_id"] for r in usable)
    for doc_id in (d for d, n in counts.items() if n > 1):
        same = sorted((r for r in usable if r["doc_id"] == doc_id), key=lambda r: r["path"])
        for r in same[1:]:
            if r["status"] == "ok":
                r.update(status="quarantined", text="", n_words=0,
                         problem=f"{r['path']}: duplicate doc_id {doc_id!r} "
                                 f"(already used by {same[0]['path']}); rename one file")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode(raw: bytes) -> tuple[str, str]:
    """Text of ``raw`` and the encoding used; raises ``BadArticle`` when it is not text.

    A byte-order mark decides first, then strict UTF-8; otherwise ``charset-normalizer``
    picks the encoding whose text is most plausible (ties go to cp1252, the web's default for
    Western text). Binary content (NUL or many control characters) is not text.
    """
    text, encoding = _decoded(raw)
    if text is None or looks_binary(text):
        raise BadArticle("binary content, not text: no encoding gives readable text "
                         "(NUL or control characters)")
    return text, encoding


def _decoded(raw: bytes) -> tuple[str | None, str]:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).lstrip("\ufeff"), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                break
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None, ""
    western = charset_normalizer.from_bytes(raw, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= best.chaos:
        best = western
    return str(best), codecs.lookup(best.encoding).name


def looks_binary(text: str) -> bool:
    """True for NUL characters or more than 10% control characters."""
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > 0.1 * max(len(sample), 1)


def split_header(content: str) -> tuple[dict[str, str], str, list[dict]]:
    """Split a leading ``key: value`` block (or ``---`` front matter) from the body.

    The block must start on the first non-blank line with a known key and ends at the
    first blank line (or the closing ``---``). Returns (header, body, removed spans).
    """
    lines = content.lstrip("\ufeff").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    fenced = start < len(lines) and lines[start].strip() == "---"
    i = start + 1 if fenced else start
    header: dict[str, str] = {}
    while i < len(lines):
        line = lines[i].strip()
        if fenced and line == "---":
            i += 1
            break
        if not line:
            break
        match = HEADER_LINE.match(line)
        key = HEADER_KEYS.get(match.group(1).strip().lower()) if match else None
        if key is None:
            if not fenced:
                return {}, content, []
        else:
            header.setdefault(key, match.group(2))
        i += 1
    if not header:
        return {}, content, []
    block = "".join(lines[:i])
    removed = [{"rule": "header-block", "start": 0, "end": len(block),
                "excerpt": " ".join(block.split())[:80]}]
    return header, "".join(lines[i:]), removed


def _present(value: str | None) -> str | None:
    if value is None or value.strip().lower() in MISSING_WORDS:
        return None
    return value.strip()


class BadDate(ValueError):
    """A metadata date that cannot be used; the message says why."""


def parse_date(value: str, date_order: str | None = None) -> dt.date | None:
    """A calendar date from ``value``; None when it says the date is unknown.

    ISO 8601 (``2025-07-12``) and dates with a month name are read as written. A numeric date
    such as ``12/07/2025`` needs ``date_order`` (``dmy`` or ``mdy``) unless only one reading
    is possible (``25/07/2025``). Raises ``BadDate`` for an unparseable, ambiguous, impossible
    or implausible (outside 1900-2200) date.
    """
    value = _present(value)
    if value is None:
        return None
    numeric = NUMERIC_DATE.match(value)
    try:
        if re.match(r"\d{4}-\d\d-\d\d", value):
            day = dt.date.fromisoformat(value[:10])
        elif numeric:
            first, second, year = (int(g) for g in numeric.groups())
            order = date_order or ("dmy" if first > 12 else "mdy" if second > 12 else None)
            if order is None and first != second:
                raise BadDate(f"date {value!r} is ambiguous (day/month or month/day?); write "
                              "it as ISO 8601 (YYYY-MM-DD) or pass --date-order dmy|mdy")
            day = dt.date(year, *((second, first) if order == "dmy" else (first, second)))
        else:
            day = dateparser.parse(value, default=dt.datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError) as err:
        if isinstance(err, BadDate):
            raise
        raise BadDate(f"date {value!r} is not a valid date ({err})") from err
    if not 1900 < day.year < 2200:
        raise BadDate(f"date {value!r} is outside 1900-2200")
    return day


def _publication_date(sidecar: dict, header: dict, dateline: re.Match | None,
                      page: str | None, url: str | None, date_order: str | None,
                      ignored: list[str], wire: re.Match | None = None
                      ) -> tuple[pd.Timestamp, str]:
    """The first usable date: sidecar, header, dateline (or a wire dateline in the first
    sentence), then htmldate on the page or URL.

    A malformed value is skipped and reported in ``ignored``, naming its source.
    """
    where = f"metadata.csv line {sidecar.get('line')}" if sidecar else "metadata.csv"
    for source, value, label in (
            ("sidecar", sidecar.get("published"), f"{where}, published"),
            ("header", header.get("date"), "header date"),
            ("dateline", dateline.group(1) if dateline else None, "dateline"),
            ("dateline", wire.group("date") if wire else None, "wire dateline")):
        try:
            day = parse_date(value or "", date_order)
        except BadDate as err:
            ignored.append(f"ignored {label}: {err}; the article is kept without it")
            continue
        if day is not None:
            return pd.Timestamp(day), source
    if page is not None:
        found = _htmldate(page, url)
        if found is not None:
            return found, "htmldate"
    if url:
        found = _htmldate("<html></html>", url)
        if found is not None:
            return found, "url"
    return pd.NaT, "missing"


def _htmldate(page: str, url: str | None) -> pd.Timestamp | None:
    """Publication date that ``htmldate`` reads from a page (meta tags, JSON-LD, <time>,
    date stamps) and its URL (e.g. ``/2024/07/12/``); its extensive search is off."""
    try:
        found = find_date(page, url=url, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%d", min_date="1900-01-02",
                          max_date="2199-12-31")
    except (ValueError, TypeError):  # markup htmldate cannot parse: no date from it
        return None
    return pd.Timestamp(found) if found else None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url if "://" in url else f"https://{url}").netloc.lower()
    except ValueError:  # malformed, e.g. an unclosed "[" read as an IPv6 host
        return None
    return host.removeprefix("www.") or None


def prepare_language_detection() -> None:
    """Load the language model now rather than at the first article."""
    py3langid.classify("")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, ``und`` when too short to tell. The opening
    ``config.LANGUAGE_SAMPLE_CHARS`` characters decide: far more than the classifier needs."""
    if len(text.split()) < config.MIN_WORDS_FOR_LANGUAGE:
        return "und"
    return py3langid.classify(text[:config.LANGUAGE_SAMPLE_CHARS])[0]
