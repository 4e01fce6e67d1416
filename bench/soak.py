"""Soak: many concurrent clients against ``qa serve`` for a while, checking every answer.

Starts ``qa serve`` on loopback with the answer cache off (every request runs the
engine), asks each question once in sequence to record the expected JSON body, then drives
``POST /api/ask`` with ``wrk`` (``--connections`` clients for ``--seconds``). wrk's Lua hook
compares every response body with the expected bodies and counts non-200 statuses and
mismatches; meanwhile the resident memory of every gunicorn worker is sampled. Printed:
requests, req/s, latency percentiles, socket errors, non-200s, mismatched answers, and each
worker's memory after warm-up and at the end. Loopback only; bounded in time.

    python bench/soak.py [--seconds 30] [--connections 50] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

from http_load import QUESTIONS, _free_port, _wait

ROOT = Path(__file__).resolve().parents[1]

LUA = """
local bodies = {%s}
local expected = {}
for _, b in ipairs({%s}) do expected[b] = true end
local i = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad_status = 0; mismatched = 0 end
function request()
  i = i %% #bodies + 1
  return wrk.format("POST", "/api/ask", {["Content-Type"] = "application/json"}, bodies[i])
end
function response(status, headers, body)
  if status ~= 200 then bad_status = bad_status + 1
  elseif not expected[body] then mismatched = mismatched + 1 end
end
function done(summary, latency, requests)
  local s, m = 0, 0
  for _, t in ipairs(threads) do s = s + t:get("bad_status"); m = m + t:get("mismatched") end
  io.write(string.format("CHECK non200=%%d mismatched=%%d\\n", s, m))
end
"""


def _workers(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True, check=False).stdout
    return [int(p) for p in out.split()]


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None, help="qa serve --workers")
    args = parser.parse_args()
    port = _free_port()
    command = [sys.executable, "-m", "qa", "serve", str(ROOT / "seeds"), "--host", "127.0.0.1",
               "--port", str(port)] + (["--workers", str(args.workers)] if args.workers else [])
    server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, QA_CACHE_SIZE="0"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    samples: dict[int, list[float]] = {}
    stop = threading.Event()
    try:
        _wait(f"{base}/api/health", server)
        expected = []
        for q in QUESTIONS:
            request = urllib.request.Request(f"{base}/api/ask",
                                             data=json.dumps({"question": q}).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as r:
                expected.append(r.read().decode())
        lua_text = LUA % (", ".join(json.dumps(json.dumps({"question": q})) for q in QUESTIONS),
                          ", ".join(json.dumps(b) for b in expected))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(lua_text)
        subprocess.run(["wrk", "-t", "1", "-c", "4", "-d", "3s", "-s", lua.name, base],
                       capture_output=True, check=True)  # warm-up

        def sample() -> None:
            while not stop.wait(1.0):
                for pid in _workers(server.pid):
                    rss = _rss_mb(pid)
                    if rss is not None:
                        samples.setdefault(pid, []).append(rss)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out = subprocess.run(
            ["wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections),
             "-d", f"{args.seconds}s", "--timeout", "10s", "-s", lua.name, base],
            capture_output=True, text=True, check=True).stdout
        stop.set()
        sampler.join()
        os.unlink(lua.name)
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    check = re.search(r"CHECK non200=(\d+) mismatched=(\d+)", out)
    lat = {p: re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)  # type: ignore[union-attr]
           for p in ("50", "90", "99")}
    print(f"qa serve (cache off) on loopback: wrk {args.connections} connections x "
          f"{args.seconds}s, {len(QUESTIONS)} questions in rotation")
    print(f"  requests {total}, {rps:.0f} req/s, latency p50 {lat['50']} p90 {lat['90']} "
          f"p99 {lat['99']}")
    print(f"  socket errors (connect/read/write/timeout): "
          f"{'/'.join(socket.groups()) if socket else '0/0/0/0'}")
    if check:
        print(f"  non-200 responses {check.group(1)}, answers differing from the sequential "
              f"run {check.group(2)}")
    for pid, values in sorted(samples.items()):
        warm = values[min(2, len(values) - 1)]
        print(f"  worker {pid}: RSS {warm:.1f} MB after warm-up, {values[-1]:.1f} MB at the end,"
              f" max {max(values):.1f} MB ({len(values)} samples)")


if __name__ == "__main__":
    main()
