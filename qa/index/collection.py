"""A collection that changes: the corpus and both BM25 indexes, as immutable snapshots.

A :class:`Collection` is one state of the documents: the sentence table
(:class:`~qa.index.corpus.Corpus`) and the segments of the sentence and paragraph indexes
(:mod:`qa.index.segments`). Every change returns a new collection and leaves the old one
untouched, so a question being answered keeps reading the state it started with while a
write builds the next:

- :meth:`added` analyses nothing itself: it takes documents already analysed
  (:func:`qa.index.build.analyze`), appends their rows to the sentence table and one new
  segment to each index;
- :meth:`removed` takes documents out of ``corpus.ids``; their rows stay, masked;
- :meth:`merged` folds every segment into one frozen index of the live rows and renumbers
  the table, which is what a build from scratch over the same documents in the same order
  would hold.

Rows are in the order documents arrived (a replaced document goes last), so ties between
equal scores fall the way they would in a fresh build over the documents in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from qa.index.build import Analysis
from qa.index.corpus import Corpus
from qa.index.retrieval import RetrievalParams, Retriever
from qa.index.segments import Segment, SegmentedBM25, merge
from qa.text.documents import Document

__all__ = ["Collection"]


@dataclass(frozen=True, slots=True)
class Collection:
    """The documents at one generation: their table and both indexes' segments."""

    corpus: Corpus
    params: RetrievalParams
    sentences: tuple[Segment, ...]
    paragraphs: tuple[Segment, ...]
    sentence_params: Mapping[str, Any]
    paragraph_params: Mapping[str, Any]
    generation: int = 0
    #: The frozen indexes when the collection is exactly one built or merged index.
    frozen: Retriever | None = None

    @classmethod
    def of(cls, retriever: Retriever, generation: int = 0) -> Collection:
        """The collection of a built or loaded retriever."""
        return cls(
            retriever.corpus, retriever.params,
            (Segment.of_index(retriever.sentences),),  # type: ignore[arg-type]
            (Segment.of_index(retriever.paragraphs),),  # type: ignore[arg-type]
            dict(retriever.sentences.params),  # type: ignore[attr-defined]
            dict(retriever.paragraphs.params),  # type: ignore[attr-defined]
            generation, retriever,
        )  # fmt: skip

    @property
    def segments(self) -> int:
        return len(self.sentences)

    def dead_rows(self) -> int:
        """Sentences of removed documents still held in the segments."""
        live = self.corpus.live_documents()
        return int(len(self.corpus) - np.diff(self.corpus.doc_first)[live].sum())

    def at(self, generation: int) -> Collection:
        return replace(self, generation=generation)

    def added(self, analysed: Iterable[tuple[Document, Analysis]]) -> Collection:
        """This collection with the documents of ``analysed`` appended (new ids only)."""
        new, (sentence_terms, paragraph_terms) = Corpus.assemble(analysed)
        if not new.ids:
            return self
        corpus = self.corpus.extend(new)
        return replace(
            self, corpus=corpus, frozen=None,
            sentences=(*self.sentences, Segment.of_terms(sentence_terms, len(self.corpus))),
            paragraphs=(*self.paragraphs,
                        Segment.of_terms(paragraph_terms, len(self.corpus.para_doc))),
        )  # fmt: skip

    def removed(self, doc_ids: Iterable[str]) -> Collection:
        """This collection without the documents ``doc_ids`` (unknown ids are ignored)."""
        gone = [d for d in doc_ids if d in self.corpus.ids]
        if not gone:
            return self
        return replace(self, corpus=self.corpus.without(gone), frozen=None)

    def retriever(self) -> Retriever:
        """Ranking over the live rows, with the live rows' statistics."""
        if self.frozen is not None:
            return self.frozen
        rows, paras = self.corpus.rows_of(self.corpus.live_documents())
        return Retriever(
            self.corpus, self.params,
            SegmentedBM25(self.sentences, rows, self.sentence_params),
            SegmentedBM25(self.paragraphs, paras, self.paragraph_params),
        )  # fmt: skip

    def tail_rows(self) -> int:
        """Sentences held in the segments after the first."""
        return sum(len(s) for s in self.sentences[1:])

    def joined_tail(self) -> Collection:
        """The segments after the first joined into one (cheap; nothing renumbered)."""
        if self.segments <= 2:
            return self
        return replace(self, sentences=(self.sentences[0], Segment.joined(self.sentences[1:])),
                       paragraphs=(self.paragraphs[0], Segment.joined(self.paragraphs[1:])))

    def merged(self) -> Collection:
        """One frozen index per kind over the live rows, the table renumbered to match."""
        if self.frozen is not None:
            return self
        current = self.retriever()
        sentences = merge(current.sentences)  # type: ignore[arg-type]
        paragraphs = merge(current.paragraphs)  # type: ignore[arg-type]
        corpus = self.corpus.compact()
        return Collection.of(Retriever(corpus, self.params, sentences, paragraphs),
                             self.generation)

