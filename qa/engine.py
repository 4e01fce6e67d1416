"""The engine: documents in, answers out.

``QA`` ties the pieces together: it loads documents (:mod:`qa.text.documents`), builds the
sentence table (:mod:`qa.index.corpus`) and the retriever (:mod:`qa.index.retrieval`) once, and answers
questions with :meth:`QA.ask`, whose result's ``to_dict()`` is the SPEC's answer object.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from qa.analysis.attribution import attribute
from qa.analysis.hedge import hedge
from qa.answer import policy
from qa.answer.confidence import RELATED_CREDIT, Evidence, weigh
from qa.answer.followup import Turn, check_history, check_known, interpret, is_bare
from qa.answer.question import QuestionInfo
from qa.answer.results import Answer, AskResult, Passage
from qa.answer.span import extract
from qa.errors import InvalidRequest, NoDocuments, NotFound, describe
from qa.index.corpus import Corpus, DocumentList
from qa.index.filters import Filters, check_filters, matching
from qa.index.retrieval import RetrievalParams, Retriever
from qa.index.store import load_retriever, save_retriever
from qa.text.documents import SUFFIXES, Document, LoadReport, find_files, load_files
from qa.text.tokens import tokenize

__all__ = ["DEFAULT_TOP_K", "MAX_QUESTION_CHARS", "MAX_TOP_K", "QA", "Progress", "load_index",
           "save_index"]

log = logging.getLogger(__name__)

#: ``progress(stage, done, total)``: called as long work advances by ``done`` units of
#: ``total`` in ``stage`` ("Reading" files, "Splitting" documents, "Indexing" sentences).
Progress = Callable[[str, int, int], None]


def _stage(progress: Progress | None, stage: str, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(stage, done, total)

MAX_QUESTION_CHARS = 1000
MAX_TOP_K = 20
#: Paragraphs whose terms :meth:`QA.evidence` keeps at hand, per engine.
CONTEXT_CACHE = 4096
DEFAULT_TOP_K = 3
#: How far past ``top_k`` retrieval looks for other documents holding a passage's sentence.
DUPLICATE_WINDOW = 10
#: Engines restricted by filters kept at hand, per engine.
FILTER_CACHE = 64


@lru_cache(maxsize=CONTEXT_CACHE)
def _terms(text: str) -> frozenset[str]:
    """The terms of a sentence, a source or a title (the most recently used ones are kept)."""
    return frozenset(tokenize(text))


class QA:
    """Question answering over a fixed set of documents.

    Build it with :meth:`from_paths` or :meth:`from_documents`; it is immutable afterwards
    and safe to share between threads.
    """

    def __init__(
        self,
        corpus: Corpus,
        retriever: Retriever,
        report: LoadReport | None = None,
    ) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.report = report if report is not None else LoadReport(
            files=0, documents=len(corpus.documents)
        )
        log.info("indexed %d documents, %d sentences", len(corpus.ids), len(corpus))

    # --- construction ----------------------------------------------------------------

    @classmethod
    def build(
        cls,
        documents: Iterable[Document],
        *,
        params: RetrievalParams | None = None,
        workers: int = 1,
        progress: Progress | None = None,
        total: int | None = None,
        report: LoadReport | None = None,
    ) -> QA:
        """Analyse and index ``documents`` (``total`` of them, for the progress bar)."""
        corpus, terms = Corpus.build(
            documents, workers=workers, progress=_stage(progress, "Indexing", total or 0)
        )
        return cls(corpus, Retriever.build(corpus, terms, params), report)

    @classmethod
    def from_documents(
        cls,
        documents: Iterable[Document],
        *,
        params: RetrievalParams | None = None,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> QA:
        """An engine over ``documents`` (an iterable of :class:`Document`)."""
        documents = list(documents)
        return cls.build(documents, params=params, workers=workers, progress=progress,
                         total=len(documents))

    @classmethod
    def from_paths(
        cls,
        paths: Iterable[str | Path],
        *,
        params: RetrievalParams | None = None,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> QA:
        """An engine over the document files in ``paths`` (``qa.text.documents.SUFFIXES``:
        text, Markdown, HTML, JSON lines, PDF, RSS and Atom).

        Unreadable files are skipped with a warning (see :attr:`report`); if nothing at
        all can be loaded, :class:`~qa.errors.NoDocuments` is raised.
        """
        paths = list(paths)
        report = LoadReport()
        files = find_files(paths, report)
        documents = list(
            load_files(files, report=report, progress=_stage(progress, "Reading", len(files)))
        )
        if not documents:
            shown = ", ".join(str(p) for p in paths) or "(no paths)"
            raise NoDocuments(
                f"no readable {' '.join(SUFFIXES)} documents in {shown}"
                + (f"; {len(report.skipped)} skipped, first: {report.skipped[0]}"
                   if report.skipped else "")
            )
        return cls.build(documents, params=params, workers=workers, progress=progress,
                         total=len(documents), report=report)

    # --- questions -------------------------------------------------------------------

    @staticmethod
    def check_question(question: Any, max_chars: int = MAX_QUESTION_CHARS) -> str:
        """``question`` stripped, or :class:`InvalidRequest` saying what is accepted."""
        if not isinstance(question, str):
            raise InvalidRequest(
                f"question must be a string, got {describe(question)}",
                code="invalid_question",
            )
        # The limit counts the question as sent, spaces included, as the OpenAPI
        # document's maxLength does.
        if len(question) > max_chars:
            raise InvalidRequest(
                f"question is {len(question)} characters long; at most {max_chars} are "
                "accepted",
                code="question_too_long",
            )
        question = question.strip()
        if not question:
            raise InvalidRequest("question must not be empty", code="invalid_question")
        return question

    @staticmethod
    def check_top_k(top_k: Any, max_top_k: int = MAX_TOP_K) -> int:
        """``top_k`` if it is an integer in 1..max_top_k, else :class:`InvalidRequest`."""
        if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= max_top_k:
            raise InvalidRequest(
                f"top_k must be an integer from 1 to {max_top_k}, got {describe(top_k)}",
                code="invalid_top_k",
            )
        return top_k

    def passage(self, sentence: int, score: float = 0.0) -> Passage:
        """Sentence number ``sentence`` as a :class:`Passage`."""
        c = self.corpus
        start, end = int(c.sent_start[sentence]), int(c.sent_end[sentence])
        d = int(c.sent_doc[sentence])
        doc = c.documents[d]
        first = int(c.doc_first[d])
        text = doc.text[start:end]
        return Passage(
            text=text,
            score=score,
            document=doc,
            index=int(c.sent_index[sentence]),
            start=start,
            end=end,
            **c.annotations.to_dict(sentence, text, lambda i: int(c.sent_start[first + i])),
        )

    def search(
        self,
        question: str,
        top_k: int = DEFAULT_TOP_K,
        *,
        explain: bool = False,
        filters: Filters | dict[str, Any] | None = None,
        max_question_chars: int = MAX_QUESTION_CHARS,
        max_top_k: int = MAX_TOP_K,
    ) -> list[Passage]:
        """The best ``top_k`` sentences for ``question``, best first.

        With ``explain``, each passage carries ``explain``: every query term's share of the
        sentence's own BM25 score and of its paragraph's weighted score. ``filters``
        (SPEC "Filters") keeps only passages of the documents passing them. ``max_*`` are
        the limits the question and ``top_k`` are checked against.
        """
        question = self.check_question(question, max_question_chars)
        top_k = self.check_top_k(top_k, max_top_k)
        engine = self.filtered(filters)
        return [] if engine is None else engine.retrieve(question, top_k, explain)

    def filtered(self, filters: Filters | dict[str, Any] | None) -> QA | None:
        """The engine of only the documents passing ``filters`` (SPEC "Filters"), with the
        statistics an engine built over only them would have; None when none passes."""
        checked = filters if isinstance(filters, Filters) else check_filters(filters)
        if not checked:
            return self
        return self._filtered(checked)

    @cached_property
    def _filtered(self) -> Callable[[Filters], QA | None]:
        @lru_cache(maxsize=FILTER_CACHE)
        def restricted(filters: Filters) -> QA | None:
            keep = matching(filters, self.corpus)
            if not keep.any():
                return None
            rows, paras = self.corpus.rows_of(keep)
            return QA(self.corpus, self.retriever.restricted(rows, paras), self.report)

        return restricted

    def retrieve(self, question: str, top_k: int, explain: bool = False) -> list[Passage]:
        """The best ``top_k`` sentences for an already checked ``question``.

        A sentence that stands in several documents (a wire story run by several papers;
        whitespace does not count) is one passage, from the document where it ranks first;
        its ``also_in`` lists the others found among the next ``DUPLICATE_WINDOW`` hits
        (SPEC "The same sentence in several articles")."""
        terms = self.retriever.query(tokenize(question))
        hits = self.retriever.search(terms, top_k + DUPLICATE_WINDOW)
        kept: dict[str, tuple[int, float]] = {}
        others: dict[str, list[Document]] = {}
        c = self.corpus
        for i, s in hits:
            key = " ".join(c.sentence_text(i).split())
            if key in kept:
                others[key].append(c.documents[int(c.sent_doc[i])])
            elif len(kept) < top_k:
                kept[key] = (i, s)
                others[key] = []
        out = []
        for key, (i, s) in kept.items():
            passage = self.passage(i, s)
            if others[key]:
                passage = replace(passage, also_in=tuple(others[key]))
            if explain:
                passage = passage.noted(explain={**self.retriever.explain(terms, i),
                                                 **self._analysis_explained(i)})
            out.append(passage)
        return out

    def _analysis_explained(self, row: int) -> dict[str, Any]:
        """Which attribution frame decided sentence ``row``'s source, on which cue, and
        which words set its hedge, which one decided the level by which rule, and which made
        it disputed (the document's attribution is read again: cheap next to a person
        reading the explanation, and nothing extra is stored in the index)."""
        c = self.corpus
        doc = int(c.sent_doc[row])
        rows = range(int(c.doc_first[doc]), int(c.doc_first[doc + 1]))
        found = attribute([c.sentence_text(r) for r in rows],
                          paragraphs=[int(c.sent_para[r]) for r in rows])
        text = c.sentence_text(row)
        return {"attribution": found[row - rows.start].explain(),
                "hedge": hedge(text).explain(text)}

    def ask(
        self,
        question: str,
        top_k: int = DEFAULT_TOP_K,
        *,
        explain: bool = False,
        history: Sequence[Turn] | Any = None,
        filters: Filters | dict[str, Any] | None = None,
        max_question_chars: int = MAX_QUESTION_CHARS,
        max_top_k: int = MAX_TOP_K,
    ) -> AskResult:
        """Answer ``question`` from the documents, by the steps of :mod:`qa.answer.policy`.

        ``answer`` is ``None`` with a ``reason`` when no sentence shares a content word with
        the question (``"no_match"``) or when the best one does not account for enough of
        the question to be trusted (``"low_confidence"``, see :mod:`qa.answer.confidence`).
        A "when", "what year", "how many" or "what did X say" question looks through the
        first passages for one holding the kind of phrase it asks for.

        ``history`` (the turns so far, most recent last; :class:`~qa.answer.followup.Turn`
        or ``{"question", "document", "index"}`` dicts) lets follow-ups such as "Who said
        that?", "Is that confirmed?", "When?" or "What did he say?" be read against the
        last answer (:mod:`qa.answer.followup`). ``explain`` adds each passage's term
        scores, the evidence, and which policy step and short-answer rule decided.
        ``filters`` (SPEC "Filters") answers from only the documents passing them
        (``reason: "no_documents"`` when none does). ``max_*`` are the limits the question and ``top_k`` are checked against (the web
        layer passes its configured ones).
        """
        question = self.check_question(question, max_question_chars)
        top_k = self.check_top_k(top_k, max_top_k)
        checked = filters if isinstance(filters, Filters) else check_filters(filters)
        if checked:
            engine = self.filtered(checked)
            if engine is None:
                return AskResult(question, None, "no_documents", [])
            return engine.ask(question, top_k, explain=explain, history=history,
                              max_question_chars=max_question_chars, max_top_k=max_top_k)
        if isinstance(history, list) and all(isinstance(t, Turn) for t in history):
            turns = list(history)
        else:
            turns = check_history(history)
        check_known(turns, self._sentence_count)
        turn = turns[-1] if turns else None
        if turn is None:
            return policy.answer(self, question, top_k, explain)
        # "Where?" then "When?": both read against the last full question
        base = next((t.question for t in reversed(turns) if not is_bare(t.question)), None)
        if is_bare(turn.question) and base is not None:
            turn = Turn(base, turn.document, turn.index)
        before = self.sentence(turn.document, turn.index)
        previous = self.short_answer(turn.question, before)
        follow = interpret(question, turn, previous.text, previous.kind, before.source)
        found = policy.follow_up(self, question, follow, before)
        if found is not None:
            return found
        result = policy.answer(self, follow.question, top_k, explain)
        return AskResult(question, result.answer, result.reason, result.passages,
                         follow.question if follow.kind != "new" else None, result.decision)

    def _row(self, passage: Passage) -> int:
        """The corpus row of ``passage``'s sentence."""
        c = self.corpus
        return int(c.doc_first[c.ids[passage.document.id]]) + passage.index

    def before_in_paragraph(self, passage: Passage) -> list[Passage]:
        """The sentence just before ``passage`` when it is in the same paragraph."""
        if passage.index == 0:
            return []
        row = self._row(passage)
        if int(self.corpus.sent_para[row - 1]) != int(self.corpus.sent_para[row]):
            return []
        return [self.sentence(passage.document.id, passage.index - 1)]

    def sentence_count(self, doc_id: str) -> int | None:
        """How many sentences document ``doc_id`` has; None for an unknown id."""
        return self._sentence_count(doc_id)

    def _sentence_count(self, doc_id: str) -> int | None:
        d = self.corpus.ids.get(doc_id)
        return None if d is None else self.corpus.sentence_count(d)

    def sentence(self, doc_id: str, index: int) -> Passage:
        """Sentence number ``index`` of document ``doc_id`` as a passage (score 0)."""
        rows = self.corpus.sentence_rows(doc_id)
        if not 0 <= index < len(rows):
            raise NotFound(f"document {doc_id!r} has no sentence {index}",
                           code="unknown_sentence")
        return self.passage(rows[index])

    def short_answer(self, question: str | QuestionInfo, passage: Passage,
                     only_typed: bool = False) -> Answer:
        """The phrase of ``passage`` that answers ``question`` (:mod:`qa.answer.span`); the whole
        sentence when no phrase fits (yes/no questions, or nothing of the expected kind).
        ``only_typed``: only a date or number, for a "when" or "how many" question."""
        c = self.corpus
        first = int(c.doc_first[c.ids[passage.document.id]])
        previous = [
            (int(c.sent_start[r]), int(c.sent_end[r])) for r in range(first, first + passage.index)
        ]
        return short_answer_in(question, passage, previous, only_typed)

    def evidence(self, question: str, passage: Passage,
                 frame: frozenset[str] = frozenset(), related: float | None = None) -> Evidence:
        """How much of ``question`` the passage's sentence and surroundings account for;
        ``frame`` lists question terms that only frame it ("say" in "What did X say?");
        ``related`` is the credit of a related word (default ``RELATED_CREDIT``)."""
        row = self._row(passage)
        return passage_evidence(question, passage,
                                self._context_terms(int(self.corpus.sent_para[row])),
                                self.retriever.sentences.idf, self._unseen_idf, frame, related)

    @cached_property
    def _context_terms(self) -> Callable[[int], frozenset[str]]:
        """The terms of paragraph ``para`` and its document's title, for :meth:`evidence`;
        the most recently used ones are kept (the engine never changes)."""
        c = self.corpus

        @lru_cache(maxsize=CONTEXT_CACHE)
        def terms(para: int) -> frozenset[str]:
            doc = c.documents[int(c.para_doc[para])]
            context = doc.text[int(c.para_start[para]) : int(c.para_end[para])]
            return frozenset(tokenize(f"{doc.title}\n{context}"))

        return terms

    @cached_property
    def _unseen_idf(self) -> float:
        return unseen_idf(self.retriever.sentences.corpus_size)

    # --- documents -------------------------------------------------------------------

    @cached_property
    def documents(self) -> Sequence[Document]:
        """The documents in the collection, in order (a removed one is not among them)."""
        c = self.corpus
        if len(c.ids) == len(c.documents):
            return c.documents
        return DocumentList.picked(c.documents, np.flatnonzero(c.live_documents()))

    def document(self, doc_id: str) -> Document:
        """The document with id ``doc_id``; :class:`~qa.errors.NotFound` if none."""
        return self.corpus.document(doc_id)

    def document_sentences(self, doc_id: str) -> list[Passage]:
        """Every sentence of one document, in order, as passages with score 0."""
        return [self.passage(i) for i in self.corpus.sentence_rows(doc_id)]

    def stats(self) -> dict[str, int]:
        return {
            "documents": len(self.documents),
            "sentences": self.corpus.live_sentences(),
            "skipped": len(self.report.skipped),
        }


def short_answer_in(question: str | QuestionInfo, passage: Passage,
                    previous: Sequence[tuple[int, int]], only_typed: bool = False) -> Answer:
    """:meth:`QA.short_answer` of ``passage``, given the spans of the sentences before it in
    its document (``previous``): all it reads besides the passage and its document."""
    found = extract(question, passage.document.text, (passage.start, passage.end), previous,
                    only_typed=only_typed)
    if found is None or found.kind == "sentence":
        return Answer(passage.text, None, passage)
    if found.in_sentence:
        span = (found.start - passage.start, found.end - passage.start)
        return Answer(found.text, span, passage, kind=found.kind, rule=found.rule,
                      score=found.score)
    pronoun = found.replaces or (passage.start, passage.start)
    return Answer(
        found.text,
        None,
        passage,
        kind=found.kind,
        replaces=(pronoun[0] - passage.start, pronoun[1] - passage.start),
        found_at=(found.start, found.end),
        rule=found.rule,
        score=found.score,
    )


def passage_evidence(question: str, passage: Passage, context: frozenset[str],
                     idf: Mapping[str, float], unseen: float,
                     frame: frozenset[str] = frozenset(), related: float | None = None
                     ) -> Evidence:
    """:meth:`QA.evidence` of ``passage``, given its paragraph's ``context`` terms, the
    collection's sentence ``idf`` and the idf of a term no sentence holds (``unseen``)."""
    # A resolved pronoun source ("He suggested ..." -> "Lim Eulchul") is named by the
    # sentence as much as by its own words.
    return weigh(
        [t for t in tokenize(question) if t not in frame],
        _terms(passage.text) | _terms(passage.source or ""),
        context,
        idf,
        unseen,
        RELATED_CREDIT if related is None else related,
        _terms(passage.document.title or ""),
    )


def unseen_idf(sentences: int) -> float:
    """The idf a word no sentence contains would have (document frequency 0, Lucene's
    formula) among ``sentences``: more than the rarest word seen, as a word the documents
    never use is the strongest sign they cannot answer."""
    return math.log(1 + (sentences + 0.5) / 0.5)


def save_index(engine: QA, directory: str | Path, *, paths: Sequence[str] = ()) -> Path:
    """Write ``engine``'s index to ``directory`` atomically (:mod:`qa.index.store`);
    ``paths`` are what it was built from, for the rebuild command a stale index names."""
    return save_retriever(engine.retriever, directory, paths=paths)


def load_index(directory: str | Path) -> QA:
    """The engine saved in ``directory`` (by :func:`save_index` or ``qa index``),
    memory-mapped; with a document store beside it, at the store's latest state, documents
    added or removed since included (:class:`qa.live.LiveIndex` keeps it current)."""
    from qa.index.database import FILENAME

    if (Path(directory) / FILENAME).is_file():
        from qa.live import LiveIndex

        live = LiveIndex(directory)
        engine = live.engine
        live.close()
        return engine
    retriever = load_retriever(directory)
    return QA(retriever.corpus, retriever)
