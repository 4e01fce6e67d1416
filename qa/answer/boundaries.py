"""Boundaries of a scored short answer: the span the scorer picked, cut to the phrase its
answer type wants.

:func:`shape` applies, by the question's answer type:

* a person or place: :func:`trim_to_names`, the capitalised names at the span's end ("countries
  such as India and Nepal" -> "India and Nepal"; a place only after an example cue);
* a place: :func:`place_pp`, the name after a locative preposition ("near Donetsk" ->
  "Donetsk");
* a date: :func:`date_run`, its run of calendar words and numbers, ranges included ("on
  October 3" -> "October 3", "1562 to 1598", "June 4" + ", 1989");
* a noun phrase: :func:`trim_np`, no trailing "in its ..." / "on Tuesday", "and" + verb +
  pronoun, or (when the question strands a preposition) "to" + verb infinitive;
* a number: the span starts at its number ("Panthers 24-10" -> "24-10").

Spans are token index pairs ``(i, j)`` over :class:`~qa.answer.candidates.Token` lists. The
words are those of ``qa/data/answer_boundaries.txt`` and ``qa/data/function_words.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answer.candidates import DATE_CLASSES, Token
from qa.answer.lists import alternation, function_words
from qa.answer.question import QuestionInfo
from qa.text.wordlists import words

__all__ = ["DETERMINERS", "date_run", "place_pp", "shape", "trim_np", "trim_to_names"]

_LIST = "answer_boundaries.txt"
_EXAMPLE_CUES = words(_LIST, "example_cues")
_NAME_LINKS_BEFORE = words(_LIST, "name_links_before")
_NAME_LINKS = words(_LIST, "name_links")
_LOCATIVE = words(_LIST, "locative")
_DATE_MODS = words(_LIST, "date_modifiers")
_DATE_LINKS = words(_LIST, "date_links")
_RANGE = words(_LIST, "range_links")
_TRAIL_PREPS = words(_LIST, "trailing_prepositions")
_COORDINATORS = words(_LIST, "coordinators")
_POSSESSIVE = function_words("possessives")
#: A verb's object pronoun ("and help them"); "it" is one too.
_OBJ_PRONOUNS = function_words("object_pronouns") | {"it"}
DETERMINERS = function_words("articles", "demonstratives", "possessives")
_STRANDED = re.compile(rf"\b(?:{alternation(_LIST, 'stranding_prepositions')})\W*$",
                       re.IGNORECASE)
#: Answer types whose span is a noun phrase.
_NP_TYPES = frozenset({"noun_phrase", "manner", "any"})


def shape(info: QuestionInfo, tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """The span ``tokens[i:j]`` cut to the phrase the question's answer type wants."""
    if info.answer_type in ("place", "person"):
        k, j = trim_to_names(tokens, i, j)
        # A person: the name. A place: only after an example cue ("countries such as X").
        if info.answer_type == "person" or any(x.low in _EXAMPLE_CUES for x in tokens[i:k]):
            i = k
    if info.answer_type == "place":
        i, j = place_pp(tokens, i, j)
    if info.answer_type == "date":
        i, j = date_run(tokens, i, j)
    if info.answer_type in _NP_TYPES:
        i, j = trim_np(tokens, i, j, bool(_STRANDED.search(info.text)))
        while j - 1 > i and (tokens[j - 1].func or tokens[j - 1].punct):
            j -= 1
    if info.answer_type == "number" and not tokens[i].num:
        # "Panthers 24-10" -> "24-10": a quantity starts at its number.
        i = next((k for k in range(i, j) if tokens[k].num), i)
    return i, j


def trim_to_names(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """For a place or person, drop lower-case words before the last capitalised run's
    start ("countries such as India and Nepal" -> "India and Nepal")."""
    caps = [k for k in range(i, j) if tokens[k].cap]
    if not caps or caps[0] == i or not tokens[j - 1].cap:
        return i, j
    k = j - 1
    while k > i and (tokens[k - 1].cap or (tokens[k - 1].low in _NAME_LINKS_BEFORE
                                            and k - 2 >= i and tokens[k - 2].cap)):
        k -= 1
    return k, j


def _name_end(tokens: Sequence[Token], k: int, j: int) -> int:
    """End of the capitalised name starting at ``k`` (inner "of", "'s", "-", "and" allowed)."""
    e = k + 1
    while e < j and (tokens[e].cap or (tokens[e].low in _NAME_LINKS
                                       and e + 1 < j and tokens[e + 1].cap)):
        e += 1 if tokens[e].cap else 2
    return e


def place_pp(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """A place span holding "<locative preposition> Name" is cut to that name
    ("missile strike on occupied territory near Donetsk" -> "Donetsk")."""
    for k in range(j - 2, i - 1, -1):
        if tokens[k].low in _LOCATIVE and tokens[k + 1].cap:
            a = k + 1  # SQuAD-style: the name, without "in"/"near"
            return a, _name_end(tokens, k + 1, j)
    return i, j


def _dateish(t: Token) -> bool:
    return t.cls in DATE_CLASSES or (t.num and t.cls != "numw")


def date_run(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """A date span is cut to its first run of calendar words and numbers, ranges included
    ("territory near Donetsk on October 3" -> "October 3", "June 4" + ", 1989",
    "1562 to 1598", "spring of 1349")."""
    first = next((k for k in range(i, j) if tokens[k].cls in DATE_CLASSES), None)
    if first is None:
        return i, j
    a = first
    while a > i and (_dateish(tokens[a - 1]) or tokens[a - 1].low in _DATE_MODS):
        a -= 1
    if a - 2 >= i and tokens[a - 1].low == "of" and tokens[a - 2].cls == "time":
        a -= 2  # "spring of 1349", "the afternoon of May 2"
    return a, _date_end(tokens, first + 1, j)


def _date_end(tokens: Sequence[Token], b: int, j: int) -> int:
    """The end of the date run going on at ``b``; it may run past the span's end ``j``
    ("March 14" + ", 1987"), but only into calendar words or a year."""
    n = len(tokens)
    while b < n:
        t = tokens[b]
        if _dateish(t) and (b < j or t.cls in DATE_CLASSES):
            b += 1
            continue
        link = t.low in _DATE_LINKS or (b < j and t.low in _RANGE)
        nxt = b + 1 + (b + 2 < n and tokens[b + 1].low == "the")
        if link and nxt < n and _dateish(tokens[nxt]) and (nxt < j or (
                tokens[nxt].cls == "year" and tokens[b - 1].num and tokens[b - 2].cls == "month")):
            b = nxt + 1
            continue
        break
    return b


def _object_start(t: Token) -> bool:
    return t.cap or t.num or t.low in DETERMINERS


def trim_np(tokens: Sequence[Token], i: int, j: int, stranded: bool = False
            ) -> tuple[int, int]:
    """A noun phrase stops before a "to" + verb infinitive (when the question strands a
    preposition, "What could they serve as?"), a trailing
    phrase that only places or times it ("in its next session", "on Tuesday") and an
    "and" + verb phrase ("experience and help them learn"); "of" phrases stay."""
    for k in range(i + 1, j - 1):  # every rule looks at the token after k
        t = tokens[k]
        nxt = tokens[k + 1]
        if (stranded and t.low == "to"
                and k + 2 < j and not nxt.cap and not nxt.func and not nxt.num
                and not nxt.punct and _object_start(tokens[k + 2])):
            # "laborers to support Russia's war": "to" + a verb taking an object
            return i, k
        if (t.low in _TRAIL_PREPS
                and (nxt.low in _POSSESSIVE or any(x.cls in DATE_CLASSES or x.cls == "time"
                                                   for x in tokens[k + 1:j]))):
            return i, k
        if (t.low in _COORDINATORS and k + 2 < j and not nxt.cap
                and not nxt.func and tokens[k + 2].low in _OBJ_PRONOUNS):
            return i, k  # "and help them", "and interpreted it": a verb and its object
    return i, j
