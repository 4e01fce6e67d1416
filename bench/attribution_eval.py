"""Score ``qa.analysis.attribution.attribute`` on PolNeAR (political news attribution relations).

Usage::

    python bench/attribution_eval.py [--split dev|test] [--no-appositive] [--errors N] [--shared DIR]

Data: ``<shared>/eval/external/polnear-attribution/`` (brat standoff: ``Source``, ``Cue``,
``Content`` spans tied by ``E`` lines). Each article is scored once, with the first of its
annotators in ``metadata.tsv`` that has a file. Each article is split with
``qa.text.sentences.split_sentences`` and its sentences are given to ``attribute`` in order.

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
The scoring lives in ``qa.evaluation.attribution`` (also ``qa eval --benchmarks attribution``).
Tune on dev; ``--split test`` is for the final report only (``--errors`` refuses it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qa.evaluation.attribution import (
    POLNEAR,
    Gold,
    articles,
    read_ann,
    score_polnear,
    surface,
)
from qa.evaluation.metrics import token_f1

__all__ = ["Gold", "articles", "evaluate", "read_ann", "surface", "token_f1"]


def default_shared_dir() -> Path:
    return Path(os.environ.get("QA_SHARED_DIR") or REPO.parent / "shared")


def evaluate(root: Path, split: str, appositive: bool, errors: int) -> dict[str, Any]:
    """The figures on the PolNeAR folder ``root``, printing up to ``errors`` mistakes."""
    result = score_polnear(root, split, appositive=appositive, errors=errors)
    for e in result.pop("examples", []):
        if e["kind"] == "OUT":
            print(f"OUT  pred={e['pred']!r} cue={e['cue']!r}\n     {e['sentence'][:200]!r}")
        else:
            print(f"IN   gold={e['gold']!r} pred={e['pred']!r} cue={e['cue']!r}")
            print(f"     {e['sentence'][:200]!r}")
    return result


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
    root = args.shared / POLNEAR
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
