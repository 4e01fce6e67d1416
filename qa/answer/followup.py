"""Follow-up questions: reading a question against the conversation so far.

The caller sends the turns so far (stateless on the server), most recent last, each as
``{"question", "document", "index"}``: what was asked and which sentence answered it.
:func:`interpret` looks only at the most recent turn that still names a loaded sentence
and reads the new question in one of four ways:

``source``
    "Who said that?", "Who claims this?", "According to whom?", "Says who?": the answer
    is the previous sentence's attribution (its source, or the name a pronoun source
    stands for).
``certainty``
    "Is that confirmed?", "How sure is that?", "Is it true?": the answer is the previous
    sentence itself, whose hedge level and cues say how sure the text is.
``ellipsis``
    A bare question word, "When?", "Where exactly?", "How many?", "Why?": the previous
    question with its question word replaced ("What did the leaders sign?" + "When?" ->
    "When did the leaders sign?"), looked for in the previous sentence first.
``pronoun``
    A question whose subject or object is a pronoun, "What did he suggest?": the pronoun
    is replaced by what the previous answer named (a person for "he" or "she", else the
    previous sentence's source; a place or thing for "it"), else by the previous
    question's focus, and the question is asked afresh.

Anything else is a new question and is asked as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from qa.errors import InvalidRequest, describe

__all__ = ["MAX_HISTORY", "FollowUp", "Turn", "check_history", "interpret", "is_bare"]

MAX_HISTORY = 10

_SOURCE = re.compile(
    r"^\s*(?:who|whom)\s+(?:said|says|say|claimed|claims|claim|stated|states|reported|reports|"
    r"told|confirmed|announced|suggested|thinks|believes|is saying|was saying|made)\s+"
    r"(?:that|this|it|so|those|these)\b|^\s*according\s+to\s+(?:whom|who)\b|^\s*says\s+who\b|"
    r"^\s*who(?:'s| is| was)\s+(?:the\s+source|saying\s+(?:that|this|so))\b|"
    r"^\s*(?:what|who)\s+is\s+the\s+source\b|^\s*whose\s+(?:claim|words|view)\b",
    re.IGNORECASE,
)
_CERTAINTY = re.compile(
    r"^\s*(?:is|was|are|were)\s+(?:that|this|it|those|these)\s+(?:\w+\s+)?"
    r"(?:confirmed|true|certain|sure|verified|official|a\s+fact|known|proven|correct|right)\b|"
    r"^\s*how\s+(?:sure|certain|confident|reliable|likely)\s+(?:is|are|was|were)\s+"
    r"(?:that|this|it|they|those|he|she)\b|"
    r"^\s*(?:can|could)\s+(?:that|this|it)\s+be\s+(?:confirmed|verified|trusted)\b|"
    r"^\s*(?:really|for\s+sure|is\s+that\s+so)\s*\??\s*$",
    re.IGNORECASE,
)
_WH = r"(?:how\s+many|how\s+much|how\s+long|how\s+old|how\s+far|who|whom|what|when|where|why|which|how)"
_ELLIPSIS = re.compile(
    rf"^\s*(?:and\s+|but\s+|so\s+)?({_WH})(?:\s+(?:exactly|then|precisely|again|so|was\s+that|"
    r"did\s+(?:that|this|it)\s+happen|is\s+that))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_LEADING_WH = re.compile(rf"^\s*{_WH}\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|they|him|her|them|it|that|this)\b", re.IGNORECASE)
_PERSONAL = {"he", "she", "him", "her", "they", "them"}


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier turn: its question and the sentence that answered it."""

    question: str
    document: str
    index: int


@dataclass(frozen=True, slots=True)
class FollowUp:
    """How a question reads against the conversation.

    ``kind`` is ``"new"``, ``"source"``, ``"certainty"``, ``"ellipsis"`` or ``"pronoun"``;
    ``question`` is what to ask (rewritten for ellipsis and pronouns); ``turn`` is the
    turn it refers to (``None`` for a new question).
    """

    kind: str
    question: str
    turn: Turn | None = None


def check_history(history: Any, max_turns: int = MAX_HISTORY) -> list[Turn]:
    """The turns of a request's ``history``, or :class:`InvalidRequest` saying what is
    accepted. Turns beyond the most recent ``max_turns`` are refused, not dropped."""
    if history is None:
        return []
    shape = 'history must be a list of {"question": str, "document": str, "index": int}'
    if not isinstance(history, list):
        raise InvalidRequest(f"{shape}, got {describe(history)}", code="invalid_history")
    if len(history) > max_turns:
        raise InvalidRequest(
            f"history has {len(history)} turns; at most {max_turns} are accepted "
            "(send the most recent ones)",
            code="invalid_history",
        )
    turns = []
    for n, item in enumerate(history):
        ok = (
            isinstance(item, dict)
            and isinstance(item.get("question"), str)
            and isinstance(item.get("document"), str)
            and isinstance(item.get("index"), int)
            and not isinstance(item.get("index"), bool)
            and item["index"] >= 0
        )
        if not ok:
            raise InvalidRequest(f"{shape}; turn {n} is {json.dumps(item, ensure_ascii=False, default=str)}"[:300],
                                 code="invalid_history")
        turns.append(Turn(item["question"], item["document"], item["index"]))
    return turns


def interpret(question: str, turn: Turn | None, previous_answer: str | None = None,
              previous_kind: str | None = None, previous_source: str | None = None) -> FollowUp:
    """Read ``question`` against the most recent usable ``turn``.

    ``previous_answer`` is the short answer that turn got (its ``kind`` in
    ``previous_kind``): what "he", "it" or "that" most likely points at.
    ``previous_source`` is who makes the claim of that turn's sentence: what "he" or
    "she" points at when the answer was no person ("What did he suggest?" after "Who is
    Lim Eulchul?" was answered "a professor at ...").
    """
    if turn is None:
        return FollowUp("new", question)
    if _SOURCE.search(question):
        return FollowUp("source", question, turn)
    if _CERTAINTY.search(question):
        return FollowUp("certainty", question, turn)
    bare = _ELLIPSIS.match(question)
    if bare:
        wh = re.sub(r"\s+", " ", bare.group(1).lower())
        rest = _LEADING_WH.sub("", turn.question, count=1).strip()
        if rest and rest != turn.question.strip():
            rewritten = f"{wh[0].upper()}{wh[1:]} {rest}"
        else:  # the previous question had no question word: ask about its statement
            rewritten = f"{wh[0].upper()}{wh[1:]} {turn.question.strip().rstrip('?')}?"
        return FollowUp("ellipsis", rewritten, turn)
    match = _PRONOUN.search(question)
    if match and _refers_back(question, match):
        pronoun = match.group(1).lower()
        referent = _referent(pronoun, turn, previous_answer, previous_kind, previous_source)
        if referent:
            rewritten = question[: match.start()] + referent + question[match.end() :]
            return FollowUp("pronoun", rewritten, turn)
    return FollowUp("new", question)


def _refers_back(question: str, match: re.Match[str]) -> bool:
    """A pronoun refers back unless the question names its own subject first ("What is
    it that Kim said?" still does; "Is it raining in Seoul?" is left alone when "it"
    is the dummy subject of weather or time)."""
    after = question[match.end():].lstrip().lower()
    return not (match.group(1).lower() == "it" and after.startswith(("rain", "snow", "time")))


def _referent(pronoun: str, turn: Turn, answer: str | None, kind: str | None,
              source: str | None = None) -> str | None:
    if answer and kind == "person":
        return answer
    if pronoun in _PERSONAL and source and source.lower() not in _PERSONAL:
        return source.split(", ", 1)[0]  # the name, without its appositive
    if answer and kind in ("place", "noun_phrase", "number", "date") and pronoun not in _PERSONAL:
        return answer
    return _focus(turn.question)


def is_bare(question: str) -> bool:
    """Whether ``question`` is a bare question word ("When?", "Where exactly?")."""
    return _ELLIPSIS.match(question) is not None


def _focus(question: str) -> str | None:
    """The previous question without its question word and auxiliary: its topic."""
    rest = _LEADING_WH.sub("", question, count=1).strip().rstrip("?").strip()
    rest = re.sub(r"^(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could)\s+",
                  "", rest, flags=re.IGNORECASE)
    return rest or None


def check_known(turns: Sequence[Turn], sentences: Callable[[str], int | None]) -> None:
    """:class:`InvalidRequest` naming the first turn whose document is not loaded or has
    no such sentence; ``sentences(doc_id)`` is a document's sentence count, None if none."""
    for n, turn in enumerate(turns):
        count = sentences(turn.document)
        if count is None:
            raise InvalidRequest(
                f"history turn {n} names document {turn.document!r}, which is not loaded "
                "(ids are listed by GET /api/documents)"[:300], code="invalid_history")
        if turn.index >= count:
            raise InvalidRequest(
                f"history turn {n}: document {turn.document!r} has {count} sentences, "
                f"numbered from 0; there is no sentence {turn.index}"[:300],
                code="invalid_history")
