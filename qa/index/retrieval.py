"""Sentence retrieval: BM25 over sentences, with the paragraph around them as evidence.

A sentence is short, so its own words are thin evidence: the question "Where did Super
Bowl 50 take place?" is answered by "The game was played ... at Levi's Stadium", which
never says "Super Bowl". The paragraph it sits in does. So every sentence is scored as

    score(s) = BM25_sentences(q, s) + context_weight * BM25_paragraphs(q, paragraph(s))

over two indexes that share one tokenizer (:func:`qa.text.tokens.tokenize`); a paragraph's
terms are its document's title followed by its sentences. Only sentences
that share at least one term with the question are candidates: a passage is always
something a reader can see matches. Ties are broken by sentence number, so results are
deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.index import kernels
from qa.index.bm25 import BM25Index, Query
from qa.index.corpus import Corpus, Terms
from qa.index.segments import Scorer, Segment, SegmentedBM25
from qa.text import lexical

__all__ = ["RetrievalParams", "Retriever"]


@dataclass(frozen=True, slots=True)
class RetrievalParams:
    """Tuning of the retriever (chosen on the dev half of SQuAD, see ``bench/``)."""

    k1: float = 0.8
    b: float = 0.4
    context_k1: float = 1.2
    context_b: float = 0.75
    context_weight: float = 1.0
    #: BM25 variant of both indexes (``qa.bm25.VARIANTS``). Lucene's idf stays positive,
    #: so a word found in most sentences of a small collection still matches.
    variant: str = "lucene"
    #: Weight of a word related to a question word (WordNet, :mod:`qa.text.lexical`),
    #: times the relation's own weight: "sent" also finds "shipped" at a fraction of what
    #: "sent" counts. 0 searches the question's own words only.
    expansion: float = 0.35


class Retriever:
    """Ranks the sentences of a :class:`Corpus` for a question."""

    def __init__(self, corpus: Corpus, params: RetrievalParams, sentences: Scorer,
                 paragraphs: Scorer) -> None:
        self.corpus = corpus
        self.params = params
        self.sentences = sentences
        self.paragraphs = paragraphs

    @classmethod
    def build(cls, corpus: Corpus, terms: Terms, params: RetrievalParams | None = None
              ) -> Retriever:
        """Index the sentence and paragraph ``terms`` gathered by :meth:`Corpus.build`."""
        p = params or RetrievalParams()
        sentence_terms, paragraph_terms = terms
        # A corpus without sentences still gets (empty) indexes: BM25Index needs a row.
        return cls(
            corpus,
            p,
            BM25Index(sentence_terms or [[]], k1=p.k1, b=p.b, variant=p.variant),
            BM25Index(paragraph_terms or [[]], k1=p.context_k1, b=p.context_b,
                      variant=p.variant),
        )

    def restricted(self, sentences: np.ndarray, paragraphs: np.ndarray) -> Retriever:
        """The retriever of only the sentences and paragraphs where the boolean masks are
        true, with the statistics an index of only those would have (a filter is exact)."""
        return Retriever(self.corpus, self.params, _segmented(self.sentences).restricted(sentences),
                         _segmented(self.paragraphs).restricted(paragraphs))

    def query(self, terms: list[str]) -> Query:
        """The weighted query for the question's ``terms``: each of them, and with
        ``expansion`` the words WordNet relates to them, at the relation's weight times
        ``expansion`` (a word of the question itself is never down-weighted)."""
        if not self.params.expansion:
            return terms
        weights: dict[str, float] = {}
        for t in terms:
            weights[t] = weights.get(t, 0.0) + 1.0
        for t, w in lexical.expand(terms).items():
            if t not in weights:
                weights[t] = w * self.params.expansion
        return weights

    def search(self, terms: Query, k: int) -> list[tuple[int, float]]:
        """The best ``k`` sentences for query ``terms`` (a list, or ``{term: weight}``) as
        ``(sentence, score)``, best first."""
        if not terms or len(self.corpus) == 0:
            return []
        found = self._compiled(terms, k)
        if found is not None:
            return found
        own = self.sentences.get_scores(terms)
        candidates = np.flatnonzero(own > 0)
        if candidates.size == 0:
            return []
        scores = own[candidates]
        if self.params.context_weight:
            context = self.paragraphs.get_scores(terms)
            scores = scores + self.params.context_weight * context[
                self.corpus.sent_para[candidates]
            ]
        if candidates.size > k:
            keep = np.argpartition(-scores, k - 1)[:k]
            # Everything tied with the k-th score competes on sentence number.
            kth = scores[keep].min()
            keep = np.flatnonzero(scores >= kth)
            candidates, scores = candidates[keep], scores[keep]
        order = np.lexsort((candidates, -scores))[:k]
        return [(int(candidates[i]), float(scores[i])) for i in order]

    def _compiled(self, terms: Query, k: int) -> list[tuple[int, float]] | None:
        """:meth:`search` through the compiled kernels (:mod:`qa.index.kernels`): the same
        sentences and scores, bit for bit, visiting only the query's postings; None where
        they do not apply (no numba, several segments or a filter, BM25+)."""
        sentences, paragraphs = _precomputed(self.sentences), _precomputed(self.paragraphs)
        if sentences is None or paragraphs is None:
            return None
        own = sentences.touched(terms, slot=0)
        if own is None:
            return None
        acc, touched, n = own
        ids, scores = np.empty(k, dtype=np.int64), np.empty(k, dtype=np.float64)
        weight = float(self.params.context_weight)
        context = paragraphs.touched(terms, slot=1) if weight else None
        if context is None:
            if weight:  # the paragraph index cannot take the kernels: score it as NumPy does
                full = paragraphs.get_scores(terms)
                size = kernels.best_combined(acc, touched, n, full, self.corpus.sent_para,
                                             weight, float(full.max()), k, ids, scores)
            else:
                size = kernels.best(acc, touched, n, k, ids, scores)
        else:
            pacc, ptouched, pn = context
            size = kernels.best_combined(acc, touched, n, pacc, self.corpus.sent_para, weight,
                                         kernels.peak(pacc, ptouched, pn), k, ids, scores)
            kernels.clear(pacc, ptouched, pn)
        return list(zip(ids[:size].tolist(), scores[:size].tolist()))

    def explain(self, terms: Query, sentence: int) -> dict[str, dict[str, float]]:
        """Why ``sentence`` scored as it did: each query term's share of the sentence score
        and of the (weighted) paragraph score. The two sums add up to its search score."""
        para = int(self.corpus.sent_para[sentence])
        weight = self.params.context_weight
        return {
            "sentence": {t: round(v, 4) for t, v in self.sentences.explain(terms, sentence).items()},
            "context": {
                t: round(weight * v, 4) for t, v in self.paragraphs.explain(terms, para).items()
            },
        }


def _precomputed(index: Scorer) -> BM25Index | None:
    """The one precomputed index behind ``index`` (a live index with one unmasked segment
    has one), or None."""
    if isinstance(index, SegmentedBM25):
        return index.frozen
    return index if isinstance(index, BM25Index) else None


def _segmented(index: Scorer) -> SegmentedBM25:
    if isinstance(index, SegmentedBM25):
        return index
    assert isinstance(index, BM25Index)
    return SegmentedBM25([Segment.of_index(index)], None, index.params, frozen=index)
