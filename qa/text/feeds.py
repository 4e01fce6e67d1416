"""Read RSS and Atom feed files (with ``feedparser``): one :class:`FeedEntry` an item.

Each item or entry gives its title, its text (the entry's content, else its summary; HTML
reduced to plain text by :func:`qa.text.html.html_to_text`), its link, its date (published,
else updated) and the feed's title as its publisher. An entry with no text is passed over
with the reason.

The entry's id is its own id (RSS ``guid``, Atom ``id``) when that is safe as a URL path
segment (letters, digits and ``._~-``, at most 100 characters, ``"item-42"``); an id that
is not (a URL, a ``tag:`` or ``urn:`` URI) and an entry without one are named by the host
of their link and a hash of that id, else of the link (``"www.example.com-3f2a...``"), so
the same entry keeps its id in every copy of the feed. An entry with neither id nor link
is ``<file stem>-<position>``, as the lines of a ``.jsonl`` file are.

Nothing is fetched and no file but the one given is read: the feed is parsed from its
bytes (``feedparser`` reads a *string* as a URL or file name, so it is handed a byte
stream), and a feed that declares XML entities anywhere (``<!ENTITY``: external entities,
or entity expansion "bombs") is refused before it is parsed, checked in the text the parser
would read (after ``feedparser``'s own conversion to UTF-8, so no declared encoding hides
it). ``feedparser``'s XML parser loads no external DTD or entity either.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from qa.text.html import html_to_text

__all__ = ["FeedEntry", "UnreadableFeed", "read_feed"]

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,99}", re.ASCII)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
#: A comment, processing instruction or DOCTYPE (with its internal subset), or (group 1)
#: the name of the first element.
_MARKUP = re.compile(r"<(?:!--.*?-->|\?.*?\?>|!DOCTYPE(?:[^\[>]|\[.*?\])*>|([^\s/>?!]+))",
                     re.DOTALL | re.IGNORECASE)


class UnreadableFeed(ValueError):
    """A file that is not a feed, or one that cannot be read; ``str()`` is the reason."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, as :func:`read_feed` reads it (values as the feed gives them:
    ``date`` is ISO 8601 UTC, ``url`` may still be something other than http)."""

    id: str
    title: str
    text: str
    url: str | None
    date: str | None
    publisher: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """The entries of a feed, and the entries passed over as ``(position, reason)``."""

    entries: list[FeedEntry]
    skipped: list[tuple[int, str]]


def _as_utf8(data: bytes) -> tuple[bytes, str]:
    """The feed's bytes as ``feedparser`` parses them (converted to UTF-8 from the encoding
    its byte order mark or XML declaration gives), and their text; the text of bytes in
    no known encoding is their Latin-1 reading, enough to find ASCII markup in."""
    from feedparser.encodings import convert_to_utf8

    result: dict[str, Any] = {}
    converted = convert_to_utf8({}, data, result)
    if result.get("encoding"):
        return converted, converted.decode("utf-8", "replace")
    return data, data.decode("latin-1")


def _prolog(text: str) -> tuple[str, str | None]:
    """What stands before the root element, and the root element's name (None if the
    text has none)."""
    position = 0
    while True:
        found = _MARKUP.search(text, position)
        if found is None:
            return text, None
        if found.group(1) is not None:
            return text[: found.start()], found.group(1)
        position = found.end()


def _plain(value: str, kind: str) -> str:
    """An entry's text or title as plain text: HTML reduced, whitespace tidied."""
    if any(t in (kind or "").lower() for t in _HTML_TYPES):
        value = html_to_text(value)[1]
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text_of(entry: Any) -> str:
    """The entry's content, else its summary, as plain text ("" when it has none)."""
    for part in [*(entry.get("content") or []), entry.get("summary_detail")]:
        if not part or not isinstance(part.get("value"), str):
            continue
        text = _plain(part["value"], part.get("type", "text/plain"))
        if text:
            return text
    summary = entry.get("summary")
    return _plain(summary, "text/html") if isinstance(summary, str) else ""


def _title_of(entry: Any) -> str:
    detail = entry.get("title_detail") or {}
    title = entry.get("title")
    if not isinstance(title, str):
        return ""
    return " ".join(_plain(title, detail.get("type", "text/plain")).split())


def _date_of(entry: Any) -> str | None:
    """Published, else updated, as ISO 8601 UTC; a feed's bare date stays a date."""
    for key in ("published", "updated"):
        # dict.get: FeedParserDict.get("updated") falls back to "published" (deprecated)
        raw, parsed = dict.get(entry, key), dict.get(entry, f"{key}_parsed")
        if isinstance(raw, str) and _ISO_DATE.fullmatch(raw.strip()):
            return raw.strip()
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def _id_of(guid: str | None, link: str | None, stem: str, position: int) -> str:
    """The entry's id (see the module docstring)."""
    if guid and _SAFE_ID.fullmatch(guid):
        return guid
    key = guid or link
    if not key:
        return f"{stem}-{position}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    host = urlsplit(link or "").hostname if link else None
    host = host or urlsplit(key).hostname
    prefix = host if host and _SAFE_ID.fullmatch(host) else "entry"
    return f"{prefix}-{digest}"


def read_feed(data: bytes, stem: str) -> Feed:
    """The entries of an RSS or Atom feed's bytes; :class:`UnreadableFeed` saying why for
    bytes that are not a feed (or declare XML entities). ``stem`` names the entries that
    have neither id nor link."""
    import feedparser

    data, text = _as_utf8(data)
    if re.search(r"<!ENTITY", text, re.IGNORECASE):
        raise UnreadableFeed("declares XML entities (<!ENTITY ...>), which are not read; "
                             "remove the DOCTYPE's entity declarations")
    _, root = _prolog(text)
    if root is None:
        raise UnreadableFeed("not an RSS or Atom feed (no XML root element)")
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version"):
        raise UnreadableFeed(f"not an RSS or Atom feed (root element <{root[:40]}>)")
    feed = parsed.get("feed") or {}
    publisher = next((" ".join(v.split()) for v in (feed.get("title"), feed.get("publisher"))
                      if isinstance(v, str) and v.strip()), None)
    home = feed.get("link") if isinstance(feed.get("link"), str) else None
    entries: list[FeedEntry] = []
    skipped: list[tuple[int, str]] = []
    for position, entry in enumerate(parsed.get("entries") or [], start=1):
        body = _text_of(entry)
        title = _title_of(entry)
        if not body:
            named = f" ({title[:60]!r})" if title else ""
            skipped.append((position, f"entry {position}{named} has no text"))
            continue
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        if link and home and not urlsplit(link).scheme:
            link = urljoin(home, link)
        guid = entry.get("id") if isinstance(entry.get("id"), str) else None
        entries.append(FeedEntry(
            id=_id_of(guid.strip() if guid else None, link, stem, position),
            title=title, text=body, url=link, date=_date_of(entry), publisher=publisher))
    if not entries and not skipped:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        raise UnreadableFeed("feed has no items or entries"
                             + (f" (malformed: {str(problem)[:200]})" if problem else ""))
    return Feed(entries, skipped)
