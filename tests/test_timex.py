"""qa.text.timex: time expressions found, and resolved against the article's date."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from qa.text.timex import GRANULARITIES, TimeValue, find, resolve, tense

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def value(expression: str, base: str | None, sentence: str | None = None) -> str | None:
    got = resolve(expression, base, sentence)
    assert got is not None, expression
    return got.value


@pytest.mark.parametrize(("expression", "base", "expected"), [
    ("On October 3", "2024-10-08", TimeValue("On October 3", "2024-10-03", "day")),
    ("next Monday", "2024-10-08", TimeValue("next Monday", "2024-10-14", "day")),
    ("on Tuesday", "2024-10-08", TimeValue("on Tuesday", "2024-10-08", "day")),
], ids=["on-october-3", "next-monday", "on-tuesday"])
def test_spec_examples(expression: str, base: str, expected: TimeValue) -> None:
    assert resolve(expression, base) == expected


def test_to_dict_and_frozen() -> None:
    got = resolve("in June", "2024-10-08", "Prices rose in June.")
    assert got is not None
    assert got.to_dict() == {"text": "in June", "value": "2024-06", "granularity": "month"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.value = "2023-06"  # type: ignore[misc]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The minister said on Tuesday that talks had failed.", "2024-10-08"),
    ("The committee will meet on Tuesday.", "2024-10-15"),
    ("The report is due to be published on Tuesday.", "2024-10-15"),
    ("The company plans to list its shares on Tuesday.", "2024-10-15"),
    ("Shares closed lower on Tuesday.", "2024-10-08"),
    ("Talks are to resume on Tuesday, officials said.", "2024-10-15"),
    ("He told reporters on Thursday it will sell the unit.", "2024-10-10"),
    ("Issues which would be discussed on Tuesday, they added.", "2024-10-15"),
    ("The union said it is calling a meeting, possibly Tuesday.", "2024-10-15"),
    ("The loss on Tuesday was due mainly to write-offs.", "2024-10-08"),
    ("Output fell more than expected on Tuesday.", "2024-10-08"),
], ids=["said", "will", "is-due-to", "plans-to", "past-verb", "is-to-then-said",
        "own-weekday", "would", "progressive", "due-to-a-cause", "than-expected"])
def test_bare_weekday_by_tense(sentence: str, expected: str) -> None:
    # 2024-10-10 is a Thursday: the past Tuesday is the 8th, the coming one the 15th.
    found = find(sentence)
    assert len(found) == 1
    start, end = found[0]
    assert value(sentence[start:end], "2024-10-10", sentence) == expected


def test_bare_weekday_is_within_the_previous_week_by_default() -> None:
    assert value("Friday", "2024-10-10") == "2024-10-04"
    assert value("Thursday", "2024-10-10") == "2024-10-10"


@pytest.mark.parametrize(("sentence", "base", "expected"), [
    ("Prices fell in December.", "1987-01-15", "1986-12"),
    ("The plant will open in December.", "1987-01-15", "1987-12"),
    ("Sales rose in June.", "2024-05-10", "2023-06"),
    ("The vote is expected in June.", "2024-05-10", "2024-06"),
    ("Output rose in May.", "2024-05-10", "2024-05"),
], ids=["december-in-january", "december-ahead", "june-past", "june-ahead", "own-month"])
def test_bare_month_by_tense(sentence: str, base: str, expected: str) -> None:
    start, end = find(sentence)[0]
    assert value(sentence[start:end], base, sentence) == expected


def test_day_of_month_takes_the_nearest_year_in_the_tense() -> None:
    assert value("on December 30", "2025-01-03", "It was signed on December 30.") == "2024-12-30"
    assert value("on January 5", "2024-12-20",
                 "The talks will be held on January 5.") == "2025-01-05"
    assert value("Oct. 3, 2024", None) == "2024-10-03"
    assert value("March 1987", "2024-10-08") == "1987-03"


@pytest.mark.parametrize(("expression", "base", "expected"), [
    ("last week", "2024-10-08", "2024-W40"),
    ("this week", "2024-10-08", "2024-W41"),
    ("last week", "2021-01-05", "2020-W53"),
    ("this week", "2024-12-30", "2025-W01"),
    ("next week", "2024-12-30", "2025-W02"),
    ("two weeks ago", "2024-01-10", "2023-W52"),
], ids=["last", "this", "last-w53", "this-across-year", "next-across-year", "ago"])
def test_weeks_are_iso_weeks(expression: str, base: str, expected: str) -> None:
    got = resolve(expression, base)
    assert got == TimeValue(expression, expected, "week")


@pytest.mark.parametrize(("expression", "base", "expected", "granularity"), [
    ("last month", "2024-01-08", "2023-12", "month"),
    ("next month", "2024-12-08", "2025-01", "month"),
    ("this year", "2024-10-08", "2024", "year"),
    ("a year ago", "1987-03-02", "1986", "year"),
    ("three months ago", "2024-05-31", "2024-02", "month"),
    ("yesterday", "2024-03-01", "2024-02-29", "day"),
    ("tomorrow", "2024-12-31T22:00:00Z", "2025-01-01", "day"),
    ("last October", "1987-03-03", "1986-10", "month"),
    ("last Friday", "2024-10-08", "2024-10-04", "day"),
    ("in 1985", "1987-03-03", "1985", "year"),
], ids=lambda x: str(x))
def test_relative_and_absolute(expression: str, base: str, expected: str,
                               granularity: str) -> None:
    assert resolve(expression, base) == TimeValue(expression, expected, granularity)


def test_base_dates_in_utc() -> None:
    assert value("today", "2024-10-08T09:30:00Z") == "2024-10-08"
    assert value("today", "2024-10-08T22:30:00-05:00") == "2024-10-09"
    assert value("today", "not a date") is None


def test_no_base_date_leaves_relative_expressions_unplaced() -> None:
    assert resolve("on Tuesday", None) == TimeValue("on Tuesday", None, "day")
    assert resolve("last month", None) == TimeValue("last month", None, "month")
    assert resolve("in 2022", None) == TimeValue("in 2022", "2022", "year")


def test_recently_cannot_be_placed() -> None:
    assert resolve("recently", "2024-10-08") == TimeValue("recently", None, "unknown")
    assert resolve("in recent weeks", "2024-10-08") == TimeValue(
        "in recent weeks", None, "week")
    assert resolve("several weeks ago", "2024-10-08") == TimeValue(
        "several weeks ago", None, "week")


def test_granularity_is_always_one_of_the_documented_names() -> None:
    text = ("recently, on Tuesday, last week, in June, the first quarter, 1987, "
            "several years ago, in recent days")
    for start, end in find(text):
        got = resolve(text[start:end], None)
        assert got is not None and got.granularity in GRANULARITIES


@pytest.mark.parametrize(("sentence", "base", "expected"), [
    ("Profit rose in the fourth quarter.", "1987-03-05", "1986-Q4"),
    ("The unit is scheduled for the fourth quarter.", "1987-04-02", "1987-Q4"),
    ("Sales rose in the first quarter of 1988.", "1987-04-02", "1988-Q1"),
    ("It earned 456,000 dlrs in last year's first quarter.", "1987-03-17", "1986-Q1"),
    ("GNP figures for the last quarter, 1986, are due.", "1987-03-12", "1986-Q4"),
    ("Its fourth 1986 quarter improved.", "1987-03-11", "1986-Q4"),
    ("Net fell in the 1985 4th qtr.", "1987-03-18", "1985-Q4"),
    ("Results improved last quarter.", "1987-01-10", "1986-Q4"),
    ("We expect the current quarter to be better.", "1987-03-05", "1987-Q1"),
    ("Earnings fell from the previous quarter.", "1987-01-05", "1986-Q4"),
    ("Third-quarter income rose.", "1987-10-20", "1987-Q3"),
    ("It expects a loss for the fourth quarter ended March 31.", "1987-04-02", "1987-Q1"),
    ("We expect this quarter to be better than the fourth quarter.", "1987-03-05", "1986-Q4"),
], ids=["past", "scheduled", "of-year", "last-years", "last-quarter-comma-year",
        "year-inside", "year-before", "last-quarter", "current", "previous", "hyphen",
        "ended-march-31", "than"])
def test_quarters(sentence: str, base: str, expected: str) -> None:
    start, end = find(sentence)[-1] if "than" in sentence else find(sentence)[0]
    got = resolve(sentence[start:end], base, sentence, at=start)
    assert got is not None and (got.value, got.granularity) == (expected, "quarter")


def test_quarters_that_are_not_calendar_quarters_are_not_placed() -> None:
    assert resolve("the fiscal first quarter", "1987-03-06") == TimeValue(
        "the fiscal first quarter", None, "quarter")
    sentence = "Profit soared for the first quarter ended January 31."
    got = resolve("the first quarter ended January 31", "1987-03-06", sentence)
    assert got == TimeValue("the first quarter ended January 31", None, "quarter")
    assert resolve("the first quarter", None) == TimeValue("the first quarter", None, "quarter")
    assert resolve("the first quarter of 1988", None) == TimeValue(
        "the first quarter of 1988", "1988-Q1", "quarter")


@pytest.mark.parametrize("text", ["a quarter of a point", "a quarter-point cut",
                                  "the first two quarters", "its quarterly dividend",
                                  "three quarters of the shares"])
def test_quarter_words_that_are_not_quarters(text: str) -> None:
    assert find(text) == []


def test_month_with_a_relative_year() -> None:
    assert resolve("July next year", "1987-03-17") == TimeValue("July next year", "1988-07", "month")
    assert resolve("in July this year", "1987-03-17") == TimeValue(
        "in July this year", "1987-07", "month")
    assert resolve("May of last year", "1987-03-17") == TimeValue(
        "May of last year", "1986-05", "month")


def test_may_is_the_month_by_the_words_of_its_sentence() -> None:
    sentence = "It expects to make the distribution in early May, it said."
    at = sentence.index("May")
    assert resolve("May", "1987-03-31", sentence, at=at) == TimeValue("May", "1987-05", "month")
    sentence = "The contracts expire at the end of May."
    assert resolve("May", "1987-04-08", sentence) == TimeValue("May", "1987-05", "month")
    assert resolve("May", "1987-04-08", "Prices May rise.") is None


def test_the_expression_is_read_where_it_stands() -> None:
    sentence = "Shares rose on Tuesday and the board will meet on Tuesday."
    second = sentence.rindex("on Tuesday")
    assert value("on Tuesday", "2024-10-10", sentence) == "2024-10-08"
    assert resolve("on Tuesday", "2024-10-10", sentence, at=second) == TimeValue(
        "on Tuesday", "2024-10-15", "day")
    # A span given that is not in the sentence is read alone.
    assert value("on Tuesday", "2024-10-10", "Nothing here.") == "2024-10-08"


@pytest.mark.parametrize("text", ["The bank held rates.", "Prices may rise.",
                                  "It shipped 1990 tonnes.", "the 1986/87 crop", ""])
def test_non_time_text_is_none(text: str) -> None:
    assert resolve(text, "2024-10-08") is None
    assert find(text) == []


def test_longer_text_resolves_its_first_expression() -> None:
    assert resolve("on Tuesday in Paris", "2024-10-08") == TimeValue(
        "on Tuesday", "2024-10-08", "day")


def test_find_spans() -> None:
    text = ("The bank said on Tuesday it would cut rates in June, after a 1987 peak; "
            "two weeks ago, on Oct. 3, 2024, and earlier this week, since last month, "
            "Wednesday February 25, next Monday, May's meeting, in the first quarter, "
            "fourth-quarter net, Feb 26, this year, March 1987, yesterday.")
    got = [text[s:e] for s, e in find(text)]
    assert got == ["on Tuesday", "in June", "1987", "two weeks ago", "on Oct. 3, 2024",
                   "earlier this week", "last month", "Wednesday February 25",
                   "next Monday", "May", "in the first quarter", "fourth-quarter", "Feb 26",
                   "this year", "March 1987", "yesterday"]


def test_tense() -> None:
    s = "A decision was expected late today or early on Tuesday, they said."
    at = s.index("on Tuesday")
    assert tense(s, at, at + 10) == "future"
    s = "Funaro said on Monday it will repurchase shares."
    at = s.index("on Monday")
    assert tense(s, at, at + 9) == "past"
    assert tense("on Tuesday", 0, 10) is None


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("timex_eval", ROOT / "bench" / "timex_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (CORPUS / "reuters21578" / "articles").is_dir(),
                    reason="the shared corpus (../shared/corpus) is not on this machine")
@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_accuracy(split: str) -> None:
    bench = _bench()
    rows = bench.load(split)
    assert len(rows) >= 50
    right = sum(got is not None and got.value == row["value"]
                and got.granularity == row["granularity"]
                for row, got in bench.evaluate(rows, CORPUS))
    assert right / len(rows) >= 0.9
