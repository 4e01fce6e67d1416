"""What every short-answer rule reads and returns: :class:`Context` in, :class:`ShortAnswer`
(or None) out, one :data:`RuleFn` signature for all of them (:mod:`qa.answer.rules` lists
them in order)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from qa.answer.candidates import Token, tokenize_span, window
from qa.answer.question import QuestionInfo

__all__ = ["Context", "Rule", "RuleFn", "ShortAnswer"]


@dataclass(frozen=True, slots=True)
class ShortAnswer:
    """A short answer; ``doc_text[start:end] == text``. ``rule`` names the rule of
    :data:`qa.answer.rules.RULES` that found it ("scorer" for the learned candidate scorer)."""

    text: str
    start: int
    end: int
    in_sentence: bool
    replaces: tuple[int, int] | None
    kind: str
    score: float
    rule: str = ""


@dataclass(frozen=True)
class Context:
    """What every rule reads: the question, the document, the answer sentence
    ``doc_text[start:end]`` (clamped to the document, non-empty) and the earlier sentences
    of the document (``previous``, in any order)."""

    info: QuestionInfo
    doc_text: str
    start: int
    end: int
    previous: Sequence[tuple[int, int]] = ()

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens (at most :data:`~qa.answer.candidates.MAX_TOKENS`)."""
        return window(tokenize_span(self.doc_text[self.start:self.end], self.start,
                                    self.info.stems))

    def answer(self, span: tuple[int, int], kind: str) -> ShortAnswer:
        """The answer of the token span ``span`` of :attr:`tokens`."""
        start, end = self.tokens[span[0]].start, self.tokens[span[1] - 1].end
        return ShortAnswer(self.doc_text[start:end], start, end, True, None, kind, 0.5)


RuleFn = Callable[[Context], ShortAnswer | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of :data:`qa.answer.rules.RULES`: its name (``ShortAnswer.rule``) and its function."""

    name: str
    find: RuleFn
