"""How likely an answer is right: a logistic model over what a careful reader would check.

For a candidate answer (a passage and the phrase cut from it) :func:`features` measures:

- how much of the question the passage accounts for, by exact words and by the words
  WordNet relates to them, in the sentence and around it, weighted by rarity
  (:mod:`qa.answer.confidence`), and how rare the rarest word it leaves out is;
- how the passage ranked: its place among the passages found, its score against the
  best one's, and the gap to the next;
- whether the phrase is the kind the question asks for (a date for "when", a number for
  "how many", a claim for "what did X say"), what kind it is, the short-answer scorer's
  own probability, and whether no phrase was cut at all;
- the kind of question (who, when, where, how many, why, ...).

:func:`probability` is ``1 / (1 + exp(-(b + w . x)))`` with the weights shipped in
``qa/data/confidence_weights.json``, fitted by ``scripts/train_confidence.py`` on the dev
halves of SQuAD v1.1 and SQuAD 2.0 (whose unanswerable questions are written to look
answerable) and on SQuAD questions asked with their own article removed; the file states
its provenance, the threshold below which an answer is not given, and the calibration
measured on the held-out halves. Plain numbers; no pickle.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from qa.answer.confidence import Evidence
from qa.answer.question import QuestionInfo
from qa.answer.results import Answer, Passage

__all__ = ["FEATURES", "Model", "features", "load", "model", "probability"]

#: Every feature name :func:`features` can produce (a test checks the shipped weights name
#: only these).
KINDS = ("person", "date", "number", "place", "noun_phrase", "reason", "manner", "claim",
         "sentence")
QUESTION_TYPES = ("person", "date", "number", "place", "reason", "yesno", "noun_phrase",
                  "manner", "any")
FEATURES = (
    "coverage", "sentence_coverage", "exact_coverage", "exact_sentence_coverage",
    "missing_rarest", "first", "rank_inverse", "score_ratio", "log_score", "gap_next",
    "question_terms", "fits", "typed_unfit", "span_probability", "whole_sentence",
    *(f"kind={k}" for k in KINDS), *(f"asks={t}" for t in QUESTION_TYPES),
)


@dataclass(frozen=True, slots=True)
class Model:
    """A fitted logistic model: ``weights`` by feature name, ``bias``, and the least
    probability at which an answer is given (``threshold``)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, x: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in x.items())
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, or None when ``qa/data/confidence_weights.json`` is absent."""
    return load("confidence_weights.json", FEATURES)


def load(name: str, features: Sequence[str]) -> Model | None:
    """The logistic model in ``qa/data/<name>`` over ``features``, or None when the file
    is absent (a file naming other features, or of another format, is an error)."""
    try:
        raw = resources.files("qa").joinpath(f"data/{name}").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    if data.get("format") != 1:
        raise ValueError(f"qa/data/{name}: unknown format {data.get('format')!r}")
    unknown = set(data["weights"]) - set(features)
    if unknown:
        raise ValueError(f"qa/data/{name} names unknown features {sorted(unknown)}")
    return Model(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


def probability(x: Mapping[str, float]) -> float | None:
    """The shipped model's probability that the answer described by ``x`` is right."""
    m = model()
    return None if m is None else m.probability(x)


def features(info: QuestionInfo, evidence: Evidence, exact: Evidence, found: Answer,
             pool: Sequence[Passage], k: int, fits: bool, typed: bool) -> dict[str, float]:
    """The features of answering ``info`` with ``found``, cut from ``pool[k]``.

    ``evidence`` counts related words, ``exact`` only the question's own; ``fits`` says
    whether the phrase is the kind a typed question asks for.
    """
    passage = pool[k]
    top = max(pool[0].score, 1e-9)
    after = pool[k + 1].score if k + 1 < len(pool) else 0.0
    x = {
        "coverage": evidence.coverage,
        "sentence_coverage": evidence.sentence_coverage,
        "exact_coverage": exact.coverage,
        "exact_sentence_coverage": exact.sentence_coverage,
        "missing_rarest": evidence.missing_rarest,
        "first": float(k == 0),
        "rank_inverse": 1.0 / (k + 1),
        "score_ratio": passage.score / top,
        "log_score": math.log1p(max(passage.score, 0.0)),
        "gap_next": (passage.score - after) / top,
        "question_terms": math.log1p(evidence.terms),
        "fits": float(typed and fits),
        "typed_unfit": float(typed and not fits),
        "span_probability": found.score if found.score is not None else 0.0,
        "whole_sentence": float(found.span is None and found.replaces is None),
        f"kind={found.kind}": 1.0,
        f"asks={info.answer_type}": 1.0,
    }
    return x
