"""The scores every evaluation shares: SQuAD answer matching, token F1, P/R/F1, ranks.

* :func:`normalize_answer`, :func:`exact_match`, :func:`answer_f1` are the official SQuAD
  v1.1 evaluation (lower case, punctuation and the articles a/an/the removed, whitespace
  collapsed; F1 over the bag of tokens), and :func:`best` takes the maximum over the
  acceptable answers, as that script does.
* :func:`token_f1` compares two source phrases on lower-case ``\\w+`` tokens (the PolNeAR
  attribution figure); an empty or missing phrase scores 0.
* :func:`prf` is precision, recall and F1 of the positive class, in %.
* :func:`rank_metrics` turns the 1-based rank of the right passage of each question
  (``None`` when it was not returned) into R@1, R@5 and MRR (0 beyond rank 10).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "answer_f1",
    "best",
    "exact_match",
    "normalize_answer",
    "prf",
    "rank_metrics",
    "token_f1",
]

_PUNCT = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_WORDS = re.compile(r"\w+")


def normalize_answer(s: str) -> str:
    """SQuAD v1.1 normalisation: lower case, no punctuation or articles, single spaces."""
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def answer_f1(prediction: str, gold: str) -> float:
    """SQuAD v1.1 token F1 of ``prediction`` against one gold answer, 0..1."""
    p, g = normalize_answer(prediction).split(), normalize_answer(gold).split()
    same = sum((Counter(p) & Counter(g)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, gold: str) -> float:
    """1.0 when ``prediction`` and ``gold`` are equal after SQuAD normalisation, else 0.0."""
    return float(normalize_answer(prediction) == normalize_answer(gold))


def best(metric: Callable[[str, str], float], prediction: str, golds: Iterable[str]) -> float:
    """The highest ``metric(prediction, gold)`` over the acceptable answers ``golds``."""
    return max(metric(prediction, g) for g in golds)


def token_f1(pred: str | None, gold: str) -> float:
    """Token F1 of two phrases on lower-case ``\\w+`` tokens; 0 when either is empty."""
    p = _WORDS.findall((pred or "").lower())
    g = _WORDS.findall(gold.lower())
    common = sum((Counter(p) & Counter(g)).values())
    if not p or not g or not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def prf(pred: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 (in %) of the positive class."""
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return 100 * precision, 100 * recall, 100 * f1


def rank_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    """R@1, R@5 and MRR (1/rank, 0 beyond 10) over questions, from 1-based ranks."""
    n = len(ranks) or 1
    return {
        "R@1": sum(r == 1 for r in ranks) / n,
        "R@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "MRR": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
    }
