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

from .conftest import SEEDS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from qa.cli import main; main()", "serve", str(SEEDS),
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
