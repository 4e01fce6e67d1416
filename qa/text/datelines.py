"""Datelines and bylines: where and by whom a story was filed, not words of its sentences.

A news story's body often opens with a dateline ("TOKYO (CNN) --", "LONDON, March 3
(Reuters) -", "WASHINGTON (AP) —", "CLEVELAND, Feb 26 -", "(CNN)") or a byline on a line
of its own ("By Jane Smith"). They are not part of the first sentence: a reader would not
quote "Tokyo (CNN)Police in Japan" as its subject, and "CNN" did not say what follows.
:func:`find` returns the span to leave out of the body and the dateline's place, which
becomes ``document.dateline``.

The formats are those of the major wires and web publishers: a place (words in capitals
or title case, with an optional ", Country" or ", State") followed by an agency in
parentheses (CNN, Reuters, AP, AFP, UPI, dpa, Bloomberg, Xinhua), with an optional date
between them, and an optional dash after; or, without an agency, an upper-case place and a
short date followed by a dash ("CLEVELAND, Feb 26 -"). Only the start of the body is
looked at, so a sentence that merely mentions "(Reuters)" is untouched.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Dateline", "find"]

_AGENCIES = r"CNN|Reuters|REUTERS|AP|AFP|UPI|dpa|DPA|Bloomberg|Xinhua|IANS|PTI"
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
          r"\s+\d{1,2}(?:,\s+\d{4})?")
_PLACE = r"[A-Z][A-Za-z.'\u2019-]*(?:\s+[A-Z][A-Za-z.'\u2019-]*){0,3}"
_AREA = rf"{_PLACE}(?:,\s+{_PLACE})?"
_DASH = r"(?:\s*(?:--|[-\u2013\u2014])\s*|\s+|(?=[A-Z\"\u201c]))"
_WITH_AGENCY = re.compile(
    rf"(?P<place>{_AREA})?(?:,\s*{_MONTH})?\s*\((?:{_AGENCIES})\){_DASH}")
_CAPS_PLACE = r"[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}"
_WIRE = re.compile(
    rf"(?P<place>{_CAPS_PLACE}(?:,\s+{_PLACE})?),\s+{_MONTH}\s*(?:--|[-\u2013\u2014])\s+")
# A byline is a line of its own: "By" and a name, perhaps ", Associated Press"; no full stop.
_BYLINE = re.compile(r"By\s+[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}"
                     r"(?:,\s+[^\n.]{1,60})?[ \t]*(?:\n|$)")


# Skipped in place: slicing and stripping would copy the rest of the document each call.
_BLANKS = re.compile(r"\s*")


class Dateline(NamedTuple):
    """What to leave out of the body, ``[start, end)``, and the dateline's place."""

    start: int
    end: int
    place: str | None


def find(text: str, start: int = 0) -> Dateline | None:
    """The byline and/or dateline that opens ``text`` at ``start`` (after blanks), or None."""
    at = _after_blanks(text, start)
    begin, place = at, None
    byline = _BYLINE.match(text, at)
    if byline is not None:
        at = _after_blanks(text, byline.end())
    match = _WITH_AGENCY.match(text, at) or _WIRE.match(text, at)
    if match is not None:
        place = match.group("place")
        at = match.end()
    elif byline is None:
        return None
    return Dateline(begin, at, place.strip() if place else None)


def _after_blanks(text: str, at: int) -> int:
    """The first position at or after ``at`` that is not whitespace."""
    match = _BLANKS.match(text, at)
    assert match is not None  # "\s*" matches at every position
    return match.end()
