"""Score ``qa.attribution.attribute`` on PolNeAR (political news attribution relations).

Usage::

    python bench/attribution_eval.py [--split dev|test] [--no-appositive] [--errors N] [--shared DIR]

Data: ``<shared>/eval/external/polnear-attribution/`` (brat standoff: ``Source``, ``Cue``,
``Content`` spans tied by ``E`` lines). Each article is scored once, with the first of its
annotators in ``metadata.tsv`` that has a file. Each article is split with
``qa.sentences.split_sentences`` and its sentences are given to ``attribute`` in order.

A sentence is *inside* an attribution when the attribution's content spans cover at least
half of its characters (the attribution covering most wins, which is the outermost one
for nested reports); it is *outside* when no content span touches it; sentences only
partly covered are left out of both figures (their count is printed).

* **source F1**: mean over inside sentences whose attribution has a source of the token F1
  (SQuAD-style, lower-case ``\\w+`` tokens) between ``attribution.source`` and the gold
  source text; ``None`` scores 0.
* **null share**: share of outside sentences given ``source is None``.

PolNeAR marks pronoun sources as written ("he"), while ``attribute`` resolves them to a
name, as the SPEC asks. The primary line, ``source_f1``, scores the resolved source; the
``surface_f1`` line scores the phrase at ``source_span`` in the sentence instead (the
pronoun when one was resolved), to show what resolution costs on this corpus. About a
fifth of dev's inside sentences have a pronoun as gold source, so resolving them (right
or wrong) scores 0 on the primary line.
Tune on dev; ``--split test`` is for the final report only (``--errors`` refuses it).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qa.attribution import Attribution, attribute  # noqa: E402
from qa.sentences import split_sentences  # noqa: E402

_TOKENS = re.compile(r"\w+")


@dataclass(frozen=True)
class Gold:
    source: str | None
    content: tuple[tuple[int, int], ...]


def default_shared_dir() -> Path:
    return Path(os.environ.get("QA_SHARED_DIR") or REPO.parent / "shared")


def _spans(field: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in field.split(";"):
        a, b = part.split()[-2:]
        out.append((int(a), int(b)))
    return tuple(out)


def read_ann(path: Path, text: str) -> list[Gold]:
    """The attributions of one brat ``.ann`` file."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    golds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            spans[cols[0]] = _spans(cols[1].split(" ", 1)[1])
        elif line.startswith("E") and len(cols) >= 2:
            roles = dict(arg.split(":", 1) for arg in cols[1].split() if ":" in arg)
            content = spans.get(roles.get("Content", ""), ())
            src = spans.get(roles.get("Source", ""))
            source = " ".join(text[a:b] for a, b in src) if src else None
            if content:
                golds.append(Gold(source, content))
    return golds


def articles(root: Path, split: str) -> list[tuple[str, Path]]:
    """(text, .ann path) of every article of the split, first listed annotator."""
    order: dict[str, list[str]] = {}
    with (root / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            order[row["filename"]] = row["annotators"].split("|")
    out = []
    for txt in sorted((root / split / "text").glob("*.txt")):
        anns = sorted((root / split / "attributions").glob(txt.stem + "_*.ann"))
        by_annotator = {p.stem.rsplit("_", 1)[1]: p for p in anns}
        chosen = next((by_annotator[a] for a in order.get(txt.stem, []) if a in by_annotator), None)
        chosen = chosen or (anns[0] if anns else None)
        if chosen is not None:
            out.append((txt.read_text(encoding="utf-8"), chosen))
    return out


def token_f1(pred: str | None, gold: str) -> float:
    p = _TOKENS.findall((pred or "").lower())
    g = _TOKENS.findall(gold.lower())
    common = sum((Counter(p) & Counter(g)).values())
    if not p or not g or not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _overlap(span: tuple[int, int], parts: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in parts)


def surface(att: Attribution, sentence: str) -> str | None:
    if att.source_span is not None:
        return sentence[att.source_span[0] : att.source_span[1]]
    return att.source


def evaluate(root: Path, split: str, appositive: bool, errors: int) -> dict[str, float]:
    f1s, surface_f1s, nulls = [], [], []
    partial = no_source = 0
    n_sentences = 0
    elapsed = 0.0
    shown = 0
    for text, ann in articles(root, split):
        golds = read_ann(ann, text)
        spans = split_sentences(text)
        sentences = [text[a:b] for a, b in spans]
        t0 = time.perf_counter()
        atts = attribute(sentences, appositive=appositive)
        elapsed += time.perf_counter() - t0
        n_sentences += len(sentences)
        for span, sentence, att in zip(spans, sentences, atts):
            overlaps = [(_overlap(span, g.content), i) for i, g in enumerate(golds)]
            best, index = max(overlaps, default=(0, -1))
            if best == 0:
                nulls.append(att.source is None)
                if errors and att.source is not None and shown < errors:
                    shown += 1
                    print(f"OUT  pred={att.source!r} cue={att.cue!r}\n     {sentence[:200]!r}")
            elif best * 2 >= span[1] - span[0]:
                gold = golds[index].source
                if gold is None:
                    no_source += 1
                    continue
                score = token_f1(att.source, gold)
                f1s.append(score)
                surface_f1s.append(token_f1(surface(att, sentence), gold))
                if errors and score < 0.5 and shown < errors:
                    shown += 1
                    print(f"IN   gold={gold!r} pred={att.source!r} cue={att.cue!r}")
                    print(f"     {sentence[:200]!r}")
            else:
                partial += 1
    return {
        "sentences": n_sentences,
        "inside": len(f1s),
        "inside_without_source": no_source,
        "partial_left_out": partial,
        "outside": len(nulls),
        "source_f1": sum(f1s) / max(len(f1s), 1),
        "surface_f1": sum(surface_f1s) / max(len(surface_f1s), 1),
        "null_share": sum(nulls) / max(len(nulls), 1),
        "us_per_sentence": elapsed / max(n_sentences, 1) * 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument(
        "--no-appositive", dest="appositive", action="store_false",
        help="leave appositives out of sources (default: kept, as attribute() does)",
    )
    parser.add_argument("--errors", type=int, default=0, help="print N errors (dev only)")
    parser.add_argument("--shared", type=Path, default=default_shared_dir())
    args = parser.parse_args(argv)
    if args.errors and args.split != "dev":
        parser.error("--errors is for dev only: test labels are read once, for the figure")
    root = args.shared / "eval" / "external" / "polnear-attribution"
    if not root.is_dir():
        print(f"PolNeAR not found at {root}", file=sys.stderr)
        return 1
    result = evaluate(root, args.split, args.appositive, args.errors)
    print(f"PolNeAR {args.split} (appositive={'kept' if args.appositive else 'left out'})")
    labels = {
        "source_f1": "source_f1 (primary: resolved source, as the SPEC asks)",
        "surface_f1": "surface_f1 (in-sentence mention, PolNeAR's convention)",
    }
    for key, value in result.items():
        label = labels.get(key, key)
        print(f"  {label:56s} {value:.3f}" if isinstance(value, float) else f"  {label:56s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
