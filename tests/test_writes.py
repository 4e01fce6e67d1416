"""The write API (SPEC "Adding and removing documents while serving") and filters over HTTP.

In process with the Flask test client: authorisation, validation, atomicity, visibility and
filters. Then real servers on loopback: two gunicorn workers (a write through one is
answered by the other), and ``kill -9`` of ``qa serve`` at random moments of a stream of
writes (every acknowledged document answers after the restart; no other one is there,
whole or in part).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from qa import Document
from qa.live import create_index
from web import create_app
from web.settings import SettingsError, load_settings

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _doc(n: int, topic: str = "harbour") -> dict[str, Any]:
    return {"id": f"d{n}", "title": f"Report {n} on the {topic}",
            "text": f"The {topic} authority said that {n + 2} ships docked at pier {n}.",
            "publisher": "Wire" if n % 2 else "Herald", "date": f"2024-10-{n % 28 + 1:02d}"}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    docs = [Document(**_doc(n)) for n in range(4)]
    create_index(docs, tmp_path / "ix")
    return tmp_path / "ix"


@pytest.fixture()
def writer(folder: Path):
    return create_app({"QA_INDEX": str(folder), "QA_WRITE_TOKEN": TOKEN}).test_client()


def _error(response: Any) -> tuple[int, str]:
    body = response.get_json()
    return response.status_code, body["error"]["code"]


def test_add_replace_and_delete(writer: Any) -> None:
    r = writer.post("/api/documents", json={"documents": [_doc(10, "airport")]}, headers=AUTH)
    assert r.status_code == 201
    assert r.get_json() == {"documents": [{"id": "d10", "status": "added", "sentences": 1}],
                            "generation": 1}
    answer = writer.post("/api/ask", json={"question": "How many ships docked at the airport?"})
    assert answer.get_json()["passages"][0]["document"]["id"] == "d10"
    doc = writer.get("/api/documents/d10").get_json()
    assert (doc["publisher"], doc["date"]) == ("Herald", "2024-10-11")
    r = writer.post("/api/documents", json={"documents": [_doc(10, "railway")]}, headers=AUTH)
    assert r.get_json()["documents"][0]["status"] == "replaced"
    assert writer.get("/api/documents/d10").get_json()["title"] == "Report 10 on the railway"
    r = writer.delete("/api/documents/d10", headers=AUTH)
    assert r.status_code == 200 and r.get_json() == {"id": "d10", "status": "deleted",
                                                     "generation": 3}
    assert _error(writer.get("/api/documents/d10")) == (404, "unknown_document")
    assert _error(writer.delete("/api/documents/d10", headers=AUTH)) == (404, "unknown_document")
    assert writer.get("/api/health").get_json()["generation"] == 3


def test_the_same_id_twice_in_one_request_is_the_later_document(writer: Any) -> None:
    body = {"documents": [_doc(5), {**_doc(5), "title": "Later"}]}
    done = writer.post("/api/documents", json=body, headers=AUTH).get_json()
    assert [d["id"] for d in done["documents"]] == ["d5"]
    assert writer.get("/api/documents/d5").get_json()["title"] == "Later"


def test_an_id_is_derived_from_the_content(writer: Any) -> None:
    body = {"documents": [{"title": "Same", "text": "The same text twice."}]}
    first = writer.post("/api/documents", json=body, headers=AUTH).get_json()
    second = writer.post("/api/documents", json=body, headers=AUTH).get_json()
    assert first["documents"][0]["id"] == second["documents"][0]["id"]
    assert second["documents"][0]["status"] == "replaced"


@pytest.mark.parametrize("headers,query,status,code", [
    ({}, "", 401, "unauthorized"),
    ({"Authorization": "Bearer wrong-token-0123456789"}, "", 401, "unauthorized"),
    ({"Authorization": f"Basic {TOKEN}"}, "", 401, "unauthorized"),
    ({}, f"?access_token={TOKEN}", 401, "unauthorized"),
    (AUTH, f"?token={TOKEN}", 401, "unauthorized"),
], ids=["no-token", "wrong-token", "wrong-scheme", "token-in-url", "token-also-in-url"])
def test_writes_without_the_token_in_the_header_are_refused(
        writer: Any, headers: dict[str, str], query: str, status: int, code: str) -> None:
    r = writer.post(f"/api/documents{query}", json={"documents": [_doc(9)]}, headers=headers)
    assert _error(r) == (status, code)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert TOKEN not in r.get_data(as_text=True)
    assert _error(writer.delete(f"/api/documents/d1{query}", headers=headers)) == (status, code)
    assert writer.get("/api/health").get_json()["generation"] == 0


def test_writes_are_off_without_a_token(folder: Path, seed_engine: Any) -> None:
    for app in (create_app({"QA_INDEX": str(folder)}), create_app({"QA_ENGINE": seed_engine})):
        client = app.test_client()
        r = client.post("/api/documents", json={"documents": [_doc(9)]}, headers=AUTH)
        assert _error(r) == (403, "writes_disabled")
        assert _error(client.delete("/api/documents/d1", headers=AUTH)) == (403, "writes_disabled")


def test_token_settings_are_checked_without_showing_the_token() -> None:
    with pytest.raises(SettingsError, match="QA_INDEX"):
        load_settings({"QA_WRITE_TOKEN": TOKEN})
    with pytest.raises(SettingsError) as info:
        load_settings({"QA_WRITE_TOKEN": "short-secret", "QA_INDEX": "x"})
    assert "short-secret" not in str(info.value)
    settings = load_settings({"QA_WRITE_TOKEN": TOKEN, "QA_INDEX": "x"})
    assert TOKEN not in repr(settings)


@pytest.mark.parametrize("body,fragment", [
    ({"documents": []}, "one or more"),
    ({"documents": [_doc(5), {"title": "No text"}]}, "documents[1].text"),
    ({"documents": [_doc(5), {**_doc(6), "date": "last Tuesday"}]}, "documents[1]"),
    ({"documents": [_doc(5), {**_doc(6), "url": "javascript:alert(1)"}]}, "documents[1]"),
    ({"documents": [_doc(5), {**_doc(6), "colour": "red"}]}, "colour"),
    ({"documents": [_doc(5)], "extra": 1}, "extra"),
    ({"documents": [_doc(n) for n in range(101)]}, "at most 100"),
], ids=["empty", "no-text", "bad-date", "bad-url", "unknown-field", "extra", "too-many"])
def test_one_bad_document_changes_nothing(writer: Any, body: dict[str, Any],
                                          fragment: str) -> None:
    r = writer.post("/api/documents", json=body, headers=AUTH)
    assert _error(r) == (400, "invalid_document")
    assert fragment in r.get_json()["error"]["message"]
    assert writer.get("/api/health").get_json() == {**writer.get("/api/health").get_json(),
                                                    "generation": 0, "documents": 4}
    assert _error(writer.get("/api/documents/d5")) == (404, "unknown_document")


def test_write_bodies_may_be_larger_than_questions(folder: Path) -> None:
    client = create_app({"QA_INDEX": str(folder), "QA_WRITE_TOKEN": TOKEN,
                         "QA_MAX_WRITE_BYTES": 200_000}).test_client()
    long = {**_doc(7), "text": "The harbour authority said so. " * 3000}  # ~93 kB > 64 kB
    assert client.post("/api/documents", json={"documents": [long]}, headers=AUTH
                       ).status_code == 201
    huge = {**_doc(8), "text": "x " * 150_000}
    r = client.post("/api/documents", json={"documents": [huge]}, headers=AUTH)
    assert r.status_code == 413
    question = {"question": "ships " * 20_000}
    assert client.post("/api/ask", json=question).status_code == 413


def test_cors_never_lets_another_origin_send_the_token(folder: Path) -> None:
    client = create_app({"QA_INDEX": str(folder), "QA_WRITE_TOKEN": TOKEN,
                         "QA_CORS_ORIGINS": "https://news.example"}).test_client()
    pre = client.options("/api/documents", headers={
        "Origin": "https://news.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    allowed = pre.headers.get("Access-Control-Allow-Headers", "").lower()
    assert "authorization" not in allowed
    assert pre.headers.get("Access-Control-Allow-Credentials") != "true"
    r = client.post("/api/documents", json={"documents": [_doc(9)]},
                    headers={"Origin": "https://news.example"})
    assert _error(r) == (401, "unauthorized")


def test_filters_over_http(writer: Any) -> None:
    q = "How many ships docked?"
    wire = writer.post("/api/ask", json={"question": q, "filters": {"publisher": ["wire"]}})
    assert {p["document"]["publisher"] for p in wire.get_json()["passages"]} == {"Wire"}
    got = writer.get("/api/ask?q=ships+docked&publisher=Herald&date_from=2024-10-01"
                     "&date_to=2024-10-01").get_json()
    assert [p["document"]["id"] for p in got["passages"]] == ["d0"]
    none = writer.post("/api/ask", json={"question": q, "filters": {"documents": ["zz"]}})
    assert none.get_json()["answer"] is None and none.get_json()["reason"] == "no_documents"
    bad = writer.post("/api/ask", json={"question": q, "filters": {"date_to": "soon"}})
    assert _error(bad) == (400, "invalid_filter")
    assert _error(writer.get("/api/ask?q=ships&date_from=2024-13-01")) == (400, "invalid_filter")


# --- real servers ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, body: Any = None, method: str | None = None, token: bool = False,
             timeout: float = 10) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    if token:
        headers.update(AUTH)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _serve(folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "QA_WRITE_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from web.cli import main; main()", "serve", "--index",
         str(folder), "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _request(f"{base}/api/health", timeout=2)[0] == 200:
                return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("qa serve did not come up: " + (proc.stderr.read().decode()
                                                        if proc.stderr else ""))
        time.sleep(0.1)


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    proc.wait(timeout=20)
    if proc.stderr:
        proc.stderr.close()


def test_a_write_through_one_worker_is_answered_by_the_other(folder: Path) -> None:
    proc, base = _serve(folder, workers=2)
    try:
        for n in range(10, 16):
            status, done = _request(f"{base}/api/documents",
                                    {"documents": [_doc(n, f"topic{n}")]}, token=True)
            assert status == 201
            # fresh connections, spread over both workers by the kernel
            for _ in range(12):
                _, health = _request(f"{base}/api/health")
                assert health["generation"] == done["generation"]
                _, got = _request(f"{base}/api/ask", {"question": f"ships at the topic{n}"})
                assert got["passages"][0]["document"]["id"] == f"d{n}"
    finally:
        _stop(proc)


def _listed(base: str) -> set[str]:
    """Every document id the server lists, page by page (a fast machine writes more than
    one page's worth between kills)."""
    ids: set[str] = set()
    while True:
        _, listing = _request(f"{base}/api/documents?offset={len(ids)}&limit=1000")
        ids |= {d["id"] for d in listing["documents"]}
        if not listing["documents"] or len(ids) >= listing["total"]:
            return ids


def test_kill_9_at_random_moments_loses_no_acknowledged_write(folder: Path) -> None:
    """SIGKILL of the whole server (master and worker) at 12 random moments of a stream
    of writes, each followed by a restart: after each restart every acknowledged document is
    there; in the end none is there in part. (``bench/live.py --kills 50`` does the same 50
    times on a larger index.)"""
    rng = random.Random(11)
    acknowledged: set[str] = set()
    sent: set[str] = set()
    counter = iter(range(100, 100_000))
    kills = 0
    for _ in range(12):
        proc, base = _serve(folder, workers=1)
        assert acknowledged <= _listed(base), "an acknowledged write was lost"
        stop = threading.Event()

        def write(base: str = base, stop: threading.Event = stop) -> None:
            while not stop.is_set():
                n = next(counter)
                batch = [_doc(n, f"topic{n}")] + ([_doc(n + 50_000)] if n % 3 == 0 else [])
                sent.update(d["id"] for d in batch)
                try:
                    status, done = _request(f"{base}/api/documents", {"documents": batch},
                                            token=True, timeout=5)
                except (OSError, ValueError, http.client.HTTPException):
                    # killed mid-request (even mid-answer): not acknowledged
                    time.sleep(0.05)
                    continue
                if status == 201:
                    acknowledged.update(d["id"] for d in done["documents"])

        thread = threading.Thread(target=write)
        thread.start()
        try:
            time.sleep(rng.uniform(0.05, 0.6))
        finally:
            _stop(proc, signal.SIGKILL)
            kills += 1
            stop.set()
            thread.join(timeout=20)
    assert kills == 12
    proc, base = _serve(folder, workers=1)
    try:
        present = _listed(base)
        assert acknowledged <= present, sorted(acknowledged - present)[:5]
        assert present - {f"d{n}" for n in range(4)} <= sent
        added = sorted(present - {f"d{n}" for n in range(4)})
        for doc_id in added:  # whole: its text and its one sentence
            n = int(doc_id[1:])
            want = _doc(n) if n >= 50_000 else _doc(n, f"topic{n}")
            status, doc = _request(f"{base}/api/documents/{doc_id}")
            assert status == 200 and doc["text"] == want["text"]
            assert len(doc["sentences"]) == 1
        own = [d for d in added if int(d[1:]) < 50_000]
        for doc_id in rng.sample(own, min(10, len(own))):
            _, got = _request(f"{base}/api/ask", {"question": f"ships at the topic{doc_id[1:]}"})
            assert got["passages"][0]["document"]["id"] == doc_id
        assert len(acknowledged) >= 10  # the stream did write between the kills
    finally:
        _stop(proc)
