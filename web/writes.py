"""Adding and removing documents while serving: ``POST /api/documents``,
``DELETE /api/documents/<id>`` (SPEC "Adding and removing documents while serving").

Writes are off (403 ``writes_disabled``) unless ``QA_WRITE_TOKEN`` is set, which needs an
index folder (``QA_INDEX``): the changes go to its document store (:mod:`qa.live`) and are on
disk before the answer. Every write request carries ``Authorization: Bearer <token>``; the
token is compared in constant time (``hmac.compare_digest``) and never logged or echoed. A
token in the URL is refused even when the header is right, because URLs end up in logs and
browser histories. CORS lets no origin send the ``Authorization`` header
(:mod:`web.security`), so a page elsewhere cannot write through a reader's browser.
"""

from __future__ import annotations

import hmac
import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from qa.errors import describe
from qa.live import LiveIndex, content_id
from qa.shards import ShardedQA
from qa.text.documents import Document, DocumentError
from web.api import json_body
from web.errors import ApiError
from web.settings import Settings

__all__ = ["bp", "check_documents"]

bp = Blueprint("writes", __name__, url_prefix="/api")

#: What a document of a write request may hold.
FIELDS = ("id", "title", "text", "date", "publisher", "url", "source")
MAX_ID_CHARS = 200
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Query parameters that would put a secret in the URL.
_URL_SECRETS = ("token", "access_token", "api_key", "apikey", "key", "auth", "authorization")


def _settings() -> Settings:
    return current_app.extensions["qa_settings"]


def _live() -> LiveIndex:
    return current_app.extensions["qa_live"]


def _authorize() -> None:
    """403 when writes are off, 401 unless the request carries the token in its header."""
    settings = _settings()
    if isinstance(current_app.extensions["qa"], ShardedQA):
        raise ApiError(501, "not_implemented",
                       "writes are not available on a sharded index: every shard's statistics "
                       "would change; add the documents and build the index again with "
                       "'qa index PATHS -o FOLDER --shards N'")
    if not settings.write_token or current_app.extensions.get("qa_live") is None:
        raise ApiError(403, "writes_disabled",
                       "writes are off: start the service with QA_WRITE_TOKEN and QA_INDEX")
    if any(name.lower() in _URL_SECRETS for name in request.args):
        raise ApiError(401, "unauthorized",
                       "never put the token in the URL (it ends up in logs): send it as "
                       "'Authorization: Bearer <token>', and replace a token that was sent "
                       "in a URL")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8", "surrogatepass"), settings.write_token.encode("utf-8"))
    if not ok:
        raise ApiError(401, "unauthorized",
                       "writes need 'Authorization: Bearer <token>' with the service's token")


def _bad(message: str) -> ApiError:
    return ApiError(400, "invalid_document", message)


def _optional(item: dict[str, Any], name: str, where: str) -> str | None:
    value = item.get(name)
    if value is not None and not isinstance(value, str):
        raise _bad(f"{where}.{name} must be a string or null, got {describe(value)}")
    return value


def check_documents(body: dict[str, Any], max_documents: int) -> list[Document]:
    """The documents of a write request's body, each checked; a bad one is a 400 naming it
    (and nothing is written). Of documents with the same id (given, or derived from the same
    content), the last is kept."""
    unknown = sorted(set(body) - {"documents"})
    if unknown:
        raise _bad(f"unknown field {unknown[0]!r}; the body is {{\"documents\": [...]}}")
    items = body.get("documents")
    if not isinstance(items, list) or not items:
        raise _bad('the body needs "documents": a list of one or more documents like '
                   '{"title": "...", "text": "..."}')
    if len(items) > max_documents:
        raise _bad(f"{len(items)} documents in one request; at most {max_documents} are "
                   "accepted (QA_MAX_WRITE_DOCUMENTS)")
    out: list[Document] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items):
        where = f"documents[{n}]"
        if not isinstance(item, dict):
            raise _bad(f"{where} must be an object, got {describe(item)}")
        extra = sorted(set(item) - set(FIELDS))
        if extra:
            raise _bad(f"{where} has unknown field {extra[0]!r}; a document has "
                       f"{', '.join(FIELDS)}")
        title, text = item.get("title"), item.get("text")
        if not isinstance(title, str):
            raise _bad(f"{where}.title must be a string, got {describe(title)}")
        if not isinstance(text, str) or not text.strip():
            raise _bad(f"{where}.text must be a non-empty string, got {describe(text)}")
        doc_id = _optional(item, "id", where)
        if doc_id is None:
            doc_id = content_id(title, text)
        elif not doc_id.strip() or len(doc_id) > MAX_ID_CHARS or _CONTROL.search(doc_id):
            raise _bad(f"{where}.id must be 1 to {MAX_ID_CHARS} characters, not all spaces "
                       f"and no control characters, got {describe(doc_id)}")
        seen[doc_id] = n
        try:
            out.append(Document(id=doc_id, title=title, text=text,
                                source=_optional(item, "source", where),
                                date=_optional(item, "date", where),
                                publisher=_optional(item, "publisher", where),
                                url=_optional(item, "url", where)))
        except DocumentError as exc:
            raise _bad(f"{where}: {exc}") from None
    # An id given twice is one document: the later one, as a later request would replace it.
    return [doc for n, doc in enumerate(out) if seen[doc.id] == n]


@bp.before_request
def _larger_bodies() -> None:
    """A write may carry up to ``QA_MAX_WRITE_BYTES``, more than a question."""
    if request.method == "POST":
        request.max_content_length = _settings().max_write_bytes


@bp.after_request
def _challenge(response: Response) -> Response:
    """A 401 names the scheme it wants (RFC 6750)."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="qa"'
    return response


@bp.post("/documents")
def add_documents() -> tuple[Response, int]:
    _authorize()
    documents = check_documents(json_body("the documents", ""),
                                _settings().max_write_documents)
    done = _live().add(documents)
    current_app.extensions["qa_cache"].clear()
    return jsonify(done), 201


@bp.delete("/documents/<path:doc_id>")
def remove_document(doc_id: str) -> Response:
    _authorize()
    done = _live().remove(doc_id)
    current_app.extensions["qa_cache"].clear()
    return jsonify(done)
