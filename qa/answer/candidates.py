"""Candidate short answers: the sentence's tokens with their cues, the candidate spans, their
features and the learned scorer that picks one.

* :func:`tokenize_span` cuts a sentence into :class:`Token` objects (words, numbers such as
  "$100", "3.5%", "24-10", "1990s", possessive "'s" split off, punctuation), each with its
  document offsets and cues: capitalised, number or number word, function word, its class
  from the lists of ``qa/data/answer_words.txt`` (month, weekday, year, time word, title,
  organisation word, place word, unit, known place) and whether its stem is one of the
  question's words. :func:`window` keeps at most :data:`MAX_TOKENS` of them.
* :func:`candidates` lists every span of up to :data:`MAX_LEN` tokens that starts and ends
  on a content token (or a number) and does not cross punctuation; :func:`featurize` drops
  those whose content words all come from the question and gives each other one its
  sparse features (:func:`candidate_features`), every feature conjoined with the question's
  expected answer type; among them the parts of speech the trained tagger
  (:mod:`qa.text.tagger`) gives the sentence's tokens, which say where a noun phrase ends.
* :func:`best_candidate` scores them with the weights of ``qa/data/span_weights.json``
  (:func:`weights`, fitted by ``bench/squad_answers.py --train`` as a conditional logit)
  and returns the winner with its softmax probability.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from qa.answer.lists import function_words
from qa.answer.question import QuestionInfo, lexicon
from qa.text import stream
from qa.text.tagger import tag
from qa.text.tokens import stem, stopwords
from qa.text.wordlists import words

__all__ = ["MAX_LEN", "MAX_TOKENS", "Token", "best_candidate", "candidate_features", "candidates",
           "coarse", "featurize", "tokenize_span", "weights", "window"]

logger = logging.getLogger(__name__)

#: Longest candidate, in tokens.
MAX_LEN = 7
#: Longer sentences keep only the tokens near the question's words (linear time).
MAX_TOKENS = 160

_LIST = "answer_candidates.txt"
_YEAR = re.compile(r"^(?:1[0-9]|20)\d\d(?:s)?$")
#: Punctuation a candidate may hold inside ("AT & T", "Kim's").
INNER_OK = words(_LIST, "inner_tokens")
#: Token class (``Token.cls``) of each section of ``qa/data/answer_words.txt``; a word in
#: several sections takes the last class listed here.
_CLASS_SECTIONS = (("unit", "units"), ("placew", "place_words"), ("org", "org_words"),
                   ("title", "titles"), ("time", "time_words"), ("numw", "number_words"),
                   ("weekday", "weekdays"), ("month", "months"))
#: The calendar classes of a date.
DATE_CLASSES = frozenset({"month", "weekday", "year"})


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
    cls: str  # month / weekday / year / time / title / org / placew / numw / unit / place / ""


@lru_cache(maxsize=1)
def function_tokens() -> frozenset[str]:
    """Tokens that never start or end a candidate: stop words, modals and a few more."""
    return stopwords() | function_words("modals") | words(_LIST, "function_words")


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], int]:
    places = lexicon("places")
    return places, max(len(p.split()) for p in places)


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    return {w: cls for cls, section in _CLASS_SECTIONS for w in lexicon(section)}


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


def tokenize_span(text: str, offset: int, stems: frozenset[str], *,
                  places: bool = True) -> list[Token]:
    """The tokens of ``text`` (a slice starting at ``offset`` of the document), from the
    one token stream (:mod:`qa.text.stream`), with what the rules read of each: its stem,
    its word class, whether it is a function word and whether the question uses it.
    ``places=False`` leaves known place names unmarked (their class stays the word's)."""
    func, classes = function_tokens(), _classes()
    out = []
    for t in stream.tokens(text, offset):
        low = t.low
        punct = not t.word
        is_func = low in func
        num = t.number
        cls = classes.get(low, "")
        if num and _YEAR.match(low):
            cls = "year"
        elif cls == "numw":
            num = True
        st = stem(low) if not punct else low
        inq = not punct and not is_func and st in stems
        out.append(Token(t.text, low, t.start, t.end, t.cap, num, is_func and not num, punct,
                         inq, st, cls))
    if places:
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
                    tokens[k] = replace(tokens[k], cls="place")
                i += n - 1
                break
        i += 1


def window(tokens: list[Token]) -> list[Token]:
    """At most :data:`MAX_TOKENS` tokens, those nearest the question's words first."""
    if len(tokens) <= MAX_TOKENS:
        return tokens
    hits = [k for k, x in enumerate(tokens) if x.inq]
    centre = hits[len(hits) // 2] if hits else 0
    lo = max(0, min(centre - MAX_TOKENS // 2, len(tokens) - MAX_TOKENS))
    return tokens[lo:lo + MAX_TOKENS]


# --- features ------------------------------------------------------------------------------
# A feature is "<answer type>|<name>[:<value>]" (or "wh:<wh>|len:<n>"); the names are those
# of qa/data/span_weights.json, which tests/test_span.py checks are all still produced.

def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n < 7 else "7+")


def _shape(t: Token) -> str:
    if t.num:
        return "N"
    if t.cap:
        return "C"
    return "f" if t.func else "w"


def _span_features(info: QuestionInfo, span: Sequence[Token], i: int) -> list[str]:
    """The span's own shape: length, capitals, question words, cue classes, numbers."""
    t, n = info.answer_type, len(span)
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
    return feats


def _neighbour_features(t: str, span: Sequence[Token], prev: Token | None,
                        nxt: Token | None) -> list[str]:
    """The tokens just before and after the span, and whether its run goes on past it."""
    feats = []
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
    return feats


def _distance_features(t: str, i: int, j: int, qpos: Sequence[int]) -> list[str]:
    """Where the question's words (at ``qpos``) sit around the span."""
    if not qpos:
        return [f"{t}|noq"]
    left = sum(1 for p in qpos if p < i)
    return [f"{t}|dist:{_bucket(distance(i, j, qpos))}",
            f"{t}|side:{'L' if left == 0 else ('R' if left == len(qpos) else 'M')}",
            f"{t}|nearL:{_bucket(sum(1 for p in qpos if i - 4 <= p < i))}",
            f"{t}|nearR:{_bucket(sum(1 for p in qpos if j <= p < j + 4))}"]


def _content_at(tokens: Sequence[Token], ks: range) -> int | None:
    """The first index of ``ks`` holding a content token."""
    return next((k for k in ks if not (tokens[k].func or tokens[k].punct)), None)


def _question_features(info: QuestionInfo, tokens: Sequence[Token], i: int, j: int,
                       prev: Token | None, nxt: Token | None) -> list[str]:
    """The question's head noun and anchor words next to (or in) the span."""
    t, feats = info.answer_type, []
    if info.head is not None:
        hs = stem(info.head)
        if nxt is not None and nxt.stem == hs:
            feats.append(f"{t}|headnext")
        elif any(x.stem == hs for x in tokens[i:j]):
            feats.append(f"{t}|headin")
        elif prev is not None and prev.stem == hs:
            feats.append(f"{t}|headprev")
    if info.anchor_left is not None:
        k = _content_at(tokens, range(i - 1, max(-1, i - 5), -1))
        if k is not None and tokens[k].stem == info.anchor_left:
            feats.append(f"{t}|anchorL:{_bucket(i - 1 - k)}")
    if info.anchor_right is not None:
        k = _content_at(tokens, range(j, min(len(tokens), j + 4)))
        if k is not None and tokens[k].stem == info.anchor_right:
            feats.append(f"{t}|anchorR:{_bucket(k - j)}")
    return feats


#: Parts of speech that continue a noun phrase to their left or right: a span that stops
#: next to one ("Institute" of "Seoul's Institute for Far Eastern Studies" stops before
#: "for", but "mutual defense" of "mutual defense agreement" before a noun) is cut short.
_NOMINAL_LEFT = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})
_NOMINAL_RIGHT = frozenset({"NOUN", "PROPN", "NUM", "PART"})
_HEADS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "SYM"})


@lru_cache(maxsize=256)
def _tags(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The parts of speech of a sentence's tokens (the extractor may featurise a sentence
    more than once for one question)."""
    return tuple(tag(texts))


def _tag_features(t: str, tags: Sequence[str], i: int, j: int) -> list[str]:
    """The span's parts of speech (the tagger of :mod:`qa.text.tagger`): its first and last
    tag, its neighbours' tags, whether it is a whole noun phrase (open on neither side, a
    noun-like head last) and whether it holds a verb."""
    left_open = i > 0 and tags[i - 1] in _NOMINAL_LEFT
    right_open = j < len(tags) and tags[j] in _NOMINAL_RIGHT
    return [f"{t}|pos:{tags[i]}-{tags[j - 1]}",
            f"{t}|prevpos:{tags[i - 1] if i > 0 else 'EDGE'}",
            f"{t}|nextpos:{tags[j] if j < len(tags) else 'EDGE'}",
            f"{t}|np:{left_open:d}{right_open:d}{tags[j - 1] in _HEADS:d}",
            f"{t}|verb:{any(x in ('VERB', 'AUX') for x in tags[i:j]):d}"]


def candidate_features(info: QuestionInfo, tokens: Sequence[Token], i: int, j: int,
                       qpos: Sequence[int], tags: Sequence[str] | None = None) -> list[str]:
    """Sparse features of the span ``tokens[i:j]``, each conjoined with the answer type;
    ``tags`` are the tokens' parts of speech (tagged here when not given)."""
    t, span = info.answer_type, tokens[i:j]
    prev = tokens[i - 1] if i > 0 else None
    nxt = tokens[j] if j < len(tokens) else None
    feats = _span_features(info, span, i)
    feats += _neighbour_features(t, span, prev, nxt)
    feats += _distance_features(t, i, j, qpos)
    feats += _question_features(info, tokens, i, j, prev, nxt)
    feats += _tag_features(t, tags if tags is not None else _tags(tuple(x.text for x in tokens)),
                           i, j)
    for word in ("of", "and"):
        if any(x.low == word for x in span):
            feats.append(f"{t}|inner:{word}")
    return feats


def candidates(tokens: Sequence[Token]) -> Iterable[tuple[int, int]]:
    """Every span ``(i, j)`` of up to :data:`MAX_LEN` tokens that starts and ends on a
    content token and crosses no punctuation but :data:`INNER_OK`."""
    n = len(tokens)
    for i in range(n):
        a = tokens[i]
        if a.punct or a.func:
            continue
        for j in range(i + 1, min(n, i + MAX_LEN) + 1):
            b = tokens[j - 1]
            if j - 1 > i and b.punct and b.low not in INNER_OK:
                break
            if b.punct or b.func:
                continue
            yield i, j


def coarse(span: Sequence[Token]) -> str:
    """The coarse kind of a span: ``D`` date, ``N`` number, ``C`` capitalised, ``w`` other."""
    if any(x.cls in DATE_CLASSES for x in span):
        return "D"
    if any(x.num for x in span):
        return "N"
    return "C" if all(x.cap for x in span if not x.func) else "w"


def distance(i: int, j: int, qpos: Sequence[int]) -> int:
    """Tokens between the span ``(i, j)`` and the nearest question word (99 if none)."""
    return min((i - p if p < i else (p - j + 1 if p >= j else 0) for p in qpos), default=99)


def featurize(info: QuestionInfo, tokens: Sequence[Token]) -> list[tuple[int, int, list[str]]]:
    """Every candidate span ``(i, j)`` of ``tokens`` with its features."""
    qpos = [k for k, x in enumerate(tokens) if x.inq]
    tags = _tags(tuple(x.text for x in tokens))
    out, meta = [], []
    nearest: dict[str, int] = {}
    for i, j in candidates(tokens):
        span = tokens[i:j]
        if all(x.inq for x in span if not x.func):
            continue
        kind, dist = coarse(span), distance(i, j, qpos)
        if dist < nearest.get(kind, 999):
            nearest[kind] = dist
        out.append((i, j, candidate_features(info, tokens, i, j, qpos, tags)))
        meta.append((kind, dist))
    t = info.answer_type
    for (_, _, feats), (kind, dist) in zip(out, meta):
        if qpos and dist == nearest[kind]:
            feats.append(f"{t}|nearest:{kind}")
    return out


def best_candidate(info: QuestionInfo, tokens: Sequence[Token],
                   kind: str | None = None) -> tuple[int, int, float] | None:
    """The candidate ``(i, j)`` the weights score best, with its softmax probability among
    all candidates; with ``kind`` (a :func:`coarse` kind: "D" dates, "N" numbers), the best
    among those only. Ties go to the earlier, then the longer span."""
    w = weights()
    scored = [(sum(w.get(f, 0.0) for f in feats), i, j) for i, j, feats in featurize(info, tokens)
              if kind is None or coarse(tokens[i:j]) == kind]
    if not scored:
        return None
    best = max(scored, key=lambda s: (s[0], -s[1], s[2] - s[1]))
    top = best[0]
    z = sum(math.exp(s - top) for s, _, _ in scored)
    _, i, j = best
    return i, j, 1.0 / z
