"""BM25 on a sparse inverted index: a drop-in for ``rank_bm25`` that scores only postings.

``BM25Index(corpus, tokenizer=None, k1=1.5, b=0.75, epsilon=0.25)`` takes the arguments of
``rank_bm25.BM25Okapi`` and returns the same ``get_scores`` / ``get_batch_scores`` /
``get_top_n`` results (to 1e-9; the Okapi idf and term weights are computed with the same
floating-point expressions). ``BM25LIndex`` and ``BM25PlusIndex`` do the same for
``rank_bm25.BM25L`` and ``rank_bm25.BM25Plus``. On top of that: ``top_k`` (exact, never
scores the whole corpus), ``explain`` (per-term contributions) and ``to_arrays`` /
``from_arrays`` (plain arrays + a JSON-able params dict, ready for ``np.save`` and mmap).

Layout (term-major, CSC-style; V terms, N documents, P postings)::

    vocab          dict[str, int]   term -> term id, in order of first occurrence
    indptr         int64[V + 1]     postings of term t are [indptr[t], indptr[t + 1])
    doc_ids        int32[P]         document index of each posting, ascending within a term
    tf             int32[P]         raw term frequency of each posting
    weights        float64[P]       precomputed tf weight of each posting (before idf)
    idf            float64[V]       idf by term id (Okapi: already floored)
    doc_len        int32[N]         document lengths in tokens

The score of document d for a query is ``sum over query tokens t of idf[t] * w(t, d)`` where
``w(t, d)`` is ``absent + weights[posting]`` if d contains t and ``absent`` otherwise.
``absent`` (the weight a document lacking the term still gets) is 0 for Okapi and BM25L and
``delta`` for BM25+, so a query costs a baseline constant plus a sum over its postings.

Ties: ``top_k`` and ``get_top_n`` order by score descending, then document index ascending.
(``rank_bm25`` uses ``np.argsort(scores)[::-1]``, whose order among equal scores is
unspecified; wherever scores differ the orders agree.)

Deliberate differences from ``rank_bm25`` 0.2.2: an empty corpus raises ``ValueError``
(rank_bm25: ZeroDivisionError); a corpus of only empty documents scores 0 everywhere
(rank_bm25: ZeroDivisionError or NaN); with ``b == 1`` an empty document gets the absent
weight (rank_bm25: NaN from 0/0); the tokenizer runs in-process (rank_bm25: a process pool).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import index as as_int
from typing import Any, ClassVar, Self, TypeVar

import numpy as np

from qa.index import kernels

__all__ = ["FORMAT_VERSION", "VARIANTS", "BM25Index", "BM25LIndex", "BM25PlusIndex", "Variant"]

FORMAT_VERSION = 1
_T = TypeVar("_T")
_F64 = np.float64
#: Turns one document of the corpus into its tokens (rank_bm25's ``tokenizer``).
Tokenizer = Callable[[Any], Sequence[str]]
#: A query: its terms (repeats count), or each term with its weight.
Query = Iterable[str] | Mapping[str, float]


def _log(x: np.ndarray) -> np.ndarray:
    """``math.log`` elementwise (numpy's log may differ by an ulp); one call per distinct value."""
    if x.size == 1:  # a single term's idf (a changing index computes them one at a time)
        return np.array([math.log(float(x.reshape(-1)[0]))], dtype=_F64).reshape(x.shape)
    values, inverse = np.unique(x, return_inverse=True)
    return np.array([math.log(v) for v in values.tolist()], dtype=_F64)[inverse]


# --- One function pair per variant: idf(df, N) and tf weight per posting -------------------
# The tf weights return (weights of postings, weight of a document lacking the term).


def idf_robertson(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Robertson/Sparck Jones idf ``log((N - df + 0.5) / (df + 0.5))``; negative when a term
    is in over half the documents (Robertson, Walker et al., "Okapi at TREC-3", 1994; as in
    Trotman, Puurula, Burgess 2014, "Improvements to BM25 and Language Models Examined")."""
    return _log(n_docs - df + 0.5) - _log(df + 0.5)


def idf_lucene(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Lucene's idf ``log(1 + (N - df + 0.5) / (df + 0.5))`` (Apache Lucene
    ``BM25Similarity``; Kamphuis, de Vries, Boytsov, Lin, "Which BM25 Do You Mean?", ECIR
    2020): the Robertson idf kept positive, so a term in most documents still counts a little
    and a one-document corpus still matches. With it the epsilon floor never applies."""
    return _log(1 + (n_docs - df + 0.5) / (df + 0.5))


def tf_robertson(
    tf: np.ndarray, dl: np.ndarray, avgdl: float, k1: float, b: float, delta: float
) -> tuple[np.ndarray, float]:
    """Okapi BM25 ``tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`` (Robertson et al. 1994)."""
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)), 0.0


def idf_bm25l(df: np.ndarray, n_docs: int) -> np.ndarray:
    """BM25L idf ``log((N + 1) / (df + 0.5))`` (Lv & Zhai, "When documents are very long,
    BM25 fails!", SIGIR 2011; Trotman et al. 2014), always positive."""
    return math.log(n_docs + 1) - _log(df + 0.5)


def tf_bm25l(
    tf: np.ndarray, dl: np.ndarray, avgdl: float, k1: float, b: float, delta: float
) -> tuple[np.ndarray, float]:
    """BM25L ``(k1 + 1)(c + delta) / (k1 + c + delta)``, ``c = tf / (1 - b + b dl / avgdl)``
    (Lv & Zhai 2011). rank_bm25 additionally multiplies by ``tf``; we follow it. A document
    lacking the term gets 0, so BM25L stays sparse."""
    ctd = tf / (1 - b + b * dl / avgdl)
    return tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta), 0.0


def idf_bm25plus(df: np.ndarray, n_docs: int) -> np.ndarray:
    """BM25+ idf ``log((N + 1) / df)`` (Lv & Zhai, "Lower-bounding term frequency
    normalization", CIKM 2011; Trotman et al. 2014), always positive."""
    return _log((n_docs + 1) / df.astype(_F64))


def tf_bm25plus(
    tf: np.ndarray, dl: np.ndarray, avgdl: float, k1: float, b: float, delta: float
) -> tuple[np.ndarray, float]:
    """BM25+ ``delta + tf (k1 + 1) / (k1 (1 - b + b dl / avgdl) + tf)`` (Lv & Zhai 2011):
    every document gets ``delta`` for a query term it lacks; postings store the excess."""
    return tf * (k1 + 1) / (k1 * (1 - b + b * dl / avgdl) + tf), float(delta)


@dataclass(frozen=True)
class Variant:
    """A BM25 variant: its idf function and its per-posting tf weight function."""

    idf: Callable[[np.ndarray, int], np.ndarray]
    tf_weight: Callable[..., tuple[np.ndarray, float]]
    default_delta: float | None  # None: the variant has no delta (Okapi has epsilon instead)


VARIANTS: dict[str, Variant] = {
    "okapi": Variant(idf_robertson, tf_robertson, None),  # rank_bm25.BM25Okapi
    "bm25l": Variant(idf_bm25l, tf_bm25l, 0.5),  # rank_bm25.BM25L
    "bm25plus": Variant(idf_bm25plus, tf_bm25plus, 1.0),  # rank_bm25.BM25Plus
    "lucene": Variant(idf_lucene, tf_robertson, None),  # Okapi tf with Lucene's positive idf
}

_ARRAYS = {  # name -> dtype of the persisted state
    "indptr": np.int64, "doc_ids": np.int32, "tf": np.int32, "weights": _F64,
    "idf": _F64, "doc_len": np.int32, "vocab_utf8": np.uint8, "vocab_offsets": np.int64,
}  # fmt: skip


def _best(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best entries by (score desc, id asc); ``ids`` must be ascending.

    ``argpartition`` finds the k-th best score; every entry at least that good is kept (so
    ties across the cut are all seen) and only those are sorted, stably, i.e. by id."""
    n = len(scores)
    if k <= 0 or n == 0:
        return np.empty(0, dtype=np.int64)
    if n > k:
        kth = scores[np.argpartition(scores, n - k)[n - k]]  # the k-th best score
        pos = np.flatnonzero(scores >= kth)  # the k best, plus any tied with the k-th
    else:
        pos = np.arange(n)
    return pos[np.argsort(-scores[pos], kind="stable")[:k]]


def _smallest_missing(excluded: np.ndarray, n_docs: int, count: int) -> np.ndarray:
    """The ``count`` smallest indices in ``[0, n_docs)`` not in the ascending ``excluded``."""
    r = np.arange(min(n_docs, count + len(excluded)), dtype=np.int64)
    if len(excluded):
        at = np.searchsorted(excluded, r)
        hit = at < len(excluded)
        hit[hit] = excluded[at[hit]] == r[hit]
        r = r[~hit]
    return r[:count]


class BM25Index:
    """Immutable BM25 index over a tokenized corpus; Okapi by default (``rank_bm25.BM25Okapi``).

    ``variant`` is one of ``VARIANTS`` ("okapi", "bm25l", "bm25plus", "lucene"); ``epsilon`` is used by
    Okapi only (negative idfs become ``epsilon * average_idf``), ``delta`` by the others
    (default 0.5 for BM25L, 1.0 for BM25+). ``BM25LIndex``/``BM25PlusIndex`` pin the variant.
    """

    _pinned: ClassVar[str | None] = None  # subclasses pin a variant

    def __init__(
        self,
        corpus: Iterable[Any],
        tokenizer: Callable[[Any], Sequence[str]] | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        *,
        variant: str = "okapi",
        delta: float | None = None,
    ) -> None:
        params = _make_params(type(self)._pinned or variant, k1, b, epsilon, delta)
        docs = list(map(tokenizer, corpus)) if tokenizer is not None else list(corpus)
        if not docs:
            raise ValueError("BM25Index needs at least one document; the corpus is empty")
        self._index(params, *_invert(docs))

    @classmethod
    def from_postings(
        cls,
        vocab: dict[str, int],
        indptr: np.ndarray,
        doc_ids: np.ndarray,
        tf: np.ndarray,
        doc_len: np.ndarray,
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        variant: str = "okapi",
        delta: float | None = None,
    ) -> Self:
        """The index of an already inverted corpus (the layout of the module docstring,
        without weights and idf): what merging segments of a growing index produces. The
        result equals ``BM25Index`` built from the same documents' tokens."""
        obj = cls.__new__(cls)
        params = _make_params(cls._pinned or variant, k1, b, epsilon, delta)
        if len(doc_len) == 0:
            raise ValueError("BM25Index needs at least one document; the corpus is empty")
        obj._index(params, vocab, np.asarray(indptr, dtype=np.int64),
                   np.asarray(doc_ids, dtype=np.int32), np.asarray(tf, dtype=np.int32),
                   np.asarray(doc_len, dtype=np.int32))
        return obj

    def _index(self, params: dict[str, Any], vocab: dict[str, int], indptr: np.ndarray,
               doc_ids: np.ndarray, tf: np.ndarray, doc_len: np.ndarray) -> None:
        """Idf and posting weights of an inverted corpus, then the state."""
        spec = VARIANTS[params["variant"]]
        okapi = spec.default_delta is None
        n_docs = len(doc_len)
        avgdl = int(doc_len.sum(dtype=np.int64)) / n_docs
        raw_idf = spec.idf(np.diff(indptr), n_docs)
        average_idf = math.fsum(raw_idf.tolist()) / len(raw_idf) if len(raw_idf) else 0.0
        idf = raw_idf
        if okapi:  # rank_bm25 floors negative idf at epsilon * average_idf
            idf = np.where(raw_idf < 0, params["epsilon"] * average_idf, raw_idf)
        dl = doc_len[doc_ids].astype(_F64)
        weights, absent = spec.tf_weight(
            tf.astype(_F64), dl, avgdl, params["k1"], params["b"], params["delta"] or 0.0
        )
        params.update(corpus_size=n_docs, avgdl=avgdl, average_idf=average_idf, absent=absent)
        arrays = {"indptr": indptr, "doc_ids": doc_ids, "tf": tf, "weights": weights,
                  "idf": idf, "doc_len": doc_len}  # fmt: skip
        self._set_state(arrays, params, vocab)

    def with_statistics(self, df: np.ndarray, n_docs: int, length: int) -> Self:
        """The same postings weighted with the statistics of a larger collection these
        rows are part of: ``df`` the document frequency of each term of :attr:`vocab` (in
        term id order) there, ``n_docs`` its documents and ``length`` their total length.

        Every weight and idf is the expression :meth:`_index` evaluates, on the numbers an
        index of the whole collection holds for these rows, so each row scores exactly as
        it does there (a shard of :mod:`qa.shards`). Okapi is refused: its idf floor is an
        average over every term of the collection."""
        spec = VARIANTS[self.variant]
        if self.variant == "okapi":
            raise ValueError("okapi's idf floor depends on every term of the collection: "
                             "use lucene, bm25l or bm25plus")
        df = np.asarray(df, dtype=np.int64)
        if len(df) != len(self.vocab) or n_docs < self.corpus_size:
            raise ValueError(f"statistics of {len(df)} terms and {n_docs} documents do not "
                             f"cover this index ({len(self.vocab)} terms, "
                             f"{self.corpus_size} documents)")
        avgdl = length / n_docs
        idf = spec.idf(df, n_docs)
        dl = self._doc_len[self._doc_ids].astype(_F64)
        weights, absent = spec.tf_weight(self._tf.astype(_F64), dl, avgdl, self.k1, self.b,
                                         self.delta or 0.0)
        params = {**self.params, "avgdl": avgdl, "absent": absent, "collection_size": n_docs,
                  "average_idf": math.fsum(idf.tolist()) / len(idf) if len(idf) else 0.0}
        arrays = {"indptr": self._indptr, "doc_ids": self._doc_ids, "tf": self._tf,
                  "weights": weights, "idf": idf, "doc_len": self._doc_len}
        obj = type(self).__new__(type(self))
        obj._set_state(arrays, params, self.vocab)
        return obj

    # --- state and persistence ---------------------------------------------------------

    def _set_state(
        self, arrays: dict[str, np.ndarray], params: dict[str, Any], vocab: dict[str, int]
    ) -> None:
        def frozen(name: str) -> np.ndarray:
            view = np.asarray(arrays[name], dtype=_ARRAYS[name]).view()  # no copy if dtype fits
            view.flags.writeable = False
            return view

        self._indptr = frozen("indptr")
        self._doc_ids = frozen("doc_ids")
        self._tf = frozen("tf")
        self._weights = frozen("weights")
        self._idf = frozen("idf")
        self._doc_len = frozen("doc_len")
        self.vocab: dict[str, int] = vocab
        self.params: dict[str, Any] = dict(params)
        self.variant: str = params["variant"]
        self.k1: float = params["k1"]
        self.b: float = params["b"]
        self.epsilon: float | None = params["epsilon"]
        self.delta: float | None = params["delta"]
        self.corpus_size: int = params["corpus_size"]
        self.avgdl: float = params["avgdl"]
        self.average_idf: float = params["average_idf"]
        self._absent: float = params["absent"]

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The whole state as plain arrays (``np.save(allow_pickle=False)``-safe) and a
        JSON-serialisable params dict; the vocabulary is UTF-8 bytes plus offsets."""
        encoded = [term.encode("utf-8") for term in self.vocab]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        arrays = {n: getattr(self, "_" + n) for n in _ARRAYS if not n.startswith("vocab")}
        arrays["vocab_utf8"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        arrays["vocab_offsets"] = offsets
        return arrays, dict(self.params)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], params: dict[str, Any]) -> Self:
        """Rebuild an index from ``to_arrays()`` output (arrays may be memory-mapped)."""
        missing = sorted(set(_ARRAYS) - set(arrays))
        if missing:
            raise ValueError(f"BM25 arrays are missing {missing}")
        if params.get("format_version") != FORMAT_VERSION:
            raise ValueError(
                f"unsupported BM25 format_version {params.get('format_version')!r}; "
                f"this code reads version {FORMAT_VERSION}"
            )
        if cls._pinned is not None and params.get("variant") != cls._pinned:
            raise ValueError(
                f"{cls.__name__} needs variant {cls._pinned!r}, got {params.get('variant')!r}"
            )
        _check_params(params)
        raw = np.asarray(arrays["vocab_utf8"], dtype=np.uint8).tobytes()
        offs = np.asarray(arrays["vocab_offsets"], dtype=np.int64).tolist()
        vocab = {raw[offs[i] : offs[i + 1]].decode("utf-8"): i for i in range(len(offs) - 1)}
        n_terms, n_post = len(vocab), len(arrays["doc_ids"])
        indptr = arrays["indptr"]
        if (len(indptr) != n_terms + 1 or len(arrays["idf"]) != n_terms or indptr[-1] != n_post
                or len(arrays["tf"]) != n_post or len(arrays["weights"]) != n_post
                or len(arrays["doc_len"]) != params["corpus_size"]):  # fmt: skip
            raise ValueError("BM25 arrays have inconsistent lengths; were they saved together?")
        obj = cls.__new__(cls)
        obj._set_state(arrays, params, vocab)
        return obj

    def inverted(self) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The raw postings: ``vocab, indptr, doc_ids, tf, doc_len`` (read-only views), what
        :meth:`from_postings` takes and what does not depend on the rest of the corpus."""
        return self.vocab, self._indptr, self._doc_ids, self._tf, self._doc_len

    # --- rank_bm25 compatible attributes -------------------------------------------------

    @property
    def doc_len(self) -> np.ndarray:
        """Document lengths in tokens (int32, read-only)."""
        return self._doc_len

    @cached_property
    def idf(self) -> dict[str, float]:
        """Term -> idf as used in scoring (built on first access from the idf array)."""
        return dict(zip(self.vocab, self._idf.tolist()))

    @cached_property
    def doc_freqs(self) -> list[dict[str, int]]:
        """rank_bm25's per-document ``{term: tf}`` dicts, built on first access (costly)."""
        out: list[dict[str, int]] = [{} for _ in range(self.corpus_size)]
        indptr, doc_ids, tf = self._indptr.tolist(), self._doc_ids.tolist(), self._tf.tolist()
        for t, term in enumerate(self.vocab):
            for p in range(indptr[t], indptr[t + 1]):
                out[doc_ids[p]][term] = tf[p]
        return out

    # --- scoring -----------------------------------------------------------------------

    def _terms(self, query: Query) -> tuple[list[int], list[float], float]:
        """Known query terms (first-occurrence order), ``count * idf`` each, and the baseline
        score of a document containing none of them. A mapping ``{term: weight}`` gives
        each term's count as a weight (an expanded term may count less than one)."""
        counts: dict[int, float] = {}
        pairs = query.items() if isinstance(query, Mapping) else ((tok, 1) for tok in query)
        for token, weight in pairs:
            t = self.vocab.get(token)
            if t is not None:
                counts[t] = counts.get(t, 0) + weight
        terms = list(counts)
        coefs = [m * float(self._idf[t]) for t, m in counts.items()]
        base = 0.0
        if self._absent:
            for c in coefs:
                base += c * self._absent
        return terms, coefs, base

    def _postings(
        self, terms: list[int], coefs: list[float]
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per query term: its postings' document ids and their contributions."""
        ids, vals = [], []
        for t, c in zip(terms, coefs):
            lo, hi = self._indptr[t], self._indptr[t + 1]
            ids.append(self._doc_ids[lo:hi])
            vals.append(c * self._weights[lo:hi])
        return ids, vals

    def get_scores(self, query: Query) -> np.ndarray:
        """Scores of every document (float64[N]); only the query's postings are visited."""
        terms, coefs, base = self._terms(query)
        ids, vals = self._postings(terms, coefs)
        if not ids:
            return np.zeros(self.corpus_size, dtype=_F64)
        # bincount adds in input order: per document 0 + c1 + c2 ..., exactly as in top_k
        flat, weights = np.concatenate(ids), np.concatenate(vals)
        scores = np.bincount(flat, weights, self.corpus_size).astype(_F64, copy=False)
        if base:
            scores += base
        return scores

    def get_batch_scores(self, query: Query, doc_ids: Sequence[int]) -> list[float]:
        """Scores of the given documents only (binary search in each term's postings)."""
        ids = np.asarray(doc_ids, dtype=np.int64).reshape(-1)
        assert bool(np.all(ids < self.corpus_size)), "doc_ids out of range of the index corpus"
        ids = np.where(ids < 0, ids + self.corpus_size, ids)
        if np.any(ids < 0):
            raise IndexError(f"doc_ids below -{self.corpus_size}: {ids[ids < 0].tolist()!r}")
        terms, coefs, base = self._terms(query)
        scores = np.zeros(len(ids), dtype=_F64)
        for t, c in zip(terms, coefs):
            lo, hi = self._indptr[t], self._indptr[t + 1]
            postings = self._doc_ids[lo:hi]
            at = np.searchsorted(postings, ids)
            hit = at < len(postings)
            hit[hit] = postings[at[hit]] == ids[hit]
            scores[hit] += c * self._weights[lo + at[hit]]
        if base:
            scores += base
        return scores.tolist()

    def _candidates(
        self, terms: list[int], coefs: list[float], base: float, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Documents that may rank in the top ``k`` (ascending) and their scores.

        These are the documents touching a query term. Without a baseline (Okapi, BM25L) the
        score is the posting sum itself, so only documents scoring at least a lower bound of
        the k-th best score are kept: the k-th best among the rarest term's documents. That
        prunes a stop word's long postings before the partial sort, and stays exact."""
        ids, vals = self._postings(terms, coefs)
        if len(ids) <= 1:  # one posting list: already ascending and unique
            cand = ids[0] if ids else np.empty(0, dtype=np.int32)
            acc = vals[0] if vals else np.empty(0, dtype=_F64)
            return cand, acc + base if base else acc
        # dense scratch buffer: measured ~3x faster than np.unique on long postings (bench/)
        flat = np.concatenate(ids)
        acc = np.bincount(flat, np.concatenate(vals), self.corpus_size)
        if base:
            touched = np.zeros(self.corpus_size, dtype=np.bool_)
            touched[flat] = True
            cand = np.flatnonzero(touched)
            return cand, acc[cand] + base
        rare = acc[min(ids, key=len)]
        bound = rare[np.argpartition(rare, len(rare) - k)[len(rare) - k]] if len(rare) >= k else 0
        cand = np.flatnonzero(acc >= bound if bound > 0 else acc > 0)
        return cand, acc[cand]

    def touched(self, query: Query, slot: int = 0) -> tuple[np.ndarray, np.ndarray, int] | None:
        """With the compiled kernels (:mod:`qa.index.kernels`): the query's scores summed
        into this thread's accumulator, as ``(accumulator, touched documents, count)``;
        the caller must clear the accumulator (``kernels.best``/``clear``). None where the
        kernels do not apply: not installed, a baseline score (BM25+), or a contribution
        that is not positive (so that zero means untouched)."""
        if not kernels.AVAILABLE:
            return None
        return self._accumulated(*self._terms(query), slot)

    def _accumulated(self, terms: list[int], coefs: list[float], base: float,
                     slot: int) -> tuple[np.ndarray, np.ndarray, int] | None:
        """:meth:`touched` for terms already looked up by :meth:`_terms`."""
        checked = self._kernel_terms(terms, coefs, base)
        if checked is None:
            return None
        ids, weights, acc, touched = checked
        n = kernels.accumulate(self._indptr, self._doc_ids, self._weights, ids, weights,
                               acc, touched)
        return acc, touched, n

    def _kernel_terms(self, terms: list[int], coefs: list[float], base: float, slot: int = 0
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """The query as the kernels take it (term ids, their weights, this thread's
        accumulator and room for the documents touched), or None where they do not apply:
        not installed, a baseline score (BM25+), or a contribution that is not positive
        (so that zero means untouched). Each term's least and largest posting weight are
        found once, on its first query, so the check reads only the query's postings."""
        if not kernels.AVAILABLE or base or not terms or min(coefs) <= 0:
            return None
        ids = np.asarray(terms, dtype=np.int64)
        kernels.bounds(self._indptr, self._weights, ids, self._low, self._high)
        if self._low[ids].min() <= 0:
            return None
        postings = int((self._indptr[ids + 1] - self._indptr[ids]).sum())
        return (ids, np.asarray(coefs, dtype=_F64),
                kernels.SCRATCH.accumulator(self.corpus_size, slot),
                np.empty(postings, dtype=np.int64))

    @cached_property
    def _low(self) -> np.ndarray:
        """Each term's least posting weight, NaN until its first query."""
        return np.full(len(self._indptr) - 1, np.nan)

    @cached_property
    def _high(self) -> np.ndarray:
        """Each term's largest posting weight, NaN until its first query."""
        return np.full(len(self._indptr) - 1, np.nan)

    def top_k(self, query: Query, k: int) -> list[tuple[int, float]]:
        """The ``k`` best ``(doc index, score)`` with score > 0, by score desc then index asc.

        Exact and sparse: only documents touching a query term are scored; for BM25+ the
        others share the baseline score and are taken in index order when needed. With
        the compiled kernels, only the query's postings are visited, and of the terms that
        cannot change the list (MaxScore, :func:`qa.index.kernels.best_pruned`) not even
        those."""
        k = as_int(k)
        terms, coefs, base = self._terms(query)
        checked = self._kernel_terms(terms, coefs, base) if k > 0 else None
        if checked is not None:
            term_ids, weights, acc, touched = checked
            ids, scores = np.empty(k, dtype=np.int64), np.empty(k, dtype=_F64)
            size = kernels.best_pruned(self._indptr, self._doc_ids, self._weights, term_ids,
                                       weights, self._high, k, acc, touched, ids, scores,
                                       np.zeros(1, dtype=np.int64))
            return list(zip(ids[:size].tolist(), scores[:size].tolist()))
        cand, scores = self._candidates(terms, coefs, base, max(k, 1))
        better = scores > max(base, 0.0)  # ahead of every untouched document
        pos = np.flatnonzero(better)
        win = pos[_best(cand[pos], scores[pos], k)]
        out = [(int(cand[i]), float(scores[i])) for i in win]
        if len(out) < k and base > 0:  # the documents scoring exactly the baseline, by index
            differ = cand[scores != base].astype(np.int64)
            tied = _smallest_missing(differ, self.corpus_size, k - len(out))
            out += [(int(d), base) for d in tied]
            if len(out) < k:  # touched documents that score below the baseline
                pos = np.flatnonzero((scores < base) & (scores > 0))
                win = pos[_best(cand[pos], scores[pos], k - len(out))]
                out += [(int(cand[i]), float(scores[i])) for i in win]
        return out

    def get_top_n(self, query: Query, documents: Sequence[_T], n: int = 5) -> list[_T]:
        """rank_bm25's ``get_top_n``: the ``n`` best documents (score desc, then index asc)."""
        assert self.corpus_size == len(documents), (
            "The documents given don't match the index corpus!"
        )
        scores = self.get_scores(query)
        return [documents[i] for i in _best(np.arange(self.corpus_size), scores, as_int(n))]

    def explain(self, query: Query, doc_index: int) -> dict[str, float]:
        """Each distinct query token's contribution to ``doc_index``'s score (repeats counted,
        unknown tokens 0.0); the values sum to the score."""
        if not 0 <= doc_index < self.corpus_size:
            raise IndexError(f"doc_index {doc_index!r} is outside 0..{self.corpus_size - 1}")
        counts: dict[str, float] = {}
        pairs = query.items() if isinstance(query, Mapping) else ((tok, 1) for tok in query)
        for token, weight in pairs:
            counts[token] = counts.get(token, 0) + weight
        out: dict[str, float] = {}
        for token, m in counts.items():
            t = self.vocab.get(token)
            if t is None:
                out[token] = 0.0
                continue
            c = m * float(self._idf[t])
            lo, hi = int(self._indptr[t]), int(self._indptr[t + 1])
            at = lo + int(np.searchsorted(self._doc_ids[lo:hi], doc_index))
            found = at < hi and self._doc_ids[at] == doc_index
            out[token] = c * self._absent + (c * float(self._weights[at]) if found else 0.0)
        return out


class _DeltaVariant(BM25Index):
    """A variant with a ``delta`` in the fifth place of rank_bm25's arguments (where Okapi
    has ``epsilon``); ``delta=None`` is the variant's default (0.5 for BM25L, 1.0 for BM25+)."""

    def __init__(self, corpus: Iterable[Any], tokenizer: Tokenizer | None = None,
                 k1: float = 1.5, b: float = 0.75, delta: float | None = None) -> None:
        super().__init__(corpus, tokenizer, k1, b, delta=delta)


class BM25LIndex(_DeltaVariant):
    """``rank_bm25.BM25L`` on the sparse index (Lv & Zhai 2011)."""

    _pinned = "bm25l"


class BM25PlusIndex(_DeltaVariant):
    """``rank_bm25.BM25Plus`` on the sparse index (Lv & Zhai 2011)."""

    _pinned = "bm25plus"


def _make_params(variant: str, k1: float, b: float, epsilon: float,
                 delta: float | None) -> dict[str, Any]:
    """The checked parameters of an index; Okapi has ``epsilon``, the others ``delta``."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown BM25 variant {variant!r}; use one of {sorted(VARIANTS)}")
    spec = VARIANTS[variant]
    okapi = spec.default_delta is None
    if okapi and delta is not None:
        raise ValueError(f"delta={delta!r} applies to bm25l and bm25plus, not to okapi")
    delta = spec.default_delta if delta is None else delta
    params: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "variant": variant,
        "k1": float(k1),
        "b": float(b),
        "epsilon": float(epsilon) if okapi else None,
        "delta": None if delta is None else float(delta),
    }
    _check_params(params)
    return params


def _check_params(params: dict[str, Any]) -> None:
    """Reject parameters for which BM25 is undefined (division by zero, negative weights)."""
    if params.get("variant") not in VARIANTS:
        raise ValueError(f"unknown BM25 variant {params.get('variant')!r}")
    k1, b, delta = params["k1"], params["b"], params["delta"]
    if not (math.isfinite(k1) and k1 >= 0):
        raise ValueError(f"k1 must be a finite number >= 0, got {k1!r}")
    if not 0 <= b <= 1:
        raise ValueError(f"b must be between 0 and 1, got {b!r}")
    if delta is not None and not (math.isfinite(delta) and delta >= 0):
        raise ValueError(f"delta must be a finite number >= 0, got {delta!r}")
    if params["epsilon"] is not None and not math.isfinite(params["epsilon"]):
        raise ValueError(f"epsilon must be a finite number, got {params['epsilon']!r}")


def _invert(
    docs: list[Sequence[str]],
) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vocabulary (first-occurrence order) and term-major postings of a tokenized corpus."""
    n_docs = len(docs)
    if n_docs >= 2**31:
        raise ValueError(f"BM25Index holds at most 2**31 - 1 documents, got {n_docs}")
    vocab: dict[str, int] = {}
    flat: list[int] = []
    for doc in docs:
        flat.extend([vocab.setdefault(token, len(vocab)) for token in doc])
    doc_len = np.fromiter((len(doc) for doc in docs), dtype=np.int32, count=n_docs)
    term = np.array(flat, dtype=np.int64)
    owner = np.repeat(np.arange(n_docs, dtype=np.int64), doc_len)
    keys, tf = np.unique(term * n_docs + owner, return_counts=True)  # sorted: term, then doc
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // n_docs, minlength=len(vocab)), out=indptr[1:])
    return vocab, indptr, (keys % n_docs).astype(np.int32), tf.astype(np.int32), doc_len
