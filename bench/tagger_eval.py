"""Accuracy and speed of ``qa.text.tagger`` on UD English EWT (gold tokens).

Prints, for EWT dev and test, UPOS and XPOS accuracy of the shipped tagger beside a
most-frequent-tag baseline fitted on EWT train in the same run (each word form's most
frequent training tag; an unseen word is PUNCT without letters or digits, NUM with a digit,
PROPN if capitalised inside the sentence, else NOUN), then the speed of ``tag_many`` on one
core: once over dev+test with an empty word cache, on a large batch (dev+test repeated: all
words cached), and, if ``../shared/corpus`` is there, in one pass of a fresh tagger over
unseen news text (split into tokens roughly; the realistic case for indexing).

    python bench/tagger_eval.py [--shared ../shared] [--model qa/data/tagger_ewt.json]
                                [--speed-tokens 2000000]

Skips (exit 0) with a message when ``../shared`` (or ``$QA_SHARED_DIR``) is absent.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core: no threaded BLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.text.tagger import Tagger

Sentence = tuple[list[str], list[str], list[str]]
EWT = Path("train/ud-english-ewt")
NEWS = Path("corpus")  # news articles, used here for speed only
_TOKEN = re.compile(r"n't|'s|\w+(?:[-.,']\w+)*|[^\w\s]")  # roughly EWT-like tokens
_BASELINE_XPOS = {"PUNCT": ".", "NUM": "CD", "PROPN": "NNP", "NOUN": "NN"}


def read_conllu(path: Path) -> list[Sentence]:
    """(words, UPOS, XPOS) per sentence; multiword-token ranges and empty nodes skipped."""
    out: list[Sentence] = []
    words: list[str] = []
    upos: list[str] = []
    xpos: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            if words:
                out.append((words, upos, xpos))
            words, upos, xpos = [], [], []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
                upos.append(cols[3])
                xpos.append(cols[4])
    if words:
        out.append((words, upos, xpos))
    return out


class MostFrequentTag:
    """Each training word form's most frequent (UPOS, XPOS); a rule for unseen words."""

    def __init__(self, train: list[Sentence]) -> None:
        counts: defaultdict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for words, upos, xpos in train:
            for w, u, x in zip(words, upos, xpos):
                counts[w][(u, x)] += 1
        self.table = {w: c.most_common(1)[0][0] for w, c in counts.items()}

    @staticmethod
    def unseen(word: str, first: bool) -> tuple[str, str]:
        if not any(c.isalnum() for c in word):
            upos = "PUNCT"
        elif any(c.isdigit() for c in word):
            upos = "NUM"
        elif word[:1].isupper() and not first:
            upos = "PROPN"
        else:
            upos = "NOUN"
        return upos, _BASELINE_XPOS[upos]

    def tag(self, words: list[str]) -> list[tuple[str, str]]:
        return [self.table.get(w) or self.unseen(w, i == 0) for i, w in enumerate(words)]


def accuracy(pred: list[list[str]], gold: list[list[str]]) -> float:
    right = sum(p == g for ps, gs in zip(pred, gold) for p, g in zip(ps, gs))
    return right / max(1, sum(map(len, gold)))


def scores(tagger: Tagger, base: MostFrequentTag, sents: list[Sentence]) -> dict[str, float]:
    """UPOS and XPOS accuracy of the tagger and of the baseline on ``sents``."""
    words = [s[0] for s in sents]
    upos, xpos = [s[1] for s in sents], [s[2] for s in sents]
    guessed = [base.tag(w) for w in words]
    return {
        "upos": accuracy(tagger.tag_many(words), upos),
        "xpos": accuracy(tagger.tag_many(words, xpos=True), xpos),
        "base_upos": accuracy([[u for u, _ in g] for g in guessed], upos),
        "base_xpos": accuracy([[x for _, x in g] for g in guessed], xpos),
    }


def speed(model: Path | None, sents: list[list[str]], min_tokens: int) -> dict[str, float]:
    """Tokens/s of ``tag_many``: cold (fresh cache, one pass), then on a large repeated batch
    for UPOS and for XPOS."""
    tagger = Tagger(model)
    n = sum(map(len, sents))
    t = time.perf_counter()
    tagger.tag_many(sents)
    out = {"speed_cold": n / (time.perf_counter() - t)}
    big = sents * max(1, min_tokens // n)
    n = sum(map(len, big))
    for key, xpos in (("speed", False), ("speed_xpos", True)):
        t = time.perf_counter()
        tagger.tag_many(big, xpos=xpos)
        out[key] = n / (time.perf_counter() - t)
    return out


def news_sentences(corpus: Path, limit: int) -> list[list[str]]:
    """Up to ``limit`` tokens of the news corpus, split into sentences and tokens roughly."""
    out: list[list[str]] = []
    n = 0
    for path in sorted(corpus.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if tokens := _TOKEN.findall(sentence):
                    out.append(tokens)
                    n += len(tokens)
        if n >= limit:
            break
    return out


def news_speed(model: Path | None, corpus: Path, limit: int) -> tuple[int, float]:
    """Tokens and tokens/s of one pass of a fresh tagger over unseen news text."""
    sents = news_sentences(corpus, limit)
    n = sum(map(len, sents))
    tagger = Tagger(model)
    t = time.perf_counter()
    tagger.tag_many(sents)
    return n, n / (time.perf_counter() - t)


def report(data: Path, model: Path | None, speed_tokens: int, splits=("dev", "test")) -> dict:
    """Print the accuracy table and speed; returns the figures."""
    train = read_conllu(data / "en_ewt-ud-train.conllu")
    base = MostFrequentTag(train)
    tagger = Tagger(model)
    out: dict = {}
    print(f"{'split':6} {'tokens':>7} {'UPOS':>7} {'baseline':>9} {'XPOS':>7} {'baseline':>9}")
    for split in splits:
        sents = read_conllu(data / f"en_ewt-ud-{split}.conllu")
        s = out[split] = scores(tagger, base, sents)
        n = s["tokens"] = sum(len(x[0]) for x in sents)
        print(f"{split:6} {n:7d} {s['upos']:7.2%} {s['base_upos']:9.2%}"
              f" {s['xpos']:7.2%} {s['base_xpos']:9.2%}")
    if speed_tokens:
        sents = [s[0] for split in splits for s in read_conllu(data / f"en_ewt-ud-{split}.conllu")]
        out.update(speed(model, sents, speed_tokens))
        print(f"tag_many, one core, {speed_tokens:,}-token batch: {out['speed']:,.0f} tokens/s"
              f" UPOS, {out['speed_xpos']:,.0f} XPOS; cold (one pass over dev+test,"
              f" empty cache): {out['speed_cold']:,.0f} tokens/s")
        corpus = data.parent.parent / NEWS
        if corpus.is_dir():
            out["news_tokens"], out["speed_news"] = news_speed(model, corpus, speed_tokens)
            print(f"one pass over {out['news_tokens']:,} tokens of unseen news text"
                  f" ({corpus}), fresh tagger: {out['speed_news']:,.0f} tokens/s")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("QA_SHARED_DIR", ROOT.parent / "shared"))
    ap.add_argument("--shared", type=Path, default=default, help="the shared/ folder")
    ap.add_argument("--model", type=Path, default=None, help="model JSON (default: shipped)")
    ap.add_argument("--speed-tokens", type=int, default=2_000_000, help="0: skip speed")
    a = ap.parse_args()
    data = a.shared / EWT
    if not (data / "en_ewt-ud-dev.conllu").is_file():
        print(f"skipped: UD English EWT not found at {data} (needs ../shared beside the repo)")
        return 0
    report(data, a.model, a.speed_tokens)
    return 0


if __name__ == "__main__":
    sys.exit(main())
