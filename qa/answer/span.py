"""Short answers: the phrase of the answer sentence that answers the question.

``extract(question, doc_text, sentence, previous)`` cuts a :class:`ShortAnswer` out of the
sentence ``doc_text[sentence[0]:sentence[1]]``, in four steps, all linear in the sentence:

1. **Tokens** with offsets (words, numbers such as "$100", "3.5%", "24-10", "1990s",
   possessive "'s" split off, punctuation) and per-token cues read from the hand-written
   lists of ``qa/data/answer_words.txt``: capitalised, number or number word, month,
   weekday, year, time word, title, organisation word, known place, function word, and
   whether the token's stem is one of the question's words.
2. **Candidates**: every span of up to :data:`MAX_LEN` tokens that starts and ends on a
   content token (or a number) and does not cross punctuation. A span whose content words
   all come from the question is never a candidate: an answer must add something
   ("When did Putin visit Pyongyang?" cannot be answered by "Pyongyang").
3. **Scoring**: a linear model over sparse, hand-written features of each candidate
   (its shape, length, the words just before and after it, its distance to the
   question's words in the sentence, whether the question's head noun follows it, ...),
   each feature conjoined with the question's expected answer type
   (:mod:`qa.answer.question`). The weights are plain numbers in ``qa/data/span_weights.json``,
   fitted by ``bench/squad_answers.py --train`` on the dev half of SQuAD v1.1 as a
   conditional logit (softmax over a question's candidates). ``score`` is the winner's
   softmax probability.
4. **Rules** on top: "why" questions take a reason clause ("because ...", "due to ...",
   "in order to ...", "so that ..."); yes/no questions get ``None``; "who" questions whose
   matched verb follows a pronoun subject ("He suggested ...") take the nearest person
   named in the ``previous`` sentences, with ``replaces`` = the pronoun's offsets.
   "Who is X?" takes X's appositive ("X, a professor at ..., said"); "What has X shipped?"
   the noun phrase right after the question's verb. The winner's boundaries are then
   tightened: a place to the name after a locative preposition ("near Donetsk" ->
   "Donetsk"), a date to its calendar run ("on October 3" -> "October 3", "1562 to 1598"),
   a noun phrase stops before a trailing "in its ..."/"on Tuesday", an "and" + verb +
   pronoun tail, and (when the question strands a preposition) a "to" + verb infinitive.

``previous`` holds the (start, end) of earlier sentences of the same document, in any
order: the nearest sentence is the one with the largest start.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from qa.analysis.attribution import phrase_after, subject_before
from qa.analysis.reporting import lexicon as attribution_lexicon
from qa.answer.question import QuestionInfo, analyze, lexicon
from qa.text.tokens import stem, stopwords, tokenize

__all__ = ["ClaimQuestion", "ShortAnswer", "Token", "claim_verb", "extract", "featurize", "tokenize_span"]

logger = logging.getLogger(__name__)

#: Longest candidate, in tokens.
MAX_LEN = 7
#: Longer sentences keep only the tokens near the question's words (linear time).
MAX_TOKENS = 160

_TOKEN = re.compile(
    r"[$€£]?\d+(?:[.,:/\-\u2013]\d+)*(?:%|s\b|th\b|st\b|nd\b|rd\b)?"  # numbers, 24-10, 1990s
    r"|[^\W\d_](?:\.[^\W\d_])+\.?"  # U.S., a.m.
    r"|['\u2019]s\b"  # possessive
    r"|[^\W_]+(?:(?:['\u2019\-\u2011\u00ad])[^\W_]+)*"  # words, don't, Kim-Jong
    r"|\S"
)
_INNER_OK = frozenset({"'s", "\u2019s", "-", "&", "\u2013"})
_EXAMPLE_CUES = frozenset({"such", "including", "like", "namely", "especially", "notably"})
_PRONOUNS = frozenset({"he", "she", "they"})
_REASON_RE = re.compile(r"\b(because of|because|due to|owing to|in order to|so that|so as to|"
                        r"as a result of|in response to|for fear of|in preparation for|"
                        r"preparation for|in an effort to|in a bid to|aimed at|"
                        r"in retaliation for|thanks to|amid|on(?= (?:speculation|fears|hopes|"
                        r"news|reports|concerns|expectations|worries|optimism|rumou?rs)\b)|to)\b")
_NEXT_WORD = re.compile(r"\s+([^\W_]+)")
_CLAUSE_END = re.compile(r"[,;:.!?]|\s(?:and|but|while|which|who)\s")
_LOCATIVE = frozenset("in at near outside inside across from".split())
_DATE_CLS = frozenset({"month", "weekday", "year"})
_DATE_MODS = frozenset({"early", "late", "mid", "mid-", "around", "about"})
_RANGE = frozenset({"to", "and", "through", "until", "till", "or", "-", "\u2013", "\u2014"})
_POSSESSIVE = frozenset({"its", "his", "her", "their", "our", "my", "your"})
_OBJ_PRONOUNS = frozenset({"them", "him", "us", "me", "it"})
_TRAIL_PREPS = frozenset({"in", "on", "at", "during"})
_NP_TYPES = {"noun_phrase", "manner", "any"}
_YEAR = re.compile(r"^(?:1[0-9]|20)\d\d(?:s)?$")
_EXTRA_FUNCTION = frozenset(
    "also however although though thus hence yet still even just may might must will can "
    "shall would could should said says say according like unlike among within without "
    "upon across along around toward towards whether per via 's \u2019s".split()
)


@dataclass(frozen=True, slots=True)
class ShortAnswer:
    """A short answer; ``doc_text[start:end] == text``."""

    text: str
    start: int
    end: int
    in_sentence: bool
    replaces: tuple[int, int] | None
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the sentence, its document offsets and cues."""

    text: str
    low: str
    start: int
    end: int
    cap: bool
    num: bool
    func: bool
    punct: bool
    inq: bool
    stem: str
    cls: str  # month / weekday / year / time / title / org / placew / numw / unit / ""


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return stopwords() | _EXTRA_FUNCTION


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], int]:
    places = lexicon("places")
    return places, max(len(p.split()) for p in places)


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    out: dict[str, str] = {}
    for cls, section in (("unit", "units"), ("placew", "place_words"), ("org", "org_words"),
                         ("title", "titles"), ("time", "time_words"), ("numw", "number_words"),
                         ("weekday", "weekdays"), ("month", "months")):
        for w in lexicon(section):
            out[w] = cls
    return out


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The shipped feature weights (``qa/data/span_weights.json``); empty if absent."""
    try:
        raw = resources.files("qa").joinpath("data/span_weights.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        logger.warning("qa/data/span_weights.json missing: short answers use no weights")
        return {}
    data = json.loads(raw)
    return {str(k): float(v) for k, v in data["weights"].items()}


def tokenize_span(text: str, offset: int, stems: frozenset[str]) -> list[Token]:
    """Tokens of ``text`` (a slice starting at ``offset`` of the document), with cues."""
    func, classes = _function_words(), _classes()
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        low = word.lower()
        first = word[0]
        punct = not (first.isalnum() or first in "$€£")
        is_func = low in func
        num = first.isdigit() or first in "$€£"
        cls = classes.get(low, "")
        if num and _YEAR.match(low):
            cls = "year"
        elif cls == "numw":
            num = True
        st = stem(low) if not punct else low
        inq = not punct and not is_func and st in stems
        out.append(Token(word, low, offset + m.start(), offset + m.end(), first.isupper(),
                         num, is_func and not num, punct, inq, st, cls))
    _mark_places(out)
    return out


def _mark_places(tokens: list[Token]) -> None:
    """Set ``cls = "place"`` on tokens forming a known place name (longest match)."""
    places, longest = _places()
    i = 0
    while i < len(tokens):
        if not tokens[i].cap:
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            if " ".join(t.low for t in tokens[i:i + n]) in places:
                for k in range(i, i + n):
                    t = tokens[k]
                    tokens[k] = Token(t.text, t.low, t.start, t.end, t.cap, t.num, t.func,
                                      t.punct, t.inq, t.stem, "place")
                i += n - 1
                break
        i += 1


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n < 7 else "7+")


def _shape(t: Token) -> str:
    if t.num:
        return "N"
    if t.cap:
        return "C"
    return "f" if t.func else "w"


def candidate_features(info: QuestionInfo, tokens: Sequence[Token], i: int, j: int,
                       qpos: Sequence[int]) -> list[str]:
    """Sparse features of the span ``tokens[i:j]``, each conjoined with the answer type."""
    t = info.answer_type
    span = tokens[i:j]
    n = j - i
    feats = [f"{t}|bias", f"{t}|len:{_bucket(n)}", f"wh:{info.wh}|len:{_bucket(n)}"]
    ncap = sum(1 for x in span if x.cap)
    content = [x for x in span if not x.func]
    nq = sum(1 for x in content if x.inq)
    feats.append(f"{t}|shape:{_shape(span[0])}{_shape(span[-1])}")
    feats.append(f"{t}|allcap:{ncap == len(content)}")
    if nq:
        feats.append(f"{t}|hasq:{'all' if nq == len(content) else 'some'}")
    seen = set()
    for x in span:
        if x.cls and x.cls not in seen:
            seen.add(x.cls)
            feats.append(f"{t}|cls:{x.cls}")
        if x.num and "num" not in seen:
            seen.add("num")
            feats.append(f"{t}|num")
    feats.append(f"{t}|lastcls:{span[-1].cls or _shape(span[-1])}")
    if i == 0:
        feats.append(f"{t}|sentstart")
    prev = tokens[i - 1] if i > 0 else None
    nxt = tokens[j] if j < len(tokens) else None
    for side, tok in (("prev", prev), ("next", nxt)):
        if tok is None:
            feats.append(f"{t}|{side}:EDGE")
        elif tok.func or tok.punct:
            feats.append(f"{t}|{side}:{tok.low}")
        else:
            feats.append(f"{t}|{side}:{'Q' if tok.inq else tok.cls or _shape(tok)}")
    # Maximality: does the span stop where its kind of run stops?
    if prev is not None and not prev.func and not prev.punct:
        feats.append(f"{t}|extL:{_shape(prev)}{_shape(span[0])}")
    if nxt is not None and not nxt.func and not nxt.punct:
        feats.append(f"{t}|extR:{_shape(span[-1])}{_shape(nxt)}")
    # Distance to the question's words.
    if qpos:
        dist = min(i - p if p < i else (p - j + 1 if p >= j else 0) for p in qpos)
        feats.append(f"{t}|dist:{_bucket(dist)}")
        left = sum(1 for p in qpos if p < i)
        feats.append(f"{t}|side:{'L' if left == 0 else ('R' if left == len(qpos) else 'M')}")
        feats.append(f"{t}|nearL:{_bucket(sum(1 for p in qpos if i - 4 <= p < i))}")
        feats.append(f"{t}|nearR:{_bucket(sum(1 for p in qpos if j <= p < j + 4))}")
    else:
        feats.append(f"{t}|noq")
    if info.head is not None:
        hs = stem(info.head)
        if nxt is not None and nxt.stem == hs:
            feats.append(f"{t}|headnext")
        elif any(x.stem == hs for x in span):
            feats.append(f"{t}|headin")
        elif prev is not None and prev.stem == hs:
            feats.append(f"{t}|headprev")
    if info.anchor_left is not None:
        for k in range(i - 1, max(-1, i - 5), -1):
            if not (tokens[k].func or tokens[k].punct):
                if tokens[k].stem == info.anchor_left:
                    feats.append(f"{t}|anchorL:{_bucket(i - 1 - k)}")
                break
    if info.anchor_right is not None:
        for k in range(j, min(len(tokens), j + 4)):
            if not (tokens[k].func or tokens[k].punct):
                if tokens[k].stem == info.anchor_right:
                    feats.append(f"{t}|anchorR:{_bucket(k - j)}")
                break
    if any(x.low == "of" for x in span):
        feats.append(f"{t}|inner:of")
    if any(x.low == "and" for x in span):
        feats.append(f"{t}|inner:and")
    return feats


def _candidates(tokens: Sequence[Token]) -> Iterable[tuple[int, int]]:
    n = len(tokens)
    for i in range(n):
        a = tokens[i]
        if a.punct or a.func:
            continue
        for j in range(i + 1, min(n, i + MAX_LEN) + 1):
            b = tokens[j - 1]
            if j - 1 > i and b.punct and b.low not in _INNER_OK:
                break
            if b.punct or b.func:
                continue
            yield i, j


def _coarse(span: Sequence[Token]) -> str:
    if any(x.cls in ("month", "weekday", "year") for x in span):
        return "D"
    if any(x.num for x in span):
        return "N"
    return "C" if all(x.cap for x in span if not x.func) else "w"


def _distance(i: int, j: int, qpos: Sequence[int]) -> int:
    return min((i - p if p < i else (p - j + 1 if p >= j else 0) for p in qpos), default=99)


def featurize(info: QuestionInfo, tokens: Sequence[Token]) -> list[tuple[int, int, list[str]]]:
    """Every candidate span ``(i, j)`` of ``tokens`` with its features."""
    qpos = [k for k, x in enumerate(tokens) if x.inq]
    out, meta = [], []
    nearest: dict[str, int] = {}
    for i, j in _candidates(tokens):
        span = tokens[i:j]
        if all(x.inq for x in span if not x.func):
            continue
        kind, dist = _coarse(span), _distance(i, j, qpos)
        if dist < nearest.get(kind, 999):
            nearest[kind] = dist
        out.append((i, j, candidate_features(info, tokens, i, j, qpos)))
        meta.append((kind, dist))
    t = info.answer_type
    for (_, _, feats), (kind, dist) in zip(out, meta):
        if qpos and dist == nearest[kind]:
            feats.append(f"{t}|nearest:{kind}")
    return out


def _window(tokens: list[Token]) -> list[Token]:
    """At most :data:`MAX_TOKENS` tokens, those nearest the question's words first."""
    if len(tokens) <= MAX_TOKENS:
        return tokens
    hits = [k for k, x in enumerate(tokens) if x.inq]
    centre = hits[len(hits) // 2] if hits else 0
    lo = max(0, min(centre - MAX_TOKENS // 2, len(tokens) - MAX_TOKENS))
    return tokens[lo:lo + MAX_TOKENS]


def _trim_to_names(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """For a place or person, drop lower-case words before the last capitalised run's
    start ("countries such as India and Nepal" -> "India and Nepal")."""
    caps = [k for k in range(i, j) if tokens[k].cap]
    if not caps or caps[0] == i or not tokens[j - 1].cap:
        return i, j
    k = j - 1
    while k > i and (tokens[k - 1].cap or (tokens[k - 1].low in ("and", "of", "-", "'s")
                                            and k - 2 >= i and tokens[k - 2].cap)):
        k -= 1
    return k, j


def _name_end(tokens: Sequence[Token], k: int, j: int) -> int:
    """End of the capitalised name starting at ``k`` (inner "of", "'s", "-", "and" allowed)."""
    e = k + 1
    while e < j and (tokens[e].cap or (tokens[e].low in ("of", "'s", "\u2019s", "-", "and")
                                       and e + 1 < j and tokens[e + 1].cap)):
        e += 1 if tokens[e].cap else 2
    return e


def _place_pp(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """A place span holding "<locative preposition> Name" is cut to that name
    ("missile strike on occupied territory near Donetsk" -> "Donetsk")."""
    for k in range(j - 2, i - 1, -1):
        if tokens[k].low in _LOCATIVE and tokens[k + 1].cap:
            a = k + 1  # SQuAD-style: the name, without "in"/"near"
            return a, _name_end(tokens, k + 1, j)
    return i, j


def _date_run(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    """A date span is cut to its first run of calendar words and numbers, ranges included
    ("territory near Donetsk on October 3" -> "October 3", "June 4" + ", 1989",
    "1562 to 1598", "spring of 1349")."""
    first = next((k for k in range(i, j) if tokens[k].cls in _DATE_CLS), None)
    if first is None:
        return i, j

    def dateish(t: Token) -> bool:
        return t.cls in _DATE_CLS or (t.num and t.cls != "numw")

    a = first
    while a > i and (dateish(tokens[a - 1]) or tokens[a - 1].low in _DATE_MODS):
        a -= 1
    if a - 2 >= i and tokens[a - 1].low == "of" and tokens[a - 2].cls == "time":
        a -= 2  # "spring of 1349", "the afternoon of May 2"
    b, n = first + 1, len(tokens)  # may run past the span: "March 14" + ", 1987"
    while b < n:
        t = tokens[b]
        if dateish(t) and (b < j or t.cls in _DATE_CLS):
            b += 1
            continue
        link = t.low in (",", "of") or (b < j and t.low in _RANGE)
        nxt = b + 1 + (b + 2 < n and tokens[b + 1].low == "the")
        if link and nxt < n and dateish(tokens[nxt]) and (nxt < j or (
                tokens[nxt].cls == "year" and tokens[b - 1].num and tokens[b - 2].cls == "month")):
            b = nxt + 1
            continue
        break
    return a, b


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"}) | _POSSESSIVE


def _object_start(t: Token) -> bool:
    return t.cap or t.num or t.low in _DETERMINERS


_STRANDED = re.compile(r"\b(?:as|with|of|for|from|into|on|in|to|by|about|at)\W*$", re.IGNORECASE)


def _trim_np(tokens: Sequence[Token], i: int, j: int, stranded: bool = False
             ) -> tuple[int, int]:
    """A noun phrase stops before a "to" + verb infinitive (when the question strands a
    preposition, "What could they serve as?"), a trailing
    phrase that only places or times it ("in its next session", "on Tuesday") and an
    "and" + verb phrase ("experience and help them learn"); "of" phrases stay."""
    for k in range(i + 1, j - 1):  # every rule looks at the token after k
        t = tokens[k]
        nxt = tokens[k + 1]
        if (stranded and t.low == "to"
                and k + 2 < j and not nxt.cap and not nxt.func and not nxt.num
                and not nxt.punct and _object_start(tokens[k + 2])):
            # "laborers to support Russia's war": "to" + a verb taking an object
            return i, k
        if (t.low in _TRAIL_PREPS
                and (nxt.low in _POSSESSIVE or any(x.cls in _DATE_CLS or x.cls == "time"
                                                   for x in tokens[k + 1:j]))):
            return i, k
        if (t.low in ("and", "or") and k + 2 < j and not nxt.cap
                and not nxt.func and tokens[k + 2].low in _OBJ_PRONOUNS):
            return i, k  # "and help them", "and interpreted it": a verb and its object
    return i, j


_DEFINITION = re.compile(r"^\s*(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+|a\s+|an\s+)?"
                         r"([^?]+?)\s*\??\s*$", re.IGNORECASE)


_ROLE = re.compile(
    r"^\s*what\s+(?:is|was)\s+(?:(?:the\s+)?(?:job|title|position|role|occupation|profession|post)"
    r"\s+of\s+.+|.+?(?:'s|’s)\s+(?:job|title|position|role|occupation|profession|post)\b.*)"
    r"|^\s*what\s+(?:does|did)\s+.+?\s+do\s*\??\s*$", re.IGNORECASE)
_ROLE_STEMS = frozenset(stem(w) for w in
                        "job title position role occupation profession post do".split())


def _appositive(info: QuestionInfo, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """"Who is Lim Eulchul?" or "What is Lim Eulchul's job?": the appositive after the name
    asked about ("Lim Eulchul, a professor at Seoul's Institute for Far Eastern Studies,
    said ..." -> "a professor at ..."), else the title written before it ("South Korea's
    Defense Minister Kim Yonghyun" -> "South Korea's Defense Minister")."""
    role = _ROLE.match(info.text) is not None
    if not info.stems or not (role or _DEFINITION.match(info.text)):
        return None
    name = info.stems - _ROLE_STEMS if role else info.stems
    if not name:
        return None
    n = len(tokens)
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
        a = k
        while a > 0 and tokens[a - 1].cap and not tokens[a - 1].inq:
            a -= 1
        if a < k and any(t.cls == "title" for t in tokens[a:k]) and tokens[a].low != "the":
            after = e + 2 < n and tokens[e].low == "," and (
                tokens[e + 1].low in ("a", "an", "the") or tokens[e + 1].cls == "title")
            if not after:
                return a, k
        if e + 2 >= n or tokens[e].low != ",":
            continue
        a = e + 1
        if tokens[a].low not in ("a", "an", "the") and tokens[a].cls != "title":
            return None
        b = a
        while b < n and not tokens[b].punct or (b < n and tokens[b].low in _INNER_OK):
            b += 1
        if b >= n or tokens[b].low != "," or b - a < 2:
            return None
        return a, b
    return None


_DOING = re.compile(r"^\s*what\s+(?:is|are|was|were)\s+\S.*?\s+doing\b", re.IGNORECASE)
_BE_WORDS = frozenset({"is", "are", "was", "were", "been", "being"})


def _doing(info: QuestionInfo, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """"What are North Korean soldiers doing in Ukraine?": the verb phrase after the
    subject ("... soldiers are actively fighting alongside Russian troops in Ukraine" ->
    "actively fighting alongside Russian troops"), without the question's own place or
    time words at its end."""
    if _DOING.match(info.text) is None:
        return None
    n = len(tokens)
    for k in range(1, n - 1):
        if tokens[k].low not in _BE_WORDS or not tokens[k - 1].inq:
            continue
        a = k + 1
        m = a
        while m < n and tokens[m].low.endswith("ly") and not tokens[m].cap:
            m += 1
        if m >= n or not tokens[m].low.endswith("ing"):
            continue
        b = m + 1
        while b < n and not tokens[b].punct and tokens[b].low not in ("while", "as", "and"):
            b += 1
        # drop a trailing phrase made of the question's words ("in Ukraine")
        c = b
        while c > m + 1 and (tokens[c - 1].inq or tokens[c - 1].func):
            c -= 1
        if c < b and tokens[c].func:
            b = c
        return (a, b) if b > a else None
    return None


_WHAT_AUX_VERB = re.compile(
    r"^\s*what\s+(?:did|does|do|has|have|had|will|would|could|can|might|may|should)\s+"
    r"(.+?)\s*\??\s*$", re.IGNORECASE)
_NP_STOP = frozenset({"to", "for", "in", "on", "at", "from", "by", "with", "into", "during",
                      "since", "after", "before", "as", "that", "which", "who", "because"})


def _verb_object(info: QuestionInfo, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """"What has X shipped (to Y)?": the noun phrase right after the question's verb in the
    sentence ("X has shipped thousands of containers of weaponry to Y" -> "thousands of
    containers of weaponry"). The verb is the first question word after the subject (its
    second or later content word) that the sentence holds in lower case."""
    m = _WHAT_AUX_VERB.match(info.text)
    if m is None:
        return None
    raw = [w.lower() for w in re.findall(r"[^\W_]+", m.group(1))]
    preps = _NP_STOP | {"of", "about", "against", "through"}
    # the verb ends the question or comes before a preposition: "shipped to Russia?"
    words = [stem(w) for k, w in enumerate(raw[1:], 1)
             if k + 1 == len(raw) or raw[k + 1] in preps]
    n = len(tokens)
    for w in words[:1]:
        for k in range(n - 1):
            t = tokens[k]
            if t.stem != w or t.cap or t.func or not t.inq:
                continue
            a = k + 1
            first = tokens[a]
            if first.punct or first.cap or first.low.endswith("ly") or (
                    first.func and first.low not in _DETERMINERS):
                return None
            while a < n and tokens[a].low in ("the", "a", "an"):
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
    return None


_CONTRAST = frozenset({"although", "though", "but", "while", "whereas", "however"})


_WHO_VERB = re.compile(
    r"^\W*who\s+(?:(?:has|have|had|will|would|could|can|may|might|should|must)\s+)?"
    r"(?:(?:also|first|now|then|just|recently|reportedly|later|further)\s+)?"
    r"(?:(?:is|are|was|were)\s+(?=[a-z]+ing\b))?([a-z]+)\b",
    re.IGNORECASE,
)
#: After a verb written differently from the question's ("contend" for "contends"), one
#: of these shows it is a verb with its object, not a noun ("Recent reports suggest").
_VERB_COMPLEMENT = frozenset(
    "that the a an his her their its this these those him them us it".split()
)
_QUOTE_TOKENS = frozenset({'"', "“", "”", "'", "‘", "’", "''"})
_NOT_SUBJECT_VERB = frozenset(
    "is was are were be been being do does did 's am".split()
)


#: Reporting verbs whose subject is the one who makes a claim (not "wrote", "thought").
_SPEECH = frozenset(
    "say tell report claim suggest states announce argue contend insist speculate warn "
    "stress emphasize note add confirm deny allege predict estimate assert maintain "
    "declare reveal acknowledge admit concede".split()
)


def asks_speaker(question: str | QuestionInfo) -> str | None:
    """For a "who" question asking who made a claim ("Who says ...?", "Who reported that
    ...?"): the stem of its reporting verb (of the attribution lexicon); else None."""
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    m = _WHO_VERB.match(info.text) if info.wh == "who" else None
    if m is None or attribution_lexicon().verbs.get(m.group(1).lower()) not in _SPEECH:
        return None
    return stem(m.group(1).lower())


def subject_of_verb(question: str | QuestionInfo, doc_text: str,
                    sentence: tuple[int, int]) -> ShortAnswer | None:
    """For "Who <verb> ...?", the subject of that verb in the sentence, if it is there
    (see :func:`_subject_of_question_verb`); None otherwise."""
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    s0, s1 = max(0, int(sentence[0])), min(len(doc_text), int(sentence[1]))
    if info.wh != "who" or s1 <= s0:
        return None
    tokens = _window(tokenize_span(doc_text[s0:s1], s0, info.stems))
    return _subject_of_question_verb(info, tokens, doc_text, s0, s1)


def _participle(tokens: Sequence[Token], k: int) -> bool:
    """Whether the verb at k is a passive participle ("was produced", ", dubbed")."""
    prev = tokens[k - 1].low if k else ""
    return prev in _BE_WORDS or prev == "," or tokens[k].low.endswith(("ed", "en", "wn"))


def _agent_by(tokens: Sequence[Token], k: int) -> int | None:
    """For a passive verb at k ("produced by X", "dubbed "Y" by X"): the index of the "by"
    that introduces its agent, if one follows closely (quotes allowed between)."""
    for m in range(k + 1, min(k + 9, len(tokens))):
        if tokens[m].low == "by":
            return m
        if tokens[m].punct and tokens[m].text not in _QUOTE_TOKENS:
            return None
    return None


def _subject_of_question_verb(info: QuestionInfo, tokens: Sequence[Token], doc_text: str,
                              s0: int, s1: int) -> ShortAnswer | None:
    """"Who denied that ...?": the subject of the same verb in the sentence ("although both
    nations have denied such claims" -> "both nations"), read as attribution reads a
    source. Only when the question's verb is written the same way in the sentence."""
    m = _WHO_VERB.match(info.text)
    if m is None or m.group(1).lower() in _NOT_SUBJECT_VERB:
        return None
    verb = m.group(1).lower()
    verb_stem = stem(verb)
    sentence = doc_text[s0:s1]
    for k, x in enumerate(tokens):
        before = [t.low for t in tokens[max(k - 2, 0) : k]]
        # "contends" asked, "contend" written; not a noun ("Putin's rare visit")
        possessive = any(b.endswith(("'s", "’s")) for b in before)
        after = tokens[k + 1].low if k + 1 < len(tokens) else ""
        if x.low != verb and (x.stem != verb_stem or x.cap or possessive
                              or after not in _VERB_COMPLEMENT):
            continue
        if before and before[-1] in ("the", "a", "an", "his", "her", "its", "their", "this"):
            continue
        by = _agent_by(tokens, k) if _participle(tokens, k) else None
        if by is not None:  # "dubbed "The Odd Couple" by the British press": the press
            agent = phrase_after(sentence, tokens[by].end - s0 + 1)
            if agent is None:
                return None
            start, end = s0 + agent[0], s0 + agent[1]
            kind = "person" if doc_text[start].isupper() else "noun_phrase"
            return ShortAnswer(doc_text[start:end], start, end, True, None, kind, 0.5)
        if k and tokens[k - 1].low == ",":
            return None  # ", dubbed ...": a participle describing what precedes it
        span = subject_before(sentence, x.start - s0)
        if span is None:
            return None
        start, end = s0 + span[0], s0 + span[1]
        inside = [t for t in tokens if start <= t.start and t.end <= end]
        content = [t for t in inside if not t.func and not t.punct]
        if not content or content[-1].inq or inside[0].low in _PRONOUNS:
            return None  # "Who appoints the board?" is not "a six-person board"
        kind = "person" if any(t.cap for t in content) else "noun_phrase"
        return ShortAnswer(doc_text[start:end], start, end, True, None, kind, 0.5)
    return None


_CONCERNED = re.compile(
    r"^\s*what\s+(?:is|are|was|were)\s+\S.*?\s+(concerned|worried|afraid|fearful)\s+"
    r"(?:about|of)\b", re.IGNORECASE)
_ABOUT = frozenset({"about", "on", "of", "regarding", "concerning"})
#: Question verbs that ask for whatever the speaker reports, by any reporting verb.
_GENERIC_SAY = frozenset({"say", "tell", "state", "claim"})
_OBJECT_OPENERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our"})
#: Reporting verbs whose claim can be a "to" infinitive ("vowed to plough ...").
_TO_VERBS = frozenset("vow pledge promise plan threaten intend hope want decide agree "
                      "propose expect".split())
#: A reported clause without "that" opens with its subject pronoun ("insist they will").
_CLAUSE_SUBJECTS = frozenset({"they", "he", "she", "it", "we", "i", "there"})


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
    m = _WHAT_AUX_VERB.match(info.text)
    if m is None:
        return None
    words = re.findall(r"[^\W_]+", m.group(1).lower())
    verbs = attribution_lexicon().verbs
    for v in range(len(words) - 1, 0, -1):
        if words[v] in verbs and (v == len(words) - 1 or words[v + 1] in _ABOUT):
            subject = words[:v]
            # "What has caused X to be questioned?": no subject before the verb
            if subject[-1] in ("be", "been", "to") or subject[0] in verbs:
                return None
            return ClaimQuestion(verbs[words[v]], stem(words[v]), _subject_words(subject))
    return None


def _subject_words(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(tokenize(" ".join(words)))


def _ends_phrase(tokens: Sequence[Token], k: int,
                 phrases: Mapping[str, Sequence[tuple[str, ...]]]) -> bool:
    """Whether token k ends a reporting phrase of the attribution lexicon ("expressed
    concerns", "pointed out")."""
    for phrase in phrases.get(tokens[max(k - 1, 0)].low, ()) if k else ():
        if len(phrase) == 2 and tokens[k].low == phrase[1]:
            return True
    return False


def _reported_content(info: QuestionInfo, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """"What do X contend / say / believe?": the claim itself, the content clause after the
    same reporting verb in the sentence ("X contend that North Korea has shipped ..." ->
    "North Korea has shipped ..."), up to a contrasting clause or the end of the sentence.
    Reporting verbs are those of the attribution lexicon (``reporting_verbs.txt``), matched
    by lemma or by stem ("concerned about" -> "expressed concerns that")."""
    asked = claim_verb(info)
    if asked is None:
        return None
    lex = attribution_lexicon()
    n = len(tokens)
    in_quotes = _inside_quotes(tokens)
    for k in range(n - 1):
        if in_quotes[k]:
            continue  # the quoted speaker's own words, not the frame
        lemma = lex.verbs.get(tokens[k].low)
        # "What did the minister say?" is answered by what the minister confirmed, or by
        # the concerns analysts "expressed" (a reporting phrase ends at its last word)
        reports = lemma is not None or _ends_phrase(tokens, k, lex.phrases)
        any_report = asked.generic and reports and not tokens[k].cap
        if not any_report and lemma != asked.lemma and tokens[k].stem != asked.stem:
            continue
        quoted = _quote_before(tokens, k)
        if quoted is not None:  # "“This year's accounts will tell the full story,” he said."
            return quoted
        # "confirmed on Tuesday that ...", "emphasized the increased likelihood of ..."
        that = next((m for m in range(k + 1, min(k + 5, n)) if tokens[m].low == "that"), -1)
        colon = next((m for m in range(k + 1, min(k + 7, n)) if tokens[m].low == ":"), -1)
        if that > 0 and not any(t.punct for t in tokens[k + 1 : that]):
            a = b = that + 1
        elif colon > 0 and not any(t.punct and t.low != "," for t in tokens[k + 1 : colon]):
            a = b = colon + 1  # "said in a statement: “One-off costs will be ...”"
            while a < n and tokens[a].text in _QUOTE_TOKENS:
                a += 1
            b = a
        elif tokens[k + 1].low in _OBJECT_OPENERS or tokens[k + 1].low in _CLAUSE_SUBJECTS:
            a = b = k + 1  # "insist they will still have the final say ..."
        elif tokens[k + 1].low == "to" and lemma in _TO_VERBS:
            a = b = k + 2  # "vowed to plough 10 million pounds back into Express"
        else:
            continue
        while b < n and not (tokens[b].punct and tokens[b].low in ".;!?") and not (
                tokens[b].low == "," and b + 1 < n and tokens[b + 1].low in _CONTRAST):
            b += 1
        while b > a and tokens[b - 1].text in _QUOTE_TOKENS:
            b -= 1
        return (a, b) if b > a else None
    return None


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
                         if t.text not in _QUOTE_TOKENS):
        return None
    if tokens[0].text not in ("“", '"', "''"):
        return None
    b = close
    while b > 1 and tokens[b - 1].low in (",", "."):
        b -= 1
    return (1, b) if b > 1 else None


def _kind(info: QuestionInfo, span: Sequence[Token], prev: Token | None) -> str:
    classes = {x.cls for x in span}
    if classes & {"month", "weekday", "year"} or ("time" in classes and any(x.num for x in span)):
        return "date"
    if any(x.num for x in span):
        return "number"
    if "place" in classes or (prev is not None and prev.low in ("in", "at", "near", "from")
                              and span[0].cap and info.answer_type == "place"):
        return "place"
    if span[0].cap and (info.answer_type == "person" or "title" in classes):
        return "person"
    return "noun_phrase"


def _reason(info: QuestionInfo, doc_text: str, s0: int, s1: int) -> ShortAnswer | None:
    """The reason clause of a "why" answer, without its cue ("because", "due to", "to").

    Explicit cues win over a purpose "to" + verb; among equals, the first cue after the
    question's words (else the first cue) is taken. The clause ends at punctuation or at a
    coordinating word.
    """
    text = doc_text[s0:s1]
    if len(text) > 5000:
        return None
    low = text.lower()
    tokens = tokenize_span(text, 0, info.stems)
    first_q = next((x.start for x in tokens if x.inq), 0)
    func = _function_words()
    best: tuple[int, int, int, int] | None = None  # (priority, after-q, start, end)
    for m in _REASON_RE.finditer(low):
        cue = m.group(1)
        rest = _NEXT_WORD.match(low, m.end())
        if rest is None:
            continue
        if cue == "to" and (rest.group(1) in func or text[rest.start(1)].isupper()):
            continue  # "to the embargo", "to Paris": a preposition, not a purpose
        end_m = _CLAUSE_END.search(text, rest.start(1))
        end = end_m.start() if end_m else len(text.rstrip())
        if end - rest.start(1) < 2:
            continue
        key = (0 if cue != "to" else 1, 0 if m.start() >= first_q else 1, rest.start(1), end)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    start, end = s0 + best[2], s0 + best[3]
    return ShortAnswer(doc_text[start:end], start, end, True, None, "reason", 0.5)


def _person_runs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Capitalised runs that look like a person: a title, or two or more name tokens."""
    runs, i, n = [], 0, len(tokens)
    while i < n:
        if not tokens[i].cap or tokens[i].func:
            i += 1
            continue
        j = i
        while j < n and tokens[j].cap and not tokens[j].func:
            j += 1
        names = [x for x in tokens[i:j] if x.cls not in ("title", "place", "month", "weekday")]
        bad = any(x.cls in ("org", "placew", "place") for x in tokens[i:j])
        titled = any(x.cls == "title" for x in tokens[i:j])
        if names and not bad and (titled or len(names) >= 2):
            runs.append((i, j))
        i = j
    return runs


def _resolve(info: QuestionInfo, doc_text: str, pronoun: Token,
             previous: Sequence[tuple[int, int]]) -> ShortAnswer | None:
    """The subject-most person of the nearest earlier sentence that names one."""
    for p0, p1 in sorted(previous, key=lambda se: -se[0])[:5]:
        p0, p1 = max(0, p0), min(len(doc_text), p1)
        if p1 - p0 > 5000:
            continue
        toks = tokenize_span(doc_text[p0:p1], p0, info.stems)
        runs = _person_runs(toks)
        if runs:
            a, b = runs[0]
            start, end = toks[a].start, toks[b - 1].end
            return ShortAnswer(doc_text[start:end], start, end, False,
                               (pronoun.start, pronoun.end), "person", 0.5)
    return None


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


_TYPED_COARSE = {"date": "D", "number": "N"}


def _typed(question: str | QuestionInfo, doc_text: str,
           sentence: tuple[int, int]) -> ShortAnswer | None:
    """The best-scored date (or number) phrase of the sentence, for a question asking one."""
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    want = _TYPED_COARSE.get(info.answer_type)
    s0, s1 = max(0, int(sentence[0])), min(len(doc_text), int(sentence[1]))
    if want is None or s1 <= s0:
        return None
    tokens = _window(tokenize_span(doc_text[s0:s1], s0, info.stems))
    return _scored_span(info, tokens, doc_text, want)


def _extract(question: str | QuestionInfo, doc_text: str, sentence: tuple[int, int],
             previous: Sequence[tuple[int, int]]) -> ShortAnswer | None:
    info = question if isinstance(question, QuestionInfo) else analyze(question)
    if info.is_yes_no:
        return None
    s0, s1 = max(0, int(sentence[0])), min(len(doc_text), int(sentence[1]))
    if s1 <= s0:
        return None
    if info.answer_type == "reason":
        found = _reason(info, doc_text, s0, s1)
        if found is not None:
            return found
    tokens = _window(tokenize_span(doc_text[s0:s1], s0, info.stems))
    if info.answer_type == "person":
        for k, x in enumerate(tokens[:-1]):
            if x.low in _PRONOUNS and x.cap and any(y.inq for y in tokens[k + 1:k + 3]):
                found = _resolve(info, doc_text, x, previous)
                if found is not None:
                    return found
                break
    if info.wh == "who":
        subject = _subject_of_question_verb(info, tokens, doc_text, s0, s1)
        if subject is not None:
            return subject
    # Rules read straight off the sentence's structure: "What do X contend?" -> the claim;
    # "Who is X?" -> X's appositive; "What has X shipped?" -> the object after its verb.
    if info.answer_type == "noun_phrase" and info.head is None:
        claim = _reported_content(info, tokens)
        if claim is not None:
            a, b = claim
            start, end = tokens[a].start, tokens[b - 1].end
            return ShortAnswer(doc_text[start:end], start, end, True, None, "claim", 0.5)
    phrase = _appositive(info, tokens) or _doing(info, tokens)
    if phrase is None and info.answer_type == "noun_phrase" and info.head is None:
        phrase = _verb_object(info, tokens)
    if phrase is not None:
        a, b = phrase
        start, end = tokens[a].start, tokens[b - 1].end
        return ShortAnswer(doc_text[start:end], start, end, True, None, "noun_phrase", 0.5)
    return _scored_span(info, tokens, doc_text)


def _scored_span(info: QuestionInfo, tokens: Sequence[Token], doc_text: str,
                 coarse: str | None = None) -> ShortAnswer | None:
    """The span the fitted weights score best, shaped to the answer type; with ``coarse``
    ("D" dates, "N" numbers), the best among those candidates only."""
    w = weights()
    scored = [(sum(w.get(f, 0.0) for f in feats), i, j) for i, j, feats in featurize(info, tokens)
              if coarse is None or _coarse(tokens[i:j]) == coarse]
    if not scored:
        return None
    best = max(scored, key=lambda s: (s[0], -s[1], s[2] - s[1]))
    top = best[0]
    z = sum(math.exp(s - top) for s, _, _ in scored)
    _, i, j = best
    if info.answer_type in ("place", "person"):
        k, j = _trim_to_names(tokens, i, j)
        # A person: the name. A place: only after an example cue ("countries such as X").
        if info.answer_type == "person" or any(x.low in _EXAMPLE_CUES for x in tokens[i:k]):
            i = k
    if info.answer_type == "place":
        i, j = _place_pp(tokens, i, j)
    if info.answer_type == "date":
        i, j = _date_run(tokens, i, j)
    if info.answer_type in _NP_TYPES:
        i, j = _trim_np(tokens, i, j, bool(_STRANDED.search(info.text)))
        while j - 1 > i and (tokens[j - 1].func or tokens[j - 1].punct):
            j -= 1
    if info.answer_type == "number" and not tokens[i].num:
        # "Panthers 24-10" -> "24-10": a quantity starts at its number.
        i = next((k for k in range(i, j) if tokens[k].num), i)
    start, end = tokens[i].start, tokens[j - 1].end
    kind = _kind(info, tokens[i:j], tokens[i - 1] if i else None)
    if kind in ("person", "place") and doc_text[start:end].endswith(("'s", "’s")):
        end -= 2  # "Who visited Pyongyang?" -> "President Vladimir Putin", not "...Putin's"
    return ShortAnswer(doc_text[start:end], start, end, True, None, kind, 1.0 / z)
