"""The SQuAD v1.1 benchmarks: answer-sentence retrieval, short answers and abstention.

As ``../shared/eval/README.md`` defines them: every paragraph of
``eval/external/squad-v1.1/dev-v1.1.json`` is one document (id = paragraph number from 1,
title = article title) and the engine searches the whole pool. Questions whose article
title sorts among the first 24 of the 48 titles are ``"dev"``, the rest ``"test"``.

* :func:`retrieval`: rank k of a question is the position of the first returned passage of
  its own paragraph whose ``[start, end)`` holds a gold ``answer_start``; R@1, R@5 and MRR
  (0 beyond 10). Optionally plain ``rank_bm25.BM25Okapi`` on lower-case ``\\w+`` tokens of
  the same sentences, side by side.
* :func:`answers`: SQuAD exact match and F1 (in %) of the short answer, in three settings:
  ``oracle`` (the sentence holding the first gold start is handed to ``qa.answer.span.extract``:
  extraction alone), ``pool`` (the first passage of ``engine.search(question, 1)``) and
  ``service`` (``engine.ask(question, 1).answer.text``; a refusal counts as wrong).
* :func:`abstention`: on the full pool, the share of questions answered (and answered from
  the right sentence); with each question's own article removed from the pool, where any
  answer is wrong, the share refused.

Each function takes the shared folder, or a :class:`SquadPool` already loaded from it so
that several benchmarks build the engine once, and a split (``"dev"``, ``"test"`` or
``"all"``), and returns a dict of figures.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.answer.question import analyze
from qa.answer.span import extract
from qa.engine import QA, Progress
from qa.evaluation.metrics import answer_f1, best, exact_match, rank_metrics
from qa.index.retrieval import RetrievalParams
from qa.text.documents import Document
from qa.text.sentences import split_sentences

__all__ = [
    "SQUAD",
    "SQUAD2",
    "SquadPool",
    "SquadQuestion",
    "abstention",
    "answers",
    "load_squad",
    "oracle_sentence",
    "predict",
    "rank_of",
    "retrieval",
    "unanswerable",
]

#: Where SQuAD v1.1 dev lives under the shared folder.
SQUAD = "eval/external/squad-v1.1/dev-v1.1.json"
#: Where SQuAD 2.0 dev (reconstructed) lives: half its questions have no answer.
SQUAD2 = "eval/external/squad-v2.0/dev-v2.0.reconstructed.json.gz"
_SPLITS = ("dev", "test", "all")


@dataclass(frozen=True, slots=True)
class SquadQuestion:
    """One SQuAD question: its paragraph (document ``doc``, row ``row`` of the pool)."""

    id: str
    question: str
    doc: str
    row: int
    split: str
    starts: tuple[int, ...]
    answers: tuple[str, ...]


def load_squad(shared: Path, version: str = "1.1"
               ) -> tuple[list[Document], list[SquadQuestion]]:
    """The paragraph documents and the questions of SQuAD dev under ``shared``: v1.1, or
    ``"2.0"``, whose unanswerable questions have no ``answers``. Both split by the v1.1
    titles: an article is dev when its title is among the first 24 of the 48 (sorted)."""
    path = Path(shared) / SQUAD
    if not path.is_file():
        raise FileNotFoundError(f"SQuAD v1.1 not found at {path}")
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    dev_titles = set(sorted(article["title"] for article in data)[:24])
    if version == "2.0":
        path = Path(shared) / SQUAD2
        if not path.is_file():
            raise FileNotFoundError(f"SQuAD 2.0 not found at {path}")
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))["data"]
    documents: list[Document] = []
    questions: list[SquadQuestion] = []
    for article in data:
        split = "dev" if article["title"] in dev_titles else "test"
        for paragraph in article["paragraphs"]:
            row = len(documents)
            doc_id = str(row + 1)
            documents.append(Document(id=doc_id, title=article["title"],
                                      text=paragraph["context"], source=f"squad:{doc_id}"))
            for q in paragraph["qas"]:
                questions.append(SquadQuestion(
                    id=q["id"], question=q["question"], doc=doc_id, row=row, split=split,
                    starts=tuple(a["answer_start"] for a in q["answers"]),
                    answers=tuple(a["text"] for a in q["answers"]),
                ))
    return documents, questions


class SquadPool:
    """SQuAD loaded once, with the whole-pool engine built on first use."""

    def __init__(self, documents: list[Document], questions: list[SquadQuestion],
                 params: RetrievalParams | None = None,
                 progress: Progress | None = None) -> None:
        self.documents = documents
        self.questions = questions
        self.params = params
        self.progress = progress
        self.build_seconds = 0.0
        self._engine: QA | None = None

    @classmethod
    def load(cls, shared: Path, params: RetrievalParams | None = None,
             progress: Progress | None = None, version: str = "1.1") -> SquadPool:
        return cls(*load_squad(shared, version), params=params, progress=progress)

    @property
    def engine(self) -> QA:
        """One engine over every paragraph (built on first use; see :attr:`build_seconds`)."""
        if self._engine is None:
            started = time.perf_counter()
            self._engine = QA.from_documents(self.documents, params=self.params,
                                             progress=self.progress)
            self.build_seconds = time.perf_counter() - started
        return self._engine

    def split(self, split: str) -> list[SquadQuestion]:
        """The questions of ``split`` (``"dev"``, ``"test"`` or ``"all"``)."""
        if split not in _SPLITS:
            raise ValueError(f"split must be one of {', '.join(_SPLITS)}, got {split!r}")
        return [q for q in self.questions if split == "all" or q.split == split]


def _pool(shared: Path | SquadPool, progress: Progress | None) -> SquadPool:
    return shared if isinstance(shared, SquadPool) else SquadPool.load(shared, progress=progress)


def _tick(progress: Progress | None, stage: str, total: int) -> Callable[[], None]:
    """A call that advances ``stage`` by one of ``total`` steps (nothing without progress)."""
    if progress is None:
        return lambda: None
    return lambda: progress(stage, 1, total)


def rank_of(passages: Sequence[tuple[str, int, int]], q: SquadQuestion) -> int | None:
    """1-based rank of the first passage ``(doc, start, end)`` holding a gold answer start."""
    for k, (doc, start, end) in enumerate(passages, start=1):
        if doc == q.doc and any(start <= s < end for s in q.starts):
            return k
    return None


def retrieval(shared: Path | SquadPool, split: str = "dev", *, baseline: bool = False,
              progress: Progress | None = None) -> dict[str, Any]:
    """Answer-sentence retrieval: R@1, R@5, MRR of the engine (and of ``rank_bm25``).

    Returns ``questions``, ``sentences``, ``build_s``, ``ms_per_question`` (the engine's
    search time) and ``systems``: ``{"engine": {...}}`` plus ``"rank_bm25 \\w+"`` with
    ``baseline``.
    """
    pool = _pool(shared, progress)
    qs = pool.split(split)
    engine = pool.engine
    corpus = engine.corpus
    tick = _tick(progress, "Retrieval", len(qs))
    started = time.perf_counter()
    ours = []
    for q in qs:
        hits = engine.search(q.question, top_k=10)
        ours.append(rank_of([(p.document.id, p.start, p.end) for p in hits], q))
        tick()
    elapsed = time.perf_counter() - started
    systems = {"engine": rank_metrics(ours)}
    if baseline:
        import numpy as np
        from rank_bm25 import BM25Okapi

        tokens = [re.findall(r"\w+", corpus.sentence_text(i).lower()) for i in range(len(corpus))]
        bm25 = BM25Okapi(tokens)
        where = [(corpus.documents[int(corpus.sent_doc[i])].id, int(corpus.sent_start[i]),
                  int(corpus.sent_end[i])) for i in range(len(corpus))]
        tick = _tick(progress, "rank_bm25", len(qs))
        theirs = []
        for q in qs:
            scores = bm25.get_scores(re.findall(r"\w+", q.question.lower()))
            top = np.argsort(-scores, kind="stable")[:10]
            theirs.append(rank_of([where[i] for i in top], q))
            tick()
        systems["rank_bm25 \\w+"] = rank_metrics(theirs)
    return {
        "split": split,
        "questions": len(qs),
        "sentences": len(corpus),
        "build_s": pool.build_seconds,
        "ms_per_question": 1000 * elapsed / max(1, len(qs)),
        "systems": systems,
    }


def oracle_sentence(sentences: Sequence[tuple[int, int]], start: int) -> int:
    """The number of the sentence holding character ``start`` (the last one if none)."""
    for k, (a, b) in enumerate(sentences):
        if a <= start < b:
            return k
    return max(0, len(sentences) - 1)


def predict(question: str, text: str, sentences: Sequence[tuple[int, int]], k: int) -> str:
    """The extractor's short answer from sentence ``k`` of ``text`` (the whole sentence if
    it finds none), with the earlier sentences as context."""
    found = extract(question, text, sentences[k], list(sentences[:k]))
    return found.text if found is not None else text[sentences[k][0]:sentences[k][1]]


def answers(shared: Path | SquadPool, split: str = "dev", *,
            progress: Progress | None = None) -> dict[str, Any]:
    """Short answers: SQuAD EM and F1 (in %) in the oracle, pool and service settings.

    Returns ``questions``, ``extract_ms`` (per question, oracle setting), ``oracle``,
    ``pool`` and ``service`` (each ``{"EM", "F1"}``), ``refused`` (count of null
    answers, counted wrong) and ``by_type`` (oracle figures per expected answer type).
    """
    pool = _pool(shared, progress)
    documents = pool.documents
    qs = pool.split(split)
    engine = pool.engine
    by_id = {d.id: k for k, d in enumerate(documents)}
    sentences: dict[int, list[tuple[int, int]]] = {}
    scores = {"oracle": [0.0, 0.0], "pool": [0.0, 0.0], "service": [0.0, 0.0]}
    refused = 0
    spent = 0.0
    by_type: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    tick = _tick(progress, "Answers", len(qs))
    for q in qs:
        d = q.row
        sents = sentences.setdefault(d, split_sentences(documents[d].text))
        t = time.perf_counter()
        pred = predict(q.question, documents[d].text, sents, oracle_sentence(sents, q.starts[0]))
        spent += time.perf_counter() - t
        em, f1 = best(exact_match, pred, q.answers), best(answer_f1, pred, q.answers)
        scores["oracle"][0] += em
        scores["oracle"][1] += f1
        row = by_type[analyze(q.question).answer_type]
        row[0] += 1
        row[1] += em
        row[2] += f1
        hits = engine.search(q.question, 1)
        if hits:
            p = hits[0]
            pd = by_id[p.document.id]
            psents = sentences.setdefault(pd, split_sentences(documents[pd].text))
            pred = predict(q.question, documents[pd].text, psents, p.index)
        else:
            pred = ""
        scores["pool"][0] += best(exact_match, pred, q.answers)
        scores["pool"][1] += best(answer_f1, pred, q.answers)
        answer = engine.ask(q.question, 1).answer
        refused += answer is None
        pred = "" if answer is None else answer.text
        scores["service"][0] += best(exact_match, pred, q.answers)
        scores["service"][1] += best(answer_f1, pred, q.answers)
        tick()
    n = max(1, len(qs))
    out: dict[str, Any] = {"split": split, "questions": len(qs), "extract_ms": 1000 * spent / n}
    for name, (em, f1) in scores.items():
        out[name] = {"EM": 100 * em / n, "F1": 100 * f1 / n}
    out["refused"] = refused
    out["refused_share"] = refused / n
    out["by_type"] = {
        kind: {"n": int(c), "EM": 100 * e / c, "F1": 100 * f / c}
        for kind, (c, e, f) in sorted(by_type.items(), key=lambda kv: -kv[1][0])
    }
    return out


def abstention(shared: Path | SquadPool, split: str = "dev", *,
               progress: Progress | None = None) -> dict[str, Any]:
    """When does the engine say "I don't know"? Shares of answered and refused questions.

    Returns ``questions``; on the full pool ``answered``, ``answered_right`` (from the
    right sentence) and ``precision`` (right among answered); with each question's own
    article removed, ``refused`` and ``bm25_refuses`` (share with no passage at all).
    """
    pool = _pool(shared, progress)
    qs = pool.split(split)
    full = pool.engine
    tick = _tick(progress, "Answerable", len(qs))
    answered = right = 0
    for q in qs:
        result = full.ask(q.question, top_k=1)
        if result.answer is not None:
            answered += 1
            p = result.answer.sentence
            right += rank_of([(p.document.id, p.start, p.end)], q) == 1
        tick()
    title = {d.id: d.title for d in pool.documents}
    refused = matched = 0
    articles = sorted({title[q.doc] for q in qs})
    tick = _tick(progress, "Removed", len(qs))
    for article in articles:
        without = QA.from_documents([d for d in pool.documents if d.title != article],
                                    params=pool.params)
        for q in (q for q in qs if title[q.doc] == article):
            result = without.ask(q.question, top_k=1)
            refused += result.answer is None
            matched += bool(result.passages)
            tick()
    n = max(1, len(qs))
    return {
        "split": split,
        "questions": len(qs),
        "articles": len(articles),
        "answered": answered / n,
        "answered_right": right / n,
        "precision": right / max(1, answered),
        "refused": refused / n,
        "bm25_refuses": 1 - matched / n,
    }


def unanswerable(shared: Path | SquadPool, split: str = "dev", *,
                 progress: Progress | None = None) -> dict[str, Any]:
    """SQuAD 2.0 over the whole pool, scored as the official v2 script does: a question
    with no answer is right (EM = F1 = 1) only when the service refuses it, an answerable
    one scores the EM and F1 of ``answer.text`` (0 when refused).

    Returns ``questions``, ``EM``, ``F1`` (in %), ``HasAns`` (``{"n", "EM", "F1"}``) and
    ``NoAns`` (``{"n", "accuracy"}``, in %).
    """
    pool = shared if isinstance(shared, SquadPool) else SquadPool.load(
        shared, progress=progress, version="2.0")
    qs = pool.split(split)
    engine = pool.engine
    tick = _tick(progress, "SQuAD 2.0", len(qs))
    has = [0, 0.0, 0.0]
    no = [0, 0]
    for q in qs:
        answer = engine.ask(q.question, 1).answer
        if q.answers:
            pred = "" if answer is None else answer.text
            has[0] += 1
            has[1] += best(exact_match, pred, q.answers)
            has[2] += best(answer_f1, pred, q.answers)
        else:
            no[0] += 1
            no[1] += answer is None
        tick()
    n = max(1, len(qs))
    return {
        "split": split,
        "questions": len(qs),
        "EM": 100 * (has[1] + no[1]) / n,
        "F1": 100 * (has[2] + no[1]) / n,
        "HasAns": {"n": has[0], "EM": 100 * has[1] / max(1, has[0]),
                   "F1": 100 * has[2] / max(1, has[0])},
        "NoAns": {"n": no[0], "accuracy": 100 * no[1] / max(1, no[0])},
    }
