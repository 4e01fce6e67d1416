"""Reduce an HTML page to its title and visible body text (standard library only).

Block elements (paragraphs, headings, list items, table rows, ``<br>``) become line
breaks, paragraphs and headings become blank-line separated paragraphs, and everything a
reader does not see (``script``, ``style``, ``template``, ``noscript``, ``head``) or that is
page furniture rather than the article (``nav``, ``header``, ``footer``, ``aside``,
``form``) is dropped. Character references are decoded by :class:`html.parser.HTMLParser`.

:func:`read_html` also collects what the page says about itself, as written, most
trustworthy first (the caller keeps the first value it accepts):

- dates: ``<meta property="article:published_time">``, ``itemprop="datePublished"`` (on a
  ``<meta>`` or a ``<time datetime>``), the ``datePublished`` of the page's
  ``application/ld+json`` article, then ``<meta name=...>`` ``date``, ``pubdate``,
  ``publishdate``, ``dc.date``, ``dc.date.issued``, ``dcterms.issued``;
- publishers: ``og:site_name``, the ld+json ``publisher`` (its ``name``), then
  ``<meta name="publisher">``, ``dc.publisher``, ``dcterms.publisher`` (never ``author``,
  who wrote the article rather than published it);
- urls: ``<link rel="canonical">``, ``og:url``, then the ld+json ``url``; a relative address
  is resolved against ``<base href>`` or an absolute ``og:url`` when the page has one.

Nothing is fetched: ld+json is read with :func:`json.loads` (a block that is malformed,
nested too deep or over 1 MB is ignored).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

__all__ = ["HtmlPage", "html_to_text", "read_html"]

_HIDDEN = {"script", "style", "template", "noscript", "head", "nav", "header", "footer",
           "aside", "form", "button", "select", "svg", "iframe", "object"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul",
              "ol", "dl", "figure", "section", "article", "main", "div"}
_LINE = {"br", "li", "tr", "dt", "dd", "figcaption", "hr"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
         "source", "track", "wbr"}


#: ``<meta>`` keys (``property``, ``name`` or ``itemprop``, lower-cased) by what they give,
#: and how trustworthy they are (lower first).
_META = {
    "article:published_time": ("date", 0), "datepublished": ("date", 1),
    "date": ("date", 3), "pubdate": ("date", 3), "publishdate": ("date", 3),
    "dc.date": ("date", 4), "dc.date.issued": ("date", 4), "dcterms.issued": ("date", 4),
    "og:site_name": ("publisher", 0), "publisher": ("publisher", 2),
    "dc.publisher": ("publisher", 3), "dcterms.publisher": ("publisher", 3),
    "og:url": ("url", 1),
}
_LD_MAX_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """An HTML page read by :func:`read_html`: its title and visible text, and the dates,
    publishers and urls it gives for itself, as written and most trustworthy first."""

    title: str
    text: str
    dates: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.in_title = False
        self.in_h1 = False
        #: (rank, order, kind, value) of every self-description found.
        self.found: list[tuple[int, int, str, str]] = []
        self.base: str | None = None
        self.ld: list[str] | None = None
        self.ld_blocks: list[str] = []

    def _note(self, kind: str, rank: int, value: str | None) -> None:
        if value and value.strip():
            self.found.append((rank, len(self.found), kind, value.strip()))

    def _describe(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note what a ``<meta>``, ``<link>``, ``<base>`` or ``<time>`` says of the page."""
        values = {k: v for k, v in attrs if v is not None}
        if tag == "meta":
            content = values.get("content")
            for key in ("property", "name", "itemprop"):
                known = _META.get(values.get(key, "").strip().lower())
                if known is not None:
                    self._note(known[0], known[1], content)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self._note("url", 0, values.get("href"))
        elif tag == "base" and self.base is None:
            self.base = values.get("href")
        elif tag == "time" and values.get("itemprop", "").strip().lower() == "datepublished":
            self._note("date", 1, values.get("datetime"))
        elif tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self.ld = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._describe(tag, attrs)
        if tag in _VOID:
            if tag in _LINE and not self.hidden:
                self.parts.append("\n")
            return
        if tag == "title":
            self.in_title = True
        if self.hidden or tag in _HIDDEN or any(k == "hidden" for k, _ in attrs):
            self.hidden.append(tag)
            return
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        if tag in _PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.ld is not None:
            self.ld_blocks.append("".join(self.ld))
            self.ld = None
        if tag == "title":
            self.in_title = False
        if self.hidden:
            if tag in self.hidden:
                while self.hidden and self.hidden.pop() != tag:
                    pass
            return
        if tag == "h1":
            self.in_h1 = False
        if tag in _PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.ld is not None:
            self.ld.append(data)
        if self.in_title:
            self.title.append(data)
        if self.hidden:
            return
        if self.in_h1:
            self.h1.append(data)
        self.parts.append(data)


def _squeeze(text: str) -> str:
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _linked_data(block: str) -> list[dict[str, Any]]:
    """The objects of an ld+json block (top level, a list, or an ``@graph``), articles
    first; [] for a block that cannot be read."""
    if len(block) > _LD_MAX_CHARS:
        return []
    try:
        data = json.loads(block)
    except (ValueError, RecursionError):
        return []
    items = data if isinstance(data, list) else [data]
    for item in list(items):
        if isinstance(item, dict) and isinstance(item.get("@graph"), list):
            items.extend(item["@graph"])
    objects = [item for item in items if isinstance(item, dict)]

    def is_article(item: dict[str, Any]) -> bool:
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        return any(isinstance(k, str) and ("Article" in k or k == "BlogPosting") for k in kinds)

    return sorted(objects, key=lambda item: not is_article(item))


def _ld_name(value: Any) -> str | None:
    """A publisher as ld+json gives it: a name, an object with a ``name``, or a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def read_html(html: str) -> HtmlPage:
    """An HTML page's title, visible text and self-description (see the module docstring);
    the title is ``<title>``, else the first ``<h1>``."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    title = _squeeze(" ".join(parser.title)) or _squeeze(" ".join(parser.h1))
    for block in parser.ld_blocks:
        for item in _linked_data(block)[:1]:
            date, url = item.get("datePublished"), item.get("url")
            parser._note("date", 2, date if isinstance(date, str) else None)
            parser._note("publisher", 1, _ld_name(item.get("publisher")))
            parser._note("url", 2, url if isinstance(url, str) else None)
    found = sorted(parser.found)
    absolute = [v for _, _, kind, v in found if kind == "url" and urlsplit(v).scheme]
    base = parser.base if parser.base and urlsplit(parser.base).scheme else None
    base = base or (absolute[0] if absolute else None)

    def of(kind: str) -> tuple[str, ...]:
        values = [v for _, _, k, v in found if k == kind]
        if kind == "url" and base is not None:
            values = [urljoin(base, v) for v in values]
        return tuple(dict.fromkeys(values))

    return HtmlPage(title.replace("\n", " "), _squeeze("".join(parser.parts)),
                    of("date"), of("publisher"), of("url"))


def html_to_text(html: str) -> tuple[str, str]:
    """``(title, text)`` of an HTML page; the title is ``<title>``, else the first ``<h1>``."""
    page = read_html(html)
    return page.title, page.text
