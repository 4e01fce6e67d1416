"""Hedge detection and grading against public data, as ``../shared/eval/README.md`` defines it.

1. CoNLL-2010 Task 1, Wikipedia (``eval/external/conll2010-wikipedia-eval/``): a sentence is
   predicted *uncertain* when ``hedge(text).level != "none"``; the figure is P / R / F1 of
   the uncertain class over all rows (titles included, as in the official condition).
   Split: rows whose ``doc_id`` md5 hex starts with 0-7 are dev, the others (and rows with
   no id) test. Published: shared-task winner F1 60.2.
2. MEANTIME factuality (``eval/external/meantime-factuality/``): every event graded
   certain (|3.0|), probable (|1.5|) or possible (|0.75|) gets the level of its sentence
   (tokens joined by spaces), mapped none/low -> certain, medium -> probable,
   high -> possible. Printed: 3-way agreement, certain-vs-hedged agreement, and how many
   of the hedged events we flag. Events graded 0 (underspecified) are left out.

Printed side by side in the same run: the plain word-list baseline of the eval README,
whole-word, case-insensitive lookup of ``hedge-lexicons/wooorm_hedges_data.txt`` (this
alone gives the README's 58.1 on all rows), and the same with ``words_weasels_data.txt``
added. A baseline has no grades, so on MEANTIME it is scored certain-vs-hedged only.
The scoring lives in ``qa.evaluation.hedge`` (also ``qa eval --benchmarks hedge``).

    python bench/hedge_eval.py [--split dev|test|all] [--errors N] [--shared ../shared]

Tune on dev only; ``--errors`` prints dev mistakes and refuses other splits.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.evaluation.hedge import (
    conll_split,
    detection,
    grading,
    load_conll,
    load_meantime,
    mistakes,
    ours,
    word_list,
    word_lists,
)
from qa.evaluation.metrics import prf

__all__ = ["conll_split", "load_conll", "load_meantime", "main", "prf", "word_list"]

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def run_conll(rows: list[tuple[str, bool, str]], splits: list[str],
              systems: dict[str, Callable[[str], bool]], errors: int) -> None:
    print("CoNLL-2010 Wikipedia, uncertain class (P / R / F1 %); published winner F1 60.2")
    for split in splits:
        r = detection(None, split, systems=systems, rows=rows)
        print(f"  {split}: {r['sentences']} sentences, {r['uncertain']} uncertain")
        for name, m in r["systems"].items():
            print(f"    {name:<28} P {m['P']:5.1f}  R {m['R']:5.1f}  F1 {m['F1']:5.1f}"
                  f"   ({m['us_per_sentence']:.1f} us/sentence)")
    for m in mistakes(rows, errors) if errors else []:
        print(f"{m['kind']} {m['level']:<6} {m['cues']} | {m['text'][:200]}")


def run_meantime(shared: Path, splits: list[str],
                 baselines: dict[str, Callable[[str], bool]]) -> None:
    print("MEANTIME factuality (events; sentence level -> certain/probable/possible)")
    for split in [s for s in ("dev", "test") if s in splits or "all" in splits]:
        r = grading(shared, split, baselines=baselines)
        print(f"  {split}: {r['events']} graded events, {r['hedged']} probable/possible;"
              f" always-certain agrees {r['always_certain']:.1f}%")
        m = r["qa.analysis.hedge"]
        print(f"    {'qa.analysis.hedge':<28} 3-way {m['three_way']:5.1f}%  certain-vs-hedged "
              f"{m['binary']:5.1f}%  hedged events flagged {m['flagged']}/{r['hedged']}")
        for name in baselines:
            m = r[name]
            print(f"    {name:<28} 3-way   n/a   certain-vs-hedged {m['binary']:5.1f}%  "
                  f"hedged events flagged {m['flagged']}/{r['hedged']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all", "both"], default="dev",
                        help="which part to score (default: dev; both = dev then test)")
    parser.add_argument("--errors", type=int, default=0,
                        help="print this many dev mistakes, for tuning (default: 0)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared folder (default: {DEFAULT_SHARED})")
    args = parser.parse_args(argv)
    if args.errors and args.split != "dev":
        parser.error("--errors shows dev mistakes only: tune on dev, never on test")
    if not (args.shared / "eval/external").is_dir():
        parser.error(f"no eval data under {args.shared!s}; pass --shared")
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    baselines = word_lists(args.shared)
    systems = {"qa.analysis.hedge": ours, **baselines}
    run_conll(load_conll(args.shared), splits, systems, args.errors)
    run_meantime(args.shared, splits, baselines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
