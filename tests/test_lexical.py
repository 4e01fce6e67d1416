"""The WordNet-derived lexical tables and their reader (``qa.text.lexical``).

Only the shipped tables in ``qa/data/`` are read: no WordNet install, no download.
"""

from __future__ import annotations

import random

import pytest
from nltk.stem.snowball import SnowballStemmer

from qa.text import lexical

_stem = SnowballStemmer("english").stem
TABLES = ("wordnet_lemmas.txt", "wordnet_related.txt", "wordnet_stems.txt")


def meets(a: str, b: str) -> bool:
    """Whether the index term of word ``a`` reaches that of word ``b``."""
    return _stem(b.casefold()) in lexical.related_stems(_stem(a.casefold()))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("sent", "send"), ("died", "die"), ("mice", "mouse"), ("children", "child"),
     ("ran", "run"), ("went", "go"), ("women", "woman"), ("visited", "visit"),
     ("Sent", "send")],
)
def test_lemmas(word: str, expected: str) -> None:
    assert expected in lexical.lemmas(word)


def test_lemmas_of_a_plain_or_unknown_word_is_the_word() -> None:
    assert lexical.lemmas("river") == ("river",)
    assert lexical.lemmas("zzxqv") == ("zzxqv",)
    assert "leave" in lexical.lemmas("left") and "left" in lexical.lemmas("left")


@pytest.mark.parametrize(
    ("a", "b"),
    [("sent", "send"), ("send", "sent"), ("ran", "run"), ("children", "child"),
     ("utilized", "use"), ("utilized", "using"), ("using", "utilize"),
     ("shipped", "sent"), ("sent", "shipped"), ("weaponry", "weapon"), ("weapon", "weaponry"),
     ("Russian", "Russia"), ("Russia", "Russian"), ("French", "France"),
     ("killed", "die"), ("killed", "died"), ("invasion", "invade"), ("invaded", "invasion"),
     ("goes", "go"), ("higher", "high")],
)
def test_related_pairs_meet_in_stem_space(a: str, b: str) -> None:
    assert meets(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("bank", "river"), ("shoot", "film"), ("film", "shoot"), ("kill", "bank"),
     ("weapon", "arm"), ("president", "minister"), ("send", "receive"), ("rise", "fall"),
     ("Russia", "France"), ("leaf", "go")],
)
def test_unrelated_words_do_not_meet(a: str, b: str) -> None:
    assert not meets(a, b)


def test_relations_and_weights() -> None:
    related = lexical.related_stems("sent")
    assert related["send"] == ("inflection", 1.0)
    assert related["ship"][0] == "synonym"
    assert lexical.related_stems("kill")["die"][0] == "cause"
    assert lexical.related_stems("die")["kill"][0] == "caused_by"
    assert lexical.related_stems("invas")["invad"][0] == "derivation"
    assert lexical.related_stems("french")["franc"][0] == "demonym"
    # A homograph's lemma ("left" -> "leave") weighs less than an inflection.
    assert lexical.related_stems("left")["leav"] == ("homograph", lexical.WEIGHTS["homograph"])
    # "leaves" is "leaf" or "leave": the two meet, but only as a homograph's forms.
    assert lexical.related_stems("leav")["leaf"][0] == "homograph"


def test_weights_are_in_range_and_capped() -> None:
    assert all(0.0 < w <= 1.0 for w in lexical.WEIGHTS.values())
    rng = random.Random(7)
    stems = rng.sample(sorted(lexical.tables().stems), 300)
    for stem in stems + ["use", "send", "go", "run", "take"]:
        related = lexical.related_stems(stem)
        assert stem not in related
        assert len(related) <= lexical.MAX_RELATED
        assert all(0.0 < w <= 1.0 for _, w in related.values())
        weights = [w for _, w in related.values()]
        assert weights == sorted(weights, reverse=True)
        assert {r for r, _ in related.values()} <= set(lexical.WEIGHTS)


def test_custom_weights_and_limit() -> None:
    only = {"inflection": 1.0}
    assert lexical.related_stems("sent", weights=only) == {"send": ("inflection", 1.0)}
    assert len(lexical.related_stems("use", limit=3)) == 3
    assert lexical.related_stems("sent", weights={}) == {}


def test_expand_keeps_the_query_at_one() -> None:
    terms = ["sent", "troop", "sent"]
    out = lexical.expand(terms)
    assert list(out)[:2] == ["sent", "troop"]
    assert out["sent"] == out["troop"] == 1.0
    assert out["send"] == 1.0 and 0.0 < out["ship"] < 1.0
    assert all(0.0 < w <= 1.0 for w in out.values())
    # A query term reached by another term's expansion keeps its own weight.
    assert lexical.expand(["ship", "send"])["ship"] == 1.0
    assert lexical.expand([]) == {}


def test_output_is_deterministic() -> None:
    terms = ["kill", "sent", "russian", "use", "invas", "weapon"]
    first = lexical.expand(terms)
    lexical._default_related.cache_clear()
    assert list(lexical.expand(terms).items()) == list(first.items())
    assert list(lexical.related_stems("use").items()) == list(
        lexical._related("use", lexical.WEIGHTS, lexical.MAX_RELATED).items()
    )


def test_related_words_in_word_space() -> None:
    words = lexical.related_words("sent")
    assert words["send"] == ("inflection", 1.0)
    assert words["ship"][0] == "synonym"
    assert lexical.related_words("Russian")["russia"][0] in ("demonym", "pertainym")
    assert "sent" not in words and len(words) <= lexical.MAX_RELATED


def test_every_table_line_parses() -> None:
    lemmas = list(lexical.read_table(lexical.LEMMAS_FILE))
    related = list(lexical.read_table(lexical.RELATED_FILE))
    stems = list(lexical.read_table(lexical.STEMS_FILE))
    assert len(lemmas) > 1000 and len(related) > 10000 and len(stems) > 1000
    assert {lexical.parse_lemma(f)[3] for f in lemmas} == set(lexical.LEMMA_KINDS)
    assert {lexical.parse_related(f)[1] for f in related} == set(lexical.RELATIONS)
    for fields in stems:
        lexical.parse_stem(fields)
    # Sorted (lemma rows by form, then part of speech in WordNet's order n, v, a, r).
    assert related == sorted(related) and stems == sorted(stems)
    assert [f[0] for f in lemmas] == sorted(f[0] for f in lemmas)
    pairs = [frozenset((w, o)) for w, _, o, _ in related]
    assert len(set(pairs)) == len(pairs)


@pytest.mark.parametrize(
    "fields",
    [["a", "x", "b", "irregular"], ["a", "n", "b"], ["a", "n", "a", "irregular"],
     ["a", "n", "b", "homograph"]],
)
def test_bad_lemma_lines_are_refused(fields: list[str]) -> None:
    with pytest.raises(ValueError):
        lexical.parse_lemma(fields)


@pytest.mark.parametrize(
    "fields",
    [["a", "hyponym", "b", "0.5"], ["a", "synonym", "b"], ["a", "synonym", "a", "0.5"],
     ["a", "synonym", "b", "0"], ["a", "synonym", "b", "x"]],
)
def test_bad_related_lines_are_refused(fields: list[str]) -> None:
    with pytest.raises(ValueError):
        lexical.parse_related(fields)


def test_shipped_stems_agree_with_the_installed_stemmer() -> None:
    stems = dict(map(lexical.parse_stem, lexical.read_table(lexical.STEMS_FILE)))
    words = set(stems)
    for fields in lexical.read_table(lexical.RELATED_FILE):
        words.update((fields[0], fields[2]))
    wrong = [w for w in sorted(words) if _stem(w) != stems.get(w, w)]
    assert not wrong[:10]


@pytest.mark.parametrize("name", TABLES)
def test_headers_state_provenance_and_licence(name: str) -> None:
    path = lexical.DATA / name
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    text = "\n".join(header)
    assert "WordNet 3.0" in text and "scripts/derive_lexical.py" in text
    assert "Princeton" in text and "wordnet_LICENSE.txt" in text and "Format:" in text


def test_licence_is_shipped_verbatim() -> None:
    text = (lexical.DATA / "wordnet_LICENSE.txt").read_text(encoding="utf-8")
    assert text.startswith("This software and database is being provided to you")
    assert "WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved." in text
    assert text.rstrip().endswith("LICENSEE agrees to preserve same.")


def test_tables_are_compact() -> None:
    total = sum((lexical.DATA / name).stat().st_size for name in TABLES)
    assert total < 4_000_000
