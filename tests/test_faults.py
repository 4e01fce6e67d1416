"""Faults and load against real processes: ``qa serve`` under concurrent requests and with a
worker killed, and ``qa index`` killed while it writes over a live index.

Everything talks to 127.0.0.1 only, with bounded request counts and time caps that guard
against hangs (they assert nothing about speed).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import pytest

from qa.engine import load_index, save_index
from tests.conftest import ROOT, SEED_ID, SEEDS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="finds gunicorn workers through /proc (Linux only)")

QUESTIONS = [
    "When did Putin visit Pyongyang?",
    "Who suggested sending troops?",
    "How many North Korean soldiers died?",
    "What did the leaders sign?",
    "What is the capital of France?",
    "Did Putin attend the Paris Olympics?",
    "Why are North Korean troops in Russia?",
    "Who confirmed the deaths?",
    "What do experts speculate?",
    "Where were the soldiers deployed?",
]
# Each request is (method, question, top_k, explain, history): GET and POST, with and
# without explain and a follow-up, so different code paths run side by side.
REQUESTS = [
    ("POST", q, k, explain, None) for q in QUESTIONS for k, explain in ((3, False), (5, True))
] + [
    ("GET", q, k, False, None) for q in QUESTIONS[:6] for k in (1, 3)
] + [
    ("POST", "Who said that?", 3, False,
     [{"question": "How many died?", "document": SEED_ID, "index": 1}]),
    ("POST", "Is that confirmed?", 3, False,
     [{"question": "What do experts speculate?", "document": SEED_ID, "index": 4}]),
]
TOTAL = 400
THREADS = 50
TIME_CAP = 180  # seconds for the whole burst: a hang guard only


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(base: str, request: tuple, timeout: float = 30) -> tuple[int, dict]:
    method, question, top_k, explain, history = request
    if method == "GET":
        query = {"q": question, "top_k": top_k, **({"explain": 1} if explain else {})}
        req = urllib.request.Request(f"{base}/api/ask?{urllib.parse.urlencode(query)}")
    else:
        body = {"question": question, "top_k": top_k, "explain": explain,
                **({"history": history} if history else {})}
        req = urllib.request.Request(f"{base}/api/ask", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        with e:
            return e.code, json.loads(e.read() or b"{}")


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (the gunicorn master's workers)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"gave up after {seconds} s waiting for {what}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``python -m qa serve seeds --workers 2`` with the answer cache off."""
    port = _free_port()
    env = {**os.environ, "QA_CACHE_SIZE": "0"}
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    log = log_path.open("wb")  # a file, not a pipe nobody drains while the server runs
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve", str(SEEDS), "--host", "127.0.0.1",
         "--port", str(port), "--workers", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"qa serve exited: {log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2) as r:
                return r.status == 200 and len(_children(proc.pid)) == 2
        except OSError:
            return False

    try:
        _wait_for(up, 60, "qa serve to answer with 2 workers")
        yield base, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_concurrent_answers_equal_sequential_ones(server) -> None:
    base, _ = server
    expected = {}
    for request in REQUESTS:
        status, body = _ask(base, request)
        assert status == 200, body
        expected[repr(request)] = body
    rng = random.Random(20240619)
    burst = [rng.choice(REQUESTS) for _ in range(TOTAL)]

    def one(request: tuple) -> tuple[str, int, dict | None]:
        try:
            status, body = _ask(base, request)
        except OSError as exc:  # refused, reset, timed out
            return repr(request), -1, {"error": repr(exc)}
        return repr(request), status, body

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(one, r) for r in burst]
        done, pending = wait(futures, timeout=TIME_CAP)
        for f in pending:
            f.cancel()
    elapsed = time.monotonic() - started
    assert not pending, f"{len(pending)} requests unanswered after {TIME_CAP} s (a hang)"
    results = [f.result() for f in done]
    connection_errors = [r for r in results if r[1] == -1]
    server_errors = [r for r in results if r[1] >= 500]
    different = [r for r in results if r[1] == 200 and r[2] != expected[r[0]]]
    print(f"\n{TOTAL} requests from {THREADS} threads against 2 workers: "
          f"{sum(r[1] == 200 for r in results)} ok, {len(server_errors)} 5xx, "
          f"{len(connection_errors)} connection errors, {len(different)} differing "
          f"answers, {elapsed:.1f} s ({TOTAL / elapsed:.0f} requests/s)")
    assert not connection_errors, connection_errors[:3]
    assert not server_errors, server_errors[:3]
    assert not different, different[:1]
    assert all(r[1] == 200 for r in results)


def test_a_killed_worker_is_replaced_and_requests_keep_succeeding(server) -> None:
    base, master = server
    request = REQUESTS[0]
    status, expected = _ask(base, request)
    assert status == 200
    workers = _children(master.pid)
    assert len(workers) == 2
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    _wait_for(lambda: victim not in _children(master.pid), 10, "the killed worker to go")
    for _ in range(20):  # the other worker answers meanwhile
        assert _ask(base, request) == (200, expected)

    def replaced_worker() -> set[int] | None:
        workers = _children(master.pid)
        return workers if len(workers) == 2 and victim not in workers else None

    replaced = _wait_for(replaced_worker, 30, "gunicorn to start a new worker")
    assert victim not in replaced and master.poll() is None
    for _ in range(20):
        assert _ask(base, request) == (200, expected)


# -- killing qa index while it writes -----------------------------------------------------------

WORDS = ["the", "minister", "said", "talks", "may", "resume", "after", "officials", "denied",
         "reports", "of", "troops", "near", "border", "while", "experts", "believe",
         "sanctions", "could", "follow"]


@pytest.fixture(scope="module")
def many_docs(tmp_path_factory) -> Path:
    """300 generated documents: enough that writing the index takes a while."""
    folder = tmp_path_factory.mktemp("many")
    rng = random.Random(7)
    for i in range(300):
        paragraphs = [" ".join(" ".join(rng.choice(WORDS) for _ in range(15)).capitalize()
                               + "." for _ in range(5)) for _ in range(8)]
        (folder / f"doc{i:03}.txt").write_text(f"Report {i}\n\n" + "\n\n".join(paragraphs))
    return folder


def _kill_while_writing(docs: Path, out: Path, files_written: int) -> bool:
    """Start ``qa index docs -o out`` and SIGKILL it once its new version folder holds
    ``files_written`` files. False if it finished before that (the race was lost)."""
    proc = subprocess.Popen([sys.executable, "-m", "qa", "index", str(docs), "-o", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            for partial in out.glob(".v-*.partial"):
                try:
                    count = sum(1 for _ in partial.iterdir())
                except OSError:
                    continue
                if count >= files_written:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    return True
            time.sleep(0.0005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


@pytest.mark.parametrize("files_written", [0, 12], ids=["folder-made", "arrays-half-written"])
def test_killing_an_index_write_leaves_the_old_index(tmp_path: Path, seed_engine, many_docs,
                                                     files_written: int) -> None:
    out = tmp_path / "index"
    save_index(seed_engine, out, paths=[str(SEEDS)])
    before = {q: load_index(out).ask(q, top_k=5).to_dict() for q in QUESTIONS}
    for _ in range(3):  # the write lasts tens of milliseconds; retry a lost race
        if _kill_while_writing(many_docs, out, files_written):
            break
        save_index(seed_engine, out, paths=[str(SEEDS)])
    else:
        pytest.fail("qa index finished three times before it could be killed mid-write")
    assert list(out.glob(".v-*.partial")), "the kill should leave a partial version behind"
    loaded = load_index(out)
    assert len(loaded.documents) == len(seed_engine.documents)
    assert {q: loaded.ask(q, top_k=5).to_dict() for q in QUESTIONS} == before
    # A later qa index replaces it and clears what the killed one left.
    subprocess.run([sys.executable, "-m", "qa", "index", str(SEEDS), "-o", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert not list(out.glob(".v-*.partial"))
    assert len([p for p in out.iterdir() if p.is_dir()]) == 1
    assert {q: load_index(out).ask(q, top_k=5).to_dict() for q in QUESTIONS} == before


def test_a_later_index_clears_a_stray_current_file(tmp_path: Path, seed_engine) -> None:
    out = tmp_path / "index"
    save_index(seed_engine, out)
    (out / ".CURRENT.abc123").write_text("v-stale\n")  # as a kill at that moment leaves it
    save_index(seed_engine, out)
    assert not list(out.glob(".CURRENT.*"))
