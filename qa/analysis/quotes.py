"""Quotations in attribution: which tokens are quoted, whether a quotation stays open
across sentences, the runs of sentences one quotation spans, pull-quote signatures
("“...” ― Esther Tapia") and speaker labels ("PENCE: Well, ...").

Cues inside quotation marks are the quoted speaker's own words, not a frame; a straight
quote opens after a space or at the start and closes elsewhere. Every function is one
pass over its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis.cues import finite_verb
from qa.analysis.referents import speaker
from qa.analysis.reporting import lexicon
from qa.analysis.sentence import (
    QUOTE_CHARS,
    Hit,
    Sentence,
    is_be,
    sentence,
    skip_adverbs,
    skip_time,
)
from qa.analysis.subjects import left_np
from qa.analysis.wordclasses import (
    DETERMINERS,
    NAME_PARTICLES,
    NOT_SPEAKERS,
    PREPOSITIONS,
    QUOTES_OPEN,
    SIGNATURE_DASHES,
)

__all__ = [
    "MAX_QUOTE_RUN", "has_quote", "quote_runs", "quote_state", "quoted", "quoted_object", "signature",
    "speaker_label", "starts_quote",
]

_QUOTE_MARKS = "“”«»\""
_QUOTE_MARK = re.compile("''|[" + re.escape(_QUOTE_MARKS) + "]")
#: The most sentences one quotation or one introduced passage is taken to span.
MAX_QUOTE_RUN = 30
_MAX_SIGNATURE = 6
_MAX_LABEL = 4
#: The fewest words of a quotation that makes its sentence a report ("a “human leech”" is
#: a label; "“the hateful ideology of radical Islam”" is someone's words).
_MIN_QUOTED_WORDS = 3
_NOT_VERBS = frozenset(("has", "have", "had", "do", "does", "did"))


def _opens(text: str, at: int) -> bool:
    """Whether the straight quote at ``at`` opens (after a space or at the start) or closes."""
    return at == 0 or text[at - 1].isspace() or text[at - 1] in "([{—–-"


def has_quote(text: str) -> bool:
    """Whether ``text`` holds a quotation mark (a prefilter: most sentences hold none)."""
    return _QUOTE_MARK.search(text) is not None


def quoted(s: Sentence, inside: bool) -> list[bool]:
    """For each token, whether it lies inside quotation marks (``inside``: whether a
    quotation is open when the sentence starts); a pair of straight single quotes ("''")
    counts as one double quote."""
    if not has_quote(s.text):
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
    if not has_quote(text):
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


def quoted_object(s: Sentence, flags: list[bool]) -> Hit | None:
    """A verb that quotes someone's words without a reporting cue: "Trump attacked “the
    hateful ideology of radical Islam”", "Japan branded North Korea an “outlaw nation in
    the neighborhood.”" The source is the subject of the sentence's first finite verb
    (read with the tagger) when it names someone who speaks and the quotation after it
    holds at least :data:`_MIN_QUOTED_WORDS` words; the verb is the cue."""
    opening = next((k for k in range(1, s.n) if flags[k] and not flags[k - 1]), -1)
    if opening < 0:
        return None
    words = 0
    for k in range(opening, s.n):
        if not flags[k]:
            break
        words += s.is_word(k)
    if words < _MIN_QUOTED_WORDS:
        return None
    verb = next((m for m in range(1, opening) if s.is_word(m) and not s.piece(m)
                 and s.words[m].islower() and finite_verb(s, m)), -1)
    if verb < 0 or is_be(s, verb) or s.lows[verb] in _NOT_VERBS:
        return None
    k = skip_time(s, skip_adverbs(s, verb - 1))
    np = left_np(s, k) if k >= 0 and s.is_word(k) else None
    if np is None or not speaker(s.text[s.spans[np[0]][0] : s.spans[np[1]][1]]):
        return None
    src = s.span(*np)
    return Hit(src, src, s.spans[verb], "quoted_object")
