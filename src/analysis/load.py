"""Corpus loader: a folder of articles in, the documents table out.

Every file in the folder (and every entry of its ``metadata.csv``) becomes exactly one row.
A file that cannot be used is kept as a ``quarantined`` row whose ``problem`` says what is
wrong, so that nothing disappears silently. See ``analysis.schemas.DOCUMENTS`` for columns.

Metadata precedence, field by field: the ``metadata.csv`` sidecar, then a header block of
``key: value`` lines at the top of the file (or HTML ``<meta>`` tags), then a dateline such
as `` date 2025-07-12 `` opening the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import py3langid
from bs4.exceptions import ParserRejectedMarkup
from dateutil import parser as dateparser

from analysis import config
from analysis.clean import html_to_text, markdown_to_text, remove_boilerplate
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
SIDECAR_FIELDS = ("outlet", "url", "published", "kind", "title")


class CorpusError(Exception):
    """The corpus as a whole cannot be read (e.g. the folder does not exist)."""


class BadArticle(Exception):
    """One article cannot be used; the message says what is wrong."""


def load_corpus(folder: str | Path) -> pd.DataFrame:
    """Load every article in ``folder`` into the documents table.

    Returns a DataFrame validated against ``DOCUMENTS``, sorted by ``doc_id`` then ``path``.
    Corpus-level warnings (an unreadable sidecar) are in ``df.attrs["warnings"]``.
    Raises ``CorpusError`` only when the folder itself is missing or not a folder.
    """
    folder = Path(folder)
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist")
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder")
    warnings: list[str] = []
    sidecar = read_sidecar(folder, warnings)
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not _hidden(p.relative_to(folder))
        and not (p.parent == folder and p.name in config.CORPUS_CONTROL_FILES)
    )
    rows = [load_article(p, folder, sidecar.get(p.relative_to(folder).as_posix(), {}))
            for p in files]
    listed = {p.relative_to(folder).as_posix() for p in files}
    for name in sorted(set(sidecar) - listed):
        rows.append(_quarantined(folder / name, folder, f"metadata.csv lists {name!r}, "
                                 "but there is no such file in the corpus"))
    _quarantine_duplicate_ids(rows)
    docs = pd.DataFrame(rows, columns=list(DOCUMENTS.columns))
    docs = docs.sort_values(["doc_id", "path"], kind="stable").reset_index(drop=True)
    docs = DOCUMENTS.validate(docs.astype(_DTYPES))
    docs.attrs["warnings"] = warnings
    return docs


_DTYPES = {"n_bytes": "int64", "n_words": "int64", "n_removed_chars": "int64",
           "published": "datetime64[s]"}


def _hidden(relative: Path) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)


def read_sidecar(folder: Path, warnings: list[str]) -> dict[str, dict[str, str]]:
    """Rows of ``metadata.csv`` keyed by file name (relative path); {} if there is none."""
    path = folder / "metadata.csv"
    if not path.exists():
        return {}
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as err:
        warnings.append(f"{path}: unreadable sidecar ignored ({err})")
        return {}
    if rows and "file" not in rows[0]:
        warnings.append(f"{path}: sidecar ignored, it has no 'file' column")
        return {}
    out = {}
    for line, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            warnings.append(f"{path}, line {line}: row without a file name ignored")
            continue
        out[name] = {k: (row.get(k) or "").strip() for k in SIDECAR_FIELDS}
    return out


def load_article(path: Path, folder: Path, sidecar: dict[str, str]) -> dict:
    """One row of the documents table for the file at ``path``."""
    try:
        return _read_article(path, folder, sidecar)
    except BadArticle as err:
        return _quarantined(path, folder, str(err))
    except OSError as err:
        return _quarantined(path, folder, f"cannot be read ({err.strerror or err})")


def _read_article(path: Path, folder: Path, sidecar: dict[str, str]) -> dict:
    row = _base_row(path, folder)
    suffix = path.suffix.lower()
    if suffix not in config.ARTICLE_SUFFIXES:
        allowed = ", ".join(sorted(config.ARTICLE_SUFFIXES))
        raise BadArticle(f"unsupported file type {suffix or '(none)'!r}; expected one of {allowed}")
    size = path.stat().st_size
    row["n_bytes"] = size
    if size > config.MAX_FILE_BYTES:
        row["sha256"] = _sha256_file(path)
        raise BadArticle(f"file is {size} bytes, over the {config.MAX_FILE_BYTES}-byte cap")
    raw = path.read_bytes()
    row["sha256"] = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise BadArticle("empty file")
    content, row["encoding"] = decode(raw)
    if looks_binary(raw, content):
        raise BadArticle("binary content, not text (control bytes found)")
    notes = [] if row["encoding"] == "utf-8" else [f"not valid UTF-8; decoded as {row['encoding']}"]

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

    published, date_source = _publication_date(sidecar, header, dateline)
    url = _present(sidecar.get("url")) or _present(header.get("url"))
    outlet = (_present(sidecar.get("outlet")) or _present(header.get("outlet"))
              or _domain(url) or "unknown")
    n_words = len(text.split())
    row.update(
        outlet=outlet, url=url or "", kind=_present(sidecar.get("kind")) or "",
        title=_present(sidecar.get("title")) or _present(header.get("title")) or "",
        published=published, date_source=date_source, text=text, n_words=n_words,
        language=detect_language(text), removed_spans=json.dumps(removed, ensure_ascii=False),
        n_removed_chars=sum(len(s["excerpt"]) if s["start"] is None else s["end"] - s["start"]
                            for s in removed),
        status="ok", problem="", notes="; ".join(notes),
    )
    if n_words == 0:
        raise BadArticle("no article text left after removing markup and boilerplate")
    return row


def _base_row(path: Path, folder: Path) -> dict:
    return {
        "doc_id": path.stem, "path": path.relative_to(folder).as_posix(),
        "file_type": path.suffix.lower().lstrip("."), "sha256": "", "n_bytes": 0,
        "encoding": "", "outlet": "", "url": "", "kind": "", "title": "", "published": pd.NaT,
        "date_source": "missing", "language": "", "text": "", "n_words": 0,
        "removed_spans": "[]", "n_removed_chars": 0, "status": "ok", "problem": "", "notes": "",
    }


def _quarantined(path: Path, folder: Path, problem: str) -> dict:
    row = _base_row(path, folder)
    if path.is_file():
        row["n_bytes"] = path.stat().st_size
        row["sha256"] = _sha256_file(path)
    row.update(status="quarantined", problem=f"{row['path']}: {problem}")
    return row


def _quarantine_duplicate_ids(rows: list[dict]) -> None:
    counts = Counter(r["doc_id"] for r in rows)
    for doc_id in (d for d, n in counts.items() if n > 1):
        same = sorted((r for r in rows if r["doc_id"] == doc_id), key=lambda r: r["path"])
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
    """Text of ``raw`` and the encoding used: UTF-8, else cp1252, else latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def looks_binary(raw: bytes, text: str) -> bool:
    """True for NUL bytes or more than 10% control characters."""
    if b"\x00" in raw[:8192]:
        return True
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
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


def parse_date(value: str, where: str) -> dt.date | None:
    """A calendar date from ``value``; None when it says the date is unknown.

    Raises ``BadArticle`` naming ``where`` for an unparseable or impossible date.
    """
    value = _present(value)
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value[:10]) if re.match(r"\d{4}-\d\d-\d\d", value) else None
        if day is None:
            day = dateparser.parse(value, default=dt.datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError) as err:
        raise BadArticle(f"{where} date {value!r} is not a valid date ({err})") from err
    if not 1900 < day.year < 2200:
        raise BadArticle(f"{where} date {value!r} is outside 1900-2200")
    return day


def _publication_date(sidecar: dict, header: dict, dateline: re.Match | None):
    for source, value in (("sidecar", sidecar.get("published")), ("header", header.get("date")),
                          ("dateline", dateline.group(1) if dateline else None)):
        day = parse_date(value or "", source)
        if day is not None:
            return pd.Timestamp(day), source
    return pd.NaT, "missing"


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url if "://" in url else f"https://{url}").netloc.lower()
    except ValueError:  # malformed, e.g. an unclosed "[" read as an IPv6 host
        return None
    return host.removeprefix("www.") or None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, ``und`` when too short to tell."""
    if len(text.split()) < config.MIN_WORDS_FOR_LANGUAGE:
        return "und"
    return py3langid.classify(text)[0]
