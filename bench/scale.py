"""Speed and scale: build, load, query latency and memory at 10k, 100k and 1M sentences,
side by side with ``rank_bm25`` and ``bm25s`` measured in the same run on the same tokens.

The documents are the shared news corpus (``../shared/corpus``, about 305k sentences as
this service splits them), repeated with distinct ids (each copy is a folder of symbolic
links, so ids are ``<copy>/<path>``) to reach the larger sizes; the smaller sizes take the
first files. Nothing is copied into the repository.

Each stage runs in its own process so memory figures are its own:

* **build**: ``qa index`` (reading, splitting, tokenizing, attribution and hedge, both
  BM25 indexes, atomic save) with all CPUs; wall time and peak resident memory;
* **serve**: a fresh process loads the saved index (memory-mapped), answers the questions
  through ``QA.search`` (tokenizing, sentence + paragraph BM25, exact top 10) and then
  through ``QA.ask`` (the same and the answer stage: ranking, evidence, short answers)
  and reports load time, latency percentiles of both, resident memory, and whether every
  top 10 equals exhaustive scoring of all sentences;
* **peers**: the same sentence tokens indexed by ``rank_bm25.BM25Okapi`` and by
  ``bm25s`` (method "lucene", the idf our index uses; its default NumPy backend, and its
  numba backend too when numba is installed); build time, latency of a query
  (pre-tokenized, through its ``retrieve``) and memory; our ``BM25Index.top_k`` on the sentence index alone is timed
  on the same pre-tokenized queries as the like-for-like comparison.

Questions: SQuAD v1.1 dev questions (realistic English questions; only their text is
read), the first ``--queries`` of them.

    python bench/scale.py [--sizes 10k,100k,1M] [--queries 300] [--rank-bm25-queries 20]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SENTENCES_PER_COPY = 304_644  # what `qa index` finds in one copy of the corpus


def _questions(n: int) -> list[str]:
    data = json.loads((SHARED / "eval/external/squad-v1.1/dev-v1.1.json").read_text())
    out = [qa["question"] for a in data["data"] for p in a["paragraphs"] for qa in p["qas"]]
    return out[:n]


def prepare(workdir: Path, size: int) -> Path:
    """A folder of symbolic links holding about ``size`` sentences of the corpus."""
    folder = workdir / f"docs-{size}"
    if folder.exists():
        return folder
    corpus = SHARED / "corpus"
    folder.mkdir(parents=True)
    if size >= SENTENCES_PER_COPY:
        copies = -(-size // SENTENCES_PER_COPY)
        for k in range(copies):
            (folder / str(k)).symlink_to(corpus, target_is_directory=True)
        return folder
    files = sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    # the corpus averages about 10 sentences a file
    step = max(1, len(files) * 10 // size)
    for i, file in enumerate(files[::step][: size // 10]):
        (folder / f"{i:06d}{file.suffix}").symlink_to(file)
    return folder


def _child(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object last."""
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=False,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"stage failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


BUILD = r"""
import json, resource, sys, time
from qa import QA
from qa.index.build import default_workers
from qa.engine import save_index
t = time.perf_counter()
engine = QA.from_paths([sys.argv[1]], workers=default_workers())
save_index(engine, sys.argv[2], paths=[sys.argv[1]])
wall = time.perf_counter() - t
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"build_s": wall, "sentences": len(engine.corpus),
                  "documents": len(engine.documents), "build_rss_mb": own,
                  "build_worker_rss_mb": kids, "workers": default_workers()}))
"""

SERVE = r"""
import json, sys, time
import numpy as np
def rss():
    fields = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "RssAnon", "RssFile")):
            k, v = line.split(":")
            fields[k] = int(v.split()[0]) / 1024
    return fields
t = time.perf_counter()
from qa.engine import load_index
engine = load_index(sys.argv[1])
load = time.perf_counter() - t
after_load = rss()
questions = json.loads(sys.argv[2])
r = engine.retriever
from qa.text.tokens import tokenize
for q in questions[:20]:  # warm-up
    engine.search(q, 10)
times, same = [], 0
for q in questions:
    t = time.perf_counter()
    engine.search(q, 10)
    times.append(time.perf_counter() - t)
for q in questions:
    terms = tokenize(q)
    got = r.search(terms, 10)
    own = r.sentences.get_scores(terms)
    full = own + r.params.context_weight * r.paragraphs.get_scores(terms)[r.corpus.sent_para]
    cand = np.flatnonzero(own > 0)
    order = cand[np.lexsort((cand, -full[cand]))][:10]
    same += [i for i, _ in got] == order.tolist()
for q in questions[:20]:  # warm-up of the answer stage (its tables load on first use)
    engine.ask(q)
asked = []
for q in questions:
    t = time.perf_counter()
    engine.ask(q)
    asked.append(time.perf_counter() - t)
ms = np.array(times) * 1000
ask = np.array(asked) * 1000
print(json.dumps({"load_s": load, "p50_ms": float(np.percentile(ms, 50)),
                  "p95_ms": float(np.percentile(ms, 95)), "p99_ms": float(np.percentile(ms, 99)),
                  "ask_p50_ms": float(np.percentile(ask, 50)),
                  "ask_p95_ms": float(np.percentile(ask, 95)),
                  "ask_p99_ms": float(np.percentile(ask, 99)),
                  "exact_top10": f"{same}/{len(questions)}", "rss_load": after_load,
                  "rss_serving": rss()}))
"""

PEERS = r"""
import json, resource, sys, time, gc
import numpy as np
from qa.engine import load_index
from qa.text.tokens import tokenize
engine = load_index(sys.argv[1])
questions = json.loads(sys.argv[2])
n_rank = int(sys.argv[3])
corpus = engine.corpus
tokens = [tokenize(corpus.sentence_text(i)) for i in range(len(corpus))]
# Queries with at least one term in the collection (bm25s rejects the others).
seen = set(engine.retriever.sentences.vocab)
queries = [q for q in (tokenize(q) for q in questions) if any(w in seen for w in q)]
out = {}
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
def lat(fn, qs):
    for q in qs[:10]:
        fn(q)
    times = []
    for q in qs:
        t = time.perf_counter(); fn(q); times.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "p99_ms": float(np.percentile(ms, 99)), "queries": len(qs)}
from qa.index.bm25 import BM25Index
base = rss()
t = time.perf_counter()
ours = BM25Index(tokens, k1=1.5, b=0.75, variant="lucene")
out["ours_build_s"] = time.perf_counter() - t
out["ours_mb"] = rss() - base
out["ours"] = lat(lambda q: ours.top_k(q, 10), queries)
import bm25s
backends = ["numpy"]
try:
    import numba  # noqa: F401  (bm25s's optional accelerated backend)
    backends.append("numba")
except ImportError:
    pass
for backend in backends:
    base = rss()
    t = time.perf_counter()
    peer = bm25s.BM25(k1=1.5, b=0.75, method="lucene", backend=backend)
    peer.index(tokens, show_progress=False)
    out[f"bm25s_{backend}_build_s"] = time.perf_counter() - t
    out[f"bm25s_{backend}_mb"] = rss() - base
    known = [[w for w in q if w in peer.vocab_dict] for q in queries]
    out[f"bm25s_{backend}"] = lat(
        lambda q: peer.retrieve([q], k=10, show_progress=False, n_threads=1), known)
    # Same top 10? Compared by score: the repeated corpus makes many exact ties, which
    # each engine may break differently. bm25s leaves out BM25's constant (k1 + 1).
    agree = 0
    for q, k in zip(queries, known):
        docs, scores = peer.retrieve([k], k=10, show_progress=False)
        mine = np.array([s for _, s in ours.top_k(q, 10)]) / 2.5
        theirs = scores[0][scores[0] > 0][: len(mine)]
        agree += len(theirs) == len(mine) and bool(np.allclose(theirs, mine, rtol=1e-4))
    out[f"bm25s_{backend}_same_top10"] = f"{agree}/{len(queries)}"
    del peer; gc.collect()
from rank_bm25 import BM25Okapi
base = rss()
t = time.perf_counter()
rank = BM25Okapi(tokens)
out["rank_bm25_build_s"] = time.perf_counter() - t
out["rank_bm25_mb"] = rss() - base
out["rank_bm25"] = lat(lambda q: np.argsort(rank.get_scores(q))[::-1][:10], queries[:n_rank])
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rank-bm25-queries", type=int, default=20,
                        help="rank_bm25 takes about a second a query at 1M (default 20)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qa-bench"))
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared corpus is not at {SHARED / 'corpus'}")
    questions = json.dumps(_questions(args.queries))
    rows = []
    for name in args.sizes.split(","):
        size = SIZES[name]
        docs = prepare(args.workdir, size)
        index = args.workdir / f"index-{size}"
        print(f"[{name}] building from {docs} ...", file=sys.stderr, flush=True)
        build = _child(BUILD, str(docs), str(index))
        print(f"[{name}] serving ...", file=sys.stderr, flush=True)
        serve = _child(SERVE, str(index), questions)
        peers = {} if args.no_peers else _child(
            PEERS, str(index), questions, str(args.rank_bm25_queries))
        rows.append((name, build, serve, peers))
        print(json.dumps({"size": name, **build, **serve, **peers}), file=sys.stderr)

    print("\nBuild (qa index: read, split, tokenize, annotate, index, save)")
    print(f"{'size':>5} {'sentences':>10} {'docs':>7} {'workers':>7} {'build s':>8} "
          f"{'main RSS MB':>11} {'worker RSS MB':>13}")
    for name, b, _, _ in rows:
        print(f"{name:>5} {b['sentences']:>10,} {b['documents']:>7,} {b['workers']:>7} "
              f"{b['build_s']:>8.1f} {b['build_rss_mb']:>11.0f} {b['build_worker_rss_mb']:>13.0f}")
    print("\nServing a saved index (QA.search: tokenize, sentence + paragraph BM25, exact top 10;"
          " QA.ask: the same and the answer stage, default top_k)")
    print(f"{'size':>5} {'load s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'ask p50':>8} {'ask p95':>8} {'ask p99':>8} "
          f"{'RSS MB':>7} {'anon MB':>8} {'file MB':>8} {'exact top10':>12}")
    for name, _, s, _ in rows:
        r = s["rss_serving"]
        print(f"{name:>5} {s['load_s']:>7.2f} {s['p50_ms']:>7.2f} {s['p95_ms']:>7.2f} "
              f"{s['p99_ms']:>7.2f} {s['ask_p50_ms']:>8.2f} {s['ask_p95_ms']:>8.2f} "
              f"{s['ask_p99_ms']:>8.2f} {r['VmRSS']:>7.0f} {r['RssAnon']:>8.0f} "
              f"{r['RssFile']:>8.0f} {s['exact_top10']:>12}")
    if args.no_peers:
        return
    print("\nSentence BM25 on the same tokens, pre-tokenized queries, top 10 (same run)")
    print(f"{'size':>5} {'engine':<22} {'build s':>8} {'index MB':>9} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for name, _, s, p in rows:
        lines = [
            ("QA.search (full path)", None, None, s),
            ("qa BM25Index.top_k", p["ours_build_s"], p["ours_mb"], p["ours"]),
        ]
        backends = [b for b in ("numpy", "numba") if f"bm25s_{b}" in p]
        lines += [(f"bm25s ({b} backend)", p[f"bm25s_{b}_build_s"], p[f"bm25s_{b}_mb"],
                   p[f"bm25s_{b}"]) for b in backends]
        lines.append(("rank_bm25 BM25Okapi", p["rank_bm25_build_s"], p["rank_bm25_mb"],
                      p["rank_bm25"]))
        for label, bs, mb, lat in lines:
            bs_s = f"{bs:8.1f}" if bs is not None else f"{'':>8}"
            mb_s = f"{mb:9.0f}" if mb is not None else f"{'':>9}"
            print(f"{name:>5} {label:<22} {bs_s} {mb_s} {lat['p50_ms']:>8.2f} "
                  f"{lat['p95_ms']:>8.2f} {lat['p99_ms']:>8.2f} {lat.get('queries', args.queries):>8}")
        full = s["p50_ms"]
        for b in backends:
            print(f"{'':>5} QA.search p50 is {p[f'bm25s_{b}']['p50_ms'] / full:.1f}x bm25s "
                  f"({b}); top 10 scores equal on {p[f'bm25s_{b}_same_top10']} queries")
        print(f"{'':>5} QA.search p50 is {p['rank_bm25']['p50_ms'] / full:.0f}x rank_bm25")

if __name__ == "__main__":
    main()
