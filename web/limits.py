"""Rate limiting of ``/api/ask`` per client, with the maintained ``flask-limiter``.

Off unless ``QA_RATE_LIMIT`` is set (e.g. ``"60/minute"``). Clients are told apart by
their IP address (``request.remote_addr``: behind a reverse proxy every client shares the
proxy's address unless the proxy's address is trusted and rewritten, e.g. with werkzeug's
``ProxyFix``). Counts live in memory, in each worker process: with ``--workers N`` a client
may get up to N times the limit. Only ``/api/ask`` is limited; documents, health, pages
and static files never are.

A client over the limit gets the API's one JSON error shape (``web.errors``) with status
429, code ``too_many_requests`` and ``Retry-After`` in whole seconds (at least 1).
"""

from __future__ import annotations

import math
import time

from flask import Flask, Response
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from web.errors import error_response
from web.settings import Settings

__all__ = ["LIMITED_ENDPOINT", "register"]

LIMITED_ENDPOINT = "api.ask"


def register(app: Flask, settings: Settings) -> Limiter | None:
    """Limit ``/api/ask`` of ``app`` to ``settings.rate_limit`` per client, if set."""
    if not settings.rate_limit:
        return None
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri="memory://",
        strategy="fixed-window",
        headers_enabled=False,  # Retry-After is set below, on the 429 only
    )
    # flask-limiter checks a decorated limit inside the wrapper, so the wrapper replaces
    # the view (same name and signature); CORS preflights (OPTIONS) are not counted.
    app.view_functions[LIMITED_ENDPOINT] = limiter.limit(  # type: ignore[assignment]
        settings.rate_limit, methods=["GET", "HEAD", "POST"]
    )(app.view_functions[LIMITED_ENDPOINT])

    def _too_many(exc: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        wait = math.ceil(current.reset_at - time.time()) if current is not None else 1
        wait = max(1, wait)
        return error_response(
            429,
            "too_many_requests",
            f"too many questions from this client: at most {exc.limit.limit} are answered; "
            f"retry after {wait} s",
            {"Retry-After": str(wait)},
        )

    app.register_error_handler(RateLimitExceeded, _too_many)
    return limiter
