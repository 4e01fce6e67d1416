"""The learned sentence ranker: its shipped weights, its features, and the policy's use."""

from __future__ import annotations

from qa import QA
from qa.answer import policy, ranking
from qa.answer.question import analyze
from qa.answer.span import claim_verb
from tests.conftest import festival_engine


def _attempt(engine: QA, question: str) -> policy.Attempt:
    info = analyze(question)
    attempt = policy.Attempt(question, 5, False, info, claim_verb(info))
    attempt.pool = engine.retrieve(question, ranking.POOL)
    return attempt


def test_shipped_ranker_loads_with_a_threshold_between_0_and_1() -> None:
    model = ranking.model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert set(model.weights) <= set(ranking.FEATURES)
    # the two features a reader would weigh most: the sentence's share of the question,
    # and whether it holds the kind of phrase asked for
    assert model.weights["sentence_coverage"] > 0
    assert model.weights["number:lacks_kind"] < 0


def test_features_say_whether_the_sentence_holds_the_kind_asked_for() -> None:
    engine = festival_engine()
    attempt = _attempt(engine, "When was the harbour festival in Lyon?")
    by_doc = {p.document.id: x for p, x in zip(attempt.pool, policy.rank_features(engine, attempt))}
    assert by_doc["b"]["date:has_kind"] == 1.0 and by_doc["b"]["date:lacks_kind"] == 0.0
    assert by_doc["a"]["date:has_kind"] == 0.0 and by_doc["a"]["date:lacks_kind"] == 1.0
    assert by_doc["a"]["bm25_rank_inverse"] == 1.0  # BM25 put the dateless one first
    assert set(by_doc["a"]) <= set(ranking.FEATURES)


def test_rerank_orders_the_pool_by_the_rankers_probability() -> None:
    engine = festival_engine()
    attempt = _attempt(engine, "When was the harbour festival in Lyon?")
    before = {p.document.id for p in attempt.pool}
    features = policy.rank_features(engine, attempt)
    model = ranking.model()
    assert model is not None
    expected = sorted((model.probability(x) for x in features), reverse=True)
    policy.rerank(engine, attempt)
    assert {p.document.id for p in attempt.pool} == before
    assert attempt.ranked == expected
