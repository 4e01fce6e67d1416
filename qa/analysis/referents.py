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

import re
from collections.abc import Sequence
from typing import NamedTuple

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
    "source_gender", "subject_mention", "subject_name",
]

# Words of a phrase: names keep their inner periods and hyphens ("D.", "Holtz-Eakin").
_TOKEN = re.compile(r"\w+(?:[’'.&-]\w+)*|\S")
_WORD = re.compile(r"[a-z]+")
_MAX_OPENING = 60
_MAX_MENTION_BACK = 6
_SUBJECT_RE = re.compile(
    r"\s*(?:(?:" + "|".join(map(re.escape, SUBJECT_TITLES)) + r")\.\s)?"
    r"[A-Z][\w-]*(?:\s(?:[A-Z]\.|[A-Z][\w-]*)){0,3}(?=\s[a-z]|,)"
)


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


def referent_kind(source: str) -> str:
    """"person" (one person-like phrase), "group" (plural or organisation), "thing" (a
    document) or "object" (any other common noun, which no pronoun is resolved to)."""
    words = _WORD.findall(source.lower())
    raw = [w for w in _TOKEN.findall(source) if w[0].isalnum()]
    if not words or not raw:
        return "thing"
    head = words[-1]
    if "and" in words or head in GROUP_HEADS or any(w in ORGANISATION_WORDS for w in words[:-1]):
        return "group"
    if head in DOCUMENT_HEADS:
        return "thing"
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) and raw[-1].islower()
    if plural or head in PLURAL_HEADS or head in IRREGULAR_PLURALS:
        return "group"
    if raw[-1].islower() and head not in PERSON_HEADS and head not in MALE_WORDS and (
        head not in FEMALE_WORDS and not head.endswith(PERSON_SUFFIXES)
    ):
        return "object"
    return "person"


def _surname(phrase: str) -> str | None:
    names = [w for w in _TOKEN.findall(phrase) if w[:1].isupper()]
    return names[-1] if names else None


def gender(phrase: str, surnames: dict[str, str]) -> str:
    """"m" or "f" from a title or a gendered noun ("Mrs. Clinton", "a spokeswoman"), else
    from the surname when the document already gave it one; "" when unknown."""
    for w in _WORD.findall(phrase.lower()):
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


def subject_name(text: str) -> tuple[int, int] | None:
    """The person name that opens ``text`` as its subject ("Mrs. Clinton has ..."), or None."""
    m = _SUBJECT_RE.match(text)
    opening = _WORD.findall(m.group()[:12].lower()) if m is not None else []
    if opening and opening[0] in PREPOSITIONS:
        comma = text.find(",", 0, _MAX_OPENING)  # "During a town hall, Tina Houchins asked"
        m = _SUBJECT_RE.match(text, comma + 1) if comma > 0 else None
    if m is None:
        return None
    words = _WORD.findall(m.group().lower())
    first, head = words[0], words[-1]
    if first in NOT_NAME_START or first in PREPOSITIONS or first in SENTENCE_ADVERBS:
        return None
    if head in GROUP_HEADS or head in PLURAL_HEADS or head in DOCUMENT_HEADS or head in TIME_WORDS:
        return None
    start, end = m.span()
    return (start + len(m.group()) - len(m.group().lstrip()), end)


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

    def remember(self, idx: int, span: tuple[int, int], source: str, core: str) -> None:
        """Note the source of sentence ``idx`` (``core``: its noun phrase without the
        appositive); pronouns are not sources to resolve to."""
        if source.lower() in PRONOUNS:
            return
        kind = referent_kind(core)
        sex = gender(source, self.surnames) if kind == "person" else ""
        learn_gender(self.surnames, core, sex)
        self.seen.append(Seen(idx, span, source, kind, sex))
