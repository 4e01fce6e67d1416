"""BM25 engines side by side on the same tokens: top 10 over about 1M news sentences.

The sentences are the shared news corpus (``../shared/corpus``) split by this service's
splitter and tokenized by its tokenizer (stop words out, stemmed), repeated to ``--size``;
the queries are SQuAD v1.1 dev questions through the same tokenizer. Every engine gets
those same token lists, is asked for its top 10, one query at a time on one thread, in
this one run:

* ``qa BM25Index.top_k`` with the compiled kernels (``qa.index.kernels``, the ``fast``
  extra) and with NumPy alone; both checked against exhaustive scoring of every sentence
  (``get_scores``, then score desc, index asc): the count of exact top 10s is printed;
* ``bm25s`` (method "lucene", the idf ours uses here) with its numba and NumPy backends
  (the NumPy one on the first 200 queries: it takes tens of milliseconds each);
* ``tantivy`` (its own BM25, k1 1.2, b 0.75; a whitespace tokenizer over our tokens, an
  OR of term queries);
* ``pyterrier-pisa`` (block-max WAND), when it is installed and can start: per call (a
  PyTerrier DataFrame a question) and as one batch of every question (its mean per query,
  which leaves out PyTerrier's per-call cost);
* ``rank_bm25`` (``BM25Okapi.get_scores`` then a sort), on ``--rank-bm25-queries`` only.

The peers come from the ``bench`` extra (``pip install -e '.[bench]'``); a peer that is
not installed is listed as such. Nothing is copied into the repository.

    python bench/peers.py [--size 1000000] [--queries 1000] [--rank-bm25-queries 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from qa.index import kernels
from qa.index.bm25 import BM25Index
from qa.text.sentences import split_sentences
from qa.text.tokens import tokenize


def sentence_tokens(size: int) -> list[list[str]]:
    """Tokens of ``size`` corpus sentences (the corpus repeated past one copy)."""
    files = sorted(p for p in (SHARED / "corpus").rglob("*.txt") if p.is_file())
    tokens: list[list[str]] = []
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        tokens += [t for s, e in split_sentences(text) if (t := tokenize(text[s:e]))]
        if n % 2000 == 0:
            print(f"  tokenized {n:,}/{len(files):,} files", file=sys.stderr, flush=True)
    if not tokens:
        sys.exit("no sentences in the shared corpus")
    return (tokens * (size // len(tokens) + 1))[:size]


def questions(n: int) -> list[list[str]]:
    data = json.loads((SHARED / "eval/external/squad-v1.1/dev-v1.1.json").read_text())
    texts = [qa["question"] for a in data["data"] for p in a["paragraphs"] for qa in p["qas"]]
    return [tokenize(q) for q in texts[:n]]


def latency(fn: Callable[[list[str]], object], queries: Sequence[list[str]]) -> dict:
    for q in queries[:20]:  # warm-up (and numba's first compile)
        fn(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        times.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    return {"p50": float(np.percentile(ms, 50)), "p95": float(np.percentile(ms, 95)),
            "p99": float(np.percentile(ms, 99)), "mean": float(ms.mean()),
            "queries": len(queries)}


def exhaustive_top10(index: BM25Index, q: list[str]) -> list[int]:
    scores = index.get_scores(q)
    cand = np.flatnonzero(scores > 0)
    return cand[np.lexsort((cand, -scores[cand]))][:10].tolist()


def ours(tokens: list[list[str]], queries: list[list[str]]) -> list[tuple[str, dict]]:
    t = time.perf_counter()
    index = BM25Index(tokens, k1=1.5, b=0.75, variant="lucene")
    build = time.perf_counter() - t
    rows = []
    modes = ([("compiled", True)] if kernels.AVAILABLE else []) + [("NumPy", False)]
    compiled = kernels.AVAILABLE
    for label, on in modes:
        kernels.AVAILABLE = on
        row = latency(lambda q: index.top_k(q, 10), queries)
        exact = sum([d for d, _ in index.top_k(q, 10)] == exhaustive_top10(index, q)
                    for q in queries)
        row.update(build=build, exact=f"{exact}/{len(queries)}")
        rows.append((f"qa BM25Index.top_k ({label})", row))
    kernels.AVAILABLE = compiled
    if not compiled:
        rows.insert(0, ("qa BM25Index.top_k (compiled)", {"missing": "numba (the fast extra)"}))
    return rows


def bm25s_rows(tokens: list[list[str]], queries: list[list[str]]) -> list[tuple[str, dict]]:
    try:
        import bm25s
    except ImportError:
        return [("bm25s", {"missing": "bm25s"})]
    rows = []
    for backend in ("numba", "numpy"):
        try:
            t = time.perf_counter()
            peer = bm25s.BM25(k1=1.5, b=0.75, method="lucene", backend=backend)
            peer.index(tokens, show_progress=False)
            build = time.perf_counter() - t
        except ImportError as exc:
            rows.append((f"bm25s ({backend})", {"missing": str(exc)}))
            continue
        known = [[w for w in q if w in peer.vocab_dict] for q in queries]
        known = [q for q in known if q]
        row = latency(lambda q, p=peer: p.retrieve([q], k=10, show_progress=False,
                                                   n_threads=1),
                      known if backend == "numba" else known[:200])
        rows.append((f"bm25s ({backend})", {**row, "build": build}))
    return rows


def tantivy_row(tokens: list[list[str]], queries: list[list[str]]) -> list[tuple[str, dict]]:
    try:
        import tantivy
    except ImportError:
        return [("tantivy", {"missing": "tantivy"})]
    t = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("t", stored=False, tokenizer_name="whitespace")
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=1_000_000_000, num_threads=1)
    for toks in tokens:
        writer.add_document(tantivy.Document(t=" ".join(toks)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    build = time.perf_counter() - t

    def search(q: list[str]) -> object:
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "t", w)) for w in q])
        return searcher.search(query, 10).hits

    return [("tantivy", {**latency(search, queries), "build": build})]


def pisa_row(tokens: list[list[str]], queries: list[list[str]]) -> list[tuple[str, dict]]:
    try:
        import pandas as pd
        from pyterrier_pisa import PisaIndex
    except Exception as exc:  # noqa: BLE001 - any failure to start means "not measured"
        return [("PISA (pyterrier-pisa)", {"missing": f"{type(exc).__name__}: {exc}"[:60]})]
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="qa-pisa-")) / "index"
    try:
        t = time.perf_counter()
        index = PisaIndex(str(folder), stemmer="none", stops="none", threads=1)
        index.toks_indexer().index(
            {"docno": str(i), "toks": {w: toks.count(w) for w in set(toks)}}
            for i, toks in enumerate(tokens))
        build = time.perf_counter() - t
        ranker = index.bm25(k1=1.5, b=0.75, num_results=10, threads=1)
        row = latency(lambda q: ranker(pd.DataFrame([{"qid": "1", "query": " ".join(q)}])),
                      queries)
        # PyTerrier's per-call cost (a DataFrame in and out) is not PISA's: all the
        # questions in one call, as PISA's own tools run them, give its cost per query
        batch = pd.DataFrame([{"qid": str(i), "query": " ".join(q)}
                              for i, q in enumerate(queries)])
        ranker(batch)
        t = time.perf_counter()
        ranker(batch)
        mean = (time.perf_counter() - t) * 1000 / len(queries)
    except Exception as exc:  # noqa: BLE001 - a peer that fails is reported, not fatal
        return [("PISA (pyterrier-pisa)", {"missing": f"failed: {exc}"[:60]})]
    return [("PISA (pyterrier-pisa), per call", {**row, "build": build}),
            ("PISA, one batch: mean per query", {"build": build, "mean": mean,
                                                 "queries": len(queries)})]


def rank_bm25_row(tokens: list[list[str]], queries: list[list[str]]) -> list[tuple[str, dict]]:
    try:
        from rank_bm25 import BM25Okapi
    except ImportError:
        return [("rank_bm25", {"missing": "rank_bm25"})]
    t = time.perf_counter()
    peer = BM25Okapi(tokens)
    build = time.perf_counter() - t
    row = latency(lambda q: np.argsort(peer.get_scores(q))[::-1][:10], queries)
    return [("rank_bm25 BM25Okapi", {**row, "build": build})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rank-bm25-queries", type=int, default=20)
    parser.add_argument("--skip", default="", help="comma-separated: bm25s,tantivy,pisa,rank_bm25")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared corpus is not at {SHARED / 'corpus'}")
    skip = set(filter(None, args.skip.split(",")))
    print("tokenizing the corpus ...", file=sys.stderr, flush=True)
    tokens = sentence_tokens(args.size)
    queries = [q for q in questions(args.queries) if q]
    rows = ours(tokens, queries)
    for name, fn in (("bm25s", bm25s_rows), ("tantivy", tantivy_row), ("pisa", pisa_row)):
        if name not in skip:
            print(f"{name} ...", file=sys.stderr, flush=True)
            rows += fn(tokens, queries)
    if "rank_bm25" not in skip:
        rows += rank_bm25_row(tokens, queries[: args.rank_bm25_queries])
    print(f"\nTop 10 over {len(tokens):,} sentences, the same tokens for every engine, "
          f"one thread, {len(queries)} SQuAD questions (fewer where noted)")
    print(f"{'engine':<32} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'mean ms':>8} {'queries':>8} {'exact top 10':>13}")
    for name, row in rows:
        if "missing" in row:
            print(f"{name:<32} not measured: {row['missing']}")
            continue
        cells = "".join(f" {row[c]:>8.3f}" if c in row else f" {'-':>8}"
                        for c in ("p50", "p95", "p99", "mean"))  # a batch has a mean only
        print(f"{name:<32} {row['build']:>8.1f}{cells} {row['queries']:>8} "
              f"{row.get('exact', ''):>13}")


if __name__ == "__main__":
    main()
