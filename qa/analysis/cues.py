"""Reporting cues in one sentence: which words and phrases of the lexicon are used as cues
there, and whether a frame closes its sentence.

Not a cue after a determiner, a possessive or "to" ("the said property", "Inc.'s stated
intention", "hard to tell"), in idioms ("easier said than done"), nor "call" summoning an
event ("called an emergency meeting"); noun/verb forms ("claims", "plans") only before
"that", "to", a determiner, a pronoun, a name or a quote; verbs with an ordinary sense
("added jobs") only before "that", a quote, punctuation or a clause the tagger reads
without "that" ("noted his attorney offered"), right after a quotation, or between a comma
and a name closing the sentence (", noted NBC's Dante Chinni."). Where the word lists
leave a cue open, the tagger and the subject decide (:func:`candidates`).
"""

from __future__ import annotations

from collections.abc import Iterator

from qa.analysis.reporting import lexicon
from qa.analysis.sentence import (
    Hit,
    Sentence,
    contraction,
    is_adverb,
    is_be,
    penn,
    possessive,
    skip_adverbs,
)
from qa.analysis.wordclasses import (
    ARTICLES,
    CALLED_EVENTS,
    DEGREE_WORDS,
    DETERMINERS,
    IDIOM_BEFORE_TO,
    INVERSION_END,
    LICENSE_NOMINAL,
    LICENSE_WEAK,
    NAMING,
    NUMBER_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    QUOTES_CLOSE,
    TIME_WORDS,
    VERB_AFTER,
    WEAK_WITH_TO,
)

__all__ = ["candidates", "clause_follows", "closes_sentence", "finite_verb", "is_cue_context"]

_MAX_TAIL = 120
_MAX_TAIL_WORDS = 6


def candidates(
    s: Sentence, i: int, lw: str
) -> Iterator[tuple[int, tuple[str, ...] | None, bool]]:
    """The cues that may start at token i (lower case ``lw``), in the order they are
    tried: each phrase of the lexicon written there, the longest first, as (last token,
    phrase, False); then the word itself, as (i, None, speaker), when it is a verb form
    used as a cue. ``speaker`` says that the cue reports only if its subject names
    someone who speaks and the tagger reads a finite verb (:func:`finite_verb`, asked
    last by the caller, as it is the costly test): a weak verb that the words
    after it do not license, when WordNet counts it mostly a verb of saying or thinking
    ("Trump responded by using ...", "Scholars have questioned the data"; not "The company
    added jobs"), and any other verb of the derived table ("Warren grilled Stumpf")."""
    lex = lexicon()
    for phrase in lex.phrases.get(lw, ()):
        end = i + len(phrase) - 1
        if tuple(s.lows[i : end + 1]) == phrase:
            yield end, phrase, False
    if lw in lex.verbs:
        before = _use_before(s, i, lw)
        if before if before is not None else _licensed_after(s, i, lw):
            yield i, None, False
        elif before is None and lex.verbs[lw] in lex.weak and lw in lex.communication:
            yield i, None, True
    elif lw in lex.tagged_cues and is_cue_context(s, i, lw):
        yield i, None, True


#: Penn tags of a verb that has a subject of its own: past, present (third person and other).
_FINITE = frozenset(("VBD", "VBZ", "VBP"))
#: Penn tags that open the verb group of a clause: a finite verb or a modal.
_CLAUSE_VERBS = _FINITE | {"MD"}


def finite_verb(s: Sentence, i: int) -> bool:
    """Whether the tagger reads token i as a verb with a subject of its own: a finite verb
    ("Warren grilled"), a participle not after "be" ("has pooh-poohed"; and "Trump
    responded", which the tagger may read as a participle), an -ing form after "be" ("is
    defending") or after a comma, whose subject opens the sentence ("Trump has tried to
    use the ad, accusing her"). A noun ("the address"), an adjective, a passive or another
    bare -ing form reports nothing here."""
    tags = penn(s.text)
    if tags[i] in _FINITE:
        return True
    k = skip_adverbs(s, i - 1)  # auxiliaries and adverbs: "has also", "had long"
    if tags[i] == "VBN":
        return k >= 0 and s.is_word(k) and not is_be(s, k)
    return tags[i] == "VBG" and k >= 0 and (is_be(s, k) or s.words[k] == ",")


def is_cue_context(s: Sentence, i: int, lw: str) -> bool:
    """Reject the non-reporting uses of a cue word at token i."""
    before = _use_before(s, i, lw)
    return before if before is not None else _licensed_after(s, i, lw)


def _use_before(s: Sentence, i: int, lw: str) -> bool | None:
    """What the words before token i say of its use: False for a noun or an adjective
    ("the said property", "more detailed") or an idiom, True for "went on to say", None
    when they leave it to the words after."""
    lex = lexicon()
    prev = s.low(i - 1)
    if prev in DETERMINERS or prev in PREPOSITIONS or prev == "of" or possessive(s, i - 1):
        return False  # "the said property", "Inc.'s stated intention"
    if contraction(s, i - 1) is not None and not lw.endswith("ing"):
        return False  # "it's confirmed one thing" (but "He’s claiming that" reports)
    if lw.endswith("ing") and s.low(i + 1) in ("by", "from") and (
        prev == "additional" or not s.is_word(i - 1)
    ):
        return False  # a credit line: "(Reporting by X; Editing by Y)", "Additional reporting by"
    if prev in DEGREE_WORDS:
        return False  # "more detailed", "so called": an adjective
    k = skip_adverbs(s, i - 1)
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
    if lw in lex.nominal and s.words[i - 1].islower() and s.low(i - 2) in VERB_AFTER:
        return False  # "did not unveil plans to ...": the object of a verb
    return None


def _licensed_after(s: Sentence, i: int, lw: str) -> bool:
    """Whether the words after token i (adverbs and time words skipped) make a noun/verb
    form or a weak cue report; any other verb form reports."""
    lex = lexicon()
    nxt = i + 1
    while nxt < s.n and (is_adverb(s, nxt) or s.lows[nxt] in TIME_WORDS):
        nxt += 1
    after = s.written(nxt)  # "show That's Life": not "that"
    if lex.verbs.get(lw) == "call" and after in ARTICLES and any(
        s.low(m) in CALLED_EVENTS for m in range(nxt + 1, nxt + 4)
    ):
        return False  # "called an emergency meeting": a summons, not "called X a Y"
    if lw in lex.nominal:
        if nxt >= s.n or after in ".!?":  # ", The Wall Street Journal reports."
            return any(w == "," or w in QUOTES_CLOSE for w in s.words[max(i - 7, 0) : i])
        return after in LICENSE_NOMINAL or s.cap(nxt)
    lemma = lex.verbs.get(lw)
    if lemma in lex.weak or lemma is None:  # a verb of the derived table: as weak
        if nxt >= s.n or after in LICENSE_WEAK or (after == "to" and lemma in WEAK_WITH_TO):
            return True
        if clause_follows(s, nxt):
            return True  # "They noted his attorney offered ...": "that" left out
        if s.low(i - 1) == "," and s.cap(nxt) and s.n - nxt <= _MAX_TAIL_WORDS:
            return True  # an inverted frame closing the sentence: "..., noted NBC's Chinni."
        # a frame after a quotation: "“...,” wrote Cameron Easley for Morning Consult."
        return any(w in QUOTES_CLOSE or w in "\"'" for w in s.words[max(i - 6, 0) : i])
    return True


#: Penn tags of the words a short subject is made of ("his attorney", "the 12 Democrats").
_SUBJECT_TAGS = frozenset(("DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP",
                           "PRP$", "CD", "POS"))
_MAX_CLAUSE_SUBJECT = 5


def clause_follows(s: Sentence, k: int) -> bool:
    """Whether a clause without "that" starts at token k: a short subject, then a finite
    verb, as the tagger reads them ("noted his attorney offered", "added Clinton had
    lied"; not "added 300 jobs last month")."""
    if not (s.cap(k) or s.low(k) in DETERMINERS or s.low(k) in PRONOUNS or s.tokens[k].number):
        return False  # no subject opens here; the tagger is not asked
    tags = penn(s.text)
    m = k
    while m < s.n and m - k < _MAX_CLAUSE_SUBJECT and tags[m] in _SUBJECT_TAGS:
        m += 1
    return k < m < s.n and tags[m] in _CLAUSE_VERBS and s.words[m].islower()


def closes_sentence(s: Sentence, hit: Hit) -> bool:
    """A frame closing the sentence (", the source added.", ", according to X.")."""
    last = max(hit.cue[1], hit.source[1] if hit.source else 0)
    first = min(hit.cue[0], hit.source[0] if hit.source else hit.cue[0])
    before = s.text[max(first - 8, 0) : first].rstrip()
    if not before or before[-1] not in ",”\"’'":
        return False
    if len(s.text) - last > _MAX_TAIL:  # six words at most: bounded, so no rescan per cue
        return False
    words = _words_from(s, last)
    return not words or (
        len(words) <= _MAX_TAIL_WORDS and (words[0] in INVERSION_END or words[0] in TIME_WORDS)
    )


def _words_from(s: Sentence, start: int) -> list[str]:
    """The words (not numbers) of the tokens from character ``start`` to the end, lower
    case, read back from the end (so as long as the tail, not the sentence)."""
    out = []
    k = s.n - 1
    while k >= 0 and s.spans[k][0] >= start:
        token = s.tokens[k]
        if token.word and not token.number:
            out.append(token.low)
        k -= 1
    return out[::-1]
