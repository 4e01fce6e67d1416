"""Which of the retrieved sentences answers: a learned ranking, and when none does.

BM25 ranks sentences by the question's words they share. A reader judging the same
candidates also asks whether the sentence holds the kind of phrase asked for, whether its
article is the one the question is about (its title, how many of the candidates come from
it), whether the question's rarest word is missing, and how much of the question the
sentence and its paragraph account for, by exact words and by the words WordNet relates to
them. :func:`features` measures those for each of the first :data:`POOL` sentences
retrieval found, cheaply (no phrase is cut); :func:`model` is a logistic model giving
the probability that a candidate is the sentence that answers. The policy reads the
candidates in that order and answers only when the best one's probability reaches the
model's threshold and its words pass the evidence check (:mod:`qa.answer.policy`).

What it buys, measured: the threshold more than the order. Re-ordering puts the right
sentence first for 0.354 of the answerable reader train questions (five-fold
cross-validated) against 0.344 in BM25's order, and for 0.717 against 0.713 of SQuAD v1.1
dev; the right sentence is among BM25's first 20 for only 0.63 of the reader questions,
so retrieval, not ordering, limits them. The threshold refuses more unanswerable reader
train questions (0.52 against 0.36) for a few answerable ones (0.64 against 0.69).

The weights are plain numbers in ``qa/data/ranking_weights.json``, fitted by
``scripts/train_ranking.py`` on the dev half of SQuAD v1.1 (whole pool), the dev half of
SQuAD 2.0 and the train half of the reader
questions in ``examples/readers/``; the file states its provenance and how the threshold
was chosen. Without the file the candidates keep BM25's order and the evidence check
(:mod:`qa.answer.confidence`) alone decides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from qa.answer.candidates import tokenize_span
from qa.answer.confidence import Evidence
from qa.answer.likelihood import Model, load
from qa.answer.question import QuestionInfo
from qa.answer.results import Passage

__all__ = ["FEATURES", "POOL", "features", "model"]

#: How many of retrieval's sentences are ranked again.
POOL = 8
_DATE_CLASSES = frozenset({"month", "weekday", "year", "time"})
_TYPES = ("person", "date", "number", "place", "reason", "noun_phrase", "manner", "any")
FEATURES = (
    "coverage", "sentence_coverage", "exact_coverage", "exact_sentence_coverage",
    "missing_rarest", "question_terms", "title_coverage",
    "log_score", "score_ratio", "bm25_rank_inverse", "document_share", "document_count",
    "lede", "position_inverse", "log_length", "new_names", "new_numbers",
    *(f"{t}:{f}" for t in _TYPES for f in ("has_kind", "lacks_kind", "sentence_coverage")),
)


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped ranker, or None when ``qa/data/ranking_weights.json`` is absent. Its
    ``threshold`` is the least probability of the best candidate at which an answer is
    given."""
    return load("ranking_weights.json", FEATURES)


def _kind_present(answer_type: str, tokens: Sequence, new_names: int, new_numbers: int) -> bool:
    """Whether the sentence holds a phrase of the kind ``answer_type`` asks for."""
    if answer_type == "date":
        return any(t.cls in _DATE_CLASSES for t in tokens)
    if answer_type == "number":
        return new_numbers > 0
    if answer_type in ("person", "place"):
        return new_names > 0
    return True


def features(info: QuestionInfo, evidence: Evidence, exact: Evidence,
             pool: Sequence[Passage], k: int) -> dict[str, float]:
    """The features of ``pool[k]`` as the answer sentence of ``info``.

    ``evidence`` counts related words (and gives the title's share of the question),
    ``exact`` only the question's own."""
    passage = pool[k]
    top = max((p.score for p in pool), default=0.0) or 1e-9
    doc = passage.document.id
    same = [p for p in pool if p.document.id == doc]
    total = sum(max(p.score, 0.0) for p in pool) or 1e-9
    tokens = tokenize_span(passage.text, 0, info.stems, places=False)
    words = [t for t in tokens if not t.punct]
    new_names = sum(1 for i, t in enumerate(words) if t.cap and i > 0 and not t.inq
                    and not t.func)
    new_numbers = sum(1 for t in words if t.num and not t.inq)
    kind = info.answer_type if info.answer_type in _TYPES else "any"
    present = _kind_present(kind, tokens, new_names, new_numbers)
    return {
        "coverage": evidence.coverage,
        "sentence_coverage": evidence.sentence_coverage,
        "exact_coverage": exact.coverage,
        "exact_sentence_coverage": exact.sentence_coverage,
        "missing_rarest": evidence.missing_rarest,
        "question_terms": math.log1p(evidence.terms),
        "title_coverage": evidence.title_coverage,
        "log_score": math.log1p(max(passage.score, 0.0)),
        "score_ratio": passage.score / top,
        "bm25_rank_inverse": 1.0 / (k + 1),
        "document_share": sum(max(p.score, 0.0) for p in same) / total,
        "document_count": len(same) / len(pool),
        "lede": float(passage.index == 0),
        "position_inverse": 1.0 / (1 + passage.index),
        "log_length": math.log1p(len(words)),
        "new_names": math.log1p(new_names),
        "new_numbers": math.log1p(new_numbers),
        f"{kind}:has_kind": float(present),
        f"{kind}:lacks_kind": float(not present),
        f"{kind}:sentence_coverage": evidence.sentence_coverage,
    }
