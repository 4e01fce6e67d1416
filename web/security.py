"""Response headers that keep the pages safe, and CORS for the JSON API.

Every response gets ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy
without inline script (``script-src 'self'``). No page may be framed
(``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``) except ``/embed``, which the
origins in ``QA_FRAME_ANCESTORS`` may frame (default ``*``).

CORS is off unless ``QA_CORS_ORIGINS`` lists origins; then ``/api/*`` answers those
origins (and only those) through the maintained ``flask-cors`` extension, preflight
included. ``/widget.js`` is a plain script, which browsers load cross-origin without CORS.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_cors import CORS

from web.settings import Settings

__all__ = ["EMBED_PATH", "content_security_policy", "register"]

EMBED_PATH = "/embed"

_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)


def content_security_policy(frame_ancestors: tuple[str, ...] = ("'none'",)) -> str:
    """The CSP header value, allowing framing by ``frame_ancestors`` only."""
    return "; ".join((*_POLICY, "frame-ancestors " + " ".join(frame_ancestors)))


def register(app: Flask, settings: Settings) -> None:
    """Add the security headers to every response of ``app`` and CORS to its API."""
    if settings.cors_origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": list(settings.cors_origins)}},
            methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type"],
            max_age=600,
        )
    framed = content_security_policy(settings.frame_ancestors)
    unframed = content_security_policy()

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if request.path == EMBED_PATH:
            response.headers["Content-Security-Policy"] = framed
            if settings.frame_ancestors == ("'none'",):
                response.headers["X-Frame-Options"] = "DENY"
        else:
            response.headers["Content-Security-Policy"] = unframed
            response.headers["X-Frame-Options"] = "DENY"
        return response
