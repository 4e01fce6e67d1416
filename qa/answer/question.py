"""Question analysis: what kind of phrase a question asks for, and about what.

``analyze(question)`` returns a frozen :class:`QuestionInfo`:

* ``wh``: the question word class: ``who``, ``when``, ``where``, ``how many``, ``how much``,
  ``which`` / ``what`` (with a head noun: "What year", "Which country", "What percentage"),
  ``why``, ``how``, ``yes-no`` (starts with an auxiliary and has no question word), or
  ``other``. The first question word wins wherever it stands, so the SQuAD-style
  "The Broncos beat who in 2016?" is a ``who`` question.
* ``answer_type``: the kind of phrase expected, one of ``person``, ``date``, ``place``,
  ``number``, ``noun_phrase``, ``reason``, ``manner``, ``sentence`` (yes/no) or ``any``.
  ``what``/``which`` questions take it from their head noun: "What year" -> ``date``,
  "Which country" -> ``place``, "What percentage" -> ``number``, "What company" ->
  ``noun_phrase``.
* ``head``: the noun right after "what/which/how many/how much" ("year", "officers"),
  skipping "kind of", "type of", "name of"; ``focus``: the head, else the first content word.
* ``content``: the content words (normalised, stop and question words dropped) and
  ``stems``: their Snowball stems, the same stems :mod:`qa.text.tokens` indexes, so that the
  span extractor can find where the question's words sit in the answer sentence.

No tagger is used (NLTK's models are not available): the rules read the first words of
the question and a few hand-written lists: ``qa/data/answer_question.txt`` (question words,
head nouns by answer type), ``qa/data/function_words.txt`` (auxiliaries) and
``qa/data/answer_words.txt`` (calendar, number, title and place words for the span
extractor, by section through :func:`lexicon`), all read with :mod:`qa.text.wordlists`.
Analysis is linear in the question's length.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

from qa.answer.lists import function_words
from qa.text.tokens import normalize, stem, stopwords
from qa.text.wordlists import rows, words

__all__ = ["QuestionInfo", "analyze", "lexicon"]

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*")

_LIST = "answer_question.txt"

#: "How likely / certain / sure ...?" asks how sure the text is: answered like yes/no.
_HOW_CERTAIN = words(_LIST, "how_certain")
WH_WORDS = words(_LIST, "wh_words")
#: The words that open a yes/no question and end a head noun phrase.
AUXILIARIES = function_words("be", "do", "have", "modals", "negated_auxiliaries")
# "what kind of X", "the name of the X": skip to X for the head noun.
_SKIP_TO_OF = words(_LIST, "skip_to_of")
_BE = function_words("be")
_COMMON_VERBS = words(_LIST, "common_verbs")
_NUMBER_WORDS = words(_LIST, "head_numbers")

#: Head noun (as written, singular or plural) -> expected answer type.
_HEAD_TYPES: dict[str, str] = {
    head: answer_type for answer_type, heads in rows(_LIST, "head_types") for head in heads.split()
}

_HOW_NUMBER = words(_LIST, "how_number")


@cache
def lexicon(section: str) -> frozenset[str]:
    """The entries of one ``[section]`` of ``qa/data/answer_words.txt`` (lower case; a place
    may be several words: "new york")."""
    return frozenset(entry for row in rows("answer_words.txt", section) for entry in row)


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """What a question asks for; see the module docstring for each field."""

    text: str
    wh: str
    answer_type: str
    head: str | None
    focus: str | None
    content: tuple[str, ...]
    stems: frozenset[str]
    #: Stem of the question word expected just left of the answer in the sentence (the
    #: content word before the question word, else the question's last content word), and
    #: just right of it (the first content word after the question phrase).
    anchor_left: str | None = None
    anchor_right: str | None = None

    @property
    def is_yes_no(self) -> bool:
        return self.wh == "yes-no"


def _head_after(words: list[str], i: int) -> str | None:
    """The head noun of the phrase starting at ``i``: the last word of its content run.

    "what German city" -> "city", "what type of punishment" -> "punishment", "what three
    kinds of cells" -> "cells"; "what did ..." (an auxiliary next) has no head.
    """
    stop = stopwords()
    j, head = i, None
    limit = min(len(words), i + 8)
    while j < limit:
        w = words[j]
        if w in ("a", "an", "the") and head is None:
            j += 1
            continue
        if w in _SKIP_TO_OF and j + 1 < len(words) and words[j + 1] == "of":
            head = None
            j += 2
            continue
        if w in stop or w in WH_WORDS or w in AUXILIARIES:
            break
        if head is not None and (w.endswith("ed") or w in _COMMON_VERBS):
            break  # "how many officers died": the verb ends the phrase
        if not w.isdigit() and w not in _NUMBER_WORDS:
            head = w
        j += 1
    return head


def _anchors(words: list[str], at: int | None, head_end: int) -> tuple[str | None, str | None]:
    """Stems of the content words that should sit left and right of the answer."""
    stop = stopwords()

    def content(seq: list[str]) -> list[str]:
        return [w for w in seq if w not in stop and w not in WH_WORDS and w not in AUXILIARIES]

    if at is None:
        return None, None
    before = content(words[:at])
    after = content(words[head_end:])
    left = before[-1] if before else (after[-1] if after else None)
    right = after[0] if after else None
    return (stem(left) if left else None), (stem(right) if right else None)


def analyze(question: str) -> QuestionInfo:
    """Analyse ``question`` (any string; never raises)."""
    text = question if isinstance(question, str) else str(question)
    words = [w.removesuffix("'s") for w in _WORD.findall(normalize(text[:2000]))]
    wh, answer_type, head = "other", "any", None
    at = next((i for i, w in enumerate(words) if w in WH_WORDS), None)
    if at is None:
        if words and words[0] in AUXILIARIES:
            wh, answer_type = "yes-no", "sentence"
    else:
        w = words[at]
        nxt = words[at + 1] if at + 1 < len(words) else ""
        if w in ("who", "whom") or w == "whose":
            wh, answer_type = "who", "person"
        elif w == "when":
            wh, answer_type = "when", "date"
        elif w == "where":
            wh, answer_type = "where", "place"
        elif w == "why":
            wh, answer_type = "why", "reason"
        elif w == "how":
            if nxt in ("many", "much"):
                wh, answer_type = f"how {nxt}", "number"
                head = _head_after(words, at + 2)
            elif nxt in _HOW_NUMBER:
                wh, answer_type, head = "how", "number", nxt
            elif nxt in _HOW_CERTAIN:
                # "How likely is it that ...?": the sentence, whose hedge says how sure
                wh, answer_type = "yes-no", "sentence"
            else:
                wh, answer_type = "how", "manner"
        else:  # what / which
            wh = w
            head = _head_after(words, at + 1)
            if head is None and nxt in _BE and at + 2 < len(words) and words[at + 2] == "the":
                head = _head_after(words, at + 3)  # "What was the score of ...": "score"
                if head is not None and head not in _HEAD_TYPES:
                    head = None
            if head is not None:
                answer_type = _HEAD_TYPES.get(head, "noun_phrase")
            else:
                answer_type = "noun_phrase"
                # "What is X?" / "What did X do?": a noun phrase; "what ... called" too.
    head_end = at + 1 if at is not None else 0
    if head is not None and at is not None:
        head_end = next((k + 1 for k in range(at + 1, min(len(words), at + 10))
                         if words[k] == head), at + 1)
    left, right = _anchors(words, at, head_end)
    stop = stopwords()
    content = tuple(w for w in words if w not in stop and w not in WH_WORDS)
    focus = head if head is not None else (content[0] if content else None)
    info = QuestionInfo(
        text=text, wh=wh, answer_type=answer_type, head=head, focus=focus,
        content=content, stems=frozenset(stem(w) for w in content),
        anchor_left=left, anchor_right=right,
    )
    logger.debug("question %r -> %s", text, info)
    return info
