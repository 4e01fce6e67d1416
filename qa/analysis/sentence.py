"""One sentence as the attribution rules read it: the tokens of the one token stream
(:func:`qa.text.stream.tokens`) with their offsets, the result of a rule (:class:`Hit`), and
the token tests every rule shares (abbreviations, adverbs, a time phrase, a matching
parenthesis).

The stream cuts a little finer than a name is read: "AT&T", "Reuters/Ipsos", "CNN.com",
"10-year-old" and "3Com" are several tokens, and a possessive may be a token of its own
("Kim" + "'s"). :class:`Sentence` joins the tokens of one written word (no space between
them), so the noun-phrase readers keep the name whole; dotted abbreviations ("U.S.") are
one token with their dot.

Every function here looks at a bounded number of tokens or walks one way from a token;
nothing raises on any string.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import NamedTuple

from qa.analysis.wordclasses import (
    ABBREVIATIONS,
    BE,
    BETWEEN,
    LEFT_STOP,
    LY_NOT_ADVERBS,
    PRONOUNS,
    TIME_MODIFIERS,
    TIME_NOUNS,
    TIME_WORDS,
)
from qa.text.stream import tokens
from qa.text.tagger import tag_many

__all__ = [
    "CLOSING_BRACKETS", "MAX_NP", "OPENING_BRACKETS", "PENN_CACHE", "POSSESSIVES", "QUOTE_CHARS",
    "WORD", "Hit", "Sentence", "TagsNeeded", "contraction", "deferred_tags", "is_abbrev",
    "is_adverb", "is_amount", "is_be", "paren", "penn", "possessive", "sentence", "skip_adverbs",
    "skip_time", "tag_all",
]

#: Lower-case letter runs of a text: only the cheap prefilter of a whole sentence (does it
#: share a word with the cue lexicon?); the rules themselves read the stream's tokens.
WORD = re.compile(r"[a-z]+")
QUOTE_CHARS = frozenset("\"'“”‘’«»")
#: The possessive (or the contracted "is") as the stream may cut it off its word.
POSSESSIVES = frozenset(("'s", "’s"))
#: Punctuation that is part of a name when it touches a word on both sides.
_GLUE = frozenset("&/.-_")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: The most written words (:attr:`Sentence.pos`) a noun phrase is read over.
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
    """The stream's tokens of one sentence, as parallel lists: ``spans`` (character
    offsets in ``text``), ``words`` (as written) and ``lows`` (lower case).

    Tokens with no space between them that make one written word ("AT" "&" "T", "3"
    "Com", "Kim" "'s") are *joined*: ``pos`` numbers the written words (joined tokens
    share one), the noun-phrase readers count their :data:`MAX_NP` in it, and a joined
    token is a piece of a name, never a function word or a cue (:meth:`piece`)."""

    __slots__ = (
        "_clitic", "_glue", "_head", "_joined", "_word", "lows", "n", "pos", "spans", "text",
        "tokens", "words",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = toks = tokens(text)
        self.n = n = len(toks)
        if toks:  # the columns of the tokens, in one pass
            words, starts, ends, lows, is_word, _, _, joined = zip(*toks)
        else:
            words = starts = ends = lows = is_word = joined = ()
        self.spans = list(zip(starts, ends))
        self.words = list(words)
        self.lows = list(lows)
        self._word = list(is_word)
        touching = [k for k, j in enumerate(joined) if j]  # never the first token
        self._clitic = {k for k in touching if toks[k].low in POSSESSIVES and toks[k - 1].word}
        after = set(touching)
        self._glue = {k for k in touching if k + 1 in after and toks[k].text in _GLUE
                      and toks[k - 1].word and toks[k + 1].word}
        for k in self._clitic | self._glue:
            self._word[k] = True
        self._joined = {k for k in touching if self._word[k] and self._word[k - 1]}
        self._head, self.pos = _heads(n, self._joined)

    def is_word(self, k: int) -> bool:
        """A word or number, or punctuation inside one (see :meth:`glue`, :meth:`clitic`)."""
        return 0 <= k < self.n and self._word[k]

    def glue(self, k: int) -> bool:
        """Whether token k is "&", "/", ".", "-" or "_" between two words it touches, inside
        one name: "AT&T", "Reuters/Ipsos", "CNN.com", "10-year-old"."""
        return k in self._glue

    def clitic(self, k: int) -> bool:
        """Whether token k is a possessive "'s" cut off the word it touches ("Kim" + "'s")."""
        return k in self._clitic

    def piece(self, k: int) -> bool:
        """Whether token k is joined to the token before or after it (one written word)."""
        return 0 <= k < self.n and (k in self._joined or k + 1 in self._joined)

    def head(self, k: int) -> int:
        """The first token of the written word token k is in."""
        return self._head[k]

    def written(self, k: int) -> str:
        """The written word token k is in, lower case ("that's" for "that" + "'s")."""
        if not self.piece(k):
            return self.low(k)
        end = k
        while end + 1 in self._joined:
            end += 1
        return self.text[self.spans[self._head[k]][0] : self.spans[end][1]].lower()

    def back(self, k: int, words: int) -> int:
        """The first token at most ``words`` written words before token k (0 at the most)."""
        return bisect_left(self.pos, self.pos[k] - words)

    def ahead(self, k: int, words: int) -> int:
        """The first token ``words`` written words after token k (``n`` at the most)."""
        return bisect_left(self.pos, self.pos[k] + words)

    def cap(self, k: int) -> bool:
        """Whether token k belongs to a word written with a capital ("Kim's", "AT&T"; not
        "3Com", which its first token decides)."""
        return self.is_word(k) and self.words[self._head[k]][0].isupper()

    def low(self, k: int) -> str:
        return self.lows[k] if 0 <= k < self.n else ""

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens a..b inclusive."""
        return (self.spans[a][0], self.spans[b][1])

    def token_at(self, start: int) -> int:
        """The token that starts at character ``start``, or -1."""
        return next((k for k, (a, _) in enumerate(self.spans) if a == start), -1)


def _heads(n: int, joined: set[int]) -> tuple[Sequence[int], Sequence[int]]:
    """For each of n tokens, the first token of its written word and that word's number
    (``joined``: the tokens joined to the one before)."""
    if not joined:
        return range(n), range(n)
    heads: list[int] = []
    pos: list[int] = []
    for k in range(n):
        join = k in joined
        heads.append(heads[-1] if join else k)
        pos.append(pos[-1] + (not join) if pos else 0)
    return heads, pos


def is_abbrev(word: str) -> bool:
    """An abbreviation whose period, a token of its own, does not end a name ("Mr.",
    "Rev.", "D.", "Wis."); dotted ones ("U.S.") are one token with their dot."""
    return word in ABBREVIATIONS or word in _UPPER


def is_amount(s: Sentence, k: int) -> bool:
    """Whether token k is an amount of money or a percentage ("$20", "£35", "15%")."""
    word = s.words[k]
    return s.tokens[k].number and (word[0] in "$€£" or word.endswith("%"))


def contraction(s: Sentence, k: int) -> tuple[int, int] | None:
    """The character span of the pronoun when token k ends a pronoun contracted with "'s"
    ("He’s" whole, or "’s" cut off "He"), else None."""
    w = s.low(k)
    if w in POSSESSIVES:
        return s.spans[k - 1] if s.clitic(k) and s.lows[k - 1] in PRONOUNS else None
    if w[-2:] in POSSESSIVES and w[:-2] in PRONOUNS:
        return (s.spans[k][0], s.spans[k][1] - 2)
    return None


def is_be(s: Sentence, k: int) -> bool:
    """Whether token k is a form of "be": one of :data:`BE`, where "'s" counts only cut off
    a pronoun ("it" + "'s" said), not as a possessive ("BBC Radio 4's", "Inc.'s")."""
    w = s.lows[k]
    return w in BE and (w not in POSSESSIVES or contraction(s, k) is not None)


def possessive(s: Sentence, k: int) -> bool:
    """Whether token k is a possessive ("Trump's", or "'s" cut off its word or after
    "Inc."), not a contracted pronoun ("He’s claiming")."""
    return s.low(k)[-2:] in POSSESSIVES and contraction(s, k) is None


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


#: Brackets a name may carry: "(D-Mo.)", and a stock ticker "<MDBL.L>" in wire copy.
_BRACKETS = {")": "(", ">": "<", "(": ")", "<": ">"}
CLOSING_BRACKETS = frozenset(")>")
OPENING_BRACKETS = frozenset("(<")


def paren(s: Sentence, k: int, step: int) -> int:
    """Index of the bracket matching the one at k, a few tokens away (step -1 looks back
    from ")" or ">", +1 forward from "(" or "<"), or -1."""
    want = _BRACKETS.get(s.words[k], "")
    for m in range(k + step, min(max(k + step * _MAX_PAREN, -1), s.n), step):
        if s.words[m] == want:
            return m
        if s.words[m] == s.words[k]:
            return -1
    return -1


@lru_cache(maxsize=8192)
def sentence(text: str) -> Sentence:
    """The :class:`Sentence` of ``text``, built once: the frames, quotes and referents all
    read the same sentence (and the same source phrases) several times."""
    return Sentence(text)


def _tagger_words(words: Sequence[str]) -> tuple[list[str], list[int]]:
    """The tokens the tagger was trained on (UD English EWT): "'s" and "n't" cut off the
    word they end ("campaign's" -> "campaign" "'s"), curly apostrophes straight; and for
    each of ``words``, the index of its own part there."""
    out: list[str] = []
    at: list[int] = []
    for word in words:
        word = word.replace("\u2019", "'")
        low = word.lower()
        cut = 2 if low.endswith("'s") else 3 if low.endswith("n't") else 0
        at.append(len(out))
        if cut and len(word) > cut:
            out += [word[:-cut], word[-cut:]]
        else:
            out.append(word)
    return out, at


#: Tags of the sentences tagged lately (:func:`penn`), emptied when it holds this many.
PENN_CACHE = 4096
_penn: dict[str, tuple[str, ...]] = {}
_deferring = threading.local()


class TagsNeeded(Exception):
    """Raised by :func:`penn` inside :func:`deferred_tags` for a sentence not tagged yet."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def penn(text: str) -> tuple[str, ...]:
    """The Penn part-of-speech tag of each token of :func:`sentence` ``(text)``, from the
    trained tagger (:mod:`qa.text.tagger`; a word with "'s" cut off for it gets the tag
    of the word); read only for the cues that need it, so most sentences are never
    tagged. Inside :func:`deferred_tags`, a sentence not tagged yet raises
    :class:`TagsNeeded` instead, so that a caller can tag many at once (:func:`tag_all`):
    the tagger costs about four times less a sentence in a batch."""
    tags = _penn.get(text)
    if tags is None:
        if getattr(_deferring, "on", False):
            raise TagsNeeded(text)
        tags = tag_all([text])[text]
    return tags


def tag_all(texts: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Tag the ``texts`` :func:`penn` has not tagged yet, in one call of the tagger; their
    tags (another thread may empty the cache meanwhile, so they are returned too)."""
    found = {t: tags for t in texts if (tags := _penn.get(t)) is not None}
    todo = list(dict.fromkeys(t for t in texts if t not in found))
    if todo:
        split = [_tagger_words(sentence(t).words) for t in todo]
        new = {text: tuple(tags[k] for k in at) for text, (_words, at), tags
               in zip(todo, split, tag_many([w for w, _ in split], xpos=True))}
        if len(_penn) + len(new) > PENN_CACHE:
            _penn.clear()
        _penn.update(new)
        found.update(new)
    return found


@contextmanager
def deferred_tags() -> Iterator[None]:
    """Within it, :func:`penn` raises :class:`TagsNeeded` for a sentence not tagged yet."""
    before = getattr(_deferring, "on", False)
    _deferring.on = True
    try:
        yield
    finally:
        _deferring.on = before
