"""Tests of qa.text.sentences: the Golden Rules oracle, one example per rule, and properties."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.text.punkt import DATA_DIR, load_params, read_word_list
from qa.text.sentences import explain_sentences, split_sentences

GOLDEN_MIN_PASSES = 47


def shared_dir() -> Path:
    configured = os.environ.get("QA_SHARED_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared"


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# -- oracle: the English Golden Rules ---------------------------------------------------------


def test_golden_rules() -> None:
    path = shared_dir() / "eval" / "external" / "golden-rules-en" / "golden_rules_en.jsonl"
    if not path.is_file():
        pytest.skip(f"Golden Rules not found at {path} (set QA_SHARED_DIR to the shared folder)")
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    failing = [case["id"] for case in cases if sentences(case["text"]) != case["sentences"]]
    assert len(cases) == 48
    assert len(cases) - len(failing) >= GOLDEN_MIN_PASSES, f"failing cases: {failing}"


# -- one example per rule ---------------------------------------------------------------------

EXAMPLES = [
    pytest.param(
        "Mr. Smith left. He said so.", ["Mr. Smith left.", "He said so."], id="spec-example"
    ),
    pytest.param(
        "Dr. Jones met Gov. Smith in Calif. on Tuesday. They talked for an hour.",
        ["Dr. Jones met Gov. Smith in Calif. on Tuesday.", "They talked for an hour."],
        id="abbreviations-inside",
    ),
    pytest.param(
        "She works for Acme Inc. The company makes tools.",
        ["She works for Acme Inc.", "The company makes tools."],
        id="abbreviation-then-sentence-starter",
    ),
    pytest.param(
        "Prices rose in the U.K. last year.",
        ["Prices rose in the U.K. last year."],
        id="dotted-lower",
    ),
    pytest.param(
        "The U.N. Security Council met on Monday.",
        ["The U.N. Security Council met on Monday."],
        id="dotted-then-name",
    ),
    pytest.param(
        "He moved to the U.K. It rained every day.",
        ["He moved to the U.K.", "It rained every day."],
        id="dotted-ends-sentence",
    ),
    pytest.param(
        "The talks ended in the U.S. And Europe waited.",
        ["The talks ended in the U.S. And Europe waited."],
        id="dotted-then-coordinator",
    ),
    pytest.param(
        "The novel by J. R. R. Tolkien sold well.",
        ["The novel by J. R. R. Tolkien sold well."],
        id="initials",
    ),
    pytest.param(
        "The vote went to Plan B. The board agreed.",
        ["The vote went to Plan B.", "The board agreed."],
        id="initial-ends-sentence",
    ),
    pytest.param(
        "The meeting ended at 4 p.m. on Friday.",
        ["The meeting ended at 4 p.m. on Friday."],
        id="time-abbreviation",
    ),
    pytest.param(
        "The meeting ended at 4 p.m. Dr. Lee then spoke.",
        ["The meeting ended at 4 p.m.", "Dr. Lee then spoke."],
        id="title-rule",
    ),
    pytest.param(
        "By 9 a.m. Dr. Lee had left the building.",
        ["By 9 a.m. Dr. Lee had left the building."],
        id="fragment-rule",
    ),
    pytest.param(
        "The fund paid $2.50 a share. It grew 3.5% in 2004.",
        ["The fund paid $2.50 a share.", "It grew 3.5% in 2004."],
        id="money-and-percent",
    ),
    pytest.param(
        "The fee is $100.00. It is due today.",
        ["The fee is $100.00.", "It is due today."],
        id="money-ends-sentence",
    ),
    pytest.param(
        "Shares rose 3.5%. Bonds fell.", ["Shares rose 3.5%.", "Bonds fell."], id="percent-ends"
    ),
    pytest.param(
        "He was born in 1950. Smith grew up in Leeds.",
        ["He was born in 1950.", "Smith grew up in Leeds."],
        id="number-ends-sentence",
    ),
    pytest.param(
        "The band reached No. 5 in the chart.",
        ["The band reached No. 5 in the chart."],
        id="collocation-no-number",
    ),
    pytest.param(
        "The answer was no. Nobody expected it.",
        ["The answer was no.", "Nobody expected it."],
        id="collocation-word-ends",
    ),
    pytest.param(
        "Steps: 1. Mix the flour 2. Add water 3. Bake it",
        ["Steps:", "1. Mix the flour", "2. Add water", "3. Bake it"],
        id="enumeration-after-colon",
    ),
    pytest.param(
        "(a) the first point (b) the second point",
        ["(a) the first point", "(b) the second point"],
        id="enumeration-letters-in-parentheses",
    ),
    pytest.param(
        "Chapter 1. The second part is shorter.",
        ["Chapter 1.", "The second part is shorter."],
        id="no-enumeration-mid-block",
    ),
    pytest.param("• Apples • Pears", ["• Apples", "• Pears"], id="bullets-inline"),
    pytest.param("- one\n- two", ["- one", "- two"], id="bullets-lines"),
    pytest.param(
        "Related Sources:\n\n• Source 1 • Source 2",
        ["Related Sources:", "• Source 1", "• Source 2"],
        id="link-list",
    ),
    pytest.param(
        '"We will win," he said. "Nobody doubts it."',
        ['"We will win," he said.', '"Nobody doubts it."'],
        id="quotes-between-sentences",
    ),
    pytest.param(
        "He said 'stop.' then he left.", ["He said 'stop.' then he left."], id="quote-then-lower"
    ),
    pytest.param(
        '"Stop." The crowd went quiet.', ['"Stop."', "The crowd went quiet."], id="quote-closes"
    ),
    pytest.param(
        'He asked: "Why?" Nobody answered.',
        ['He asked: "Why?"', "Nobody answered."],
        id="question-in-quotes",
    ),
    pytest.param(
        "The firm (it was founded in 1990.) grew fast.",
        ["The firm (it was founded in 1990.) grew fast."],
        id="parenthesis",
    ),
    pytest.param(
        "Sales grew 10% (see Fig. 3). Costs fell.",
        ["Sales grew 10% (see Fig. 3).", "Costs fell."],
        id="parenthesis-ends-sentence",
    ),
    pytest.param(
        "He paused... then went on.", ["He paused... then went on."], id="ellipsis-then-lower"
    ),
    pytest.param(
        "It was over.... Nobody spoke.",
        ["It was over....", "Nobody spoke."],
        id="ellipsis-and-full-stop",
    ),
    pytest.param(
        "He hesitated . . . I waited.",
        ["He hesitated . . . I waited."],
        id="spaced-ellipsis-then-I",
    ),
    pytest.param(
        "Nothing else. . . . It was done.",
        ["Nothing else.", ". . . It was done."],
        id="period-then-spaced-ellipsis",
    ),
    pytest.param("Wait … what happened?", ["Wait … what happened?"], id="unicode-ellipsis"),
    pytest.param("Really?! Yes.", ["Really?!", "Yes."], id="interrobang"),
    pytest.param(
        "She works at Yahoo! in Paris.", ["She works at Yahoo! in Paris."], id="exclamation-in-name"
    ),
    pytest.param(
        "Markets Rally\nStocks rose on Monday.",
        ["Markets Rally", "Stocks rose on Monday."],
        id="title-line",
    ),
    pytest.param(
        "OIL PRICES FALL\nLONDON, March 3 - Oil prices fell.",
        ["OIL PRICES FALL", "LONDON, March 3 - Oil prices fell."],
        id="headline-and-dateline",
    ),
    pytest.param(
        "The deal was signed\nby both sides on Monday.",
        ["The deal was signed\nby both sides on Monday."],
        id="wrapped-line",
    ),
    pytest.param(
        "First paragraph ends here\n\nSecond paragraph",
        ["First paragraph ends here", "Second paragraph"],
        id="blank-line",
    ),
    pytest.param("Line one.\r\n\r\nLine two.", ["Line one.", "Line two."], id="crlf"),
    pytest.param(
        "# Heading\nText follows here.", ["# Heading", "Text follows here."], id="markdown"
    ),
    pytest.param(
        "Write to press@example.org. We reply fast.",
        ["Write to press@example.org.", "We reply fast."],
        id="email",
    ),
    pytest.param(
        "See https://example.com/a.b/c.html for details.",
        ["See https://example.com/a.b/c.html for details."],
        id="url",
    ),
    pytest.param(
        "Visit www.example.co.uk. It has news.",
        ["Visit www.example.co.uk.", "It has news."],
        id="url-ends-sentence",
    ),
    pytest.param(
        "Mr Smith said so. He left.", ["Mr Smith said so.", "He left."], id="british-title"
    ),
    pytest.param(
        "The eBay deal closed. iPhone sales rose.",
        ["The eBay deal closed.", "iPhone sales rose."],
        id="lower-initial-brand",
    ),
    pytest.param(
        "I love it 😀. مرحبا بالعالم. Done.",
        ["I love it 😀.", "مرحبا بالعالم.", "Done."],
        id="emoji-and-rtl",
    ),
    pytest.param("", [], id="empty"),
    pytest.param(" \n\t \r\n ", [], id="only-whitespace"),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_examples(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_offsets_of_spec_example() -> None:
    assert split_sentences("Mr. Smith left. He said so.") == [(0, 15), (16, 27)]


def test_explain_names_the_rule() -> None:
    text = "By 9 a.m. Dr. Lee left. He left at 5 p.m. Dr. Ray stayed."
    decisions = [
        (text[: d.offset + 1].split()[-1], d.boundary, d.rule) for d in explain_sentences(text)
    ]
    assert [(word, boundary) for word, boundary, _ in decisions] == [
        ("a.m.", False),
        ("Dr.", False),
        ("left.", True),
        ("p.m.", True),
        ("Dr.", False),
    ]
    assert decisions[0][2].startswith("fragment rule")
    assert decisions[3][2].startswith("title rule")


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        split_sentences(b"bytes")  # type: ignore[arg-type]


# -- shipped parameters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["abbreviations.txt", "titles.txt", "sentence_starters.txt", "collocations.txt"]
)
def test_word_lists_are_clean(name: str) -> None:
    assert (DATA_DIR / name).read_text(encoding="utf-8").startswith("#"), "header comment"
    entries = read_word_list(name)
    assert entries and len(entries) == len(set(entries)), "no duplicates"
    for entry in entries:
        assert entry == entry.lower() and not entry.endswith("."), entry


def test_params_are_loaded_once() -> None:
    params = load_params()
    assert load_params() is params
    assert "inc" in params.abbreviations and "mr" in params.titles
    assert params.punkt.ortho_context["never-seen-word"] == 0
    assert "never-seen-word" not in params.punkt.ortho_context


# -- robustness -------------------------------------------------------------------------------

ADVERSARIAL = [
    pytest.param("....." * 10_000, id="dots"),
    pytest.param("..... " * 10_000, id="spaced-dots"),
    pytest.param("word " * 200_000, id="1MB-no-punctuation"),
    pytest.param("x" * 1_000_000, id="1MB-one-token"),
    pytest.param("!" * 200_000 + " A", id="exclamations"),
    pytest.param("A. " * 50_000, id="initials"),
    pytest.param("a.b" * 100_000 + ". Next", id="dotted-token"),
    pytest.param("(" * 100_000 + "x. Y", id="open-brackets"),
    pytest.param("\n" * 100_000 + "x", id="newlines"),
    pytest.param("1. a " * 50_000, id="enumeration"),
    pytest.param(": 1. " * 50_000, id="colon-enumeration"),
    pytest.param("• " * 100_000, id="bullets"),
    pytest.param(" " * 100_000 + ".", id="spaces-then-period"),
    pytest.param("\x00\x01\x1b[0m\u200b\ufeff.\ud800 X", id="control-chars"),
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_input_is_fast(text: str) -> None:
    started = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - started < 10, "super-linear behaviour"
    assert_invariants(text, spans)


# -- properties -------------------------------------------------------------------------------


def assert_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    covered = 0
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        covered += sum(1 for char in piece if not char.isspace())
        previous_end = end
    # ordered, non-overlapping spans holding all non-space characters: each exactly once
    assert covered == sum(1 for char in text if not char.isspace())


PIECES = st.sampled_from(
    [
        "Mr.",
        "U.S.",
        "a.m.",
        "No.",
        "Inc.",
        "e.g.",
        "J.",
        "I.",
        "1.",
        "2.)",
        "(a)",
        "b)",
        "•",
        "⁃9.",
        "-",
        "*",
        "...",
        ". . .",
        "....",
        "…",
        "?!",
        "!!",
        '"',
        "'",
        "“",
        "”",
        "(",
        ")",
        "[...]",
        "The",
        "he",
        "Smith",
        "said",
        "3.5%",
        "$100.00",
        "x@y.com",
        "http://a.b/c.d",
        ":",
        ";",
        ",",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "\u00a0",
        "\u2029",
        "😀",
        "مرحبا",
        "\x00",
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=40).map(" ".join),
    st.lists(PIECES, max_size=40).map("".join),
    st.text(max_size=200),
)
PROPERTY_SETTINGS = settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(TEXTS)
def test_spans_are_ordered_stripped_and_cover_every_character(text: str) -> None:
    assert_invariants(text, split_sentences(text))


@PROPERTY_SETTINGS
@given(TEXTS, TEXTS)
def test_paragraphs_are_split_independently(first: str, second: str) -> None:
    text = f"{first}\n\n{second}"
    offset = len(first) + 2
    expected = split_sentences(first) + [
        (s + offset, e + offset) for s, e in split_sentences(second)
    ]
    assert split_sentences(text) == expected


@PROPERTY_SETTINGS
@given(TEXTS)
def test_explain_agrees_with_split(text: str) -> None:
    decisions = explain_sentences(text)
    assert [d.offset for d in decisions] == sorted(d.offset for d in decisions)
    boundaries = sum(d.boundary for d in decisions)
    assert boundaries == max(len(split_sentences(text)) - 1, 0)
