"""``qa serve`` end to end: a real gunicorn on loopback, asked over HTTP, then stopped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import SEEDS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from web.cli import main; main()", "serve", str(SEEDS),
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
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
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"qa serve did not come up: {output}")
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
        if proc.stdout:
            proc.stdout.close()


def test_serve_answers_over_http(server: str) -> None:
    request = urllib.request.Request(
        f"{server}/api/ask",
        data=json.dumps({"question": "When did Putin visit Pyongyang?"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        body = json.loads(r.read())
    first = body["passages"][0]
    assert "Pyongyang in June" in first["text"]
    with urllib.request.urlopen(f"{server}/api/documents/{first['document']['id']}",
                                timeout=10) as r:
        text = json.loads(r.read())["text"]
    assert text[first["start"] : first["end"]] == first["text"]


def test_serve_errors_are_json(server: str) -> None:
    request = urllib.request.Request(f"{server}/api/ask", data=b"{oops",
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    with info.value as response:
        assert response.code == 400
        assert json.loads(response.read())["error"]["code"] == "invalid_json"


def _raw(server: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_overlong_request_line_is_a_json_error(server: str) -> None:
    status, headers, body = _raw(
        server, b"GET /api/ask?q=" + b"a" * 6000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 414
    assert headers["Content-Type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == 414 and error["code"] == "request_line_too_long"
    assert "POST" in error["message"]


def test_malformed_request_line_is_a_json_error(server: str) -> None:
    status, headers, body = _raw(server, b"GET\r\n\r\n")
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad_request"
