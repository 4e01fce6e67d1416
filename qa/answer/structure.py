"""Short-answer rules read straight off the sentence's structure, for questions whose
answer stands in a fixed place relative to the question's own words:

* :func:`who_subject`: "Who denied ...?" -> the subject of the same verb ("although both
  nations have denied such claims" -> "both nations"), or the agent of a passive
  ("dubbed ... by the press" -> "the press");
* :func:`appositive`: "Who is X?", "What is X's job?" -> X's appositive ("X, a professor
  at ..., said") or the title written before X;
* :func:`doing`: "What are X doing?" -> the verb phrase after "X are";
* :func:`verb_object`: "What has X shipped?" -> the noun phrase after the question's verb.

Each is a rule of :data:`qa.answer.rules.RULES` (a :class:`~qa.answer.context.Context` to a
:class:`~qa.answer.context.ShortAnswer` or None). The words are those of
``qa/data/answer_rules.txt`` and ``qa/data/function_words.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis.attribution import phrase_after, subject_before
from qa.answer.boundaries import DETERMINERS
from qa.answer.candidates import INNER_OK, MAX_LEN, Token
from qa.answer.claims import QUOTE_TOKENS, WHAT_AUX_VERB, WHO_VERB
from qa.answer.context import Context, ShortAnswer
from qa.answer.lists import alternation, function_words
from qa.text.tokens import stem
from qa.text.wordlists import words

__all__ = ["PERSON_PRONOUNS", "appositive", "doing", "verb_object", "who_subject"]

_LIST = "answer_rules.txt"
#: Subject pronouns that stand for a person named earlier.
PERSON_PRONOUNS = function_words("person_pronouns") | {"they"}
_ARTICLES = function_words("articles")
#: Forms of "be" before a passive participle or an "-ing" verb, but "be" and "am": with
#: them "I am told he ... by March" would answer "March".
_BE = function_words("be") - {"be", "am"}


# --- who_subject ----------------------------------------------------------------------------

#: After a verb written differently from the question's ("contend" for "contends"), one
#: of these shows it is a verb with its object, not a noun ("Recent reports suggest").
_VERB_COMPLEMENT = function_words("articles", "demonstratives", "possessives",
                                  "object_pronouns") | {"it"}
#: Question verbs that are auxiliaries, not the verb whose subject is asked.
_NOT_SUBJECT_VERB = function_words("be", "do")
#: A word after one of these is a noun ("the visit", "his visit").
_NOUN_BEFORE = words(_LIST, "noun_markers")


def who_subject(ctx: Context) -> ShortAnswer | None:
    """"Who denied that ...?": the subject of the same verb in the sentence ("although both
    nations have denied such claims" -> "both nations"), read as attribution reads a
    source, or the agent of a passive ("dubbed ... by the press"). Only when the question's
    verb is written the same way in the sentence."""
    m = WHO_VERB.match(ctx.info.text) if ctx.info.wh == "who" else None
    if m is None or m.group(1).lower() in _NOT_SUBJECT_VERB:
        return None
    tokens = ctx.tokens
    k = _question_verb(tokens, m.group(1).lower())
    if k is None:
        return None
    by = _agent_by(tokens, k) if _participle(tokens, k) else None
    if by is not None:  # "dubbed "The Odd Couple" by the British press": the press
        return _agent(ctx, by)
    if k and tokens[k - 1].low == ",":
        return None  # ", dubbed ...": a participle describing what precedes it
    return _subject(ctx, k)


def _question_verb(tokens: Sequence[Token], verb: str) -> int | None:
    """The first token that is the question's verb: written the same way, or with the same
    stem before an object ("contends" asked, "contend" written), never after a determiner
    or a possessive ("Putin's rare visit")."""
    verb_stem = stem(verb)
    for k, x in enumerate(tokens):
        before = [t.low for t in tokens[max(k - 2, 0) : k]]
        possessive = any(b.endswith(("'s", "’s")) for b in before)
        after = tokens[k + 1].low if k + 1 < len(tokens) else ""
        if x.low != verb and (x.stem != verb_stem or x.cap or possessive
                              or after not in _VERB_COMPLEMENT):
            continue
        if before and before[-1] in _NOUN_BEFORE:
            continue
        return k
    return None


def _participle(tokens: Sequence[Token], k: int) -> bool:
    """Whether the verb at k is a passive participle ("was produced", ", dubbed")."""
    prev = tokens[k - 1].low if k else ""
    return prev in _BE or prev == "," or tokens[k].low.endswith(("ed", "en", "wn"))


def _agent_by(tokens: Sequence[Token], k: int) -> int | None:
    """For a passive verb at k ("produced by X", "dubbed "Y" by X"): the index of the "by"
    that introduces its agent, if one follows closely (quotes allowed between)."""
    for m in range(k + 1, min(k + 9, len(tokens))):
        if tokens[m].low == "by":
            return m
        if tokens[m].punct and tokens[m].text not in QUOTE_TOKENS:
            return None
    return None


def _agent(ctx: Context, by: int) -> ShortAnswer | None:
    """The agent phrase after the "by" at token ``by``."""
    s0 = ctx.start
    agent = phrase_after(ctx.doc_text[s0:ctx.end], ctx.tokens[by].end - s0 + 1)
    if agent is None:
        return None
    start, end = s0 + agent[0], s0 + agent[1]
    kind = "person" if ctx.doc_text[start].isupper() else "noun_phrase"
    return ShortAnswer(ctx.doc_text[start:end], start, end, True, None, kind, 0.5)


def _subject(ctx: Context, k: int) -> ShortAnswer | None:
    """The subject of the verb at token k, unless it is a pronoun or ends on a question
    word ("Who appoints the board?" is not "a six-person board")."""
    s0, tokens = ctx.start, ctx.tokens
    span = subject_before(ctx.doc_text[s0:ctx.end], tokens[k].start - s0)
    if span is None:
        return None
    start, end = s0 + span[0], s0 + span[1]
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    content = [t for t in inside if not t.func and not t.punct]
    if not content or content[-1].inq or inside[0].low in PERSON_PRONOUNS:
        return None
    kind = "person" if any(t.cap for t in content) else "noun_phrase"
    return ShortAnswer(ctx.doc_text[start:end], start, end, True, None, kind, 0.5)


# --- appositive -----------------------------------------------------------------------------

_DEFINITION = re.compile(r"^\s*(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+|a\s+|an\s+)?"
                         r"([^?]+?)\s*\??\s*$", re.IGNORECASE)
_ROLE_NOUNS = alternation(_LIST, "role_nouns")
_ROLE = re.compile(
    rf"^\s*what\s+(?:is|was)\s+(?:(?:the\s+)?(?:{_ROLE_NOUNS})"
    rf"\s+of\s+.+|.+?(?:'s|’s)\s+(?:{_ROLE_NOUNS})\b.*)"
    r"|^\s*what\s+(?:does|did)\s+.+?\s+do\s*\??\s*$", re.IGNORECASE)
#: The question's words that ask for the role, not name the one asked about.
_ROLE_STEMS = frozenset(stem(w) for w in words(_LIST, "role_nouns") | {"do"})


def appositive(ctx: Context) -> ShortAnswer | None:
    """"Who is Lim Eulchul?" or "What is Lim Eulchul's job?": the appositive after the name
    asked about ("Lim Eulchul, a professor at Seoul's Institute for Far Eastern Studies,
    said ..." -> "a professor at ..."), else the title written before it ("South Korea's
    Defense Minister Kim Yonghyun" -> "South Korea's Defense Minister")."""
    info = ctx.info
    role = _ROLE.match(info.text) is not None
    if not info.stems or not (role or _DEFINITION.match(info.text)):
        return None
    name = info.stems - _ROLE_STEMS if role else info.stems
    if not name:
        return None
    tokens, n = ctx.tokens, len(ctx.tokens)
    for k in range(n):
        if not tokens[k].inq:
            continue
        e = k
        seen = set()
        while e < n and (tokens[e].inq or (tokens[e].func and e + 1 < n and tokens[e + 1].inq)):
            seen.add(tokens[e].stem)
            e += 1
        if not name <= seen:
            continue
        title = _title_before(tokens, k, e)
        if title is not None:
            return ctx.answer((title, k), "noun_phrase")
        if e + 2 >= n or tokens[e].low != ",":
            continue
        span = _appositive_after(tokens, e + 1)
        return None if span is None else ctx.answer(span, "noun_phrase")
    return None


def _title_before(tokens: Sequence[Token], k: int, e: int) -> int | None:
    """The start of the capitalised title written right before the name ``tokens[k:e]``
    ("South Korea's Defense Minister"), unless an appositive follows the name."""
    a = k
    while a > 0 and tokens[a - 1].cap and not tokens[a - 1].inq:
        a -= 1
    if a == k or not any(t.cls == "title" for t in tokens[a:k]) or tokens[a].low == "the":
        return None
    if e + 2 < len(tokens) and tokens[e].low == "," and _opens_appositive(tokens[e + 1]):
        return None
    return a


def _opens_appositive(t: Token) -> bool:
    return t.low in _ARTICLES or t.cls == "title"


def _appositive_after(tokens: Sequence[Token], a: int) -> tuple[int, int] | None:
    """The appositive starting at ``a`` (after the name's comma), up to the next comma."""
    n = len(tokens)
    if not _opens_appositive(tokens[a]):
        return None
    b = a
    while b < n and not tokens[b].punct or (b < n and tokens[b].low in INNER_OK):
        b += 1
    if b >= n or tokens[b].low != "," or b - a < 2:
        return None
    return a, b


# --- doing ----------------------------------------------------------------------------------

_DOING = re.compile(r"^\s*what\s+(?:is|are|was|were)\s+\S.*?\s+doing\b", re.IGNORECASE)
_DOING_STOPS = words(_LIST, "doing_stops")


def doing(ctx: Context) -> ShortAnswer | None:
    """"What are North Korean soldiers doing in Ukraine?": the verb phrase after the
    subject ("... soldiers are actively fighting alongside Russian troops in Ukraine" ->
    "actively fighting alongside Russian troops"), without the question's own place or
    time words at its end."""
    if _DOING.match(ctx.info.text) is None:
        return None
    tokens, n = ctx.tokens, len(ctx.tokens)
    for k in range(1, n - 1):
        if tokens[k].low not in _BE or not tokens[k - 1].inq:
            continue
        a = k + 1
        m = a
        while m < n and tokens[m].low.endswith("ly") and not tokens[m].cap:
            m += 1
        if m >= n or not tokens[m].low.endswith("ing"):
            continue
        b = m + 1
        while b < n and not tokens[b].punct and tokens[b].low not in _DOING_STOPS:
            b += 1
        # drop a trailing phrase made of the question's words ("in Ukraine")
        c = b
        while c > m + 1 and (tokens[c - 1].inq or tokens[c - 1].func):
            c -= 1
        if c < b and tokens[c].func:
            b = c
        return ctx.answer((a, b), "noun_phrase") if b > a else None
    return None


# --- verb_object ----------------------------------------------------------------------------

_NP_STOP = words(_LIST, "np_stop")
_QUESTION_PREPS = _NP_STOP | words(_LIST, "np_links")


def verb_object(ctx: Context) -> ShortAnswer | None:
    """"What has X shipped (to Y)?": the noun phrase right after the question's verb in the
    sentence ("X has shipped thousands of containers of weaponry to Y" -> "thousands of
    containers of weaponry"). The verb is the first question word after the subject (its
    second or later content word) that the sentence holds in lower case."""
    info = ctx.info
    m = WHAT_AUX_VERB.match(info.text)
    if info.answer_type != "noun_phrase" or info.head is not None or m is None:
        return None
    raw = [w.lower() for w in re.findall(r"[^\W_]+", m.group(1))]
    # the verb ends the question or comes before a preposition: "shipped to Russia?"
    verbs = [stem(w) for k, w in enumerate(raw[1:], 1)
             if k + 1 == len(raw) or raw[k + 1] in _QUESTION_PREPS]
    tokens = ctx.tokens
    for k in range(len(tokens) - 1):
        t = tokens[k]
        if verbs and t.stem == verbs[0] and not t.cap and not t.func and t.inq:
            span = _object_after(tokens, k + 1)
            return None if span is None else ctx.answer(span, "noun_phrase")
    return None


def _object_after(tokens: Sequence[Token], a: int) -> tuple[int, int] | None:
    """The noun phrase starting at ``a`` (right after the verb), articles dropped, up to
    punctuation or a word of :data:`_NP_STOP`."""
    n, first = len(tokens), tokens[a]
    if first.punct or first.cap or first.low.endswith("ly") or (
            first.func and first.low not in DETERMINERS):
        return None
    while a < n and tokens[a].low in _ARTICLES:
        a += 1
    b = a
    while (b < n and b - a < MAX_LEN and not tokens[b].punct
           and tokens[b].low not in _NP_STOP and not tokens[b].inq):
        b += 1
    while b > a and (tokens[b - 1].func or tokens[b - 1].punct):
        b -= 1
    if b > a and b < n and (tokens[b].punct or tokens[b].low in _NP_STOP):
        return a, b
    return None
