"""HTTP throughput: ``POST /api/ask`` next to a trivial endpoint of the same server.

Starts ``qa serve`` on loopback (the seed documents, or ``--index DIR``), then drives it
with ``wrk`` (Debian package ``wrk``) for a bounded time and connection count:

* ``GET /api/health``: the trivial endpoint (JSON, no engine work): the server's ceiling;
* ``POST /api/ask``: a rotating set of real questions (JSON bodies). With the answer cache
  on (the default) repeated questions are served from it, as popular questions are in
  real traffic; ``--no-cache`` makes every request run retrieval and extraction.

It prints requests/s, latency percentiles and error counts for both, and the ratio.
Every request goes to 127.0.0.1 only, and each run stops by itself after ``--seconds``.

    python bench/http_load.py [--seconds 15] [--connections 32] [--threads 2] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "When did Putin visit Pyongyang?",
    "How many North Korean officers died?",
    "Who suggested that sending troops could provide combat experience?",
    "What did the leaders sign?",
    "Where have reports detailed recruitment for the Russian military?",
    "What is the capital of France?",
]

# wrk's Lua hook: each request takes the next question, as a JSON body.
LUA = """
local bodies = {%s}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/api/ask", {["Content-Type"] = "application/json"}, bodies[i])
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("qa serve exited before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"qa serve did not answer {url} within {timeout}s")


def _wrk(args: list[str]) -> dict[str, float | int]:
    out = subprocess.run(["wrk", "--latency", *args], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(x) for x in m.groups())
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"rps": rps, "requests": total, "socket_errors": errors, "non_2xx": non2xx,
            "p50": ms("50"), "p90": ms("90"), "p99": ms("99")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None, help="qa serve --workers")
    parser.add_argument("--index", type=Path, default=None, help="serve a saved index")
    parser.add_argument("--no-cache", action="store_true",
                        help="QA_CACHE_SIZE=0: every request runs the engine (default: cache on)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    port = _free_port()
    command = [sys.executable, "-m", "qa", "serve", "--host", "127.0.0.1",
               "--port", str(port)]
    command += ["--index", str(args.index)] if args.index else [str(ROOT / "seeds")]
    if args.workers:
        command += ["--workers", str(args.workers)]
    env = dict(os.environ, QA_CACHE_SIZE="0") if args.no_cache else None
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, env=env,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/api/health", server)
        bodies = ", ".join(json.dumps(json.dumps({"question": q})) for q in QUESTIONS)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA % bodies)
        common = ["-t", str(args.threads), "-c", str(args.connections),
                  "-d", f"{args.seconds}s", "--timeout", "5s"]
        warm = ["-t", "1", "-c", "4", "-d", "2s"]
        _wrk([*warm, f"{base}/api/health"])
        _wrk([*warm, "-s", lua.name, base])
        trivial = _wrk([*common, f"{base}/api/health"])
        ask = _wrk([*common, "-s", lua.name, base])
        os.unlink(lua.name)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    print(f"qa serve on loopback, wrk {args.threads} threads x {args.connections} connections "
          f"x {args.seconds}s each; answer cache {'off' if args.no_cache else 'on'}")
    print(f"{'endpoint':<18} {'req/s':>9} {'requests':>9} {'p50 ms':>7} {'p90 ms':>7} "
          f"{'p99 ms':>7} {'errors':>7} {'non-2xx':>8}")
    for name, r in (("GET /api/health", trivial), ("POST /api/ask", ask)):
        print(f"{name:<18} {r['rps']:>9.0f} {r['requests']:>9} {r['p50']:>7.2f} {r['p90']:>7.2f} "
              f"{r['p99']:>7.2f} {r['socket_errors']:>7} {r['non_2xx']:>8}")
    print(f"/api/ask sustains {ask['rps'] / trivial['rps']:.2f} of the trivial endpoint's req/s")


if __name__ == "__main__":
    main()
