"""The reader question sets of ``examples/readers/``, scored per set and pooled.

Each set is asked over its whole folder of the shared corpus (every article of the
publisher is a distractor), as ``qa eval`` does, and the figures the reader-question
targets name are printed per set and pooled over the four: the right sentence, answered
when answerable, refused when unanswerable, short answer exact and F1, source and hedge
level; and source and hedge again among the questions whose sentence was found, which
separates reading a sentence from finding it.

    python3 bench/readers.py [--split dev|test] [--shared ../shared] [--failures]

The test halves are for the end of a piece of work: tune on ``--split dev`` only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa import QA
from qa.evaluation.questions import Outcome, read_questions, score_questions

#: Question set -> its folder under the shared directory.
READERS = {
    "bbc-politics": "corpus/bbc/politics",
    "cnn": "corpus/cnn_dailymail/articles",
    "reuters-c50": "corpus/reuters-c50",
    "reuters21578": "corpus/reuters21578/articles",
}
COLUMNS = ("sentence", "answered", "refused", "answer_em", "answer_f1", "source", "hedge")


def figures(outcomes: list[Outcome]) -> dict[str, tuple[float, int]]:
    """``{metric: (mean, n)}`` over ``outcomes``, with ``found_source`` and
    ``found_hedge`` counted among the questions whose sentence was found."""
    out: dict[str, tuple[float, int]] = {}
    for name in COLUMNS:
        values = [o.checks[name] for o in outcomes if name in o.checks]
        if values:
            out[name] = (sum(values) / len(values), len(values))
    found = [o for o in outcomes if o.checks.get("sentence") == 1.0]
    for name in ("source", "hedge"):
        values = [o.checks[name] for o in found if name in o.checks]
        if values:
            out[f"found_{name}"] = (sum(values) / len(values), len(values))
    return out


def row(name: str, got: dict[str, tuple[float, int]]) -> str:
    cells = []
    for column in (*COLUMNS, "found_source", "found_hedge"):
        value = got.get(column)
        cells.append(f"{value[0]:>9.3f}" if value else f"{'-':>9}")
    return f"{name:<14}" + "".join(cells)


def failure(o: Outcome) -> str:
    got = o.got()
    expected = o.question.expected()
    return (f"  {o.question.id} [{', '.join(o.failed())}] {o.question.question}\n"
            f"    expected: {expected.get('answer') or 'refusal'} | {expected.get('sentence')}\n"
            f"    got:      {got.get('answer') or got.get('reason')} | {got.get('sentence')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["train", "dev", "test"], default="dev")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--failures", action="store_true",
                        help="print each question that missed an expectation")
    args = parser.parse_args()
    heads = ("sentence", "answered", "refused", "EM", "F1", "source", "hedge", "src|fnd",
             "hdg|fnd")
    print(f"{'set (' + args.split + ')':<14}" + "".join(f"{h:>9}" for h in heads))
    pooled: list[Outcome] = []
    for name, folder in READERS.items():
        engine = QA.from_paths([args.shared / folder])
        questions = read_questions(ROOT / "examples" / "readers" / f"{name}.{args.split}.jsonl")
        outcomes = score_questions(engine, questions).outcomes
        pooled.extend(outcomes)
        print(row(name, figures(outcomes)), flush=True)
        if args.failures:
            for o in outcomes:
                if o.failed():
                    print(failure(o))
    print(row("pooled", figures(pooled)))


if __name__ == "__main__":
    main()
