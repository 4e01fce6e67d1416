"""Who says it and how sure: the analysis of every sentence, computed once at indexing.

:func:`annotate_sentences` runs attribution (:mod:`qa.analysis.attribution`, which needs the whole
document for pronouns and running quotes) and hedging (:mod:`qa.analysis.hedge`) over the sentences
of one document. :class:`AnnotationTable` stores the results of a whole corpus as plain
arrays: small integers for the hedge level and the dispute flag, and ids into one table of
distinct strings for sources, cues and hedge cues (sources repeat a lot in news). That is
what the persisted index saves and memory-maps; ``to_dict(i)`` gives back the SPEC objects.

:func:`annotate` is the public entry point for other tools: any text in, one dict per
sentence out, with offsets, attribution and hedge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa.analysis.attribution import Attribution, attribute_many
from qa.analysis.hedge import BASES, LEVELS, Hedge, hedge

__all__ = ["AnnotationTable", "SentenceAnnotation", "annotate", "annotate_many",
           "annotate_sentences"]

_LEVEL_CODE = {level: code for code, level in enumerate(LEVELS)}
_BASIS_CODE = {basis: code for code, basis in enumerate(BASES)}


@dataclass(frozen=True, slots=True)
class SentenceAnnotation:
    """The compact, picklable analysis of one sentence."""

    source: str | None
    cue: str | None
    level: int
    disputed: bool
    cues: tuple[str, ...]
    #: ``(start, end)`` in the sentence of the phrase naming the speaker, as written.
    mention: tuple[int, int] | None = None
    #: ``(start, end)`` of ``cue`` in the sentence.
    cue_span: tuple[int, int] | None = None
    #: ``(sentence, start, end)``, offsets in that sentence, of the name ``source`` was
    #: resolved from when it is not the mention (a pronoun, a continued quotation).
    resolved_from: tuple[int, int, int] | None = None
    #: What the hedge level rests on (:data:`qa.analysis.hedge.BASES`).
    basis: str = "stated"

    @classmethod
    def of(cls, attribution: Attribution, hedged: Hedge) -> SentenceAnnotation:
        mention = attribution.source_span if attribution.source is not None else None
        basis = hedged.basis
        if basis == "stated" and attribution.source is not None:
            basis = "asserted"  # a source says so; only the article's own voice states
        return cls(attribution.source, attribution.cue, _LEVEL_CODE[hedged.level],
                   hedged.disputed, tuple(hedged.cues), mention, attribution.cue_span,
                   attribution.resolved_from if attribution.source is not None else None,
                   basis)

    def to_dict(self, text: str = "",
                sentence_start: Callable[[int], int] | None = None) -> dict[str, Any]:
        """The SPEC objects. ``text`` is the sentence (for the mention's words);
        ``sentence_start(i)`` the document offset of sentence ``i`` of the same document
        (``resolved_from`` is in document offsets; without it, in that sentence's)."""
        resolved = None
        if self.resolved_from is not None:
            index, start, end = self.resolved_from
            shift = sentence_start(index) if sentence_start is not None else 0
            resolved = {"index": index, "start": start + shift, "end": end + shift}
        return {
            "attribution": {
                "source": self.source, "cue": self.cue,
                "mention": None if self.mention is None else {
                    "text": text[self.mention[0] : self.mention[1]],
                    "start": self.mention[0], "end": self.mention[1]},
                "cue_span": None if self.cue_span is None else {
                    "start": self.cue_span[0], "end": self.cue_span[1]},
                "resolved_from": resolved,
            },
            "hedge": {"level": LEVELS[self.level], "cues": list(self.cues),
                      "disputed": self.disputed, "basis": self.basis},
        }


def annotate_sentences(
    sentences: Sequence[str], paragraphs: Sequence[int] | None = None
) -> list[SentenceAnnotation]:
    """Attribution and hedge of each sentence of one document, in order; ``paragraphs``
    (the paragraph number of each sentence) lets a report run to its paragraph's end."""
    return annotate_many([(sentences, paragraphs)])[0]


def annotate_many(
    documents: Sequence[tuple[Sequence[str], Sequence[int] | None]],
) -> list[list[SentenceAnnotation]]:
    """:func:`annotate_sentences` of each ``(sentences, paragraphs)`` document, the same
    results, faster (:func:`qa.analysis.attribution.attribute_many`)."""
    return [[SentenceAnnotation.of(a, hedge(s)) for s, a in zip(sentences, atts)]
            for (sentences, _), atts in zip(documents, attribute_many(documents))]


def annotate(text: str) -> list[dict[str, Any]]:
    """Every sentence of ``text`` with ``text``, ``start``, ``end``, ``index``,
    ``attribution`` and ``hedge`` (the SPEC's objects). Paragraphs are separated by blank
    lines; the whole text is body (no title line is taken off)."""
    from qa.text.documents import Document, body_regions
    from qa.text.sentences import split_sentences

    doc = Document(id="text", title="", text=text if isinstance(text, str) else "")
    spans = [
        (p_start + s, p_start + e, p)
        for p, (p_start, p_end) in enumerate(body_regions(doc, trailers=True))
        for s, e in split_sentences(text[p_start:p_end])
    ]
    notes = annotate_sentences([text[s:e] for s, e, _ in spans], [p for _, _, p in spans])
    return [
        {"text": text[s:e], "start": s, "end": e, "index": i,
         **n.to_dict(text[s:e], lambda j: spans[j][0])}
        for i, ((s, e, _), n) in enumerate(zip(spans, notes))
    ]


class AnnotationTable:
    """The annotations of every sentence of a corpus, as arrays (see the module docstring)."""

    ARRAYS = ("source", "cue", "level", "disputed", "cue_ptr", "cue_ids", "located", "basis")
    #: Columns of ``located`` (int32, -1 for none): mention start, end; cue start, end;
    #: resolved_from sentence, start, end.
    LOCATED = 7

    def __init__(self, arrays: dict[str, np.ndarray], strings: list[str]) -> None:
        self.source = arrays["source"]
        self.cue = arrays["cue"]
        self.level = arrays["level"]
        self.disputed = arrays["disputed"]
        self.cue_ptr = arrays["cue_ptr"]
        self.cue_ids = arrays["cue_ids"]
        # an index saved before offsets were kept: every one unknown
        located = arrays.get("located")
        self.located: np.ndarray = located if located is not None else np.full(
            (len(self.level), self.LOCATED), -1, dtype=np.int32)
        basis = arrays.get("basis")
        if basis is None:  # saved before: what the level and the source still tell
            basis = np.where(self.level > 0, _BASIS_CODE["estimated"],
                             np.where(self.source >= 0, _BASIS_CODE["asserted"],
                                      _BASIS_CODE["stated"])).astype(np.int8)
        self.basis: np.ndarray = basis
        self.strings = strings

    @classmethod
    def build(cls, notes: Sequence[SentenceAnnotation]) -> AnnotationTable:
        ids: dict[str, int] = {}

        def intern(value: str | None) -> int:
            if value is None:
                return -1
            return ids.setdefault(value, len(ids))

        cue_ptr = np.zeros(len(notes) + 1, dtype=np.int64)
        cue_ids: list[int] = []
        for i, n in enumerate(notes):
            cue_ids.extend(intern(c) for c in n.cues)
            cue_ptr[i + 1] = len(cue_ids)
        located = np.full((len(notes), cls.LOCATED), -1, dtype=np.int32)
        for i, n in enumerate(notes):
            if n.mention is not None:
                located[i, 0:2] = n.mention
            if n.cue_span is not None:
                located[i, 2:4] = n.cue_span
            if n.resolved_from is not None:
                located[i, 4:7] = n.resolved_from
        arrays: dict[str, np.ndarray] = {
            "located": located,
            "basis": np.fromiter((_BASIS_CODE[n.basis] for n in notes), np.int8, len(notes)),
            "source": np.fromiter((intern(n.source) for n in notes), np.int32, len(notes)),
            "cue": np.fromiter((intern(n.cue) for n in notes), np.int32, len(notes)),
            "level": np.fromiter((n.level for n in notes), np.int8, len(notes)),
            "disputed": np.fromiter((n.disputed for n in notes), np.bool_, len(notes)),
            "cue_ptr": cue_ptr,
            "cue_ids": np.asarray(cue_ids, dtype=np.int32),
        }
        return cls(arrays, list(ids))

    def __len__(self) -> int:
        return len(self.level)

    def _str(self, i: int) -> str | None:
        return None if i < 0 else self.strings[i]

    def annotation(self, i: int) -> SentenceAnnotation:
        lo, hi = int(self.cue_ptr[i]), int(self.cue_ptr[i + 1])
        at = self.located[i].tolist()
        return SentenceAnnotation(
            self._str(int(self.source[i])),
            self._str(int(self.cue[i])),
            int(self.level[i]),
            bool(self.disputed[i]),
            tuple(self.strings[j] for j in self.cue_ids[lo:hi].tolist()),
            (at[0], at[1]) if at[0] >= 0 else None,
            (at[2], at[3]) if at[2] >= 0 else None,
            (at[4], at[5], at[6]) if at[4] >= 0 else None,
            BASES[int(self.basis[i])],
        )

    def to_dict(self, i: int, text: str = "",
                sentence_start: Callable[[int], int] | None = None) -> dict[str, Any]:
        """The SPEC's ``attribution`` and ``hedge`` objects of sentence ``i`` (see
        :meth:`SentenceAnnotation.to_dict` for ``text`` and ``sentence_start``)."""
        return self.annotation(i).to_dict(text, sentence_start)

    def extend(self, other: AnnotationTable) -> AnnotationTable:
        """This table's rows, then ``other``'s (its strings appended after ours)."""
        shift = len(self.strings)

        def ids(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
            moved = np.where(theirs >= 0, theirs + shift, theirs)
            return np.concatenate([mine, moved]).astype(np.int32)

        arrays = {
            "source": ids(self.source, other.source),
            "cue": ids(self.cue, other.cue),
            "level": np.concatenate([self.level, other.level]).astype(np.int8),
            "disputed": np.concatenate([self.disputed, other.disputed]).astype(np.bool_),
            "cue_ptr": np.concatenate([self.cue_ptr[:-1], other.cue_ptr + self.cue_ptr[-1]]),
            "cue_ids": np.concatenate([self.cue_ids, other.cue_ids + shift]).astype(np.int32),
            "located": np.concatenate([self.located, other.located]).astype(np.int32),
            "basis": np.concatenate([self.basis, other.basis]).astype(np.int8),
        }
        return AnnotationTable(arrays, [*self.strings, *other.strings])

    def take(self, rows: np.ndarray) -> AnnotationTable:
        """The rows ``rows`` (ascending) only, renumbered; strings left unused are kept."""
        lo, hi = self.cue_ptr[rows], self.cue_ptr[rows + 1]
        counts = hi - lo
        cue_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=cue_ptr[1:])
        picks = np.repeat(lo - cue_ptr[:-1], counts) + np.arange(int(cue_ptr[-1]))
        arrays = {
            "source": np.asarray(self.source[rows]), "cue": np.asarray(self.cue[rows]),
            "level": np.asarray(self.level[rows]), "disputed": np.asarray(self.disputed[rows]),
            "cue_ptr": cue_ptr, "cue_ids": np.asarray(self.cue_ids[picks], dtype=np.int32),
            "located": np.asarray(self.located[rows], dtype=np.int32),
            "basis": np.asarray(self.basis[rows], dtype=np.int8),
        }  # fmt: skip
        return AnnotationTable(arrays, self.strings)

    def to_arrays(self) -> tuple[dict[str, np.ndarray], list[str]]:
        return {name: getattr(self, name) for name in self.ARRAYS}, self.strings
