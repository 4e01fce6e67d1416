from __future__ import annotations

import pytest

from qa.confidence import MIN_COVERAGE, weigh

IDF = {"putin": 2.0, "visit": 1.0, "pyongyang": 3.0, "capit": 2.5}


@pytest.mark.parametrize(
    ("question", "sentence", "context", "verdict"),
    [
        (["putin", "visit", "pyongyang"], {"putin", "visit", "pyongyang"}, set(), None),
        (["putin", "visit", "pyongyang"], {"pyongyang"}, {"putin"}, None),
        (["putin", "visit", "pyongyang"], {"visit"}, {"putin", "pyongyang"}, "low_confidence"),
        (["capit", "franc"], {"capit"}, set(), "low_confidence"),
        (["putin", "pyongyang"], set(), {"putin", "pyongyang"}, "low_confidence"),
        ([], {"putin"}, set(), "low_confidence"),
    ],
    ids=["all-in-sentence", "context-helps", "sentence-too-thin", "unknown-rare-word",
         "none-in-sentence", "empty"],
)
def test_verdicts(question, sentence, context, verdict) -> None:
    assert weigh(question, sentence, context, IDF, unknown_idf=4.0).verdict() == verdict


def test_coverage_is_idf_weighted_and_names_missing_terms() -> None:
    evidence = weigh(["putin", "visit", "visit"], {"visit"}, set(), IDF, unknown_idf=4.0)
    assert evidence.coverage == pytest.approx(1.0 / 3.0)  # repeated terms count once
    assert evidence.missing == ("putin",)
    assert evidence.coverage < MIN_COVERAGE
