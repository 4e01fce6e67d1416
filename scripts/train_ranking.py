"""Fit the sentence ranker (``qa/data/ranking_weights.json``, :mod:`qa.answer.ranking`).

Training examples are the first :data:`qa.answer.ranking.POOL` sentences retrieval finds
for a question, with the features of :func:`qa.answer.ranking.features`; a sentence is
right when it is the one that answers (for SQuAD, the sentence holding a gold answer
start in the question's own paragraph; for reader questions, the expected document and
fragment). Questions, from the dev and train halves only:

- SQuAD v1.1 dev, dev half of its articles (titles 1-24 of 48), whole pool;
- SQuAD 2.0 dev, same half, whole pool: its unanswerable questions, written to look
  answerable, have no right sentence;
- the train half of the reader questions (``examples/readers/*.train.jsonl``) over their
  folders of the shared corpus, weighted ``--reader-weight`` times (news, asked in
  readers' own words, with unanswerable questions about the same people).

The model is L2-regularised logistic regression (scipy's L-BFGS). The threshold, the
least probability of the best candidate at which the policy answers (when that
candidate's words pass the evidence check too, as in the policy), is the one that
maximises the mean of "answered when answerable" and "refused when unanswerable" over
the reader train half and SQuAD 2.0 dev (dev half), each set counting once; the table of
thresholds is printed. Dev and test halves of the reader questions are never read here.

    python3 scripts/train_ranking.py [--shared ../shared] [--l2 1.0] [--reader-weight 5]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.readers import READERS
from qa.answer import policy, ranking
from qa.answer.confidence import Evidence
from qa.answer.question import analyze
from qa.answer.span import claim_verb
from qa.engine import QA
from qa.evaluation.questions import read_questions
from qa.evaluation.squad import SquadPool

OUT = ROOT / "qa" / "data" / "ranking_weights.json"
_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def pool_features(engine: QA, question: str) -> tuple[list[dict[str, float]], list]:
    info = analyze(question)
    attempt = policy.Attempt(question, 1, False, info, claim_verb(info))
    attempt.pool = engine.retrieve(question, ranking.POOL)
    return policy.rank_features(engine, attempt), attempt.pool


def squad_questions(pool: SquadPool, name: str) -> list[dict]:
    out = []
    for q in pool.split("dev"):
        xs, passages = pool_features(pool.engine, q.question)
        labels = [bool(q.answers) and p.document.id == q.doc
                  and any(p.start <= s < p.end for s in q.starts) for p in passages]
        out.append({"set": name, "answerable": bool(q.answers), "x": xs, "y": labels})
    return out


def reader_questions(shared: Path, split: str) -> list[dict]:
    out = []
    for name, folder in READERS.items():
        engine = QA.from_paths([shared / folder])
        for q in read_questions(ROOT / "examples" / "readers" / f"{name}.{split}.jsonl"):
            xs, passages = pool_features(engine, q.question)
            labels = [q.answerable and p.document.id == q.document and isinstance(q.sentence, str)
                      and _squash(q.sentence) in _squash(p.text) for p in passages]
            out.append({"set": "readers", "answerable": q.answerable, "x": xs, "y": labels})
        print(f"  {name}: done", file=sys.stderr)
    return out


def matrix(questions: list[dict], reader_weight: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    names = ranking.FEATURES
    rows, labels, weights = [], [], []
    for q in questions:
        w = reader_weight if q["set"] == "readers" else 1.0
        for x, y in zip(q["x"], q["y"]):
            rows.append([x.get(n, 0.0) for n in names])
            labels.append(float(y))
            weights.append(w)
    return (np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=np.float64),
            np.asarray(weights, dtype=np.float64))


def fit(x: np.ndarray, y: np.ndarray, sw: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    from scipy.optimize import minimize

    d = x.shape[1]
    total = sw.sum()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:d], theta[d]
        z = np.clip(x @ w + b, -35, 35)
        p = 1 / (1 + np.exp(-z))
        eps = 1e-12
        value = -np.sum(sw * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))) / total
        value += 0.5 * l2 * np.dot(w, w) / total
        grad = np.empty(d + 1)
        grad[:d] = x.T @ (sw * (p - y)) / total + l2 * w / total
        grad[d] = np.sum(sw * (p - y)) / total
        return value, grad

    done = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                    options={"maxiter": 3000})
    return done.x[:d], float(done.x[d])


def best_of(q: dict, w: dict[str, float], b: float) -> tuple[float, bool]:
    """The best candidate's probability, or 0 when its words fail the evidence check that
    the policy applies as well (:meth:`~qa.answer.confidence.Evidence.verdict`), and
    whether it is right."""
    best, right, supported = -1.0, False, False
    for x, y in zip(q["x"], q["y"]):
        z = b + sum(w.get(n, 0.0) * v for n, v in x.items())
        p = 1 / (1 + math.exp(-max(-35.0, min(35.0, z))))
        if p > best:
            best, right = p, y
            supported = Evidence(x["coverage"], x["sentence_coverage"], ()).verdict() is None
    return (best if supported else 0.0), right


def report(questions: list[dict], w: dict[str, float], b: float, grid: list[float]
           ) -> dict[str, dict[float, tuple[float, float, float]]]:
    """Per set and threshold: (top-1 right among answerable, answered, refused)."""
    out: dict[str, dict[float, tuple[float, float, float]]] = {}
    for name in sorted({q["set"] for q in questions}):
        qs = [best_of(q, w, b) + (q["answerable"],) for q in questions if q["set"] == name]
        answerable = [(p, r) for p, r, a in qs if a]
        unanswerable = [p for p, _r, a in qs if not a]
        top1 = sum(r for _p, r in answerable) / max(1, len(answerable))
        out[name] = {
            t: (top1, sum(p >= t for p, _r in answerable) / max(1, len(answerable)),
                sum(p < t for p in unanswerable) / max(1, len(unanswerable)))
            for t in grid}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--reader-weight", type=float, default=5.0)
    parser.add_argument("--cache", type=Path, help="keep the collected features in this file")
    args = parser.parse_args()
    if args.cache is not None and args.cache.exists():
        questions = json.loads(args.cache.read_text())
    else:
        print("collecting candidates ...", file=sys.stderr)
        questions = (squad_questions(SquadPool.load(args.shared), "squad-v1.1")
                     + squad_questions(SquadPool.load(args.shared, version="2.0"), "squad-v2.0")
                     + reader_questions(args.shared, "train"))
        if args.cache is not None:
            args.cache.write_text(json.dumps(questions))
    x, y, sw = matrix(questions, args.reader_weight)
    print(f"{len(questions)} questions, {len(y)} candidates, {int(y.sum())} right",
          file=sys.stderr)
    weights, bias = fit(x, y, sw, args.l2)
    w = {n: round(float(v), 6) for n, v in zip(ranking.FEATURES, weights) if abs(v) > 1e-9}
    grid = [t / 200 for t in range(1, 200)]
    table = report(questions, w, bias, grid)
    gated = [name for name in ("readers", "squad-v2.0") if name in table]

    def balanced(t: float) -> float:
        return sum((table[n][t][1] + table[n][t][2]) / 2 for n in gated) / len(gated)

    threshold = max(grid, key=lambda t: (balanced(t), -t))
    print(f"{'threshold':>9} " + " ".join(f"{n + ' top1/ans/ref':>32}" for n in table))
    for t in grid[::10] + [threshold]:
        cells = " ".join(f"{table[n][t][0]:>10.3f}{table[n][t][1]:>11.3f}{table[n][t][2]:>11.3f}"
                         for n in table)
        print(f"{t:>9.3f} {cells}{'  <- chosen' if t == threshold else ''}")
    about = {
        "trained_on": "dev half (article titles 1-24 of 48) of SQuAD v1.1 dev and SQuAD 2.0 "
                      "dev, whole pools; the train half of examples/readers over their "
                      f"corpus folders, weighted {args.reader_weight}; candidates = the first "
                      f"{ranking.POOL} sentences retrieval finds",
        "label": "the candidate is the sentence that answers (SQuAD: holds a gold answer start "
                 "in the question's paragraph; readers: the expected document and fragment)",
        "model": f"logistic regression, L2 {args.l2}, scipy L-BFGS",
        "threshold": "least probability of the best candidate, whose words also pass the "
                     "evidence check, at which the policy answers; maximises the mean of "
                     "answered (answerable) and refused (unanswerable) over the reader train "
                     "half and SQuAD 2.0 dev half, each set once",
        "questions": len(questions),
        "candidates": len(y),
        "script": "scripts/train_ranking.py",
        "licence": "SQuAD is CC BY-SA 4.0; the reader questions are the repository's own; "
                   "these weights are numbers fitted on them",
    }
    OUT.write_text(json.dumps({"format": 1, "about": about, "bias": round(bias, 6),
                               "threshold": threshold, "weights": w}, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
