"""The reporting-cue lexicon: the verbs and phrases that make a sentence someone's claim.

Read once from ``qa/data/reporting_verbs.txt`` with :mod:`qa.text.wordlists` (its header
says what each section means), and from ``qa/data/communication_verbs.txt``, the verbs
whose common senses are communication or cognition in WordNet (derived by
``scripts/derive_reporting.py``): those not in the hand-written lexicon are cues only
where the tagger reads a finite verb with a speaker as its subject
(:mod:`qa.analysis.cues`), since many of them have other uses too ("address", "plan"). The closed word classes that the attribution rules need
besides the cues are in :mod:`qa.analysis.wordclasses`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from qa.analysis.wordclasses import PRONOUNS
from qa.text.wordlists import rows, words

logger = logging.getLogger(__name__)

__all__ = ["PRONOUNS", "ReportingLexicon", "lexicon"]

_NAME = "reporting_verbs.txt"
_DERIVED = "communication_verbs.txt"


@dataclass(frozen=True)
class ReportingLexicon:
    """Reporting cues: ``verbs`` maps a written form to its lemma (the first form listed)."""

    verbs: dict[str, str]
    #: Forms that report only when the subject is a document or a poll ("polls show").
    evidence: frozenset[str]
    #: Forms that are also nouns ("claims"): a verb only before "that", "to", a name, ...
    nominal: frozenset[str]
    #: Lemmas with a common non-reporting sense ("added jobs").
    weak: frozenset[str]
    #: Multi-word cues by their first word, the longest first.
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    #: Forms of the WordNet verbs of communication and cognition, to their lemma.
    communication: dict[str, str]
    #: The forms of ``communication`` that are cues of their own where the tagger reads a
    #: verb: not in ``verbs``, and of a word SemCor tags mostly as a verb.
    tagged_cues: frozenset[str]
    #: Every word that can open a cue: the prefilter of a sentence.
    first_words: frozenset[str]


def _entries(section: str) -> list[tuple[str, ...]]:
    """The words of each row of one section: a verb's forms, or a phrase."""
    return [tuple(" ".join(row).split()) for row in rows(_NAME, section)]


@cache
def lexicon() -> ReportingLexicon:
    """The cue lexicon, loaded once."""
    verbs: dict[str, str] = {}
    evidence: set[str] = set()
    for section in ("verbs", "evidence"):
        for forms in _entries(section):
            for form in forms:
                verbs[form] = forms[0]
                if section == "evidence":
                    evidence.add(form)
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _entries("phrases"):
        phrases.setdefault(phrase[0], []).append(phrase)
    ordered = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()}
    derived = {section: [tuple(" ".join(row).split()) for row in rows(_DERIVED, section)]
               for section in ("verbs", "mostly_nouns")}
    communication = {form: forms[0] for rows_ in derived.values() for forms in rows_
                     for form in forms}
    tagged = frozenset(form for forms in derived["verbs"] for form in forms) - verbs.keys()
    logger.debug(
        "attribution lexicon: %d verb forms, %d phrases, %d derived forms",
        len(verbs), len(ordered), len(tagged),
    )
    return ReportingLexicon(
        verbs=verbs,
        evidence=frozenset(evidence),
        nominal=words(_NAME, "nominal"),
        weak=words(_NAME, "weak"),
        phrases=ordered,
        communication=communication,
        tagged_cues=tagged,
        first_words=frozenset(verbs) | frozenset(ordered) | tagged,
    )
