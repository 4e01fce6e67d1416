"""Short answers on SQuAD v1.1 dev: exact match and F1 of ``qa.span.extract``.

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
written out below; ``--check-scorer`` reproduces the published logistic-regression
baseline predictions' numbers (EM 40.14, F1 50.98 over all 10,570 questions).

``--train`` fits the span scorer on the DEV half only (oracle sentences; a conditional
logit, i.e. a softmax over each question's candidates, with L2) and writes the weights as
plain JSON to ``qa/data/span_weights.json``. Test labels are read only to report.

    python bench/squad_answers.py [--split dev|test|all] [--shared ../shared] [--train]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import string
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa import QA, Document, split_sentences  # noqa: E402
from qa.question import analyze  # noqa: E402
from qa.span import extract, featurize, tokenize_span  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
WEIGHTS = ROOT / "qa/data/span_weights.json"
SQUAD = "eval/external/squad-v1.1/dev-v1.1.json"


# --- the official SQuAD v1.1 answer normalisation, EM and F1 -------------------------------

_PUNCT = set(string.punctuation)


def normalize_answer(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1_score(prediction: str, gold: str) -> float:
    p, g = normalize_answer(prediction).split(), normalize_answer(gold).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def exact(prediction: str, gold: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(gold))


def best(metric, prediction: str, golds: list[str]) -> float:
    return max(metric(prediction, g) for g in golds)


# --- data ------------------------------------------------------------------------------------

def load(shared: Path) -> tuple[list[Document], list[dict]]:
    data = json.loads((shared / SQUAD).read_text())["data"]
    dev_titles = set(sorted(a["title"] for a in data)[:24])
    documents, questions, number = [], [], 0
    for article in data:
        split = "dev" if article["title"] in dev_titles else "test"
        for paragraph in article["paragraphs"]:
            number += 1
            context = paragraph["context"]
            documents.append(Document(id=str(number), title=article["title"], text=context,
                                      source=f"squad:{number}"))
            for q in paragraph["qas"]:
                questions.append({"id": q["id"], "question": q["question"], "split": split,
                                  "doc": number - 1, "start": q["answers"][0]["answer_start"],
                                  "answers": [a["text"] for a in q["answers"]]})
    return documents, questions


def oracle(sentences: list[tuple[int, int]], start: int) -> int:
    for k, (a, b) in enumerate(sentences):
        if a <= start < b:
            return k
    return max(0, len(sentences) - 1)


def predict(question: str, text: str, sentences: list[tuple[int, int]], k: int) -> str:
    found = extract(question, text, sentences[k], sentences[:k])
    return found.text if found is not None else text[sentences[k][0]:sentences[k][1]]


# --- training (dev only) ---------------------------------------------------------------------

def train(documents: list[Document], questions: list[dict], l2: float = 1.0) -> None:
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    index: dict[str, int] = {}
    rows, cols, targets, groups = [], [], [], [0]
    for q in questions:
        text = documents[q["doc"]].text
        sents = split_sentences(text)
        s0, s1 = sents[oracle(sents, q["start"])]
        info = analyze(q["question"])
        if info.is_yes_no or info.answer_type == "reason":
            continue
        tokens = tokenize_span(text[s0:s1], s0, info.stems)
        cands, f1s = [], []
        for i, j, feats in featurize(info, tokens):
            cands.append(feats)
            f1s.append(best(f1_score, text[tokens[i].start:tokens[j - 1].end], q["answers"]))
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
        "about": "Span-scorer weights for qa/span.py: a conditional logit over hand-written "
                 "candidate features, fitted by bench/squad_answers.py --train on the dev half "
                 f"of SQuAD v1.1 (article titles 1-24 of 48), L2 {l2}. Plain numbers only.",
        "weights": out}, indent=0, sort_keys=False) + "\n")
    print(f"wrote {len(out)} weights to {WEIGHTS} ({result.message})")


# --- evaluation ------------------------------------------------------------------------------

def evaluate(documents: list[Document], questions: list[dict], splits: list[str]) -> None:
    t0 = time.perf_counter()
    engine = QA.from_documents(documents)
    print(f"engine built in {time.perf_counter() - t0:.1f}s over {len(documents)} paragraphs")
    sentences = {}
    by_id = {d.id: k for k, d in enumerate(documents)}
    for split in splits:
        qs = [q for q in questions if split == "all" or q["split"] == split]
        scores = {"oracle": [0.0, 0.0], "pool": [0.0, 0.0], "service": [0.0, 0.0]}
        refused = 0
        spent, by_type = 0.0, collections.defaultdict(lambda: [0, 0.0, 0.0])
        for q in qs:
            d = q["doc"]
            sents = sentences.setdefault(d, split_sentences(documents[d].text))
            t = time.perf_counter()
            pred = predict(q["question"], documents[d].text, sents, oracle(sents, q["start"]))
            spent += time.perf_counter() - t
            em, f1 = best(exact, pred, q["answers"]), best(f1_score, pred, q["answers"])
            scores["oracle"][0] += em
            scores["oracle"][1] += f1
            row = by_type[analyze(q["question"]).answer_type]
            row[0] += 1
            row[1] += em
            row[2] += f1
            hits = engine.search(q["question"], 1)
            if hits:
                p = hits[0]
                pd = by_id[p.document.id]
                psents = sentences.setdefault(pd, split_sentences(documents[pd].text))
                pred = predict(q["question"], documents[pd].text, psents, p.index)
            else:
                pred = ""
            scores["pool"][0] += best(exact, pred, q["answers"])
            scores["pool"][1] += best(f1_score, pred, q["answers"])
            answer = engine.ask(q["question"], 1).answer
            refused += answer is None
            pred = "" if answer is None else answer.text
            scores["service"][0] += best(exact, pred, q["answers"])
            scores["service"][1] += best(f1_score, pred, q["answers"])
        n = max(1, len(qs))
        print(f"[{split}] {len(qs)} questions; extract {1000 * spent / n:.3f} ms/question")
        print(f"  {'setting':<18}{'EM':>7}{'F1':>7}")
        for name, label in (("oracle", "oracle sentence"), ("pool", "whole pool"),
                            ("service", "QA.ask answer")):
            em, f1 = scores[name]
            print(f"  {label:<18}{100 * em / n:7.2f}{100 * f1 / n:7.2f}")
        print(f"  QA.ask refused {refused} ({100 * refused / n:.1f}%): answer null, counted wrong")
        print("  oracle by answer type:  " + "  ".join(
            f"{t} n={c} EM {100 * e / c:.1f} F1 {100 * f / c:.1f}"
            for t, (c, e, f) in sorted(by_type.items(), key=lambda kv: -kv[1][0])))


def check_scorer(shared: Path, questions: list[dict]) -> None:
    path = shared / "eval/external/squad-reference-predictions/v1.1"
    for f in sorted(path.glob("*.json")):
        preds = json.loads(f.read_text())
        em = sum(best(exact, preds[q["id"]], q["answers"]) for q in questions if q["id"] in preds)
        f1 = sum(best(f1_score, preds[q["id"]], q["answers"])
                 for q in questions if q["id"] in preds)
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
    documents, questions = load(args.shared)
    if args.check_scorer:
        check_scorer(args.shared, questions)
        return
    if args.train:
        train(documents, [q for q in questions if q["split"] == "dev"], args.l2)
        from qa.span import weights
        weights.cache_clear()
    evaluate(documents, questions, [args.split])


if __name__ == "__main__":
    main()
