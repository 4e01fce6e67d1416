"""The exceptions the core raises, each carrying the HTTP status it maps to.

::

    QAError                      500  base class; never raised directly
    ├── InvalidRequest           400  a question or parameter the engine cannot accept
    ├── NotFound                 404  an unknown document id
    ├── DocumentError            422  a document or folder that cannot be loaded
    │   └── NoDocuments          422  nothing indexable was found in the given paths
    ├── IndexStoreError          500  a saved index that is missing, stale or damaged
    ├── Unsupported              501  what this index cannot do (filters, writes when sharded)
    └── Unavailable              503  the shard holding a document has no live replica

The web layer turns any of these into the JSON error shape of the SPEC using ``status``
and ``code``; the CLI turns them into ``click.ClickException``.
"""

from __future__ import annotations

__all__ = [
    "DocumentError",
    "IndexStoreError",
    "InvalidRequest",
    "NoDocuments",
    "NotFound",
    "QAError",
    "Unavailable",
    "Unsupported",
]


class QAError(Exception):
    """Base class of every error the core raises on purpose."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidRequest(QAError):
    """The caller asked for something the engine cannot do (empty question, bad top_k)."""

    status = 400
    code = "invalid_request"


class NotFound(QAError):
    """An id that names nothing loaded."""

    status = 404
    code = "not_found"


class DocumentError(QAError):
    """A path or document that cannot be loaded at all."""

    status = 422
    code = "document_error"


class NoDocuments(DocumentError):
    """The given paths hold no document that could be indexed."""

    code = "no_documents"


class IndexStoreError(QAError):
    """A saved index that cannot be used; the message says how to rebuild it."""

    status = 500
    code = "index_error"


class Unsupported(QAError):
    """Something this index does not do: filters or writes on a sharded index."""

    status = 501
    code = "not_implemented"


class Unavailable(QAError):
    """The part of the index a request needs cannot be reached now; try again later."""

    status = 503
    code = "shard_unavailable"


def describe(value: object) -> str:
    """A wrong value in words a user of JSON knows: the value itself when it is short
    ("0", "'lots'"), else its kind ("a boolean", "a number", "a string of 300
    characters", "a list", "an object", "null"), never a Python type name."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return repr(value) if len(repr(value)) <= 20 else "a number"
    if isinstance(value, str):
        if not value.strip():
            return "an empty string" if not value else "a string of spaces"
        return repr(value) if len(value) <= 40 else f"a string of {len(value)} characters"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a value that is neither text nor a number"

