"""Reduce a text PDF to its title and text (with ``pypdf``).

The text is each page's extracted text, pages joined by a blank line (a paragraph break),
so sentence offsets index into exactly the string :func:`pdf_to_text` returns. The title
is the PDF's metadata title, else the first non-empty line (left out of the sentences
when it is that title or a paragraph of its own). A PDF with no extractable
text (a scan) or that cannot be parsed raises :class:`UnreadablePDF` with a reason a
reader can act on; ``pypdf`` is imported only when a PDF is read.
"""

from __future__ import annotations

import io
import logging
import re
import warnings

__all__ = ["UnreadablePDF", "pdf_to_text"]

#: Control characters text extraction leaves in (NUL, form feeds, ...); tabs and newlines stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class UnreadablePDF(ValueError):
    """A PDF that yields no text; ``str()`` is the reason it was skipped."""


def _page_texts(data: bytes) -> tuple[str | None, list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise UnreadablePDF("encrypted PDF (needs a password)")
    title = reader.metadata.title if reader.metadata is not None else None
    return title, [page.extract_text() or "" for page in reader.pages]


def _clean(text: str) -> str:
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def pdf_to_text(data: bytes) -> tuple[str, str, tuple[int, int] | None]:
    """``(title, text, title_span)`` of a PDF's bytes, ``title_span`` being where the
    title sits in ``text`` when its first line is a heading; :class:`UnreadablePDF` when
    it yields no text."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadablePDF("not a PDF (no %PDF- header)")
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf logs every repair it makes to a damaged file
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            title, pages = _page_texts(data)
    except UnreadablePDF:
        raise
    except Exception as exc:  # noqa: BLE001 (pypdf raises many types on damaged files)
        raise UnreadablePDF(f"damaged PDF ({str(exc) or 'cannot be parsed'})") from None
    finally:
        quiet.setLevel(level)
    text = "\n\n".join(page for page in map(_clean, pages) if page)
    if not text:
        raise UnreadablePDF("no text layer (scanned PDF?)")
    return _titled(title, text)


def _titled(meta: object, text: str) -> tuple[str, str, tuple[int, int] | None]:
    """The title and, when the first line is a heading rather than the start of the body,
    its span: the line equals the metadata title, or (without one) it is a paragraph of its
    own. A PDF's lines are layout lines, so a first line that is neither may be the first
    half of a sentence and stays body."""
    first = text.split("\n", 1)[0]
    title = " ".join(meta.split()) if isinstance(meta, str) else ""
    if title:
        heading = " ".join(first.split()).casefold() == title.casefold()
    else:
        title, heading = first, text.startswith(first + "\n\n")
    return title, text, (0, len(first)) if heading and len(text) > len(first) else None
