"""The engine: documents in, answers out.

``QA`` ties the pieces together: it loads documents (:mod:`qa.text.documents`), builds the
sentence table (:mod:`qa.index.corpus`) and the retriever (:mod:`qa.index.retrieval`) once, and answers
questions with :meth:`QA.ask`, whose result's ``to_dict()`` is the SPEC's answer object.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from qa.analysis.reporting import PRONOUNS
from qa.answer.confidence import Evidence, weigh
from qa.answer.followup import Turn, check_history, interpret, is_bare, latest
from qa.answer.question import QuestionInfo, analyze
from qa.answer.results import Answer, AskResult, Passage
from qa.answer.span import ClaimQuestion, asks_speaker, claim_verb, extract, subject_of_verb
from qa.errors import InvalidRequest, NoDocuments, NotFound
from qa.index.corpus import Corpus
from qa.index.retrieval import RetrievalParams, Retriever
from qa.index.store import load_retriever, save_retriever
from qa.text.documents import Document, LoadReport, find_files, load_files
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
#: Passages looked through for one that holds the kind of phrase a "when", "how many" or
#: "what did X say" question asks for, when the best one does not.
TYPED_POOL = 5
_TYPED_ANSWERS = {"date": ("date",), "number": ("number",)}
#: A sentence that opens by pointing back at the one before ("During this visit, ...").
_ANAPHOR = re.compile(
    r"^\W*(?:(?:during|after|before|at|in|since|on|by)\s+)?(?:this|that|these|those)\s+\w+",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b\d{4}s?\b")
DEFAULT_TOP_K = 3


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
        log.info("indexed %d documents, %d sentences", len(corpus.documents), len(corpus))

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
        """An engine over the ``.txt``/``.md``/``.html``/``.jsonl`` files in ``paths``.

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
                f"no readable .txt, .md, .html or .jsonl documents in {shown}"
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
                f"question must be a string, got {type(question).__name__}",
                code="invalid_question",
            )
        question = question.strip()
        if not question:
            raise InvalidRequest("question must not be empty", code="invalid_question")
        if len(question) > max_chars:
            raise InvalidRequest(
                f"question is {len(question)} characters long; at most {max_chars} are "
                "accepted",
                code="question_too_long",
            )
        return question

    @staticmethod
    def check_top_k(top_k: Any, max_top_k: int = MAX_TOP_K) -> int:
        """``top_k`` if it is an integer in 1..max_top_k, else :class:`InvalidRequest`."""
        if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= max_top_k:
            raise InvalidRequest(
                f"top_k must be an integer from 1 to {max_top_k}, got {top_k!r}",
                code="invalid_top_k",
            )
        return top_k

    def passage(self, sentence: int, score: float = 0.0) -> Passage:
        """Sentence number ``sentence`` as a :class:`Passage`."""
        c = self.corpus
        start, end = int(c.sent_start[sentence]), int(c.sent_end[sentence])
        doc = c.documents[int(c.sent_doc[sentence])]
        return Passage(
            text=doc.text[start:end],
            score=score,
            document=doc,
            index=int(c.sent_index[sentence]),
            start=start,
            end=end,
            extra=c.notes.to_dict(sentence),
        )

    def search(
        self,
        question: str,
        top_k: int = DEFAULT_TOP_K,
        *,
        explain: bool = False,
        max_question_chars: int = MAX_QUESTION_CHARS,
        max_top_k: int = MAX_TOP_K,
    ) -> list[Passage]:
        """The best ``top_k`` sentences for ``question``, best first.

        With ``explain``, each passage carries ``explain``: every query term's share of the
        sentence's own BM25 score and of its paragraph's weighted score. ``max_*`` are the
        limits the question and ``top_k`` are checked against.
        """
        question = self.check_question(question, max_question_chars)
        top_k = self.check_top_k(top_k, max_top_k)
        return self._search(question, top_k, explain)

    def _search(self, question: str, top_k: int, explain: bool) -> list[Passage]:
        terms = tokenize(question)
        hits = self.retriever.search(terms, top_k)
        passages = [self.passage(i, s) for i, s in hits]
        if explain:
            for (i, _), p in zip(hits, passages):
                p.extra["explain"] = self.retriever.explain(terms, i)
        return passages

    def ask(
        self,
        question: str,
        top_k: int = DEFAULT_TOP_K,
        *,
        explain: bool = False,
        history: Sequence[Turn] | Any = None,
        max_question_chars: int = MAX_QUESTION_CHARS,
        max_top_k: int = MAX_TOP_K,
    ) -> AskResult:
        """Answer ``question`` from the documents.

        ``answer`` is ``None`` with a ``reason`` when no sentence shares a content word with
        the question (``"no_match"``) or when the best one does not account for enough of
        the question to be trusted (``"low_confidence"``, see :mod:`qa.answer.confidence`).

        A "when", "what year" or "how many" question whose best passage holds no phrase of
        that kind is answered from the first of the next passages (``TYPED_POOL`` in all)
        that does and passes the same evidence check; that passage then comes first. So is
        a question about someone's claim (:func:`qa.answer.span.claim_verb`) whose best passage
        holds no claim by that speaker. A "what year" question with no year there, and a
        claim question naming a speaker no passage has as its source, are refused
        (``"low_confidence"``): "June" is no answer to the one, and a sentence that merely
        mentions Kim Jong Un is no answer to "What did Kim Jong Un say?".

        ``history`` (the turns so far, most recent last; :class:`~qa.answer.followup.Turn` or
        ``{"question", "document", "index"}`` dicts) lets follow-ups such as "Who said
        that?", "Is that confirmed?", "When?" or "What did he say?" be read against the
        last answer (:mod:`qa.answer.followup`). ``max_*`` are the limits the question and
        ``top_k`` are checked against (the web layer passes its configured ones).
        """
        question = self.check_question(question, max_question_chars)
        top_k = self.check_top_k(top_k, max_top_k)
        if isinstance(history, list) and all(isinstance(t, Turn) for t in history):
            turns = list(history)
        else:
            turns = check_history(history)
        turn = latest(turns, self._knows)
        if turn is None:
            return self._ask(question, top_k, explain)
        # "Where?" then "When?": both read against the last full question
        base = next((t.question for t in reversed(turns) if not is_bare(t.question)), None)
        if is_bare(turn.question) and base is not None:
            turn = Turn(base, turn.document, turn.index)
        before = self.sentence(turn.document, turn.index)
        previous = self.short_answer(turn.question, before)
        follow = interpret(question, turn, previous.text, previous.kind,
                           before.extra.get("attribution", {}).get("source"))
        if follow.kind == "source":
            return self._source_of(question, before)
        if follow.kind == "certainty":
            return AskResult(question, Answer(before.text, None, before), None, [before])
        if follow.kind == "ellipsis":
            # "When?" about a sentence: the phrase of the asked kind in it, else, when it
            # points back ("During this visit, the leaders signed ..."), in the sentence
            # before it in its paragraph ("... Putin's rare visit to Pyongyang in June.")
            info = analyze(follow.question)
            typed = info.answer_type in _TYPED_ANSWERS
            found = self.short_answer(info, before)
            if found.span is not None and (not typed or _fits(info, None, found)):
                return AskResult(question, found, None, [before], follow.question)
            anaphor = typed and _ANAPHOR.match(before.text) is not None
            for where in self._before_in_paragraph(before) if anaphor else ():
                found = self.short_answer(info, where, only_typed=True)
                if found.span is not None and _fits(info, None, found):
                    return AskResult(question, found, None, [where], follow.question)
        result = self._ask(follow.question, top_k, explain)
        return AskResult(question, result.answer, result.reason, result.passages,
                         follow.question if follow.kind != "new" else None)

    def _ask(self, question: str, top_k: int, explain: bool) -> AskResult:
        info = analyze(question)
        claim = claim_verb(info)
        typed = info.answer_type in _TYPED_ANSWERS or claim is not None
        # "say" in "What did experts say?" asks for any report, in any words. (Leaving
        # "many" out of "How many ...?" the same way refused 0.6 points fewer SQuAD
        # questions whose article was removed, so it still counts.)
        frame = frozenset({claim.stem}) if claim is not None and claim.generic else frozenset()
        pool = self._search(question, max(top_k, TYPED_POOL) if typed else top_k, explain)
        if not pool:
            return AskResult(question, None, "no_match", [])
        # The answer comes from the best passage if it accounts for the question (see
        # qa.answer.confidence). A typed question looks further, for the first passage that also
        # holds the kind of phrase it asks for: "When ...?" a date, "What did the
        # minister say?" the minister's claim. (Looking further for every question
        # answered 1.1 points more of SQuAD dev but refused 2.5 points fewer questions
        # whose article was removed: more wrong answers given with confidence.)
        first: tuple[int, Answer] | None = None
        chosen: tuple[int, Answer] | None = None
        for k, passage in enumerate(pool[: TYPED_POOL if typed else 1]):
            evidence = self.evidence(question, passage, frame)
            if explain and k == 0:
                passage.extra["evidence"] = evidence.to_dict()
            if evidence.verdict() is not None:
                continue
            answer = self.short_answer(info, passage)
            first = first or (k, answer)
            if not typed or _fits(info, claim, answer):
                chosen = (k, answer)
                break
        if chosen is None and first is not None:
            # "What year ...?" answered "June"; "What did Kim say?" where Kim says nothing
            unsaid = claim is not None and self._unsaid(info, claim, pool[:TYPED_POOL])
            # "How many ...?" of a sentence that holds no number at all: nothing there can
            # answer it. (The same for "when" and a sentence with no date refused 1.5
            # points of answerable SQuAD questions for 0.6 of unanswerable ones: dates are
            # often written as events, "during the war".)
            countless = info.answer_type == "number" and self.short_answer(
                info, pool[first[0]], only_typed=True).span is None
            if info.head not in ("year", "years") and not unsaid and not countless:
                chosen = first
            if claim is None and _ANAPHOR.match(pool[first[0]].text):
                # "During this visit, the leaders signed ...": the visit, and its date,
                # are in the sentence before
                for where in self._before_in_paragraph(pool[first[0]]):
                    found = self.short_answer(info, where, only_typed=True)
                    if found.span is not None and _fits(info, None, found):
                        return AskResult(question, found, None, [where, *pool][:top_k])
        if chosen is None:
            return AskResult(question, None, "low_confidence", pool[:top_k])
        k, answer = chosen
        best = pool[k]
        if asks_speaker(info) and subject_of_verb(
            info, best.document.text, (best.start, best.end)
        ) is None:
            # "Who says ...?" of "Recent reports suggest ...": whoever the sentence
            # attributes its claim to (when the verb itself has a subject there, the
            # extractor has taken it: "although both nations have denied ...")
            said_by = self.source_answer(best, name_only=True)
            # an unresolved pronoun names nobody: no answer to "Who says ...?"
            if said_by is not None and said_by.text.lower() not in PRONOUNS:
                answer = said_by
        passages = [pool[k], *pool[:k], *pool[k + 1 :]]
        return AskResult(question, answer, None, passages[:top_k])

    @staticmethod
    def _unsaid(info: QuestionInfo, claim: ClaimQuestion, passages: Sequence[Passage]) -> bool:
        """Whether a claim question names its speaker ("What did Kim Jong Un say?") and no
        passage has that speaker as its source: the documents do not report them."""
        named = re.findall(r"\b[A-Z][\w'’-]*", info.text)[1:]
        if not named or not claim.subject:
            return False
        return not any(_said_by(claim, p) for p in passages)

    def _row(self, passage: Passage) -> int:
        """The corpus row of ``passage``'s sentence."""
        c = self.corpus
        return int(c.doc_first[c.ids[passage.document.id]]) + passage.index

    def _before_in_paragraph(self, passage: Passage) -> list[Passage]:
        """The sentence just before ``passage`` when it is in the same paragraph."""
        if passage.index == 0:
            return []
        row = self._row(passage)
        if int(self.corpus.sent_para[row - 1]) != int(self.corpus.sent_para[row]):
            return []
        return [self.sentence(passage.document.id, passage.index - 1)]

    def _knows(self, turn: Turn) -> bool:
        d = self.corpus.ids.get(turn.document)
        return d is not None and turn.index < self.corpus.sentence_count(d)

    def sentence(self, doc_id: str, index: int) -> Passage:
        """Sentence number ``index`` of document ``doc_id`` as a passage (score 0)."""
        rows = self.corpus.sentence_rows(doc_id)
        if not 0 <= index < len(rows):
            raise NotFound(f"document {doc_id!r} has no sentence {index}",
                           code="unknown_sentence")
        return self.passage(rows[index])

    def _source_of(self, question: str, passage: Passage) -> AskResult:
        """The answer to "Who said that?": the source of ``passage``'s claim."""
        answer = self.source_answer(passage)
        if answer is None:
            return AskResult(question, None, "no_attribution", [passage])
        return AskResult(question, answer, None, [passage])

    @staticmethod
    def source_answer(passage: Passage, name_only: bool = False) -> Answer | None:
        """Who makes the claim of ``passage`` as an answer (kind ``person``): the source's
        span in the sentence, or, for a resolved pronoun, the name with ``replaces`` and
        ``found_at``; None in the author's own voice. ``name_only`` leaves out an
        appositive ("Lim Eulchul, a professor at ..." -> "Lim Eulchul")."""
        source = passage.extra["attribution"]["source"]
        if source is None:
            return None
        if name_only:
            source = source.split(", ", 1)[0]
        at = passage.text.find(source)
        if at >= 0:
            return Answer(source, (at, at + len(source)), passage, kind="person")
        # A pronoun source ("He suggested ..."), named earlier in the document.
        pronoun = re.match(r"\W*(he|she|they|it|we)\b", passage.text, re.IGNORECASE)
        named = passage.document.text.rfind(source, 0, passage.start)
        return Answer(
            source, None, passage, kind="person",
            replaces=pronoun.span(1) if pronoun else None,
            found_at=(named, named + len(source)) if named >= 0 else None,
        )

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
        found = extract(question, passage.document.text, (passage.start, passage.end), previous,
                        only_typed=only_typed)
        if found is None or found.kind == "sentence":
            return Answer(passage.text, None, passage)
        if found.in_sentence:
            span = (found.start - passage.start, found.end - passage.start)
            return Answer(found.text, span, passage, kind=found.kind)
        pronoun = found.replaces or (passage.start, passage.start)
        return Answer(
            found.text,
            None,
            passage,
            kind=found.kind,
            replaces=(pronoun[0] - passage.start, pronoun[1] - passage.start),
            found_at=(found.start, found.end),
        )

    def evidence(self, question: str, passage: Passage,
                 frame: frozenset[str] = frozenset()) -> Evidence:
        """How much of ``question`` the passage's sentence and surroundings account for;
        ``frame`` lists question terms that only frame it ("say" in "What did X say?")."""
        row = self._row(passage)
        # A resolved pronoun source ("He suggested ..." -> "Lim Eulchul") is named by the
        # sentence as much as by its own words.
        source = passage.extra.get("attribution", {}).get("source") or ""
        return weigh(
            [t for t in tokenize(question) if t not in frame],
            set(tokenize(passage.text)) | set(tokenize(source)),
            self._context_terms(int(self.corpus.sent_para[row])),
            self.retriever.sentences.idf,
            self._unseen_idf,
        )

    @cached_property
    def _context_terms(self) -> Callable[[int], frozenset[str]]:
        """The terms of paragraph ``para`` and its document's title, for :meth:`evidence`;
        the most recently used ones are kept (the engine never changes)."""
        c = self.corpus

        @lru_cache(maxsize=CONTEXT_CACHE)
        def terms(para: int) -> frozenset[str]:
            doc = self.documents[int(c.para_doc[para])]
            context = doc.text[int(c.para_start[para]) : int(c.para_end[para])]
            return frozenset(tokenize(f"{doc.title}\n{context}"))

        return terms

    @cached_property
    def _unseen_idf(self) -> float:
        """The idf a word no sentence contains would have (document frequency 0, Lucene's
        formula): more than the rarest word seen, as a word the documents never use is the
        strongest sign they cannot answer."""
        n = self.retriever.sentences.corpus_size
        return math.log(1 + (n + 0.5) / 0.5)

    # --- documents -------------------------------------------------------------------

    @property
    def documents(self) -> Sequence[Document]:
        return self.corpus.documents

    def document(self, doc_id: str) -> Document:
        """The document with id ``doc_id``; :class:`~qa.errors.NotFound` if none."""
        return self.corpus.document(doc_id)

    def document_sentences(self, doc_id: str) -> list[Passage]:
        """Every sentence of one document, in order, as passages with score 0."""
        return [self.passage(i) for i in self.corpus.sentence_rows(doc_id)]

    def stats(self) -> dict[str, int]:
        return {
            "documents": len(self.corpus.documents),
            "sentences": len(self.corpus),
            "skipped": len(self.report.skipped),
        }


def _said_by(claim: ClaimQuestion, passage: Passage) -> bool:
    """Whether ``passage``'s source holds every word naming the speaker ``claim`` asks about."""
    source = passage.extra.get("attribution", {}).get("source") or ""
    return set(claim.subject) <= set(tokenize(source))


def _fits(info: QuestionInfo, claim: ClaimQuestion | None, answer: Answer) -> bool:
    """Whether ``answer`` is the kind of phrase ``info`` asks for: "What year" a year,
    "When" a date, "How many" a number, "What did the minister say?" a claim whose source
    holds every word naming the speaker in the question ("minister")."""
    if claim is not None:
        return answer.kind == "claim" and _said_by(claim, answer.sentence)
    if answer.kind not in _TYPED_ANSWERS.get(info.answer_type, ()):
        return False
    return info.head not in ("year", "years") or _YEAR.search(answer.text) is not None


def save_index(engine: QA, directory: str | Path, *, paths: Sequence[str] = ()) -> Path:
    """Write ``engine``'s index to ``directory`` atomically (:mod:`qa.index.store`);
    ``paths`` are what it was built from, for the rebuild command a stale index names."""
    return save_retriever(engine.retriever, directory, paths=paths)


def load_index(directory: str | Path) -> QA:
    """The engine saved in ``directory`` by :func:`save_index`, memory-mapped."""
    retriever = load_retriever(directory)
    return QA(retriever.corpus, retriever)
