"""Lemmas and related words from WordNet, in word space and in the index's stem space.

Readers ask in their own words: "Who sent the troops?" should meet "shipped troops",
"How many died?" should meet "killed 20". This module reads two tables derived from
WordNet 3.0 by ``scripts/derive_lexical.py`` and shipped in ``qa/data/`` (plain text, a
``#`` provenance header, one TAB-separated entry a line; licence in
``qa/data/wordnet_LICENSE.txt``). No WordNet install or download is needed at run time.

* ``wordnet_lemmas.txt`` (``form pos lemma kind``): WordNet's exception lists ("sent" ->
  "send", "mice" -> "mouse", "better" -> "good") and the regular inflections the Snowball
  stemmer does not unite ("goes" -> "go", "higher" -> "high"); ``homograph`` rows mark
  forms that are frequent words of their own ("left", "found").
* ``wordnet_related.txt`` (``word relation other support``): synonym, derivation,
  pertainym, demonym, entailment, cause and member links between single words, from the
  frequent senses only; ``support`` (0-1) ranks links by sense frequency.

Stem space is what BM25 indexes (``SnowballStemmer("english")`` of case-folded words).
``related_stems(stem)`` joins a stem to the stems of its inflections and lemmas, to their
related words, and to those words' inflections ("sent" -> "send" -> "ship"), each with the
relation that links it and a weight: the product of :data:`WEIGHTS` along the way (an
inflection 1.0, a homograph's inflection 0.7, then the relation). ``expand(terms)`` turns
query stems into ``{stem: weight}`` with the query's own stems at 1.0.

The tables are read once, on first use; stem links are then dict hits, memoised per stem.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from qa.text import wordlists

__all__ = [
    "DATA",
    "LEMMA_KINDS",
    "MAX_RELATED",
    "RELATIONS",
    "WEIGHTS",
    "expand",
    "lemmas",
    "related_stems",
    "related_words",
    "tables",
]

DATA = Path(__file__).resolve().parent.parent / "data"
LEMMAS_FILE = DATA / "wordnet_lemmas.txt"
RELATED_FILE = DATA / "wordnet_related.txt"
STEMS_FILE = DATA / "wordnet_stems.txt"

#: Kinds of ``wordnet_lemmas.txt`` rows.
LEMMA_KINDS = frozenset({"irregular", "regular", "homograph"})
#: Relations of ``wordnet_related.txt`` rows.
RELATIONS = frozenset(
    {"synonym", "derivation", "pertainym", "demonym", "entailment", "cause", "member"}
)
#: Labels of the reverse of a directed relation ("die" is ``caused_by`` "kill").
REVERSE = {"entailment": "entailed_by", "cause": "caused_by", "member": "has_member"}

#: Suggested weight of each link, in (0, 1]; a path multiplies them. Callers may pass their
#: own mapping. Inflections are the same word; derivations and pertainyms name the same
#: thing in another part of speech ("invasion", "Russian"); synonyms of a frequent sense
#: usually mean the same in news but not always; entailment, cause and membership only
#: imply each other ("killed" -> "died", "juror" -> "jury"), and their reverse less: on
#: SQuAD dev questions "entailed_by", "caused_by" and "has_member" expansions were found in
#: other sentences of the paragraph as often as in the answer sentence.
WEIGHTS: dict[str, float] = {
    "inflection": 1.0,
    "homograph": 0.7,
    "derivation": 0.8,
    "pertainym": 0.7,
    "demonym": 0.8,
    "synonym": 0.6,
    "entailment": 0.5,
    "entailed_by": 0.3,
    "cause": 0.5,
    "caused_by": 0.4,
    "member": 0.4,
    "has_member": 0.2,
}
#: At most this many related stems (or words) per term, strongest first.
MAX_RELATED = 10

_INFLECTIONS = ("inflection", "homograph")

# WordNet's regular detachment rules, per part of speech: (suffix, replacement).
_DETACH = (
    ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
    ("men", "man"), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
    ("ing", "e"), ("ing", ""), ("er", ""), ("est", ""), ("er", "e"), ("est", "e"),
)

Edge = tuple[str, str, float]  # (other, relation, support)


@dataclass
class WordNetTables:
    """The tables, read: word-space maps and the stem-space adjacency built from them."""

    lemmas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: dict[str, list[Edge]] = field(default_factory=dict)
    inflections: dict[str, list[Edge]] = field(default_factory=dict)
    stems: dict[str, list[Edge]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()


def read_table(path: Path) -> Iterator[list[str]]:
    """The TAB-separated fields of each entry of a shipped table, read with the one
    word-list reader (:mod:`qa.text.wordlists`)."""
    for row in wordlists.rows(path.name):
        yield list(row)


def parse_lemma(fields: list[str]) -> tuple[str, str, str, str]:
    """A ``wordnet_lemmas.txt`` entry: ``(form, pos, lemma, kind)``; ValueError if malformed."""
    if len(fields) != 4 or fields[1] not in "nvar" or fields[3] not in LEMMA_KINDS:
        raise ValueError(f"bad lemma entry: {fields!r}")
    form, pos, lemma, kind = fields
    if not form or not lemma or (kind == "homograph") != (form == lemma):
        raise ValueError(f"bad lemma entry: {fields!r}")
    return form, pos, lemma, kind


def parse_related(fields: list[str]) -> tuple[str, str, str, float]:
    """A ``wordnet_related.txt`` entry: ``(word, relation, other, support)``."""
    if len(fields) != 4 or fields[1] not in RELATIONS or not fields[0] or not fields[2]:
        raise ValueError(f"bad related entry: {fields!r}")
    support = float(fields[3])
    if not 0.0 < support <= 1.0 or fields[0] == fields[2]:
        raise ValueError(f"bad related entry: {fields!r}")
    return fields[0], fields[1], fields[2], support


def parse_stem(fields: list[str]) -> tuple[str, str]:
    """A ``wordnet_stems.txt`` entry: ``(word, stem)``."""
    if len(fields) != 2 or not fields[0] or not fields[1] or fields[0] == fields[1]:
        raise ValueError(f"bad stem entry: {fields!r}")
    return fields[0], fields[1]


@lru_cache(maxsize=1)
def tables() -> WordNetTables:
    """The shipped tables, read once."""
    lex = WordNetTables()
    stems = dict(parse_stem(fields) for fields in read_table(STEMS_FILE))
    found: dict[str, list[str]] = {}
    homographs: set[str] = set()
    for form, _pos, lemma, kind in map(parse_lemma, read_table(LEMMAS_FILE)):
        if kind == "homograph":
            homographs.add(form)
        if lemma not in found.setdefault(form, []):
            found[form].append(lemma)
    for form, bases in found.items():
        lex.lemmas[form] = tuple(bases)
        own = stems.get(form, form)
        targets = {stems.get(base, base) for base in bases}
        # "leaves" is "leaf" or "leave": either stem only maybe meets the other.
        label = "homograph" if form in homographs or len(targets) > 1 else "inflection"
        for target in sorted(targets - {own}):
            _link(lex.inflections, own, target, label, 1.0)
            _link(lex.inflections, target, own, label, 1.0)
    for word, relation, other, support in map(parse_related, read_table(RELATED_FILE)):
        back = REVERSE.get(relation, relation)
        lex.words.setdefault(word, []).append((other, relation, support))
        lex.words.setdefault(other, []).append((word, back, support))
        a, b = stems.get(word, word), stems.get(other, other)
        if a != b:
            _link(lex.stems, a, b, relation, support)
            _link(lex.stems, b, a, back, support)
    lex.vocabulary = frozenset(lex.words) | {b for bases in found.values() for b in bases}
    return lex


def _link(graph: dict[str, list[Edge]], a: str, b: str, relation: str, support: float) -> None:
    graph.setdefault(a, []).append((b, relation, support))


def _normal(word: str) -> str:
    return unicodedata.normalize("NFKC", word).replace("\u2019", "'").casefold().strip()


def lemmas(word: str) -> tuple[str, ...]:
    """The WordNet lemmas of ``word`` ("sent" -> ("send",), "left" -> ("left", "leave")).

    Irregular and listed forms come from the table; a word the tables know is its own
    lemma; otherwise WordNet's regular detachment rules give the candidates that the tables
    know ("visited" -> ("visit",)). A word with none is its own lemma.
    """
    word = _normal(word)
    lex = tables()
    if word in lex.lemmas:
        return lex.lemmas[word]
    if word in lex.vocabulary:
        return (word,)
    out: list[str] = []
    for suffix, replacement in _DETACH:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)] + replacement
            if base in lex.vocabulary and base not in out:
                out.append(base)
    return tuple(out) or (word,)


def related_words(word: str, weights: Mapping[str, float] | None = None,
                  limit: int = MAX_RELATED) -> dict[str, tuple[str, float]]:
    """Other words for ``word``: ``{other: (relation, weight)}``, strongest first.

    The word's lemmas count as ``inflection`` (or ``homograph``) and bring their own links.
    """
    weights = WEIGHTS if weights is None else weights
    word = _normal(word)
    lex = tables()
    bases = [b for b in lemmas(word) if b != word]
    label = "homograph" if word in lex.lemmas and word in lex.lemmas[word] else "inflection"
    found: dict[str, tuple[str, float, float]] = {}
    for base in bases:
        _offer(found, base, label, weights.get(label, 0.0), 1.0)
    for source, factor in [(word, 1.0)] + [(b, weights.get(label, 0.0)) for b in bases]:
        for other, relation, support in lex.words.get(source, ()):
            _offer(found, other, relation, factor * weights.get(relation, 0.0), support)
    found.pop(word, None)
    return _ranked(found, limit)


def related_stems(stem: str, weights: Mapping[str, float] | None = None,
                  limit: int = MAX_RELATED) -> dict[str, tuple[str, float]]:
    """Other index stems for the index stem ``stem``: ``{stem: (relation, weight)}``.

    Strongest first (weight, then WordNet support, then the stem), at most ``limit``, never
    ``stem`` itself. ``weights`` defaults to :data:`WEIGHTS`.
    """
    if weights is None:
        return dict(_default_related(stem, limit))
    return _related(stem, weights, limit)


@lru_cache(maxsize=65536)
def _default_related(stem: str, limit: int) -> tuple[tuple[str, tuple[str, float]], ...]:
    return tuple(_related(stem, WEIGHTS, limit).items())


def _related(stem: str, weights: Mapping[str, float],
             limit: int) -> dict[str, tuple[str, float]]:
    lex = tables()
    found: dict[str, tuple[str, float, float]] = {}
    # The stem's own inflection group: itself, its lemmas' stems, its forms' stems.
    group = [(stem, 1.0)]
    for other, label, _ in lex.inflections.get(stem, ()):
        factor = weights.get(label, 0.0)
        _offer(found, other, label, factor, 1.0)
        group.append((other, factor))
    for source, factor in group:
        for other, relation, support in lex.stems.get(source, ()):
            weight = factor * weights.get(relation, 0.0)
            _offer(found, other, relation, weight, support)
            for form, label, _ in lex.inflections.get(other, ()):
                _offer(found, form, relation, weight * weights.get(label, 0.0), support)
    found.pop(stem, None)
    return _ranked(found, limit)


def _offer(found: dict[str, tuple[str, float, float]], other: str, relation: str,
           weight: float, support: float) -> None:
    """Keep the strongest way to ``other`` (weight, then support, then relation name)."""
    if weight <= 0.0:
        return
    old = found.get(other)
    if old is None or (weight, support) > old[1:] or (
        (weight, support) == old[1:] and relation < old[0]
    ):
        found[other] = (relation, weight, support)


def _ranked(found: dict[str, tuple[str, float, float]],
            limit: int) -> dict[str, tuple[str, float]]:
    order = sorted(found.items(), key=lambda kv: (-kv[1][1], -kv[1][2], kv[0]))
    return {other: (relation, round(weight, 6)) for other, (relation, weight, _) in
            order[:limit]}


def expand(terms: Iterable[str], weights: Mapping[str, float] | None = None,
           limit: int = MAX_RELATED) -> dict[str, float]:
    """Query stems (as ``tokenize`` gives them) to ``{stem: weight}``.

    The query's own stems come first, at 1.0, in their order; then, term by term, each
    one's related stems at their weight (the highest when several terms reach a stem).
    """
    terms = list(dict.fromkeys(terms))
    out = dict.fromkeys(terms, 1.0)
    for term in terms:
        for other, (_relation, weight) in related_stems(term, weights, limit).items():
            if weight > out.get(other, 0.0):
                out[other] = weight
    return out
