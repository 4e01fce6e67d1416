"""The attribution benchmark: ``qa.analysis.attribution.attribute`` on PolNeAR.

Data: ``eval/external/polnear-attribution/`` under the shared folder (brat standoff:
``Source``, ``Cue``, ``Content`` spans tied by ``E`` lines). Each article is scored once,
with the first of its annotators in ``metadata.tsv`` that has a file; it is split with
``qa.text.sentences.split_sentences`` and its sentences are given to ``attribute`` in order.

A sentence is *inside* an attribution when the attribution's content spans cover at least
half of its characters (the attribution covering most wins, the outermost one for nested
reports); it is *outside* when no content span touches it; sentences only partly covered
are left out of both figures (their count is returned).

* ``source_f1``: mean over inside sentences whose attribution has a source of the token F1
  (lower-case ``\\w+`` tokens) between ``attribution.source`` and the gold source text;
  ``None`` scores 0. This scores the *resolved* source, as the SPEC asks.
* ``surface_f1``: the same for the phrase at ``source_span`` in the sentence (the pronoun
  when one was resolved), PolNeAR's own convention.
* ``null_share``: share of outside sentences given ``source is None``.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.analysis.attribution import Attribution, attribute
from qa.evaluation.metrics import token_f1
from qa.text.documents import PARAGRAPH_BREAK
from qa.text.sentences import split_sentences

__all__ = ["POLNEAR", "Gold", "articles", "read_ann", "score_polnear", "sources", "surface"]

POLNEAR = "eval/external/polnear-attribution"


@dataclass(frozen=True)
class Gold:
    """One gold attribution: its source text (``None`` if unnamed) and content spans."""

    source: str | None
    content: tuple[tuple[int, int], ...]


def _spans(field: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in field.split(";"):
        a, b = part.split()[-2:]
        out.append((int(a), int(b)))
    return tuple(out)


def read_ann(path: Path, text: str) -> list[Gold]:
    """The attributions of one brat ``.ann`` file over ``text``."""
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
    """``(text, .ann path)`` of every article of the split, first listed annotator."""
    order: dict[str, list[str]] = {}
    with (root / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            order[row["filename"]] = row["annotators"].split("|")
    out = []
    for txt in sorted((root / split / "text").glob("*.txt")):
        anns = sorted((root / split / "attributions").glob(txt.stem + "_*.ann"))
        by_annotator = {p.stem.rsplit("_", 1)[1]: p for p in anns}
        chosen = next((by_annotator[a] for a in order.get(txt.stem, []) if a in by_annotator),
                      None)
        chosen = chosen or (anns[0] if anns else None)
        if chosen is not None:
            out.append((txt.read_text(encoding="utf-8"), chosen))
    return out


def _overlap(span: tuple[int, int], parts: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in parts)


def paragraph_numbers(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The paragraph number of each sentence span: a blank line between two sentences
    starts a new paragraph, as in the documents the service reads."""
    numbers: list[int] = []
    para = last = 0
    for start, end in spans:
        if numbers and PARAGRAPH_BREAK.search(text, last, start):
            para += 1
        numbers.append(para)
        last = end
    return numbers


def surface(att: Attribution, sentence: str) -> str | None:
    """The source as written in the sentence (the pronoun, when one was resolved)."""
    if att.source_span is not None:
        return sentence[att.source_span[0] : att.source_span[1]]
    return att.source


def score_polnear(root: Path, split: str = "dev", *, appositive: bool = True,
                  errors: int = 0) -> dict[str, Any]:
    """The figures on the PolNeAR folder ``root``; see the module docstring.

    With ``errors``, ``examples`` lists up to that many mistakes in the order met:
    ``{"kind": "OUT"|"IN", "gold", "pred", "cue", "sentence"}``.
    """
    f1s: list[float] = []
    surface_f1s: list[float] = []
    nulls: list[bool] = []
    examples: list[dict[str, Any]] = []
    partial = no_source = n_sentences = 0
    elapsed = 0.0
    for text, ann in articles(root, split):
        golds = read_ann(ann, text)
        spans = split_sentences(text)
        sentences = [text[a:b] for a, b in spans]
        t0 = time.perf_counter()
        paragraphs = paragraph_numbers(text, spans)
        atts = attribute(sentences, appositive=appositive, paragraphs=paragraphs)
        elapsed += time.perf_counter() - t0
        n_sentences += len(sentences)
        for span, sentence, att in zip(spans, sentences, atts):
            overlaps = [(_overlap(span, g.content), i) for i, g in enumerate(golds)]
            most, index = max(overlaps, default=(0, -1))
            if most == 0:
                nulls.append(att.source is None)
                if att.source is not None and len(examples) < errors:
                    examples.append({"kind": "OUT", "gold": None, "pred": att.source,
                                     "cue": att.cue, "sentence": sentence})
            elif most * 2 >= span[1] - span[0]:
                gold = golds[index].source
                if gold is None:
                    no_source += 1
                    continue
                score = token_f1(att.source, gold)
                f1s.append(score)
                surface_f1s.append(token_f1(surface(att, sentence), gold))
                if score < 0.5 and len(examples) < errors:
                    examples.append({"kind": "IN", "gold": gold, "pred": att.source,
                                     "cue": att.cue, "sentence": sentence})
            else:
                partial += 1
    out: dict[str, Any] = {
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
    if errors:
        out["examples"] = examples
    return out


def sources(shared: Path, split: str = "dev", *, appositive: bool = True,
            errors: int = 0) -> dict[str, Any]:
    """PolNeAR source token F1 and null share on ``split`` (``"dev"`` or ``"test"``)."""
    root = Path(shared) / POLNEAR
    if not root.is_dir():
        raise FileNotFoundError(f"PolNeAR not found at {root}")
    return {"split": split, **score_polnear(root, split, appositive=appositive, errors=errors)}
