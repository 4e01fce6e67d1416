"""Answer-sentence retrieval on SQuAD v1.1 dev, as ``../shared/eval/README.md`` defines it.

Every SQuAD paragraph is one document (id = paragraph number, title = article title); the
engine searches the whole pool. For each question, rank k is the position of the first
returned passage of the question's own paragraph whose [start, end) contains a gold
``answer_start``; R@1 is the share with k == 1 and MRR the mean of 1/k (0 beyond 10).
Questions whose article title sorts among the first 24 titles are "dev", the rest "test".

Printed side by side, in the same run and on the same sentences: the engine, and plain
``rank_bm25.BM25Okapi`` on lower-cased ``\\w+`` tokens of each sentence.

    python bench/squad_retrieval.py [--split dev|test|all] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa import QA, Document
from qa.retrieval import RetrievalParams

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_squad(shared: Path) -> tuple[list[Document], list[dict]]:
    """Paragraph documents and questions (each with its split, paragraph id and starts)."""
    data = json.loads((shared / "eval/external/squad-v1.1/dev-v1.1.json").read_text())["data"]
    titles = sorted(article["title"] for article in data)
    dev_titles = set(titles[:24])
    documents, questions = [], []
    number = 0
    for article in data:
        split = "dev" if article["title"] in dev_titles else "test"
        for paragraph in article["paragraphs"]:
            number += 1
            doc_id = str(number)
            documents.append(Document(id=doc_id, title=article["title"],
                                      text=paragraph["context"], source=f"squad:{doc_id}"))
            for qa in paragraph["qas"]:
                questions.append({
                    "id": qa["id"], "question": qa["question"], "doc": doc_id, "split": split,
                    "starts": [a["answer_start"] for a in qa["answers"]],
                    "answers": [a["text"] for a in qa["answers"]],
                })
    return documents, questions


def rank_of(passages: list[tuple[str, int, int]], q: dict) -> int | None:
    """1-based rank of the first passage (doc, start, end) holding a gold answer start."""
    for k, (doc, start, end) in enumerate(passages, start=1):
        if doc == q["doc"] and any(start <= s < end for s in q["starts"]):
            return k
    return None


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "R@1": sum(r == 1 for r in ranks) / n,
        "R@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "MRR": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
    }


def run(shared: Path, splits: list[str], params: RetrievalParams | None = None,
        baseline: bool = True, quiet: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    documents, questions = load_squad(shared)
    t0 = time.perf_counter()
    engine = QA.from_documents(documents, params=params)
    build = time.perf_counter() - t0
    corpus = engine.corpus
    results: dict[str, dict[str, dict[str, float]]] = {}
    bm25 = None
    if baseline:
        sent_tokens = [re.findall(r"\w+", corpus.sentence_text(i).lower())
                       for i in range(len(corpus))]
        bm25 = BM25Okapi(sent_tokens)
    where = [(corpus.documents[int(corpus.sent_doc[i])].id, int(corpus.sent_start[i]),
              int(corpus.sent_end[i])) for i in range(len(corpus))]
    for split in splits:
        qs = [q for q in questions if split == "all" or q["split"] == split]
        t0 = time.perf_counter()
        ours = [rank_of([(p.document.id, p.start, p.end) for p in
                         engine.search(q["question"], top_k=10)], q) for q in qs]
        elapsed = time.perf_counter() - t0
        results[split] = {"engine": metrics(ours)}
        if bm25 is not None:
            theirs = []
            for q in qs:
                scores = bm25.get_scores(re.findall(r"\w+", q["question"].lower()))
                top = np.argsort(-scores, kind="stable")[:10]
                theirs.append(rank_of([where[i] for i in top], q))
            results[split]["rank_bm25 \\w+"] = metrics(theirs)
        if not quiet:
            print(f"[{split}] {len(qs)} questions, {len(corpus)} sentences, "
                  f"build {build:.1f}s, {1000 * elapsed / max(1, len(qs)):.2f} ms/question")
            for name, m in results[split].items():
                print(f"  {name:<16} R@1 {m['R@1']:.3f}  R@5 {m['R@5']:.3f}  MRR {m['MRR']:.3f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if not (args.shared / "eval/external/squad-v1.1/dev-v1.1.json").exists():
        sys.exit(f"SQuAD not found under {args.shared}; pass --shared")
    run(args.shared, [args.split], baseline=not args.no_baseline)


if __name__ == "__main__":
    main()
