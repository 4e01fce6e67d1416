"""The attribution frames: the ways one reporting cue of a sentence gets its source.

Every frame is a function of one :class:`Cue` that returns ``None`` when its pattern is
not there (the next frame is tried), :data:`NOT_REPORTED` when its pattern is there but
the cue reports nothing ("taped an hourlong show that aired"), or a :class:`Hit`. The
order in which they are tried is the table ``qa.analysis.attribution.FRAMES``; the first
frame that does not return ``None`` decides the cue.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from qa.analysis.cues import finite_verb
from qa.analysis.referents import referent_kind, speaker
from qa.analysis.reporting import lexicon
from qa.analysis.sentence import (
    Hit,
    Sentence,
    contraction,
    is_amount,
    is_be,
    penn,
    skip_adverbs,
    skip_time,
)
from qa.analysis.subjects import (
    appositive,
    clause_start,
    initial_np,
    left_np,
    relative_subject,
    right_appositive,
    right_np,
)
from qa.analysis.wordclasses import (
    ACCORDING_STOP,
    ARTICLES,
    DOCUMENT_HEADS,
    INVERSION_END,
    LEFT_STOP,
    OBJECT_PRONOUNS,
    PARTICLES,
    PASSIVE_BARE,
    PREPOSITIONS,
    PRONOUNS,
    QUOTES_CLOSE,
    RIGHT_STOP,
)

__all__ = [
    "NOT_REPORTED", "Cue", "Frame", "according_to", "appositive_subject", "as_put_it",
    "complement", "contracted_pronoun", "elided_after_comma", "elided_after_conjunction", "ing_subject",
    "inverted", "passive", "subject", "who_clause",
]

Range = tuple[int, int]
#: The most verbs and infinitive markers read back to a governing verb.
_MAX_CHAIN = 4
#: What a frame returns for a cue whose pattern it recognises but which reports nothing.
NOT_REPORTED = Hit(None, None, (-1, -1), "not_reported")


class Cue:
    """One candidate cue, tokens ``i``..``end`` of sentence ``s`` (``phrase``: the
    multi-word cue of the lexicon it is, or None for one verb form)."""

    def __init__(
        self, s: Sentence, i: int, end: int, phrase: tuple[str, ...] | None, appositive: bool
    ) -> None:
        self.s = s
        self.i = i
        self.end = end
        self.phrase = phrase
        #: Whether the source keeps its appositive ("Lim Eulchul, a professor at ...").
        self.appositive = appositive
        self.lw = s.lows[i]
        self.span = s.span(i, end)
        self.ing = self.lw.endswith("ing")

    @cached_property
    def left(self) -> int:
        """The token before the cue once auxiliaries, adverbs and a time phrase are skipped."""
        return skip_time(self.s, skip_adverbs(self.s, self.i - 1))

    @cached_property
    def progressive(self) -> bool:
        """An -ing cue after a form of "be": "Trump is warning that"."""
        return self.ing and self.left >= 0 and is_be(self.s, self.left)

    @cached_property
    def before(self) -> int:
        """The token that ends the subject's side of the cue: :attr:`_left`, read past the
        "be" of a progressive; -1 when the cue opens the sentence."""
        return skip_adverbs(self.s, self.left - 1) if self.progressive else self.left

    def hit(self, full: Range, core: Range) -> Hit:
        """The hit of this cue with the source at token ranges ``full`` / ``core``."""
        return Hit(self.s.span(*full), self.s.span(*core), self.span)


Frame = Callable[[Cue], Hit | None]


def _reported(c: Cue, np: Range | None, full: Range | None) -> Hit:
    """The subject ``np`` (``full`` with its appositive) as the source; an evidence verb
    ("shows", "found") reports only a document or poll, or before "that"."""
    if np is None or full is None:
        return NOT_REPORTED
    document = any(w in DOCUMENT_HEADS for w in c.s.lows[np[0] : np[1] + 1])
    if c.lw in lexicon().evidence and c.s.written(c.end + 1) != "that" and not document:
        return NOT_REPORTED
    return c.hit(full, np)


def according_to(c: Cue) -> Hit | None:
    """"According to X": the noun phrase after the phrase."""
    if c.phrase != ("according", "to"):
        return None
    np = right_np(c.s, c.end + 1, ACCORDING_STOP)
    return c.hit(np, np) if np is not None else NOT_REPORTED


def as_put_it(c: Cue) -> Hit | None:
    """"As X put it": the noun phrase between "as" and the phrase."""
    if c.phrase != ("put", "it"):
        return None
    np = left_np(c.s, c.i - 1) if c.i else None
    if np is not None and c.s.low(np[0] - 1) == "as":
        return c.hit(np, np)
    return NOT_REPORTED


def passive(c: Cue) -> Hit | None:
    """"was announced by X" -> X; "is said to" -> a cue without a source."""
    s, i = c.s, c.i
    if c.ing or c.before < 0 or not is_be(s, c.before):
        return None
    for k in range(i + 1, min(i + 4, s.n)):
        if s.lows[k] == "by":
            np = right_np(s, k + 1, RIGHT_STOP)
            if np is not None:
                src = s.span(*np)
                return Hit(src, src, s.spans[i])
            break
    if c.lw in PASSIVE_BARE and s.written(i + 1) in ("to", "that"):
        return Hit(None, None, s.spans[i])
    return NOT_REPORTED


def contracted_pronoun(c: Cue) -> Hit | None:
    """"He’s claiming": the pronoun of the contraction before an -ing cue, whether the
    stream keeps "He’s" whole or cuts "’s" off (then a form of "be" before the cue)."""
    j = c.left
    if not c.ing or j < 0:
        return None
    pronoun = contraction(c.s, j)
    if pronoun is None:
        return None
    return Hit(pronoun, pronoun, c.span)


def elided_after_comma(c: Cue) -> Hit | None:
    """", saying that ...": an -ing cue after a comma takes the name opening the sentence."""
    if not c.ing or c.progressive or c.before < 0 or c.s.words[c.before] != ",":
        return None
    np = initial_np(c.s)
    return c.hit(np, np) if np else NOT_REPORTED


def _verb_subject(s: Sentence, verb: int) -> Range | None:
    """The subject of the verb at token ``verb`` when it names someone who speaks or a
    document ("Ham" of "Ham went"), else None."""
    k = skip_time(s, skip_adverbs(s, verb - 1))
    if k >= 0 and is_be(s, k) and s.lows[verb].endswith("ing"):
        k = skip_adverbs(s, k - 1)  # "is refusing to say"
    np = left_np(s, k) if k >= 0 and s.is_word(k) else None
    phrase = s.text[s.spans[np[0]][0] : s.spans[np[1]][1]] if np is not None else ""
    return np if np is not None and (speaker(phrase) or referent_kind(phrase) == "thing") else None


def _governing_verb(s: Sentence, k: int) -> int:
    """The finite verb that token k (a "to", or the first word of an object) depends on,
    read back over infinitives ("declined to quantify X"), or -1."""
    tags = penn(s.text)
    m = skip_adverbs(s, k - 1) if s.lows[k] != "to" else k
    for _ in range(_MAX_CHAIN):
        if m < 1 or not s.is_word(m) or s.piece(m):
            return -1
        if s.lows[m] == "to" or tags[m] == "VB":
            m = skip_adverbs(s, m - 1)
            if s.low(m) in PARTICLES:  # "went on to say"
                m -= 1
            continue
        return m if finite_verb(s, m) else -1
    return -1


def complement(c: Cue) -> Hit | None:
    """"X went on to explain", "X avoids condemning": a cue that is the infinitive or the
    -ing complement of another verb takes the subject of that verb, when the tagger reads
    a finite verb there and its subject names someone who speaks or a document ("hard to
    say", "asked him to say" and "a tweet saying" are left to the other frames)."""
    s, j = c.s, c.before
    if j < 1 or c.progressive:
        return None
    if s.lows[j] != "to" and not (c.ing and penn(s.text)[c.i] == "VBG"):
        return None  # "contributed reporting": a noun
    verb = _governing_verb(s, j) if s.lows[j] == "to" else j
    if verb < 1 or not finite_verb(s, verb):
        return None
    np = _verb_subject(s, verb)
    return c.hit(np, np) if np is not None else None


def ing_subject(c: Cue) -> Hit | None:
    """"with reports detailing ...": the noun phrase right before any other -ing cue; when
    that phrase is the object of a verb and names no one ("He declined to quantify these
    goals saying", "The campaign released an ad showing"), the subject of that verb."""
    if not c.ing or c.progressive:
        return None
    np = left_np(c.s, c.before) if c.before >= 0 else None
    if np is None:
        return NOT_REPORTED
    if not speaker(c.s.text[c.s.spans[np[0]][0] : c.s.spans[np[1]][1]]):
        verb = _governing_verb(c.s, np[0])
        outer = _verb_subject(c.s, verb) if verb > 0 else None
        if outer is not None:
            return c.hit(outer, outer)
    return c.hit(np, np)


def elided_after_conjunction(c: Cue) -> Hit | None:
    """"The minister spoke and added": a cue after "and"/"but" takes the name opening the
    sentence, when that name ends before the conjunction."""
    j = c.before
    if j < 1 or c.s.lows[j] not in ("and", "but"):
        return None
    np = initial_np(c.s)
    return c.hit(np, np) if np is not None and np[1] < j else NOT_REPORTED


def who_clause(c: Cue) -> Hit | None:
    """"X, who said": the noun phrase before the comma."""
    j = c.before
    if j < 0 or c.s.lows[j] != "who" or c.s.words[j - 1 if j else 0] != ",":
        return None
    np = left_np(c.s, j - 2) if j >= 2 else None
    return _reported(c, np, np)


def appositive_subject(c: Cue) -> Hit | None:
    """"X, 56, a professor at Y, stressed": the name before the appositive, which the
    source keeps when ``appositive``; a participle, "which" or prepositional aside (",
    speaking of Y,", ", in a statement,") is left out. None when no name stands there."""
    s, j = c.s, c.before
    if j < 0 or s.words[j] != ",":
        return None
    last = j - 1
    clause = clause_start(s, j)
    if clause is not None:  # "X, speaking of Y, said": the clause is not X's name
        last = clause - 1
        np = appositive(s, clause) or left_np(s, last)
    else:
        np = appositive(s, j)
    if np is None:
        return None
    return _reported(c, np, (np[0], last) if c.appositive else np)


def inverted(c: Cue) -> Hit | None:
    """", said X" after a comma or a quotation: the noun phrase after the cue, when it
    closes the sentence or "in", "who", "adding", ... follow it; with ``appositive``, an
    appositive closing the sentence too (", said X, a professor at Y.")."""
    s, j = c.s, c.before
    if j < 0 or not (s.words[j] == "," or s.words[j] in QUOTES_CLOSE or s.words[j] in "\"'"):
        return None
    # "X, a professor at Y, told Z.": Z is a listener, not a source (appositive_subject)
    inv = right_np(s, c.end + 1, RIGHT_STOP)
    if inv is None or s.lows[inv[0]] == "that" or s.lows[inv[0]] in OBJECT_PRONOUNS:
        return NOT_REPORTED
    after = inv[1] + 1
    closes = after >= s.n or not s.is_word(after)
    pronoun_clause = s.lows[inv[0]] in PRONOUNS and inv[1] > inv[0]
    if pronoun_clause or not (closes or s.lows[after] in INVERSION_END):
        return NOT_REPORTED
    core = s.span(*inv)
    ext = right_appositive(s, after) if c.appositive else None
    return Hit((core[0], s.spans[ext][1]) if ext else core, core, c.span)


def subject(c: Cue) -> Hit | None:
    """"X said": the noun phrase read back from the cue; not the object of a past verb
    ("taped an hourlong show that aired"); the object of a preposition is read back to
    its noun ("A memo on the agency's website states")."""
    s, j = c.s, c.before
    if j < 0:
        return None
    np = relative_subject(s, j) or left_np(s, j)
    before = s.low(np[0] - 1) if np is not None else ""
    if np is not None and s.lows[np[0]] in ARTICLES and before.endswith("ed") and (
        s.words[np[0] - 1].islower()
    ):
        return NOT_REPORTED
    if np is not None and before in PREPOSITIONS and before not in LEFT_STOP and (
        s.words[np[1]].islower() and not is_amount(s, np[0])
    ):
        # ", in a box labeled ..." has no noun before the preposition and no source
        outer = left_np(s, np[0] - 2) if np[0] >= 2 and s.is_word(np[0] - 2) else None
        if outer is None:
            return NOT_REPORTED
        np = (outer[0], np[1])
    return _reported(c, np, np)
