"""Short answers on SQuAD v1.1 dev: exact match and F1 of ``qa.answer.span.extract``.

Questions whose article title sorts among the first 24 of the 48 titles are "dev", the
rest "test" (``../shared/eval/README.md``). Two settings, printed side by side:

* **oracle sentence**: the sentence of ``qa.split_sentences(context)`` holding the gold
  ``answer_start`` (first answer) is handed to the extractor: extraction quality alone;
* **whole pool**: every paragraph is one document of one engine; the first passage of
  ``engine.search(question, 1)`` is handed over, with the earlier sentences of its
  document as ``previous``. The prediction is the span's text, or the whole sentence when
  the extractor returns ``None``.
* **QA.ask answer**: what the service itself answers, ``engine.ask(question).answer.text``
  over the whole pool; a refused question (answer ``null``) counts as wrong.

EM and F1 use the official SQuAD v1.1 normalisation (lower case, punctuation and the
articles a/an/the removed, whitespace collapsed; the maximum over the gold answers),
written out in ``qa/evaluation/metrics.py``; ``--check-scorer`` reproduces the published logistic-regression
baseline predictions' numbers (EM 40.14, F1 50.98 over all 10,570 questions).

The scoring lives in ``qa.evaluation.squad.answers`` (also ``qa eval --benchmarks squad``);
this script prints it and keeps the training code.

``--train`` fits the span scorer on the DEV half only (oracle sentences; a conditional
logit, i.e. a softmax over each question's candidates, with L2) and writes the weights as
plain JSON to ``qa/data/span_weights.json``. Test labels are read only to report.

    python bench/squad_answers.py [--split dev|test|all] [--shared ../shared] [--train]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa import Document, split_sentences
from qa.answer.question import analyze
from qa.answer.span import featurize, tokenize_span
from qa.evaluation.metrics import answer_f1, best, exact_match, normalize_answer
from qa.evaluation.squad import (
    SQUAD,
    SquadPool,
    SquadQuestion,
    answers,
    load_squad,
    oracle_sentence,
    predict,
)

__all__ = ["exact", "f1_score", "normalize_answer", "predict", "train"]

#: The names this script used before the scoring moved to ``qa.evaluation.metrics``.
f1_score, exact = answer_f1, exact_match

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
WEIGHTS = ROOT / "qa/data/span_weights.json"


# --- training (dev only) ---------------------------------------------------------------------

def train(documents: list[Document], questions: list[SquadQuestion], l2: float = 1.0) -> None:
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    index: dict[str, int] = {}
    rows, cols, targets, groups = [], [], [], [0]
    for q in questions:
        text = documents[q.row].text
        sents = split_sentences(text)
        s0, s1 = sents[oracle_sentence(sents, q.starts[0])]
        info = analyze(q.question)
        if info.is_yes_no or info.answer_type == "reason":
            continue
        tokens = tokenize_span(text[s0:s1], s0, info.stems)
        cands, f1s = [], []
        for i, j, feats in featurize(info, tokens):
            cands.append(feats)
            f1s.append(best(f1_score, text[tokens[i].start:tokens[j - 1].end], q.answers))
        if not cands or max(f1s) < 0.5:
            continue
        top = max(f1s)
        ys = [1.0 if f == top else 0.0 for f in f1s]
        total = sum(ys)
        for feats, y in zip(cands, ys):
            rows.append(len(targets))
            cols.append([index.setdefault(f, len(index)) for f in feats])
            targets.append(y / total)
        groups.append(len(targets))
    indptr = np.cumsum([0] + [len(c) for c in cols])
    X = csr_matrix((np.ones(indptr[-1]), np.concatenate(cols), indptr),
                   shape=(len(targets), len(index)))
    y = np.asarray(targets)
    starts = np.asarray(groups[:-1])
    sizes = np.diff(groups)
    print(f"training on {len(starts)} questions, {len(y)} candidates, {len(index)} features")

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = X @ w
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(m, sizes))
        z = np.add.reduceat(e, starts)
        logz = np.log(z) + m
        p = e / np.repeat(z, sizes)
        loss = -(y * s).sum() + logz.sum() + 0.5 * l2 * (w @ w)
        grad = X.T @ (p - y) + l2 * w
        return loss, grad

    result = minimize(objective, np.zeros(len(index)), jac=True, method="L-BFGS-B",
                      options={"maxiter": 500})
    w = result.x
    out = {name: round(float(w[k]), 4) for name, k in sorted(index.items())
           if abs(w[k]) >= 1e-4}
    WEIGHTS.write_text(json.dumps({
        "format": 1,
        "about": "Span-scorer weights for qa/answer/span.py: a conditional logit over hand-written "
                 "candidate features, fitted by bench/squad_answers.py --train on the dev half "
                 f"of SQuAD v1.1 (article titles 1-24 of 48), L2 {l2}. Plain numbers only.",
        "weights": out}, indent=0, sort_keys=False) + "\n")
    print(f"wrote {len(out)} weights to {WEIGHTS} ({result.message})")


# --- evaluation ------------------------------------------------------------------------------

def evaluate(pool: SquadPool, splits: list[str]) -> None:
    engine = pool.engine
    print(f"engine built in {pool.build_seconds:.1f}s over {len(engine.documents)} paragraphs")
    for split in splits:
        r = answers(pool, split)
        print(f"[{split}] {r['questions']} questions; extract {r['extract_ms']:.3f} ms/question")
        print(f"  {'setting':<18}{'EM':>7}{'F1':>7}")
        for name, label in (("oracle", "oracle sentence"), ("pool", "whole pool"),
                            ("service", "QA.ask answer")):
            print(f"  {label:<18}{r[name]['EM']:7.2f}{r[name]['F1']:7.2f}")
        print(f"  QA.ask refused {r['refused']} ({100 * r['refused_share']:.1f}%): "
              "answer null, counted wrong")
        print("  oracle by answer type:  " + "  ".join(
            f"{t} n={m['n']} EM {m['EM']:.1f} F1 {m['F1']:.1f}" for t, m in r["by_type"].items()))


def check_scorer(shared: Path, questions: list[SquadQuestion]) -> None:
    path = shared / "eval/external/squad-reference-predictions/v1.1"
    for f in sorted(path.glob("*.json")):
        preds = json.loads(f.read_text())
        em = sum(best(exact, preds[q.id], q.answers) for q in questions if q.id in preds)
        f1 = sum(best(f1_score, preds[q.id], q.answers) for q in questions if q.id in preds)
        n = len(questions)
        print(f"  {f.name:<45} EM {100 * em / n:.2f}  F1 {100 * f1 / n:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--train", action="store_true", help="fit weights on dev first")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 strength (default 1.0)")
    parser.add_argument("--check-scorer", action="store_true",
                        help="score the published reference predictions and exit")
    args = parser.parse_args()
    if not (args.shared / SQUAD).exists():
        sys.exit(f"SQuAD not found under {args.shared}; pass --shared")
    documents, questions = load_squad(args.shared)
    if args.check_scorer:
        check_scorer(args.shared, questions)
        return
    if args.train:
        train(documents, [q for q in questions if q.split == "dev"], args.l2)
        from qa.answer.span import weights
        weights.cache_clear()
    evaluate(SquadPool(documents, questions), [args.split])


if __name__ == "__main__":
    main()
