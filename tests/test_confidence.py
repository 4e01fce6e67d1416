from __future__ import annotations

import pytest

from qa import QA
from qa.answer.confidence import MIN_COVERAGE, weigh

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


def test_a_verb_in_de_matches_its_noun_in_sion() -> None:
    from qa.text.tokens import tokenize

    question = tokenize("When did Russia invade Ukraine?")
    sentence = set(tokenize("Ties deepened after Russia's invasion of Ukraine in 2022."))
    got = weigh(question, sentence, set(), {t: 1.0 for t in question}, 5.0)
    assert got.sentence_coverage == 1.0 and got.missing == ()
    # one letter apart is not enough on its own: "bus" is not "bud"
    short = weigh(["bus"], {"bud"}, set(), {"bus": 1.0}, 5.0)
    assert short.coverage == 0.0


def test_when_question_is_answered_from_the_invasion_sentence(seed_engine: QA) -> None:
    answer = seed_engine.ask("When did Russia invade Ukraine?").answer
    assert answer is not None and answer.text == "2022"


def test_irregular_verb_forms_count_as_the_same_word() -> None:
    from qa.text.tokens import tokenize

    question = tokenize("When did the shares rise?")
    sentence = set(tokenize("The shares rose 4% by noon."))
    got = weigh(question, sentence, set(), {t: 1.0 for t in question}, 5.0)
    assert got.missing == () and got.sentence_coverage == 1.0
    lost = weigh(tokenize("Who did Pernod lose to?"), set(tokenize("Pernod lost to LVMH.")),
                 set(), {}, 1.0)
    assert lost.missing == ()
