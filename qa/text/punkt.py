"""Punkt parameters for English news, read from plain-text files in ``qa/data/``.

NLTK's Punkt learns four things from a corpus (Kiss & Strunk 2006): abbreviation types,
collocations, frequent sentence starters and orthographic context (how a word is
capitalized at a sentence start and inside a sentence). No trained model may be
downloaded or unpickled here, so this module builds a :class:`PunktParameters` from
hand-written word lists instead:

=========================  ==========================================================
file                       Punkt parameter
=========================  ==========================================================
``abbreviations.txt``      ``abbrev_types``
``titles.txt``             ``abbrev_types`` too; also :attr:`SegmenterParams.titles`
``collocations.txt``       ``collocations`` (pairs such as ``no ##number##``)
``sentence_starters.txt``  ``sent_starters`` and ``ortho_context`` (seen capitalized at
                           a sentence start, lower case inside, never capitalized inside)
=========================  ==========================================================

The files are read once per process (:func:`load_params` is cached).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nltk.tokenize.punkt import _ORTHO_BEG_UC, _ORTHO_MID_LC, _ORTHO_MID_UC, PunktParameters

from qa.text import wordlists

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


class _OrthoContext(dict[str, int]):
    """Orthographic flags by word type; an unknown type reads as 0 without being stored.

    Punkt's own ``defaultdict(int)`` inserts every word it is asked about, so a long-lived
    tokenizer would grow with the vocabulary of everything it ever segmented.
    """

    def __missing__(self, key: str) -> int:
        return 0


@dataclass(frozen=True)
class SegmenterParams:
    """The Punkt parameters plus the word sets the rules of ``qa.text.sentences`` need."""

    punkt: PunktParameters
    abbreviations: frozenset[str]
    titles: frozenset[str]
    collocation_heads: frozenset[str]
    """First words of the collocations: a period after them needs Punkt's full decision."""


def read_word_list(name: str) -> list[str]:
    """The entries of ``qa/data/<name>``, one a line (:mod:`qa.text.wordlists`)."""
    return ["\t".join(row) for row in wordlists.rows(name)]


@lru_cache(maxsize=1)
def load_params() -> SegmenterParams:
    """Build the Punkt parameters from the shipped word lists (once per process)."""
    titles = frozenset(read_word_list("titles.txt"))
    abbreviations = frozenset(read_word_list("abbreviations.txt")) | titles
    collocations = frozenset(
        (pair[0], pair[1]) for pair in (line.split() for line in read_word_list("collocations.txt"))
    )
    starters = frozenset(read_word_list("sentence_starters.txt"))

    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    params.collocations = set(collocations)
    params.sent_starters = set(starters)
    ortho = _OrthoContext()
    for word in starters:
        ortho[word] = _ORTHO_BEG_UC | _ORTHO_MID_LC
    # "I" is upper case everywhere, also inside sentences: never evidence of a new sentence.
    ortho["i"] = _ORTHO_BEG_UC | _ORTHO_MID_UC
    params.ortho_context = ortho
    logger.debug(
        "Punkt parameters: %d abbreviations, %d collocations, %d sentence starters",
        len(abbreviations),
        len(collocations),
        len(starters),
    )
    return SegmenterParams(
        punkt=params,
        abbreviations=abbreviations,
        titles=titles,
        collocation_heads=frozenset(first for first, _ in collocations),
    )
