"""Indexing work for one document, and for many in parallel.

:func:`analyze` does everything a document needs before it can be searched: paragraphs
(:func:`qa.text.documents.body_regions`), sentences (:func:`qa.text.sentences.split_sentences`),
index terms (:func:`qa.text.tokens.tokenize`) and the annotations of every sentence
(:func:`qa.analysis.annotations.annotate_sentences`). It is a pure function of the document, so
:func:`analyze_all` can fan batches of documents (:func:`analyze_many`) out to worker
processes and gather the results in order; each document is analysed exactly once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass, fields
from typing import Any

from qa.analysis.annotations import SentenceAnnotation, annotate_many
from qa.text.documents import Document, body_regions
from qa.text.sentences import split_sentences
from qa.text.tokens import tokenize

__all__ = ["ANALYSIS_VERSION", "Analysis", "analyze", "analyze_all", "analyze_many", "default_workers",
           "warm_up"]

#: Changes whenever :func:`analyze` would give a different result for the same document, so
#: an analysis stored by an older version is computed again instead of being trusted.
ANALYSIS_VERSION = 3

#: Below this many documents a process pool costs more than it saves.
_POOL_MIN_DOCUMENTS = 64
#: Documents analysed together (one tagger call for all of them, one message to and from a
#: worker process): large enough that a call's fixed cost is spread, small enough that the
#: progress bar moves and the sentence caches hold a whole batch.
_BATCH = 32


@dataclass(frozen=True, slots=True)
class Analysis:
    """What indexing needs of one document (offsets index into its text)."""

    paragraphs: list[tuple[int, int]]
    #: ``(start, end, paragraph number within the document)`` of every sentence.
    sentences: list[tuple[int, int, int]]
    terms: list[list[str]]
    title_terms: list[str]
    annotations: list[SentenceAnnotation]

    def to_json(self) -> str:
        """The analysis as JSON (stored beside a document added to a live index)."""
        return json.dumps({
            "version": ANALYSIS_VERSION,
            "annotation_fields": [f.name for f in fields(SentenceAnnotation)],
            "paragraphs": self.paragraphs, "sentences": self.sentences, "terms": self.terms,
            "title_terms": self.title_terms,
            "annotations": [astuple(a) for a in self.annotations],
        }, ensure_ascii=False, separators=(",", ":"))  # fmt: skip

    @classmethod
    def from_json(cls, text: str | None) -> Analysis | None:
        """The analysis stored by :meth:`to_json`; None when it is missing, damaged or of
        another version (the document is then analysed again)."""
        if not text:
            return None
        try:
            data: dict[str, Any] = json.loads(text)
            if data.get("version") != ANALYSIS_VERSION or data.get("annotation_fields") != [
                    f.name for f in fields(SentenceAnnotation)]:
                return None
            return cls(
                paragraphs=[(int(a), int(b)) for a, b in data["paragraphs"]],
                sentences=[(int(a), int(b), int(c)) for a, b, c in data["sentences"]],
                terms=data["terms"],
                title_terms=data["title_terms"],
                annotations=[_annotation(row) for row in data["annotations"]],
            )
        except (ValueError, KeyError, TypeError):
            return None


def _annotation(row: list[Any]) -> SentenceAnnotation:
    values: list[Any] = [tuple(v) if isinstance(v, list) else v for v in row]
    return SentenceAnnotation(*values)


def analyze(doc: Document) -> Analysis:
    """Split, tokenize and annotate one document."""
    return analyze_many([doc])[0]


def analyze_many(docs: Sequence[Document]) -> list[Analysis]:
    """:func:`analyze` of each document, the same results; their annotations are computed
    together (:func:`qa.analysis.annotations.annotate_many`: one tagger call for all)."""
    split = []
    for doc in docs:
        text = doc.text
        paragraphs = body_regions(doc)
        sentences = [
            (p_start + s, p_start + e, p)
            for p, (p_start, p_end) in enumerate(paragraphs)
            for s, e in split_sentences(text[p_start:p_end])
        ]
        split.append((paragraphs, sentences, [text[s:e] for s, e, _ in sentences]))
    notes = annotate_many([(texts, [p for _, _, p in sentences])
                           for _, sentences, texts in split])
    return [
        Analysis(
            paragraphs=paragraphs,
            sentences=sentences,
            terms=[tokenize(t) for t in texts],
            title_terms=tokenize(doc.title),
            annotations=annotations,
        )
        for doc, (paragraphs, sentences, texts), annotations in zip(docs, split, notes)
    ]


def warm_up() -> None:
    """Load everything analysis reads (sentence splitter, lexicons, tagger) now, e.g. in a
    server's master process before it forks its workers, so no worker pays for it."""
    analyze(Document(id="warm-up", title="Warm up", text="Warm up. It said so."))


def default_workers() -> int:
    """Worker processes for indexing: one per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _one_thread() -> None:
    """In a worker process: BLAS (the tagger's matrix products) on one thread. The pool
    already runs one process per CPU; each process's BLAS threads on top of that contend
    for the same CPUs and spin, which made indexing slower, not faster."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def analyze_all(
    documents: Iterable[Document],
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Document, Analysis]]:
    """``(document, analysis)`` for each document, in the order given.

    With ``workers > 1`` and enough documents, the analysis runs in that many processes
    (forked, so the lexicons and Punkt parameters are loaded once, before the fork).
    """
    docs = list(documents)
    chunks = [docs[i : i + _BATCH] for i in range(0, len(docs), _BATCH)]
    if workers <= 1 or len(docs) < _POOL_MIN_DOCUMENTS:
        results: Iterable[list[Analysis]] = map(analyze_many, chunks)
        yield from _in_order(chunks, results, progress)
        return
    warm_up()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_one_thread) as pool:
        yield from _in_order(chunks, pool.imap(analyze_many, chunks), progress)


def _in_order(chunks: list[list[Document]], results: Iterable[list[Analysis]],
              progress: Callable[[int], None] | None) -> Iterator[tuple[Document, Analysis]]:
    for chunk, analyses in zip(chunks, results):
        yield from zip(chunk, analyses)
        if progress is not None:
            progress(len(chunk))
