"""The token stream: every sentence tokenized once, into one typed structure.

Each analyser (attribution and hedges at index time, short answers at question time)
reads the same tokens, so they agree on where words are; none re-tokenizes with a regex
of its own. A :class:`Token` has its text, its character offsets in the text it was cut
from (``text[start:end] == token.text``), its lower-cased form and what kind of token it
is, and whether it touches the token before it; the tokens of a sentence are a tuple of
named tuples, cached, so asking again costs a dictionary hit.

The tokenizer is one regular expression, tried left to right at each position:

1. numbers with their inner separators, currency signs and suffixes: ``$4.5``, ``1,200``,
   ``24-10``, ``9/11``, ``1990s``, ``3rd``, ``12%``;
2. dotted abbreviations: ``U.S.``, ``a.m.``;
3. an ``'s`` that follows punctuation or a number, as a token of its own ("Inc." + "'s");
4. words, with inner apostrophes and hyphens kept: ``don't``, ``Kim-Jong``, ``Kim's``;
5. any other single non-space character: punctuation, quotes, symbols.

It never fails and never backtracks beyond one token: every character that is not
whitespace belongs to exactly one token.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["TOKEN", "Token", "tokens"]

TOKEN = re.compile(
    r"[$€£]?\d+(?:[.,:/\-\u2013]\d+)*(?:%|s\b|th\b|st\b|nd\b|rd\b)?"  # numbers, 24-10, 1990s
    r"|[^\W\d_](?:\.[^\W\d_])+\.?"  # U.S., a.m.
    r"|['\u2019]s\b"  # possessive
    r"|[^\W_]+(?:(?:['\u2019\-\u2011\u00ad])[^\W_]+)*"  # words, don't, Kim-Jong
    r"|\S"
)
_CURRENCY = "$€£"


class Token(NamedTuple):
    """One token: ``text`` at ``[start, end)`` of the text it was cut from."""

    text: str
    start: int
    end: int
    low: str
    #: A word or number (not punctuation, quote or symbol).
    word: bool
    #: A number: starts with a digit or a currency sign.
    number: bool
    #: Starts with a capital letter.
    cap: bool
    #: Touches the token before it (no space between them: "AT" "&" "T", "$" "4.5").
    joined: bool = False


@lru_cache(maxsize=65536)
def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The tokens of ``text``; offsets are ``offset`` plus the position in ``text`` (pass a
    sentence's start to get document offsets)."""
    out = []
    new = _new_tuple
    last = -1
    for m in _finditer(text):
        word = m.group()
        start, end = m.span()
        first = word[0]
        number = first.isdigit() or first in _CURRENCY
        out.append(new(Token, (word, offset + start, offset + end, word.lower(),
                               number or first.isalnum(), number, first.isupper(),
                               start == last)))
        last = end
    return tuple(out)


_finditer = TOKEN.finditer
#: ``Token(*fields)`` without the keyword handling of a named tuple's generated
#: ``__new__`` (every field is given, in order): a sixth of the time tokenizing takes.
_new_tuple = tuple.__new__
