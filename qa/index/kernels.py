"""Compiled scoring loops for the BM25 indexes, when numba is installed (the ``fast`` extra).

NumPy scores a query with whole-corpus arrays: ``np.bincount`` over the query's postings
into a dense array of every document, then a scan of that array for the best ``k``. At a
million sentences those dense passes, not the postings, are most of the time. The loops
here visit only the postings: term by term they add each posting's contribution into a
per-thread accumulator, remember which documents they touched, pick the best ``k`` among
those, and clear what they touched, so a query costs its postings and nothing per
document of the corpus.

:func:`best_pruned` (behind :meth:`qa.index.bm25.BM25Index.top_k`) goes further: it reads
the terms in order of the most each can add and stops walking postings once the rest
cannot bring an unseen document into the list (MaxScore); the documents already seen get
the remaining terms' weights by binary search. On SQuAD questions over 1M news sentences
that walks about two thirds of the postings.

They are exact: a document's score is ``0.0 + c1 * w1 + c2 * w2 ...`` in query-term order,
the same float64 operations in the same order as ``np.bincount`` in
:meth:`qa.index.bm25.BM25Index.get_scores` (numba does not fuse or reorder them without
``fastmath``), so the best ``k`` and their scores are bit-identical to the NumPy path, and
``tests/test_kernels.py`` checks that on every query.

Without numba (a plain ``pip install``), or with ``QA_KERNELS=numpy``, :data:`AVAILABLE`
is False and the indexes use NumPy alone. Compiled code is cached on disk by numba
(``cache=True``), so only the first start after an install compiles (about a second).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

__all__ = ["AVAILABLE", "SCRATCH", "SLACK", "Scratch", "accumulate", "best", "best_combined",
           "best_pruned", "bounds", "clear", "peak"]

_F64 = np.float64

try:  # the optional accelerator; everything works without it
    if os.environ.get("QA_KERNELS", "").strip().lower() == "numpy":
        raise ImportError("QA_KERNELS=numpy")
    from numba import njit
except ImportError:  # pragma: no cover - exercised by the install without the extra
    AVAILABLE = False

    def njit(*_args: Any, **_kwargs: Any) -> Any:  # type: ignore[no-redef]
        """Leave the functions as plain Python (never called: AVAILABLE is False)."""
        return lambda fn: fn
else:
    AVAILABLE = True


@njit(cache=True, nogil=True)
def accumulate(indptr: np.ndarray, doc_ids: np.ndarray, weights: np.ndarray,
               terms: np.ndarray, coefs: np.ndarray, acc: np.ndarray,
               touched: np.ndarray) -> int:  # pragma: no cover - compiled
    """Add ``coefs[i] * weights[p]`` into ``acc[doc_ids[p]]`` for every posting ``p`` of
    ``terms[i]``, in term order; the documents touched first go to ``touched`` (its
    length must be at least the postings' count). Returns how many were touched.
    Every contribution must be positive, so that ``acc[d] == 0`` means untouched."""
    n = 0
    for i in range(len(terms)):
        n = _add(indptr, doc_ids, weights, terms[i], coefs[i], acc, touched, n)
    return n


@njit(cache=True, nogil=True)
def _add(indptr: np.ndarray, doc_ids: np.ndarray, weights: np.ndarray, t: int, c: float,
         acc: np.ndarray, touched: np.ndarray, n: int) -> int:  # pragma: no cover - compiled
    """Add term ``t``'s postings times ``c`` into ``acc``; the new count of touched."""
    for p in range(indptr[t], indptr[t + 1]):
        d = doc_ids[p]
        if acc[d] == 0.0:
            touched[n] = d
            n += 1
        acc[d] = acc[d] + c * weights[p]
    return n


@njit(cache=True, nogil=True)
def _insert(best_ids: np.ndarray, best_scores: np.ndarray, size: int, k: int,
            doc: int, score: float) -> int:  # pragma: no cover - compiled
    """Insert ``(doc, score)`` into the best list kept sorted by (score desc, doc asc)."""
    if size == k:
        last = size - 1
        if score < best_scores[last] or (score == best_scores[last] and doc > best_ids[last]):
            return size
        size -= 1
    j = size
    while j > 0 and (best_scores[j - 1] < score
                     or (best_scores[j - 1] == score and best_ids[j - 1] > doc)):
        best_ids[j] = best_ids[j - 1]
        best_scores[j] = best_scores[j - 1]
        j -= 1
    best_ids[j] = doc
    best_scores[j] = score
    return size + 1


@njit(cache=True, nogil=True)
def best(acc: np.ndarray, touched: np.ndarray, n: int, k: int,
         best_ids: np.ndarray, best_scores: np.ndarray) -> int:  # pragma: no cover - compiled
    """The ``k`` best touched documents by (score desc, doc asc) into ``best_*``; their
    count. Clears ``acc`` of what was touched."""
    size = 0
    for i in range(n):
        d = touched[i]
        size = _insert(best_ids, best_scores, size, k, d, acc[d])
        acc[d] = 0.0
    return size


@njit(cache=True, nogil=True)
def best_combined(acc: np.ndarray, touched: np.ndarray, n: int, context: np.ndarray,
                  parent: np.ndarray, weight: float, context_max: float, k: int,
                  best_ids: np.ndarray, best_scores: np.ndarray) -> int:  # pragma: no cover
    """Like :func:`best` with each score ``acc[d] + weight * context[parent[d]]`` (a
    sentence's own score plus its weighted paragraph score). Clears ``acc``.

    Pruned and still exact: the best ``k`` by own score alone give a lower bound of the
    ``k``-th best combined score; a document whose own score plus ``weight *
    context_max`` (``context_max`` at least every ``context`` value) falls below it
    cannot make the list, and its paragraph is never read. Rounding is monotonic, so
    the bound computed is never below the score computed."""
    theta = -np.inf
    if n >= k:
        first_ids = np.empty(k, dtype=np.int64)
        first_scores = np.empty(k, dtype=np.float64)
        size = 0
        for i in range(n):
            d = touched[i]
            size = _insert(first_ids, first_scores, size, k, d, acc[d])
        theta = np.inf
        for i in range(size):
            d = first_ids[i]
            theta = min(theta, acc[d] + weight * context[parent[d]])
    size = 0
    for i in range(n):
        d = touched[i]
        own = acc[d]
        acc[d] = 0.0
        if own + weight * context_max < theta:
            continue
        size = _insert(best_ids, best_scores, size, k, d, own + weight * context[parent[d]])
    return size


#: Relative slack of the pruning bounds: the bounds are sums in another order than the
#: scores, so they may round the other way; nothing within this margin is pruned.
SLACK = 1e-9


@njit(cache=True, nogil=True)
def bounds(indptr: np.ndarray, weights: np.ndarray, terms: np.ndarray, low: np.ndarray,
           high: np.ndarray) -> None:  # pragma: no cover - compiled
    """The least and largest posting weight of each of ``terms`` into ``low``/``high``
    (indexed by term), where not known yet (``high`` is NaN)."""
    for i in range(len(terms)):
        t = terms[i]
        if not np.isnan(high[t]):
            continue
        lo, hi = np.inf, -np.inf
        for p in range(indptr[t], indptr[t + 1]):
            lo = min(lo, weights[p])
            hi = max(hi, weights[p])
        low[t] = lo
        high[t] = hi


@njit(cache=True, nogil=True)
def _weight_of(doc_ids: np.ndarray, weights: np.ndarray, lo: int, hi: int,
               doc: int) -> float:  # pragma: no cover - compiled
    """The weight of ``doc`` in the postings ``lo:hi`` (sorted by document), or 0.0."""
    end = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if doc_ids[mid] < doc:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and doc_ids[lo] == doc:
        return weights[lo]
    return 0.0


@njit(cache=True, nogil=True)
def best_pruned(indptr: np.ndarray, doc_ids: np.ndarray, weights: np.ndarray,
                terms: np.ndarray, coefs: np.ndarray, high: np.ndarray, k: int,
                acc: np.ndarray, touched: np.ndarray, best_ids: np.ndarray,
                best_scores: np.ndarray, read: np.ndarray) -> int:  # pragma: no cover
    """The ``k`` best documents by (score desc, doc asc), as :func:`accumulate` then
    :func:`best` find them, without reading every posting of the common terms (MaxScore,
    term at a time). Returns their count; clears ``acc``.

    The terms are read in order of their largest contribution (``coefs[i] *
    high[terms[i]]``), most first. Once the contributions still to come add up to less
    than the ``k``-th best score so far, no document unseen can reach the list: the rest
    of the terms' postings are not walked. The documents seen that could still reach it
    (when every term was read, those within rounding of the ``k``-th) are scored again,
    each term's weight found by binary search and added in query-term order from 0.0,
    the same float64 operations as the other paths, so the result is bit-identical to
    them. Postings must be sorted by document. ``read[0]`` (an array of one) is set to
    how many postings were walked."""
    m = len(terms)
    gain = np.empty(m, dtype=np.float64)
    for i in range(m):
        gain[i] = coefs[i] * high[terms[i]]
    order = np.argsort(-gain, kind="mergesort")
    rest = np.zeros(m + 1, dtype=np.float64)  # rest[j]: most the terms order[j:] add
    for j in range(m - 1, -1, -1):
        rest[j] = rest[j + 1] + gain[order[j]]
    n = 0
    walked = 0
    essential = m
    for j in range(m):
        t = terms[order[j]]
        n = _add(indptr, doc_ids, weights, t, coefs[order[j]], acc, touched, n)
        walked += indptr[t + 1] - indptr[t]
        if j + 1 < m and n >= k and (
                rest[j + 1] * (1 + SLACK) < _kth(acc, touched, n, k) * (1 - SLACK)):
            essential = j + 1
            break
    if n == 0:
        read[0] = walked
        return 0
    # the documents seen that might still make the list get the other terms' weights by
    # binary search (or a walk, where that reads less), not the whole postings
    keep = _prune(acc, touched, n, k, rest[essential])
    for j in range(essential, m):
        i = order[j]
        t = terms[i]
        c = coefs[i]
        lo, hi = indptr[t], indptr[t + 1]
        if keep * np.log2(hi - lo + 1) < hi - lo:
            for x in range(keep):
                d = touched[x]
                w = _weight_of(doc_ids, weights, lo, hi, d)
                if w != 0.0:
                    acc[d] = acc[d] + c * w
        else:
            walked += hi - lo
            for p in range(lo, hi):
                d = doc_ids[p]
                if acc[d] != 0.0:
                    acc[d] = acc[d] + c * weights[p]
        if j + 1 < m:  # the scores grew, what is still to come shrank
            keep = _prune(acc, touched, keep, k, rest[j + 1])
    read[0] = walked
    # every survivor now has its whole score, summed in another order: those within
    # rounding of the k-th are scored again in query-term order, as the other paths do
    theta = _kth(acc, touched, keep, k) * (1 - 2 * SLACK) if keep >= k else 0.0
    size = 0
    for x in range(keep):
        d = touched[x]
        approx = acc[d]
        acc[d] = 0.0
        if approx < theta:
            continue
        score = 0.0
        for i in range(m):
            t = terms[i]
            w = _weight_of(doc_ids, weights, indptr[t], indptr[t + 1], d)
            if w != 0.0:
                score = score + coefs[i] * w
        size = _insert(best_ids, best_scores, size, k, d, score)
    return size


@njit(cache=True, nogil=True)
def _prune(acc: np.ndarray, touched: np.ndarray, n: int, k: int,
           rest: float) -> int:  # pragma: no cover - compiled
    """Keep at the front of ``touched`` the documents whose score plus ``rest`` (the most
    still to come) may reach the ``k``-th best; clear the others from ``acc``. Returns how
    many were kept."""
    if n <= k:
        return n
    theta = _kth(acc, touched, n, k) * (1 - SLACK)
    reach = rest * (1 + SLACK)
    keep = 0
    for x in range(n):
        d = touched[x]
        if acc[d] * (1 + SLACK) + reach < theta:
            acc[d] = 0.0
        else:
            touched[keep] = d
            keep += 1
    return keep


@njit(cache=True, nogil=True)
def _kth(acc: np.ndarray, touched: np.ndarray, n: int, k: int) -> float:  # pragma: no cover
    """The ``k``-th largest of the touched values (``n >= k``)."""
    ids = np.empty(k, dtype=np.int64)
    scores = np.empty(k, dtype=np.float64)
    size = 0
    for x in range(n):
        size = _insert(ids, scores, size, k, touched[x], acc[touched[x]])
    return scores[size - 1]


@njit(cache=True, nogil=True)
def peak(acc: np.ndarray, touched: np.ndarray, n: int) -> float:  # pragma: no cover
    """The largest touched value (0.0 when none is)."""
    top = 0.0
    for i in range(n):
        top = max(top, acc[touched[i]])
    return top


@njit(cache=True, nogil=True)
def clear(acc: np.ndarray, touched: np.ndarray, n: int) -> None:  # pragma: no cover
    """Zero ``acc`` where it was touched."""
    for i in range(n):
        acc[touched[i]] = 0.0


class Scratch(threading.local):
    """One zeroed accumulator per thread and corpus size, reused by every query (the
    kernels leave it zeroed again)."""

    def __init__(self) -> None:
        self.arrays: dict[tuple[int, int], np.ndarray] = {}

    def accumulator(self, size: int, slot: int = 0) -> np.ndarray:
        """The zeroed accumulator of ``size`` documents; ``slot`` tells apart two in use
        at once (a sentence index and a paragraph index)."""
        acc = self.arrays.get((size, slot))
        if acc is None:
            acc = self.arrays[(size, slot)] = np.zeros(size, dtype=_F64)
        return acc


#: The accumulators of this process, one set per thread.
SCRATCH = Scratch()
