"""Whether the best passage really answers: evidence for an honest "I don't know".

BM25 always ranks *something* first; a raw score threshold does not say whether it answers
(scores grow with question length and shrink with common words). Instead the decision
looks at what a reader would check:

- **coverage**: the share of the question's content, weighted by idf (rare words matter
  more), that the passage's sentence, its paragraph or its document's title contains. A
  question about "the capital of France" answered from an article that never mentions
  France has low coverage however well "capital" matches.
- **sentence coverage**: the same share counted in the sentence alone; an answer sentence
  nearly always contains some of the question's rarest words itself.

``Evidence.verdict()`` returns ``None`` when the passage may be given as an answer, or the
machine-readable reason (``"low_confidence"``) when it may not. The thresholds were chosen
on the dev half of SQuAD v1.1 with the question's own article removed from the pool (every
answer given there is wrong) against the full pool (see ``bench/no_answer.py``): at 0.5
coverage 92% of answerable questions are answered and 80% of unanswerable ones refused;
0.6 refuses 92% but answers only 83%. Asking the sentence itself for 0.35 of the question
(rather than 0.25) refuses 2.4 points more unanswerable questions for 0.2 points fewer
right sentences; above 0.45 it starts turning away good answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from qa.text import lexical, wordlists
from qa.text.tokens import stem

__all__ = ["MIN_COVERAGE", "MIN_SENTENCE_COVERAGE", "RELATED_CREDIT", "Evidence", "weigh"]

#: Least idf-weighted share of the question's terms found in sentence, paragraph or title.
MIN_COVERAGE = 0.5
#: Least idf-weighted share of the question's terms found in the sentence itself.
MIN_SENTENCE_COVERAGE = 0.35
#: Share of a question word's weight that a word WordNet relates to it accounts for, times
#: the relation's weight (0: only the question's own words count).
RELATED_CREDIT = 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """How much of the question a passage accounts for (shares of idf mass, 0..1)."""

    coverage: float
    sentence_coverage: float
    missing: tuple[str, ...]
    #: The rarest missing word's share of the question's idf mass (0 when none is missing).
    missing_rarest: float = 0.0
    #: How many distinct terms the question has.
    terms: int = 0
    #: The share the document's title alone accounts for (0 when no title was given).
    title_coverage: float = 0.0

    def verdict(self) -> str | None:
        """``None`` if the passage may answer, else why not."""
        if self.coverage < MIN_COVERAGE or self.sentence_coverage < MIN_SENTENCE_COVERAGE:
            return "low_confidence"
        return None

    def to_dict(self) -> dict[str, object]:
        return {
            "coverage": round(self.coverage, 3),
            "sentence_coverage": round(self.sentence_coverage, 3),
            "missing": list(self.missing),
        }


def weigh(
    question_terms: list[str],
    sentence_terms: AbstractSet[str],
    context_terms: AbstractSet[str],
    idf: Mapping[str, float],
    unknown_idf: float,
    related: float = 0.0,
    title_terms: AbstractSet[str] = frozenset(),
) -> Evidence:
    """The evidence a passage gives for a question (all term lists from one tokenizer).

    A question term the collection never saw gets ``unknown_idf`` (the idf of a term in
    no document, above every idf seen): a word no document contains is the strongest sign
    the documents cannot answer. With ``related`` above 0, a question word the passage
    does not use counts for ``related`` times the weight of the closest word WordNet
    relates to it that the passage does use ("shipped" for "sent"; :mod:`qa.text.lexical`).
    ``title_terms`` (the document title's) give :attr:`Evidence.title_coverage`.
    """
    terms = list(dict.fromkeys(question_terms))
    if not terms:
        return Evidence(0.0, 0.0, ())
    weights = {t: max(idf.get(t, unknown_idf), 1e-6) for t in terms}
    total = sum(weights.values())
    here = {t: _credit(t, sentence_terms, related) for t in terms}
    around = {t: here[t] if here[t] >= 1.0 else max(here[t], _credit(t, context_terms, related))
              for t in terms}
    missing = tuple(t for t in terms if around[t] == 0.0)
    rarest = max((weights[t] for t in missing), default=0.0) / total
    titled = (sum(weights[t] * _credit(t, title_terms, related) for t in terms) / total
              if title_terms else 0.0)
    return Evidence(sum(weights[t] * around[t] for t in terms) / total,
                    sum(weights[t] * here[t] for t in terms) / total, missing, rarest,
                    len(terms), titled)


def _credit(term: str, terms: AbstractSet[str], related: float) -> float:
    """How much of ``term`` the passage's ``terms`` account for: 1 when it, or another
    form of the same word, is there; a share for a related word; else 0."""
    if _found(term, terms):
        return 1.0
    if not related:
        return 0.0
    for other, weight in _related(term):  # strongest first: the first one there is the best
        if other in terms:
            return related * weight
    return 0.0


@lru_cache(maxsize=16384)
def _related(term: str) -> tuple[tuple[str, float], ...]:
    """The stems WordNet relates to ``term`` with their weights, strongest first (the
    order :func:`qa.text.lexical.related_stems` gives them)."""
    return tuple((other, weight) for other, (_relation, weight)
                 in lexical.related_stems(term).items())


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    """Stem of each irregular verb form -> stem of its base form ("rose" -> "rise")."""
    family: dict[str, str] = {}
    for row in wordlists.rows("irregular_verbs.txt"):
        forms = row[0].split()
        base = stem(forms[0])
        for form in forms:
            family.setdefault(stem(form), base)
    return family


@lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, frozenset[str]]:
    """Stem of each irregular verb form -> the stems of every form of its verb."""
    family = _irregular()
    forms: dict[str, set[str]] = {}
    for form, base in family.items():
        forms.setdefault(base, set()).add(form)
    return {form: frozenset(forms[base]) for form, base in family.items()}


def _found(term: str, terms: AbstractSet[str]) -> bool:
    """Whether ``term`` or a form of the same word is in ``terms``: an irregular verb's
    other forms ("rise"/"rose"/"risen", from ``qa/data/irregular_verbs.txt``), or the
    partner of a Latin verb in -de and its noun in -sion, whose stems differ in one letter
    ("invad"/"invas", "decid"/"decis", "conclud"/"conclus"); the stemmer joins neither."""
    if term in terms:
        return True
    forms = _irregular_forms().get(term)
    if forms is not None and not forms.isdisjoint(terms):  # "rise" asked, "rose" written
        return True
    if len(term) < 5 or term[-2] not in "aeiou":
        return False
    if term[-1] == "d":
        return term[:-1] + "s" in terms
    return term[-1] == "s" and term[:-1] + "d" in terms
