"""Time expressions resolved against the article's date, scored on ``examples/time/``.

Each gold row names an expression by its offsets in a corpus file; the sentence around it
is read from the corpus (split by ``qa.text.sentences``), and
``qa.text.timex.resolve(text, date, sentence)`` is compared with the gold ``value`` and
``granularity`` (see ``examples/time/README.md``).

    python3 bench/timex_eval.py [--split dev|test] [--corpus ../shared/corpus] [--quiet]

Prints the accuracy of ``value`` and of ``granularity``, over the split and for each
batch of it, then every failure. Exits 2 when the corpus is absent. Tune on dev only;
score test once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.text import timex
from qa.text.sentences import split_sentences

GOLD = ROOT / "examples" / "time"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

__all__ = ["evaluate", "load", "main", "sentence_around"]


def load(split: str, gold: Path = GOLD) -> list[dict[str, object]]:
    with open(gold / f"reuters21578.{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence of ``text`` holding ``[start, end)`` and where it starts."""
    for s, e in split_sentences(text):
        if s <= start and end <= e:
            return text[s:e], s
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start: line_end if line_end >= 0 else len(text)], line_start


def evaluate(rows: list[dict[str, object]], corpus: Path) -> Iterator[tuple[dict[str, object],
                                                                             timex.TimeValue | None]]:
    """Each gold row with what the resolver makes of it, in its sentence."""
    texts: dict[str, str] = {}
    for row in rows:
        path = str(row["path"])
        if path not in texts:
            texts[path] = (corpus / path).read_text(encoding="utf-8")
        text = texts[path]
        start, end = int(str(row["start"])), int(str(row["end"]))
        if text[start:end] != row["text"]:
            raise ValueError(f"{path}:{start}-{end} is {text[start:end]!r}, gold says {row['text']!r}")
        sentence, offset = sentence_around(text, start, end)
        # Resolve the expression at its place: the sentence from the expression on (only
        # the gold start is used, not its end), with the whole sentence for the tense.
        got = timex.resolve(sentence[start - offset:], str(row["date"]), sentence,
                            at=start - offset)
        yield row, got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev", help="default: dev")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"the shared corpus folder (default: {DEFAULT_CORPUS})")
    parser.add_argument("--gold", type=Path, default=GOLD,
                        help=f"the folder of the gold files (default: {GOLD})")
    parser.add_argument("--quiet", action="store_true", help="figures only, no failures")
    args = parser.parse_args(argv)
    if not (args.corpus / "reuters21578" / "articles").is_dir():
        print(f"corpus not found: {args.corpus} (give --corpus DIR)", file=sys.stderr)
        return 2
    rows = load(args.split, args.gold)
    right: dict[str, list[tuple[bool, bool]]] = {}
    failures = []
    for row, got in evaluate(rows, args.corpus):
        value = got.value if got else None
        grain = got.granularity if got else None
        score = (value == row["value"], grain == row["granularity"])
        for key in ("all", f"batch {row.get('batch', 1)}"):
            right.setdefault(key, []).append(score)
        if not all(score):
            failures.append((row, got))
    for key, scores in sorted(right.items()):
        n = len(scores)
        values = sum(v for v, _ in scores)
        grains = sum(g for _, g in scores)
        label = args.split if key == "all" else f"  {key}"
        print(f"{label}: {n} expressions; value accuracy {values / n:.3f} ({values}/{n}), "
              f"granularity accuracy {grains / n:.3f} ({grains}/{n})")
    if not args.quiet:
        for row, got in failures:
            print(f"  {row['path']}:{row['start']} {row['text']!r} ({row['date']}): gold "
                  f"{row['value']} {row['granularity']}, got "
                  f"{got.to_dict() if got else None}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
