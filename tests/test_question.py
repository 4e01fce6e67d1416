"""Question analysis: question word, expected answer type, head noun, anchors."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.answer.question import QuestionInfo, analyze, lexicon

CASES = [
    # question, wh, answer_type, head
    ("Who suggested that sending troops could help?", "who", "person", None),
    ("Whose army crossed the river?", "who", "person", None),
    ("When did Putin visit Pyongyang?", "when", "date", None),
    ("Where have reports detailed recruitment?", "where", "place", None),
    ("How many North Korean officers died?", "how many", "number", "officers"),
    ("How much did the company pay?", "how much", "number", None),
    ("How old was the king?", "how", "number", "old"),
    ("How did the army cross the river?", "how", "manner", None),
    ("What year did the war end?", "what", "date", "year"),
    ("Which country hosted the games?", "which", "place", "country"),
    ("What percentage of people voted?", "what", "number", "percentage"),
    ("What German city hosted the fair?", "what", "place", "city"),
    ("What type of punishment was offered?", "what", "noun_phrase", "punishment"),
    ("What did the leaders sign?", "what", "noun_phrase", None),
    ("Why did the council close the road?", "why", "reason", None),
    ("Is North Korea fighting in Ukraine?", "yes-no", "sentence", None),
    ("Did the company grow?", "yes-no", "sentence", None),
    ("How likely is it that the dam fails?", "yes-no", "sentence", None),
    ("How sure are officials about the count?", "yes-no", "sentence", None),
    ("The Broncos beat who in the final?", "who", "person", None),
    ("Tell me about the war", "other", "any", None),
]


@pytest.mark.parametrize(("question", "wh", "answer_type", "head"), CASES,
                         ids=[c[0] for c in CASES])
def test_question_types(question: str, wh: str, answer_type: str, head: str | None) -> None:
    info = analyze(question)
    assert (info.wh, info.answer_type, info.head) == (wh, answer_type, head)


def test_yes_no_flag() -> None:
    assert analyze("Was the treaty signed?").is_yes_no
    assert not analyze("When was the treaty signed?").is_yes_no


def test_content_words_drop_stop_and_question_words() -> None:
    info = analyze("When did Putin visit Pyongyang?")
    assert info.content == ("putin", "visit", "pyongyang")
    assert "when" not in info.content and "did" not in info.content
    assert "visit" in info.stems


def test_focus_is_head_or_first_content_word() -> None:
    assert analyze("How many officers died?").focus == "officers"
    assert analyze("When did Putin visit Pyongyang?").focus == "putin"


def test_anchors_point_at_words_beside_the_answer() -> None:
    # "placing more emphasis on [answer]": the word before "what" sits left of the answer.
    info = analyze("Companies are placing more emphasis on what?")
    assert info.anchor_left == "emphasi"
    # "Who founded X": "founded" follows the answer.
    assert analyze("Who founded the company?").anchor_right == "found"


def test_info_is_frozen() -> None:
    info = analyze("Who won?")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.wh = "when"  # type: ignore[misc]


def test_lexicon_sections() -> None:
    assert "june" in lexicon("months")
    assert "six" in lexicon("number_words")
    assert "nepal" in lexicon("places")
    assert "north america" in lexicon("places")  # a place of several words is one entry
    with pytest.raises(KeyError):
        lexicon("no such section")


@pytest.mark.parametrize(("question", "answer_type", "head"), [
    ("Which river did the flood reach?", "place", "river"),
    ("What composer was born in Salzburg?", "person", "composer"),
    ("What share of voters agreed?", "number", "share"),
    ("What kinds of cells are there?", "noun_phrase", "cells"),
    ("How many thousand people marched?", "number", "people"),
])
def test_head_nouns_from_the_word_list(question: str, answer_type: str, head: str) -> None:
    info = analyze(question)
    assert (info.answer_type, info.head) == (answer_type, head)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(max_size=300))
def test_analyze_never_raises(question: str) -> None:
    info = analyze(question)
    assert isinstance(info, QuestionInfo)
    assert info.answer_type in {"person", "date", "place", "number", "noun_phrase", "reason",
                                "manner", "sentence", "any"}
