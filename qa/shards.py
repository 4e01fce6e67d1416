"""One collection split over N shard indexes, answered as one machine answers it.

``qa index PATHS -o DIR --shards N`` puts each document in shard ``shard_of(id, N)`` (a
stable hash of its id: BLAKE2b, so every machine and every run agrees) and writes::

    DIR/shards.json          format, shard count, what it was built from, global statistics
    DIR/shard-000/ ...       each shard a saved index (:mod:`qa.index.store`)
    DIR/order-000.npy        per document of the shard: its place in the collection and
                             the collection-wide number of its first sentence (int64[D, 2])

Why the answers are the same as one machine's, step by step:

1. **Scores.** A sentence's score is a sum over the query's terms of ``idf(df, N) *
   w(tf, dl, avgdl)`` for its sentence and its paragraph (:mod:`qa.index.retrieval`).
   Documents are split whole, so a sentence's ``tf`` and ``dl`` are its own; ``df``, ``N``
   and the average lengths are the collection's (summed over the shards at build time:
   disjoint rows, so document frequencies and lengths add up exactly, as integers). Each
   shard saves its indexes weighted with those global numbers
   (:meth:`~qa.index.bm25.BM25Index.with_statistics`): the same expressions on the same
   numbers, so every shard row scores bit for bit as in the one-machine index, and the
   terms it lacks contribute nothing there as here.
2. **Ranking.** One machine orders sentences by (score desc, sentence number). A shard
   keeps its documents in collection order, so its own order is that order restricted to
   it: its best ``k`` are the only candidates it can add to the global best ``k``. The
   coordinator merges every shard's best ``k`` by (score desc, global sentence number,
   from ``order-*.npy``) and takes ``k``: exactly the one-machine list.
3. **The answer stage** (:mod:`qa.answer.policy`) runs unchanged in the coordinator over the
   merged passages. What it reads besides a passage is fetched with it from the shard that
   owns it: the spans of the sentences before it in its document (short answers), its
   paragraph's terms and the sentence before it in that paragraph; and, from every shard's
   reply, the global idf of the question's words (evidence). A word no shard holds gets
   the idf of a word in no sentence of the collection, as on one machine.

The coordinator, :class:`ShardedQA`, is a :class:`~qa.engine.QA` whose questions fan out
through a :class:`Shards` transport: :class:`LocalShards` calls shard objects in this
process (``qa ask --index DIR`` and tests), :mod:`qa.cluster` calls Ray actors on many
machines. A shard that does not answer is left out and named: the answer carries
``"partial": true`` and ``"missing_shards"``. The index is static: it takes no writes and
no filters (both need statistics of a changing set of rows, which only the build computes).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa.answer.question import QuestionInfo
from qa.answer.results import Answer, AskResult, Passage
from qa.engine import (
    DEFAULT_TOP_K,
    DUPLICATE_WINDOW,
    QA,
    Progress,
    _stage,
    passage_evidence,
    short_answer_in,
    unseen_idf,
)
from qa.errors import (
    IndexStoreError,
    InvalidRequest,
    NoDocuments,
    NotFound,
    Unavailable,
    Unsupported,
)
from qa.index.build import analyze_all
from qa.index.corpus import Corpus
from qa.index.filters import Filters, check_filters
from qa.index.retrieval import RetrievalParams, Retriever
from qa.index.store import DocumentStore, load_retriever, save_retriever
from qa.text.documents import SUFFIXES, Document, LoadReport, find_files, load_files
from qa.text.tokens import tokenize

__all__ = ["MANIFEST", "LocalShards", "Manifest", "PartialResult", "Shard", "ShardedQA",
           "Shards", "build_shards", "is_sharded", "shard_of"]

MANIFEST = "shards.json"
FORMAT_VERSION = 1
#: Passages (and the sentences before them) the coordinator keeps what it fetched for.
FETCHED_CACHE = 4096
#: Words whose global idf the coordinator keeps.
IDF_CACHE = 1 << 16
_INDEXES = ("sentences", "paragraphs")


def shard_of(doc_id: str, shards: int) -> int:
    """The shard that owns document ``doc_id`` among ``shards``: the same everywhere."""
    digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def is_sharded(directory: str | Path) -> bool:
    """Whether ``directory`` holds an index written by :func:`build_shards`."""
    return (Path(directory) / MANIFEST).is_file()


@dataclass(frozen=True, slots=True)
class Manifest:
    """``shards.json``: the shard count and the collection's statistics."""

    directory: Path
    shards: int
    documents: int
    #: Per index ("sentences", "paragraphs"): ``{"rows": N, "length": total tokens}``.
    statistics: Mapping[str, Mapping[str, int]]
    built_from: tuple[str, ...] = ()

    def folder(self, shard: int) -> Path:
        return self.directory / f"shard-{shard:03d}"

    def order(self, shard: int) -> Path:
        return self.directory / f"order-{shard:03d}.npy"

    @classmethod
    def read(cls, directory: str | Path) -> Manifest:
        """The manifest in ``directory``; :class:`IndexStoreError` naming the fix if none."""
        directory = Path(directory)
        try:
            raw = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            if raw.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format {raw.get('format_version')!r}, this version reads "
                                 f"{FORMAT_VERSION}")
            return cls(directory, int(raw["shards"]), int(raw["documents"]),
                       {k: {"rows": int(v["rows"]), "length": int(v["length"])}
                        for k, v in raw["statistics"].items()},
                       tuple(raw.get("built_from", ())))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexStoreError(
                f"no readable sharded index in {str(directory)!r} ({exc}); build one with: "
                f"qa index PATHS -o {directory} --shards N") from None

    def write(self) -> None:
        data = {"format_version": FORMAT_VERSION, "shards": self.shards,
                "documents": self.documents,
                "statistics": {k: dict(v) for k, v in self.statistics.items()},
                "built_from": list(self.built_from)}
        partial = self.directory / f".{MANIFEST}.partial"
        partial.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(partial, self.directory / MANIFEST)


# --- building --------------------------------------------------------------------------


def build_shards(paths: Sequence[str | Path], directory: str | Path, shards: int, *,
                 params: RetrievalParams | None = None, workers: int = 1,
                 progress: Progress | None = None) -> Manifest:
    """Read the documents in ``paths`` as :meth:`QA.from_paths` does and write them to
    ``directory`` as ``shards`` shard indexes with global statistics (module docstring)."""
    if isinstance(shards, bool) or not isinstance(shards, int) or shards < 1:
        raise InvalidRequest(f"shards must be an integer of 1 or more, got {shards!r}")
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not is_sharded(directory):
        raise IndexStoreError(f"{str(directory)!r} is not empty and holds no sharded index; "
                              "choose an empty or new folder so nothing of yours is overwritten")
    report = LoadReport()
    files = find_files(list(paths), report)
    documents = list(load_files(files, report=report,
                                progress=_stage(progress, "Reading", len(files))))
    if not documents:
        shown = ", ".join(str(p) for p in paths) or "(no paths)"
        raise NoDocuments(f"no readable {' '.join(SUFFIXES)} documents in {shown}")
    owner = [shard_of(d.id, shards) for d in documents]
    empty = sorted(set(range(shards)) - set(owner))
    if empty:
        raise InvalidRequest(
            f"{shards} shards for {len(documents)} documents leave shard {empty[0]} empty; "
            "use fewer shards")
    p = params or RetrievalParams()
    grouped: list[list[Any]] = [[] for _ in range(shards)]
    analysed = analyze_all(documents, workers=workers,
                           progress=_stage(progress, "Indexing", len(documents)))
    for i, pair in enumerate(analysed):
        grouped[owner[i]].append(pair)
    built = [Retriever.build(*Corpus.assemble(group), p) for group in grouped]
    statistics = {name: _statistics([getattr(r, name) for r in built]) for name in _INDEXES}
    directory.mkdir(parents=True, exist_ok=True)
    place = {d.id: i for i, d in enumerate(documents)}
    firsts = _first_rows(documents, owner, built)
    manifest = Manifest(directory, shards, len(documents),
                        {k: {"rows": v[0], "length": v[1]} for k, (v, _) in statistics.items()},
                        tuple(str(x) for x in paths))
    for s, retriever in enumerate(built):
        weighted = [getattr(retriever, name).with_statistics(
            np.array([statistics[name][1].get(t, 0) for t in getattr(retriever, name).vocab],
                     dtype=np.int64), *statistics[name][0]) for name in _INDEXES]
        save_retriever(Retriever(retriever.corpus, p, *weighted), manifest.folder(s),
                       paths=manifest.built_from)
        ids = retriever.corpus.documents
        order = np.array([[place[ids[d].id], firsts[place[ids[d].id]]] for d in range(len(ids))],
                         dtype=np.int64).reshape(-1, 2)
        np.save(manifest.order(s), order, allow_pickle=False)
    manifest.write()
    return manifest


def _statistics(indexes: Sequence[Any]) -> tuple[tuple[int, int], dict[str, int]]:
    """(rows, total length) and the document frequency of every term over ``indexes``."""
    rows = sum(int(i.corpus_size) for i in indexes)
    length = sum(int(i.doc_len.sum(dtype=np.int64)) for i in indexes)
    df: dict[str, int] = {}
    for index in indexes:
        vocab, indptr, *_ = index.inverted()
        counts = np.diff(indptr).tolist()
        for term, t in vocab.items():
            df[term] = df.get(term, 0) + counts[t]
    return (rows, length), df


def _first_rows(documents: Sequence[Document], owner: Sequence[int],
                built: Sequence[Retriever]) -> list[int]:
    """The collection-wide number of each document's first sentence, in collection order."""
    firsts, row = [], 0
    for d, s in zip(documents, owner):
        corpus = built[s].corpus
        firsts.append(row)
        row += corpus.sentence_count(corpus.ids[d.id])
    return firsts


# --- the shard side --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    """A passage with what the answer stage reads besides it (module docstring, 3)."""

    passage: Passage
    previous: tuple[tuple[int, int], ...]
    context: frozenset[str]
    before: Passage | None = None


#: One hit of a shard: score, global sentence number, the shard's row, the sentence's text
#: with its whitespace collapsed (duplicates across documents) and its document's id.
Hit = tuple[float, int, int, str, str]


class Shard:
    """One shard, loaded (memory-mapped) from its folder: what a shard replica serves."""

    def __init__(self, directory: str | Path, number: int) -> None:
        manifest = Manifest.read(directory)
        if not 0 <= number < manifest.shards:
            raise InvalidRequest(f"shard {number} is not among the {manifest.shards} shards")
        self.number = number
        retriever = load_retriever(manifest.folder(number))
        self.engine = QA(retriever.corpus, retriever)
        self.order = np.load(manifest.order(number), mmap_mode="r", allow_pickle=False)

    def warm(self) -> None:
        """Load what answering reads (lexicons, tagger, models) before the first question."""
        found, _ = self.hits("What did they say?", 1)
        if found:
            self.fetch([(found[0][2], found[0][0])], [], "What did they say?")

    def hits(self, question: str, k: int) -> tuple[list[Hit], dict[str, float]]:
        """The shard's best ``k`` sentences for ``question`` and the (global) idf of the
        question's words it holds."""
        retriever, c = self.engine.retriever, self.engine.corpus
        found = retriever.search(retriever.query(tokenize(question)), k)
        hits = [(score, int(self.order[int(c.sent_doc[row]), 1]) + int(c.sent_index[row]), row,
                 " ".join(c.sentence_text(row).split()),
                 c.documents[int(c.sent_doc[row])].id) for row, score in found]
        return hits, self.idf(tokenize(question))

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        known = self.engine.retriever.sentences.idf
        return {w: known[w] for w in words if w in known}

    def fetch(self, rows: Sequence[tuple[int, float]], documents: Sequence[str],
              question: str | None = None) -> tuple[list[Fetched], dict[str, Document]]:
        """The passages of ``rows`` (row, score), explained for ``question`` when given,
        and the metadata of ``documents`` (ids of this shard)."""
        engine = self.engine
        terms = engine.retriever.query(tokenize(question)) if question is not None else None
        out = []
        for row, score in rows:
            passage = engine.passage(row, score)
            if terms is not None:
                passage = passage.noted(explain={**engine.retriever.explain(terms, row),
                                                 **engine._analysis_explained(row)})
            out.append(self._fetched(row, passage))
        return out, {d: self._metadata(d) for d in documents}

    def _fetched(self, row: int, passage: Passage) -> Fetched:
        c = self.engine.corpus
        first = int(c.doc_first[int(c.sent_doc[row])])
        before = self.engine.before_in_paragraph(passage)
        return Fetched(passage,
                       tuple((int(c.sent_start[r]), int(c.sent_end[r])) for r in range(first, row)),
                       self.engine._context_terms(int(c.sent_para[row])),
                       before[0] if before else None)

    def sentence(self, doc_id: str, index: int) -> Fetched:
        """Sentence ``index`` of document ``doc_id`` (score 0); NotFound if there is none."""
        passage = self.engine.sentence(doc_id, index)
        return self._fetched(self.engine._row(passage), passage)

    def _metadata(self, doc_id: str) -> Document:
        d = self.engine.corpus.ids.get(doc_id)
        if d is None:
            raise NotFound(f"no document with id {doc_id!r}", code="unknown_document")
        return self._meta(d)

    def _meta(self, d: int) -> Document:
        """Document ``d``'s metadata, its text left undecoded (a saved index's store)."""
        store = self.engine.corpus.documents
        return store.metadata(d) if isinstance(store, DocumentStore) else store[d]

    def count(self, doc_id: str) -> int | None:
        return self.engine.sentence_count(doc_id)

    def documents(self) -> list[tuple[int, Document, int]]:
        """Every document's place in the collection, metadata and sentence count."""
        c = self.engine.corpus
        return [(int(self.order[d, 0]), self._meta(d), c.sentence_count(d))
                for d in range(len(c.documents))]

    def document(self, doc_id: str) -> tuple[Document, list[Passage]]:
        return self.engine.document(doc_id), self.engine.document_sentences(doc_id)


# --- the coordinator -------------------------------------------------------------------


class Shards(Protocol):
    """How the coordinator reaches the shards."""

    count: int

    def call(self, calls: Mapping[int, tuple[str, tuple[Any, ...]]]) -> dict[int, Any]:
        """``Shard.<method>(*args)`` of each shard in ``calls``, run in parallel; a shard
        with no live replica is left out of the result. A :class:`QAError` a shard raises
        is raised here."""
        ...


class LocalShards:
    """Every shard loaded in this process, called one after the other."""

    def __init__(self, directory: str | Path) -> None:
        manifest = Manifest.read(directory)
        self.count = manifest.shards
        self.shards = [Shard(directory, s) for s in range(manifest.shards)]

    def call(self, calls: Mapping[int, tuple[str, tuple[Any, ...]]]) -> dict[int, Any]:
        return {s: getattr(self.shards[s], method)(*args) for s, (method, args) in calls.items()}


@dataclass(frozen=True, slots=True)
class PartialResult(AskResult):
    """An answer from the shards that answered: ``missing_shards`` did not."""

    missing_shards: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out = AskResult.to_dict(self)
        out["partial"] = True
        out["missing_shards"] = list(self.missing_shards)
        return out


class _Idf(Mapping[str, float]):
    """The global idf of the words the coordinator has learnt from the shards."""

    def __init__(self, known: Mapping[str, float | None]) -> None:
        self._known = known

    def __getitem__(self, word: str) -> float:
        value = self._known.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __iter__(self) -> Iterator[str]:
        return (w for w, v in list(self._known.items()) if v is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class ShardedQA(QA):
    """A :class:`~qa.engine.QA` over the shards of a :func:`build_shards` index.

    :meth:`ask` (follow-ups included) and :meth:`search` are :class:`QA`'s own; retrieval
    fans out through ``shards`` and the answer stage reads what came back with the
    passages. Thread-safe: what a request learns is kept in bounded caches under a lock,
    and the shards missing during a request are noted per thread.
    """

    def __init__(self, directory: str | Path, shards: Shards) -> None:
        # Nothing of QA's local state: every corpus read goes to the shards.
        self.manifest = Manifest.read(directory)
        if shards.count != self.manifest.shards:
            raise IndexStoreError(f"{shards.count} shards reached, the index has "
                                  f"{self.manifest.shards}")
        self.shards = shards
        self.report = LoadReport(files=0, documents=self.manifest.documents)
        self._lock = threading.Lock()
        self._fetched: OrderedDict[tuple[str, int], Fetched] = OrderedDict()
        self._idf: dict[str, float | None] = {}
        self._request = threading.local()
        self._listed: list[tuple[int, Document, int]] | None = None

    # --- fan-out -----------------------------------------------------------------------

    def _call(self, calls: Mapping[int, tuple[str, tuple[Any, ...]]]) -> dict[int, Any]:
        done = self.shards.call(calls)
        missing = getattr(self._request, "missing", None)
        if missing is not None:
            missing.update(s for s in calls if s not in done)
        return done

    def _owner(self, doc_id: str, method: str, *args: Any) -> Any:
        s = shard_of(doc_id, self.manifest.shards)
        done = self._call({s: (method, (doc_id, *args))})
        if s not in done:
            raise Unavailable(f"shard {s}, which holds document {doc_id!r}, has no live "
                              "replica; try again when it is back")
        return done[s]

    @contextmanager
    def _noting(self) -> Iterator[set[int]]:
        missing: set[int] = set()
        self._request.missing = missing
        try:
            yield missing
        finally:
            self._request.missing = None

    def _keep(self, fetched: Fetched) -> None:
        with self._lock:
            for f in (fetched, *([] if fetched.before is None else [Fetched(
                    fetched.before, fetched.previous[:-1], fetched.context)])):
                key = (f.passage.document.id, f.passage.index)
                self._fetched[key] = f
                self._fetched.move_to_end(key)
            while len(self._fetched) > FETCHED_CACHE:
                self._fetched.popitem(last=False)

    def _learn(self, replies: list[dict[str, float]], words: Iterable[str]) -> None:
        """Keep the global idf the shards sent; with every shard's reply, a word none of
        them holds is known to be in no sentence (bounded: a word is a few bytes)."""
        with self._lock:
            if len(self._idf) > IDF_CACHE:
                self._idf.clear()
            for idf in replies:
                self._idf.update(idf)
            if len(replies) == self.manifest.shards:
                for w in set(words) - self._idf.keys():
                    self._idf[w] = None

    def _fetch(self, passage: Passage) -> Fetched:
        key = (passage.document.id, passage.index)
        with self._lock:
            found = self._fetched.get(key)
        if found is None:
            found = self._owner(passage.document.id, "sentence", passage.index)
            self._keep(found)
        return found

    # --- what QA.ask and the answer stage call -----------------------------------------

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K, **options: Any) -> AskResult:
        """:meth:`QA.ask`, fanned out; a :class:`PartialResult` when a shard was missing."""
        with self._noting() as missing:
            result = super().ask(question, top_k, **options)
        if not missing:
            return result
        return PartialResult(result.question, result.answer, result.reason, result.passages,
                             result.interpreted_as, result.decision, tuple(sorted(missing)))

    def filtered(self, filters: Filters | dict[str, Any] | None) -> QA | None:
        checked = filters if isinstance(filters, Filters) else check_filters(filters)
        if checked:
            raise Unsupported("filters are not available on a sharded index: a filter's "
                              "statistics are those of the documents passing it, which only "
                              "one machine holds; serve an unsharded index to filter")
        return self

    def retrieve(self, question: str, top_k: int, explain: bool = False) -> list[Passage]:
        k = top_k + DUPLICATE_WINDOW
        replies = self._call({s: ("hits", (question, k)) for s in range(self.manifest.shards)})
        self._learn([idf for _, idf in replies.values()], tokenize(question))
        hits = sorted((h for found, _ in replies.values() for h in found),
                      key=lambda h: (-h[0], h[1]))[:k]
        kept: dict[str, Hit] = {}
        others: dict[str, list[str]] = {}
        for hit in hits:
            key = hit[3]
            if key in kept:
                others[key].append(hit[4])
            elif len(kept) < top_k:
                kept[key] = hit
                others[key] = []
        n = self.manifest.shards
        rows: dict[int, list[tuple[int, float]]] = {}
        metadata: dict[int, list[str]] = {}
        for key, hit in kept.items():
            rows.setdefault(shard_of(hit[4], n), []).append((hit[2], hit[0]))
            for doc_id in others[key]:
                metadata.setdefault(shard_of(doc_id, n), []).append(doc_id)
        got = self._call({s: ("fetch", (rows.get(s, []), metadata.get(s, []),
                                        question if explain else None))
                          for s in sorted(rows.keys() | metadata.keys())})
        passages: dict[tuple[int, int], Fetched] = {}
        documents: dict[str, Document] = {}
        for s, (fetched, docs) in got.items():
            documents.update(docs)
            for (row, _), f in zip(rows.get(s, []), fetched):
                passages[s, row] = f
        out = []
        for key, hit in kept.items():
            f = passages.get((shard_of(hit[4], n), hit[2]))
            if f is None:
                continue
            self._keep(f)
            also = tuple(documents[d] for d in others[key] if d in documents)
            out.append(f.passage if not also else replace(f.passage, also_in=also))
        return out

    def evidence(self, question: str, passage: Passage, frame: frozenset[str] = frozenset(),
                 related: float | None = None) -> Any:
        words = [w for w in tokenize(question) if w not in self._idf]
        if words:  # not learnt with this question's retrieval: ask every shard
            replies = self._call({s: ("idf", (words,)) for s in range(self.manifest.shards)})
            self._learn(list(replies.values()), words)
        return passage_evidence(question, passage, self._fetch(passage).context,
                                _Idf(self._idf), self._unseen_idf, frame, related)

    def short_answer(self, question: str | QuestionInfo, passage: Passage,
                     only_typed: bool = False) -> Answer:
        return short_answer_in(question, passage, self._fetch(passage).previous, only_typed)

    def before_in_paragraph(self, passage: Passage) -> list[Passage]:
        before = self._fetch(passage).before
        return [] if before is None else [before]

    def sentence(self, doc_id: str, index: int) -> Passage:
        fetched: Fetched = self._owner(doc_id, "sentence", index)
        self._keep(fetched)
        return fetched.passage

    def _sentence_count(self, doc_id: str) -> int | None:
        listed = self._listed
        if listed is not None:  # the whole listing is at hand (GET /api/documents)
            counts = self._counts
            return counts.get(doc_id)
        count: int | None = self._owner(doc_id, "count")
        return count

    @cached_property
    def _counts(self) -> dict[str, int]:
        return {doc.id: n for _, doc, n in self._listing()}

    @cached_property
    def _unseen_idf(self) -> float:
        return unseen_idf(self.manifest.statistics["sentences"]["rows"])

    # --- documents -----------------------------------------------------------------------

    @property
    def documents(self) -> Sequence[Document]:  # type: ignore[override]
        """Every document's metadata (texts stay on the shards), in collection order."""
        return [doc for _, doc, _ in self._listing()]

    def _listing(self) -> list[tuple[int, Document, int]]:
        listing = self._listed
        if listing is None:
            replies = self._call({s: ("documents", ()) for s in range(self.manifest.shards)})
            listing = sorted((row for rows in replies.values() for row in rows),
                             key=lambda row: row[0])
            if len(replies) == self.manifest.shards:  # the index never changes: keep it
                self._listed = listing
        return listing

    def document(self, doc_id: str) -> Document:
        document: Document = self._owner(doc_id, "document")[0]
        return document

    def document_sentences(self, doc_id: str) -> list[Passage]:
        passages: list[Passage] = self._owner(doc_id, "document")[1]
        return passages

    def stats(self) -> dict[str, int]:
        return {"documents": self.manifest.documents,
                "sentences": self.manifest.statistics["sentences"]["rows"],
                "skipped": 0}

