"""A saved index that changes while it serves: add and remove documents, every process sees it.

An index folder holds two things (``qa index PATHS -o DIR`` writes both):

- ``store.sqlite``, the document store (:mod:`qa.index.database`): every document, its
  metadata and the log of changes. It is the single source of truth.
- the saved index (:mod:`qa.index.store`): the sentence table and both BM25 indexes at some
  generation, derived from the store, memory-mapped by every process that serves it.

:class:`LiveIndex` opens both: the saved index, then every change the store logged after the
generation that index was saved at (:meth:`LiveIndex.refresh`). A write
(:meth:`LiveIndex.add`, :meth:`LiveIndex.remove`) analyses the documents, commits them to the
store in one transaction (on disk before it returns), then refreshes. Any other process
serving the folder, and any ``qa add`` run beside it, reaches the same state on its next
request: :attr:`LiveIndex.engine` compares the store's generation (one indexed row) with its
own and, when they differ, applies the changes in between. The changes are kept as new
segments and a deleted set (:mod:`qa.index.collection`), with statistics of the whole
collection, so answers equal those of a build from scratch.

Merging, in two tiers: past ``max_segments`` segments, the segments added since the last
full merge are joined into one (their own postings only, cheap). When the rows added since
make up more than ``max_tail`` of the collection, or the rows of removed documents more than
``max_dead``, a background thread folds everything into one index (``O(P log P)`` in the
postings of the whole collection), applies whatever changed meanwhile and swaps it in; the
process holding the folder's writer lock saves it as the new version, so a restart replays
only the changes after it. So a full merge comes after the collection has grown by a
quarter, and its cost per added document stays about constant (the work of a merge grows
with the collection, as does the number of writes between merges), while joining the
small segments costs about ``max_segments`` times a document per write. Writing faster
changes how often merges run, not their cost per document; batching documents into fewer
requests (up to ``QA_MAX_WRITE_DOCUMENTS`` each) saves the per-request work (one
transaction, one new state).

Killing a process at any moment loses nothing acknowledged: the store commits before a write
answers, the saved index is replaced atomically, and a restart rebuilds the state from the
store's log.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import secrets
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Self

from qa.engine import QA, Progress
from qa.errors import IndexStoreError, InvalidRequest
from qa.index.build import Analysis, analyze
from qa.index.collection import Collection
from qa.index.corpus import Corpus
from qa.index.database import FILENAME, Database
from qa.index.retrieval import RetrievalParams, Retriever
from qa.index.store import load_version, read_meta, save_retriever
from qa.text.documents import Document

__all__ = ["LiveIndex", "content_id", "create_index", "rebuild_from_store", "save_with_store"]

log = logging.getLogger(__name__)

#: The writer lock of an index folder: whoever holds it may save merged versions.
_LOCK = ".writer.lock"


def content_id(title: str, text: str) -> str:
    """The id of a document sent without one: the same title and text give the same id."""
    digest = hashlib.sha256(f"{title}\n\0{text}".encode()).hexdigest()
    return f"doc-{digest[:20]}"


def _rebuild(directory: Path) -> str:
    return f"rebuild it with: qa index --from-store {directory} (or qa index PATHS -o {directory})"


def create_index(documents: Sequence[Document], directory: str | Path, *,
                 params: RetrievalParams | None = None, workers: int = 1,
                 progress: Callable[[int], None] | None = None,
                 paths: Sequence[str] = ()) -> QA:
    """Analyse ``documents``, save the index to ``directory`` with a new document store
    beside it, and return the engine. An index already there is replaced."""
    directory = Path(directory)
    corpus, terms = Corpus.build(documents, workers=workers, progress=progress)
    retriever = Retriever.build(corpus, terms, params)
    save_with_store(retriever, directory, paths)
    return QA(retriever.corpus, retriever)


def save_with_store(retriever: Retriever, directory: Path, paths: Sequence[str]) -> None:
    """Save ``retriever`` to ``directory`` with a new document store of its documents: the
    store is written first, then the saved index, then the store is put in place: a crash in between leaves a store whose token the index does not
    name, which :class:`LiveIndex` refuses with the rebuild command."""
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(8)
    partial = directory / f".{FILENAME}.{token}.partial"
    db = Database(partial, create=True)
    try:
        db.set_token(token)
        db.fill(retriever.corpus.documents)
    finally:
        db.close()
    try:
        save_retriever(retriever, directory, paths=paths,
                       live={"token": token, "generation": 0})
        for suffix in ("-wal", "-shm"):
            (directory / (FILENAME + suffix)).unlink(missing_ok=True)
        os.replace(partial, directory / FILENAME)
    finally:
        partial.unlink(missing_ok=True)


def rebuild_from_store(directory: str | Path, *, workers: int = 1,
                       progress: Progress | None = None) -> QA:
    """Build the saved index of ``directory`` again from its document store (every document
    analysed anew), at the store's generation; the store is not changed."""
    directory = Path(directory)
    db = Database(directory / FILENAME)
    try:
        generation, token = db.generation(), db.token()
        documents = [doc for doc, _ in db.documents()]
    finally:
        db.close()
    counted = None if progress is None else (
        lambda done: progress("Indexing", done, len(documents)))
    corpus, terms = Corpus.build(documents, workers=workers, progress=counted)
    retriever = Retriever.build(corpus, terms)
    save_retriever(retriever, directory, live={"token": token, "generation": generation})
    return QA(retriever.corpus, retriever)


class LiveIndex:
    """The index saved in ``directory`` and its document store, kept current.

    ``engine`` is the :class:`~qa.engine.QA` of the latest state (checked on every access);
    ``add`` and ``remove`` change it. Safe to share between threads.
    """

    def __init__(self, directory: str | Path, *, max_segments: int = 8,
                 max_tail: float = 0.25, max_dead: float = 0.2, background: bool = True,
                 analyse: Callable[[Document], Analysis] = analyze) -> None:
        self.directory = Path(directory)
        self.max_segments = max_segments
        self.max_tail = max_tail
        self.max_dead = max_dead
        self.background = background
        self._analyse = analyse
        self._lock = threading.RLock()
        self._merging: threading.Thread | None = None
        retriever, meta = self._load()
        self._db = self._open_store(retriever, meta)
        live = meta.get("live") or {}
        if live.get("token") != self._db.token():
            self._db.close()
            raise IndexStoreError(
                f"the saved index in {str(self.directory)!r} does not belong to the document "
                f"store beside it (an index build was interrupted); {_rebuild(self.directory)}"
            )
        self._collection = Collection.of(retriever, int(live.get("generation", 0)))
        self._engine = QA(self._collection.corpus, self._collection.retriever())
        self._pid = os.getpid()
        self.background, background = False, self.background  # no thread before a fork
        try:
            self.refresh()
        finally:
            self.background = background

    # --- opening -----------------------------------------------------------------------

    def _load(self) -> tuple[Retriever, dict[str, Any]]:
        for attempt in range(3):  # a merge may replace the version while it is read
            try:
                return load_version(self.directory)
            except IndexStoreError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _open_store(self, retriever: Retriever, meta: dict[str, Any]) -> Database:
        """The store beside the index; an index saved before stores existed gets one made
        from its own documents (the index is saved again to name it)."""
        path = self.directory / FILENAME
        if path.is_file():
            return Database(path)
        if meta.get("live"):
            raise IndexStoreError(
                f"the document store {str(path)!r} of this index is missing; "
                + _rebuild(self.directory)
            )
        log.warning("index in %s has no document store: making one from its documents",
                    self.directory)
        with self._writer_lock(blocking=True):
            if not path.is_file():
                save_with_store(retriever, self.directory, meta.get("built_from", ()))
        meta.clear()
        meta.update(read_meta(self.directory))
        return Database(path)

    # --- the current state -------------------------------------------------------------

    @property
    def engine(self) -> QA:
        """The engine of the latest committed state."""
        if os.getpid() != self._pid:  # a forked server worker: no lock or thread crossed
            self._pid = os.getpid()
            self._lock = threading.RLock()
            self._merging = None
        if self._db.generation() != self._collection.generation:
            self.refresh()
        return self._engine

    @property
    def generation(self) -> int:
        return self._collection.generation

    def refresh(self) -> None:
        """Apply every change committed to the store since this state's generation."""
        with self._lock:
            advanced = self._advance(self._collection)
            if advanced is self._collection:
                return
            self._set(advanced)
        self._maybe_merge()

    def _advance(self, collection: Collection) -> Collection:
        """``collection`` with the store's changes after its generation applied."""
        now, changes, rows = self._db.changes_since(collection.generation)
        if now == collection.generation:
            return collection
        stored = {seq: (doc, analysis) for seq, doc, analysis in rows}
        pending: dict[str, int] = {}  # id -> seq, of documents to add
        removed: list[str] = []
        for change in changes:
            for doc_id in change.removed:
                if pending.pop(doc_id, None) is None:
                    removed.append(doc_id)
            for doc_id, seq in change.added:
                if pending.pop(doc_id, None) is None and doc_id in collection.corpus.ids:
                    removed.append(doc_id)
                pending[doc_id] = seq
        added = []
        for seq in sorted(s for s in pending.values() if s in stored):
            doc, analysis = stored[seq]
            added.append((doc, analysis if analysis is not None else self._analyse(doc)))
        return collection.removed(removed).added(added).at(now)

    def _set(self, collection: Collection) -> None:
        self._collection = collection
        self._engine = QA(collection.corpus, collection.retriever())
        log.info("index at generation %d: %d documents, %d segments", collection.generation,
                 len(collection.corpus.ids), collection.segments)

    # --- writing -----------------------------------------------------------------------

    def add(self, documents: Sequence[Document]) -> dict[str, Any]:
        """Add ``documents`` (an existing id is replaced whole) in one durable step.

        Returns the SPEC's answer: each document's ``id``, ``status`` and ``sentences``,
        and the new ``generation``."""
        seen: set[str] = set()
        for doc in documents:
            if doc.id in seen:
                raise InvalidRequest(f"document id {doc.id!r} is given twice in one request",
                                     code="invalid_document")
            seen.add(doc.id)
        analysed = [(doc, self._analyse(doc)) for doc in documents]
        statuses, generation = self._db.write(analysed, [])
        self.refresh()
        return {
            "documents": [{"id": doc.id, "status": status, "sentences": len(a.sentences)}
                          for (doc, a), status in zip(analysed, statuses)],
            "generation": generation,
        }

    def remove(self, doc_id: str) -> dict[str, Any]:
        """Remove document ``doc_id`` (:class:`~qa.errors.NotFound` if there is none)."""
        _, generation = self._db.write([], [doc_id])
        self.refresh()
        return {"id": doc_id, "status": "deleted", "generation": generation}

    # --- merging -----------------------------------------------------------------------

    def _needs_merge(self, collection: Collection) -> bool:
        """Whether to fold everything into one index: the added rows or the rows of
        removed documents have grown past a share of the collection."""
        if collection.frozen is not None:
            return False
        rows = len(collection.corpus)
        return rows > 0 and (collection.tail_rows() > self.max_tail * rows
                             or collection.dead_rows() > self.max_dead * rows)

    def _maybe_merge(self) -> None:
        """Past ``max_segments``, the small segments are joined at once (cheap); past the
        shares, a full merge runs (in the background)."""
        if self._collection.segments > self.max_segments:
            with self._lock:
                joined = self._collection.joined_tail()
                if joined is not self._collection:
                    self._set(joined)
        if not self._needs_merge(self._collection):
            return
        if not self.background:
            self.merge()
            return
        with self._lock:
            if self._merging is not None and self._merging.is_alive():
                return
            self._merging = threading.Thread(target=self.merge, name="qa-merge", daemon=True)
            self._merging.start()

    def merge(self) -> None:
        """Fold the segments into one index now, bring it up to date, swap it in, and save
        it as the folder's new version if this process holds the writer lock."""
        base = self._collection
        merged = base.merged()
        with self._lock:
            self._set(self._advance(merged))
        self._save(merged)  # a state of the store's history, whatever came after it

    def wait(self) -> None:
        """Wait for a background merge to finish (for tests and orderly shutdown)."""
        thread = self._merging
        if thread is not None:
            thread.join()

    def _save(self, collection: Collection) -> None:
        try:
            with self._writer_lock(blocking=False):
                assert collection.frozen is not None
                saved = (read_meta(self.directory).get("live") or {}).get("generation", 0)
                if saved >= collection.generation:
                    return
                save_retriever(collection.frozen, self.directory,
                               live={"token": self._db.token(),
                                     "generation": collection.generation})
        except BlockingIOError:
            log.debug("another process holds the writer lock of %s", self.directory)
        except (OSError, IndexStoreError) as exc:  # the store still has everything
            log.warning("could not save the merged index in %s: %s", self.directory, exc)

    def _writer_lock(self, blocking: bool) -> _FileLock:
        return _FileLock(self.directory / _LOCK, blocking)

    def close(self) -> None:
        self.wait()
        self._db.close()


class _FileLock:
    """An exclusive ``flock`` on a file, released when the block ends or the process dies."""

    def __init__(self, path: Path, blocking: bool) -> None:
        self.path = path
        self.blocking = blocking
        self._fd = -1

    def __enter__(self) -> Self:
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | (0 if self.blocking else fcntl.LOCK_NB))
        except BaseException:
            os.close(self._fd)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
