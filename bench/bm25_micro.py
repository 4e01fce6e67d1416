"""Micro-benchmark of qa.bm25.BM25Index against rank_bm25.BM25Okapi, in one run.

    python bench/bm25_micro.py                      # 300k synthetic Zipfian "sentences"
    python bench/bm25_micro.py --corpus bbc         # sentences of /work/shared/corpus/bbc

Prints build times, per-query latency (p50/p99) of ``BM25Index.top_k``,
``BM25Index.get_scores`` and rank_bm25's ``get_scores`` + ``argsort``, whether the top-10s
are identical, and the two ways ``top_k`` can accumulate postings (the faster one is kept).
This is a benchmark that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import rank_bm25

from qa.index.bm25 import BM25Index, _best

BBC = Path("/work/shared/corpus/bbc")


def synthetic(n_docs: int, rng: np.random.Generator, vocab: int = 50_000) -> list[list[str]]:
    """Sentence-sized documents (5..39 tokens) drawn from a Zipf(1.07) vocabulary."""
    p = 1.0 / np.arange(1, vocab + 1) ** 1.07
    lens = rng.integers(5, 40, n_docs)
    words = np.array([f"w{i}" for i in range(vocab)], dtype=object)
    flat = words[rng.choice(vocab, size=int(lens.sum()), p=p / p.sum())].tolist()
    ends = np.cumsum(lens).tolist()
    return [flat[e - n : e] for e, n in zip(ends, lens.tolist())]


def bbc_sentences() -> list[list[str]]:
    """BBC articles split naively on '. ', tokenized with \\w+ on lower case (read only)."""
    docs = []
    for path in sorted(BBC.glob("*/*.txt")):
        for sentence in path.read_text(encoding="latin-1").split(". "):
            tokens = re.findall(r"\w+", sentence.lower())
            if tokens:
                docs.append(tokens)
    return docs


def queries(docs: list[list[str]], n: int, rng: np.random.Generator) -> list[list[str]]:
    """2..6 tokens taken from a random document: realistic frequencies, stop words included."""
    out = []
    while len(out) < n:
        doc = docs[rng.integers(len(docs))]
        if len(doc) >= 3:
            picks = rng.choice(len(doc), size=min(len(doc), int(rng.integers(2, 7))), replace=False)
            out.append([doc[i] for i in picks])
    return out


def latency(fn: Callable[[list[str]], object], qs: list[list[str]]) -> str:
    times = []
    for q in qs:
        t = time.perf_counter()
        fn(q)
        times.append(time.perf_counter() - t)
    ms = np.array(times) * 1e3
    return f"p50 {np.percentile(ms, 50):8.3f} ms   p99 {np.percentile(ms, 99):8.3f} ms"


def top_k_unique(index: BM25Index, q: list[str], k: int) -> list[tuple[int, float]]:
    """Okapi top_k with the candidates from sort-based np.unique + bincount, no pruning."""
    ids, vals = index._postings(*index._terms(q)[:2])
    if not ids:
        return []
    cand, inverse = np.unique(np.concatenate(ids), return_inverse=True)
    acc = np.bincount(inverse, np.concatenate(vals), len(cand))
    cand, acc = cand[acc > 0], acc[acc > 0]
    return [(int(cand[i]), float(acc[i])) for i in _best(cand, acc, k)]


def top_k_dense(index: BM25Index, q: list[str], k: int) -> list[tuple[int, float]]:
    """Okapi top_k with a dense scratch buffer (bincount) but no pruning by a lower bound."""
    ids, vals = index._postings(*index._terms(q)[:2])
    if not ids:
        return []
    acc = np.bincount(np.concatenate(ids), np.concatenate(vals), index.corpus_size)
    cand = np.flatnonzero(acc > 0)
    return [(int(cand[i]), float(acc[cand[i]])) for i in _best(cand, acc[cand], k)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["synthetic", "bbc"], default="synthetic")
    ap.add_argument("--docs", type=int, default=300_000, help="synthetic size (default 300000)")
    ap.add_argument("--queries", type=int, default=300, help="queries for BM25Index (300)")
    ap.add_argument("--oracle-queries", type=int, default=30, help="queries for rank_bm25 (30)")
    ap.add_argument("--k", type=int, default=10, help="top-k compared (default 10)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    docs = synthetic(args.docs, rng) if args.corpus == "synthetic" else bbc_sentences()
    qs = queries(docs, args.queries, rng)
    oracle_qs = qs[: args.oracle_queries]

    t = time.perf_counter()
    index = BM25Index(docs)
    build = time.perf_counter() - t
    t = time.perf_counter()
    oracle = rank_bm25.BM25Okapi(docs)
    oracle_build = time.perf_counter() - t
    arrays, _ = index.to_arrays()
    postings = len(arrays["doc_ids"])
    print(f"corpus {args.corpus}: {len(docs)} docs, {len(index.vocab)} terms, {postings} postings")
    print(f"arrays {sum(a.nbytes for a in arrays.values()) / 2**20:.1f} MiB")
    print(f"build  BM25Index {build:6.2f} s   rank_bm25.BM25Okapi {oracle_build:6.2f} s")
    touched = [sum(len(i) for i in index._postings(*index._terms(q)[:2])[0]) for q in qs]
    print(f"postings touched per query: p50 {np.median(touched):.0f}, max {max(touched)}")

    k = args.k

    def rank_top(q: list[str]) -> np.ndarray:
        return np.argsort(oracle.get_scores(q))[::-1][:k]

    def ours_top(q: list[str]) -> list[tuple[int, float]]:
        return index.top_k(q, k)

    print(f"BM25Index.top_k(q, {k})         {latency(ours_top, qs)}")
    print(f"BM25Index.get_scores(q)        {latency(index.get_scores, qs)}")
    print(f"rank_bm25 get_scores+argsort   {latency(rank_top, oracle_qs)}  ({len(oracle_qs)} q)")
    print("top_k strategies (same results checked), the first is BM25Index.top_k:")
    for name, fn in [
        ("dense scratch + lower-bound pruning", ours_top),
        ("dense scratch, no pruning", lambda q: top_k_dense(index, q, k)),
        ("np.unique + bincount, no pruning", lambda q: top_k_unique(index, q, k)),
    ]:
        assert all(fn(q) == ours_top(q) for q in qs[:50]), name
        print(f"  {name:36s} {latency(fn, qs)}")

    identical = tie_only = 0
    worst = 0.0
    for q in oracle_qs:
        want = oracle.get_scores(q)
        worst = max(worst, float(np.abs(index.get_scores(q) - want).max()))
        ours = [d for d, _ in index.top_k(q, k)]
        theirs = [int(d) for d in np.argsort(want)[::-1][:k] if want[d] > 0]
        if ours == theirs:
            identical += 1
        elif len(ours) == len(theirs) and np.allclose(want[ours], want[theirs], atol=1e-9):
            tie_only += 1  # same scores, tied documents in another order
    bad = len(oracle_qs) - identical - tie_only
    print(f"top-{k} vs rank_bm25: {identical}/{len(oracle_qs)} identical, {tie_only} differ only "
          f"in the order of tied scores, {bad} different; max |score diff| {worst:.2e}")  # fmt: skip


if __name__ == "__main__":
    main()
