"""A live index: segments, the document store, writes seen by every process, exactness.

The central promise (SPEC "Exact"): after any sequence of additions, replacements and
removals, scores and rankings equal those of an index built from scratch over the same
documents in the same order. It is checked at three levels: the segmented BM25 against
``BM25Index`` on random corpora, a :class:`~qa.live.LiveIndex` against a fresh engine on
seed-like documents, and, when ``../shared`` is present, 1,000 single-document writes mixed
with 200 removals on the BBC corpus against a fresh build, for 300 questions.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa import QA, Document
from qa.engine import save_index
from qa.errors import IndexStoreError, InvalidRequest, NotFound
from qa.index.bm25 import BM25Index
from qa.index.segments import Segment, SegmentedBM25, merge
from qa.live import LiveIndex, content_id, create_index

SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC = SHARED / "corpus" / "bbc"

WORDS = [f"w{i}" for i in range(80)]


def _random_docs(rng: random.Random, n: int) -> list[list[str]]:
    return [[rng.choice(WORDS) for _ in range(rng.randint(0, 15))] for _ in range(n)]


@pytest.mark.parametrize("variant", ["lucene", "bm25plus", "bm25l"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_segments_score_as_a_fresh_index_of_the_live_rows(variant: str, seed: int) -> None:
    rng = random.Random(seed)
    docs = _random_docs(rng, 400)
    params = {"k1": 0.8, "b": 0.4, "variant": variant}
    base = BM25Index(docs[:250], **params)
    segments = [Segment.of_index(base), Segment.of_terms(docs[250:300], 250),
                Segment.of_terms(docs[300:], 300)]
    live = np.ones(400, dtype=bool)
    live[rng.sample(range(400), 60)] = False
    segmented = SegmentedBM25(segments, live, base.params)
    fresh = BM25Index([d for d, keep in zip(docs, live) if keep], **params)
    merged = merge(segmented)
    assert segmented.corpus_size == fresh.corpus_size == merged.corpus_size
    for _ in range(40):
        query = {rng.choice(WORDS): rng.choice([1.0, 0.35]) for _ in range(rng.randint(1, 5))}
        want = fresh.get_scores(query)
        assert np.abs(segmented.get_scores(query)[live] - want).max() <= 1e-9
        assert np.abs(merged.get_scores(query) - want).max() <= 1e-9
        term = next(iter(query))
        assert segmented.idf.get(term) == fresh.idf.get(term)
        row = int(np.flatnonzero(live)[0])
        assert sum(segmented.explain(query, row).values()) == pytest.approx(
            segmented.get_scores(query)[row])
    assert np.all(segmented.get_scores({"w1": 1.0})[~live] == 0)


def test_okapi_cannot_change_incrementally() -> None:
    base = BM25Index([["a", "b"], ["b"]])  # Okapi: its idf floor depends on every term
    with pytest.raises(ValueError, match="lucene"):
        SegmentedBM25([Segment.of_index(base)], None, base.params)


# --- LiveIndex ---------------------------------------------------------------------------

def _doc(n: int, topic: str = "harbour") -> Document:
    return Document(
        id=f"d{n}", title=f"Report {n} on the {topic}",
        text=f"Report {n} on the {topic}\n\nThe {topic} authority said on Monday that "
             f"{n + 2} ships docked at pier {n}. Officials expect more traffic in June.\n\n"
             f"Critics of the {topic} plan doubt the figures.",
        publisher="Wire" if n % 2 else "Herald", date=f"2024-10-{n % 28 + 1:02d}")


QUESTIONS = ["How many ships docked at the pier?", "What did the harbour authority say?",
             "When is more traffic expected?", "Who doubts the figures?", "pier 7 ships",
             "What did the airport authority say about flights?"]


def _same(live: QA, fresh: QA, questions: list[str] = QUESTIONS) -> None:
    for q in questions:
        got = [(p.document.id, p.index, p.score) for p in live.search(q, 10)]
        want = [(p.document.id, p.index, p.score) for p in fresh.search(q, 10)]
        assert [g[:2] for g in got] == [w[:2] for w in want], q
        assert all(abs(g[2] - w[2]) <= 1e-9 for g, w in zip(got, want)), q
        assert live.ask(q).to_dict() == fresh.ask(q).to_dict(), q


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    create_index([_doc(n) for n in range(6)], tmp_path / "ix")
    return tmp_path / "ix"


def test_writes_equal_a_fresh_build_and_survive_a_restart(folder: Path) -> None:
    live = LiveIndex(folder, background=False, max_segments=3)
    order = [_doc(n) for n in range(6)]
    rng = random.Random(7)
    for n in range(6, 30):
        topic = rng.choice(["harbour", "airport", "railway"])
        done = live.add([_doc(n, topic)])
        assert done["documents"] == [{"id": f"d{n}", "status": "added", "sentences": 4}]
        order.append(_doc(n, topic))
        if n % 4 == 0:
            victim = rng.choice(order)
            order.remove(victim)
            assert live.remove(victim.id)["status"] == "deleted"
        if n % 5 == 0:  # replacing moves the document to the end
            again = rng.choice(order)
            order.remove(again)
            replaced = Document(id=again.id, title=again.title, text=again.text + " It rained.")
            assert live.add([replaced])["documents"][0]["status"] == "replaced"
            order.append(replaced)
    fresh = QA.from_documents(order)
    assert [d.id for d in live.engine.documents] == [d.id for d in order]
    assert live.engine.stats()["sentences"] == fresh.stats()["sentences"]
    _same(live.engine, fresh)
    generation = live.generation
    live.close()
    again = LiveIndex(folder, background=False)
    assert again.generation == generation
    _same(again.engine, fresh)
    again.close()


def test_another_process_state_catches_up_on_next_access(folder: Path) -> None:
    writer = LiveIndex(folder, background=False)
    reader = LiveIndex(folder, background=False)
    before = reader.engine
    writer.add([_doc(40, "airport")])
    assert reader.engine is not before
    assert reader.engine.document("d40").title == "Report 40 on the airport"
    writer.remove("d40")
    with pytest.raises(NotFound):
        reader.engine.document("d40")
    assert reader.generation == writer.generation == 2
    writer.close()
    reader.close()


def test_a_failed_write_changes_nothing(folder: Path) -> None:
    live = LiveIndex(folder, background=False)
    with pytest.raises(NotFound):
        live.remove("missing")
    with pytest.raises(InvalidRequest):
        live.add([_doc(50), _doc(50)])
    assert live.generation == 0 and len(live.engine.documents) == 6
    live.close()


def test_background_merge_folds_segments_and_saves_a_version(folder: Path) -> None:
    live = LiveIndex(folder, background=True, max_segments=2)
    for n in range(6, 12):
        live.add([_doc(n, "railway")])
        assert live._collection.segments <= 3
    live.wait()
    live.refresh()
    fresh = QA.from_documents([_doc(n) for n in range(6)] + [_doc(n, "railway")
                                                              for n in range(6, 12)])
    _same(live.engine, fresh)
    live.close()
    from qa.index.store import read_meta

    assert read_meta(folder)["live"]["generation"] >= 2  # a restart replays less


def test_content_id_is_stable() -> None:
    assert content_id("T", "Body.") == content_id("T", "Body.")
    assert content_id("T", "Body.") != content_id("T", "Body!")


def test_index_without_store_is_migrated(tmp_path: Path) -> None:
    engine = QA.from_documents([_doc(n) for n in range(3)])
    save_index(engine, tmp_path / "old")
    live = LiveIndex(tmp_path / "old", background=False)
    assert (tmp_path / "old" / "store.sqlite").is_file()
    live.add([_doc(9)])
    assert [d.id for d in live.engine.documents] == ["d0", "d1", "d2", "d9"]
    live.close()


def test_index_of_another_store_is_refused(folder: Path, tmp_path: Path) -> None:
    create_index([_doc(1)], tmp_path / "other")
    (folder / "store.sqlite").unlink()
    (tmp_path / "other" / "store.sqlite").rename(folder / "store.sqlite")
    with pytest.raises(IndexStoreError, match="qa index --from-store"):
        LiveIndex(folder)


def test_store_is_wal_and_durable(folder: Path) -> None:
    db = sqlite3.connect(folder / "store.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
    db.close()


def test_filters_equal_an_engine_of_only_the_matching_documents() -> None:
    docs = [_doc(n, ["harbour", "airport"][n % 2]) for n in range(20)]
    engine = QA.from_documents(docs)
    for filters, keep in [
        ({"publisher": ["wire"]}, lambda d: d.publisher == "Wire"),
        ({"date_from": "2024-10-05", "date_to": "2024-10-12"},
         lambda d: "2024-10-05" <= d.date <= "2024-10-12"),
        ({"documents": ["d3", "d4", "d15"], "publisher": "Herald"},
         lambda d: d.id in ("d4",)),
    ]:
        fresh = QA.from_documents([d for d in docs if keep(d)])
        for q in QUESTIONS:
            assert engine.ask(q, filters=filters).to_dict() == fresh.ask(q).to_dict(), (q, filters)
    result = engine.ask("ships", filters={"publisher": ["Nobody"]})
    assert result.answer is None and result.reason == "no_documents"
    for bad in [{"publisher": 3}, {"colour": "red"}, {"date_from": "yesterday"},
                {"date_from": "2024-10-09", "date_to": "2024-10-01"}, "BBC"]:
        with pytest.raises(InvalidRequest) as info:
            engine.ask("ships", filters=bad)
        assert info.value.code == "invalid_filter"


# --- the BBC corpus: 1,000 writes and 200 removals against a fresh build ------------------

@pytest.mark.skipif(not BBC.is_dir(), reason="needs ../shared/corpus/bbc")
def test_thousand_writes_and_two_hundred_removals_equal_a_fresh_build(tmp_path: Path) -> None:
    from qa.text.documents import LoadReport, find_files, load_files

    docs = []
    for part in ("politics", "business", "tech"):  # ids are file names: unique per folder
        report = LoadReport()
        docs += [replace(d, id=f"{part}/{d.id}")
                 for d in load_files(find_files([BBC / part], report), report=report)]
    rng = random.Random(13)
    rng.shuffle(docs)
    base, stream = docs[:150], docs[150:1150]
    create_index(base, tmp_path / "bbc")
    live = LiveIndex(tmp_path / "bbc", background=False)
    order = list(base)
    removals = set(rng.sample(range(len(stream)), 200))
    for n, doc in enumerate(stream):
        live.add([doc])
        order.append(doc)
        if n in removals:
            victim = order.pop(rng.randrange(len(order)))
            live.remove(victim.id)
    assert live.generation == 1200
    fresh = QA.from_documents(order)
    questions = [d.title for d in rng.sample(docs, 300)]
    engine = live.engine
    for q in questions:
        got = [(p.document.id, p.index, p.score) for p in engine.search(q, 10)]
        want = [(p.document.id, p.index, p.score) for p in fresh.search(q, 10)]
        assert [g[:2] for g in got] == [w[:2] for w in want], q
        assert all(abs(g[2] - w[2]) <= 1e-9 for g, w in zip(got, want)), q
    live.close()


@pytest.mark.skipif(not BBC.is_dir(), reason="needs ../shared/corpus/bbc")
def test_filters_equal_a_fresh_engine_on_the_bbc_corpus() -> None:
    """300 questions, each under one of three filters, against an engine built over only
    the documents that pass it: the same answer object, passages and scores included."""
    from qa.text.documents import LoadReport, find_files, load_files

    rng = random.Random(5)
    docs = []
    for part in ("politics", "business"):
        report = LoadReport()
        docs += [replace(d, id=f"{part}/{d.id}", publisher=f"BBC {part.title()}",
                         date=f"2005-0{rng.randint(1, 3)}-{rng.randint(1, 28):02d}")
                 for d in load_files(find_files([BBC / part], report), report=report)]
    engine = QA.from_documents(docs)
    picked = rng.sample(docs, 150)
    cases = [
        ({"publisher": ["bbc politics"]}, lambda d: d.publisher == "BBC Politics"),
        ({"date_from": "2005-02-01", "date_to": "2005-02-28"},
         lambda d: "2005-02-01" <= d.date <= "2005-02-28"),
        ({"documents": [d.id for d in picked]}, lambda d: d in picked),
    ]
    questions = [d.title for d in rng.sample(docs, 300)]
    for n, (filters, keep) in enumerate(cases):
        fresh = QA.from_documents([d for d in docs if keep(d)])
        for q in questions[n::3]:
            assert engine.ask(q, filters=filters).to_dict() == fresh.ask(q).to_dict(), (q, filters)
