"""BM25 over a growing index: immutable segments, a set of deleted rows, global statistics.

A live collection changes by the minute, but a BM25 index is built once: its idf and average
length are statistics of the whole collection, so adding one document changes every score a
little (bm25s calls incremental updates impossible for that reason). Here the index is a
sequence of :class:`Segment` objects: the one built with the collection, then a small one
per batch of added documents. Each holds term-major postings of its rows (the layout of
:mod:`qa.index.bm25`, without weights): raw term frequencies and row lengths, nothing that
depends on the rest of the collection. A deleted row stays in its segment and is masked out.

:class:`SegmentedBM25` scores a query the way :class:`~qa.index.bm25.BM25Index` does, with
the statistics of the rows that are live *now*: the document count, each query term's
document frequency among live rows, their average length. Its idf and tf weights are the same
functions (:data:`qa.index.bm25.VARIANTS`) evaluated on the same numbers in the same order,
so a score after any sequence of additions and deletions equals the score of an index
built from scratch over the live rows (the tests hold them to 1e-9; in practice they are
bit for bit the same). A restriction to some rows (a filter by publisher or date) is the
same thing with fewer live rows: the statistics are those of the rows that pass, as an
index built over only those would have them.

Costs: a query visits the postings of its terms in every segment and recomputes their tf
weights (the frozen index has them precomputed); :func:`merge` folds the segments into one
:class:`~qa.index.bm25.BM25Index` of the live rows, renumbered, after which scoring is the
precomputed kind again. Merging sorts every posting once, ``O(P log P)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from qa.index.bm25 import VARIANTS, BM25Index, Query, _invert

__all__ = ["Scorer", "Segment", "SegmentedBM25", "merge"]

_F64 = np.float64


class Scorer(Protocol):
    """What retrieval asks of a BM25 index: a frozen :class:`BM25Index` or a segmented one."""

    corpus_size: int

    def get_scores(self, query: Query) -> np.ndarray: ...

    def explain(self, query: Query, doc_index: int) -> dict[str, float]: ...

    @property
    def idf(self) -> Mapping[str, float]: ...


@dataclass(frozen=True, slots=True, eq=False)
class Segment:
    """The postings of rows ``offset .. offset + len(doc_len)`` (local row numbers)."""

    offset: int
    vocab: Mapping[str, int]
    indptr: np.ndarray  # int64[V + 1]
    rows: np.ndarray  # int32[P], ascending within a term, local
    tf: np.ndarray  # int32[P]
    doc_len: np.ndarray  # int32[n]

    @classmethod
    def of_terms(cls, terms: Sequence[Sequence[str]], offset: int) -> Segment:
        """The segment of rows with these index terms, the first at global row ``offset``."""
        if not terms:
            empty = np.zeros(0, dtype=np.int32)
            return cls(offset, {}, np.zeros(1, dtype=np.int64), empty, empty, empty)
        vocab, indptr, rows, tf, doc_len = _invert(list(terms))
        return cls(offset, vocab, indptr, rows, tf, doc_len)

    @classmethod
    def of_index(cls, index: BM25Index, offset: int = 0) -> Segment:
        """The postings of a frozen index (memory-mapped arrays are not copied)."""
        vocab, indptr, rows, tf, doc_len = index.inverted()
        return cls(offset, vocab, indptr, rows, tf, doc_len)

    @classmethod
    def joined(cls, segments: Sequence[Segment]) -> Segment:
        """One segment of the rows of consecutive ``segments`` (row numbers unchanged,
        deleted rows kept): cheap when they are small, and fewer segments to visit."""
        offset = segments[0].offset
        gid, term, row, tf = _flattened(segments)
        order = np.lexsort((row, term))
        indptr = np.zeros(len(gid) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=len(gid)), out=indptr[1:])
        return cls(offset, gid, indptr, (row[order] - offset).astype(np.int32),
                   tf[order].astype(np.int32), np.concatenate([s.doc_len for s in segments]))

    def __len__(self) -> int:
        return len(self.doc_len)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Global rows (int64) and term frequencies of ``term`` here, or None."""
        t = self.vocab.get(term)
        if t is None:
            return None
        lo, hi = int(self.indptr[t]), int(self.indptr[t + 1])
        return self.rows[lo:hi].astype(np.int64) + self.offset, self.tf[lo:hi]


class SegmentedBM25:
    """BM25 over ``segments`` (contiguous, in row order) counting only ``live`` rows.

    ``live`` is a boolean per row (None: every row); ``params`` are a BM25Index's
    (``variant``, ``k1``, ``b``, ``delta``). ``frozen`` is the index of the only segment when
    nothing is masked: it is scored directly, with its precomputed weights.
    """

    def __init__(self, segments: Sequence[Segment], live: np.ndarray | None,
                 params: Mapping[str, Any], frozen: BM25Index | None = None) -> None:
        if params["variant"] == "okapi":
            raise ValueError(
                "a changing index needs an idf that is a function of the term's own document "
                "frequency; Okapi's floor depends on every term's: use lucene, bm25l or bm25plus"
            )
        self.segments = tuple(segments)
        self.params = dict(params)
        self._spec = VARIANTS[params["variant"]]
        self.total = sum(len(s) for s in self.segments)
        self.doc_len = (np.concatenate([s.doc_len for s in self.segments])
                        if self.segments else np.zeros(0, dtype=np.int32))
        if live is not None and (len(live) != self.total or bool(live.all())):
            if len(live) != self.total:
                raise ValueError(f"live mask has {len(live)} rows, the segments {self.total}")
            live = None
        self.live = live
        self._frozen = frozen if live is None and len(self.segments) == 1 else None
        self.corpus_size = int(self.total if live is None else np.count_nonzero(live))
        length = int(self.doc_len.sum(dtype=np.int64) if live is None
                     else self.doc_len[live].sum(dtype=np.int64))
        self.avgdl = length / self.corpus_size if self.corpus_size else 0.0
        self._df: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}

    @property
    def frozen(self) -> BM25Index | None:
        """The single precomputed index this one scores with, when nothing is masked."""
        return self._frozen

    def restricted(self, mask: np.ndarray) -> SegmentedBM25:
        """The same index counting only the live rows where ``mask`` is true."""
        live = mask if self.live is None else self.live & mask
        return SegmentedBM25(self.segments, live, self.params)

    # --- statistics --------------------------------------------------------------------

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The live rows and term frequencies of ``term`` over every segment, or None."""
        if term in self._df:
            return self._df[term]
        rows, tfs = [], []
        for segment in self.segments:
            found = segment.postings(term)
            if found is not None:
                rows.append(found[0])
                tfs.append(found[1])
        out = None
        if rows:
            r, f = (np.concatenate(rows), np.concatenate(tfs)) if len(rows) > 1 else (rows[0], tfs[0])
            if self.live is not None:
                keep = self.live[r]
                r, f = r[keep], f[keep]
            if len(r):
                out = (r, f)
        if len(self._df) < 4096:
            self._df[term] = out
        return out

    def _idf_of(self, df: int) -> float:
        return float(self._spec.idf(np.array([df], dtype=np.int64), self.corpus_size)[0])

    def _weights(self, rows: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, float]:
        p = self.params
        return self._spec.tf_weight(tf.astype(_F64), self.doc_len[rows].astype(_F64),
                                    self.avgdl, p["k1"], p["b"], p["delta"] or 0.0)

    @property
    def idf(self) -> Mapping[str, float]:
        """Term -> idf among the live rows (computed when asked for, then kept)."""
        if self._frozen is not None:
            return self._frozen.idf
        return _Idf(self)

    # --- scoring -----------------------------------------------------------------------

    @staticmethod
    def _counts(query: Query) -> dict[str, float]:
        counts: dict[str, float] = {}
        pairs = query.items() if isinstance(query, Mapping) else ((tok, 1) for tok in query)
        for token, weight in pairs:
            counts[token] = counts.get(token, 0) + weight
        return counts

    def get_scores(self, query: Query) -> np.ndarray:
        """Scores of every row (float64[total]); masked rows score 0."""
        if self._frozen is not None:
            return self._frozen.get_scores(query)
        ids, vals, base = [], [], 0.0
        for term, m in self._counts(query).items():
            found = self._postings(term)
            if found is None:
                continue
            c = m * self._idf_of(len(found[0]))
            weights, absent = self._weights(*found)
            ids.append(found[0])
            vals.append(c * weights)
            if absent:
                base += c * absent
        if not ids:
            return np.zeros(self.total, dtype=_F64)
        scores = np.bincount(np.concatenate(ids), np.concatenate(vals), self.total).astype(_F64)
        if base:
            if self.live is None:
                scores += base
            else:
                scores[self.live] += base
        return scores

    def explain(self, query: Query, doc_index: int) -> dict[str, float]:
        """Each distinct query token's share of row ``doc_index``'s score."""
        if self._frozen is not None:
            return self._frozen.explain(query, doc_index)
        out: dict[str, float] = {}
        for term, m in self._counts(query).items():
            found = self._postings(term)
            if found is None:
                out[term] = 0.0
                continue
            c = m * self._idf_of(len(found[0]))
            weights, absent = self._weights(*found)
            at = int(np.searchsorted(found[0], doc_index))
            hit = at < len(found[0]) and int(found[0][at]) == doc_index
            out[term] = c * absent + (c * float(weights[at]) if hit else 0.0)
        return out


class _Idf(Mapping[str, float]):
    """The idf of a term among a segmented index's live rows; a term in none is missing."""

    def __init__(self, index: SegmentedBM25) -> None:
        self._index = index

    def __getitem__(self, term: str) -> float:
        found = self._index._postings(term)
        if found is None:
            raise KeyError(term)
        return self._index._idf_of(len(found[0]))

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for segment in self._index.segments:
            for term in segment.vocab:
                if term not in seen:
                    seen.add(term)
                    if self._index._postings(term) is not None:
                        yield term

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _flattened(segments: Sequence[Segment]
               ) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
    """Every posting of ``segments`` as one union vocabulary and three parallel arrays:
    term id in that vocabulary, global row (int64) and term frequency."""
    gid: dict[str, int] = {}
    terms, rows, tfs = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [
        np.zeros(0, dtype=np.int32)]
    for segment in segments:
        local = np.empty(len(segment.vocab), dtype=np.int64)
        for word, t in segment.vocab.items():
            local[t] = gid.setdefault(word, len(gid))
        terms.append(np.repeat(local, np.diff(segment.indptr)))
        rows.append(segment.rows.astype(np.int64) + segment.offset)
        tfs.append(segment.tf)
    return gid, np.concatenate(terms), np.concatenate(rows), np.concatenate(tfs)


def merge(index: SegmentedBM25) -> BM25Index:
    """One frozen index of ``index``'s live rows, renumbered in row order (rows of deleted
    documents and terms found only in them are gone); it scores as ``index`` does."""
    live = index.live if index.live is not None else np.ones(index.total, dtype=np.bool_)
    new_row = np.cumsum(live, dtype=np.int64) - 1
    gid, term, glob, tf = _flattened(index.segments)
    keep = live[glob]
    term, row, tf = term[keep], new_row[glob[keep]], tf[keep]
    n_rows = int(np.count_nonzero(live))
    order = np.lexsort((row, term))
    term, row, tf = term[order], row[order], tf[order]
    df = np.bincount(term, minlength=len(gid))
    kept = df > 0  # terms left only in deleted rows are dropped
    new_term = np.cumsum(kept) - 1
    vocab = {t: int(new_term[g]) for t, g in gid.items() if kept[g]}
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(df[kept], out=indptr[1:])
    p = index.params
    return BM25Index.from_postings(
        vocab, indptr, row.astype(np.int32), tf.astype(np.int32),
        index.doc_len[live] if n_rows else np.zeros(1, dtype=np.int32),
        k1=p["k1"], b=p["b"], variant=p["variant"], delta=p["delta"],
        **({"epsilon": p["epsilon"]} if p.get("epsilon") is not None else {}),
    )
