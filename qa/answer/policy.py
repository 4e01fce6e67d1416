"""The answer policy: which passage answers, with which phrase, or why none does.

:func:`answer` reads a question against the passages retrieval found, through a small
:class:`Reader` interface the engine implements, by trying the steps of :data:`STEPS` in
order; the first step that decides returns the result, and ``explain`` names it:

``no_passage``
    retrieval found nothing that shares a content word: ``no_match``.
``fitting_passage``
    the best passage whose words account for the question (:mod:`qa.answer.confidence`);
    a typed question ("when", "what year", "how many", "what did X say") looks through
    the first :data:`TYPED_POOL` for the first that also holds the kind of phrase asked for.
``pointing_back``
    a typed question whose supported passage points back ("During this visit, ...") takes
    its date or number from the sentence before it, in the same paragraph.
``supported_passage``
    a typed question with no fitting passage takes the first supported one, unless that
    would answer "What year?" without a year, "How many?" from a sentence without a
    number, or "What did X say?" when no passage has X as its source.
``refused``
    nothing above decided: ``low_confidence``, with the passages still listed.

A decided answer to "Who says ...?" is then replaced by the sentence's source when the
question's own verb has no subject there ("Recent reports suggest ..." -> "Recent
reports"). Follow-ups are read by :func:`follow_up` with the same building blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from qa.analysis.reporting import PRONOUNS
from qa.answer import likelihood, ranking
from qa.answer.confidence import RELATED_CREDIT, Evidence
from qa.answer.followup import FollowUp
from qa.answer.question import QuestionInfo, analyze
from qa.answer.results import Answer, AskResult, Passage
from qa.answer.span import ClaimQuestion, asks_speaker, claim_verb, subject_of_verb
from qa.text.tokens import tokenize

__all__ = ["STEPS", "TYPED_POOL", "Attempt", "Reader", "answer", "follow_up", "source_answer"]

#: Passages looked through for one that holds the kind of phrase a "when", "how many" or
#: "what did X say" question asks for, when the best one does not.
TYPED_POOL = 5
_TYPED_ANSWERS = {"date": ("date",), "number": ("number",)}
#: A sentence that opens by pointing back at the one before ("During this visit, ...").
_ANAPHOR = re.compile(
    r"^\W*(?:(?:during|after|before|at|in|since|on|by)\s+)?(?:this|that|these|those)\s+\w+",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b\d{4}s?\b")
_NAMED = re.compile(r"\b[A-Z][\w'’-]*")
_LEADING_PRONOUN = re.compile(r"\W*(he|she|they|it|we)\b", re.IGNORECASE)


class Reader(Protocol):
    """What the policy needs from the engine."""

    def retrieve(self, question: str, top_k: int, explain: bool = False) -> list[Passage]: ...

    def evidence(self, question: str, passage: Passage,
                 frame: frozenset[str] = frozenset(), related: float | None = None
                 ) -> Evidence: ...

    def short_answer(self, question: str | QuestionInfo, passage: Passage,
                     only_typed: bool = False) -> Answer: ...

    def before_in_paragraph(self, passage: Passage) -> list[Passage]: ...


@dataclass(slots=True)
class Attempt:
    """One question on its way through :data:`STEPS`."""

    question: str
    top_k: int
    explain: bool
    info: QuestionInfo
    claim: ClaimQuestion | None
    pool: list[Passage] = field(default_factory=list)
    #: The first passage (its position in ``pool``) whose words account for the question,
    #: and its short answer.
    supported: tuple[int, Answer] | None = None
    #: The passage chosen by the step that decided, when it answers from ``pool``.
    chosen: tuple[int, Answer] | None = None
    #: The ranker's probability that ``pool[k]`` is the answer sentence, aligned with
    #: ``pool`` (empty without a shipped ranker).
    ranked: list[float] = field(default_factory=list)
    #: The evidence of each passage weighed so far, counting related words and only exact
    #: ones, by (document id, sentence number): the ranker and the steps read it once.
    weighed: dict[tuple[str, int], tuple[Evidence, Evidence]] = field(default_factory=dict)

    def evidence(self, reader: Reader, passage: Passage) -> tuple[Evidence, Evidence]:
        """``passage``'s evidence counting related words, and counting only exact ones."""
        key = (passage.document.id, passage.index)
        if key not in self.weighed:
            self.weighed[key] = (
                reader.evidence(self.question, passage, self.frame, RELATED_CREDIT),
                reader.evidence(self.question, passage, self.frame, 0.0))
        return self.weighed[key]

    @property
    def typed(self) -> bool:
        return self.info.answer_type in _TYPED_ANSWERS or self.claim is not None

    @property
    def frame(self) -> frozenset[str]:
        """Question terms that only frame it: "say" in "What did experts say?" asks for
        any report, in any words. (Leaving "many" out of "How many ...?" the same way
        refused 0.6 points fewer SQuAD questions whose article was removed, so it counts.)"""
        if self.claim is not None and self.claim.generic:
            return frozenset({self.claim.stem})
        return frozenset()


Step = Callable[[Reader, Attempt], AskResult | None]


def _no_passage(reader: Reader, attempt: Attempt) -> AskResult | None:
    if attempt.pool:
        return None
    return AskResult(attempt.question, None, "no_match", [])


@dataclass(frozen=True, slots=True)
class Judged:
    """One candidate answer weighed: the phrase cut from ``pool[k]`` (None when the
    evidence check turned the passage away first), whether it is the kind asked for, its
    features and its probability of being right (None without a shipped model), and
    whether it may be given."""

    k: int
    found: Answer | None
    evidence: Evidence
    fits: bool
    features: dict[str, float]
    probability: float | None
    passes: bool


def judge(reader: Reader, attempt: Attempt, k: int, *, every: bool = False) -> Judged:
    """Weigh the answer ``pool[k]`` gives. It may be given when the evidence check passes
    (:meth:`Evidence.verdict`), the shipped ranker (:mod:`qa.answer.ranking`) gives the
    best candidate at least its threshold, and, with a shipped model
    (:mod:`qa.answer.likelihood`), the answer's probability reaches that model's
    threshold. A passage turned away is not read further (no phrase, no features) unless
    ``every`` asks for them, as training does."""
    passage = attempt.pool[k]
    evidence, exact = attempt.evidence(reader, passage)
    # the ranker's threshold is on the best candidate and says whether the question is
    # answered at all; the evidence says whether this candidate's words support it
    ranker = ranking.model()
    supported = evidence.verdict() is None and (
        not attempt.ranked or ranker is None or attempt.ranked[0] >= ranker.threshold)
    if not supported and not every:
        return Judged(k, None, evidence, False, {}, None, False)
    found = reader.short_answer(attempt.info, passage)
    fit = fits(attempt.info, attempt.claim, found)
    if not fit and attempt.claim is None and attempt.info.answer_type in _TYPED_ANSWERS:
        # the sentence may hold a date or number the scorer did not prefer
        typed = reader.short_answer(attempt.info, passage, only_typed=True)
        if typed.span is not None and fits(attempt.info, None, typed):
            found, fit = typed, True
    x = likelihood.features(attempt.info, evidence, exact, found, attempt.pool, k, fit,
                            attempt.typed)
    trained = likelihood.model()
    if trained is None:
        return Judged(k, found, evidence, fit, x, None, supported)
    p = trained.probability(x)
    found = replace(found, confidence=p)
    return Judged(k, found, evidence, fit, x, p, supported and p >= trained.threshold)


def _fitting_passage(reader: Reader, attempt: Attempt) -> AskResult | None:
    # Looking further for every question (not only typed ones) answered 1.1 points more
    # of SQuAD dev but refused 2.5 points fewer questions whose article was removed.
    for k in range(min(len(attempt.pool), TYPED_POOL if attempt.typed else 1)):
        judged = judge(reader, attempt, k)
        found = judged.found
        if attempt.explain and k == 0:
            noted = attempt.pool[0].noted(evidence=judged.evidence.to_dict())
            attempt.pool[0] = noted
            if found is not None:
                found = replace(found, sentence=noted)
        if not judged.passes or found is None:
            continue
        attempt.supported = attempt.supported or (k, found)
        if not attempt.typed or judged.fits:
            attempt.chosen = (k, found)
            return _answered(attempt)
    return None


def _pointing_back(reader: Reader, attempt: Attempt) -> AskResult | None:
    if attempt.supported is None or attempt.claim is not None:
        return None
    passage = attempt.pool[attempt.supported[0]]
    found = from_sentence_before(reader, attempt.info, passage)
    if found is None:
        return None
    return AskResult(attempt.question, found, None, [found.sentence, *attempt.pool][: attempt.top_k])


def _supported_passage(reader: Reader, attempt: Attempt) -> AskResult | None:
    if attempt.supported is None:
        return None
    info, claim = attempt.info, attempt.claim
    # "What did Kim say?" where no passage has Kim as its source
    unsaid = claim is not None and _unsaid(info, claim, attempt.pool[:TYPED_POOL])
    # "How many ...?" of a sentence that holds no number at all. (The same for "when" and
    # a sentence with no date refused 1.5 points of answerable SQuAD questions for 0.6 of
    # unanswerable ones: dates are often written as events, "during the war".)
    countless = info.answer_type == "number" and reader.short_answer(
        info, attempt.pool[attempt.supported[0]], only_typed=True).span is None
    if info.head in ("year", "years") or unsaid or countless:
        return None
    attempt.chosen = attempt.supported
    return _answered(attempt)


def _refused(reader: Reader, attempt: Attempt) -> AskResult | None:
    return AskResult(attempt.question, None, "low_confidence", attempt.pool[: attempt.top_k])


#: The steps of the policy, tried in this order; the first that returns a result decides.
STEPS: tuple[tuple[str, Step], ...] = (
    ("no_passage", _no_passage),
    ("fitting_passage", _fitting_passage),
    ("pointing_back", _pointing_back),
    ("supported_passage", _supported_passage),
    ("refused", _refused),
)


def rank_features(reader: Reader, attempt: Attempt) -> list[dict[str, float]]:
    """The ranker's features (:mod:`qa.answer.ranking`) of every passage of ``attempt.pool``."""
    out = []
    for k, passage in enumerate(attempt.pool):
        evidence, exact = attempt.evidence(reader, passage)
        out.append(ranking.features(attempt.info, evidence, exact, attempt.pool, k))
    return out


def rerank(reader: Reader, attempt: Attempt) -> None:
    """Put ``attempt.pool`` in the shipped ranker's order, best first, and note each
    passage's probability in ``attempt.ranked`` (nothing changes without a ranker)."""
    ranker = ranking.model()
    if ranker is None or not attempt.pool:
        return
    scored = [(ranker.probability(x), k) for k, x in enumerate(rank_features(reader, attempt))]
    scored.sort(key=lambda pk: (-pk[0], pk[1]))
    attempt.pool = [attempt.pool[k] for _, k in scored]
    attempt.ranked = [p for p, _ in scored]


def answer(reader: Reader, question: str, top_k: int, explain: bool = False) -> AskResult:
    """The answer to ``question`` (already checked) from the passages ``reader`` finds,
    the first :data:`~qa.answer.ranking.POOL` of them put in the ranker's order."""
    info = analyze(question)
    attempt = Attempt(question, top_k, explain, info, claim_verb(info))
    wanted = max(top_k, TYPED_POOL) if attempt.typed else top_k
    if ranking.model() is not None:
        wanted = max(wanted, ranking.POOL)
    attempt.pool = reader.retrieve(question, wanted, explain)
    rerank(reader, attempt)
    for name, step in STEPS:
        result = step(reader, attempt)
        if result is not None:
            return result.decided_by(name) if explain else result
    raise AssertionError("the last step always decides")


def _answered(attempt: Attempt) -> AskResult:
    """The result for ``attempt.chosen``, its passage first; "Who says ...?" of a sentence
    whose verb has no subject there is answered with the sentence's source."""
    assert attempt.chosen is not None
    k, found = attempt.chosen
    best = attempt.pool[k]
    if asks_speaker(attempt.info) and subject_of_verb(
        attempt.info, best.document.text, (best.start, best.end)
    ) is None:
        said_by = source_answer(best, name_only=True)
        # an unresolved pronoun names nobody: no answer to "Who says ...?"
        if said_by is not None and said_by.text.lower() not in PRONOUNS:
            found = said_by
    pool = attempt.pool
    passages = [pool[k], *pool[:k], *pool[k + 1 :]]
    return AskResult(attempt.question, found, None, passages[: attempt.top_k])


def from_sentence_before(reader: Reader, info: QuestionInfo, passage: Passage) -> Answer | None:
    """A date or number for a typed question from the sentence before ``passage`` in its
    paragraph, when ``passage`` points back at it ("During this visit, the leaders signed
    ..." after "... Putin's rare visit to Pyongyang in June.")."""
    if info.answer_type not in _TYPED_ANSWERS or _ANAPHOR.match(passage.text) is None:
        return None
    for where in reader.before_in_paragraph(passage):
        found = reader.short_answer(info, where, only_typed=True)
        if found.span is not None and fits(info, None, found):
            return found
    return None


def follow_up(reader: Reader, question: str, follow: FollowUp, before: Passage) -> AskResult | None:
    """The answer to a follow-up read from the previous sentence ``before`` alone, or None
    when it must be asked afresh (as ``follow.question``)."""
    if follow.kind == "source":
        found = source_answer(before)
        if found is None:
            return AskResult(question, None, "no_attribution", [before])
        return AskResult(question, found, None, [before])
    if follow.kind == "certainty":
        return AskResult(question, Answer(before.text, None, before), None, [before])
    if follow.kind != "ellipsis":
        return None
    # "When?" about a sentence: the phrase of the asked kind in it, else, when it points
    # back, in the sentence before it in its paragraph
    info = analyze(follow.question)
    typed = info.answer_type in _TYPED_ANSWERS
    found = reader.short_answer(info, before)
    if found.span is not None and (not typed or fits(info, None, found)):
        return AskResult(question, found, None, [before], follow.question)
    earlier = from_sentence_before(reader, info, before)
    if earlier is not None:
        return AskResult(question, earlier, None, [earlier.sentence], follow.question)
    return None


def source_answer(passage: Passage, name_only: bool = False) -> Answer | None:
    """Who makes the claim of ``passage`` as an answer (kind ``person``): the source's span
    in the sentence, or, for a resolved pronoun, the name with ``replaces`` and
    ``found_at``; None in the author's own voice. ``name_only`` leaves out an appositive
    ("Lim Eulchul, a professor at ..." -> "Lim Eulchul")."""
    source = passage.source
    if source is None:
        return None
    if name_only:
        source = source.split(", ", 1)[0]
    at = passage.text.find(source)
    if at >= 0:
        return Answer(source, (at, at + len(source)), passage, kind="person")
    # A pronoun source ("He suggested ..."), named earlier in the document.
    pronoun = _LEADING_PRONOUN.match(passage.text)
    named = passage.document.text.rfind(source, 0, passage.start)
    return Answer(
        source, None, passage, kind="person",
        replaces=pronoun.span(1) if pronoun else None,
        found_at=(named, named + len(source)) if named >= 0 else None,
    )


def _unsaid(info: QuestionInfo, claim: ClaimQuestion, passages: Sequence[Passage]) -> bool:
    """Whether a claim question names its speaker ("What did Kim Jong Un say?") and no
    passage has that speaker as its source: the documents do not report them."""
    named = _NAMED.findall(info.text)[1:]
    if not named or not claim.subject:
        return False
    return not any(said_by(claim, p) for p in passages)


def said_by(claim: ClaimQuestion, passage: Passage) -> bool:
    """Whether ``passage``'s source holds every word naming the speaker ``claim`` asks about."""
    return set(claim.subject) <= set(tokenize(passage.source or ""))


def fits(info: QuestionInfo, claim: ClaimQuestion | None, found: Answer) -> bool:
    """Whether ``found`` is the kind of phrase ``info`` asks for: "What year" a year,
    "When" a date, "How many" a number, "What did the minister say?" a claim whose source
    holds every word naming the speaker in the question ("minister")."""
    if claim is not None:
        return found.kind == "claim" and said_by(claim, found.sentence)
    if found.kind not in _TYPED_ANSWERS.get(info.answer_type, ()):
        return False
    return info.head not in ("year", "years") or _YEAR.search(found.text) is not None
