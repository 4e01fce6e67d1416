"""One tokenizer for documents and questions.

``tokenize(text)`` turns text into the terms BM25 indexes, in four steps:

1. Unicode NFKC normalisation, so that ligatures, full-width forms and compatibility
   characters compare equal to their plain forms, and typographic apostrophes become ``'``;
2. case folding (``str.casefold``, stronger than ``lower`` for e.g. German sharp s);
3. splitting into words: runs of letters and digits, keeping inner apostrophes
   ("don't") and decimal points ("3.5"), dropping the English possessive "'s";
4. dropping the shipped stop words (``qa/data/stopwords.txt``) and stemming the rest
   with NLTK's Snowball (Porter 2) English stemmer, which needs no downloaded data.

The same function serves the index and the query, so a question's "visited" meets a
document's "visit". Stems are cached: news vocabulary is Zipfian, so almost every word
after the first few thousand sentences is a cache hit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer

from qa.text import wordlists

__all__ = ["stem", "stopwords", "tokenize", "words"]

# Letters/digits, optionally joined by an inner apostrophe or a decimal point between digits.
_WORD = re.compile(r"[^\W_]+(?:(?:'|(?<=\d)[.,](?=\d))[^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

_stemmer = SnowballStemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped stop word list (normalised like tokens)."""
    return wordlists.words("stopwords.txt")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of an already normalised, case-folded word."""
    return _stemmer.stem(word)


def normalize(text: str) -> str:
    """NFKC-normalise, unify apostrophes and case-fold ``text``."""
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()


def words(text: str) -> list[str]:
    """The normalised words of ``text``, before stop word removal and stemming."""
    out = []
    for word in _WORD.findall(normalize(text)):
        word = word.removesuffix("'s")
        out.append(word)
    return out


def tokenize(text: str) -> list[str]:
    """The index terms of ``text``: normalised, stop words removed, stemmed."""
    stop = stopwords()
    return [stem(w) for w in words(text) if w not in stop]
