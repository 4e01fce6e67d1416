"""Run a WSGI application under gunicorn, configured from Python rather than a file.

Requests gunicorn refuses before the application sees them (a request line over 4094
bytes, too many or too large headers, a malformed request line) are answered by
:class:`JSONErrorWorker` in the SPEC's error shape, like every other error of the API,
instead of gunicorn's own HTML page.
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.sync import SyncWorker

__all__ = ["JSONErrorWorker", "run_server"]

#: Machine-readable codes for the statuses gunicorn answers itself.
_CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "request_line_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
}
_HINTS = {
    414: " Send a long question in the body of a POST to /api/ask.",
}


def _write_json_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error`` with a JSON body in the SPEC's shape."""
    message = (mesg or reason) + _HINTS.get(status_int, "")
    body = json.dumps({"error": {
        "status": status_int, "code": _CODES.get(status_int, "bad_request"), "message": message,
    }}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    util.write_nonblock(sock, head + body)


class JSONErrorWorker(SyncWorker):  # type: ignore[misc]
    """gunicorn's sync worker, answering the requests it refuses itself with JSON."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        # One request at a time per sync worker, so swapping the writer is safe here.
        original = util.write_error
        util.write_error = _write_json_error
        try:
            super().handle_error(req, client, addr, exc)
        finally:
            util.write_error = original


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def run_server(app: Any, *, host: str, port: int, workers: int) -> None:
    """Serve ``app`` on ``host:port`` with ``workers`` pre-forked processes until stopped."""
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "web.cli.serving.JSONErrorWorker",
            "preload_app": True,
            "timeout": 30,
            "graceful_timeout": 10,
            "keepalive": 5,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
        },
    ).run()
