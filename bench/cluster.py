"""Fan-out overhead of a sharded index: 1, 2 and 4 shards on one machine, in-process and
on Ray, beside the unsharded engine.

The documents are the BBC folders of the shared corpus (``../shared/corpus/bbc``; the seed
article when it is absent), indexed once unsharded and once per shard count with
:func:`qa.shards.build_shards`. Every engine answers the same questions (the titles of the
documents, asked as a reader types a headline) through ``ask``, one at a time, after a
warm-up pass; each answer is checked equal to the unsharded engine's. Printed per engine:
p50 and p99 of ``ask`` in milliseconds, and the p50 over the unsharded one.

* ``local``: :class:`~qa.shards.LocalShards`, the shards in this process: the cost of the
  coordinator's merge and bookkeeping alone.
* ``ray``: one Ray actor per shard on a local Ray instance (:func:`qa.cluster.deploy`):
  adds two rounds of actor calls (hits, then the passages) and their serialisation.

    python bench/cluster.py [--queries 300] [--shards 1 2 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa import QA
from qa.shards import LocalShards, ShardedQA, build_shards


def _corpus() -> list[Path]:
    bbc = Path(os.environ.get("QA_SHARED_DIR", ROOT.parent / "shared")) / "corpus" / "bbc"
    if bbc.is_dir():
        return sorted(p for p in bbc.iterdir() if p.is_dir())
    return [ROOT / "seeds"]


def _timed(engine: QA, questions: list[str], expected: list[str] | None) -> list[float]:
    for q in questions[:20]:  # warm-up: caches, lexicons, remote connections
        engine.ask(q)
    times = []
    for n, q in enumerate(questions):
        started = time.perf_counter()
        result = engine.ask(q)
        times.append((time.perf_counter() - started) * 1000)
        if expected is not None and json.dumps(result.to_dict()) != expected[n]:
            raise SystemExit(f"answer to {q!r} differs from the unsharded engine's")
    return times


def _row(name: str, times: list[float], base: float | None) -> str:
    p50 = statistics.median(times)
    p99 = statistics.quantiles(times, n=100)[98] if len(times) >= 100 else max(times)
    over = "" if base is None else f"{p50 - base:+.2f}"
    return f"| {name} | {p50:.2f} | {p99:.2f} | {over} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--no-ray", action="store_true", help="only the in-process shards")
    args = parser.parse_args()
    paths = _corpus()
    one = QA.from_paths(paths)
    questions = [d.title for d in one.documents if d.title][: args.queries]
    expected = [json.dumps(one.ask(q).to_dict()) for q in questions]
    stats = one.stats()
    print(f"{stats['documents']} documents, {stats['sentences']} sentences, "
          f"{len(questions)} questions; ask latency in ms\n")
    print("| engine | p50 | p99 | p50 over unsharded |")
    print("|---|---|---|---|")
    base_times = _timed(one, questions, None)
    base = statistics.median(base_times)
    print(_row("unsharded", base_times, None), flush=True)
    rows: list[tuple[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.shards:
            folder = Path(tmp) / f"s{n}"
            build_shards(paths, folder, n, workers=os.cpu_count() or 1)
            rows.append((f"{n} shard{'s' if n > 1 else ''}, local", folder))
            print(_row(rows[-1][0], _timed(ShardedQA(folder, LocalShards(folder)), questions,
                                           expected), base), flush=True)
        if args.no_ray:
            return
        import ray

        from qa.cluster import deploy

        ray.init(address="local", include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
        try:
            for n in args.shards:
                folder = Path(tmp) / f"s{n}"
                shards = deploy(folder, replicas=1)
                times = _timed(ShardedQA(folder, shards), questions, expected)
                print(_row(f"{n} shard{'s' if n > 1 else ''}, ray", times, base), flush=True)
                shards.stop()
        finally:
            ray.shutdown()


if __name__ == "__main__":
    main()
