"""The answer object of the SPEC, as Python values with ``to_dict()``.

:class:`AskResult` ``.to_dict()`` is exactly the JSON body of ``POST /api/ask``; the HTTP
API, the CLI's ``--json`` and Python callers all go through it, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from qa.text import timex
from qa.text.documents import Document
from qa.text.timex import TimeValue

__all__ = ["Answer", "AskResult", "Passage"]


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of one document, with its retrieval score.

    ``attribution`` and ``hedge`` are the SPEC objects the analysis computed when the
    documents were indexed (``None`` for a passage built without them). ``explain`` and
    ``evidence`` are notes of one request, set only when it asked to explain: each term's
    share of the score, and what the answer/no-answer decision rested on. A passage never
    changes; :meth:`noted` returns a copy with notes added.
    """

    text: str
    score: float
    document: Document
    index: int
    start: int
    end: int
    attribution: dict[str, Any] | None = None
    hedge: dict[str, Any] | None = None
    explain: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None
    #: Other documents holding the same sentence (whitespace aside).
    also_in: tuple[Document, ...] = ()

    @property
    def source(self) -> str | None:
        """Who makes the claim (``attribution.source``), or None in the author's voice."""
        return (self.attribution or {}).get("source")

    def noted(self, *, explain: dict[str, Any] | None = None,
              evidence: dict[str, Any] | None = None) -> Passage:
        """This passage with the given request notes added."""
        return replace(self, explain=explain if explain is not None else self.explain,
                       evidence=evidence if evidence is not None else self.evidence)

    def analysis(self) -> dict[str, Any]:
        """The SPEC fields the analysis adds to a sentence: ``attribution`` and ``hedge``."""
        out: dict[str, Any] = {}
        if self.attribution is not None:
            out["attribution"] = self.attribution
        if self.hedge is not None:
            out["hedge"] = self.hedge
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "score": round(float(self.score), 4),
            "document": self.document.meta(),
            "index": self.index,
            "start": self.start,
            "end": self.end,
            **self.analysis(),
            "also_in": [{"id": d.id, "title": d.title, "date": d.date, "publisher": d.publisher}
                        for d in self.also_in],
        }
        if self.explain is not None:
            out["explain"] = self.explain
        if self.evidence is not None:
            out["evidence"] = self.evidence
        return out


@dataclass(frozen=True, slots=True)
class Answer:
    """The short answer: ``text`` inside ``sentence``, at ``span`` when it is a phrase.

    When the phrase in the sentence is a pronoun ("He suggested ...") and the question asks
    who, ``text`` is the name it stands for, found earlier in the document: ``span`` is then
    ``None``, ``replaces`` is the pronoun's span in the sentence and ``found_at`` the name's
    offsets in the document text.
    """

    text: str
    span: tuple[int, int] | None
    sentence: Passage
    kind: str = "sentence"
    replaces: tuple[int, int] | None = None
    found_at: tuple[int, int] | None = None
    #: The short-answer rule that cut the phrase (:mod:`qa.answer.span`); shown by explain.
    rule: str | None = None
    #: The short-answer scorer's probability for the phrase, when its scorer chose it.
    score: float | None = None
    #: The estimated probability that ``text`` is a right answer (:mod:`qa.answer.likelihood`).
    confidence: float | None = None

    def to_dict(self, sentence: dict[str, Any] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "span": _span(self.span),
            "sentence": sentence if sentence is not None else self.sentence.to_dict(),
            "kind": self.kind,
        }
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        placed = self.time()
        if placed is not None:
            out["time"] = placed.to_dict()
        if self.replaces is not None:
            start, end = self.replaces
            out["replaces"] = {"text": self.sentence.text[start:end], "span": _span(self.replaces)}
            out["found_at"] = _span(self.found_at)
        return out


    def time(self) -> TimeValue | None:
        """What the date or time expression of ``text`` means on the calendar, against the
        document's date and read in the tense of the sentence (SPEC "Time, resolved");
        None when ``text`` holds none."""
        return timex.resolve(self.text, self.sentence.document.date, self.sentence.text)


def _span(span: tuple[int, int] | None) -> dict[str, int] | None:
    return None if span is None else {"start": span[0], "end": span[1]}


@dataclass(frozen=True, slots=True)
class AskResult:
    """What :meth:`qa.QA.ask` returns."""

    question: str
    answer: Answer | None
    reason: str | None
    passages: list[Passage]
    #: For a follow-up, the question as it was understood ("When did the leaders sign?").
    interpreted_as: str | None = None
    #: With explain: the step of the answer policy that decided (:mod:`qa.answer.policy`).
    decision: str | None = None

    def decided_by(self, step: str) -> AskResult:
        """This result, noting the policy step that decided it."""
        return replace(self, decision=step)

    def to_dict(self) -> dict[str, Any]:
        passages = [p.to_dict() for p in self.passages]
        answer = None
        if self.answer is not None:
            first = passages[0] if passages and self.passages[0] is self.answer.sentence else None
            answer = self.answer.to_dict(first)
        out = {
            "question": self.question,
            "answer": answer,
            "reason": self.reason,
            "passages": passages,
        }
        if self.interpreted_as is not None:
            out["interpreted_as"] = self.interpreted_as
        if self.decision is not None:
            out["explain"] = {
                "decided_by": self.decision,
                "answer_rule": self.answer.rule if self.answer is not None else None,
            }
        return out
