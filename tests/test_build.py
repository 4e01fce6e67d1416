"""Indexing analysis: one document at a time, in batches and in worker processes, alike."""

from __future__ import annotations

from qa.index.build import analyze, analyze_all, analyze_many
from qa.text.documents import Document, load_paths
from tests.conftest import SEEDS


def _documents() -> list[Document]:
    seeds = list(load_paths([SEEDS]))
    # empty and quotation-only documents between the others: a batch must not carry one
    # document's state (an open quotation, a sentence count) into the next
    odd = [Document(id="empty", title="Empty", text=""),
           Document(id="quote", title="Quote", text='"It is open, he said.\n\nAnd goes on'),
           Document(id="blank", title="Blank", text="   \n\n  "),
           Document(id="open", title="Open", text=(
               '"We will win this. The council agreed to it. The mayor said the vote was '
               'fair. The judge ruled against the plan.'))]
    return [d for seed in seeds for d in (seed, *odd)]


def test_a_batch_analyses_each_document_as_it_would_alone() -> None:
    docs = _documents()
    assert analyze_many(docs) == [analyze(d) for d in docs]


def test_worker_processes_give_the_same_analyses_in_order() -> None:
    docs = _documents() * 16  # enough for the pool
    seen: list[int] = []
    pooled = list(analyze_all(docs, workers=2, progress=seen.append))
    assert [d.id for d, _ in pooled] == [d.id for d in docs]
    assert [a for _, a in pooled] == analyze_many(docs)
    assert sum(seen) == len(docs)
