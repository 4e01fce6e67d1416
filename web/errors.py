"""One JSON error shape for the whole API, from one place.

``{"error": {"status": 400, "code": "invalid_question", "message": "..."}}``

Every error reaches the client through :func:`error_response`: werkzeug's HTTP errors
(404, 405, 413, 415, ...), the core's :class:`qa.QAError` (which carry their own status and
code) and, last, any unexpected exception, which is logged with its traceback and answered
with a plain 500 that reveals nothing of the server.

A client still sending a body the app refused unread (a 413 above all) gets that error
rather than a broken pipe: :func:`register` wraps the app in :class:`web.bodies.DrainBody`,
which reads the rest of such a body, within bounds, before the connection closes.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from qa.errors import QAError
from web.bodies import DrainBody

__all__ = ["ApiError", "error_response", "register"]

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_error",
}


class ApiError(QAError):
    """An error found by the web layer itself (bad JSON, wrong content type)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message, code=code)
        self.status = status


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    response = jsonify({"error": {"status": status, "code": code, "message": message}})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _body_limit() -> int | None:
    """The limit that applied to this request: a write raises it (``web.writes``)."""
    try:
        return request.max_content_length
    except RuntimeError:                                  # outside a request
        return current_app.config.get("MAX_CONTENT_LENGTH")


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    if "Allow" in headers:  # werkzeug lists them in set order, which varies by process
        headers["Allow"] = ", ".join(sorted(headers["Allow"].split(", ")))
    message = {
        404: "no such endpoint; see /api/openapi.json for the API",
        405: f"method not allowed; allowed: {headers.get('Allow', 'see /api/openapi.json')}",
        413: f"request body too large; at most {_body_limit()} bytes are accepted",
    }.get(status, exc.description or exc.name)
    return error_response(status, _CODES.get(status, "http_error"), message, headers)


def _qa_error(exc: QAError) -> Response:
    return error_response(exc.status, exc.code, exc.message)


def _unexpected(exc: Exception) -> Response:
    log.exception("unhandled error")
    return error_response(500, "internal_error", "the server failed to answer; this was logged")


def register(app: Flask) -> None:
    """Route every error of ``app`` through :func:`error_response`, and let clients that
    are still sending a body the error left unread receive it (:mod:`web.bodies`)."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(QAError, _qa_error)
    app.register_error_handler(Exception, _unexpected)
    if not isinstance(app.wsgi_app, DrainBody):
        app.wsgi_app = DrainBody(app.wsgi_app)  # type: ignore[method-assign]
