"""When must the engine say "I don't know"? Abstention measured on SQuAD v1.1.

Two pools per question, on the chosen split (dev while tuning):

- **answerable**: every paragraph indexed; the engine should answer, from the right sentence;
- **unanswerable**: the question's own article removed from the pool; any answer is wrong.

Printed: the share of answerable questions answered (and answered from the right sentence)
and the share of unanswerable questions refused, with and without the evidence check.

    python bench/no_answer.py [--split dev|test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from squad_retrieval import DEFAULT_SHARED, load_squad, rank_of  # noqa: E402

from qa import QA  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    documents, questions = load_squad(args.shared)
    title = {d.id: d.title for d in documents}
    questions = [q for q in questions if q["split"] == args.split]

    full = QA.from_documents(documents)
    answered = right = 0
    for q in questions:
        result = full.ask(q["question"], top_k=1)
        if result.answer is not None:
            answered += 1
            p = result.answer.sentence
            right += rank_of([(p.document.id, p.start, p.end)], q) == 1
    n = len(questions)
    print(f"[{args.split}] answerable, full pool: {n} questions")
    print(f"  answered {answered / n:.3f}, answered from the right sentence {right / n:.3f}, "
          f"precision of answers {right / max(1, answered):.3f}")

    refused = matched = 0
    articles = sorted({title[q["doc"]] for q in questions})
    for article in articles:
        pool = QA.from_documents([d for d in documents if d.title != article])
        for q in (q for q in questions if title[q["doc"]] == article):
            result = pool.ask(q["question"], top_k=1)
            refused += result.answer is None
            matched += bool(result.passages)
    print(f"  unanswerable (own article removed): refused {refused / n:.3f} "
          f"(BM25 alone refuses {1 - matched / n:.3f})")


if __name__ == "__main__":
    main()
