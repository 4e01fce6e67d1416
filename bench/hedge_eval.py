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

    python bench/hedge_eval.py [--split dev|test|all] [--errors N] [--shared ../shared]

Tune on dev only; ``--errors`` prints dev mistakes and refuses other splits.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.hedge import hedge

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
GRADES = {3.0: "certain", 1.5: "probable", 0.75: "possible"}
LEVEL_GRADE = {"none": "certain", "low": "certain", "medium": "probable", "high": "possible"}


def conll_split(doc_id: str) -> str:
    """dev when the md5 hex of ``doc_id`` starts with 0-7, else (and for no id) test."""
    if doc_id and hashlib.md5(doc_id.encode("utf-8")).hexdigest()[0] in "01234567":
        return "dev"
    return "test"


def load_conll(shared: Path) -> list[tuple[str, bool, str]]:
    """``(split, uncertain, text)`` for every row of the CoNLL-2010 Wikipedia eval set."""
    path = shared / "eval/external/conll2010-wikipedia-eval/conll2010_task1_wikipedia_eval.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (conll_split(row["doc_id"]), row["label"] == "uncertain", row["text"])
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def load_meantime(shared: Path, split: str) -> list[tuple[str, list[str]]]:
    """``(sentence, grades of its graded events)`` for a MEANTIME split."""
    path = shared / f"eval/external/meantime-factuality/{split}.conll"
    out: list[tuple[str, list[str]]] = []
    tokens: list[str] = []
    grades: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                out.append((" ".join(tokens), grades))
            tokens, grades = [], []
            continue
        cols = line.split("\t")
        tokens.append(cols[1])
        if cols[2] != "_" and abs(float(cols[2])) in GRADES:
            grades.append(GRADES[abs(float(cols[2]))])
    return out


def word_list(paths: list[Path]) -> Callable[[str], bool]:
    """The README baseline: any listed word or phrase, whole-word, case-insensitive."""
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("%"):
                words.add(line.strip().lower())
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    return lambda text: pattern.search(text) is not None


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 (in %) of the positive class."""
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return 100 * precision, 100 * recall, 100 * f1


def run_conll(rows: list[tuple[str, bool, str]], splits: list[str],
              systems: dict[str, Callable[[str], bool]], errors: int) -> None:
    print("CoNLL-2010 Wikipedia, uncertain class (P / R / F1 %); published winner F1 60.2")
    for split in splits:
        part = [r for r in rows if split == "all" or r[0] == split]
        gold = [r[1] for r in part]
        print(f"  {split}: {len(part)} sentences, {sum(gold)} uncertain")
        for name, system in systems.items():
            started = time.perf_counter()
            pred = [system(r[2]) for r in part]
            micros = (time.perf_counter() - started) / max(len(part), 1) * 1e6
            p, r, f = prf(pred, gold)
            print(f"    {name:<28} P {p:5.1f}  R {r:5.1f}  F1 {f:5.1f}"
                  f"   ({micros:.1f} us/sentence)")
    if errors:
        dev = [r for r in rows if r[0] == "dev"]
        wrong = [(g, t) for _, g, t in dev if (hedge(t).level != "none") != g]
        for gold_uncertain, text in random.Random(0).sample(wrong, min(errors, len(wrong))):
            h = hedge(text)
            kind = "FN" if gold_uncertain else "FP"
            print(f"{kind} {h.level:<6} {h.cues} | {text[:200]}")


def run_meantime(shared: Path, splits: list[str],
                 baselines: dict[str, Callable[[str], bool]]) -> None:
    print("MEANTIME factuality (events; sentence level -> certain/probable/possible)")
    for split in [s for s in ("dev", "test") if s in splits or "all" in splits]:
        sentences = load_meantime(shared, split)
        events = [(text, grade) for text, grades in sentences for grade in grades]
        hedged_gold = [g != "certain" for _, g in events]
        ours = [LEVEL_GRADE[hedge(text).level] for text, _ in events]
        exact = sum(o == g for o, (_, g) in zip(ours, events)) / len(events)
        binary = [o != "certain" for o in ours]
        agree = sum(b == g for b, g in zip(binary, hedged_gold)) / len(events)
        caught = sum(b and g for b, g in zip(binary, hedged_gold))
        print(f"  {split}: {len(events)} graded events, {sum(hedged_gold)} probable/possible;"
              f" always-certain agrees {100 * (1 - sum(hedged_gold) / len(events)):.1f}%")
        print(f"    {'qa.hedge':<28} 3-way {100 * exact:5.1f}%  certain-vs-hedged "
              f"{100 * agree:5.1f}%  hedged events flagged {caught}/{sum(hedged_gold)}")
        for name, system in baselines.items():
            flags = [system(text) for text, _ in events]
            agree = sum(b == g for b, g in zip(flags, hedged_gold)) / len(events)
            caught = sum(b and g for b, g in zip(flags, hedged_gold))
            print(f"    {name:<28} 3-way   n/a   certain-vs-hedged {100 * agree:5.1f}%  "
                  f"hedged events flagged {caught}/{sum(hedged_gold)}")


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
    lexicons = args.shared / "eval/external/hedge-lexicons"
    baselines = {
        "word list (wooorm hedges)": word_list([lexicons / "wooorm_hedges_data.txt"]),
        "word list (hedges+weasels)": word_list(
            [lexicons / "wooorm_hedges_data.txt", lexicons / "words_weasels_data.txt"]),
    }
    hedge("warm up: load the lexicon")
    systems = {"qa.hedge": lambda text: hedge(text).level != "none", **baselines}
    run_conll(load_conll(args.shared), splits, systems, args.errors)
    run_meantime(args.shared, splits, baselines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
