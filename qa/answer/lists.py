"""The word lists of the answer stage, read with :mod:`qa.text.wordlists`.

Each module of ``qa/answer`` that needs words reads its own list,
``qa/data/answer_<module>.txt`` (``answer_words.txt`` holds the token cues, read through
:func:`qa.answer.question.lexicon`); the closed classes every stage shares (pronouns, forms
of "be", modals, determiners) come from ``qa/data/function_words.txt`` through
:func:`function_words`.
"""

from __future__ import annotations

import re

from qa.text.wordlists import rows, words

__all__ = ["alternation", "function_words"]


def function_words(*sections: str) -> frozenset[str]:
    """The union of ``sections`` of ``qa/data/function_words.txt`` ("be", "modals", ...)."""
    return frozenset().union(*(words("function_words.txt", s) for s in sections))


def alternation(name: str, section: str) -> str:
    """The entries of one section of ``qa/data/<name>`` (one a line) as a regular-expression
    alternation, escaped, in file order: a longer phrase written first is tried first."""
    return "|".join(re.escape(row[0]) for row in rows(name, section))
