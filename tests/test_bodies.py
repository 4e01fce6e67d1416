"""A client that sends a body over the limit gets the 413, not a broken pipe
(``web.bodies``), under gunicorn (``qa serve``) and werkzeug's development server
(``app.run()``): real servers on 127.0.0.1, each started and stopped within a bound."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from web.bodies import DRAIN_SECONDS

LIMIT = 64 * 1024
BIG = 5 * 1024 * 1024

# A small engine, so that each server is up in about a second.
SERVER = """
import sys
from qa import QA, Document
from web import create_app
kind, port, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
engine = QA.from_documents([Document(id="harbour", title="Harbour reopens",
    text="Harbour reopens\\n\\nThe harbour of Genoa reopened on Tuesday after repairs.")])
app = create_app({"QA_ENGINE": engine, "QA_MAX_BODY_BYTES": limit})
if kind == "gunicorn":
    from web.cli.serving import run_server
    run_server(app, host="127.0.0.1", port=port, workers=1)
else:
    app.run(host="127.0.0.1", port=port)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", params=["gunicorn", "dev"],
                ids=["gunicorn", "werkzeug-dev-server"])
def server(request: Any) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, request.param, str(port), str(LIMIT)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"{request.param} server did not come up: {output}")
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        if proc.stdout:
            proc.stdout.close()


def _body(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes with a short question (the rest is ignored)."""
    head = b'{"question": "When did the harbour of Genoa reopen?", "padding": "'
    return head + b"x" * (size - len(head) - 2) + b'"}'


def _too_large(status: int, body: bytes) -> None:
    assert status == 413
    error = json.loads(body)["error"]
    assert error["status"] == 413 and error["code"] == "body_too_large"
    assert str(LIMIT) in error["message"]


def test_urllib_sending_5_mb_gets_the_413(server: str) -> None:
    request = urllib.request.Request(f"{server}/api/ask", data=_body(BIG),
                                     headers={"Content-Type": "application/json"})
    for _ in range(3):                                  # not a lucky race: every time
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=20)
        with info.value as response:
            _too_large(response.code, response.read())


def test_http_client_sending_5_mb_gets_the_413(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    for _ in range(3):
        conn = http.client.HTTPConnection(host, int(port), timeout=20)
        try:
            conn.request("POST", "/api/ask", body=_body(BIG),
                         headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            _too_large(response.status, response.read())
        finally:
            conn.close()


def test_requests_sending_5_mb_gets_the_413(server: str) -> None:
    requests = pytest.importorskip("requests", reason="requests is not installed")
    with requests.Session() as session:
        for _ in range(3):
            r = session.post(f"{server}/api/ask", data=_body(BIG), timeout=20,
                             headers={"Content-Type": "application/json"})
            _too_large(r.status_code, r.content)


def test_the_413_states_the_limit_that_applied(tmp_path: Any) -> None:
    """POST /api/documents takes larger bodies than a question; each 413 names its own."""
    from qa import Document
    from qa.live import create_index
    from web import create_app

    create_index([Document(id="d1", title="Harbour", text="The harbour reopened.")],
                 tmp_path / "ix")
    client = create_app({"QA_INDEX": str(tmp_path / "ix"), "QA_WRITE_TOKEN": "t" * 24,
                         "QA_MAX_BODY_BYTES": LIMIT, "QA_MAX_WRITE_BYTES": 4 * LIMIT}
                        ).test_client()
    asked = client.post("/api/ask", data=_body(LIMIT + 1), content_type="application/json")
    _too_large(asked.status_code, asked.data)
    written = client.post("/api/documents", data=b"x" * (4 * LIMIT + 1),
                          content_type="application/json",
                          headers={"Authorization": "Bearer " + "t" * 24})
    assert written.status_code == 413
    message = written.get_json()["error"]["message"]
    assert str(4 * LIMIT) in message and str(LIMIT) + " " not in message


def test_a_body_just_under_the_limit_is_answered(server: str) -> None:
    body = _body(LIMIT - 1)
    assert len(body) == LIMIT - 1
    request = urllib.request.Request(f"{server}/api/ask", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as r:
        answer = json.loads(r.read())
    assert answer["answer"]["text"] == "Tuesday"
    too_big = urllib.request.Request(f"{server}/api/ask", data=_body(LIMIT + 1),
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(too_big, timeout=20)
    with info.value as response:
        _too_large(response.code, response.read())


def test_a_client_that_stops_sending_holds_the_server_no_longer_than_the_bound(
        server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    stalled = socket.create_connection((host, int(port)), timeout=5)
    try:
        stalled.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                        b"\r\nContent-Length: 1000000000\r\n\r\n" + b"x" * 100_000)
        start = time.monotonic()
        stalled.settimeout(DRAIN_SECONDS + 10)
        received = b""
        answered_at = None
        try:
            while chunk := stalled.recv(65536):
                received += chunk
                if answered_at is None and b"\r\n\r\n" in received:
                    answered_at = time.monotonic() - start
        except ConnectionResetError:
            pass
        closed_at = time.monotonic() - start
    finally:
        stalled.close()
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), received[:200]
    assert answered_at is not None and answered_at < 2           # answered at once
    _too_large(413, body)
    assert closed_at < DRAIN_SECONDS + 3, closed_at              # then let go
    # the (only, under gunicorn) worker is free again
    with urllib.request.urlopen(f"{server}/api/health", timeout=5) as r:
        assert r.status == 200
