"""How sure the text is: the hedge level of a sentence, its cues, and whether it is disputed.

``hedge(sentence)`` returns a :class:`Hedge`. The design is a lexicon, not a model: two
plain-text lists in ``qa/data/`` (``hedge_cues.txt``, ``dispute_cues.txt``, provenance in
their headers) are compiled once into a single trie-shaped regex (``qa.text.phrases``) that
finds the longest listed phrase at each position in one left-to-right pass. That keeps it
at a few microseconds per sentence and linear in the input, whatever the input.

Level rules (SPEC "Hedge level", bands of US ICD 203):

- ``none``: stated as fact. Boosters and assertive verbs ("certainly", "confirmed",
  "is known to") are listed with label ``none``: they never hedge on their own.
- ``low``: almost certain / very likely but qualified ("almost certainly", "highly
  likely", "is expected to", "an estimated 300", vague quantities such as "many",
  "often"), or an asserted, contestable claim ("contend", "claim that", "alleged").
- ``medium``: probable ("likely", "probably"), an epistemic verb ("suggest", "believe",
  "appear to", "seem"), the modal "may", or an unnamed source ("it is believed",
  "reports say", "many experts").
- ``high``: an even chance or less ("possible", "unlikely", "could", "might"),
  speculation and rumour, negated certainty ("it is not clear whether", "no evidence",
  "unconfirmed", "cannot confirm") and vague sources ("some say", "some experts").

The strongest cue decides: the level is the highest of the levels of all cues found, so
"The minister confirmed that it is highly likely ..." is ``low`` (the booster adds
nothing, the nested "highly likely" qualifies the claim) and "it is highly likely that it
might ..." is ``high``.

Context that a word list cannot see is handled in two ways. Mostly by longer phrases
labelled ``none`` that contain the cue word and win over it ("as soon as possible",
"hard to believe", "his might", "could not", "appeared in" is simply not listed, only
"appeared to"). And by two rules here (``_vetoed``): capitalised "May" inside a sentence, or "May"
before a number, is the month or a name, not the modal; "some" before a number is a
round number ("some 300 people"), not a vague source.

``basis`` says what the level rests on: the basis listed with the deciding cue (the first
of the strongest: estimated, speculated, claimed or reported), else "stated"; the
annotation of a sentence turns "stated" into "asserted" when a source makes the claim.

A conditional whose consequence is hypothetical ("If the talks failed, prices would rise",
"Unless rates fall, the firm would go bankrupt") is at least ``medium``, basis
"speculated", with the "if" and the "would" as its cues (``_conditional``): the sentence
says what would follow, not that it will. A condition alone is not a hedge ("If it does
not, it must be repaired" states a rule), and neither is an indirect question ("asked if
she would") or a comparison ("as if").

``disputed`` is true when a dispute cue is found ("denied", "rejected the report",
"disputed"), again with ``none`` phrases for the other senses ("denied bail", "disputed
territory"). ``cues`` lists every hedge and dispute cue as written in the sentence, in
order, and ``cue_spans`` their ``[start, end)`` offsets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from qa.text.phrases import PhraseMatch, PhraseMatcher, load_phrases

__all__ = ["BASES", "LEVELS", "Hedge", "HedgeLevel", "hedge", "hedge_lexicon"]

logger = logging.getLogger(__name__)

HedgeLevel = Literal["none", "low", "medium", "high"]
LEVELS: tuple[HedgeLevel, ...] = ("none", "low", "medium", "high")
_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
_DISPUTE = "dispute"
_FILES = ("hedge_cues.txt", "dispute_cues.txt")
#: What a hedge level rests on (SPEC "How sure, in words"); the last two need the sentence's
#: attribution, so :func:`hedge` gives "stated" where no cue decided.
BASES = ("stated", "asserted", "claimed", "estimated", "reported", "speculated")
_CUE_BASES = ("claimed", "estimated", "reported", "speculated")
_LABELS = frozenset(("none", _DISPUTE, *(f"{level}/{basis}" for level in LEVELS[1:]
                                          for basis in _CUE_BASES)))

# Text allowed before a sentence-initial word: space, quotes, brackets, dashes.
_OPENING = re.compile(r"[\s\"'\u2018\u201c(\[\-\u2013\u2014]*")
_DIGIT_NEXT = re.compile(r"\s*\d")


@dataclass(frozen=True)
class Hedge:
    """The SPEC ``hedge`` object plus the cue offsets (``cue_spans``) for explanations."""

    level: HedgeLevel = "none"
    cues: list[str] = field(default_factory=list)
    cue_spans: list[tuple[int, int]] = field(default_factory=list)
    disputed: bool = False
    #: The basis of the cue that decided the level (the first of the strongest), or
    #: "stated" when none did.
    basis: str = "stated"
    #: Which cue set the level: ``(start, end, rule)`` with rule "lexicon" (a listed
    #: phrase) or "conditional" (:func:`_conditional`); None when no cue hedged.
    decided_by: tuple[int, int, str] | None = None
    #: The offsets of the dispute cues that made ``disputed`` true.
    disputed_by: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The JSON ``hedge`` object: ``{"level", "cues", "disputed", "basis"}``."""
        return {"level": self.level, "cues": list(self.cues), "disputed": self.disputed,
                "basis": self.basis}

    def explain(self, sentence: str) -> dict[str, object]:
        """Why the level and the dispute flag are what they are, for ``explain``: every
        cue with its offsets, the one that decided the level (its words, offsets, rule,
        level and basis), and the dispute cues."""
        decided = None
        if self.decided_by is not None:
            start, end, rule = self.decided_by
            decided = {"cue": sentence[start:end], "start": start, "end": end, "rule": rule,
                       "level": self.level, "basis": self.basis}
        return {"cues": list(self.cues), "cue_spans": [list(span) for span in self.cue_spans],
                "decided_by": decided,
                "disputed_by": [{"cue": sentence[a:b], "start": a, "end": b}
                                for a, b in self.disputed_by]}


def hedge_lexicon() -> PhraseMatcher:
    """The compiled hedge and dispute lexicon (built on first use, then shared)."""
    return load_phrases(_FILES, _LABELS)


def hedge(sentence: str) -> Hedge:
    """The hedge level, cues and dispute flag of one sentence (never raises on a string)."""
    if not isinstance(sentence, str) or not sentence:
        return Hedge()
    rank = 0
    basis = "stated"
    disputed = False
    decided: tuple[int, int, str] | None = None
    disputes: list[tuple[int, int]] = []
    cues: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in hedge_lexicon().finditer(sentence):
        if match.label == "none" or _vetoed(sentence, match):
            continue
        if match.label == _DISPUTE:
            disputed = True
            disputes.append((match.start, match.end))
        else:
            level, kind = match.label.split("/")
            if _RANK[level] > rank:
                rank, basis = _RANK[level], kind
                decided = (match.start, match.end, "lexicon")
        cues.append(match.text)
        spans.append((match.start, match.end))
    conditional = _conditional(sentence)
    if conditional:
        if rank < _RANK["medium"]:
            rank, basis = _RANK["medium"], "speculated"
            decided = (*conditional[0], "conditional")
        for start, end in conditional:
            at = next((n for n, (s, _) in enumerate(spans) if s > start), len(spans))
            cues.insert(at, sentence[start:end])
            spans.insert(at, (start, end))
    return Hedge(level=LEVELS[rank], cues=cues, cue_spans=spans, disputed=disputed,
                 basis=basis, decided_by=decided, disputed_by=tuple(disputes))


# A clause opened by "if" or "unless" and "would" (or "'d") in the same sentence: the
# second and third conditionals. Not a comparison ("as if") nor an indirect question: "if"
# up to two words after a verb of asking, knowing or finding out ("asked him if").
_CONDITION = re.compile(r"(?<![\w'])(?<!\bas )(?:if|unless)(?![\w'])", re.IGNORECASE)
_INDIRECT = re.compile(
    r"\b(?:ask|asks|asked|asking|wonder|wonders|wondered|wondering|see|saw|seeing|know|"
    r"knows|knew|check|checks|checked|checking|decide|decides|decided|deciding|determine|"
    r"determined|tell|tells|told|unsure|sure|clear|doubt|doubted)(?:\W+\w+){0,2}\W+$",
    re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"(?<![\w'])(?:would|wouldn['\u2019]t)(?![\w'])|(?<=\w)['\u2019]d\b",
                           re.IGNORECASE)


def _conditional(sentence: str) -> list[tuple[int, int]]:
    """The spans of "if"/"unless" and of "would" when the sentence is a hypothetical
    conditional, in order; else []."""
    lowered = sentence.lower()
    if "if" not in lowered and "unless" not in lowered:
        return []  # most sentences: no regex run at all
    hypothetical = _HYPOTHETICAL.search(sentence)
    if hypothetical is None:
        return []
    for condition in _CONDITION.finditer(sentence):
        if _INDIRECT.search(sentence, max(0, condition.start() - 40), condition.start()) is None:
            return sorted([condition.span(), hypothetical.span()])
    return []


def _vetoed(sentence: str, match: PhraseMatch) -> bool:
    """True where the sentence shows a cue word in a sense a phrase list cannot rule out."""
    if match.key == "some":
        return _DIGIT_NEXT.match(sentence, match.end) is not None  # "some 300": a round number
    if not match.key.startswith("may"):
        return False
    if _DIGIT_NEXT.match(sentence, match.start + 3):
        return True  # "May 5", "May 2010": the month
    if match.text[:3] != "May":
        return False  # "may" is the modal; "MAY" in a shouted headline too
    # Capitalised inside a sentence: the month or the name ("in May", "Theresa May").
    return _OPENING.fullmatch(sentence, 0, match.start) is None
