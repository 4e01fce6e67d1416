"""The sentence table: every sentence of every document, as parallel arrays.

Documents are cut into paragraphs and sentences, tokenized and annotated by
:mod:`qa.index.build`. A sentence is a row number; its document, paragraph, number within the
document and character offsets live in ``int32``/``int64`` arrays, and its attribution and
hedge in an :class:`~qa.analysis.annotations.AnnotationTable`, so a million sentences cost tens of
megabytes rather than a million objects, and can be saved and memory-mapped as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from qa.analysis.annotations import AnnotationTable, SentenceAnnotation
from qa.errors import NotFound
from qa.index.build import analyze_all
from qa.text.documents import Document

__all__ = ["Corpus", "Terms"]

#: Index terms gathered while building: of every sentence, and of every paragraph
#: (its document's title, then its sentences).
Terms = tuple[list[list[str]], list[list[str]]]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents plus their sentence table.

    ``sent_doc[i]`` is the position in ``documents`` of sentence ``i``, ``sent_para[i]``
    its paragraph (numbered across the corpus), ``sent_index[i]`` its number within its
    document, and ``sent_start[i]:sent_end[i]`` its offsets in the document text. Sentences
    of one document are contiguous: they run from ``doc_first[d]`` to ``doc_first[d + 1]``.
    ``para_doc[p]`` is the document of paragraph ``p`` and ``para_start[p]:para_end[p]``
    its offsets. ``annotations`` holds every sentence's attribution and hedge.
    """

    documents: Sequence[Document]
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
    annotations: AnnotationTable

    ARRAYS = ("doc_first", "sent_doc", "sent_para", "sent_index", "sent_start", "sent_end",
              "para_doc", "para_start", "para_end")

    @classmethod
    def build(
        cls,
        documents: Iterable[Document],
        *,
        workers: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[Corpus, Terms]:
        """The corpus of ``documents`` and the index terms of its sentences and paragraphs."""
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
        annotations: list[SentenceAnnotation] = []
        sentence_terms: list[list[str]] = []
        paragraph_terms: list[list[str]] = []
        for doc, found in analyze_all(documents, workers=workers, progress=progress):
            if doc.id in ids:
                raise ValueError(f"duplicate document id {doc.id!r}")
            d = len(docs)
            ids[doc.id] = d
            docs.append(doc)
            first_para = len(para_doc)
            for p_start, p_end in found.paragraphs:
                para_doc.append(d)
                para_start.append(p_start)
                para_end.append(p_end)
                paragraph_terms.append(list(found.title_terms))
            for n, ((s, e, p), terms) in enumerate(zip(found.sentences, found.terms)):
                starts.append(s)
                ends.append(e)
                sent_doc.append(d)
                sent_para.append(first_para + p)
                sent_index.append(n)
                sentence_terms.append(terms)
                paragraph_terms[first_para + p].extend(terms)
            annotations.extend(found.annotations)
            doc_first.append(len(starts))
        corpus = cls(
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
            annotations=AnnotationTable.build(annotations),
        )
        return corpus, (sentence_terms, paragraph_terms)

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

    def sentence_count(self, d: int) -> int:
        """How many sentences document number ``d`` has."""
        return int(self.doc_first[d + 1] - self.doc_first[d])
