"""Hedge benchmarks: detection on CoNLL-2010 Wikipedia, grading on MEANTIME.

As ``../shared/eval/README.md`` defines them:

* :func:`detection` (CoNLL-2010 Task 1, ``eval/external/conll2010-wikipedia-eval/``): a
  sentence is predicted *uncertain* when ``qa.analysis.hedge.hedge(text).level != "none"``; the
  figures are P / R / F1 (in %) of the uncertain class over all rows of the split (titles
  included, as in the official condition). Rows whose ``doc_id`` md5 hex starts with 0-7
  are dev, the others (and rows with no id) test. Published: shared-task winner F1 60.2.
* :func:`grading` (MEANTIME factuality, ``eval/external/meantime-factuality/``): every
  event graded certain (|3.0|), probable (|1.5|) or possible (|0.75|) gets the level of
  its sentence (tokens joined by spaces), mapped none/low -> certain, medium -> probable,
  high -> possible: 3-way agreement, certain-vs-hedged agreement and hedged events
  flagged. Events graded 0 (underspecified) are left out.

The peers, :func:`word_lists`: the README's word-list baseline, a whole-word,
case-insensitive lookup of ``hedge-lexicons/wooorm_hedges_data.txt`` (58.1 on all rows),
and the same with ``words_weasels_data.txt`` added.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from qa.analysis.hedge import hedge
from qa.evaluation.metrics import prf

__all__ = [
    "CONLL",
    "LEVEL_GRADE",
    "System",
    "conll_split",
    "detection",
    "grading",
    "load_conll",
    "load_meantime",
    "mistakes",
    "word_list",
    "word_lists",
]

CONLL = "eval/external/conll2010-wikipedia-eval/conll2010_task1_wikipedia_eval.tsv"
MEANTIME = "eval/external/meantime-factuality"
LEXICONS = "eval/external/hedge-lexicons"
GRADES = {3.0: "certain", 1.5: "probable", 0.75: "possible"}
LEVEL_GRADE = {"none": "certain", "low": "certain", "medium": "probable", "high": "possible"}

#: A detector: ``True`` when the sentence is uncertain.
System = Callable[[str], bool]


def ours(text: str) -> bool:
    """The service's detector: the sentence's hedge level is not ``none``."""
    return hedge(text).level != "none"


def conll_split(doc_id: str) -> str:
    """dev when the md5 hex of ``doc_id`` starts with 0-7, else (and for no id) test."""
    if doc_id and hashlib.md5(doc_id.encode("utf-8")).hexdigest()[0] in "01234567":
        return "dev"
    return "test"


def load_conll(shared: Path) -> list[tuple[str, bool, str]]:
    """``(split, uncertain, text)`` for every row of the CoNLL-2010 Wikipedia eval set."""
    path = Path(shared) / CONLL
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (conll_split(row["doc_id"]), row["label"] == "uncertain", row["text"])
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def load_meantime(shared: Path, split: str) -> list[tuple[str, list[str]]]:
    """``(sentence, grades of its graded events)`` for a MEANTIME split."""
    path = Path(shared) / MEANTIME / f"{split}.conll"
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


def word_list(paths: Sequence[Path]) -> System:
    """The README baseline: any listed word or phrase, whole-word, case-insensitive."""
    words: set[str] = set()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("%"):
                words.add(line.strip().lower())
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    return lambda text: pattern.search(text) is not None


def word_lists(shared: Path) -> dict[str, System]:
    """The two word-list peers, by the names the benchmark prints."""
    lexicons = Path(shared) / LEXICONS
    return {
        "word list (wooorm hedges)": word_list([lexicons / "wooorm_hedges_data.txt"]),
        "word list (hedges+weasels)": word_list(
            [lexicons / "wooorm_hedges_data.txt", lexicons / "words_weasels_data.txt"]),
    }


def _part(rows: Sequence[tuple[str, bool, str]], split: str) -> list[tuple[str, bool, str]]:
    return [r for r in rows if split == "all" or r[0] == split]


def detection(shared: Path | None, split: str = "dev", *,
              systems: Mapping[str, System] | None = None,
              rows: Sequence[tuple[str, bool, str]] | None = None) -> dict[str, Any]:
    """CoNLL-2010 Wikipedia: P / R / F1 (%) of the uncertain class for each system.

    ``systems`` defaults to the service alone (``"qa.analysis.hedge"``); pass
    ``{"qa.analysis.hedge": ours, **word_lists(shared)}`` for the peers; ``rows``, already loaded
    with :func:`load_conll`, spare reading ``shared`` again. Returns ``sentences``,
    ``uncertain`` and ``systems``: ``{name: {"P", "R", "F1", "us_per_sentence"}}``.
    """
    hedge("warm up: load the lexicon")
    if rows is None:
        if shared is None:
            raise TypeError("detection needs the shared folder or the rows")
        rows = load_conll(shared)
    part = _part(rows, split)
    gold = [r[1] for r in part]
    figures: dict[str, dict[str, float]] = {}
    for name, system in (systems or {"qa.analysis.hedge": ours}).items():
        started = time.perf_counter()
        pred = [system(r[2]) for r in part]
        micros = (time.perf_counter() - started) / max(len(part), 1) * 1e6
        p, r, f = prf(pred, gold)
        figures[name] = {"P": p, "R": r, "F1": f, "us_per_sentence": micros}
    return {"split": split, "sentences": len(part), "uncertain": sum(gold), "systems": figures}


def mistakes(rows: Sequence[tuple[str, bool, str]], n: int,
             seed: int = 0) -> list[dict[str, Any]]:
    """``n`` dev sentences the service gets wrong, sampled reproducibly: each with
    ``kind`` (``"FN"`` missed hedge, ``"FP"`` false alarm), ``level``, ``cues``, ``text``."""
    dev = [r for r in rows if r[0] == "dev"]
    wrong = [(g, t) for _, g, t in dev if ours(t) != g]
    out = []
    for gold_uncertain, text in random.Random(seed).sample(wrong, min(n, len(wrong))):
        h = hedge(text)
        out.append({"kind": "FN" if gold_uncertain else "FP", "level": h.level,
                    "cues": list(h.cues), "text": text})
    return out


def grading(shared: Path, split: str = "dev", *,
            baselines: Mapping[str, System] | None = None) -> dict[str, Any]:
    """MEANTIME factuality for one split (``"dev"`` or ``"test"``).

    Returns ``events``, ``hedged`` (probable or possible), ``always_certain`` (agreement
    of that trivial guess, %), ``qa.analysis.hedge`` (``three_way``, ``binary`` agreement in %,
    ``flagged``) and, per baseline, ``binary`` and ``flagged`` (no grades: no 3-way).
    """
    sentences = load_meantime(shared, split)
    events = [(text, grade) for text, grades in sentences for grade in grades]
    n = max(1, len(events))
    hedged_gold = [g != "certain" for _, g in events]
    predicted = [LEVEL_GRADE[hedge(text).level] for text, _ in events]
    exact = sum(o == g for o, (_, g) in zip(predicted, events)) / n
    binary = [o != "certain" for o in predicted]
    out: dict[str, Any] = {
        "split": split,
        "events": len(events),
        "hedged": sum(hedged_gold),
        "always_certain": 100 * (1 - sum(hedged_gold) / n),
        "qa.analysis.hedge": {
            "three_way": 100 * exact,
            "binary": 100 * (sum(b == g for b, g in zip(binary, hedged_gold)) / n),
            "flagged": sum(b and g for b, g in zip(binary, hedged_gold)),
        },
    }
    for name, system in (baselines or {}).items():
        flags = [system(text) for text, _ in events]
        out[name] = {
            "binary": 100 * (sum(b == g for b, g in zip(flags, hedged_gold)) / n),
            "flagged": sum(b and g for b, g in zip(flags, hedged_gold)),
        }
    return out
