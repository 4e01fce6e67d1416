"""The saved index: plain arrays and JSON in a folder, written atomically, memory-mapped.

Layout of an index folder ``DIR``::

    DIR/CURRENT                 the name of the live version, e.g. "v-20261127T0915-3f2a"
    DIR/v-.../meta.json         format version, parameters, counts, and every file's size
    DIR/v-.../documents.json    ids, titles, sources, dates and title offsets
    DIR/v-.../texts.bin         all document texts, UTF-8, one after the other
    DIR/v-.../*.npy             the sentence table, the notes and both BM25 indexes

Writing builds a new version folder beside the live one and then replaces ``CURRENT`` with
``os.replace``, which is atomic: a crash at any moment leaves the old index live and
intact. Older versions are removed only after the switch. Loading memory-maps every array
(``np.load(mmap_mode="r", allow_pickle=False)``), so the workers of a server share one copy
in the page cache, and document texts are decoded only when a passage needs them. No
pickle anywhere. A missing, stale or damaged index raises
:class:`~qa.errors.IndexStoreError` naming the command that rebuilds it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, overload

import numpy as np

from qa.analysis.annotations import AnnotationTable
from qa.errors import IndexStoreError
from qa.index.bm25 import BM25Index
from qa.index.corpus import Corpus
from qa.index.retrieval import RetrievalParams, Retriever
from qa.text.documents import Document, normalise_date, normalise_url

__all__ = ["FORMAT_VERSION", "DocumentStore", "load_retriever", "load_version", "read_meta",
           "save_retriever"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
_CURRENT = "CURRENT"


def _rebuild_hint(directory: Path, paths: Sequence[str] = ()) -> str:
    shown = " ".join(paths) if paths else "PATHS"
    return f"rebuild it with: qa index {shown} -o {directory}"


class DocumentStore(Sequence[Document]):
    """The documents of a saved index, each decoded from ``texts.bin`` when asked for."""

    def __init__(self, meta: dict[str, list[Any]], texts: np.ndarray, offsets: np.ndarray):
        self._meta = meta
        self._texts = texts
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._meta["ids"])

    @overload
    def __getitem__(self, i: int) -> Document: ...
    @overload
    def __getitem__(self, i: slice) -> list[Document]: ...
    def __getitem__(self, i: int | slice) -> Document | list[Document]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        lo, hi = int(self._offsets[i]), int(self._offsets[i + 1])
        return self._document(i, self._texts[lo:hi].tobytes().decode("utf-8"))

    def metadata(self, i: int) -> Document:
        """Document ``i`` with an empty text: its metadata without decoding the text."""
        return self._document(i, "")

    def _document(self, i: int, text: str) -> Document:
        span = self._meta["title_spans"][i]
        return Document(
            id=self._meta["ids"][i],
            title=self._meta["titles"][i],
            text=text,
            source=self._meta["sources"][i],
            date=_checked(normalise_date, self._meta["dates"][i]),
            publisher=_get(self._meta, "publishers", i),
            url=_checked(normalise_url, _get(self._meta, "urls", i)),
            title_span=tuple(span) if span is not None else None,  # type: ignore[arg-type]
        )


def _checked(normalise: Any, value: Any) -> Any:
    """``value`` as documents now hold it; None where an index saved before the check holds
    a value no document may have (a date that is not ISO 8601), so it still loads."""
    try:
        return normalise(value)
    except (TypeError, ValueError):
        return None


def _get(meta: dict[str, list[Any]], key: str, i: int) -> Any:
    """Field ``key`` of document ``i``; None in an index saved before the field existed."""
    values = meta.get(key)
    return values[i] if values is not None else None


def _arrays_of(retriever: Retriever) -> dict[str, np.ndarray]:
    corpus = retriever.corpus
    arrays = {f"corpus.{name}": getattr(corpus, name) for name in Corpus.ARRAYS}
    notes, _ = corpus.annotations.to_arrays()
    arrays.update({f"notes.{k}": v for k, v in notes.items()})
    for name in ("sentences", "paragraphs"):
        bm25, _ = getattr(retriever, name).to_arrays()
        arrays.update({f"{name}.{k}": v for k, v in bm25.items()})
    return arrays


def _ours(name: str) -> bool:
    """Files of an index folder besides its versions: the document store and its lock."""
    return name.lstrip(".").startswith(("store.sqlite", "writer.lock"))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_retriever(retriever: Retriever, directory: str | Path, *,
                   paths: Sequence[str] = (), live: dict[str, Any] | None = None) -> Path:
    """Write ``retriever`` (its corpus and both indexes) to ``directory`` atomically;
    returns the new version's folder. ``paths`` (what the index was built from) is
    recorded for the rebuild hint; ``live`` (the document store's ``token`` and the
    ``generation`` the index is at) ties it to the store beside it (:mod:`qa.live`)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise IndexStoreError(f"{str(directory)!r} exists and is not a folder")
    directory.mkdir(parents=True, exist_ok=True)
    if not (directory / _CURRENT).exists() and any(
            not _ours(f.name) for f in directory.iterdir()):
        raise IndexStoreError(
            f"{str(directory)!r} is not empty and holds no index; choose an empty or new "
            "folder so nothing of yours is overwritten"
        )
    name = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    version = directory / f".{name}.partial"
    version.mkdir()
    try:
        _write_version(retriever, version, paths, live)
        final = directory / name
        os.rename(version, final)
        current = directory / f".{_CURRENT}.{secrets.token_hex(3)}"
        current.write_text(name + "\n")
        _fsync(current)
        os.replace(current, directory / _CURRENT)  # the atomic switch
        _fsync(directory)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    _remove_older(directory, name)
    log.info("saved index of %d sentences to %s", len(retriever.corpus), final)
    return final


def _write_version(retriever: Retriever, version: Path, paths: Sequence[str],
                   live: dict[str, Any] | None = None) -> None:
    """Every file of one index version into the folder ``version``, each fsynced, with
    ``meta.json`` (sizes, shapes, parameters) last."""
    docs = retriever.corpus.documents
    encoded = [d.text.encode("utf-8") for d in docs]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    with open(version / "texts.bin", "wb") as fh:
        fh.writelines(encoded)
    arrays = _arrays_of(retriever)
    arrays["texts.offsets"] = offsets
    shapes = {}
    for key, value in arrays.items():
        np.save(version / f"{key}.npy", np.ascontiguousarray(value), allow_pickle=False)
        shapes[key] = [list(np.shape(value)), str(np.asarray(value).dtype)]
    documents = {
        "ids": [d.id for d in docs],
        "titles": [d.title for d in docs],
        "sources": [d.source for d in docs],
        "dates": [d.date for d in docs],
        "publishers": [d.publisher for d in docs],
        "urls": [d.url for d in docs],
        "title_spans": [list(d.title_span) if d.title_span else None for d in docs],
    }
    (version / "documents.json").write_text(json.dumps(documents, ensure_ascii=False))
    (version / "strings.json").write_text(
        json.dumps(retriever.corpus.annotations.strings, ensure_ascii=False))
    files: dict[str, int] = {}
    for file in sorted(version.iterdir()):
        files[file.name] = file.stat().st_size
        _fsync(file)
    meta = {
        "format_version": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "built_from": list(paths),
        "live": live,
        "documents": len(docs),
        "sentences": len(retriever.corpus),
        "retrieval": asdict(retriever.params),
        "bm25": {name: dict(getattr(retriever, name).params)
                 for name in ("sentences", "paragraphs")},
        "arrays": shapes,
        "files": files,
    }
    (version / "meta.json").write_text(json.dumps(meta, indent=1))
    _fsync(version / "meta.json")


def _remove_older(directory: Path, live: str) -> None:
    """Remove what older versions or killed writes left beside the live version."""
    for old in directory.iterdir():
        if old.name != live and old.is_dir() and (old.name.startswith("v-")
                                                   or old.name.endswith(".partial")):
            shutil.rmtree(old, ignore_errors=True)
        elif old.is_file() and old.name.startswith(f".{_CURRENT}."):
            old.unlink(missing_ok=True)


def _version_folder(directory: Path) -> Path:
    current = directory / _CURRENT
    if not current.is_file():
        raise IndexStoreError(
            f"no index in {str(directory)!r} (no {_CURRENT} file); build one with: "
            f"qa index PATHS -o {directory}"
        )
    folder = directory / current.read_text().strip()
    if not folder.is_dir() or folder.parent != directory:
        raise IndexStoreError(
            f"index in {str(directory)!r} is damaged: {_CURRENT} names a missing version; "
            + _rebuild_hint(directory)
        )
    return folder


def read_meta(directory: str | Path) -> dict[str, Any]:
    """The ``meta.json`` of the live version saved in ``directory``."""
    directory = Path(directory)
    folder = _version_folder(directory)
    try:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text())
    except (OSError, ValueError) as exc:
        raise IndexStoreError(
            f"index in {str(directory)!r} is damaged (meta.json: {exc}); "
            + _rebuild_hint(directory)
        ) from None
    meta["folder"] = str(folder)
    return meta


def load_retriever(directory: str | Path) -> Retriever:
    """The retriever saved in ``directory``, its arrays memory-mapped (read-only)."""
    return load_version(directory)[0]


def load_version(directory: str | Path) -> tuple[Retriever, dict[str, Any]]:
    """The retriever saved in ``directory`` and its ``meta.json``."""
    directory = Path(directory)
    meta = read_meta(directory)
    folder = Path(meta["folder"])
    hint = _rebuild_hint(directory, meta.get("built_from", ()))
    if meta.get("format_version") != FORMAT_VERSION:
        raise IndexStoreError(
            f"index in {str(directory)!r} has format {meta.get('format_version')!r}; this "
            f"version reads format {FORMAT_VERSION}; {hint}"
        )
    try:
        for name, size in meta["files"].items():
            actual = (folder / name).stat().st_size
            if actual != size:
                raise IndexStoreError(
                    f"index in {str(directory)!r} is damaged: {name} has {actual} bytes, "
                    f"expected {size}; {hint}"
                )
        arrays = {}
        for key, (shape, dtype) in meta["arrays"].items():
            array = np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False)
            if list(array.shape) != shape or str(array.dtype) != dtype:
                raise IndexStoreError(
                    f"index in {str(directory)!r} is damaged: {key} is {array.dtype}"
                    f"{list(array.shape)}, expected {dtype}{shape}; {hint}"
                )
            arrays[key] = array
        documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        strings = json.loads((folder / "strings.json").read_text(encoding="utf-8"))
        texts = np.memmap(folder / "texts.bin", dtype=np.uint8, mode="r") if (
            meta["files"]["texts.bin"]) else np.zeros(0, dtype=np.uint8)
        return _assemble(meta, arrays, documents, strings, texts), meta
    except IndexStoreError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexStoreError(
            f"index in {str(directory)!r} is damaged ({type(exc).__name__}: {exc}); {hint}"
        ) from None


def _assemble(meta: dict[str, Any], arrays: dict[str, np.ndarray],
              documents: dict[str, list[Any]], strings: list[str], texts: np.ndarray) -> Retriever:
    def group(prefix: str) -> dict[str, np.ndarray]:
        return {k[len(prefix) + 1 :]: v for k, v in arrays.items() if k.startswith(prefix + ".")}

    store = DocumentStore(documents, texts, arrays["texts.offsets"])
    corpus = Corpus(
        documents=store,
        ids={doc_id: i for i, doc_id in enumerate(documents["ids"])},
        annotations=AnnotationTable(group("notes"), strings),
        **group("corpus"),
    )
    retriever = Retriever(
        corpus,
        RetrievalParams(**meta["retrieval"]),
        BM25Index.from_arrays(group("sentences"), meta["bm25"]["sentences"]),
        BM25Index.from_arrays(group("paragraphs"), meta["bm25"]["paragraphs"]),
    )
    return retriever
