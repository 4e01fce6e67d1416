"""Reduce an HTML page to its title and visible body text (standard library only).

Block elements (paragraphs, headings, list items, table rows, ``<br>``) become line
breaks, paragraphs and headings become blank-line separated paragraphs, and everything a
reader does not see (``script``, ``style``, ``template``, ``noscript``, ``head``) or that is
page furniture rather than the article (``nav``, ``header``, ``footer``, ``aside``,
``form``) is dropped. Character references are decoded by :class:`html.parser.HTMLParser`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_HIDDEN = {"script", "style", "template", "noscript", "head", "nav", "header", "footer",
           "aside", "form", "button", "select", "svg", "iframe", "object"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul",
              "ol", "dl", "figure", "section", "article", "main", "div"}
_LINE = {"br", "li", "tr", "dt", "dd", "figcaption", "hr"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
         "source", "track", "wbr"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.in_title = False
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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


def html_to_text(html: str) -> tuple[str, str]:
    """``(title, text)`` of an HTML page; the title is ``<title>``, else the first ``<h1>``."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    title = _squeeze(" ".join(parser.title)) or _squeeze(" ".join(parser.h1))
    return title.replace("\n", " "), _squeeze("".join(parser.parts))
