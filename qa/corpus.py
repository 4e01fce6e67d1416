"""The sentence table: every sentence of every document, as parallel arrays.

Documents are cut into paragraphs (:func:`qa.documents.body_regions`, which leaves out
titles and trailing boilerplate) and each paragraph into sentences
(:func:`qa.sentences.split_sentences`). A sentence is a row number; its document,
paragraph, number within the document and character offsets live in ``int32``/``int64``
arrays, so a million sentences cost a few tens of megabytes rather than a million objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .documents import Document, body_regions
from .errors import NotFound
from .sentences import split_sentences

__all__ = ["Corpus"]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents plus their sentence table.

    ``sent_doc[i]`` is the position in ``documents`` of sentence ``i``, ``sent_para[i]``
    its paragraph (numbered across the corpus), ``sent_index[i]`` its number within its
    document, and ``sent_start[i]:sent_end[i]`` its offsets in the document text. Sentences
    of one document are contiguous: they run from ``doc_first[d]`` to ``doc_first[d + 1]``.
    ``para_doc[p]`` is the document of paragraph ``p`` and ``para_start[p]:para_end[p]``
    its offsets.
    """

    documents: list[Document]
    ids: dict[str, int]
    doc_first: np.ndarray
    sent_doc: np.ndarray
    sent_para: np.ndarray
    sent_index: np.ndarray
    sent_start: np.ndarray
    sent_end: np.ndarray
    para_doc: np.ndarray
    para_start: np.ndarray
    para_end: np.ndarray

    @classmethod
    def build(
        cls,
        documents: Iterable[Document],
        progress: Callable[[int], None] | None = None,
    ) -> Corpus:
        docs: list[Document] = []
        ids: dict[str, int] = {}
        doc_first = [0]
        sent_doc: list[int] = []
        sent_para: list[int] = []
        sent_index: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        para_doc: list[int] = []
        para_start: list[int] = []
        para_end: list[int] = []
        for doc in documents:
            if doc.id in ids:
                raise ValueError(f"duplicate document id {doc.id!r}")
            d = len(docs)
            ids[doc.id] = d
            docs.append(doc)
            n = 0
            for p_start, p_end in body_regions(doc):
                p = len(para_doc)
                para_doc.append(d)
                para_start.append(p_start)
                para_end.append(p_end)
                for s, e in split_sentences(doc.text[p_start:p_end]):
                    starts.append(p_start + s)
                    ends.append(p_start + e)
                    sent_doc.append(d)
                    sent_para.append(p)
                    sent_index.append(n)
                    n += 1
            doc_first.append(len(starts))
            if progress is not None:
                progress(1)
        return cls(
            documents=docs,
            ids=ids,
            doc_first=np.asarray(doc_first, dtype=np.int64),
            sent_doc=np.asarray(sent_doc, dtype=np.int32),
            sent_para=np.asarray(sent_para, dtype=np.int32),
            sent_index=np.asarray(sent_index, dtype=np.int32),
            sent_start=np.asarray(starts, dtype=np.int64),
            sent_end=np.asarray(ends, dtype=np.int64),
            para_doc=np.asarray(para_doc, dtype=np.int32),
            para_start=np.asarray(para_start, dtype=np.int64),
            para_end=np.asarray(para_end, dtype=np.int64),
        )

    def __len__(self) -> int:
        """The number of sentences."""
        return len(self.sent_doc)

    def document(self, doc_id: str) -> Document:
        """The document with id ``doc_id``; :class:`NotFound` if none."""
        try:
            return self.documents[self.ids[doc_id]]
        except KeyError:
            raise NotFound(f"no document with id {doc_id!r}", code="unknown_document") from None

    def sentence_text(self, i: int) -> str:
        doc = self.documents[int(self.sent_doc[i])]
        return doc.text[int(self.sent_start[i]) : int(self.sent_end[i])]

    def sentence_rows(self, doc_id: str) -> range:
        """The sentence numbers of one document."""
        self.document(doc_id)
        d = self.ids[doc_id]
        return range(int(self.doc_first[d]), int(self.doc_first[d + 1]))

    def paragraph_texts(self) -> list[str]:
        """The text of every paragraph."""
        docs = self.documents
        return [
            docs[d].text[s:e]
            for d, s, e in zip(
                self.para_doc.tolist(), self.para_start.tolist(), self.para_end.tolist()
            )
        ]
