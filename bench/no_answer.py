"""When must the engine say "I don't know"? Abstention measured on SQuAD v1.1.

Two pools per question, on the chosen split (dev while tuning):

- **answerable**: every paragraph indexed; the engine should answer, from the right sentence;
- **unanswerable**: the question's own article removed from the pool; any answer is wrong.

Printed: the share of answerable questions answered (and answered from the right sentence)
and the share of unanswerable questions refused, with and without the evidence check. The
scoring lives in ``qa.evaluation.squad.abstention`` (``qa eval --benchmarks abstention``).

    python bench/no_answer.py [--split dev|test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.evaluation.squad import SQUAD, abstention

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    if not (args.shared / SQUAD).exists():
        sys.exit(f"SQuAD not found under {args.shared}; pass --shared")
    r = abstention(args.shared, args.split)
    print(f"[{args.split}] answerable, full pool: {r['questions']} questions")
    print(f"  answered {r['answered']:.3f}, answered from the right sentence "
          f"{r['answered_right']:.3f}, precision of answers {r['precision']:.3f}")
    print(f"  unanswerable (own article removed): refused {r['refused']:.3f} "
          f"(BM25 alone refuses {r['bm25_refuses']:.3f})")


if __name__ == "__main__":
    main()
