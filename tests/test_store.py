from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa import QA, Document
from qa.engine import load_index, save_index
from qa.errors import IndexStoreError
from qa.index.store import DocumentStore

QUESTIONS = ["When did Putin visit Pyongyang?", "Who suggested sending troops?",
             "What is the capital of France?", "Did Putin attend the Paris Olympics?"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory, seed_engine) -> Path:
    out = tmp_path_factory.mktemp("idx") / "index"
    save_index(seed_engine, out, paths=["seeds"])
    return out


def test_loaded_index_answers_exactly_like_the_built_one(saved: Path, seed_engine) -> None:
    loaded = load_index(saved)
    assert isinstance(loaded.corpus.documents, DocumentStore)
    for q in QUESTIONS:
        assert loaded.ask(q, top_k=5, explain=True).to_dict() == seed_engine.ask(
            q, top_k=5, explain=True).to_dict()
    doc_id = seed_engine.documents[0].id
    assert loaded.document(doc_id) == seed_engine.document(doc_id)
    assert [p.to_dict() for p in loaded.document_sentences(doc_id)] == [
        p.to_dict() for p in seed_engine.document_sentences(doc_id)]


def test_arrays_are_memory_mapped_and_read_only(saved: Path) -> None:
    loaded = load_index(saved)
    assert isinstance(loaded.corpus.sent_start, np.memmap)
    with pytest.raises(ValueError):
        loaded.corpus.sent_start[0] = 1


def test_unicode_documents_round_trip(tmp_path: Path) -> None:
    docs = [Document(id="ü-1", title="Zürich “quotes”", text="Ærøskøbing grew. 東京 is big! 🚀 ok."),
            Document(id="b", title="B", text="Plain text here.", date="2024-06-19")]
    engine = QA.from_documents(docs)
    save_index(engine, tmp_path / "i")
    loaded = load_index(tmp_path / "i")
    assert list(loaded.documents) == list(engine.documents)
    assert loaded.ask("Is Tokyo 東京 big?").to_dict() == engine.ask("Is Tokyo 東京 big?").to_dict()


def test_a_crash_mid_write_leaves_the_old_index(saved: Path, seed_engine, monkeypatch,
                                                tmp_path: Path) -> None:
    target = tmp_path / "index"
    save_index(seed_engine, target)
    before = {p.name: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    calls = {"n": 0}
    real_save = np.save

    def failing_save(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(np, "save", failing_save)
    other = QA.from_documents([Document(id="x", title="X", text="Something else entirely.")])
    with pytest.raises(OSError, match="disk full"):
        save_index(other, target)
    after = {p.name: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == before  # nothing half-written is left behind
    assert load_index(target).ask(QUESTIONS[0]).to_dict() == seed_engine.ask(QUESTIONS[0]).to_dict()


def test_rewriting_replaces_the_old_version(tmp_path: Path, seed_engine) -> None:
    target = tmp_path / "index"
    save_index(seed_engine, target)
    save_index(QA.from_documents([Document(id="x", title="X", text="Zebras run fast.")]), target)
    versions = [p for p in target.iterdir() if p.is_dir()]
    assert len(versions) == 1
    assert load_index(target).ask("Do zebras run?").passages[0].document.id == "x"


def test_missing_damaged_and_stale_indexes_say_how_to_rebuild(saved: Path, tmp_path: Path,
                                                              seed_engine) -> None:
    with pytest.raises(IndexStoreError, match="no index in .* qa index PATHS -o"):
        load_index(tmp_path / "nothing")
    broken = tmp_path / "broken"
    save_index(seed_engine, broken, paths=["seeds"])
    version = broken / (broken / "CURRENT").read_text().strip()
    npy = version / "corpus.sent_start.npy"
    npy.write_bytes(npy.read_bytes()[:-8])
    with pytest.raises(IndexStoreError, match=r"damaged: corpus.sent_start.npy .* qa index seeds"):
        load_index(broken)
    stale = tmp_path / "stale"
    save_index(seed_engine, stale)
    meta_file = stale / (stale / "CURRENT").read_text().strip() / "meta.json"
    meta = json.loads(meta_file.read_text())
    meta["format_version"] = 0
    meta_file.write_text(json.dumps(meta))
    with pytest.raises(IndexStoreError, match="has format 0; this version reads format 1"):
        load_index(stale)


def test_refuses_to_write_into_a_folder_of_other_files(tmp_path: Path, seed_engine) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(IndexStoreError, match="not empty and holds no index"):
        save_index(seed_engine, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_no_pickle_in_saved_arrays(saved: Path) -> None:
    version = saved / (saved / "CURRENT").read_text().strip()
    for npy in version.glob("*.npy"):
        np.load(npy, allow_pickle=False)  # raises if any array holds Python objects
    assert not list(version.glob("*.pkl")) and not list(version.glob("*.pickle"))
