"""Score sentence splitters on the English Golden Rules and time ours on a news corpus.

Usage::

    python bench/golden_rules.py [CORPUS_DIR] [--shared DIR]

Prints, measured in the same run: the Golden Rules score (cases whose segmentation equals
the expected one exactly) of ``qa.text.sentences.split_sentences``, of plain untrained
``PunktSentenceTokenizer()`` and of pySBD when it is importable (it is not a dependency:
``pip install pysbd`` to compare), with the ids of the failing cases; then the throughput of
``split_sentences`` (sentences and characters per second) over every ``*.txt`` file under
CORPUS_DIR (default: ``<shared>/corpus/bbc``).

The shared folder is ``$QA_SHARED_DIR`` or ``../shared`` next to the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nltk.tokenize.punkt import PunktSentenceTokenizer

from qa.text.sentences import split_sentences

Splitter = Callable[[str], list[str]]


def default_shared_dir() -> Path:
    return Path(os.environ.get("QA_SHARED_DIR") or REPO.parent / "shared")


def load_cases(shared: Path) -> list[dict]:
    path = shared / "eval" / "external" / "golden-rules-en" / "golden_rules_en.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score(splitter: Splitter, cases: list[dict]) -> list[str]:
    """Return the ids of the failing cases."""
    failing = []
    for case in cases:
        got = [piece.strip() for piece in splitter(case["text"]) if piece.strip()]
        if got != case["sentences"]:
            failing.append(str(case["id"]))
    return failing


def ours(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def splitters() -> dict[str, Splitter]:
    found: dict[str, Splitter] = {"qa.text.sentences": ours}
    punkt = PunktSentenceTokenizer()
    found["nltk Punkt (untrained)"] = punkt.tokenize
    try:
        import pysbd  # type: ignore[import-not-found]
    except ImportError:
        print("pysbd not importable: skipped (pip install pysbd to compare)")
    else:
        segmenter = pysbd.Segmenter(language="en", clean=False)
        found["pySBD"] = segmenter.segment
    return found


def throughput(corpus: Path) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))]
    if not texts:
        print(f"no .txt files under {corpus}")
        return
    split_sentences("Warm up. Load the parameters.")
    started = time.perf_counter()
    sentences = sum(len(split_sentences(text)) for text in texts)
    seconds = time.perf_counter() - started
    chars = sum(map(len, texts))
    print(
        f"throughput on {corpus} ({len(texts)} files, {chars / 1e6:.1f} M chars): "
        f"{sentences} sentences in {seconds:.2f} s = {sentences / seconds:,.0f} sentences/s, "
        f"{seconds / sentences * 1e6:.1f} us/sentence, {chars / seconds / 1e6:.2f} M chars/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="folder of .txt files to time")
    parser.add_argument("--shared", type=Path, default=default_shared_dir(), help="shared folder")
    args = parser.parse_args(argv)

    try:
        cases = load_cases(args.shared)
    except FileNotFoundError as error:
        print(f"Golden Rules not found ({error}); pass --shared or set QA_SHARED_DIR")
    else:
        for name, splitter in splitters().items():
            failing = score(splitter, cases)
            print(
                f"{name:24} {len(cases) - len(failing):2}/{len(cases)}  failing: {', '.join(failing) or '-'}"
            )

    corpus = args.corpus or args.shared / "corpus" / "bbc"
    if corpus.is_dir():
        throughput(corpus)
    else:
        print(f"corpus folder {corpus} not found: throughput skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
