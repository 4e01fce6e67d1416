"""Documents: what they are and how they are read from files.

A :class:`Document` is an id, a title, its text and where it came from: its ``source``
(the file it was read from), and when known its ``date``, ``publisher`` and ``url``.
Offsets of every sentence the service returns index into ``Document.text``.

A document's ``date`` is ISO 8601, in one of two normal forms (:func:`normalise_date`):

- a calendar date, ``"2024-10-08"``, kept as it is;
- a date-time, ``"2024-10-08T09:30:00Z"``: in UTC, to the second, marked ``Z``. A
  date-time given with an offset is converted to UTC (``"2024-10-08T11:30+02:00"`` ->
  ``"2024-10-08T09:30:00Z"``), one without an offset is taken to be UTC, and fractions of
  a second are dropped.

Anything else (``"8 Oct 2024"``, ``"2024-13-01"``, a number) is refused with
:class:`~qa.errors.DocumentError` saying what is accepted. ``publisher`` is a name
(whitespace collapsed) and ``url`` an absolute ``http``/``https`` address; an empty or
blank ``date``, ``publisher`` or ``url`` is ``None``.

Files (:func:`load_paths`):

- ``.txt`` / ``.md``: one document; the first non-empty line is the title. The text is the
  whole file (universal newlines), so offsets point into the file as a reader sees it;
  the title line is not a sentence. A first line of over 200 characters holding several
  sentences (an article saved as one paragraph) is no title: the title is its first
  sentence, and all of the text is body.
- ``.jsonl``: one document a line, ``{"id"?, "title", "text", "source"?, "date"?,
  "publisher"?, "url"?}``; a line whose ``date``, ``publisher``, ``url`` or ``source`` is
  not accepted is skipped with the reason.
- ``.html`` / ``.htm``: the ``<title>`` (or first ``<h1>``) and the visible body text; the
  date, publisher and url from the page's ``<meta>``, ``<link rel="canonical">`` and
  ld+json (:func:`qa.text.html.read_html`), the first of each that can be read (a date
  that cannot is passed over, never failing the page).
- ``.rss``, ``.atom`` and ``.xml`` whose root is an RSS or Atom feed: one document an item
  or entry (:mod:`qa.text.feeds`), with its title, text, link as ``url``, date and the
  feed's title as ``publisher``; an ``.xml`` file that is not a feed is skipped with that
  reason, and so is an entry with no text.
- ``.pdf``: one document of the text of every page, pages separated by a blank line
  (:mod:`qa.text.pdf`); the title is the PDF's metadata title, else its first non-empty
  line, which is left out of the sentences when it is that title or a paragraph of its own.

A file or line that cannot be read (binary, bad encoding, malformed JSON, missing text, a
PDF without a text layer or damaged) is skipped with a warning naming it, and so is every
file of another type found in a folder (``unsupported file type .docx; supported: ...``);
everything else is still loaded. Hidden files and folders (names starting with ``.``) are
not read and not reported. Every other file is treated alike: a folder's ``README.md`` or
``SOURCE.md`` is a document like any other ``.md``. The ids are stable:
the ``id`` field, else the file stem, else (when two files share a stem) the path relative
to the folder given, without its suffix.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateutil.parser import isoparse

from qa.errors import DocumentError
from qa.text import datelines
from qa.text.feeds import UnreadableFeed, read_feed
from qa.text.html import read_html
from qa.text.pdf import UnreadablePDF, pdf_to_text

__all__ = [
    "SUFFIXES",
    "Document",
    "LoadReport",
    "Skipped",
    "body_regions",
    "default_paths",
    "find_files",
    "load_files",
    "load_paths",
    "normalise_date",
    "normalise_url",
]

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".pdf", ".rss", ".atom", ".xml")
#: A first line longer than this that holds several sentences is body, not a title.
MAX_TITLE_CHARS = 200
_SNIFF_BYTES = 8192


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATE_TIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
DATE_FORMS = ('an ISO 8601 date ("2024-10-08") or date-time ("2024-10-08T09:30:00Z", '
              '"2024-10-08T11:30:00+02:00")')


def normalise_date(value: Any) -> str | None:
    """``value`` as a document date in its normal form (see the module docstring), None
    for None or a blank string; :class:`ValueError` (:class:`TypeError` for a value that
    is no string) saying what is accepted otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"date must be {DATE_FORMS}, got {type(value).__name__} {value!r}")
    text = value.strip()
    if not text:
        return None
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text).isoformat()
        found = _DATE_TIME.fullmatch(text)
        if found is not None:
            moment = datetime.fromisoformat(
                f"{found['date']}T{found['h']}:{found['m']}:{found['s'] or '00'}"
                + _offset(found["tz"]))
            return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        pass
    raise ValueError(f"date must be {DATE_FORMS}, got {value!r}")


def _offset(tz: str | None) -> str:
    """A UTC offset as :meth:`datetime.fromisoformat` reads it ("+0200" -> "+02:00")."""
    if tz is None or tz in "Zz":
        return "+00:00"
    digits = tz[1:].replace(":", "")
    return f"{tz[0]}{digits[:2]}:{digits[2:] or '00'}"


def normalise_url(value: Any) -> str | None:
    """``value`` as a document url: an absolute http or https address, None for None or a
    blank string; :class:`ValueError` (or :class:`TypeError`) saying what is accepted
    otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"url must be a string, got {type(value).__name__} {value!r}")
    text = value.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text)):
        raise ValueError(f"url must be an absolute http:// or https:// address, got {value!r}")
    return text


def _normalise_name(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__} {value!r}")
    return " ".join(value.split()) or None


@dataclass(frozen=True, slots=True)
class Document:
    """One document: sentence offsets index into ``text``.

    ``date``, ``publisher`` and ``url`` are checked and put in their normal form on
    construction (see the module docstring); a value that is not accepted raises
    :class:`~qa.errors.DocumentError`.
    """

    id: str
    title: str
    text: str
    source: str | None = None
    date: str | None = None
    #: Where the title sits in ``text`` (``(start, end)``), when it is part of it.
    title_span: tuple[int, int] | None = None
    #: Who published it ("Reuters"), when known.
    publisher: str | None = None
    #: Where it was published (an http or https address), when known.
    url: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise DocumentError(f"document id must be a non-empty string, got {self.id!r}")
        if not isinstance(self.text, str):
            raise DocumentError(f"document {self.id!r}: text must be a string")
        if not isinstance(self.title, str):
            raise DocumentError(f"document {self.id!r}: title must be a string")
        try:
            object.__setattr__(self, "date", normalise_date(self.date))
            object.__setattr__(self, "publisher", _normalise_name(self.publisher, "publisher"))
            object.__setattr__(self, "url", normalise_url(self.url))
        except (TypeError, ValueError) as exc:
            raise DocumentError(f"document {self.id!r}: {exc}") from None

    @property
    def dateline(self) -> str | None:
        """The place of the dateline that opens the body ("TOKYO (CNN) --" -> "TOKYO")."""
        found = datelines.find(self.text, self.title_span[1] if self.title_span else 0)
        return found.place if found is not None else None

    def meta(self) -> dict[str, str | None]:
        """The ``document`` object of a passage in the SPEC."""
        return {"id": self.id, "title": self.title, "source": self.source,
                "date": self.date, "publisher": self.publisher, "url": self.url,
                "dateline": self.dateline}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file, or a line of one, that could not be loaded."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class LoadReport:
    """What :func:`load_paths` read and what it skipped."""

    files: int = 0
    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def skip(self, path: Path | str, line: int | None, reason: str) -> None:
        item = Skipped(str(path), line, reason)
        self.skipped.append(item)
        log.warning("skipped %s", item)


# --- finding files -------------------------------------------------------------------


def default_paths() -> list[Path]:
    """Where the service reads documents when given none: ``./seeds`` if that folder
    exists, else the ``seeds/`` folder of the project checkout this package runs from."""
    here = Path.cwd() / "seeds"
    if here.is_dir():
        return [here]
    return [Path(__file__).resolve().parents[2] / "seeds"]


def _walk(root: Path) -> list[Path]:
    """Files below ``root``, sorted; hidden names are skipped and symbolic links to
    folders are followed, except into a folder that contains them (a link loop)."""
    out: list[Path] = []
    real: dict[str, str] = {}
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = os.path.realpath(folder)
        parent = os.path.dirname(folder)
        ancestors = []
        while parent in real:
            ancestors.append(real[parent])
            parent = os.path.dirname(parent)
        if here in ancestors:
            dirs[:] = []
            continue
        real[folder] = here
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(folder) / f for f in files if not f.startswith("."))
    return sorted(out)


def find_files(
    paths: Iterable[str | Path], report: LoadReport | None = None
) -> list[tuple[Path, Path]]:
    """Every loadable file under ``paths`` as (file, root it was found under), sorted."""
    report = report if report is not None else LoadReport()
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = [(file, path) for file in _walk(path)]
        elif path.is_file():
            files = [(path, path.parent)]
        else:
            raise DocumentError(f"no such file or folder: {str(path)!r}")
        for file, root in files:
            if file.suffix.lower() in SUFFIXES:
                found.append((file, root))
            else:
                report.skip(file, None, _unsupported(file))
    return found


def _unsupported(file: Path) -> str:
    kind = file.suffix.lower() or "(no suffix)"
    return f"unsupported file type {kind}; supported: {' '.join(SUFFIXES)}"


def _source_name(file: Path, root: Path) -> str:
    """How a document's source is shown: the folder given and the path below it
    (``seeds/a.txt``), never the absolute path of the server's file system."""
    name = root.resolve().name
    relative = file.relative_to(root).as_posix()
    return f"{name}/{relative}" if name else relative


def _read_text(path: Path, report: LoadReport) -> str | None:
    """The file decoded as UTF-8 with universal newlines, or None (and a warning)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(path, None, f"cannot read: {exc.strerror or exc}")
        return None
    if b"\x00" in data[:_SNIFF_BYTES]:
        report.skip(path, None, "binary file (contains NUL bytes)")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.skip(path, line, f"not valid UTF-8 (byte {exc.start}); save it as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- one reader per format -----------------------------------------------------------

_Reader = Callable[[Path, str, LoadReport], Iterator[dict]]


def _read_plain(path: Path, stem: str, report: LoadReport) -> Iterator[dict]:
    text = _read_text(path, report)
    if text is None:
        return
    match = re.search(r"\S[^\n]*", text)
    if match is None:
        report.skip(path, None, "empty file")
        return
    title = match.group().strip()
    if path.suffix.lower() == ".md":
        title = title.lstrip("#").strip() or title
    if len(title) > MAX_TITLE_CHARS or _reads_as_sentence(title):
        # A file with no title line (one long paragraph, or a body that starts with its
        # lead sentence): its first sentence is the title, and every sentence, that one
        # too, is body.
        from qa.text.sentences import split_sentences

        opening = datelines.find(title)
        if opening is not None:  # "(CNN)Police in Japan ..." is titled "Police in Japan ..."
            title = title[opening.end :]
        first = split_sentences(title)
        if first and (len(first) > 1 or _reads_as_sentence(title)):
            title = title[first[0][0] : first[0][1]]
            yield {"id": stem, "title": _shorten(title), "text": text, "title_span": None}
            return
    yield {"id": stem, "title": title, "text": text, "title_span": (match.start(), match.end())}


#: A line that ends as a sentence does: a full stop after a lower-case word, a number or a
#: closing quote or bracket (headlines end without one; "U.S." or "N.Y." end in a capital).
_SENTENCE_END = re.compile(r"[a-z0-9%\"”’')\]]\.[\"”’']?$")


def _reads_as_sentence(line: str) -> bool:
    """Whether a first line is a sentence of the body rather than a headline: headlines
    are not closed with a full stop, and a line of eight words or more that is, is a lead
    sentence (as in wire archives saved without their headlines)."""
    return len(line.split()) >= 8 and _SENTENCE_END.search(line) is not None


def _shorten(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``title`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _read_html(path: Path, stem: str, report: LoadReport) -> Iterator[dict]:
    raw = _read_text(path, report)
    if raw is None:
        return
    page = read_html(raw)
    if not page.text.strip():
        report.skip(path, None, "no visible text")
        return
    yield {"id": stem, "title": page.title or stem, "text": page.text,
           "date": _first(page.dates, _page_date),
           "publisher": _first(page.publishers, lambda v: _normalise_name(v, "publisher")),
           "url": _first(page.urls, normalise_url)}


def _first(values: Iterable[str], accept: Callable[[str], str | None]) -> str | None:
    """The first of ``values`` that ``accept`` takes (normalised); a value it refuses is
    passed over, never an error: what a page says of itself is a hint."""
    for value in values:
        try:
            accepted = accept(value)
        except (TypeError, ValueError, OverflowError):
            continue
        if accepted is not None:
            return accepted
    return None


def _page_date(value: str) -> str | None:
    """A date as web pages write it, normalised: ISO 8601 as :func:`normalise_date` takes
    it, else the compact ("20241008", "20241008T093000Z") and e-mail ("Tue, 08 Oct 2024
    09:30:00 GMT") forms; anything else raises :class:`ValueError`."""
    try:
        return normalise_date(value)
    except ValueError:
        pass
    text = value.strip()
    moment: datetime | None = None
    if re.fullmatch(r"\d{8}", text, re.ASCII):
        return normalise_date(f"{text[:4]}-{text[4:6]}-{text[6:]}")
    if re.fullmatch(r"\d{8}T[\d:.,]+(Z|[+-][\d:]+)?", text, re.ASCII):
        moment = isoparse(text)
    else:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None:
        raise ValueError(f"not a date: {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return normalise_date(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _read_pdf(path: Path, stem: str, report: LoadReport) -> Iterator[dict]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(path, None, f"cannot read: {exc.strerror or exc}")
        return
    try:
        title, text, title_span = pdf_to_text(data)
    except UnreadablePDF as exc:
        report.skip(path, None, str(exc))
        return
    yield {"id": stem, "title": _shorten(title), "text": text, "title_span": title_span}


def _read_feed(path: Path, stem: str, report: LoadReport) -> Iterator[dict]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(path, None, f"cannot read: {exc.strerror or exc}")
        return
    try:
        feed = read_feed(data, stem)
    except UnreadableFeed as exc:
        report.skip(path, None, str(exc))
        return
    for _, reason in feed.skipped:
        report.skip(path, None, reason)
    for entry in feed.entries:
        first_line = entry.text.split("\n", 1)[0]
        yield {"id": entry.id, "title": entry.title or _shorten(first_line), "text": entry.text,
               "date": _first([entry.date] if entry.date else [], normalise_date),
               "publisher": _first([entry.publisher] if entry.publisher else [],
                                   lambda v: _normalise_name(v, "publisher")),
               "url": _first([entry.url] if entry.url else [], normalise_url),
               "own_id": True}


def _read_jsonl(path: Path, stem: str, report: LoadReport) -> Iterator[dict]:
    raw = _read_text(path, report)
    if raw is None:
        return
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.skip(path, number, f"malformed JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            report.skip(path, number, "expected a JSON object")
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            report.skip(path, number, 'missing or empty "text"')
            continue
        doc_id = record.get("id")
        doc_id = str(doc_id) if doc_id not in (None, "") else f"{stem}-{number}"
        title = record.get("title")
        try:
            fields = {
                "date": normalise_date(record.get("date")),
                "publisher": _normalise_name(record.get("publisher"), "publisher"),
                "url": normalise_url(record.get("url")),
                "source": _normalise_name(record.get("source"), "source"),
            }
        except (TypeError, ValueError) as exc:
            report.skip(path, number, str(exc))
            continue
        yield {
            "id": doc_id,
            "title": title if isinstance(title, str) and title.strip() else doc_id,
            "text": text,
            **fields,
            "own_id": "id" in record,
        }


_READERS: dict[str, _Reader] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
    ".pdf": _read_pdf,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".xml": _read_feed,
}


def load_paths(
    paths: Iterable[str | Path],
    *,
    report: LoadReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Document]:
    """Yield the documents found in ``paths`` (files or folders), in a stable order.

    Problems with single files or lines go to ``report`` (and the log); a path that does
    not exist raises :class:`DocumentError`. ``progress(n)`` is called after each file.
    """
    report = report if report is not None else LoadReport()
    yield from load_files(find_files(paths, report), report=report, progress=progress)


def load_files(
    files: list[tuple[Path, Path]],
    *,
    report: LoadReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Document]:
    """Yield the documents of ``files`` as :func:`find_files` lists them (file, root)."""
    report = report if report is not None else LoadReport()
    stems: dict[str, int] = {}
    for file, _root in files:
        stems[file.stem] = stems.get(file.stem, 0) + 1
    seen: set[str] = set()
    for file, root in files:
        report.files += 1
        stem = file.stem
        if stems[stem] > 1:
            stem = file.relative_to(root).with_suffix("").as_posix()
        for record in _READERS[file.suffix.lower()](file, stem, report):
            if record["id"] in seen:
                report.skip(file, None, f"duplicate document id {record['id']!r}")
                continue
            record.pop("own_id", None)
            record.setdefault("source", None)
            if record["source"] is None:
                record["source"] = _source_name(file, root)
            try:
                document = Document(**record)
            except DocumentError as exc:
                report.skip(file, record.pop("line", None), exc.message)
                continue
            seen.add(document.id)
            report.documents += 1
            yield document
        if progress is not None:
            progress(1)


# --- where the sentences are ---------------------------------------------------------

# A heading that introduces a trailing list of links: "Related Sources:", "See also", ...
_TRAILER_HEADING = re.compile(
    r"(?i)^\s*(related(\s+\w+)?|sources?|references?|see\s+also|read\s+more|more\s+on\s+this"
    r"|further\s+reading|external\s+links|links|share(\s+this(\s+\w+)?)?|advertisement"
    r"|follow\s+us.*|tags?)\s*:?\s*$"
)
_BULLETS = "•·●▪◦‣⁃*-–—|"
_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")


def _is_trailer(block: str) -> bool:
    """Whether a paragraph is a link list or boilerplate rather than prose."""
    lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
    if not lines:
        return True
    if all(_TRAILER_HEADING.match(ln) or _URL_LINE.match(ln) for ln in lines):
        return True
    items = [it.strip() for ln in lines for it in re.split(f"[{re.escape(_BULLETS)}]", ln)]
    items = [it for it in items if it]
    bulleted = any(ln[0] in _BULLETS for ln in lines) or any(
        ch in block for ch in "•·●▪◦‣⁃"
    )
    return bulleted and bool(items) and all(
        len(it.split()) <= 8 and not re.search(r"[.!?]['\")\]]*$", it) for it in items
    )


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` narrowed to exclude surrounding whitespace; None if nothing is left."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)


def body_regions(doc: Document, *, trailers: bool = False) -> list[tuple[int, int]]:
    """The paragraphs of ``doc`` that hold sentences, as ``(start, end)`` offsets.

    Paragraphs are separated by blank lines. The title (when it is part of the text) and,
    unless ``trailers``, trailing link lists or boilerplate ("Related Sources: • Source 1 •
    Source 2") are left out: they are never answers.
    """
    text = doc.text
    begin = doc.title_span[1] if doc.title_span else 0
    paragraphs = []
    for sep in PARAGRAPH_BREAK.finditer(text + "\n\n", begin):
        span = _strip(text, begin, min(sep.start(), len(text)))
        if span is not None:
            paragraphs.append(span)
        begin = sep.end()
    while not trailers and paragraphs and _is_trailer(text[paragraphs[-1][0] : paragraphs[-1][1]]):
        paragraphs.pop()
    # A byline and a dateline opening the body are no sentence's words ("By Jane Smith",
    # "TOKYO (CNN) --"); a byline may be a paragraph of its own.
    for _ in range(2):
        opening = datelines.find(text, paragraphs[0][0]) if paragraphs else None
        if opening is None:
            break
        rest = _strip(text, opening.end, paragraphs[0][1])
        paragraphs[0:1] = [rest] if rest is not None else []
        if rest is not None:
            break
    return paragraphs
