"""Filters of a question: which documents may answer it (SPEC "Filters").

``{"publisher": [...], "date_from": "2024-10-01", "date_to": "2024-10-31", "documents":
[...]}``: a document passes when it passes every filter given. Publishers compare without
regard to case; dates are inclusive and compare by calendar day (a document dated
``2024-10-08T23:30:00Z`` is on 2024-10-08), and a document without a date passes no date
filter; ``documents`` lists ids. :func:`check_filters` turns the request's object into a
:class:`Filters` or raises :class:`~qa.errors.InvalidRequest` with code ``invalid_filter``;
:func:`matching` gives the boolean per document, from which retrieval builds the masks of an
index restricted to those documents (:meth:`qa.index.retrieval.Retriever.restricted`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa.errors import InvalidRequest, describe
from qa.index.corpus import Corpus

__all__ = ["MAX_FILTER_VALUES", "Filters", "check_filters", "matching"]

#: At most this many publishers or document ids in one filter.
MAX_FILTER_VALUES = 1000
_KEYS = ("publisher", "date_from", "date_to", "documents")


@dataclass(frozen=True, slots=True)
class Filters:
    """A checked filter; ``None`` fields filter nothing."""

    publishers: frozenset[str] | None = None  # casefolded
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    documents: frozenset[str] | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.publishers, self.date_from, self.date_to,
                                           self.documents))


def _bad(message: str) -> InvalidRequest:
    return InvalidRequest(message, code="invalid_filter")


def _strings(name: str, value: Any) -> frozenset[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(
            isinstance(v, str) and v.strip() for v in values):
        raise _bad(f"filters.{name} must be a non-empty string or a list of them, got "
                   f"{describe(value)}")
    if len(values) > MAX_FILTER_VALUES:
        raise _bad(f"filters.{name} lists {len(values)} values; at most {MAX_FILTER_VALUES} "
                   "are accepted")
    return frozenset(v.strip() for v in values)


def parse_day(value: str) -> dt.date | None:
    """The calendar day of an ISO 8601 date or date-time, or None if it is neither."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _day(name: str, value: Any) -> dt.date:
    day = parse_day(value) if isinstance(value, str) else None
    if day is None:
        raise _bad(f"filters.{name} must be a date like \"2024-10-31\", got {describe(value)}")
    return day


def check_filters(raw: Any) -> Filters:
    """The :class:`Filters` of a request's ``filters`` object (None or ``{}``: no filter)."""
    if raw is None:
        return Filters()
    if not isinstance(raw, dict):
        raise _bad(f"filters must be an object with any of {', '.join(_KEYS)}, got "
                   f"{describe(raw)}")
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise _bad(f"unknown filter {unknown[0]!r}; filters are {', '.join(_KEYS)}")
    given = {k: v for k, v in raw.items() if v is not None}
    out = Filters(
        publishers=frozenset(p.casefold() for p in _strings("publisher", given["publisher"]))
        if "publisher" in given else None,
        date_from=_day("date_from", given["date_from"]) if "date_from" in given else None,
        date_to=_day("date_to", given["date_to"]) if "date_to" in given else None,
        documents=_strings("documents", given["documents"]) if "documents" in given else None,
    )
    if out.date_from and out.date_to and out.date_from > out.date_to:
        raise _bad(f"filters.date_from ({out.date_from}) is after filters.date_to "
                   f"({out.date_to})")
    return out


def matching(filters: Filters, corpus: Corpus) -> np.ndarray:
    """Per document position of ``corpus``: is it live and does it pass ``filters``."""
    live = corpus.live_documents()
    if filters.documents is not None:
        keep = np.zeros_like(live)
        found = [corpus.ids[i] for i in filters.documents if i in corpus.ids]
        keep[np.asarray(found, dtype=np.int64)] = True
    else:
        keep = live
    if filters.publishers is None and filters.date_from is None and filters.date_to is None:
        return keep
    keep = keep.copy()
    read = getattr(corpus.documents, "metadata", corpus.documents.__getitem__)
    for d in np.flatnonzero(keep).tolist():
        doc = read(d)  # without its text, where the documents are stored
        if filters.publishers is not None and (
                doc.publisher is None or doc.publisher.casefold() not in filters.publishers):
            keep[d] = False
        elif filters.date_from is not None or filters.date_to is not None:
            day = parse_day(doc.date) if doc.date else None
            if day is None or (filters.date_from is not None and day < filters.date_from) or (
                    filters.date_to is not None and day > filters.date_to):
                keep[d] = False
    return keep
