"""Article text clean-up: markup to plain text, and boilerplate removal with recorded spans.

Boilerplate rules are data (``patterns/boilerplate.jsonl``): each has an ``id``, a ``scope``
(``line`` removes each matching line, ``tail`` removes a matching line and everything after
it) and a regular expression. Every removed span is reported with the rule that removed it.

Web pages: ``trafilatura`` finds the main text (the article, without menus, teasers and
footers); when it finds none, as in a short fragment, the whole page's text is used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import trafilatura
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from analysis.config import PATTERNS_DIR

BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "table", "tr", "figure", "figcaption", "hr",
)
JUNK_TAGS = ("script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg")


@dataclass(frozen=True)
class Rule:
    id: str
    scope: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[Rule, ...]:
    """The packaged boilerplate rules, compiled."""
    rules = []
    path = PATTERNS_DIR / "boilerplate.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rules.append(Rule(row["id"], row["scope"], re.compile(row["pattern"])))
    return tuple(rules)


def remove_boilerplate(text: str) -> tuple[str, list[dict]]:
    """Drop boilerplate lines and tails.

    Returns the cleaned text and the removed spans as dicts with ``rule``, ``start``,
    ``end`` (offsets into the input text) and ``excerpt``.
    """
    kept: list[str] = []
    removed: list[dict] = []
    offset = 0
    lines = text.splitlines(keepends=True)
    navigation = repeated_navigation_lines(lines)
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        rule = NAVIGATION if body.strip() in navigation else next(
            (r for r in boilerplate_rules() if r.pattern.search(body)), None)
        if rule is None:
            kept.append(line)
        elif rule.scope == "tail":
            rest = "".join(lines[i:])
            removed.append(_span(rule.id, offset, offset + len(rest), rest))
            break
        else:
            removed.append(_span(rule.id, offset, offset + len(body), body))
            kept.append(line[len(body):])
        offset += len(line)
    return tidy_whitespace("".join(kept)), removed


NAVIGATION = Rule("repeated-navigation-line", "line", re.compile("^$"))
NAVIGATION_ZONE = 15


def repeated_navigation_lines(lines: list[str]) -> set[str]:
    """Short lines repeated verbatim near the top of a page: menus and section labels."""
    head = [line.strip() for line in lines[:NAVIGATION_ZONE] if line.strip()]
    return {line for line in head
            if head.count(line) > 1 and len(line) < 60 and not line.endswith((".", "?", "!"))}


def _span(rule: str, start: int, end: int, text: str) -> dict:
    excerpt = " ".join(text.split())
    return {"rule": rule, "start": start, "end": end, "excerpt": excerpt[:80]}


def tidy_whitespace(text: str) -> str:
    """Strip trailing spaces, collapse runs of blank lines, trim the ends."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def html_to_text(html: str, main_text: bool = True) -> tuple[str, dict[str, str], list[dict]]:
    """Plain text of an HTML page, its metadata and the spans removed.

    With ``main_text``, trafilatura keeps only the article; page text outside it is
    reported as removed (rule ``html-not-main-text``). Metadata keys: ``title``, ``url``,
    ``outlet``, ``language`` (when present); dates are left to ``htmldate``.
    """
    soup = BeautifulSoup(html, "html.parser")
    meta = _html_metadata(soup)
    removed = []
    for tag in soup.find_all(JUNK_TAGS):
        excerpt = " ".join(tag.get_text(" ").split())
        removed.append({"rule": f"markup-{tag.name}", "start": None, "end": None,
                        "excerpt": excerpt[:80]})
        tag.decompose()
    if soup.head is not None:
        soup.head.decompose()
    for tag in soup.find_all(BLOCK_TAGS):  # inside the tag: linear time on long pages
        tag.insert(0, "\n\n")
        tag.append("\n\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    page = tidy_whitespace("\n".join(lines))
    article = _main_text(html) if main_text else None
    if not article:
        return page, meta, removed
    kept = set(article.splitlines())
    removed += [{"rule": "html-not-main-text", "start": None, "end": None, "excerpt": line[:80]}
                for line in page.splitlines() if line and line not in kept]
    return article, meta, removed


def _main_text(html: str) -> str | None:
    """The article's text as trafilatura finds it, one block a line; None if none."""
    text = trafilatura.extract(html, favor_recall=True, include_tables=True,
                               include_comments=False, include_links=False,
                               include_images=False, deduplicate=False, with_metadata=False)
    if not text:
        return None
    lines = (" ".join(line.split()) for line in text.splitlines())
    return tidy_whitespace("\n".join(lines)) or None


def _html_metadata(soup: BeautifulSoup) -> dict[str, str]:
    contents: dict[str, str] = {}  # one pass over <meta>; the first tag of a key wins
    for tag in soup.find_all("meta"):
        key, content = tag.get("property") or tag.get("name"), tag.get("content")
        if key and content and str(content).strip():
            contents.setdefault(str(key), str(content).strip())

    def meta_content(key: str) -> str | None:
        return contents.get(key)

    meta = {
        "title": meta_content("og:title")
        or (soup.title.get_text().strip() if soup.title else None),
        "url": meta_content("og:url"),
        "outlet": meta_content("og:site_name"),
    }
    canonical = soup.find("link", rel="canonical")
    if not meta["url"] and canonical is not None and canonical.get("href"):
        meta["url"] = str(canonical["href"])
    if soup.html is not None and soup.html.get("lang"):
        meta["language"] = str(soup.html["lang"])
    return {k: v for k, v in meta.items() if v}


_MARKDOWN = MarkdownIt("commonmark")


def markdown_to_text(markdown: str) -> tuple[str, dict[str, str], list[dict]]:
    """Plain text of a Markdown document (rendered, then read as HTML)."""
    text, _meta, removed = html_to_text(_MARKDOWN.render(markdown), main_text=False)
    return text, {}, removed
