"""Attribution: who in the text makes the claim of each sentence (SPEC "Attribution").

``attribute(sentences)`` takes the sentences of one document in order and returns one
:class:`Attribution` per sentence: ``source`` (the phrase naming who makes the claim),
``cue`` (the reporting verb or phrase as written), their offsets in the sentence, and
``resolved_from`` when the source was found in another sentence.

Rules over a regex tokenization; no tagger, parser or downloaded model. Word lists live
in :mod:`qa.analysis.reporting` and ``qa/data/reporting_verbs.txt``.

1. *Prefilter.* A sentence sharing no word with the cue lexicon is the author's voice.
2. *Cues, left to right*, outside quotation marks; a closing frame (", the source added.")
   wins, else the first cue that passes its checks: the **outermost** frame of nested
   reports. Not a cue after a determiner or "to" ("the said property", "hard to tell"), in
   idioms ("easier said than done"); noun/verb forms ("claims", "plans") only before
   "that", "to", a determiner, a pronoun, a name or a quote; verbs with an ordinary sense
   ("added jobs") only before "that", a quote or punctuation, or right after a quotation.
3. *Source.* The noun phrase left of the cue (auxiliaries, "n't", -ly adverbs and a time
   phrase such as "on Saturday" skipped, "(D-Mo.)" kept), read back to a clause boundary;
   an opening prepositional phrase is dropped, a reduced relative is read past ("A poll
   released in August found" -> "A poll"), and a name after an event noun is taken alone
   ("the third time AROS said" -> "AROS"). Variants: inverted ", said X" (with its
   appositive ", a professor at Y." when ``appositive``); "According to X"; "as X put
   it"; passive "was announced by X" ("is said to" gives a cue and no source); "X, who
   said"; "X, 56, a professor at Y, stressed" (the appositive is kept by default, as in the SPEC's "Lim Eulchul, a professor at
   ..."; ``appositive=False`` gives "Lim Eulchul"; a participle, "which" or prepositional
   aside such as ", speaking of Y," or ", in a statement," is left out, while a "who"
   clause describing the person stays); an elided subject (", saying", "and added")
   takes the name opening the sentence.
4. *Pronouns.* "He"/"She" take the nearest earlier source that is one person of a fitting
   gender (from "Mr."/"Mrs."/"Ms." and gendered nouns, carried to the same surname), or a
   person named later than that source as the subject opening a sentence ("Mrs. Clinton
   has ..."; one capitalised word counts only if the text also names it mid-sentence).
   "They" takes a plural or a group, "It" a group or a document. ``source_span`` stays on
   the pronoun and ``resolved_from`` = (sentence, start, end) locates the name.
5. *Content over several sentences* takes the source with ``source_span`` None: the
   sentences of an open quotation (speaker before, else after it); a quotation signed on
   its own line ("“...” ― Esther Tapia"); the sentence after a frame ending in a colon
   ("The governor added:"), or, when the caller gives paragraph numbers, the whole
   paragraph it introduces; the rest of the paragraph of a speaker label ("PENCE: ...").
   Nothing else continues: a sentence after "X said that A." is the author's again
   unless quoted (on PolNeAR dev, "that" clauses, pronouns or
   connectives opening the next sentence marked 4 author's sentences per reported one).

Every step is a constant number of passes over the tokens of one sentence; all regexes
are linear. Nothing here raises on any string.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from qa.analysis.reporting import (  # word classes and phrase classifiers
    ABBREVIATIONS,
    ACCORDING_STOP,
    AUXILIARIES,
    BE,
    BETWEEN,
    DEGREE_WORDS,
    DETERMINERS,
    DOCUMENT_HEADS,
    EVENT_NOUNS,
    IDIOM_BEFORE_TO,
    INVERSION_END,
    LEFT_STOP,
    LICENSE_NOMINAL,
    LICENSE_WEAK,
    LY_NOT_ADVERBS,
    NAMING,
    NOT_SPEAKERS,
    NUMBER_WORDS,
    OBJECT_PRONOUNS,
    PARTICIPLE_ADJECTIVES,
    PASSIVE_BARE,
    PREPOSITIONS,
    PRONOUNS,
    QUOTES_CLOSE,
    QUOTES_OPEN,
    RIGHT_STOP,
    SENTENCE_ADVERBS,
    SIGNATURE_DASHES,
    TIME_MODIFIERS,
    TIME_NOUNS,
    TIME_WORDS,
    WEAK_WITH_TO,
    fits,
    gender,
    learn_gender,
    lexicon,
    referent_kind,
    signature,
    source_gender,
    subject_mention,
)

logger = logging.getLogger(__name__)

__all__ = ["Attribution", "attribute", "attribute_sentence", "phrase_after", "subject_before"]

_TOKEN = re.compile(r"\w+(?:[’'.&/-]\w+)*|\S")
_WORD = re.compile(r"[a-z]+")
_QUOTE_RE = re.compile(r"''|[“”«»\"]")
_ABBREV = re.compile(r"[A-Z](?:\.[A-Z])*")
_QUOTE_CHARS = frozenset("\"'“”‘’«»")
_MAX_NP = 12
_MAX_APPOSITIVE = 24
_MAX_QUOTE_RUN = 30
_MAX_PAREN = 8
_MAX_TAIL = 120
_CLOSERS = frozenset(".!?\"”’')")


@dataclass(frozen=True)
class Attribution:
    """Who makes the claim of one sentence; every field None is the author's own voice."""

    source: str | None = None
    cue: str | None = None
    source_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    resolved_from: tuple[int, int, int] | None = None

    def to_dict(self) -> dict[str, str | None]:
        """The SPEC's ``attribution`` object."""
        return {"source": self.source, "cue": self.cue}


_NONE = Attribution()


class _Hit(NamedTuple):
    source: tuple[int, int] | None  # full extent (with the appositive when asked)
    core: tuple[int, int] | None  # the noun phrase alone, used for pronoun agreement
    cue: tuple[int, int]


class _Sentence:
    """Tokens of one sentence with their offsets."""

    __slots__ = ("lows", "n", "spans", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [m.span() for m in _TOKEN.finditer(text)]
        self.words = [text[s:e] for s, e in self.spans]
        self.lows = [w.lower() for w in self.words]
        self.n = len(self.words)

    def is_word(self, k: int) -> bool:
        return 0 <= k < self.n and (self.words[k][0].isalnum() or self.words[k][0] == "_")

    def cap(self, k: int) -> bool:
        return self.is_word(k) and self.words[k][0].isupper()

    def low(self, k: int) -> str:
        return self.lows[k] if 0 <= k < self.n else ""

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens a..b inclusive."""
        return (self.spans[a][0], self.spans[b][1])


def _abbrev(word: str) -> bool:
    """An abbreviation whose period does not end a name ("Mr.", "Rev.", "D.", "Wis.")."""
    return word in ABBREVIATIONS or _ABBREV.fullmatch(word) is not None


def _is_adverb(s: _Sentence, k: int) -> bool:
    w = s.lows[k]
    if w in BETWEEN or w.endswith(("n't", "n’t")):
        return not (k and s.words[k] == "May")  # the month, not the modal
    return len(w) > 4 and w.endswith("ly") and s.words[k].islower() and w not in LY_NOT_ADVERBS


def _joins(s: _Sentence, k: int) -> bool:
    """Whether the "and" at k joins two parts of one subject ("Smith and Jones", "Harvard
    and the University of Ghana", "Regulators and environmental groups")."""
    names = s.cap(k - 1) and (s.cap(k + 1) or s.low(k + 1) == "the" and s.cap(k + 2))
    return names or _opening_conjunct(s, k)


def _ends_np(s: _Sentence, k: int, j: int) -> bool:
    """Whether token k, read back from j, lies outside the subject: a clause word, another
    verb, or a lower-case participle ("... included one saying")."""
    w, lw = s.words[k], s.lows[k]
    if lw in LEFT_STOP:
        return not (w == "May" and k)  # the month
    if lw in lexicon().verbs and k != j and w.islower():
        return True
    return w.islower() and lw.endswith(("ed", "ing")) and lw not in PARTICIPLE_ADJECTIVES


def _reduced_relative(s: _Sentence, k: int, j: int) -> int | None:
    """For the participle at k in "A poll released in late August found" or "A study that
    appeared in the journal found": the last token of the noun it modifies, or None."""
    after = s.low(k + 1)
    if k >= j or not s.lows[k].endswith("ed"):
        return None
    if not (after in PREPOSITIONS or after in TIME_WORDS or after in TIME_MODIFIERS or after == "to"):
        return None
    head = k - 2 if s.low(k - 1) in ("that", "which") else k - 1
    return head if s.is_word(head) and s.lows[head] not in LEFT_STOP else None


def _left_np(s: _Sentence, j: int, reduced: bool = True) -> tuple[int, int] | None:
    """Token range of the noun phrase ending at token j, read backwards; None if empty.
    With ``reduced``, a noun followed by a participle and its prepositional phrase is
    read past them (see :func:`_reduced_relative`)."""
    if j < 0 or s.lows[j] in PREPOSITIONS or s.lows[j] == "of":
        return None
    start = -1
    k = j
    while k >= 0 and j - k < _MAX_NP:
        w = s.words[k]
        if w == ")":
            opening = _paren(s, k, -1)
            if opening < 0:
                break
            k = opening - 1
            continue
        if s.is_word(k):
            if not (s.lows[k] == "and" and _joins(s, k)) and _ends_np(s, k, j):
                if k < j and s.low(k - 1) in DETERMINERS:
                    start = k  # "the embattled senator", "a leading expert"
                    k -= 1
                    continue
                head = _reduced_relative(s, k, j) if reduced else None
                return _left_np(s, head, reduced=False) if head is not None else _trim(s, start, j)
            start = k
        elif not (k < j and k > 0 and (
            w == "." and _abbrev(s.words[k - 1])
            or w in "’'" and s.spans[k - 1][1] == s.spans[k][0]
        )):
            break
        k -= 1
    return _trim(s, start, j)


def _trim(s: _Sentence, start: int, j: int) -> tuple[int, int] | None:
    """The subject in tokens start..j without what opens it: a name after an event noun
    ("the third time AROS" -> "AROS"), sentence adverbs and a leading preposition ("In
    Seoul officials" -> "officials"; "with reports" -> "reports")."""
    if start < 0:
        return None
    for m in range(j, start, -1):
        if s.lows[m - 1] in EVENT_NOUNS and s.words[m - 1].islower() and (
            s.cap(m) and s.lows[m] not in DETERMINERS or s.lows[m] in ("the", "a", "an") and m < j
        ):
            start = m
            break
    while start <= j:
        lw = s.lows[start]
        if lw in SENTENCE_ADVERBS or not s.is_word(start):
            start += 1
        elif lw in PREPOSITIONS and start < j:
            det = next((m for m in range(start + 1, j + 1) if s.lows[m] in DETERMINERS), -1)
            start = det if det > 0 else (start + 2 if start + 2 <= j else start + 1)
        else:
            break
    return (start, j) if start <= j else None


def _opening_conjunct(s: _Sentence, k: int) -> bool:
    """Whether the "and" at k joins a short noun phrase opening the sentence to the next
    one: "Regulators and environmental groups worried"."""
    verbs = lexicon().verbs
    return 0 < k <= 4 and all(
        s.is_word(m) and s.lows[m] not in LEFT_STOP and s.lows[m] not in verbs
        and s.lows[m] not in PREPOSITIONS and s.lows[m] not in SENTENCE_ADVERBS
        for m in range(k)
    )


def _paren(s: _Sentence, k: int, step: int) -> int:
    """Index of the parenthesis matching the one at k, a few tokens away (step -1 looks
    back from ")", +1 forward from "("), or -1."""
    want, other = ("(", ")") if step < 0 else (")", "(")
    for m in range(k + step, min(max(k + step * _MAX_PAREN, -1), s.n), step):
        if s.words[m] == want:
            return m
        if s.words[m] == other:
            return -1
    return -1


def _right_np(s: _Sentence, i: int, stops: frozenset[str]) -> tuple[int, int] | None:
    """Token range of the noun phrase starting at token i, read forwards; None if empty."""
    end = -1
    k = i
    while k < s.n and k - i < _MAX_NP:
        w, lw = s.words[k], s.lows[k]
        if s.is_word(k):
            if lw in stops and not (lw == "and" and s.cap(k - 1) and s.cap(k + 1)):
                break
            end = k
        elif w == "." and k > i and _abbrev(s.words[k - 1]) and s.is_word(k + 1):
            pass
        elif w == "(" and k > i:
            closing = _paren(s, k, 1)
            if closing < 0:
                break
            end = k = closing
        else:
            break
        k += 1
    return (i, end) if end >= i else None


def _initial_np(s: _Sentence) -> tuple[int, int] | None:
    """The capitalised name opening the sentence ("The White House", "Sen. Tim Kaine")."""
    k = 0
    while k < min(s.n, _MAX_NP) and (not s.is_word(k) or s.lows[k] in SENTENCE_ADVERBS):
        k += 1
    if s.low(k) in PREPOSITIONS:  # "In 1986, the Supreme Court blocked ..., citing"
        comma = next((m for m in range(k + 1, min(k + _MAX_NP, s.n)) if s.words[m] == ","), -1)
        k = comma + 1 if comma > 0 else s.n
    start, end = k, -1
    if k < s.n and s.lows[k] in DETERMINERS and s.lows[k] not in PRONOUNS:
        k += 1
    while k < s.n and k - start < _MAX_NP:
        if s.cap(k) and s.lows[k] not in PRONOUNS:
            end = k
        elif not (s.words[k] == "." and _abbrev(s.words[k - 1])):
            break
        k += 1
    return (start, end) if end >= start else None


def _appositive(s: _Sentence, comma: int) -> tuple[int, int] | None:
    """For "X, a professor at Y, said": the range of X given the comma before the cue."""
    for k in range(comma - 1, max(comma - _MAX_APPOSITIVE, 0) - 1, -1):
        w = s.words[k]
        if w == ",":
            if k == comma - 1:
                return None
            if k >= 2 and s.words[k - 1].isdigit() and s.words[k - 2] == ",":
                continue  # an age: "Schiff, 56, who has served ..., told"
            np = _left_np(s, k - 1)
            return np if np is not None and s.cap(np[0]) or np and s.lows[np[0]] in DETERMINERS else None
        if w in "'’" and k and s.spans[k - 1][1] == s.spans[k][0] and s.lows[k - 1].endswith("s"):
            continue  # a plural possessive: "the families' lawyer"
        if w == "." and k and _abbrev(s.words[k - 1]):
            continue  # "The minister, Mr. Guajardo, argues"
        if w in _QUOTE_CHARS or w in ".;:!?" or s.lows[k] in lexicon().verbs:
            return None
    return None


def _clause_word(s: _Sentence, k: int) -> bool:
    """Whether token k opens a clause that is not part of a source's name: a participle
    ("speaking of Y") or a relative "which" (about a thing, as in "a coalition, which
    is made up of ..."); "who" clauses describe the person and stay."""
    lw = s.low(k)
    if lw == "which" or lw in PREPOSITIONS and lw != "of":
        return True  # ", in a statement,": where it was said, not who said it
    return s.is_word(k) and s.words[k].islower() and lw.endswith(("ing", "ed")) and (
        lw not in PARTICIPLE_ADJECTIVES
    )


def _clause_start(s: _Sentence, comma: int) -> int | None:
    """For "X, speaking of Y, said" or "X, which is made up of Y, said": the comma opening
    the participial or relative clause that ends at ``comma``, or None."""
    for k in range(comma - 1, max(comma - _MAX_APPOSITIVE, 1) - 1, -1):
        w = s.words[k]
        if w == ",":
            return k if k + 1 < comma and _clause_word(s, k + 1) else None
        if w in _QUOTE_CHARS or w in ".;:!?":
            return None
    return None


def _right_appositive(s: _Sentence, comma: int) -> int | None:
    """For ", said X, a professor at Y.": the last token of the appositive that runs from
    the comma at ``comma`` to the end of the sentence, or None."""
    if s.words[comma] != "," if comma < s.n else True:
        return None
    end = s.n - 1
    while end > max(comma, s.n - 5) and s.words[end] in _CLOSERS:
        end -= 1
    if end <= comma + 1 or end - comma > _MAX_APPOSITIVE + 8:
        return None
    if any(w in _QUOTE_CHARS or w in ";:" for w in s.words[comma + 1 : end + 1]):
        return None
    if _clause_word(s, comma + 1):  # ", said X, speaking of Y.": not a title of X
        return None
    return end


def _is_cue_context(s: _Sentence, i: int, lw: str) -> bool:
    """Reject the non-reporting uses of a cue word at token i."""
    lex = lexicon()
    prev = s.low(i - 1)
    if prev in DETERMINERS or prev in PREPOSITIONS or prev == "of" or prev.endswith(("'s", "’s")):
        return False
    if prev in DEGREE_WORDS:
        return False  # "more detailed", "so called": an adjective
    k = _skip_adverbs(s, i - 1)
    if k < i - 1 and s.low(k) in DETERMINERS:
        return False  # "a swiftly called meeting"
    if prev in NUMBER_WORDS and s.low(i - 2) != "no":
        return False  # "in one tweet", "two reports" ("no one said" reports)
    if prev == "," and lw in NAMING and (s.cap(i + 1) or s.low(i + 1) in "“\"'‘"):
        return False  # "The program, called EB-5, allows": a name, not a report
    if prev == "to" and (s.low(i - 2) in IDIOM_BEFORE_TO or lex.verbs.get(lw) == lw):
        return s.low(i - 2) == "on"  # "went on to say"
    if lw == "said" and (
        (s.low(i + 1) in ("and", "than") and s.low(i + 2) == "done")
        or (prev == "that" and i == 1)
        or prev == "having"
    ):
        return False
    nxt = i + 1
    while nxt < s.n and (_is_adverb(s, nxt) or s.lows[nxt] in TIME_WORDS):
        nxt += 1
    after = s.low(nxt)
    if lw in lex.nominal and s.words[i - 1].islower() and s.low(i - 2) in AUXILIARIES:
        return False  # "did not unveil plans to ...": the object of a verb
    if lw in lex.nominal:
        if nxt >= s.n or after in ".!?":  # ", The Wall Street Journal reports."
            return any(w == "," or w in QUOTES_CLOSE for w in s.words[max(i - 7, 0) : i])
        return after in LICENSE_NOMINAL or s.cap(nxt)
    lemma = lex.verbs.get(lw)
    if lemma in lex.weak:
        if nxt >= s.n or after in LICENSE_WEAK or (after == "to" and lemma in WEAK_WITH_TO):
            return True
        # a frame after a quotation: "“...,” wrote Cameron Easley for Morning Consult."
        return any(w in QUOTES_CLOSE or w in "\"'" for w in s.words[max(i - 6, 0) : i])
    return True


def _skip_adverbs(s: _Sentence, j: int) -> int:
    while j >= 0 and _is_adverb(s, j):
        j -= 1
    return j


def _skip_time(s: _Sentence, j: int) -> int:
    """Token before a time phrase ending at j ("The Times on Saturday wrote", "Wells Fargo
    just this month announced"), or j when there is none or nothing precedes it."""
    month = s.words[j] == "May" if 0 <= j < s.n else False
    if j < 1 or s.lows[j] not in TIME_WORDS and s.lows[j] not in TIME_NOUNS and not month:
        return j
    k = j - 1
    while k >= 0 and (s.lows[k] in TIME_MODIFIERS or s.lows[k].isdigit() and len(s.lows[k]) <= 2):
        k -= 1
    k = _skip_adverbs(s, k)
    if k < 0 or not s.is_word(k) or s.lows[k] in LEFT_STOP or s.words[k].endswith("ed"):
        return j  # "a poll released in late August found": the noun phrase reads past it
    return k


def _passive(s: _Sentence, i: int, lw: str) -> _Hit | None:
    """"was announced by X" -> X; "is said to" -> a cue without a source."""
    for k in range(i + 1, min(i + 4, s.n)):
        if s.lows[k] == "by":
            np = _right_np(s, k + 1, RIGHT_STOP)
            if np is not None:
                src = s.span(*np)
                return _Hit(src, src, s.spans[i])
            break
    if lw in PASSIVE_BARE and s.low(i + 1) in ("to", "that"):
        return _Hit(None, None, s.spans[i])
    return None


def _verb_hit(s: _Sentence, i: int, end: int, appositive: bool) -> _Hit | None:
    """Source of the cue occupying tokens i..end."""
    lex = lexicon()
    lw = s.lows[i]
    cue = s.span(i, end)
    j = _skip_time(s, _skip_adverbs(s, i - 1))
    if j >= 0 and s.lows[j] in BE and not lw.endswith("ing"):
        return _passive(s, i, lw)
    if lw.endswith("ing"):
        if j >= 0 and s.lows[j] in BE:  # progressive: "Trump is warning that"
            j -= 1
            while j >= 0 and _is_adverb(s, j):
                j -= 1
        elif j >= 0 and s.lows[j].endswith(("’s", "'s")) and s.lows[j][:-2] in PRONOUNS:
            a = s.spans[j][0]  # "He’s claiming"
            return _Hit((a, s.spans[j][1] - 2), (a, s.spans[j][1] - 2), cue)
        elif j >= 0 and s.words[j] == ",":  # ", saying that ...": the sentence's subject
            np = _initial_np(s)
            return _Hit(s.span(*np), s.span(*np), cue) if np else None
        else:  # "with reports detailing ...": the noun phrase right before the cue
            np = _left_np(s, j) if j >= 0 else None
            return _Hit(s.span(*np), s.span(*np), cue) if np else None
    if j >= 1 and s.lows[j] in ("and", "but"):
        np = _initial_np(s)
        return _Hit(s.span(*np), s.span(*np), cue) if np is not None and np[1] < j else None
    np = None
    full = None
    if j >= 0 and s.lows[j] == "who" and s.words[j - 1 if j else 0] == ",":
        np = _left_np(s, j - 2) if j >= 2 else None
        full = np
    elif j >= 0 and (s.words[j] == "," or s.words[j] in QUOTES_CLOSE or s.words[j] in "\"'"):
        if s.words[j] == ",":
            last = j - 1
            clause = _clause_start(s, j)
            if clause is not None:  # "X, speaking of Y, said": the clause is not X's name
                last = clause - 1
                np = _appositive(s, clause) or _left_np(s, last)
            else:
                np = _appositive(s, j)
            if np is not None:
                full = (np[0], last) if appositive else np
        # "X, a professor at Y, told Z.": the left name is the subject, Z the listener
        inv = _right_np(s, end + 1, RIGHT_STOP) if np is None else None
        if inv is not None and s.lows[inv[0]] != "that" and s.lows[inv[0]] not in OBJECT_PRONOUNS:
            after = inv[1] + 1
            closes = after >= s.n or not s.is_word(after)
            pronoun_clause = s.lows[inv[0]] in PRONOUNS and inv[1] > inv[0]
            if not pronoun_clause and (closes or (np is None and s.lows[after] in INVERSION_END)):
                core = s.span(*inv)
                ext = _right_appositive(s, after) if appositive else None
                return _Hit((core[0], s.spans[ext][1]) if ext else core, core, cue)
    elif j >= 0:
        np = _left_np(s, j)
        before = s.low(np[0] - 1) if np is not None else ""
        if np is not None and s.lows[np[0]] in ("a", "an", "the") and before.endswith("ed") and (
            s.words[np[0] - 1].islower()
        ):
            return None  # "taped an hourlong show that aired": the object of "taped"
        if np is not None and before in PREPOSITIONS and before not in LEFT_STOP and s.words[np[1]].islower():
            # the object of a preposition: "A document on the campaign's website states"
            # is read back to its noun; ", in a box labeled ..." has none and no source
            outer = _left_np(s, np[0] - 2) if np[0] >= 2 and s.is_word(np[0] - 2) else None
            if outer is None:
                return None
            np = (outer[0], np[1])
        full = np
    if np is None or full is None:
        return None
    document = any(w in DOCUMENT_HEADS for w in s.lows[np[0] : np[1] + 1])
    if lw in lex.evidence and s.low(end + 1) != "that" and not document:
        return None
    return _Hit(s.span(*full), s.span(*np), cue)


def _opens(text: str, at: int) -> bool:
    """Whether the straight quote at ``at`` opens (after a space or at the start) or closes."""
    return at == 0 or text[at - 1].isspace() or text[at - 1] in "([{—–-"


def _quoted(s: _Sentence, inside: bool) -> list[bool]:
    """For each token, whether it lies inside quotation marks."""
    if _QUOTE_RE.search(s.text) is None:
        return [inside] * s.n
    flags = []
    for k, w in enumerate(s.words):
        if w in QUOTES_OPEN[:1] or w == "«":
            inside = True
        elif w == "”" or w == "»":
            inside = False
        elif w == '"' or (w == "'" and s.text.startswith("''", s.spans[k][0])):
            inside = _opens(s.text, s.spans[k][0])
        flags.append(inside)
    return flags


def _trailing(s: _Sentence, hit: _Hit) -> bool:
    """A frame closing the sentence (", the source added.", ", according to X.")."""
    last = max(hit.cue[1], hit.source[1] if hit.source else 0)
    first = min(hit.cue[0], hit.source[0] if hit.source else hit.cue[0])
    before = s.text[max(first - 8, 0) : first].rstrip()
    if not before or before[-1] not in ",”\"’'":
        return False
    tail = s.text[last:]
    if len(tail) > _MAX_TAIL:  # six words at most: bounded, so no rescan per cue
        return False
    words = _WORD.findall(tail.lower())
    return not words or (len(words) <= 6 and (words[0] in INVERSION_END or words[0] in TIME_WORDS))


def _label(s: _Sentence) -> _Hit | None:
    """A speaker label opening a transcript line or a headline ("PENCE: Well, ...")."""
    k = 0
    while k < s.n and s.words[k] in _QUOTE_CHARS:
        k += 1
    start = k
    while k < s.n and k - start < 4 and s.cap(k):
        k += 1
    if k == start or k + 1 >= s.n or s.words[k] != ":" or s.lows[k - 1] in lexicon().verbs:
        return None  # a label speaks: "Related Sources:" alone is a heading
    if s.lows[start] in DETERMINERS or s.lows[start] in NOT_SPEAKERS:
        return None  # "Correction: An earlier version ...", "Update: ..."
    if any(s.lows[m] in PREPOSITIONS or s.lows[m] in ("to", "and", "or") for m in range(start + 1, k)):
        return None  # a title-case headline ("Stealth Over Health: ..."), not a name
    if s.lows[start] in lexicon().verbs and k - start > 1:  # "Said Ellis: “...”"
        src = s.span(start + 1, k - 1)
        return _Hit(src, src, s.spans[start])
    src = s.span(start, k - 1)
    return _Hit(src, src, s.spans[k])


def _candidates(s: _Sentence, i: int, lw: str, appositive: bool) -> _Hit | None:
    lex = lexicon()
    for phrase in lex.phrases.get(lw, ()):
        end = i + len(phrase) - 1
        if tuple(s.lows[i : end + 1]) != phrase:
            continue
        if phrase == ("according", "to"):
            np = _right_np(s, end + 1, ACCORDING_STOP)
            if np is not None:
                src = s.span(*np)
                return _Hit(src, src, s.span(i, end))
            continue
        if phrase == ("put", "it"):
            np = _left_np(s, i - 1) if i else None
            if np is not None and s.low(np[0] - 1) == "as":
                src = s.span(*np)
                return _Hit(src, src, s.span(i, end))
            continue
        hit = _verb_hit(s, i, end, appositive)
        if hit is not None:
            return hit
    if lw in lex.verbs and _is_cue_context(s, i, lw):
        return _verb_hit(s, i, i, appositive)
    return None


def _find(text: str, appositive: bool, inside: bool = False) -> _Hit | None:
    """The outermost frame of one sentence: a closing frame, else the first one outside
    quotation marks; cues inside quotation marks are the quoted speaker's own words."""
    lex = lexicon()
    if ":" not in text and lex.first_words.isdisjoint(_WORD.findall(text.lower())):
        return None
    s = _Sentence(text)
    label = _label(s)
    if label is not None:
        return label
    quoted = _quoted(s, inside)
    first = None
    for i, lw in enumerate(s.lows):
        if lw not in lex.first_words or quoted[i]:
            continue
        hit = _candidates(s, i, lw, appositive)
        if hit is None:
            continue
        if _trailing(s, hit):
            return hit
        first = first or hit
    return first


def subject_before(text: str, verb_start: int) -> tuple[int, int] | None:
    """Character span in ``text`` of the subject of the verb starting at ``verb_start``,
    read as attribution reads a source ("although both nations have denied" -> "both
    nations"); None when the verb has no subject noun phrase there (passive, "and ...")."""
    s = _Sentence(text)
    i = next((k for k, (a, _) in enumerate(s.spans) if a == verb_start), -1)
    if i <= 0 or not s.is_word(i):
        return None
    j = _skip_time(s, _skip_adverbs(s, i - 1))
    if j >= 0 and s.lows[j] in BE and s.lows[i].endswith("ing"):
        j = _skip_adverbs(s, j - 1)  # progressive: "soldiers are actively fighting"
    if j < 0 or s.lows[j] in BE or s.lows[j] in ("and", "but", "or"):
        return None
    np = _appositive(s, j) if s.words[j] == "," else _left_np(s, j)
    if np is None:
        return None
    start, end = np
    while start < end and (_is_adverb(s, start) or s.lows[start] in ("it", "is", "that")):
        start += 1  # "it is highly likely six officers died": the officers
    return s.span(start, end)


def phrase_after(text: str, start: int) -> tuple[int, int] | None:
    """Character span of the noun phrase starting at character ``start`` of ``text`` (the
    agent after "by"), read as an inverted source is read (", said X in ..." -> "X")."""
    s = _Sentence(text)
    i = next((k for k, (a, _) in enumerate(s.spans) if a >= start), -1)
    np = _right_np(s, i, RIGHT_STOP | {"through", "with", "from", "for"}) if i >= 0 else None
    return s.span(*np) if np is not None else None


def attribute_sentence(text: str, *, appositive: bool = True) -> Attribution:
    """Attribution of a single sentence, without pronoun resolution or quote context."""
    return attribute([text], appositive=appositive)[0]


def attribute(
    sentences: Sequence[str],
    *,
    appositive: bool = True,
    paragraphs: Sequence[int] | None = None,
) -> list[Attribution]:
    """One :class:`Attribution` per sentence of one document, in order (see module doc).

    ``paragraphs`` gives the paragraph number of each sentence, when known: a frame
    ending in a colon then covers the paragraph it introduces, and a speaker label
    ("PENCE: Well, ...") the rest of its paragraph.
    """
    texts = [t if isinstance(t, str) else "" for t in sentences]
    if paragraphs is not None and len(paragraphs) != len(texts):
        raise ValueError("paragraphs must give one number per sentence")
    out: list[Attribution] = []
    # (sentence, span, text, kind, gender) of every source named so far
    seen: list[tuple[int, tuple[int, int], str, str, str]] = []
    surnames: dict[str, str] = {}
    inside = False
    open_after: list[bool] = []
    for idx, text in enumerate(texts):
        hit = _find(text, appositive, inside)
        inside = _quote_state(text, inside)
        open_after.append(inside)
        if hit is None:
            out.append(_NONE)
            continue
        cue = text[hit.cue[0] : hit.cue[1]] if text[hit.cue[0]] != ":" else None
        if hit.source is None or hit.core is None:
            out.append(Attribution(None, cue, None, hit.cue if cue else None))
            continue
        source = text[hit.source[0] : hit.source[1]]
        low = source.lower()
        if low in ("he", "she", "they", "it"):
            found = next((c[:3] for c in reversed(seen) if fits(low, c[3], source_gender(c, surnames))), None)
            if low in ("he", "she"):  # a person named as a later subject is nearer
                found = subject_mention(texts, idx, found[0] if found else -1, low, surnames) or found
            if found is not None:
                start, end = found[1]
                where = (found[0], start, end)
                out.append(Attribution(found[2], cue, hit.source, hit.cue if cue else None, where))
                continue
        elif low not in PRONOUNS:
            core = text[hit.core[0] : hit.core[1]]
            kind = referent_kind(core)
            sex = gender(source, surnames) if kind == "person" else ""
            learn_gender(surnames, core, sex)
            seen.append((idx, hit.source, source, kind, sex))
        out.append(Attribution(source, cue, hit.source, hit.cue if cue else None))
    out = _continue_quotes(texts, out, open_after)
    out = _signatures(texts, out)
    return _continue_reports(texts, out, paragraphs)


def _quote_state(text: str, inside: bool) -> bool:
    """Whether a quotation is still open at the end of ``text``."""
    if _QUOTE_RE.search(text) is None:
        return inside
    for match in _QUOTE_RE.finditer(text):
        at, ch = match.start(), match.group()
        if ch == "''":
            ch = '"'
        if ch in "“«":
            inside = True
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = _opens(text, at)
    return inside


def _starts_quote(text: str) -> bool:
    """Whether ``text`` opens with a quotation mark (“, ", '' or a misprinted ”)."""
    text = text.lstrip()
    return text[:1] in QUOTES_OPEN or text[:1] in "\"”" or text.startswith("''")


def _continue_quotes(
    texts: list[str], out: list[Attribution], open_after: list[bool]
) -> list[Attribution]:
    """Give the sentences of a multi-sentence quotation the speaker of that quotation: the
    nearest attributed sentence of the run before it, else the first one after it."""
    runs: list[list[int]] = []
    for idx in range(len(texts)):
        if idx and open_after[idx - 1] and len(runs[-1]) < _MAX_QUOTE_RUN:
            runs[-1].append(idx)
        else:
            runs.append([idx])
    for run in runs:
        first = run[0]
        if first and out[first].cue is None and out[first].source is None:
            intro, text = out[first - 1], texts[first]
            if intro.source is not None and texts[first - 1].rstrip().endswith(":") and (
                _starts_quote(text)
            ):
                run = [first - 1, *run]
        speakers = [i for i in run if out[i].source is not None]
        quote_after = not speakers and run[0] and _starts_quote(texts[run[0]])
        if quote_after and out[run[0] - 1].source is not None:  # 'X said Y. “Quote.”'
            run = [run[0] - 1, *run]
            speakers = [run[0]]
        if not speakers:
            continue
        for i in run:
            if out[i].source is not None or out[i].cue is not None:
                continue
            origin = next((j for j in reversed(speakers) if j < i), speakers[0])
            out[i] = _inherit(out, origin)
    return out


def _signatures(texts: list[str], out: list[Attribution]) -> list[Attribution]:
    """Give a quotation signed on its own line ("“...” ― Name") to the signer: the
    unattributed sentences back to the one that opens the quotation."""
    for idx, text in enumerate(texts):
        if not any(d in text for d in SIGNATURE_DASHES):
            continue
        sig = signature(text)
        if sig is None:
            continue
        a, b, inline = sig
        last = idx if inline else idx - 1
        if last < 0 or not (inline or texts[last].rstrip().endswith(("”", '"', "''"))):
            continue
        run = []
        for j in range(last, max(last - _MAX_QUOTE_RUN, -1), -1):
            if j != idx and (out[j].source is not None or out[j].cue is not None):
                break
            run.append(j)
            if _starts_quote(texts[j]):
                break
        else:
            continue
        if not run or not _starts_quote(texts[run[-1]]):
            continue
        name = text[a:b]
        for j in run:
            if j == idx:
                out[j] = Attribution(name, None, (a, b), None)
            else:
                out[j] = Attribution(name, None, None, None, (idx, a, b))
    return out


def _inherit(out: list[Attribution], origin: int) -> Attribution:
    """The attribution of sentence ``origin`` given to another sentence of its content."""
    speaker = out[origin]
    where = speaker.resolved_from
    if where is None and speaker.source_span is not None:
        where = (origin, *speaker.source_span)
    return Attribution(speaker.source, speaker.cue, None, None, where)


def _continue_reports(
    texts: list[str], out: list[Attribution], paragraphs: Sequence[int] | None = None
) -> list[Attribution]:
    """A frame that ends its sentence with a colon ("The governor added:") introduces what
    follows, and a speaker label ("PENCE: Well, ...") speaks to the end of its paragraph.
    With ``paragraphs``, the content runs to the end of the paragraph it starts in (the
    one after the frame when the frame ends its own); without, only the next sentence
    is taken, because the end of the content is unknown. Sentences with a frame of their
    own keep it. On PolNeAR dev, wider rules (a "that" clause before, a pronoun or
    connective opening the next sentence) gave far more author's sentences than
    reported ones, so nothing else continues."""
    n = len(texts)
    idx = 0
    while idx < n:
        att = out[idx]
        colon = att.source is not None and att.cue_span is not None and texts[idx].rstrip().endswith(":")
        label = att.source is not None and att.cue is None and att.source_span is not None and (
            texts[idx][att.source_span[1] :].lstrip().startswith(":")
        )
        if not (colon or label) or (label and paragraphs is None):
            idx += 1
            continue
        start = idx + 1
        if paragraphs is None:
            stop = min(start + 1, n)
        else:
            para = paragraphs[start] if colon and start < n else paragraphs[idx]
            stop = start
            while stop < n and paragraphs[stop] == para and stop - start < _MAX_QUOTE_RUN:
                stop += 1
        for j in range(start, stop):
            if out[j].source is None and out[j].cue is None and texts[j].strip():
                out[j] = _inherit(out, idx)
        idx = max(stop, idx + 1)
    return out
