"""The short-answer rules: a table of named functions, each reading one kind of question off
the answer sentence, tried in order; the first that finds a span decides.

Every rule has one signature, :data:`~qa.answer.context.RuleFn` (a
:class:`~qa.answer.context.Context` to a :class:`~qa.answer.context.ShortAnswer` or None),
and checks itself whether the question is its kind. :data:`RULES` lists them in
the order they are tried:

1. ``reason``: "Why ...?" -> the reason clause ("because of heavy rain" -> "heavy rain").
2. ``pronoun``: "Who ...?" whose verb follows a pronoun subject ("He suggested ...") -> the
   nearest person named in the previous sentences; ``replaces`` is the pronoun.
3. ``who_subject``: "Who denied ...?" -> the subject (or passive agent) of the same verb.
   This and rules 5 to 7 read the sentence's structure (:mod:`qa.answer.structure`).
4. ``claim``: "What did X say?" -> the claim (:func:`qa.answer.claims.reported_content`).
5. ``appositive``: "Who is X?", "What is X's job?" -> X's appositive or title.
6. ``doing``: "What are X doing?" -> the verb phrase after X.
7. ``verb_object``: "What has X shipped?" -> the noun phrase after the question's verb.
8. ``scorer``: the learned candidate scorer (:mod:`qa.answer.candidates`), its span shaped
   by :mod:`qa.answer.boundaries`.

The words are those of ``qa/data/answer_rules.txt`` and ``qa/data/function_words.txt``.
A new rule is a function of that signature added to :data:`RULES` where it must be tried;
``tests/test_span.py`` checks that every rule has a unique name and fires on an example.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answer.boundaries import shape
from qa.answer.candidates import DATE_CLASSES, Token, best_candidate, function_tokens, tokenize_span
from qa.answer.claims import reported_content
from qa.answer.context import Context, Rule, ShortAnswer
from qa.answer.lists import alternation
from qa.answer.question import QuestionInfo
from qa.answer.structure import PERSON_PRONOUNS, appositive, doing, verb_object, who_subject
from qa.text.wordlists import rows, words

__all__ = ["RULES", "scored"]

_LIST = "answer_rules.txt"


# --- reason ---------------------------------------------------------------------------------

def _cue(row: tuple[str, ...]) -> str:
    """One reason cue of ``answer_rules.txt`` as a regex: the phrase, and when a second field
    lists words, one of them must follow ("on speculation")."""
    if len(row) == 1:
        return re.escape(row[0])
    following = "|".join(re.escape(w) for w in row[1].split())
    return rf"{re.escape(row[0])}(?= (?:{following})\b)"


_REASON_RE = re.compile(rf"\b({'|'.join(_cue(r) for r in rows(_LIST, 'reason_cues'))})\b")
_NEXT_WORD = re.compile(r"\s+([^\W_]+)")
_CLAUSE_END = re.compile(rf"[,;:.!?]|\s(?:{alternation(_LIST, 'clause_breaks')})\s")


def reason(ctx: Context) -> ShortAnswer | None:
    """The reason clause of a "why" answer, without its cue ("because", "due to", "to").

    Explicit cues win over a purpose "to" + verb; among equals, the first cue after the
    question's words (else the first cue) is taken. The clause ends at punctuation or at a
    coordinating word.
    """
    info, s0 = ctx.info, ctx.start
    text = ctx.doc_text[s0:ctx.end]
    if info.answer_type != "reason" or len(text) > 5000:
        return None
    low = text.lower()
    first_q = next((x.start for x in tokenize_span(text, 0, info.stems) if x.inq), 0)
    func = function_tokens()
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
    return ShortAnswer(ctx.doc_text[start:end], start, end, True, None, "reason", 0.5)


# --- pronoun --------------------------------------------------------------------------------

def pronoun(ctx: Context) -> ShortAnswer | None:
    """"Who suggested ...?" answered by "He suggested ...": the subject-most person of the
    nearest earlier sentence that names one, replacing the pronoun. Only the first
    capitalised pronoun followed closely by a question word is tried."""
    if ctx.info.answer_type != "person":
        return None
    tokens = ctx.tokens
    for k, x in enumerate(tokens[:-1]):
        if x.low in PERSON_PRONOUNS and x.cap and any(y.inq for y in tokens[k + 1:k + 3]):
            return _resolve(ctx, x)
    return None


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


def _resolve(ctx: Context, pronoun: Token) -> ShortAnswer | None:
    """The subject-most person of the nearest earlier sentence that names one."""
    doc_text = ctx.doc_text
    for p0, p1 in sorted(ctx.previous, key=lambda se: -se[0])[:5]:
        p0, p1 = max(0, p0), min(len(doc_text), p1)
        if p1 - p0 > 5000:
            continue
        toks = tokenize_span(doc_text[p0:p1], p0, ctx.info.stems)
        runs = _person_runs(toks)
        if runs:
            a, b = runs[0]
            start, end = toks[a].start, toks[b - 1].end
            return ShortAnswer(doc_text[start:end], start, end, False,
                               (pronoun.start, pronoun.end), "person", 0.5)
    return None


# --- claim ----------------------------------------------------------------------------------

def claim(ctx: Context) -> ShortAnswer | None:
    """"What do X contend?": the claim (:func:`qa.answer.claims.reported_content`)."""
    if ctx.info.answer_type != "noun_phrase" or ctx.info.head is not None:
        return None
    span = reported_content(ctx.info, ctx.tokens)
    return None if span is None else ctx.answer(span, "claim")


# --- scorer ---------------------------------------------------------------------------------

_PLACE_PREPS = words(_LIST, "place_prepositions")


def scorer(ctx: Context) -> ShortAnswer | None:
    """The learned candidate scorer's best span, shaped to the answer type."""
    return scored(ctx.info, ctx.tokens, ctx.doc_text)


def scored(info: QuestionInfo, tokens: Sequence[Token], doc_text: str,
           coarse: str | None = None) -> ShortAnswer | None:
    """The span the fitted weights score best, shaped to the answer type; with ``coarse``
    ("D" dates, "N" numbers), the best among those candidates only."""
    best = best_candidate(info, tokens, coarse)
    if best is None:
        return None
    i, j = shape(info, tokens, best[0], best[1])
    start, end = tokens[i].start, tokens[j - 1].end
    kind = _kind(info, tokens[i:j], tokens[i - 1] if i else None)
    if kind in ("person", "place") and doc_text[start:end].endswith(("'s", "’s")):
        end -= 2  # "Who visited Pyongyang?" -> "President Vladimir Putin", not "...Putin's"
    return ShortAnswer(doc_text[start:end], start, end, True, None, kind, best[2])


def _kind(info: QuestionInfo, span: Sequence[Token], prev: Token | None) -> str:
    classes = {x.cls for x in span}
    if classes & DATE_CLASSES or ("time" in classes and any(x.num for x in span)):
        return "date"
    if any(x.num for x in span):
        return "number"
    if "place" in classes or (prev is not None and prev.low in _PLACE_PREPS
                              and span[0].cap and info.answer_type == "place"):
        return "place"
    if span[0].cap and (info.answer_type == "person" or "title" in classes):
        return "person"
    return "noun_phrase"


#: The rules, in the order they are tried.
RULES: tuple[Rule, ...] = (
    Rule("reason", reason),
    Rule("pronoun", pronoun),
    Rule("who_subject", who_subject),
    Rule("claim", claim),
    Rule("appositive", appositive),
    Rule("doing", doing),
    Rule("verb_object", verb_object),
    Rule("scorer", scorer),
)
