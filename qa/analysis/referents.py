"""Pronoun resolution: "He"/"She"/"They"/"It" as a source take an earlier source.

"He"/"She" take the nearest earlier source that is one person of a fitting gender (from
"Mr."/"Mrs."/"Ms." and gendered nouns, carried to the same surname), or a person named
later than that source as the subject opening a sentence ("Mrs. Clinton has ..."; one
capitalised word counts only if the text also names it mid-sentence). "They" takes a
plural or a group, "It" a group or a document. :class:`Sources` remembers the sources of
one document in order; the phrase classifiers (:func:`referent_kind`, :func:`gender`,
:func:`subject_name`) are plain functions of a phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from qa.analysis.sentence import Sentence, sentence
from qa.analysis.wordclasses import (
    DOCUMENT_HEADS,
    FEMALE_WORDS,
    GROUP_HEADS,
    IRREGULAR_PLURALS,
    MALE_WORDS,
    NOT_NAME_START,
    ORGANISATION_WORDS,
    PERSON_HEADS,
    PERSON_PRONOUNS,
    PERSON_SUFFIXES,
    PLURAL_HEADS,
    PREPOSITIONS,
    PRONOUNS,
    RESOLVED_PRONOUNS,
    SENTENCE_ADVERBS,
    SUBJECT_TITLES,
    TIME_WORDS,
)

__all__ = [
    "Mention", "Seen", "Sources", "fits", "gender", "learn_gender", "referent_kind",
    "source_gender", "speaker", "subject_mention", "subject_name",
]

_MAX_OPENING = 60
_MAX_MENTION_BACK = 6
#: The most words of a definite description resolved to a name ("the oil analyst").
_MAX_DESCRIPTION = 4
#: Words of a subject name after its first ("Mrs. Hillary Rodham Clinton").
_MAX_NAME_MORE = 3
_TITLES = frozenset(SUBJECT_TITLES)
_POSSESSIVE_ENDS = ("'s", "’s")


class Mention(NamedTuple):
    """Where a pronoun's referent is named: sentence, character span, text."""

    sentence: int
    span: tuple[int, int]
    text: str


class Seen(NamedTuple):
    """A source named in the document, with its referent kind and gender."""

    sentence: int
    span: tuple[int, int]
    text: str
    kind: str
    gender: str


def _bare(low: str) -> str:
    """A lower-case word without the possessive the stream left on it ("spokeswoman's")."""
    return low[:-2] if len(low) > 2 and low.endswith(_POSSESSIVE_ENDS) else low


def _words(phrase: str) -> list[str]:
    """The words of a phrase (not its numbers), lower case, without a possessive."""
    return [_bare(t.low) for t in sentence(phrase).tokens if t.word and not t.number]


def _person_noun(word: str) -> bool:
    """A lower-case noun naming a person ("analyst", "spokeswoman", "senator")."""
    return word in PERSON_HEADS or word in MALE_WORDS or word in FEMALE_WORDS or (
        word.endswith(PERSON_SUFFIXES)
    )


def _titled_name(words: list[str], raw: list[str]) -> bool:
    """Whether a phrase ends in a person noun written in lower case and then a name of
    capitalised words ("... oil analyst Wilf Gobert", "spokesman David Annesley"): one
    person, whatever comes before (a company "Peters and Co", an organisation)."""
    if len(words) != len(raw):
        return False
    last = next((m for m in range(len(raw) - 1, -1, -1) if raw[m].islower()), -1)
    return 0 <= last < len(raw) - 1 and _person_noun(words[last]) and all(
        r[:1].isupper() for r in raw[last + 1 :]
    )


def referent_kind(source: str) -> str:
    """"person" (one person-like phrase), "group" (plural or organisation), "thing" (a
    document) or "object" (any other common noun, which no pronoun is resolved to)."""
    words = _words(source)
    raw = [t.text for t in sentence(source).tokens if t.word]
    if not words or not raw:
        return "thing"
    head = words[-1]
    if _titled_name(words, raw):
        return "person"  # "Peters and Co Ltd oil analyst Wilf Gobert": the analyst
    if "and" in words or head in GROUP_HEADS or any(w in ORGANISATION_WORDS for w in words[:-1]):
        return "group"
    if head in DOCUMENT_HEADS:
        return "thing"
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) and raw[-1].islower()
    if plural or head in PLURAL_HEADS or head in IRREGULAR_PLURALS:
        return "group"
    if raw[-1].islower() and not _person_noun(head):
        return "object"
    return "person"


def speaker(phrase: str) -> bool:
    """Whether ``phrase`` can name someone who speaks: a pronoun other than "it", one
    person ("Warren", "the senator"), or a group that is named ("Senate Democrats") or
    made of people ("critics", "the committee"); not a thing ("the bill", "his tweets")."""
    words = _words(phrase)
    if not words:
        return False
    if len(words) == 1 and words[0] in PRONOUNS:
        return words[0] != "it"
    kind = referent_kind(phrase)
    if kind != "group":
        return kind == "person"
    head = words[-1]
    named = any(t.cap for t in sentence(phrase).tokens if t.word)
    people = head[:-1] in PERSON_HEADS or head.rstrip("s").endswith(PERSON_SUFFIXES)
    return named or people or head in GROUP_HEADS or head in IRREGULAR_PLURALS


def _surname(phrase: str) -> str | None:
    names = [t.text for t in sentence(phrase).tokens if t.cap]
    return names[-1] if names else None


def gender(phrase: str, surnames: dict[str, str]) -> str:
    """"m" or "f" from a title or a gendered noun ("Mrs. Clinton", "a spokeswoman"), else
    from the surname when the document already gave it one; "" when unknown."""
    for w in _words(phrase):
        if w in MALE_WORDS:
            return "m"
        if w in FEMALE_WORDS:
            return "f"
    name = _surname(phrase)
    return surnames.get(name, "") if name is not None else ""


def learn_gender(surnames: dict[str, str], phrase: str, gender: str) -> None:
    """Remember the gender of a surname; a surname seen with both stays unknown."""
    name = _surname(phrase)
    if gender and name is not None:
        known = surnames.setdefault(name, gender)
        if known != gender:
            surnames[name] = "?"


def _spaced(s: Sentence, m: int) -> bool:
    """Whether one whitespace character, and nothing else, stands before token m."""
    a, b = s.spans[m - 1][1], s.spans[m][0]
    return b == a + 1 and s.text[a].isspace()


def _name_word(word: str) -> bool:
    """A word a subject name is made of: a capital A-Z, then letters, digits and hyphens
    ("Clinton", "Holtz-Eakin"; not "O'Neill", "U.S.")."""
    return "A" <= word[0] <= "Z" and all(c.isalnum() or c == "-" for c in word)


def _dot_after(s: Sentence, m: int) -> bool:
    """Whether token m is followed by its period, with no space ("Mrs.", "W.")."""
    return m + 1 < s.n and s.words[m + 1] == "." and s.spans[m][1] == s.spans[m + 1][0]


def _name_ends(s: Sentence, k: int) -> list[int]:
    """For a name opening at token k: the last token of each extent it may have, shortest
    first. An optional title and its period ("Mrs."), a name word, then up to
    :data:`_MAX_NAME_MORE` more name words or initials ("W."), each after one space."""
    if k + 2 < s.n and s.words[k] in _TITLES and _dot_after(s, k) and _spaced(s, k + 2):
        k += 2
    if k >= s.n or not _name_word(s.words[k]):
        return []
    ends = [k]
    while len(ends) <= _MAX_NAME_MORE:
        m = ends[-1] + 1
        if m >= s.n or not _spaced(s, m):
            break
        if len(s.words[m]) == 1 and "A" <= s.words[m] <= "Z" and _dot_after(s, m):
            ends.append(m + 1)
        elif _name_word(s.words[m]):
            ends.append(m)
        else:
            break
    return ends


def _name_at(s: Sentence, k: int) -> tuple[int, int] | None:
    """Token range of the subject name opening at token k: its longest extent followed
    by a comma or by a space and a lower-case word ("Mrs. Clinton has"), or None."""
    text = s.text
    for end in reversed(_name_ends(s, k)):
        after = s.spans[end][1]
        if text[after : after + 1] == "," or text[after : after + 1].isspace() and (
            "a" <= text[after + 1 : after + 2] <= "z"
        ):
            return (k, end)
    return None


def subject_name(text: str) -> tuple[int, int] | None:
    """The person name that opens ``text`` as its subject ("Mrs. Clinton has ..."), or None."""
    s = sentence(text)
    found = _name_at(s, 0) if s.n else None
    if found is not None and s.lows[0] in PREPOSITIONS:
        comma = text.find(",", 0, _MAX_OPENING)  # "During a town hall, Tina Houchins asked"
        k = next((m for m, (a, _) in enumerate(s.spans) if a > comma), s.n)
        found = _name_at(s, k) if comma > 0 else None
    if found is None:
        return None
    first, last = found
    head = s.lows[last - 1 if s.words[last] == "." else last]
    if s.lows[first] in NOT_NAME_START or s.lows[first] in PREPOSITIONS or (
        s.lows[first] in SENTENCE_ADVERBS
    ):
        return None
    if head in GROUP_HEADS or head in PLURAL_HEADS or head in DOCUMENT_HEADS or head in TIME_WORDS:
        return None
    return (s.spans[first][0], s.spans[last][1])


def subject_mention(
    texts: Sequence[str], idx: int, stop: int, pronoun: str, surnames: dict[str, str]
) -> Mention | None:
    """Nearest earlier sentence (after ``stop``) whose subject is a person that ``pronoun``
    can refer to."""
    for j in range(idx - 1, max(stop, idx - _MAX_MENTION_BACK - 1), -1):
        span = subject_name(texts[j])
        if span is None:
            continue
        name = texts[j][span[0] : span[1]]
        if " " not in name and not any(" " + name in t for t in texts[max(j - 10, 0) : idx + 1]):
            continue  # one capitalised word is a name only if the text names it mid-sentence
        if fits(pronoun, "person", gender(name, surnames)):
            return Mention(j, span, name)
    return None


def fits(pronoun: str, kind: str, sex: str = "") -> bool:
    """Whether ``pronoun`` can refer to a phrase of this kind and gender."""
    if pronoun in PERSON_PRONOUNS:
        if sex in ("m", "f") and sex != ("m" if pronoun == "he" else "f"):
            return False
        return kind == "person"
    if pronoun == "they":
        return kind == "group"
    return kind in ("group", "thing")


def source_gender(entry: Seen, surnames: dict[str, str]) -> str:
    """Gender of a seen source, updated by what the document taught later about its name."""
    return entry.gender or (gender(entry.text, surnames) if entry.kind == "person" else "")


class Sources:
    """The sources named so far in one document, in order, and the genders of surnames it
    has taught; pronouns are resolved against them."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.seen: list[Seen] = []
        self.surnames: dict[str, str] = {}

    def resolve(self, idx: int, pronoun: str) -> Mention | None:
        """Where the referent of ``pronoun`` (lower case), the source of sentence ``idx``,
        is named; None when it is not a resolved pronoun or nothing fits."""
        if pronoun not in RESOLVED_PRONOUNS:
            return None
        found = next(
            (Mention(*c[:3]) for c in reversed(self.seen)
             if fits(pronoun, c.kind, source_gender(c, self.surnames))),
            None,
        )
        if pronoun in PERSON_PRONOUNS:  # a person named as a later subject is nearer
            stop = found.sentence if found else -1
            found = subject_mention(self.texts, idx, stop, pronoun, self.surnames) or found
        return found

    def describe(self, source: str) -> Mention | None:
        """Where the speaker a definite description stands for is named: "the minister"
        or "the oil analyst" takes the nearest earlier source that is a name carrying the
        same head noun ("Defense Minister Kim Yonghyun", "oil analyst Wilf Gobert"); None
        for any other phrase, or when no earlier source carries that noun."""
        words = _words(source)
        raw = [t.text for t in sentence(source).tokens if t.word]
        if not 2 <= len(words) <= _MAX_DESCRIPTION or words[0] != "the" or len(raw) != len(words):
            return None
        head = words[-1]
        if not all(w.islower() for w in raw[1:]) or not (_person_noun(head) or head in GROUP_HEADS):
            return None
        for c in reversed(self.seen):
            named = [t for t in sentence(c.text).tokens if t.word]
            if any(t.cap for t in named[1:]) and head in {_bare(t.low) for t in named}:
                return Mention(c.sentence, c.span, c.text)
        return None

    def remember(self, idx: int, span: tuple[int, int], source: str, core: str) -> None:
        """Note the source of sentence ``idx`` (``core``: its noun phrase without the
        appositive); pronouns are not sources to resolve to."""
        if source.lower() in PRONOUNS:
            return
        kind = referent_kind(core)
        sex = gender(source, self.surnames) if kind == "person" else ""
        learn_gender(self.surnames, core, sex)
        self.seen.append(Seen(idx, span, source, kind, sex))
