"""The compiled kernels (qa.index.kernels) give the NumPy path's results bit for bit."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa import QA
from qa.index import kernels
from qa.index.bm25 import BM25Index, BM25PlusIndex
from qa.text.tokens import tokenize

pytestmark = pytest.mark.skipif(not kernels.AVAILABLE,
                                reason="numba is not installed (the 'fast' extra)")

SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC = SHARED / "corpus" / "bbc" / "politics"


def numpy_only(fn, *args):
    """``fn(*args)`` with the kernels switched off."""
    kernels.AVAILABLE = False
    try:
        return fn(*args)
    finally:
        kernels.AVAILABLE = True


def accumulators_are_clear() -> bool:
    return all(not a.any() for a in kernels.SCRATCH.arrays.values())


words = st.sampled_from("a b c d e f g h i j".split())
corpora = st.lists(st.lists(words, min_size=0, max_size=12), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(corpora, st.lists(words, min_size=1, max_size=6), st.integers(1, 12), st.booleans())
def test_top_k_equals_the_numpy_path(docs, query, k, weighted) -> None:
    index = BM25Index(docs, variant="lucene")
    asked = {w: 0.25 + i for i, w in enumerate(query)} if weighted else query
    assert index.top_k(asked, k) == numpy_only(index.top_k, asked, k)
    assert accumulators_are_clear()


def test_ties_go_to_the_lower_index_as_in_numpy() -> None:
    docs = [["x", "y"]] * 30 + [["x"]] * 30 + [["z"]] * 60
    index = BM25Index(docs, variant="lucene")
    got = index.top_k(["x", "y"], 35)
    assert got == numpy_only(index.top_k, ["x", "y"], 35)
    assert [d for d, _ in got] == list(range(30)) + list(range(30, 35))


def test_where_the_kernels_do_not_apply_numpy_answers() -> None:
    docs = [["a", "b"], ["b", "c"], ["c"], ["d"]]
    plus = BM25PlusIndex(docs)  # a baseline score for every document: the NumPy path
    assert plus.touched(["a"]) is None
    assert plus.top_k(["a"], 4) == numpy_only(plus.top_k, ["a"], 4)
    okapi = BM25Index(docs)
    assert okapi.touched({"a": 0.0}) is None  # a zero weight: zero would not mean untouched
    assert okapi.touched(["zzz"]) is None


def test_each_thread_has_its_own_accumulator() -> None:
    docs = [[w] * (i % 3 + 1) + ["common"] for i, w in enumerate("abcdefgh" * 50)]
    index = BM25Index(docs)
    expected = {q: numpy_only(index.top_k, [q, "common"], 5) for q in "abcdefgh"}
    failures: list[str] = []

    def ask(q: str) -> None:
        for _ in range(200):
            if index.top_k([q, "common"], 5) != expected[q]:
                failures.append(q)

    threads = [threading.Thread(target=ask, args=(q,)) for q in "abcdefgh"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


@pytest.mark.skipif(not BBC.is_dir(), reason="the shared corpus is not here")
def test_search_equals_the_numpy_path_on_news_questions() -> None:
    engine = QA.from_paths([BBC])
    retriever = engine.retriever
    titles = [engine.corpus.sentence_text(i) for i in range(0, len(engine.corpus), 37)]
    asked = 0
    for text in titles[:150]:
        query = retriever.query(tokenize(text)[:8])
        if not query:
            continue
        asked += 1
        assert retriever.search(query, 10) == numpy_only(retriever.search, query, 10), text
    assert asked > 100 and accumulators_are_clear()
    # sentence scores alone as well: the index's own top_k against get_scores
    index = retriever.sentences
    assert isinstance(index, BM25Index)
    for text in titles[:50]:
        terms = tokenize(text)
        scores = index.get_scores(terms)
        cand = np.flatnonzero(scores > 0)
        order = cand[np.lexsort((cand, -scores[cand]))][:10]
        assert [d for d, _ in index.top_k(terms, 10)] == order.tolist()


#: A skewed vocabulary: "a" in most documents, "j" in few, so that pruning applies.
skewed = st.lists(st.sampled_from("a a a a a a b b b c c d e f g h i j".split()),
                  min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(skewed, min_size=1, max_size=300), st.lists(words, min_size=1, max_size=6),
       st.integers(1, 12), st.booleans())
def test_pruned_top_k_equals_the_numpy_path_on_skewed_corpora(docs, query, k, weighted) -> None:
    index = BM25Index(docs, variant="lucene")
    asked = {w: 0.25 + i for i, w in enumerate(query)} if weighted else query
    assert index.top_k(asked, k) == numpy_only(index.top_k, asked, k)
    assert accumulators_are_clear()


def test_pruning_skips_the_postings_of_a_term_that_cannot_change_the_list() -> None:
    # "rare" in 3 documents, "common" in all 2,000: the best 2 are settled by "rare"
    docs = [["common", "filler"] + (["rare", "rare"] if i % 700 == 0 else []) for i in range(2000)]
    index = BM25Index(docs, variant="lucene")
    terms, coefs, base = index._terms(["rare", "common"])
    ids, weights, acc, touched = index._kernel_terms(terms, coefs, base)
    best_ids, best_scores = np.empty(2, dtype=np.int64), np.empty(2, dtype=np.float64)
    read = np.zeros(1, dtype=np.int64)
    size = kernels.best_pruned(index._indptr, index._doc_ids, index._weights, ids, weights,
                               index._high, 2, acc, touched, best_ids, best_scores, read)
    assert read[0] == 3  # the postings of "rare" only
    got = list(zip(best_ids[:size].tolist(), best_scores[:size].tolist()))
    assert got == numpy_only(index.top_k, ["rare", "common"], 2) == index.top_k(["rare", "common"], 2)
    assert [d for d, _ in got] == [0, 700]
    assert accumulators_are_clear()
