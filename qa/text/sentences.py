"""Sentence segmentation with character offsets: NLTK Punkt plus rules for news text.

``split_sentences(text)`` returns ``(start, end)`` offsets such that ``text[start:end]`` is a
sentence without surrounding white space; spans are ordered, do not overlap and cover every
non-space character exactly once.

Design
------
Punkt (Kiss & Strunk 2006, ``nltk.tokenize.punkt``) decides whether a period ends a sentence
from the word before it and the word after it: abbreviations, initials, numbers,
collocations, orthographic evidence and frequent sentence starters. No trained model is
loaded; its parameters are plain word lists in ``qa/data/`` (see ``qa.text.punkt``).
:class:`NewsPunktTokenizer` subclasses ``PunktSentenceTokenizer``: its inherited
``span_tokenize`` calls our ``_slices_from_text``, which finds the candidates and applies the
rules below, asking Punkt's first and second annotation passes for the decisions that are
Punkt's to make. The text is cut in three stages; each stage only adds boundaries inside the
pieces of the stage before.

1. Blocks. A blank line ends a paragraph. A single line break also ends a sentence unless the
   next line starts with a lower-case word and is not a list item (a wrapped sentence goes
   on). Headlines, datelines, table rows and list lines therefore stand alone.
2. Items. Inside a block an item starts at every bullet (``•``, ``◦``, ``▪``, ``⁃`` ...) that
   follows white space, and at every member of an enumeration (``1.``, ``2)``, ``3.)``,
   ``a.``, ``(b)``) whose first member is 1, a or A, opens the block or follows a colon, and
   whose members count up one by one in the same style. The item's marker (``• 9.``, ``2.)``,
   ``- ``) is kept out of stage 3, so it never ends a sentence.
3. Sentences. A candidate is a run of ``.?!…`` (dots may be spaced, ``. . .``) with any
   closing quotes and brackets, followed by white space and a next word. In order:

   a. no letter since the last boundary: no boundary (``1.``, ``$5.``);
   b. the next word is lower case: no boundary (``"Great." she said``, ``Yahoo! in``);
   c. ``?`` or ``!``: boundary;
   d. a period glued to a word and followed by a spaced ellipsis (``compounds. . . . The``) is
      decided as a period (step e) and the ellipsis opens the next sentence; four dots or
      more are an ellipsis plus a full stop: boundary; two or three dots or ``…``: Punkt's
      ellipsis decision (a boundary only before a known sentence starter, so
      ``. . . I didn't`` goes on);
   e. one period: Punkt's decision, with a fast path for a plain word that is not an
      abbreviation (the same answer, without tokenizing). Letter-dot sequences (``U.S.``,
      ``a.m.``) count as abbreviations. Then two rules for periods after abbreviations:
      the *title rule* makes a boundary before a title (``6 P.M. Mr. Smith``), the
      *fragment rule* removes a boundary that would leave only a short opening
      prepositional phrase (``At 5 a.m. Mr. Smith went ...``).

   A boundary followed only by detached closing quotes moves past them, as Punkt's
   realignment (run by ``span_tokenize`` afterwards) would.

``explain_sentences(text)`` lists every decision with the rule that made it, like Punkt's
``debug_decisions``. Every regular expression here is linear in its input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from nltk.tokenize.punkt import (
    REASON_DEFAULT_DECISION,
    PunktLanguageVars,
    PunktSentenceTokenizer,
    PunktToken,
)

from qa.text.punkt import SegmenterParams, load_params

logger = logging.getLogger(__name__)

__all__ = ["Decision", "NewsPunktTokenizer", "explain_sentences", "split_sentences"]

_BULLETS = "•‣◦⁃∙●○▪▫■□►▸▶➢➤✓✔·"
_OPENERS = "\"'“‘«([{¿¡"
_CLOSERS = "\"'”’»)]}"
# English prepositions that open a sentence; a short run of words starting with one of
# them and ending in an abbreviation ("At 5 a.m.") is an opening phrase, not a sentence.
_PREPOSITIONS = frozenset(
    ["about", "after", "around", "at", "before", "by", "circa", "during", "from", "in", "near"]
    + ["on", "since", "till", "to", "toward", "towards", "until"]
)
_FRAGMENT_MAX_WORDS = 4
_FRAGMENT_MAX_CHARS = 60

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_BULLET = re.compile(f"[{_BULLETS}]")
_ENUMERATOR = r"\(?(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])"
_LIST_START = re.compile(rf"[{_BULLETS}]|[-*+](?!\S)|{_ENUMERATOR}(?!\S)")
_MARKER = re.compile(rf"(?:[{_BULLETS}]\s*|[-*+]\s+)?(?:{_ENUMERATOR}(?=\s|$))?")
_ENUM = re.compile(r"(?<!\S)(\(?)(?:(\d{1,3})|([a-z])|([A-Z]))(\.\)|[.)])(?=\s)")
_CLUSTER = re.compile(rf"[.?!…](?: ?[.?!…])*[{re.escape(_CLOSERS)}]*")
_NEXT_WORD = re.compile(r"\S{1,64}")
_STRAY_CLOSERS = re.compile("[\"')\\]}\u2018\u2019\u201c\u201d\xab\xbb]+")
_LETTER = re.compile(r"[^\W\d_]")
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")


class Decision(NamedTuple):
    """One candidate boundary and why it was (not) made; see :func:`explain_sentences`."""

    offset: int
    """Offset in the text of the punctuation or line break considered."""
    boundary: bool
    rule: str
    context: str


def _standard_re(pattern: object, flags: int) -> re.Pattern[str]:
    """Compile one of NLTK's Punkt patterns (a ``re`` or ``nltk.redos`` pattern) with ``re``."""
    source = getattr(pattern, "pattern", pattern)
    assert isinstance(source, str)
    return re.compile(source, flags)


class _LanguageVars(PunktLanguageVars):
    """Punkt's English variables, with NLTK's own patterns compiled by the standard ``re``.

    NLTK 3.10 routes its patterns through a timeout guard (``nltk.redos``) that costs time on
    every call and could raise under load. Both patterns are linear: the word tokenizer only
    ever sees one word of at most 65 characters, the realignment pattern is anchored and lazy.
    """

    __slots__ = ()
    re_boundary_realignment = _standard_re(PunktLanguageVars.re_boundary_realignment, re.MULTILINE)
    _word_tokenizer = _standard_re(
        PunktLanguageVars()._word_tokenizer_re(), re.UNICODE | re.VERBOSE
    )

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return self._word_tokenizer


class NewsPunktTokenizer(PunktSentenceTokenizer):
    """``PunktSentenceTokenizer`` with shipped parameters and the rules of stage 3.

    ``span_tokenize`` is Punkt's; it segments one list item (stage 2 output). Use
    :func:`split_sentences` for whole documents.
    """

    def __init__(self, params: SegmenterParams) -> None:
        super().__init__(lang_vars=_LanguageVars())
        self._params = params.punkt
        self._segmenter_params = params

    # -- Punkt hooks --------------------------------------------------------------------------

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        """Punkt's type-based pass, plus: a letter-dot sequence (``U.S.``, ``a.m.``) is an abbreviation."""
        super()._first_pass_annotation(aug_tok)
        if aug_tok.sentbreak and _DOTTED.fullmatch(aug_tok.tok):
            aug_tok.sentbreak = False
            aug_tok.abbr = True

    def _slices_from_text(self, text: str) -> Iterator[slice]:
        return self.slices(text, None)

    # -- stage 3 ------------------------------------------------------------------------------

    def slices(self, text: str, trace: list[Decision] | None) -> Iterator[slice]:
        """Yield the sentences of ``text`` (one stripped list item) as slices, before realignment."""
        size = len(text)
        last = 0
        letter = _first_letter(text, 0)
        for match in _CLUSTER.finditer(text):
            start, end = match.span()
            if end < size and not text[end].isspace():
                continue  # inside a token: "Jane.Doe", "Jr.'s", "mean...see"
            following = _NEXT_WORD.search(text, end)
            if following is None:
                break
            if letter >= start:
                cut, rule = None, "no word since the last boundary"
            else:
                cut, rule = self._decide(text, last, start, end, following.group())
            if cut == end:
                cut, rule = _after_stray_closers(text, cut, rule)
            if trace is not None:
                context = text[max(0, start - 30) : following.end()]
                trace.append(Decision(start, cut is not None, rule, context))
            if cut is not None:
                yield slice(last, cut)
                last = _NEXT_WORD.search(text, cut).start()  # type: ignore[union-attr]
                letter = _first_letter(text, last)
        yield slice(last, size)

    def _decide(
        self, text: str, last: int, start: int, end: int, following: str
    ) -> tuple[int | None, str]:
        """Return where the sentence ends at this candidate (or None) and the rule that decided."""
        core = text[start:end].rstrip(_CLOSERS)
        next_word = following.lstrip(_OPENERS) or following
        if next_word[0].islower() and next_word.lower() == next_word:
            return None, "next word is lower case"
        if "?" in core or "!" in core:
            return end, "question or exclamation mark"
        before = text[max(last, start - 64) : start]
        word = before.split()[-1] if before and not before[-1].isspace() else ""
        if core == ".":
            return self._period(text, last, start, end, word, following)
        if word and core[0] == "." and core[1] == " ":
            cut, rule = self._period(text, last, start, start + 1, word, following)
            return cut, f"{rule}; period before a spaced ellipsis"
        if core.count(".") + 3 * core.count("…") >= 4:
            return end, "ellipsis and full stop"
        ellipsis = self._annotated("...")
        following_tok = self._annotated(following, first=True)
        reason = (
            self._second_pass_annotation(ellipsis, following_tok)
            or "next word is no sentence starter"
        )
        return (end if ellipsis.sentbreak else None), f"ellipsis: {reason}"

    def _period(
        self, text: str, last: int, start: int, end: int, word: str, following: str
    ) -> tuple[int | None, str]:
        params = self._segmenter_params
        bare = word.lstrip(_OPENERS)
        lower = bare.lower()
        if (
            len(bare) > 1
            and bare.isalpha()
            and lower not in params.abbreviations
            and lower not in params.collocation_heads
        ):
            return end, "word before the period is not an abbreviation"
        token = self._annotated(word + ".")
        rule = self._second_pass_annotation(token, self._annotated(following, first=True))
        rule = rule or _first_pass_rule(token)
        boundary = bool(token.sentbreak)
        if token.abbr and not token.is_initial:
            if (
                not boundary
                and token.type_no_period not in params.titles
                and self._annotated(
                    following.lstrip(_OPENERS) or following, first=True
                ).type_no_period
                in params.titles
            ):
                boundary, rule = True, "title rule: a title follows an abbreviation"
            if boundary and _is_opening_phrase(text, last, start):
                boundary, rule = False, f"fragment rule: opening phrase only (not {rule})"
        return (end if boundary else None), rule

    def _annotated(self, word: str, first: bool = False) -> PunktToken:
        """The first (or last) Punkt token of ``word``, after Punkt's first annotation pass."""
        pieces = self._lang_vars.word_tokenize(word) or [word]
        token = self._Token(pieces[0] if first else pieces[-1])
        self._first_pass_annotation(token)
        return token


def _first_pass_rule(token: PunktToken) -> str:
    if token.abbr:
        return "Punkt: known abbreviation"
    return f"Punkt: {REASON_DEFAULT_DECISION}"


def _after_stray_closers(text: str, cut: int, rule: str) -> tuple[int | None, str]:
    """Move ``cut`` past detached closing quotes, as Punkt's realignment would."""
    while (following := _NEXT_WORD.search(text, cut)) is not None:
        stray = _STRAY_CLOSERS.match(text, following.start())
        if stray is None or (stray.end() < len(text) and not text[stray.end()].isspace()):
            return cut, rule
        cut = stray.end()
    return None, "only closing quotes follow"


def _first_letter(text: str, start: int) -> int:
    """Offset of the first letter at or after ``start`` (``len(text)`` if none)."""
    found = _LETTER.search(text, start)
    return len(text) if found is None else found.start()


def _is_opening_phrase(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only a short phrase opened by a preposition ("At 5 a.m")."""
    if end - start > _FRAGMENT_MAX_CHARS:
        return False
    words = text[start:end].split()
    return len(words) <= _FRAGMENT_MAX_WORDS and words[0].lstrip(_OPENERS).lower() in _PREPOSITIONS


@lru_cache(maxsize=1)
def _tokenizer() -> NewsPunktTokenizer:
    tokenizer = NewsPunktTokenizer(load_params())
    logger.debug("sentence tokenizer ready")
    return tokenizer


# -- stage 1: blocks ----------------------------------------------------------------------------


def _continues(text: str, start: int) -> bool:
    """Whether the line starting (after its indent) at ``start`` goes on the sentence before."""
    word = _NEXT_WORD.match(text, start).group()  # type: ignore[union-attr]
    return word[0].islower() and word.lower() == word and _LIST_START.match(text, start) is None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every line, without its line break."""
    position = 0
    for match in _LINE_BREAK.finditer(text):
        yield position, match.start()
        position = match.end()
    yield position, len(text)


def _blocks(text: str, trace: list[Decision] | None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of the stripped blocks: paragraphs and lines that stand alone."""
    block_start = block_end = -1
    blank = False
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        content = line.lstrip()
        if not content:
            blank = True
            continue
        start = line_end - len(content)
        end = line_start + len(line.rstrip())
        if block_start >= 0 and (blank or not _continues(text, start)):
            if trace is not None:
                rule = "blank line" if blank else "line break before a new line or item"
                trace.append(
                    Decision(block_end, True, rule, text[max(0, block_end - 30) : start + 30])
                )
            yield block_start, block_end
            block_start = start
        elif block_start < 0:
            block_start = start
        block_end = end
        blank = False
    if block_start >= 0:
        yield block_start, block_end


# -- stage 2: items -----------------------------------------------------------------------------


def _enumeration_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets of the members of the enumerations in the block ``text[start:end]``."""
    if _ENUM.match(text, start, end) is None and text.find(":", start, end) < 0:
        return []
    members: list[int] = []
    chain: list[int] = []
    expected: tuple[tuple[str, str, str], int] | None = None
    for match in _ENUM.finditer(text, start, end):
        opener, digits, lower, upper, closer = match.groups()
        if opener and closer != ")":
            continue
        kind = "1" if digits else ("a" if lower else "A")
        value = int(digits) if digits else ord(lower or upper) - ord(kind) + 1
        style = (opener, kind, closer)
        if (style, value) == expected:
            chain.append(match.start())
            expected = (style, value + 1)
        elif value == 1 and (
            match.start() == start
            or text[max(start, match.start() - 8) : match.start()].rstrip().endswith(":")
        ):
            if len(chain) > 1:
                members.extend(chain)
            chain, expected = [match.start()], (style, 2)
    if len(chain) > 1:
        members.extend(chain)
    return members


def _items(
    text: str, start: int, end: int, trace: list[Decision] | None
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of the stripped list items of a block (the block itself if none)."""
    starts = {start}
    for match in _BULLET.finditer(text, start + 1, end):
        if text[match.start() - 1].isspace():
            starts.add(match.start())
    starts.update(_enumeration_starts(text, start, end))
    ordered = sorted(starts)
    if trace is not None:
        trace.extend(Decision(i, True, "list item", text[i : i + 30]) for i in ordered[1:])
    for item_start, next_start in zip(ordered, [*ordered[1:], end]):
        yield item_start, item_start + len(text[item_start:next_start].rstrip())


# -- public API ---------------------------------------------------------------------------------


def _segment(text: str, trace: list[Decision] | None) -> Iterator[tuple[int, int]]:
    tokenizer = _tokenizer()
    for block_start, block_end in _blocks(text, trace):
        for item_start, item_end in _items(text, block_start, block_end, trace):
            marker_end = _MARKER.match(text, item_start, item_end).end()  # type: ignore[union-attr]
            body = _NEXT_WORD.search(text, marker_end, item_end)
            if body is None:
                yield item_start, item_end
                continue
            offset = body.start()
            item = text[offset:item_end]
            if trace is None:
                spans = tokenizer.span_tokenize(item)
            else:
                local: list[Decision] = []
                slices = tokenizer._realign_boundaries(item, tokenizer.slices(item, local))
                spans = ((piece.start, piece.stop) for piece in list(slices))
                trace.extend(d._replace(offset=d.offset + offset) for d in local)
            for number, (start, end) in enumerate(spans):
                yield (item_start if number == 0 else offset + start), offset + end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their ``(start, end)`` character offsets.

    >>> split_sentences("Mr. Smith left. He said so.")
    [(0, 15), (16, 27)]
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() needs a str, got {type(text).__name__}")
    return list(_segment(text, None))


def explain_sentences(text: str) -> list[Decision]:
    """Every boundary considered in ``text``, in order, with the rule that decided it.

    >>> [(d.boundary, d.rule) for d in explain_sentences("Hello World. My name is Jonas.")]
    [(True, 'word before the period is not an abbreviation')]
    """
    trace: list[Decision] = []
    for _ in _segment(text, trace):
        pass
    return sorted(trace, key=lambda decision: decision.offset)
