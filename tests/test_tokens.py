from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.text.tokens import stopwords, tokenize, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("When did Putin visit Pyongyang?", ["putin", "visit", "pyongyang"]),
        ("visited VISITING visits", ["visit", "visit", "visit"]),
        ("Putin’s visit", ["putin", "visit"]),
        ("Putin's visit", ["putin", "visit"]),
        ("3.5% of $100.00", ["3.5", "100.00"]),
        ("24–10 in 2022", ["24", "10", "2022"]),
        ("ﬁne Ｆｕｌｌ", ["fine", "full"]),
        ("Straße STRASSE", ["strass", "strass"]),
        ("don't won't", []),
        ("mutual-defense", ["mutual", "defens"]),
        ("snake_case", ["snake", "case"]),
    ],
    ids=["question", "stems", "curly-possessive", "possessive", "numbers", "en-dash",
         "nfkc", "casefold", "contractions-are-stopwords", "hyphen", "underscore"],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_question_and_document_share_terms() -> None:
    question = set(tokenize("Who signed the defense agreements?"))
    document = set(tokenize("The leaders signed a mutual defense agreement."))
    assert question <= document


def test_stopwords_are_shipped_and_normalised() -> None:
    stop = stopwords()
    assert {"the", "who", "what", "when", "is"} <= stop
    assert all(w == w.casefold().strip() and w for w in stop)
    assert "putin" not in stop


def test_words_keeps_stopwords_and_case_folds() -> None:
    assert words("The U.N. SAID") == ["the", "u", "n", "said"]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text())
def test_tokenize_never_fails_and_yields_clean_terms(text: str) -> None:
    for term in tokenize(text):
        assert term and not any(ch.isspace() for ch in term)
