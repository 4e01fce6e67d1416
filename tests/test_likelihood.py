"""qa.answer.likelihood: the features of a candidate answer and the shipped model."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from qa import QA
from qa.answer import likelihood
from qa.answer.confidence import Evidence
from qa.answer.question import analyze
from qa.answer.results import Answer, Passage
from qa.text.documents import Document

DOC = Document(id="d", title="T", text="The bridge opened in June. It cost $4 million.")


def _passage(score: float) -> Passage:
    return Passage(text="The bridge opened in June.", score=score, document=DOC, index=0,
                   start=0, end=26)


def _x(coverage: float, kind: str = "date", fits: bool = True) -> dict[str, float]:
    pool = [_passage(5.0), _passage(3.0)]
    found = Answer("June", (21, 25), pool[0], kind=kind, score=0.6)
    evidence = Evidence(coverage, coverage, (), 0.1, 3)
    return likelihood.features(analyze("When did the bridge open?"), evidence, evidence, found,
                               pool, 0, fits, typed=True)


def test_features_are_all_named() -> None:
    x = _x(0.8)
    assert set(x) <= set(likelihood.FEATURES)
    assert x["kind=date"] == 1.0 and x["asks=date"] == 1.0 and x["fits"] == 1.0
    assert x["gap_next"] == pytest.approx(0.4) and x["score_ratio"] == 1.0
    for kind in likelihood.KINDS:
        assert f"kind={kind}" in likelihood.FEATURES


def test_shipped_model_names_only_known_features_and_states_provenance() -> None:
    raw = json.loads(resources.files("qa").joinpath("data/confidence_weights.json").read_text())
    assert set(raw["weights"]) <= set(likelihood.FEATURES)
    assert "SQuAD" in raw["about"]["trained_on"] and raw["about"]["script"]
    assert 0.0 <= raw["threshold"] < 1.0
    assert likelihood.model() is not None


def test_more_of_the_question_accounted_for_is_more_likely_right() -> None:
    low, high = likelihood.probability(_x(0.3)), likelihood.probability(_x(0.95))
    assert low is not None and high is not None and 0.0 < low < high < 1.0
    unfit = likelihood.probability(_x(0.95, kind="noun_phrase", fits=False))
    assert unfit is not None and unfit < high


def test_a_model_naming_an_unknown_feature_is_refused(monkeypatch, tmp_path) -> None:
    class Files:
        def joinpath(self, _name: str):
            path = tmp_path / "w.json"
            path.write_text(json.dumps({"format": 1, "bias": 0, "threshold": 0.5,
                                        "weights": {"no_such_feature": 1.0}}))
            return path

    monkeypatch.setattr(likelihood.resources, "files", lambda _pkg: Files())
    likelihood.model.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown features"):
            likelihood.model()
    finally:
        likelihood.model.cache_clear()


def test_answers_carry_their_confidence(seed_engine: QA) -> None:
    answer = seed_engine.ask("When did Putin visit Pyongyang?").to_dict()["answer"]
    assert 0.0 < answer["confidence"] < 1.0
