"""Claim questions: questions about what someone says, believes or fears, and the claim
itself in the answer sentence.

* :func:`claim_verb` reads "What do experts speculate?", "What did the minister say about
  the strike?", "What are analysts concerned about?" into a :class:`ClaimQuestion` (the
  reporting verb asked and who makes the claim).
* :func:`asks_speaker` reads "Who says ...?", "Who reported that ...?": the question asks
  who made a claim.
* :func:`reported_content` finds the claim in the sentence: the content clause after the
  same reporting verb ("X contend that North Korea has shipped ..."), the quotation before
  a frame ("“...,” he said"), the quotation after a colon, or a "to" infinitive ("vowed to
  rebuild ...").

Reporting verbs are those of the attribution lexicon (``qa/data/reporting_verbs.txt``,
through :mod:`qa.analysis.reporting`); the other words are those of
``qa/data/answer_claims.txt`` and ``qa/data/function_words.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qa.analysis.reporting import lexicon as attribution_lexicon
from qa.answer.candidates import Token
from qa.answer.lists import function_words
from qa.answer.question import QuestionInfo, analyze
from qa.text.tokens import stem, tokenize
from qa.text.wordlists import words

__all__ = ["QUOTE_TOKENS", "WHAT_AUX_VERB", "WHO_VERB", "ClaimQuestion", "asks_speaker",
           "claim_verb", "reported_content"]

_LIST = "answer_claims.txt"
#: "What did/has/will X <verb> ...?"; group 1 is what follows the auxiliary.
WHAT_AUX_VERB = re.compile(
    r"^\s*what\s+(?:did|does|do|has|have|had|will|would|could|can|might|may|should)\s+"
    r"(.+?)\s*\??\s*$", re.IGNORECASE)
#: "Who (has) (also) <verb> ...?"; group 1 is the verb.
WHO_VERB = re.compile(
    r"^\W*who\s+(?:(?:has|have|had|will|would|could|can|may|might|should|must)\s+)?"
    r"(?:(?:also|first|now|then|just|recently|reportedly|later|further)\s+)?"
    r"(?:(?:is|are|was|were)\s+(?=[a-z]+ing\b))?([a-z]+)\b",
    re.IGNORECASE,
)
_CONCERNED = re.compile(
    r"^\s*what\s+(?:is|are|was|were)\s+\S.*?\s+(concerned|worried|afraid|fearful)\s+"
    r"(?:about|of)\b", re.IGNORECASE)
#: Quotation marks as the span tokenizer writes them.
QUOTE_TOKENS = frozenset({'"', "“", "”", "'", "‘", "’", "''"})
#: Reporting verbs whose subject is the one who makes a claim (not "wrote", "thought").
_SPEECH = words(_LIST, "speech_verbs")
#: Question verbs that ask for whatever the speaker reports, by any reporting verb.
_GENERIC_SAY = words(_LIST, "generic_say")
_ABOUT = words(_LIST, "about")
_NOT_SUBJECT_END = words(_LIST, "not_subject_end")
_OBJECT_OPENERS = function_words("articles", "possessives")
#: Reporting verbs whose claim can be a "to" infinitive ("vowed to plough ...").
_TO_VERBS = words(_LIST, "to_verbs")
#: A reported clause without "that" opens with its subject ("insist they will"); not "you",
#: more often the verb's object ("I tell you what ...").
_CLAUSE_SUBJECTS = (function_words("pronouns") - {"you"}) | words(_LIST, "expletive_subjects")
_CONTRAST = words(_LIST, "contrast")


@dataclass(frozen=True, slots=True)
class ClaimQuestion:
    """What a question about someone's claim asks: the reporting verb (lemma and stem) and
    the words naming who makes the claim ("What did the minister say?" -> "minister")."""

    lemma: str
    stem: str
    subject: tuple[str, ...]

    @property
    def generic(self) -> bool:
        """Whether the verb asks for any report ("say", "tell"), not one kind of it."""
        return self.lemma in _GENERIC_SAY


def claim_verb(question: str | QuestionInfo) -> ClaimQuestion | None:
    """For a question asking what someone says, believes or fears ("What do experts
    speculate?", "What did the minister say about the strike?", "What are analysts
    concerned about?"), what it asks; None for other questions."""
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    if info.answer_type != "noun_phrase" or info.head is not None:
        return None
    m = _CONCERNED.match(info.text)
    if m is not None:
        word = m.group(1).lower()
        head = re.findall(r"[^\W_]+", info.text[: m.start(1)].lower())[2:]
        return ClaimQuestion(word, stem(word), _subject_words(head))
    m = WHAT_AUX_VERB.match(info.text)
    if m is None:
        return None
    words = re.findall(r"[^\W_]+", m.group(1).lower())
    verbs = attribution_lexicon().verbs
    for v in range(len(words) - 1, 0, -1):
        if words[v] in verbs and (v == len(words) - 1 or words[v + 1] in _ABOUT):
            subject = words[:v]
            # "What has caused X to be questioned?": no subject before the verb
            if subject[-1] in _NOT_SUBJECT_END or subject[0] in verbs:
                return None
            return ClaimQuestion(verbs[words[v]], stem(words[v]), _subject_words(subject))
    return None


def _subject_words(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(tokenize(" ".join(words)))


def asks_speaker(question: str | QuestionInfo) -> str | None:
    """For a "who" question asking who made a claim ("Who says ...?", "Who reported that
    ...?"): the stem of its reporting verb (of the attribution lexicon); else None."""
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    m = WHO_VERB.match(info.text) if info.wh == "who" else None
    if m is None or attribution_lexicon().verbs.get(m.group(1).lower()) not in _SPEECH:
        return None
    return stem(m.group(1).lower())


def _ends_phrase(tokens: Sequence[Token], k: int,
                 phrases: Mapping[str, Sequence[tuple[str, ...]]]) -> bool:
    """Whether token k ends a reporting phrase of the attribution lexicon ("expressed
    concerns", "pointed out")."""
    for phrase in phrases.get(tokens[max(k - 1, 0)].low, ()) if k else ():
        if len(phrase) == 2 and tokens[k].low == phrase[1]:
            return True
    return False


def _frames(asked: ClaimQuestion, tokens: Sequence[Token], k: int, lemma: str | None,
            phrases: Mapping[str, Sequence[tuple[str, ...]]]) -> bool:
    """Whether token k (a reporting verb of lemma ``lemma``, or None) frames the claim
    asked: the verb asked, by lemma or by stem, or for a generic "say" any reporting verb
    or phrase. "What did the minister say?" is answered by what the minister confirmed,
    or by the concerns analysts "expressed" (a reporting phrase ends at its last word)."""
    reports = lemma is not None or _ends_phrase(tokens, k, phrases)
    any_report = asked.generic and reports and not tokens[k].cap
    return any_report or lemma == asked.lemma or tokens[k].stem == asked.stem


def reported_content(info: QuestionInfo, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """"What do X contend / say / believe?": the claim itself, the content clause after the
    same reporting verb in the sentence ("X contend that North Korea has shipped ..." ->
    "North Korea has shipped ..."), up to a contrasting clause or the end of the sentence.
    Reporting verbs are those of the attribution lexicon (``reporting_verbs.txt``), matched
    by lemma or by stem ("concerned about" -> "expressed concerns that")."""
    asked = claim_verb(info)
    if asked is None:
        return None
    lex = attribution_lexicon()
    in_quotes = _inside_quotes(tokens)
    for k in range(len(tokens) - 1):
        if in_quotes[k]:
            continue  # the quoted speaker's own words, not the frame
        lemma = lex.verbs.get(tokens[k].low)
        if not _frames(asked, tokens, k, lemma, lex.phrases):
            continue
        quoted = _quote_before(tokens, k)
        if quoted is not None:  # "“This year's accounts will tell the full story,” he said."
            return quoted
        a = _claim_start(tokens, k, lemma)
        if a is not None:
            return _claim_span(tokens, a)
    return None


def _claim_start(tokens: Sequence[Token], k: int, lemma: str | None) -> int | None:
    """Where the claim framed by the reporting verb at k starts: after "that", after a
    colon (and its opening quote), at a pronoun or determiner, or at the verb of "to"."""
    n = len(tokens)
    # "confirmed on Tuesday that ...", "emphasized the increased likelihood of ..."
    that = next((m for m in range(k + 1, min(k + 5, n)) if tokens[m].low == "that"), -1)
    colon = next((m for m in range(k + 1, min(k + 7, n)) if tokens[m].low == ":"), -1)
    if that > 0 and not any(t.punct for t in tokens[k + 1 : that]):
        return that + 1
    if colon > 0 and not any(t.punct and t.low != "," for t in tokens[k + 1 : colon]):
        a = colon + 1  # "said in a statement: “One-off costs will be ...”"
        while a < n and tokens[a].text in QUOTE_TOKENS:
            a += 1
        return a
    if tokens[k + 1].low in _OBJECT_OPENERS or tokens[k + 1].low in _CLAUSE_SUBJECTS:
        return k + 1  # "insist they will still have the final say ..."
    if tokens[k + 1].low == "to" and lemma in _TO_VERBS:
        return k + 2  # "vowed to plough 10 million pounds back into Express"
    return None


def _claim_span(tokens: Sequence[Token], a: int) -> tuple[int, int] | None:
    """The claim starting at ``a``: up to the end of the sentence or a contrasting clause,
    closing quotes dropped."""
    n, b = len(tokens), a
    while b < n and not (tokens[b].punct and tokens[b].low in ".;!?") and not (
            tokens[b].low == "," and b + 1 < n and tokens[b + 1].low in _CONTRAST):
        b += 1
    while b > a and tokens[b - 1].text in QUOTE_TOKENS:
        b -= 1
    return (a, b) if b > a else None


def _inside_quotes(tokens: Sequence[Token]) -> list[bool]:
    """For each token, whether it lies between quotation marks."""
    flags, inside = [], False
    for t in tokens:
        if t.text in ("“", "«"):
            inside = True
        elif t.text in ("”", "»"):
            inside = False
        elif t.text in ('"', "''"):
            inside = not inside
        flags.append(inside)
    return flags


def _quote_before(tokens: Sequence[Token], k: int) -> tuple[int, int] | None:
    """For a frame after a quotation ("“...,” he said" at k): the quotation's words."""
    close = next((m for m in range(k - 1, max(k - 7, 0) - 1, -1)
                  if tokens[m].text in ("”", '"', "''")), -1)
    if close <= 0 or any(t.punct and t.low not in ",." for t in tokens[close + 1 : k]
                         if t.text not in QUOTE_TOKENS):
        return None
    if tokens[0].text not in ("“", '"', "''"):
        return None
    b = close
    while b > 1 and tokens[b - 1].low in (",", "."):
        b -= 1
    return (1, b) if b > 1 else None
