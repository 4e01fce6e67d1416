"""Quotations in attribution: which tokens are quoted, whether a quotation stays open
across sentences, the runs of sentences one quotation spans, pull-quote signatures
("“...” ― Esther Tapia") and speaker labels ("PENCE: Well, ...").

Cues inside quotation marks are the quoted speaker's own words, not a frame; a straight
quote opens after a space or at the start and closes elsewhere. Every function is one
pass over its text.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.analysis.reporting import lexicon
from qa.analysis.sentence import QUOTE_CHARS, Hit, Sentence, sentence
from qa.analysis.wordclasses import (
    DETERMINERS,
    NAME_PARTICLES,
    NOT_SPEAKERS,
    PREPOSITIONS,
    QUOTES_OPEN,
    SIGNATURE_DASHES,
)

__all__ = [
    "MAX_QUOTE_RUN", "quote_runs", "quote_state", "quoted", "signature", "speaker_label",
    "starts_quote",
]

_QUOTE_MARKS = "“”«»\""
#: The most sentences one quotation or one introduced passage is taken to span.
MAX_QUOTE_RUN = 30
_MAX_SIGNATURE = 6
_MAX_LABEL = 4


def _opens(text: str, at: int) -> bool:
    """Whether the straight quote at ``at`` opens (after a space or at the start) or closes."""
    return at == 0 or text[at - 1].isspace() or text[at - 1] in "([{—–-"


def _has_quote(text: str) -> bool:
    """Whether ``text`` holds a quotation mark (a prefilter: most sentences hold none)."""
    return "''" in text or any(q in text for q in _QUOTE_MARKS)


def quoted(s: Sentence, inside: bool) -> list[bool]:
    """For each token, whether it lies inside quotation marks (``inside``: whether a
    quotation is open when the sentence starts); a pair of straight single quotes ("''")
    counts as one double quote."""
    if not _has_quote(s.text):
        return [inside] * s.n
    flags = []
    for k, w in enumerate(s.words):
        if w in QUOTES_OPEN[:1] or w == "«":
            inside = True
        elif w == "”" or w == "»":
            inside = False
        elif w == '"' or (w == "'" and s.text.startswith("''", s.spans[k][0])):
            inside = _opens(s.text, s.spans[k][0])
        flags.append(inside)
    return flags


def quote_state(text: str, inside: bool) -> bool:
    """Whether a quotation is still open at the end of ``text``."""
    if not _has_quote(text):
        return inside
    flags = quoted(sentence(text), inside)
    return flags[-1] if flags else inside


def starts_quote(text: str) -> bool:
    """Whether ``text`` opens with a quotation mark (“, ", '' or a misprinted ”)."""
    text = text.lstrip()
    return text[:1] in QUOTES_OPEN or text[:1] in "\"”" or text.startswith("''")


def quote_runs(open_after: Sequence[bool]) -> list[list[int]]:
    """The sentences in runs, one run per quotation: a sentence joins the run of the one
    before when a quotation is open after that one (``open_after``), up to
    :data:`MAX_QUOTE_RUN` sentences; every other sentence starts a run."""
    runs: list[list[int]] = []
    for idx in range(len(open_after)):
        if idx and open_after[idx - 1] and len(runs[-1]) < MAX_QUOTE_RUN:
            runs[-1].append(idx)
        else:
            runs.append([idx])
    return runs


def signature(text: str) -> tuple[int, int, bool] | None:
    """A pull-quote signature, "― Esther Tapia" or "...us.” ― Carla Sanchez.": the span of
    the name and whether quoted words precede it in the same sentence."""
    at = max(text.rfind(d) for d in SIGNATURE_DASHES)
    if at < 0:
        return None
    before = text[:at].rstrip()
    if before and not (before[-1] in "”\"" or before.endswith("''")):
        return None
    rest = text[at + 1 :]
    start = len(rest) - len(rest.lstrip())
    name = rest.strip().rstrip(".").rstrip()
    words = name.split()
    if not 1 <= len(words) <= _MAX_SIGNATURE or not words[0][:1].isupper():
        return None
    if any(not (w[:1].isupper() or w in NAME_PARTICLES) for w in words):
        return None
    return (at + 1 + start, at + 1 + start + len(name), bool(before))


def speaker_label(s: Sentence) -> Hit | None:
    """A speaker label opening a transcript line or a headline ("PENCE: Well, ..."): up to
    four capitalised words before a colon; "Said Ellis: “...”" takes "Said" as its cue."""
    k = 0
    while k < s.n and s.words[k] in QUOTE_CHARS:
        k += 1
    start = k
    while k < s.n and k - start < _MAX_LABEL and s.cap(k):  # "Q&A": "&" is capitalised too
        k += 1
    if k == start or k + 1 >= s.n or s.words[k] != ":" or s.lows[k - 1] in lexicon().verbs:
        return None  # a label speaks: "Related Sources:" alone is a heading
    if s.lows[start] in DETERMINERS or s.lows[start] in NOT_SPEAKERS:
        return None  # "Correction: An earlier version ...", "Update: ..."
    if any(s.lows[m] in PREPOSITIONS or s.lows[m] in ("to", "and", "or")
           for m in range(start + 1, k)):
        return None  # a title-case headline ("Stealth Over Health: ..."), not a name
    if s.lows[start] in lexicon().verbs and k - start > 1:  # "Said Ellis: “...”"
        src = s.span(start + 1, k - 1)
        return Hit(src, src, s.spans[start], "speaker_label")
    src = s.span(start, k - 1)
    return Hit(src, src, s.spans[k], "speaker_label")
