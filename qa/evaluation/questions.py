"""Question files: what a reader expects the service to answer, and how well it does.

A question file is JSON Lines, one object a line (blank lines are allowed)::

    {"question": "How many North Korean officers died?",
     "document": "000_10382fba07225c82", "sentence": "six North Korean military officers",
     "answer": ["six", "six North Korean military officers"],
     "source": "South Korea's Defense Minister Kim Yonghyun", "hedge": "low"}
    {"question": "What is the capital of France?", "answerable": false}

=============  =====================  ==========================================================
field          type                   meaning
=============  =====================  ==========================================================
question       str (required)         asked as ``POST /api/ask`` would
history        list                   earlier turns, as in ``POST /api/ask``:
                                      ``[{"question", "document", "index"}]``, most recent last
answerable     bool (default true)    false: the documents do not answer; the right reply is null
document       str                    id of the document the answer sentence must come from
sentence       str or int             text the answer sentence must contain (case and spacing
                                      ignored), or its sentence number in the document
answer         str or [str]           acceptable short answers (SQuAD normalisation)
source         str or null            who makes the claim of the answer sentence; null: the
                                      author's own voice
hedge          none|low|medium|high   the answer sentence's hedge level (SPEC bands)
disputed       bool                   whether the text reports the claim as denied or disputed
id, note       str                    free text for people; not scored
=============  =====================  ==========================================================

Each metric is computed over the questions that give its field: ``answered`` (answerable
questions given an answer), ``refused`` (unanswerable ones answered null), ``document``,
``sentence`` (the answer sentence is the expected one, in the expected document when one
is given), ``answer_em`` and ``answer_f1`` (best over the acceptable answers; a null answer
scores 0), ``source`` (token F1 of the source at least 0.5; null against null counts 1)
and ``source_f1`` (its mean), ``hedge`` and ``disputed`` (equal to the expected value).
Source, hedge and disputed are read from the sentence the service answered from; a null
answer misses them, except a follow-up refused with reason ``no_attribution`` ("Who said
that?" about the author's own words), which counts as answered from its one passage.

A line that is not valid JSON, not an object, has an unknown field or a value of the wrong
type stops reading with :class:`QuestionFileError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.answer.followup import Turn, check_history
from qa.answer.results import AskResult, Passage
from qa.engine import QA, Progress
from qa.errors import InvalidRequest, QAError
from qa.evaluation.metrics import answer_f1, best, exact_match, token_f1

__all__ = [
    "HEDGE_LEVELS",
    "METRICS",
    "Outcome",
    "Question",
    "QuestionFileError",
    "Report",
    "parse_question",
    "read_questions",
    "score_questions",
]

HEDGE_LEVELS = ("none", "low", "medium", "high")
FIELDS = ("question", "history", "answerable", "document", "sentence", "answer", "source",
          "hedge", "disputed", "id", "note")
#: The metrics of a report, in the order they are shown, with what each measures.
METRICS = {
    "answered": "answerable questions given an answer",
    "refused": "unanswerable questions answered null",
    "document": "answer from the expected document",
    "sentence": "answer sentence is the expected one",
    "answer_em": "short answer exact match",
    "answer_f1": "short answer token F1 (mean)",
    "source": "source token F1 >= 0.5",
    "source_f1": "source token F1 (mean)",
    "hedge": "hedge level right",
    "disputed": "disputed flag right",
}
_SPACE = re.compile(r"\s+")


class QuestionFileError(InvalidRequest):
    """A question file that cannot be read: the message names the file and line."""

    code = "invalid_question_file"


@dataclass(frozen=True, slots=True)
class Question:
    """One line of a question file, checked. ``line`` counts from 1."""

    question: str
    line: int = 0
    history: tuple[Turn, ...] = ()
    answerable: bool = True
    document: str | None = None
    sentence: str | int | None = None
    answers: tuple[str, ...] = ()
    #: Whether the line gives ``source`` (``source`` is ``None`` for the author's voice).
    has_source: bool = False
    source: str | None = None
    hedge: str | None = None
    disputed: bool | None = None
    id: str | None = None

    def expected(self) -> dict[str, Any]:
        """The line's expectations, as given (for failure listings)."""
        out: dict[str, Any] = {"answerable": self.answerable}
        for name in ("document", "sentence", "hedge", "disputed"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.answers:
            out["answer"] = list(self.answers)
        if self.has_source:
            out["source"] = self.source
        return out


def _fail(where: str, message: str) -> QuestionFileError:
    return QuestionFileError(f"{where}: {message}")


def parse_question(obj: Any, line: int = 0, name: str = "<questions>") -> Question:
    """The :class:`Question` of one decoded line, or :class:`QuestionFileError`."""
    where = f"{name}:{line}"
    if not isinstance(obj, dict):
        raise _fail(where, f"expected a JSON object, got {type(obj).__name__}")
    unknown = sorted(set(obj) - set(FIELDS))
    if unknown:
        raise _fail(where, f"unknown field {unknown[0]!r}; accepted: {', '.join(FIELDS)}")
    if "question" not in obj:
        raise _fail(where, 'missing "question" (a non-empty string)')
    try:
        question = QA.check_question(obj["question"])
        history = tuple(check_history(obj.get("history")))
    except InvalidRequest as exc:
        raise _fail(where, exc.message) from None

    def typed(key: str, kinds: tuple[type, ...], shape: str) -> Any:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) != (bool in kinds) or not isinstance(value, kinds):
            raise _fail(where, f"{key!r} must be {shape}, got {value!r}"[:300])
        return value

    answerable = typed("answerable", (bool,), "true or false")
    document = typed("document", (str,), "a document id (string)")
    sentence = typed("sentence", (str, int), "a string the sentence contains or its number")
    if isinstance(sentence, int) and sentence < 0:
        raise _fail(where, f"'sentence' must be a sentence number from 0, got {sentence}")
    if isinstance(sentence, str) and not sentence.strip():
        raise _fail(where, "'sentence' must not be empty")
    answer = obj.get("answer")
    answers: tuple[str, ...] = ()
    if answer is not None:
        answers = (answer,) if isinstance(answer, str) else tuple(answer) if isinstance(
            answer, list) else ()
        if not answers or not all(isinstance(a, str) and a.strip() for a in answers):
            raise _fail(where, f"'answer' must be a non-empty string or list of them, "
                        f"got {answer!r}"[:300])
    source = obj.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise _fail(where, f"'source' must be a non-empty string or null, got {source!r}")
    hedge = obj.get("hedge")
    if hedge is not None and hedge not in HEDGE_LEVELS:
        raise _fail(where, f"'hedge' must be one of {', '.join(HEDGE_LEVELS)}, got {hedge!r}")
    disputed = typed("disputed", (bool,), "true or false")
    ident = typed("id", (str,), "a string")
    typed("note", (str,), "a string")
    if answerable is False:
        given = [k for k in ("document", "sentence", "answer", "source", "hedge", "disputed")
                 if k in obj]
        if given:
            raise _fail(where, f"an unanswerable question cannot expect {given[0]!r}")
    return Question(
        question=question, line=line, history=history,
        answerable=answerable is not False, document=document, sentence=sentence,
        answers=answers, has_source="source" in obj, source=source, hedge=hedge,
        disputed=disputed, id=ident,
    )


def read_questions(path: str | Path | None = None, *, lines: Iterable[str] | None = None,
                   name: str | None = None) -> list[Question]:
    """The questions of a JSONL file at ``path`` (or of ``lines``), in order.

    Raises :class:`QuestionFileError` naming the file and line of the first bad line, or
    when there is no question at all.
    """
    if lines is None:
        if path is None:
            raise TypeError("read_questions needs a path or lines")
        name = name or str(path)
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise QuestionFileError(f"{name}: no such file") from None
        except UnicodeDecodeError as exc:
            raise QuestionFileError(f"{name}: not valid UTF-8 ({exc.reason})") from None
        except OSError as exc:
            raise QuestionFileError(f"{name}: cannot be read ({exc.strerror})") from None
    name = name or "<questions>"
    out = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail(f"{name}:{number}", f"not valid JSON ({exc.msg} at column "
                        f"{exc.colno})") from None
        out.append(parse_question(obj, number, name))
    if not out:
        raise QuestionFileError(f"{name}: no questions (one JSON object a line expected)")
    return out


# --- scoring --------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the service replied to one question and how each expectation fared (0..1)."""

    question: Question
    result: AskResult
    checks: dict[str, float] = field(default_factory=dict)

    @property
    def judged(self) -> Passage | None:
        """The sentence the service answered from (see the module docstring)."""
        return _judged(self.result)

    def failed(self) -> list[str]:
        """The expectations missed: ``answer`` (no exact match), ``source`` (F1 < 0.5) ..."""
        skip = {"answer_f1", "source_f1"}
        names = [k for k, v in self.checks.items() if k not in skip and v < 1.0]
        return ["answer" if k == "answer_em" else k for k in names]

    def got(self) -> dict[str, Any]:
        """What the service replied, in the fields of a question file."""
        answer = self.result.answer
        out: dict[str, Any] = {"answer": None if answer is None else answer.text,
                               "reason": self.result.reason}
        judged = self.judged
        if judged is not None:
            out.update(document=judged.document.id, index=judged.index, sentence=judged.text,
                       source=judged.source,
                       hedge=(judged.hedge or {}).get("level"),
                       disputed=(judged.hedge or {}).get("disputed"))
        if self.result.interpreted_as is not None:
            out["interpreted_as"] = self.result.interpreted_as
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.question.line, "id": self.question.id,
                "question": self.question.question, "failed": self.failed(),
                "expected": self.question.expected(), "got": self.got(),
                "checks": dict(self.checks)}


def _judged(result: AskResult) -> Passage | None:
    if result.answer is not None:
        return result.answer.sentence
    if result.reason == "no_attribution" and result.passages:
        return result.passages[0]
    return None


def check(question: Question, result: AskResult) -> dict[str, float]:
    """Each expectation of ``question`` scored 0..1 against ``result``."""
    judged = _judged(result)
    checks: dict[str, float] = {}
    if not question.answerable:
        checks["refused"] = float(result.answer is None)
        return checks
    checks["answered"] = float(judged is not None)
    in_document = judged is not None and (
        question.document is None or judged.document.id == question.document)
    if question.document is not None:
        checks["document"] = float(in_document)
    if question.sentence is not None:
        if judged is None or not in_document:
            right = False
        elif isinstance(question.sentence, int):
            right = judged.index == question.sentence
        else:
            right = _squash(question.sentence) in _squash(judged.text)
        checks["sentence"] = float(right)
    if question.answers:
        text = "" if result.answer is None else result.answer.text
        checks["answer_em"] = best(exact_match, text, question.answers)
        checks["answer_f1"] = best(answer_f1, text, question.answers)
    if question.has_source:
        if judged is None:
            f1 = 0.0
        else:
            got = judged.source
            if question.source is None or got is None:
                f1 = float(question.source is None and got is None)
            else:
                f1 = token_f1(got, question.source)
        checks["source"] = float(f1 >= 0.5)
        checks["source_f1"] = f1
    hedged = (judged.hedge or {}) if judged is not None else {}
    if question.hedge is not None:
        checks["hedge"] = float(hedged.get("level") == question.hedge)
    if question.disputed is not None:
        checks["disputed"] = float(hedged.get("disputed") == question.disputed)
    return checks


@dataclass(frozen=True, slots=True)
class Report:
    """The outcomes of a question file and the metrics over them."""

    outcomes: list[Outcome]

    def metrics(self) -> dict[str, dict[str, float | int]]:
        """``{name: {"value": mean 0..1, "n": questions giving the field}}``, for the
        metrics that at least one question gives, in :data:`METRICS` order."""
        out: dict[str, dict[str, float | int]] = {}
        for name in METRICS:
            values = [o.checks[name] for o in self.outcomes if name in o.checks]
            if values:
                out[name] = {"value": sum(values) / len(values), "n": len(values)}
        return out

    def failures(self) -> list[Outcome]:
        """The outcomes that missed at least one expectation, in file order."""
        return [o for o in self.outcomes if o.failed()]

    def to_dict(self) -> dict[str, Any]:
        return {"questions": len(self.outcomes), "metrics": self.metrics(),
                "failures": [o.to_dict() for o in self.failures()]}


def score_questions(engine: QA, questions: Sequence[Question], *, top_k: int = 3,
                    progress: Progress | None = None) -> Report:
    """Ask ``engine`` every question (with its history) and score the replies.

    A question the engine will not take (any :class:`~qa.errors.QAError`) raises
    :class:`QuestionFileError` naming its line.
    """
    tick: Callable[[], None] = ((lambda: progress("Asking", 1, len(questions)))
                                if progress is not None else (lambda: None))
    outcomes = []
    for q in questions:
        try:
            result = engine.ask(q.question, top_k=top_k, history=list(q.history))
        except QAError as exc:
            raise QuestionFileError(f"line {q.line}: {exc.message}") from None
        outcomes.append(Outcome(q, result, check(q, result)))
        tick()
    return Report(outcomes)
