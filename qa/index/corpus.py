"""The sentence table: every sentence of every document, as parallel arrays.

Documents are cut into paragraphs and sentences, tokenized and annotated by
:mod:`qa.index.build`. A sentence is a row number; its document, paragraph, number within the
document and character offsets live in ``int32``/``int64`` arrays, and its attribution and
hedge in an :class:`~qa.analysis.annotations.AnnotationTable`, so a million sentences cost tens of
megabytes rather than a million objects, and can be saved and memory-mapped as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import overload

import numpy as np

from qa.analysis.annotations import AnnotationTable, SentenceAnnotation
from qa.errors import NotFound
from qa.index.build import Analysis, analyze_all
from qa.text.documents import Document

__all__ = ["Corpus", "DocumentList", "Terms"]

#: Index terms gathered while building: of every sentence, and of every paragraph
#: (its document's title, then its sentences).
Terms = tuple[list[list[str]], list[list[str]]]


class DocumentList(Sequence[Document]):
    """Documents drawn from a few lists: the index's own (perhaps decoded lazily from a
    saved index) and the ones added since. Position ``i`` is document ``index[i]`` of list
    ``part[i]``; joining and picking copy two small arrays, never a document."""

    def __init__(self, parts: tuple[Sequence[Document], ...], part: np.ndarray,
                 index: np.ndarray) -> None:
        self._parts = parts
        self._part = part
        self._index = index

    @classmethod
    def of(cls, documents: Sequence[Document]) -> DocumentList:
        n = len(documents)
        return cls((documents,), np.zeros(n, dtype=np.int32), np.arange(n, dtype=np.int64))

    @classmethod
    def joined(cls, first: Sequence[Document], second: Sequence[Document]) -> DocumentList:
        a = first if isinstance(first, DocumentList) else cls.of(first)
        b = second if isinstance(second, DocumentList) else cls.of(second)
        return cls(a._parts + b._parts, np.concatenate([a._part, b._part + len(a._parts)]),
                   np.concatenate([a._index, b._index]))

    @classmethod
    def picked(cls, documents: Sequence[Document], positions: np.ndarray) -> DocumentList:
        a = documents if isinstance(documents, DocumentList) else cls.of(documents)
        used = np.unique(a._part[positions])  # lists no longer referenced are let go
        renumber = np.full(len(a._parts), -1, dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        return cls(tuple(a._parts[int(u)] for u in used), renumber[a._part[positions]],
                   a._index[positions])

    def __len__(self) -> int:
        return len(self._part)

    def metadata(self, i: int) -> Document:
        """Document ``i`` without its text when its list can give that (a saved index)."""
        part = self._parts[int(self._part[i])]
        read = getattr(part, "metadata", part.__getitem__)
        return read(int(self._index[i]))  # type: ignore[no-any-return]

    @overload
    def __getitem__(self, i: int) -> Document: ...
    @overload
    def __getitem__(self, i: slice) -> list[Document]: ...
    def __getitem__(self, i: int | slice) -> Document | list[Document]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._parts[int(self._part[i])][int(self._index[i])]


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
        return cls.assemble(analyze_all(documents, workers=workers, progress=progress))

    @classmethod
    def assemble(cls, analysed: Iterable[tuple[Document, Analysis]]) -> tuple[Corpus, Terms]:
        """The corpus of documents already analysed (:func:`qa.index.build.analyze`)."""
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
        for doc, found in analysed:
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
            documents=DocumentList.of(docs),
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

    # --- a changing collection ---------------------------------------------------------

    def extend(self, other: Corpus) -> Corpus:
        """This corpus with ``other``'s documents after its own (their ids must be new)."""
        n_docs, n_sent, n_para = len(self.documents), len(self), len(self.para_doc)
        clash = [doc_id for doc_id in other.ids if doc_id in self.ids]
        if clash:
            raise ValueError(f"duplicate document id {clash[0]!r}")
        ids = dict(self.ids)
        ids.update((doc_id, d + n_docs) for doc_id, d in other.ids.items())

        def cat(name: str, shift: int) -> np.ndarray:
            mine, theirs = getattr(self, name), getattr(other, name)
            return np.concatenate([mine, theirs + shift]).astype(mine.dtype, copy=False)

        return Corpus(
            documents=DocumentList.joined(self.documents, other.documents),
            ids=ids,
            doc_first=np.concatenate([self.doc_first[:-1], other.doc_first + n_sent]),
            sent_doc=cat("sent_doc", n_docs),
            sent_para=cat("sent_para", n_para),
            sent_index=cat("sent_index", 0),
            sent_start=cat("sent_start", 0),
            sent_end=cat("sent_end", 0),
            para_doc=cat("para_doc", n_docs),
            para_start=cat("para_start", 0),
            para_end=cat("para_end", 0),
            annotations=self.annotations.extend(other.annotations),
        )

    def without(self, doc_ids: Iterable[str]) -> Corpus:
        """This corpus with the documents ``doc_ids`` gone: their rows stay (masked by
        :meth:`live_rows`) until :meth:`compact` renumbers."""
        ids = dict(self.ids)
        for doc_id in doc_ids:
            ids.pop(doc_id, None)
        return replace(self, ids=ids)

    def live_documents(self) -> np.ndarray:
        """Per document position: is it still in the collection (bool)."""
        live = np.zeros(len(self.documents), dtype=np.bool_)
        live[np.fromiter(self.ids.values(), dtype=np.int64, count=len(self.ids))] = True
        return live

    def live_sentences(self) -> int:
        """How many sentences the documents still in the collection have."""
        if len(self.ids) == len(self.documents):
            return len(self)
        return int(np.diff(self.doc_first)[self.live_documents()].sum())

    def rows_of(self, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per sentence and per paragraph: does it belong to a document where the boolean
        ``documents`` is true."""
        return documents[self.sent_doc], documents[self.para_doc]

    def compact(self) -> Corpus:
        """The live documents only, renumbered, in the same order."""
        live = self.live_documents()
        if bool(live.all()):
            return self
        rows, paras = self.rows_of(live)
        positions = np.flatnonzero(live)
        new_doc = np.cumsum(live) - 1
        new_para = np.cumsum(paras) - 1
        counts = np.diff(self.doc_first)[positions]
        doc_first = np.zeros(len(positions) + 1, dtype=np.int64)
        np.cumsum(counts, out=doc_first[1:])
        documents = DocumentList.picked(self.documents, positions)
        return Corpus(
            documents=documents,
            ids={doc_id: int(new_doc[d]) for doc_id, d in self.ids.items()},
            doc_first=doc_first,
            sent_doc=new_doc[self.sent_doc[rows]].astype(np.int32),
            sent_para=new_para[self.sent_para[rows]].astype(np.int32),
            sent_index=np.asarray(self.sent_index[rows]),
            sent_start=np.asarray(self.sent_start[rows]),
            sent_end=np.asarray(self.sent_end[rows]),
            para_doc=new_doc[self.para_doc[paras]].astype(np.int32),
            para_start=np.asarray(self.para_start[paras]),
            para_end=np.asarray(self.para_end[paras]),
            annotations=self.annotations.take(np.flatnonzero(rows)),
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

    def sentence_count(self, d: int) -> int:
        """How many sentences document number ``d`` has."""
        return int(self.doc_first[d + 1] - self.doc_first[d])
