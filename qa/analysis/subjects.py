"""Reading the noun phrase that names a source around a reporting cue.

- :func:`left_np`, the subject read back from the cue: auxiliaries, "n't", -ly adverbs and
  a time phrase are skipped by the caller, "(D-Mo.)" is kept, the phrase ends at a clause
  word or another verb; an opening prepositional phrase is dropped, a reduced relative is
  read past ("A poll released in August found" -> "A poll"), and a name after an event
  noun is taken alone ("the third time AROS said" -> "AROS");
- :func:`appositive` and :func:`clause_start`, the subject before a comma ("X, 56, a
  professor at Y, stressed"; "X, speaking of Y, said");
- :func:`right_np` and :func:`right_appositive`, the source after an inverted cue (",
  said X, a professor at Y.") or after "according to" / "by";
- :func:`initial_np`, the name opening the sentence, for an elided subject (", saying").

:func:`subject_before` and :func:`phrase_after` give the same readings to other stages, in
character offsets. Each reader walks at most a bounded number of tokens.
"""

from __future__ import annotations

from qa.analysis.reporting import lexicon
from qa.analysis.sentence import (
    CLOSING_BRACKETS,
    MAX_NP,
    OPENING_BRACKETS,
    QUOTE_CHARS,
    Sentence,
    is_abbrev,
    is_adverb,
    is_amount,
    is_be,
    paren,
    penn,
    sentence,
    skip_adverbs,
    skip_time,
)
from qa.analysis.wordclasses import (
    DETERMINERS,
    EVENT_NOUNS,
    LEFT_STOP,
    PARTICIPLE_ADJECTIVES,
    PREPOSITIONS,
    PRONOUNS,
    RIGHT_STOP,
    SENTENCE_ADVERBS,
    TIME_MODIFIERS,
    TIME_WORDS,
)

__all__ = [
    "appositive", "clause_start", "clause_word", "initial_np", "left_np", "phrase_after",
    "relative_subject", "right_appositive", "right_np", "subject_before",
]

_MAX_APPOSITIVE = 24
_RELATIVES = frozenset(("who", "that", "which"))
#: Lower-case words inside a capitalised name ("The Bank of England", "Ministry for Trade").
_NAME_LINKS = frozenset(("of", "for"))
#: The most written words of a relative clause inside a subject ("who meets him").
_MAX_RELATIVE = 10
#: Penn tags of a finite verb (and a modal), the verb of a relative clause.
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
_CLOSERS = frozenset(".!?\"”’')")


def _joins(s: Sentence, k: int) -> bool:
    """Whether the "and" at k joins two parts of one subject ("Smith and Jones", "Harvard
    and the University of Ghana", "Regulators and environmental groups", "Barclays Plc
    <BCS.L> and NatWest")."""
    before = k - 1
    if before > 0 and s.words[before] in CLOSING_BRACKETS:  # "Barclays Plc <BCS.L> and"
        before = paren(s, before, -1) - 1
    names = s.cap(before) and (s.cap(k + 1) or s.low(k + 1) == "the" and s.cap(k + 2))
    return names or _opening_conjunct(s, k)


def _opening_conjunct(s: Sentence, k: int) -> bool:
    """Whether the "and" at k joins a short noun phrase opening the sentence to the next
    one: "Regulators and environmental groups worried"."""
    verbs = lexicon().verbs
    return 0 < k <= 4 and all(
        s.is_word(m) and s.lows[m] not in LEFT_STOP and s.lows[m] not in verbs
        and s.lows[m] not in PREPOSITIONS and s.lows[m] not in SENTENCE_ADVERBS
        for m in range(k)
    )


def _ends_np(s: Sentence, k: int, j: int) -> bool:
    """Whether token k, read back from j, lies outside the subject: a clause word, another
    verb, or a lower-case participle ("... included one saying")."""
    w, lw = s.words[k], s.lows[k]
    if s.piece(k):
        return False  # "the U.S.-backed coalition", "AT&T"
    if lw in LEFT_STOP:
        return not (w == "May" and k)  # the month
    if lw in lexicon().verbs and k != j and w.islower():
        return True
    if "." in lw and w.islower() and k < j:
        return True  # "At 10 a.m. officials said": a time, not a name
    return w.islower() and lw.endswith(("ed", "ing")) and lw not in PARTICIPLE_ADJECTIVES


def _reduced_relative(s: Sentence, k: int, j: int) -> int | None:
    """For the participle at k in "A poll released in late August found" or "A study that
    appeared in the journal found": the last token of the noun it modifies, or None."""
    after = s.low(k + 1)
    if k >= j or not s.lows[k].endswith("ed"):
        return None
    if not (after in PREPOSITIONS or after in TIME_WORDS or after in TIME_MODIFIERS
            or after == "to"):
        return None
    head = k - 2 if s.low(k - 1) in ("that", "which") else k - 1
    return head if s.is_word(head) and s.lows[head] not in LEFT_STOP else None


def left_np(s: Sentence, j: int, reduced: bool = True) -> tuple[int, int] | None:
    """Token range of the noun phrase ending at token j, read backwards; None if empty.
    With ``reduced``, a noun followed by a participle and its prepositional phrase is
    read past them (see :func:`_reduced_relative`)."""
    if j < 0 or s.lows[j] in PREPOSITIONS or s.lows[j] == "of":
        return None
    start = -1
    k = j
    bracketed = 0  # words inside brackets do not count towards MAX_NP
    while k >= 0 and s.pos[j] - s.pos[k] < MAX_NP + bracketed:
        w = s.words[k]
        if w in CLOSING_BRACKETS:
            opening = paren(s, k, -1)
            if opening < 0:
                break
            bracketed += s.pos[k] - s.pos[opening] + 1
            k = opening - 1
            continue
        if s.is_word(k):
            if not (s.lows[k] == "and" and _joins(s, k)) and _ends_np(s, k, j):
                if k < j and s.low(k - 1) in DETERMINERS:
                    start = k  # "the embattled senator", "a leading expert"
                    k -= 1
                    continue
                head = _reduced_relative(s, k, j) if reduced else None
                return left_np(s, head, reduced=False) if head is not None else _trim(s, start, j)
            start = k
            if is_amount(s, k):  # an amount opens its phrase, with its determiner ("a $5
                # billion fund"): "the minimum $20 million experts say" -> "$20 million experts"
                start = s.head(k)
                start -= s.low(start - 1) in DETERMINERS
                break
        elif not (k < j and k > 0 and (
            w == "." and is_abbrev(s.words[k - 1])
            or w in "’'" and s.spans[k - 1][1] == s.spans[k][0]
        )):
            break
        k -= 1
    return _trim(s, start, j)


def relative_subject(s: Sentence, j: int) -> tuple[int, int] | None:
    """For "Everyone who meets him says" or "The group that runs the site says": the noun
    phrase with its restrictive relative clause, ending at token j, when the tagger reads
    a relative pronoun ("that" as WDT, not the conjunction of "He said that the man
    says"), a finite verb after it and a noun before it; else None."""
    tags = None
    for r in range(j - 1, max(s.back(j, _MAX_RELATIVE), 1) - 1, -1):
        w = s.words[r]
        if w in QUOTE_CHARS or w in ".;:!?,()":
            return None
        if s.lows[r] not in _RELATIVES or s.piece(r):
            continue
        tags = tags or penn(s.text)
        if tags[r] not in ("WP", "WDT") or not tags[r - 1].startswith("NN"):
            return None
        if not any(tags[m] in _FINITE for m in range(r + 1, j + 1)):
            return None
        outer = left_np(s, r - 1, reduced=False)
        return (outer[0], j) if outer is not None else None
    return None


def _trim(s: Sentence, start: int, j: int) -> tuple[int, int] | None:
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
        elif lw in PREPOSITIONS and start < j and not s.piece(start):
            det = next((m for m in range(start + 1, j + 1) if s.lows[m] in DETERMINERS), -1)
            after = s.ahead(start, 2)  # the preposition and the word after it
            start = det if det > 0 else (after if after <= j else s.ahead(start, 1))
        else:
            break
    return (start, j) if start <= j else None


def right_np(s: Sentence, i: int, stops: frozenset[str]) -> tuple[int, int] | None:
    """Token range of the noun phrase starting at token i, read forwards; None if empty."""
    end = -1
    k = i
    while k < s.n and s.pos[k] - s.pos[i] < MAX_NP:
        w, lw = s.words[k], s.lows[k]
        if s.is_word(k):
            if lw in stops and not (s.piece(k) or _name_goes_on(s, k, i)):
                break
            end = k
        elif w == "." and k > i and is_abbrev(s.words[k - 1]) and s.is_word(k + 1):
            pass
        elif w in OPENING_BRACKETS and k > i:
            closing = paren(s, k, 1)
            if closing < 0:
                break
            end = k = closing
        else:
            break
        k += 1
    return (i, end) if end >= i else None


def _name_goes_on(s: Sentence, k: int, i: int) -> bool:
    """Whether the stop word at k, read forwards from i, is inside a name: "Smith and
    Jones", or capitalised after a capitalised word ("J.B. Were", not "Smith was")."""
    if s.lows[k] == "and":
        return s.cap(k - 1) and s.cap(k + 1)
    return k > i and s.cap(k) and s.cap(k - 1)


def initial_np(s: Sentence) -> tuple[int, int] | None:
    """The capitalised name opening the sentence ("The White House", "Sen. Tim Kaine")."""
    k = 0
    while k < s.n and s.pos[k] < MAX_NP and (not s.is_word(k) or s.lows[k] in SENTENCE_ADVERBS):
        k += 1
    if s.low(k) in PREPOSITIONS and not s.piece(k):  # "In 1986, the Supreme Court ..., citing"
        comma = next((m for m in range(k + 1, s.ahead(k, MAX_NP)) if s.words[m] == ","), -1)
        k = comma + 1 if comma > 0 else s.n
    start, end = k, -1
    if k < s.n and s.lows[k] in DETERMINERS and s.lows[k] not in PRONOUNS:
        k += 1
    while k < s.n and s.pos[k] - s.pos[start] < MAX_NP:
        if s.cap(k) and s.lows[k] not in PRONOUNS:
            end = k
        elif not (s.words[k] == "." and is_abbrev(s.words[k - 1])) and not (
            s.lows[k] in _NAME_LINKS and end == k - 1 and s.cap(k + 1)  # "Bank of England"
        ):
            break
        k += 1
    return (start, end) if end >= start else None


def appositive(s: Sentence, comma: int) -> tuple[int, int] | None:
    """For "X, a professor at Y, said" or "The group which represents X, Y, said": the
    range of X given the comma before the cue."""
    for k in range(comma - 1, s.back(comma, _MAX_APPOSITIVE) - 1, -1):
        w = s.words[k]
        if s.glue(k):
            continue  # "a spokesman for AT&T", "an analyst at CNN.com"
        if w == ",":
            if k == comma - 1:
                return None
            if k >= 2 and s.words[k - 1].isdigit() and s.words[k - 2] == ",":
                continue  # an age: "Schiff, 56, who has served ..., told"
            np = relative_subject(s, k - 1) or left_np(s, k - 1)
            named = np is not None and (s.cap(np[0]) or s.lows[np[0]] in DETERMINERS)
            return np if named else None
        if w in "'’" and k and s.spans[k - 1][1] == s.spans[k][0] and s.lows[k - 1].endswith("s"):
            continue  # a plural possessive: "the families' lawyer"
        if w == "." and k and is_abbrev(s.words[k - 1]):
            continue  # "The minister, Mr. Guajardo, argues"
        if w in QUOTE_CHARS or w in ".;:!?" or s.lows[k] in lexicon().verbs and not s.piece(k):
            return None  # "the show's co-producer": "show" is a piece of "show's", no verb
    return None


def clause_word(s: Sentence, k: int) -> bool:
    """Whether token k opens a clause that is not part of a source's name: a participle
    ("speaking of Y") or a relative "which" (about a thing, as in "a coalition, which
    is made up of ..."); "who" clauses describe the person and stay."""
    lw = s.low(k)
    if s.piece(k):
        return False  # "AT" of "AT&T"
    if lw == "which" or lw in PREPOSITIONS and lw != "of":
        return True  # ", in a statement,": where it was said, not who said it
    return s.is_word(k) and s.words[k].islower() and lw.endswith(("ing", "ed")) and (
        lw not in PARTICIPLE_ADJECTIVES
    )


def clause_start(s: Sentence, comma: int) -> int | None:
    """For "X, speaking of Y, said" or "X, which is made up of Y, said": the comma opening
    the participial or relative clause that ends at ``comma``, or None."""
    for k in range(comma - 1, max(s.back(comma, _MAX_APPOSITIVE), 1) - 1, -1):
        w = s.words[k]
        if w == ",":
            return k if k + 1 < comma and clause_word(s, k + 1) else None
        if s.glue(k):
            continue
        if w in QUOTE_CHARS or w in ".;:!?":
            return None
    return None


def right_appositive(s: Sentence, comma: int) -> int | None:
    """For ", said X, a professor at Y." (``comma`` the token after X) or ", said X who
    asked not to be named.": the last token of the appositive or "who" clause that runs
    from ``comma`` to the end of the sentence, or None."""
    who = comma < s.n and s.lows[comma] == "who"
    if not who and (s.words[comma] != "," if comma < s.n else True):
        return None
    end = s.n - 1
    while end > max(comma, s.n - 5) and s.words[end] in _CLOSERS:
        end -= 1
    if end <= comma + 1 or s.pos[end] - s.pos[comma] > _MAX_APPOSITIVE + 8:
        return None
    if any(w in QUOTE_CHARS or w in ";:" for w in s.words[comma + 1 : end + 1]):
        return None
    if who:
        return None if "," in s.words[comma:end] else end
    if clause_word(s, comma + 1):  # ", said X, speaking of Y.": not a title of X
        return None
    return _aside(s, comma, end) - 1


def _aside(s: Sentence, comma: int, end: int) -> int:
    """The comma after ``comma`` that ends a title running to token ``end``, or end + 1: the
    one before a participle or "which" (", head of research at Y, adding that ..."), or
    before a prepositional phrase that closes the sentence (", ..., in a statement."); a
    prepositional part followed by more ("..., during X's presidency, and has ...") stays."""
    for m in range(comma + 2, end):
        if s.words[m] != "," or not clause_word(s, m + 1):
            continue
        if s.lows[m + 1] not in PREPOSITIONS or "," not in s.words[m + 2 : end + 1]:
            return m
    return end + 1


def subject_before(text: str, verb_start: int) -> tuple[int, int] | None:
    """Character span in ``text`` of the subject of the verb starting at ``verb_start``,
    read as attribution reads a source ("although both nations have denied" -> "both
    nations"); None when the verb has no subject noun phrase there (passive, "and ...")."""
    s = sentence(text)
    i = s.token_at(verb_start)
    if i <= 0 or not s.is_word(i):
        return None
    j = skip_time(s, skip_adverbs(s, i - 1))
    if j >= 0 and is_be(s, j) and s.lows[i].endswith("ing"):
        j = skip_adverbs(s, j - 1)  # progressive: "soldiers are actively fighting"
    if j < 0 or is_be(s, j) or s.lows[j] in ("and", "but", "or"):
        return None
    np = appositive(s, j) if s.words[j] == "," else left_np(s, j)
    if np is None:
        return None
    start, end = np
    while start < end and not s.piece(start) and (
        is_adverb(s, start) or s.lows[start] in ("it", "is", "that")
    ):
        start += 1  # "it is highly likely six officers died": the officers
    return s.span(start, end)


def phrase_after(text: str, start: int) -> tuple[int, int] | None:
    """Character span of the noun phrase starting at character ``start`` of ``text`` (the
    agent after "by"), read as an inverted source is read (", said X in ..." -> "X")."""
    s = sentence(text)
    i = next((k for k, (a, _) in enumerate(s.spans) if a >= start), -1)
    np = right_np(s, i, RIGHT_STOP | {"through", "with", "from", "for"}) if i >= 0 else None
    return s.span(*np) if np is not None else None
