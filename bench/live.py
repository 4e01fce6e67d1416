"""Live news at 100k sentences: write throughput, and questions answered while writing.

An index of about ``--sentences`` sentences is built from the shared news corpus
(``../shared/corpus``: Reuters C50 first, then BBC, CNN; nothing is copied into the
repository) with its document store. Then, on that folder:

* **write throughput**: one writer process adds ``--writes`` documents one request at a
  time (:meth:`qa.live.LiveIndex.add`: analysis, one SQLite transaction with fsync, the new
  state, merges as they fall due) and reports documents per second;
* **ask, no writes**: a reader process (another :class:`~qa.live.LiveIndex` on the same
  folder, as a server worker is) answers ``--queries`` questions through ``engine.ask`` and
  reports p50 / p99;
* **ask while writing at 10 documents/s**: the same, while the writer process adds one
  document every 100 ms; the reader applies each change on its next question (reading the
  stored analysis, not analysing again), and that time counts in its latency.

The questions are the titles of documents of the index, asked as a reader would type a
headline. The two ask figures are printed side by side: the peer of "while writing" is the
same reader with no writes, measured in the same run.

    python bench/live.py [--sentences 100000] [--writes 300] [--queries 400] [--rate 10]
    python bench/live.py --kills 50     # also: kill -9 of `qa serve` at 50 moments
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from qa.live import LiveIndex, create_index
from qa.text.documents import Document, LoadReport, find_files, load_files

TOKEN = "bench-token-0123456789abcdef"


def _documents() -> list[Document]:
    """Shared news documents, ids made unique per folder, in a fixed order."""
    out: list[Document] = []
    for part in ["reuters-c50/C50train", "reuters-c50/C50test", "bbc", "cnn_dailymail/articles"]:
        folder = SHARED / "corpus" / part
        if not folder.is_dir():
            continue
        report = LoadReport()
        out += [replace(d, id=f"{part}/{d.id}")
                for d in load_files(find_files([folder], report), report=report)]
    return out


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return (statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000)


def _writer(folder: str, docs: list[Document], rate: float | None, out: multiprocessing.Queue,
            start: multiprocessing.Event) -> None:
    live = LiveIndex(folder)
    start.wait()
    began = time.perf_counter()
    for n, doc in enumerate(docs):
        if rate:
            wait = began + n / rate - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        live.add([doc])
    elapsed = time.perf_counter() - began
    live.close()
    out.put((len(docs), elapsed))


def _ask_all(live: LiveIndex, questions: list[str], until: float | None = None) -> list[float]:
    times = []
    for q in questions:
        t = time.perf_counter()
        live.engine.ask(q)
        times.append(time.perf_counter() - t)
        if until is not None and time.perf_counter() > until:
            break
    return times


def _kills(folder: Path, count: int, docs: list[Document]) -> dict[str, int]:
    """kill -9 of the whole `qa serve` at ``count`` random moments of a stream of writes."""
    rng = random.Random(3)
    acknowledged: set[str] = set()
    stream = iter(docs)
    for _ in range(count):
        with socket.socket() as probe:  # a free port: never a server left from elsewhere
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        proc = subprocess.Popen(
            [sys.executable, "-m", "qa", "serve", "--index", str(folder), "--host",
             "127.0.0.1", "--port", str(port), "--workers", "1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "QA_WRITE_TOKEN": TOKEN})
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"qa serve exited with status {proc.returncode}")
            try:
                urllib.request.urlopen(f"{base}/api/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        present: set[str] = set()
        while True:  # page through the documents
            page = json.load(urllib.request.urlopen(
                f"{base}/api/documents?limit=1000&offset={len(present)}"))
            present |= {d["id"] for d in page["documents"]}
            if not page["documents"] or len(present) >= page["total"]:
                break
        lost = acknowledged - present
        if lost:
            os.killpg(proc.pid, signal.SIGKILL)
            import sqlite3
            db = sqlite3.connect(folder / "store.sqlite")
            stored = {r[0] for r in db.execute("SELECT id FROM documents")}
            print("lost", len(lost), "in store", len(lost & stored), "present", len(present),
                  "stored", len(stored), "generation",
                  db.execute("SELECT value FROM meta WHERE key='generation'").fetchone())
            from qa.index.store import read_meta
            print("snapshot", read_meta(folder).get("live"))
            raise SystemExit(f"LOST acknowledged documents: {sorted(lost)[:5]}")
        stop = threading.Event()

        def write(base: str = base, stop: threading.Event = stop) -> None:
            while not stop.is_set():
                doc = next(stream)
                body = json.dumps({"documents": [{"id": doc.id, "title": doc.title,
                                                  "text": doc.text}]}).encode()
                req = urllib.request.Request(
                    f"{base}/api/documents", data=body, method="POST",
                    headers={"Content-Type": "application/json",
                             "Authorization": f"Bearer {TOKEN}"})
                try:
                    with urllib.request.urlopen(req, timeout=10) as r:
                        if r.status == 201:
                            acknowledged.add(doc.id)
                except (OSError, http.client.HTTPException):  # killed mid-request
                    return

        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(rng.uniform(0.05, 1.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        thread.join(timeout=20)
    return {"kills": count, "acknowledged": len(acknowledged), "lost": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--kills", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        raise SystemExit(f"needs the shared corpus at {SHARED / 'corpus'}")
    docs = _documents()
    rng = random.Random(1)
    tmp = Path(tempfile.mkdtemp(prefix="qa-live-"))
    try:
        t = time.perf_counter()
        cut = min(len(docs), max(1, args.sentences // 20))  # news: ~20 sentences a story
        while True:
            base, rest = docs[:cut], docs[cut:]
            engine = create_index(base, tmp / "ix", workers=args.workers)
            if engine.stats()["sentences"] >= 0.95 * args.sentences or not rest:
                break
            cut = min(len(docs), int(cut * args.sentences / engine.stats()["sentences"]) + 50)
        built = time.perf_counter() - t
        stats = engine.stats()
        print(f"index: {stats['documents']} documents, {stats['sentences']} sentences, "
              f"built in {built:.0f} s")
        questions = [d.title for d in rng.sample(base, min(args.queries, len(base)))]
        stream = rest[: args.writes * 2]

        reader = LiveIndex(tmp / "ix")
        _ask_all(reader, questions[:30])  # warm caches
        idle = _ask_all(reader, questions)

        ctx = multiprocessing.get_context("fork")
        out: multiprocessing.Queue = ctx.Queue()
        start = ctx.Event()
        w = ctx.Process(target=_writer, args=(str(tmp / "ix"), stream[: args.writes], None,
                                              out, start))
        w.start()
        start.set()
        n, elapsed = out.get()
        w.join()
        throughput = n / elapsed

        paced = stream[args.writes : args.writes * 2]
        w = ctx.Process(target=_writer, args=(str(tmp / "ix"), paced, args.rate, out, start))
        w.start()
        t0 = time.perf_counter()
        busy: list[float] = []
        while len(busy) < len(questions) and time.perf_counter() - t0 < len(paced) / args.rate:
            busy += _ask_all(reader, questions[len(busy) % len(questions):],
                             until=t0 + len(paced) / args.rate)
        out.get()
        w.join()
        reader.refresh()
        generation = reader.generation
        reader.close()

        p50, p99 = _percentiles(idle)
        b50, b99 = _percentiles(busy)
        print(f"\nwrite throughput, one writer, one document a request: "
              f"{throughput:.1f} documents/s ({n} writes)")
        print(f"\n{'QA.ask at ' + str(stats['sentences']) + ' sentences':<46} {'p50 ms':>8} "
              f"{'p99 ms':>8} {'questions':>10}")
        print(f"{'no writes':<46} {p50:>8.2f} {p99:>8.2f} {len(idle):>10}")
        print(f"{f'while writing {args.rate:g} documents/s (other process)':<46} {b50:>8.2f} "
              f"{b99:>8.2f} {len(busy):>10}")
        print(f"generation at the end: {generation}")
        if args.kills:
            print("\nkill -9 of qa serve during writes:",
                  _kills(tmp / "ix", args.kills, stream[args.writes * 2 :] + docs[::-1]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
