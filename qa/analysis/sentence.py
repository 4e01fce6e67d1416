"""One sentence as the attribution rules read it: regex tokens with their offsets, the
result of a rule (:class:`Hit`), and the token tests every rule shares (abbreviations,
adverbs, a time phrase, a matching parenthesis).

Every function here looks at a bounded number of tokens or walks one way from a token;
nothing raises on any string.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qa.analysis.wordclasses import (
    ABBREVIATIONS,
    BETWEEN,
    LEFT_STOP,
    LY_NOT_ADVERBS,
    TIME_MODIFIERS,
    TIME_NOUNS,
    TIME_WORDS,
)

__all__ = [
    "MAX_NP", "QUOTE_CHARS", "WORD", "Hit", "Sentence", "is_abbrev", "is_adverb", "paren",
    "skip_adverbs", "skip_time",
]

_TOKEN = re.compile(r"\w+(?:[’'.&/-]\w+)*|\S")
_ABBREV = re.compile(r"[A-Z](?:\.[A-Z])*")
#: Lower-case words of a text, for the cheap tests on a whole sentence.
WORD = re.compile(r"[a-z]+")
QUOTE_CHARS = frozenset("\"'“”‘’«»")
#: The most tokens a noun phrase is read over.
MAX_NP = 12
_MAX_PAREN = 8


class Hit(NamedTuple):
    """What a rule found in one sentence: character spans of the source and the cue, and
    the name of the rule (see ``qa.analysis.attribution.FRAMES``)."""

    source: tuple[int, int] | None  # full extent (with the appositive when asked)
    core: tuple[int, int] | None  # the noun phrase alone, used for pronoun agreement
    cue: tuple[int, int]
    rule: str = ""


class Sentence:
    """Tokens of one sentence with their offsets."""

    __slots__ = ("lows", "n", "spans", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [m.span() for m in _TOKEN.finditer(text)]
        self.words = [text[s:e] for s, e in self.spans]
        self.lows = [w.lower() for w in self.words]
        self.n = len(self.words)

    def is_word(self, k: int) -> bool:
        return 0 <= k < self.n and (self.words[k][0].isalnum() or self.words[k][0] == "_")

    def cap(self, k: int) -> bool:
        return self.is_word(k) and self.words[k][0].isupper()

    def low(self, k: int) -> str:
        return self.lows[k] if 0 <= k < self.n else ""

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens a..b inclusive."""
        return (self.spans[a][0], self.spans[b][1])

    def token_at(self, start: int) -> int:
        """The token that starts at character ``start``, or -1."""
        return next((k for k, (a, _) in enumerate(self.spans) if a == start), -1)


def is_abbrev(word: str) -> bool:
    """An abbreviation whose period does not end a name ("Mr.", "Rev.", "D.", "Wis.")."""
    return word in ABBREVIATIONS or _ABBREV.fullmatch(word) is not None


def is_adverb(s: Sentence, k: int) -> bool:
    """Whether token k can stand between a subject and its verb: an auxiliary or an adverb
    ("has also repeatedly said"); "n't" forms; lower-case -ly words but nouns in -ly."""
    w = s.lows[k]
    if w in BETWEEN or w.endswith(("n't", "n’t")):
        return not (k and s.words[k] == "May")  # the month, not the modal
    return len(w) > 4 and w.endswith("ly") and s.words[k].islower() and w not in LY_NOT_ADVERBS


def skip_adverbs(s: Sentence, j: int) -> int:
    """The token before the run of :func:`is_adverb` tokens ending at j."""
    while j >= 0 and is_adverb(s, j):
        j -= 1
    return j


def skip_time(s: Sentence, j: int) -> int:
    """Token before a time phrase ending at j ("The Times on Saturday wrote", "Wells Fargo
    just this month announced"), or j when there is none or nothing precedes it."""
    month = s.words[j] == "May" if 0 <= j < s.n else False
    if j < 1 or s.lows[j] not in TIME_WORDS and s.lows[j] not in TIME_NOUNS and not month:
        return j
    k = j - 1
    while k >= 0 and (s.lows[k] in TIME_MODIFIERS or s.lows[k].isdigit() and len(s.lows[k]) <= 2):
        k -= 1
    k = skip_adverbs(s, k)
    if k < 0 or not s.is_word(k) or s.lows[k] in LEFT_STOP or s.words[k].endswith("ed"):
        return j  # "a poll released in late August found": the noun phrase reads past it
    return k


def paren(s: Sentence, k: int, step: int) -> int:
    """Index of the parenthesis matching the one at k, a few tokens away (step -1 looks
    back from ")", +1 forward from "("), or -1."""
    want, other = ("(", ")") if step < 0 else (")", "(")
    for m in range(k + step, min(max(k + step * _MAX_PAREN, -1), s.n), step):
        if s.words[m] == want:
            return m
        if s.words[m] == other:
            return -1
    return -1
