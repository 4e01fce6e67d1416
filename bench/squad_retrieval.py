"""Answer-sentence retrieval on SQuAD v1.1 dev, as ``../shared/eval/README.md`` defines it.

Every SQuAD paragraph is one document (id = paragraph number, title = article title); the
engine searches the whole pool. For each question, rank k is the position of the first
returned passage of the question's own paragraph whose [start, end) contains a gold
``answer_start``; R@1 is the share with k == 1 and MRR the mean of 1/k (0 beyond 10).
Questions whose article title sorts among the first 24 titles are "dev", the rest "test".

Printed side by side, in the same run and on the same sentences: the engine, and plain
``rank_bm25.BM25Okapi`` on lower-cased ``\\w+`` tokens of each sentence. The scoring lives
in ``qa.evaluation.squad`` (also behind ``qa eval --benchmarks retrieval``).

    python bench/squad_retrieval.py [--split dev|test|all] [--shared ../shared] [--no-baseline]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.evaluation.squad import SQUAD, SquadPool, load_squad, rank_of, retrieval
from qa.index.retrieval import RetrievalParams

__all__ = ["DEFAULT_SHARED", "load_squad", "rank_of", "run"]

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def run(shared: Path, splits: list[str], params: RetrievalParams | None = None,
        baseline: bool = True, quiet: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    """``{split: {system: {"R@1", "R@5", "MRR"}}}``, printed unless ``quiet``."""
    pool = SquadPool.load(shared, params=params)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for split in splits:
        r = retrieval(pool, split, baseline=baseline)
        results[split] = r["systems"]
        if not quiet:
            print(f"[{split}] {r['questions']} questions, {r['sentences']} sentences, "
                  f"build {r['build_s']:.1f}s, {r['ms_per_question']:.2f} ms/question")
            for name, m in r["systems"].items():
                print(f"  {name:<16} R@1 {m['R@1']:.3f}  R@5 {m['R@5']:.3f}  MRR {m['MRR']:.3f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if not (args.shared / SQUAD).exists():
        sys.exit(f"SQuAD not found under {args.shared}; pass --shared")
    run(args.shared, [args.split], baseline=not args.no_baseline)


if __name__ == "__main__":
    main()
