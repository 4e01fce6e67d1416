"""Short answers: the phrase of the answer sentence that answers the question.

``extract(question, doc_text, sentence, previous)`` cuts a :class:`ShortAnswer` out of the
sentence ``doc_text[sentence[0]:sentence[1]]``, all in time linear in the sentence. A
yes/no question gets ``None``; any other question goes through the pipeline below.

1. **Tokens** (:mod:`qa.answer.candidates`): words, numbers such as "$100", "3.5%",
   "24-10", "1990s", possessive "'s" split off, punctuation, each with its offsets and cues
   read from the hand-written lists of ``qa/data/answer_words.txt``: capitalised, number or
   number word, month, weekday, year, time word, title, organisation word, known place,
   function word, and whether the token's stem is one of the question's words
   (:mod:`qa.answer.question` analyses the question).
2. **Rules** (:mod:`qa.answer.rules`): a table of named rules, tried in order; the first
   that finds a span decides, and names itself in ``ShortAnswer.rule``:
   ``reason`` ("why" -> the clause after "because", "due to", "in order to", "so that",
   ...), ``pronoun`` ("who" whose verb follows "He"/"She"/"They" -> the nearest person
   named in the ``previous`` sentences, ``replaces`` = the pronoun's offsets),
   ``who_subject`` ("Who denied ...?" -> the subject of the same verb), ``claim`` ("What
   did X say?" -> the claim, :mod:`qa.answer.claims`), ``appositive`` ("Who is X?" -> "X,
   a professor at ..., said"), ``doing`` ("What are X doing?"), ``verb_object`` ("What has
   X shipped?" -> the noun phrase after the verb), and last ``scorer``:
3. **Candidates and scoring** (:mod:`qa.answer.candidates`): every span of up to
   :data:`~qa.answer.candidates.MAX_LEN` tokens that starts and ends on a content token (or
   a number), does not cross punctuation and adds a word the question does not have
   ("When did Putin visit Pyongyang?" cannot be answered by "Pyongyang"), scored by a
   linear model over sparse, hand-written features (its shape, length, the words just
   before and after it, its distance to the question's words, whether the question's head
   noun follows it, the parts of speech the trained tagger gives its edges and neighbours,
   whether it is a whole noun phrase, ...), each conjoined with the question's expected
   answer type. The
   weights are plain numbers in ``qa/data/span_weights.json``, fitted by
   ``bench/squad_answers.py --train`` on the dev half of SQuAD v1.1 as a conditional logit;
   ``score`` is the winner's softmax probability.
4. **Boundaries** (:mod:`qa.answer.boundaries`): the scorer's winner is tightened to its
   answer type: a place to the name after a locative preposition ("near Donetsk" ->
   "Donetsk"), a date to its calendar run ("on October 3" -> "October 3", "1562 to
   1598"), a noun phrase stops before a trailing "in its ..."/"on Tuesday", an "and" + verb
   + pronoun tail, and (when the question strands a preposition) a "to" + verb infinitive.

When no rule finds a span, ``extract`` returns ``None`` and the caller keeps the whole
sentence (:data:`SENTENCE` names that case). ``previous`` holds the (start, end) of earlier
sentences of the same document, in any order: the nearest sentence is the one with the
largest start. The words of every step are lists in ``qa/data/`` (``answer_*.txt``,
``function_words.txt``), read with :mod:`qa.text.wordlists`.

This module keeps the public names of the whole pipeline: :func:`extract`,
:func:`subject_of_verb`, and, from the modules above, :class:`ShortAnswer`,
:class:`Token`, :func:`tokenize_span`, :func:`featurize`, :func:`weights`,
:class:`ClaimQuestion`, :func:`claim_verb` and :func:`asks_speaker`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from qa.answer.candidates import Token, featurize, tokenize_span, weights
from qa.answer.claims import ClaimQuestion, asks_speaker, claim_verb
from qa.answer.question import QuestionInfo, analyze
from qa.answer.rules import RULES, Context, Rule, ShortAnswer, scored, who_subject

__all__ = ["RULES", "SENTENCE", "ClaimQuestion", "Rule", "ShortAnswer", "Token", "asks_speaker",
           "claim_verb", "extract", "featurize", "subject_of_verb", "tokenize_span", "weights"]

logger = logging.getLogger(__name__)

#: The rule name of an answer that is the whole sentence (no rule found a span).
SENTENCE = "sentence"
_TYPED_COARSE = {"date": "D", "number": "N"}


def extract(question: str | QuestionInfo, doc_text: str, sentence: tuple[int, int],
            previous: Sequence[tuple[int, int]] = (), *,
            only_typed: bool = False) -> ShortAnswer | None:
    """The short answer in ``doc_text[sentence[0]:sentence[1]]``, or ``None``. With
    ``only_typed``, a "when" or "how many" question takes only a date or number phrase
    (for a sentence that holds none of the question's words, the neighbour of one that
    does: "When?" about "During this visit, ...")."""
    try:
        if only_typed:
            return _typed(question, doc_text, sentence)
        return _extract(question, doc_text, sentence, previous)
    except Exception:  # never raise on a request path; log for the developer
        logger.exception("short-answer extraction failed for %r", question)
        return None


def _context(question: str | QuestionInfo, doc_text: str, sentence: tuple[int, int],
             previous: Sequence[tuple[int, int]] = ()) -> Context | None:
    """The rules' :class:`~qa.answer.rules.Context`; None for an empty sentence."""
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    s0, s1 = max(0, int(sentence[0])), min(len(doc_text), int(sentence[1]))
    return Context(info, doc_text, s0, s1, previous) if s1 > s0 else None


def _extract(question: str | QuestionInfo, doc_text: str, sentence: tuple[int, int],
             previous: Sequence[tuple[int, int]]) -> ShortAnswer | None:
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    ctx = None if info.is_yes_no else _context(info, doc_text, sentence, previous)
    if ctx is None:
        return None
    for rule in RULES:
        found = rule.find(ctx)
        if found is not None:
            return replace(found, rule=rule.name)
    return None


def _typed(question: str | QuestionInfo, doc_text: str,
           sentence: tuple[int, int]) -> ShortAnswer | None:
    """The best-scored date (or number) phrase of the sentence, for a question asking one."""
    ctx = _context(question, doc_text, sentence)
    want = None if ctx is None else _TYPED_COARSE.get(ctx.info.answer_type)
    if ctx is None or want is None:
        return None
    found = scored(ctx.info, ctx.tokens, doc_text, want)
    return None if found is None else replace(found, rule="scorer")


def subject_of_verb(question: str | QuestionInfo, doc_text: str,
                    sentence: tuple[int, int]) -> ShortAnswer | None:
    """For "Who <verb> ...?", the subject of that verb in the sentence, if it is there
    (the ``who_subject`` rule, :func:`qa.answer.rules.who_subject`); None otherwise."""
    ctx = _context(question, doc_text, sentence)
    found = None if ctx is None else who_subject(ctx)
    return None if found is None else replace(found, rule="who_subject")
