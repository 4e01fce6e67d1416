"""The document store: one SQLite database, the single source of truth of a live index.

``DIR/store.sqlite`` beside the saved index (:mod:`qa.index.store`) holds every document
with its metadata, and the log of changes; the BM25 index is derived from it and can always
be rebuilt from it (``qa index --from-store``)::

    meta(key, value)            "format", "generation", "token" (named by the saved index)
    documents(seq, id, title, text, source, date, publisher, url,
              title_start, title_end, analysis, generation)
    changes(generation, added, removed, at)

``seq`` orders the documents as they arrived (a replaced document gets a new one, so it
goes last); ``analysis`` is the JSON of :class:`qa.index.build.Analysis`, kept so that other
processes serving the same index need not analyse a document again (NULL for documents that
came with the index build: the saved index holds theirs). One write request is one
transaction and one row of ``changes``: the documents it added (``[[id, seq], ...]``) and
the ids it removed, under a new ``generation``, one more than the last.

The database runs in WAL mode with ``synchronous=FULL``: a commit has reached the disk when
it returns, and a process killed at any moment leaves either the whole transaction or none
of it. Readers never block the writer; writers from several processes take turns
(``BEGIN IMMEDIATE``, with a busy timeout).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.errors import IndexStoreError, NotFound
from qa.index.build import Analysis
from qa.text.documents import Document

__all__ = ["FILENAME", "FORMAT", "Change", "Database"]

log = logging.getLogger(__name__)

FILENAME = "store.sqlite"
FORMAT = "1"
_BUSY_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT, date TEXT, publisher TEXT, url TEXT,
    title_start INTEGER, title_end INTEGER,
    analysis TEXT,
    generation INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    generation INTEGER PRIMARY KEY,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

_COLUMNS = "seq, id, title, text, source, date, publisher, url, title_start, title_end, analysis"


@dataclass(frozen=True, slots=True)
class Change:
    """One write request: what it added (id, seq) and removed, at which generation."""

    generation: int
    added: list[tuple[str, int]]
    removed: list[str]


def _document(row: sqlite3.Row | tuple) -> tuple[int, Document, Analysis | None]:
    seq, doc_id, title, text, source, date, publisher, url, t0, t1, analysis = row
    doc = Document(id=doc_id, title=title, text=text, source=source, date=date,
                   publisher=publisher, url=url,
                   title_span=(t0, t1) if t0 is not None else None)
    return seq, doc, Analysis.from_json(analysis)


class Database:
    """The SQLite store of one index folder; safe to share between threads."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise IndexStoreError(f"no document store at {str(self.path)!r}")
        self._lock = threading.Lock()
        try:
            self._connect()
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
            found = self._meta("format")
        except sqlite3.Error as exc:
            raise IndexStoreError(f"cannot open the document store {str(self.path)!r}: {exc}"
                                  ) from None
        if found != FORMAT:
            raise IndexStoreError(
                f"the document store {str(self.path)!r} has format {found!r}; this version "
                f"reads format {FORMAT}"
            )

    def _connect(self) -> None:
        self._pid = os.getpid()
        self._db = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        self._db.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")

    def _reconnect_after_fork(self) -> None:
        """A connection must not cross ``fork`` (the server's workers are forked after the
        index is opened): a worker opens its own on first use."""
        if os.getpid() != self._pid:
            self._lock = threading.Lock()
            self._connect()

    def close(self) -> None:
        if os.getpid() == self._pid:
            self._db.close()

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0]

    def token(self) -> str | None:
        """The random token naming this store; the saved index beside it records it."""
        self._reconnect_after_fork()
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
        return row[0] if row else None

    def set_token(self, token: str) -> None:
        self._reconnect_after_fork()
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token,))

    # --- reading -----------------------------------------------------------------------

    def generation(self) -> int:
        """The generation of the last committed write (cheap: one indexed row)."""
        self._reconnect_after_fork()
        with self._lock:
            return int(self._meta("generation"))

    def count(self) -> int:
        self._reconnect_after_fork()
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def ids(self) -> list[str]:
        """Every document id, in arrival order."""
        self._reconnect_after_fork()
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM documents ORDER BY seq")]

    def documents(self, batch: int = 500) -> Iterator[tuple[Document, Analysis | None]]:
        """Every document in arrival order, with its stored analysis (or None)."""
        last = -1
        while True:
            self._reconnect_after_fork()
            with self._lock:
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                seq, doc, analysis = _document(row)
                last = seq
                yield doc, analysis

    def changes_since(self, generation: int
                      ) -> tuple[int, list[Change], list[tuple[int, Document, Analysis | None]]]:
        """The generation now, every change after ``generation`` up to it, and the rows
        those changes added that are still there: one consistent read."""
        self._reconnect_after_fork()
        with self._lock:
            self._db.execute("BEGIN")
            try:
                now = int(self._meta("generation"))
                changes = [
                    Change(int(g), [(a, int(s)) for a, s in json.loads(added)],
                           json.loads(removed))
                    for g, added, removed in self._db.execute(
                        "SELECT generation, added, removed FROM changes "
                        "WHERE generation > ? AND generation <= ? ORDER BY generation",
                        (generation, now))
                ]
                seqs = sorted({s for c in changes for _, s in c.added})
                rows = []
                for at in range(0, len(seqs), 500):
                    chunk = seqs[at : at + 500]
                    marks = ",".join("?" * len(chunk))
                    rows.extend(self._db.execute(
                        f"SELECT {_COLUMNS} FROM documents WHERE seq IN ({marks}) ORDER BY seq",
                        chunk).fetchall())
            finally:
                self._db.execute("COMMIT")
        return now, changes, [_document(r) for r in rows]

    # --- writing -----------------------------------------------------------------------

    def write(self, added: Sequence[tuple[Document, Analysis | None]] = (),
              removed: Sequence[str] = ()) -> tuple[list[str], int]:
        """Add (or replace) and remove documents in one transaction, durable on return.

        Returns each added document's status (``"added"`` or ``"replaced"``) and the new
        generation. An id in ``removed`` that is not stored raises :class:`NotFound` and
        changes nothing."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self._reconnect_after_fork()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                generation = int(self._meta("generation")) + 1
                gone: list[str] = []
                for doc_id in removed:
                    if self._db.execute("DELETE FROM documents WHERE id = ?",
                                        (doc_id,)).rowcount == 0:
                        raise NotFound(f"no document with id {doc_id!r}",
                                       code="unknown_document")
                    gone.append(doc_id)
                statuses, new = [], []
                for doc, analysis in added:
                    replaced = self._db.execute("DELETE FROM documents WHERE id = ?",
                                                (doc.id,)).rowcount
                    statuses.append("replaced" if replaced else "added")
                    span = doc.title_span or (None, None)
                    cursor = self._db.execute(
                        "INSERT INTO documents (id, title, text, source, date, publisher, url,"
                        " title_start, title_end, analysis, generation)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (doc.id, doc.title, doc.text, doc.source, doc.date, doc.publisher,
                         doc.url, span[0], span[1],
                         analysis.to_json() if analysis is not None else None, generation))
                    new.append((doc.id, int(cursor.lastrowid or 0)))
                self._db.execute(
                    "INSERT INTO changes VALUES (?, ?, ?, ?)",
                    (generation, json.dumps(new, ensure_ascii=False),
                     json.dumps(gone, ensure_ascii=False), stamp))
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'generation'",
                                 (str(generation),))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return statuses, generation

    def fill(self, documents: Sequence[Document]) -> None:
        """Store the documents an index was built from, at generation 0 (a new store)."""
        self._reconnect_after_fork()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self._db.execute("SELECT count(*) FROM documents").fetchone()[0]:
                    raise IndexStoreError(f"the document store {str(self.path)!r} is not empty")
                self._db.executemany(
                    "INSERT INTO documents (id, title, text, source, date, publisher, url,"
                    " title_start, title_end, analysis, generation)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)",
                    ((d.id, d.title, d.text, d.source, d.date, d.publisher, d.url,
                      *(d.title_span or (None, None))) for d in documents))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
