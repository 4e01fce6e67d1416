"""How well ``answer.confidence`` is calibrated: a reliability table per question set.

For every answer the service gives, its confidence is put in a bin (0-0.1, ..., 0.9-1.0)
and compared with how often answers in that bin are right (SQuAD token F1 >= 0.5 with a
gold answer; an answer to an unanswerable question is wrong). The expected calibration
error (ECE) is the answer-weighted mean gap between mean confidence and share right.

Question sets: SQuAD v1.1 dev and SQuAD 2.0 dev over their whole pools (``--split`` picks
the article half), and with ``--readers`` the reader question files of
``examples/readers/`` over their folders of the shared corpus (answers right when the
short answer matches, or for "how sure" questions when the sentence is the expected one).

    python3 bench/confidence.py [--split dev|test] [--shared ../shared] [--readers]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.readers import READERS
from qa import QA
from qa.evaluation.metrics import answer_f1, best
from qa.evaluation.questions import read_questions, score_questions
from qa.evaluation.squad import SquadPool

BINS = 10


def table(pairs: list[tuple[float, bool]]) -> tuple[list[tuple[str, int, float, float]], float]:
    """Rows ``(bin, answers, mean confidence, share right)`` and the ECE."""
    bins = [[0, 0.0, 0] for _ in range(BINS)]
    for p, right in pairs:
        row = bins[min(int(p * BINS), BINS - 1)]
        row[0] += 1
        row[1] += p
        row[2] += right
    n = max(1, len(pairs))
    ece = sum(abs(r[1] - r[2]) for r in bins if r[0]) / n
    rows = [(f"{i / BINS:.1f}-{(i + 1) / BINS:.1f}", r[0], r[1] / r[0] if r[0] else 0.0,
             r[2] / r[0] if r[0] else 0.0) for i, r in enumerate(bins)]
    return rows, ece


def squad_pairs(pool: SquadPool, split: str) -> list[tuple[float, bool]]:
    out = []
    for q in pool.split(split):
        answer = pool.engine.ask(q.question, 1).answer
        if answer is None or answer.confidence is None:
            continue
        right = bool(q.answers) and best(answer_f1, answer.text, q.answers) >= 0.5
        out.append((answer.confidence, right))
    return out


def reader_pairs(shared: Path, split: str) -> list[tuple[float, bool]]:
    out = []
    for name, folder in READERS.items():
        engine = QA.from_paths([shared / folder])
        questions = read_questions(ROOT / "examples" / "readers" / f"{name}.{split}.jsonl")
        for o in score_questions(engine, questions).outcomes:
            if o.result is None or o.result.answer is None:
                continue
            confidence = o.result.answer.confidence
            if confidence is None:
                continue
            checks = o.checks
            right = checks.get("answer_f1", checks.get("sentence", 0.0)) >= 0.5 if (
                o.question.answerable) else False
            out.append((confidence, right))
    return out


def show(name: str, pairs: list[tuple[float, bool]]) -> None:
    rows, ece = table(pairs)
    print(f"{name}: {len(pairs)} answers, ECE {ece:.3f}")
    print(f"  {'bin':<9}{'answers':>8}{'confidence':>12}{'right':>8}")
    for label, n, conf, right in rows:
        if n:
            print(f"  {label:<9}{n:>8}{conf:>12.3f}{right:>8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--readers", action="store_true")
    args = parser.parse_args()
    show(f"SQuAD v1.1 {args.split}", squad_pairs(SquadPool.load(args.shared), args.split))
    show(f"SQuAD 2.0 {args.split}",
         squad_pairs(SquadPool.load(args.shared, version="2.0"), args.split))
    if args.readers:
        show(f"reader questions {args.split}", reader_pairs(args.shared, args.split))


if __name__ == "__main__":
    main()
