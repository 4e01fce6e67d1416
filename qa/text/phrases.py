"""Phrase lexicons compiled into one linear-time regular expression.

A lexicon file in ``qa/data/`` holds one entry a line, ``LABEL<TAB>PHRASE``; ``#`` starts a
comment line. A phrase is case-insensitive words separated by single spaces, with three
bits of syntax:

- ``{a|b|}`` expands to each alternative (an empty alternative drops the slot), so
  ``{is|was} {said|thought} to`` is four phrases;
- a space matches any run of whitespace, ``'`` a straight or typographic apostrophe and
  ``-`` a hyphen (ASCII or Unicode);
- a phrase matches whole words only.

All phrases of the given files are put in one character trie, and the trie is written out
as one regular expression, ``\\b(?:a(?:b...|c...)|...)``, run over the lower-cased text
(one pass, no IGNORECASE: about twice as fast). At each node the longer continuations
come before the "phrase ends here" branch, so the regex engine returns the *longest*
phrase at the leftmost position, and a longer phrase labelled ``none`` (e.g. "as soon as
possible") switches off a shorter cue inside it ("possible"). Text whose lower-casing
changes its length (e.g. "İ") is matched with IGNORECASE instead, keeping offsets.

Why this cannot backtrack catastrophically: the trie is a deterministic prefix tree of
literals; the only quantifier is ``\\s+`` between words, always followed by a letter, so a
match attempt costs at most the length of the longest phrase plus the whitespace runs it
crosses, and every start position is tried once (``re.finditer``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from qa.text import wordlists

__all__ = ["PhraseMatch", "PhraseMatcher", "expand", "load_phrases", "normalize_phrase"]

logger = logging.getLogger(__name__)

_BRACES = re.compile(r"\{([^{}]*)\}")
_SPACES = re.compile(r"\s+")
_ATOMS = {" ": r"\s+", "'": "['\u2018\u2019\u02bc]", "-": "[-\u2010\u2011]"}
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_END = ""


def normalize_phrase(text: str) -> str:
    """The lookup key of a matched text: lower case, one space, plain apostrophe/hyphen."""
    return _SPACES.sub(" ", text.translate(_FOLD).lower()).strip()


def expand(phrase: str) -> list[str]:
    """Every phrase that ``{a|b}`` groups in ``phrase`` stand for, normalised."""
    out: list[str] = []
    stack = [phrase]
    while stack:
        current = stack.pop()
        group = _BRACES.search(current)
        if group is None:
            key = normalize_phrase(current)
            if key:
                out.append(key)
            continue
        head, tail = current[: group.start()], current[group.end() :]
        stack.extend(head + alt + tail for alt in reversed(group.group(1).split("|")))
    return out


@dataclass(frozen=True)
class PhraseMatch:
    """One phrase found in a text: offsets, the text as written, and the entry's label."""

    start: int
    end: int
    text: str
    key: str
    label: str


class PhraseMatcher:
    """Labelled phrases and the one regex that finds them (longest match, leftmost first)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        labels: dict[str, str] = {}
        for label, phrase in entries:
            for key in expand(phrase):
                previous = labels.get(key)
                if previous is not None and previous != label:
                    raise ValueError(
                        f"lexicon phrase {key!r} is labelled both {previous!r} and {label!r}; "
                        "keep one line for it"
                    )
                labels[key] = label
        if not labels:
            raise ValueError("empty lexicon: give at least one LABEL<TAB>PHRASE line")
        for key in labels:
            if not (key[0].isalnum() and key[-1].isalnum()):
                raise ValueError(
                    f"lexicon phrase {key!r} must start and end with a letter or digit"
                )
        self.labels = labels
        trie = _trie_regex(labels)
        # The fast path scans lower-cased text without IGNORECASE; the second pattern serves
        # the rare text whose lower-casing changes its length (offsets would drift).
        self.pattern = re.compile(r"\b" + trie)
        self.pattern_ignorecase = re.compile(r"\b" + trie, re.IGNORECASE)

    def __len__(self) -> int:
        return len(self.labels)

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        """Non-overlapping matches in ``text``, left to right, longest at each position."""
        folded = text.lower()
        if len(folded) == len(text):
            matches = self.pattern.finditer(folded)
        else:
            matches = self.pattern_ignorecase.finditer(text)
        for m in matches:
            written = text[m.start() : m.end()]
            key = normalize_phrase(m.group())
            label = self.labels.get(key)
            if label is None:  # case folding that changes a letter's identity; not ours
                continue
            yield PhraseMatch(m.start(), m.end(), written, key, label)


def _trie_regex(keys: Iterable[str]) -> str:
    root: dict[str, dict] = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node_regex(root)


def _node_regex(node: dict[str, dict]) -> str:
    # Iterative post-order walk, so a long phrase cannot hit the recursion limit.
    done: dict[int, str] = {}
    stack: list[tuple[dict[str, dict], bool]] = [(node, False)]
    while stack:
        current, visited = stack.pop()
        if not visited:
            stack.append((current, True))
            stack.extend((child, False) for char, child in current.items() if char != _END)
            continue
        branches = [
            _ATOMS.get(char, re.escape(char)) + done[id(child)]
            for char, child in sorted(current.items())
            if char != _END
        ]
        if _END in current:
            branches.append(r"(?!\w)")
        done[id(current)] = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return done[id(node)]


def read_entries(name: str, labels: frozenset[str]) -> list[tuple[str, str]]:
    """The ``(label, phrase)`` lines of ``qa/data/<name>``; unknown labels are an error."""
    listed = wordlists.read(name)
    entries = []
    for row, number in zip(listed.section(), listed.lines[""]):
        if len(row) != 2 or row[0] not in labels or not row[1]:
            raise ValueError(
                f"qa/data/{name}:{number}: expected LABEL<TAB>PHRASE with LABEL in "
                f"{sorted(labels)}, got {chr(9).join(row)!r}"
            )
        entries.append((row[0], row[1]))
    return entries


@lru_cache(maxsize=8)
def load_phrases(names: tuple[str, ...], labels: frozenset[str]) -> PhraseMatcher:
    """The lexicon of the files ``names`` in ``qa/data/``, compiled once per process."""
    entries = [entry for name in names for entry in read_entries(name, labels)]
    lexicon = PhraseMatcher(entries)
    logger.debug("loaded %d phrases from %s", len(lexicon), ", ".join(names))
    return lexicon
