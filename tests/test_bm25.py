"""qa.bm25 against its oracle, rank_bm25 0.2.2: fixed examples, then hypothesis properties."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import rank_bm25
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qa.index.bm25 import BM25Index, BM25LIndex, BM25PlusIndex

VARIANTS = ["okapi", "bm25l", "bm25plus"]
OURS = {"okapi": BM25Index, "bm25l": BM25LIndex, "bm25plus": BM25PlusIndex}
THEIRS = {"okapi": rank_bm25.BM25Okapi, "bm25l": rank_bm25.BM25L, "bm25plus": rank_bm25.BM25Plus}
ATOL = 1e-9

TEXTS = [
    "hello there good man",
    "it is quite windy in london",
    "how is the weather today",
    "the weather in london is windy and the wind is cold",
    "",
]
CORPUS = [text.split() for text in TEXTS]


def pair(variant: str, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, extra=None):
    """Our index and rank_bm25's, same parameters (extra = epsilon for Okapi, else delta)."""
    kwargs = {} if extra is None else {"epsilon" if variant == "okapi" else "delta": extra}
    ours = OURS[variant](docs, k1=k1, b=b, **kwargs)
    theirs = THEIRS[variant](docs, k1=k1, b=b, **kwargs)
    return ours, theirs


def exhaustive(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The top_k contract spelled out: positive scores, by (score desc, index asc)."""
    ranked = sorted((-float(s), i) for i, s in enumerate(scores) if s > 0)
    return [(i, -s) for s, i in ranked[:k]]


# --- fixed examples ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_fixed_corpus_matches_rank_bm25(variant):
    ours, theirs = pair(variant, CORPUS)
    for query in (["windy", "london"], ["the", "weather"], ["is"], ["nope"], []):
        got = ours.get_scores(query)
        assert got.dtype == np.float64 and got.shape == (len(CORPUS),)
        np.testing.assert_allclose(got, theirs.get_scores(query), rtol=0, atol=ATOL)
    assert ours.get_top_n(["windy", "london"], CORPUS, n=2) == theirs.get_top_n(
        ["windy", "london"], CORPUS, n=2
    )


def test_okapi_attributes_match_rank_bm25():
    ours, theirs = pair("okapi", CORPUS)
    assert ours.corpus_size == theirs.corpus_size == 5
    assert ours.avgdl == theirs.avgdl
    assert list(ours.doc_len) == theirs.doc_len
    assert list(ours.idf) == list(theirs.idf)  # same terms, same (first-occurrence) order
    assert [ours.idf[t] for t in theirs.idf] == pytest.approx(list(theirs.idf.values()), abs=ATOL)
    assert ours.average_idf == pytest.approx(theirs.average_idf, abs=1e-12)
    assert (ours.k1, ours.b, ours.epsilon) == (theirs.k1, theirs.b, theirs.epsilon)
    assert ours.doc_freqs == theirs.doc_freqs


def test_negative_idf_is_floored_at_epsilon_times_average_idf():
    # "a" is in 3 of 4 documents: raw idf log(1.5 / 3.5) < 0; "b" in 2 of 4: idf exactly 0
    docs = [["a", "b"], ["a", "b", "c"], ["a", "d"], ["e"]]
    ours, theirs = pair("okapi", docs, extra=0.4)
    raw = [math.log(4 - df + 0.5) - math.log(df + 0.5) for df in (3, 2, 1, 1, 1)]
    assert ours.average_idf == pytest.approx(sum(raw) / 5, abs=1e-15)
    assert ours.idf["a"] == pytest.approx(0.4 * ours.average_idf, abs=1e-15)
    assert ours.idf["b"] == 0.0  # zero is not negative: not floored, as in rank_bm25
    assert ours.idf == pytest.approx(theirs.idf, abs=1e-12)
    np.testing.assert_allclose(ours.get_scores(["a"]), theirs.get_scores(["a"]), atol=ATOL)


@pytest.mark.parametrize("variant", VARIANTS)
def test_repeated_query_terms_count_each_time_and_unknown_terms_add_nothing(variant):
    ours, theirs = pair(variant, CORPUS)
    once = ours.get_scores(["windy"])
    np.testing.assert_allclose(ours.get_scores(["windy", "windy", "zzz"]), 2 * once, atol=ATOL)
    thrice = ["windy", "london", "windy", "zzz", "windy"]
    np.testing.assert_allclose(ours.get_scores(thrice), theirs.get_scores(thrice), atol=ATOL)
    assert ours.get_scores(["zzz", "qqq"]).tolist() == [0.0] * len(CORPUS)


def test_tokenizer_argument_maps_strings_to_tokens():
    by_text = BM25Index(TEXTS, tokenizer=str.split)
    by_tokens = BM25Index(CORPUS)
    np.testing.assert_array_equal(
        by_text.get_scores(["windy", "london"]), by_tokens.get_scores(["windy", "london"])
    )


@pytest.mark.parametrize("cls", [BM25Index, BM25LIndex, BM25PlusIndex], ids=lambda c: c.__name__)
def test_empty_corpus_raises_value_error(cls):
    with pytest.raises(ValueError, match="at least one document"):
        cls([])
    with pytest.raises(ValueError, match="at least one document"):
        cls(iter(()))


@pytest.mark.parametrize("variant", VARIANTS)
def test_corpus_of_empty_documents_scores_zero(variant):
    index = OURS[variant]([[], [], []])
    assert (index.avgdl, index.average_idf, index.idf) == (0.0, 0.0, {})
    assert index.get_scores(["a", "b"]).tolist() == [0.0, 0.0, 0.0]
    assert index.get_batch_scores(["a"], [2, 0]) == [0.0, 0.0]
    assert index.top_k(["a"], 5) == []
    assert index.get_top_n(["a"], ["x", "y", "z"], n=2) == ["x", "y"]
    assert index.explain(["a"], 1) == {"a": 0.0}


@pytest.mark.parametrize("variant", VARIANTS)
def test_b_one_with_an_empty_document_stays_finite(variant):
    docs = [["a", "b"], [], ["b", "c", "c"]]
    ours, theirs = pair(variant, docs, b=1.0)
    got = ours.get_scores(["b", "c"])
    with np.errstate(invalid="ignore", divide="ignore"):  # rank_bm25 computes 0/0 here
        want = theirs.get_scores(["b", "c"])
    assert math.isnan(want[1]) and np.isfinite(got).all()
    expected_empty = ours.delta * (ours.idf["b"] + ours.idf["c"]) if variant == "bm25plus" else 0
    assert got[1] == pytest.approx(expected_empty, abs=1e-12)
    np.testing.assert_allclose(got[[0, 2]], want[[0, 2]], atol=ATOL)


def test_get_top_n_checks_documents_and_breaks_ties_by_index():
    docs = [["x"], ["a", "b"], ["a", "b"], ["c"], ["a", "b"]]
    index = BM25Index(docs)
    with pytest.raises(AssertionError, match="don't match"):
        index.get_top_n(["a"], ["only one"])
    names = ["d0", "d1", "d2", "d3", "d4"]
    assert index.get_top_n(["a"], names, n=2) == ["d1", "d2"]  # d1, d2, d4 tie
    assert index.get_top_n(["zzz"], names, n=3) == ["d0", "d1", "d2"]  # all tie at 0
    tied = index.get_scores(["a"])[1]
    assert index.top_k(["a"], 2) == [(1, tied), (2, tied)]


def test_top_k_edge_cases_and_sparsity(monkeypatch):
    index = BM25Index(CORPUS)
    assert index.top_k(["windy"], 0) == []
    assert [d for d, _ in index.top_k(["windy"], 10)] == [1, 3]  # only docs with score > 0
    with pytest.raises(TypeError):
        index.top_k(["windy"], 2.5)
    monkeypatch.setattr(index, "get_scores", lambda q: pytest.fail("top_k scored densely"))
    assert len(index.top_k(["the", "weather", "london"], 2)) == 2


def test_bm25plus_top_k_fills_with_baseline_documents_in_index_order():
    docs = [["x"], ["y"], ["z"], ["q", "x"], ["w"]]
    index = BM25PlusIndex(docs)
    base = index.idf["q"] * index.delta
    top = index.top_k(["q"], 3)
    assert [d for d, _ in top] == [3, 0, 1]
    assert top[0][1] > base and top[1][1] == top[2][1] == base
    assert top == exhaustive(index.get_scores(["q"]), 3)


@pytest.mark.parametrize("variant", VARIANTS)
def test_explain_names_each_query_term(variant):
    index = OURS[variant](CORPUS)
    query = ["windy", "london", "windy", "zzz"]
    why = index.explain(query, 3)
    assert list(why) == ["windy", "london", "zzz"] and why["zzz"] == 0.0
    assert why["windy"] == pytest.approx(2 * index.explain(["windy"], 3)["windy"], abs=1e-12)
    assert sum(why.values()) == pytest.approx(index.get_scores(query)[3], abs=1e-12)
    with pytest.raises(IndexError, match="outside"):
        index.explain(query, len(CORPUS))


@pytest.mark.parametrize("variant", VARIANTS)
def test_arrays_round_trip_through_np_save_and_mmap(variant, tmp_path):
    docs = CORPUS + [["naïve", "日本", "london"]]
    index = OURS[variant](docs)
    arrays, params = index.to_arrays()
    expected = {"indptr": np.int64, "doc_ids": np.int32, "tf": np.int32, "weights": np.float64,
                "idf": np.float64, "doc_len": np.int32, "vocab_utf8": np.uint8,
                "vocab_offsets": np.int64}  # fmt: skip
    assert {name: a.dtype for name, a in arrays.items()} == expected
    for name, array in arrays.items():
        np.save(tmp_path / f"{name}.npy", array, allow_pickle=False)
    (tmp_path / "params.json").write_text(json.dumps(params))
    loaded = {n: np.load(tmp_path / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in arrays}
    again = type(index).from_arrays(loaded, json.loads((tmp_path / "params.json").read_text()))
    assert again.vocab == index.vocab and again.variant == variant
    for query in (["london", "日本"], ["naïve", "naïve", "is"], ["zzz"]):
        np.testing.assert_array_equal(again.get_scores(query), index.get_scores(query))
        assert again.top_k(query, 3) == index.top_k(query, 3)


def test_from_arrays_rejects_bad_input():
    arrays, params = BM25PlusIndex(CORPUS).to_arrays()
    with pytest.raises(ValueError, match="BM25LIndex needs variant 'bm25l'"):
        BM25LIndex.from_arrays(arrays, params)
    with pytest.raises(ValueError, match="missing"):
        BM25Index.from_arrays({k: v for k, v in arrays.items() if k != "idf"}, params)
    with pytest.raises(ValueError, match="format_version"):
        BM25Index.from_arrays(arrays, {**params, "format_version": 99})
    with pytest.raises(ValueError, match="inconsistent"):
        BM25Index.from_arrays({**arrays, "idf": arrays["idf"][:-1]}, params)
    assert BM25Index.from_arrays(arrays, params).variant == "bm25plus"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"k1": -1}, "k1"), ({"b": 1.5}, "b must"), ({"variant": "bm26"}, "unknown BM25 variant"),
     ({"variant": "bm25l", "delta": -0.5}, "delta"), ({"epsilon": math.nan}, "epsilon"),
     ({"delta": 0.5}, "not to okapi")],
    ids=["k1", "b", "variant", "delta", "epsilon", "delta-okapi"],
)  # fmt: skip
def test_invalid_parameters_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BM25Index(CORPUS, **kwargs)


# --- properties on random corpora ---------------------------------------------------------

WORDS = [f"w{i}" for i in range(12)]


@st.composite
def corpus_and_query(draw):
    """A corpus over a small vocabulary (terms repeat), with at least one non-empty document
    (rank_bm25 divides by zero otherwise), and a query with unknown and repeated terms."""
    words = WORDS[: draw(st.integers(1, len(WORDS)))]
    docs = draw(st.lists(st.lists(st.sampled_from(words), max_size=30), min_size=1, max_size=60))
    assume(any(docs))
    query = draw(st.lists(st.sampled_from(words + ["unknown", "zzz"]), max_size=8))
    return docs, query


PARAMS = st.tuples(
    st.floats(0.1, 3.0),  # k1 (0 makes rank_bm25 compute 0/0)
    st.floats(0.0, 0.99),  # b (1 with an empty document: 0/0 in rank_bm25; see fixed test)
    st.floats(0.0, 2.0),  # epsilon (Okapi) or delta (BM25L, BM25+)
)
PROPERTY = settings(max_examples=120, derandomize=True, deadline=None)


@pytest.mark.parametrize("variant", VARIANTS)
@PROPERTY
@given(data=corpus_and_query(), params=PARAMS, picks=st.lists(st.integers(0, 59), max_size=8))
def test_scores_match_rank_bm25(variant, data, params, picks):
    docs, query = data
    ours, theirs = pair(variant, docs, *params)
    np.testing.assert_allclose(ours.get_scores(query), theirs.get_scores(query), rtol=0, atol=ATOL)
    doc_ids = [p % len(docs) for p in picks]
    np.testing.assert_allclose(
        ours.get_batch_scores(query, doc_ids), theirs.get_batch_scores(query, doc_ids), atol=ATOL
    )
    assert list(ours.idf) == list(theirs.idf)
    np.testing.assert_allclose(list(ours.idf.values()), list(theirs.idf.values()), atol=ATOL)


@pytest.mark.parametrize("variant", VARIANTS)
@PROPERTY
@given(data=corpus_and_query(), params=PARAMS, n=st.integers(1, 10))
def test_get_top_n_matches_rank_bm25_unless_tied(variant, data, params, n):
    docs, query = data
    ours, theirs = pair(variant, docs, *params)
    names = [f"doc{i}" for i in range(len(docs))]
    got = ours.get_top_n(query, names, n=n)
    scores = ours.get_scores(query)
    assert got == [names[i] for i in sorted(range(len(docs)), key=lambda i: (-scores[i], i))[:n]]
    ranked = np.sort(theirs.get_scores(query))[::-1][: n + 1]
    if np.all(np.diff(ranked) < -ATOL):  # no ties within the top n (nor at the cut)
        assert got == theirs.get_top_n(query, names, n=n)


@pytest.mark.parametrize("variant", VARIANTS)
@PROPERTY
@given(data=corpus_and_query(), params=PARAMS, k=st.integers(0, 70))
def test_top_k_is_the_exhaustive_sort(variant, data, params, k):
    docs, query = data
    index = pair(variant, docs, *params)[0]
    assert index.top_k(query, k) == exhaustive(index.get_scores(query), k)


@pytest.mark.parametrize("variant", VARIANTS)
@PROPERTY
@given(data=corpus_and_query(), params=PARAMS, seed=st.integers(0, 2**32 - 1))
def test_scores_do_not_depend_on_document_order(variant, data, params, seed):
    docs, query = data
    perm = np.random.default_rng(seed).permutation(len(docs))
    index = pair(variant, docs, *params)[0]
    shuffled = pair(variant, [docs[i] for i in perm], *params)[0]
    np.testing.assert_array_equal(shuffled.get_scores(query), index.get_scores(query)[perm])


@pytest.mark.parametrize("variant", VARIANTS)
@PROPERTY
@given(data=corpus_and_query(), params=PARAMS, pick=st.integers(0, 59))
def test_explain_sums_to_the_score_and_arrays_round_trip(variant, data, params, pick):
    docs, query = data
    index = pair(variant, docs, *params)[0]
    doc = pick % len(docs)
    why = index.explain(query, doc)
    assert set(why) == set(query)
    assert math.fsum(why.values()) == pytest.approx(index.get_scores(query)[doc], abs=1e-12)
    again = BM25Index.from_arrays(*index.to_arrays())
    np.testing.assert_array_equal(again.get_scores(query), index.get_scores(query))


def _lucene_reference(corpus, query, k1, b):
    """Lucene BM25 written out directly from its formula, one document at a time."""
    n = len(corpus)
    avgdl = sum(map(len, corpus)) / n
    df = {t: sum(t in doc for doc in corpus) for doc in corpus for t in doc}
    out = []
    for doc in corpus:
        score = 0.0
        for q in query:
            if q not in df:
                continue
            tf = doc.count(q)
            idf = math.log(1 + (n - df[q] + 0.5) / (df[q] + 0.5))
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        out.append(score)
    return out


@PROPERTY
@given(data=corpus_and_query(), params=PARAMS)
def test_lucene_variant_matches_its_formula_and_stays_positive(data, params):
    (docs, query), (k1, b, _) = data, params
    index = BM25Index(docs, k1=k1, b=b, variant="lucene")
    np.testing.assert_allclose(index.get_scores(query), _lucene_reference(docs, query, k1, b),
                               rtol=0, atol=ATOL)
    assert all(v > 0 for v in index.idf.values())
    assert index.top_k(query, 5) == exhaustive(index.get_scores(query), 5)


def test_lucene_variant_matches_in_a_one_document_corpus():
    index = BM25Index([["zebra", "stripe"]], variant="lucene")
    assert index.top_k(["zebra"], 3)[0][0] == 0 and index.get_scores(["zebra"])[0] > 0


def test_weighted_query_counts_a_term_by_its_weight() -> None:
    docs = [["send", "ship"], ["ship", "ship", "cargo"], ["cargo"], ["send"]] + [["other"]] * 8
    index = BM25Index(docs)
    plain = index.get_scores(["send", "send", "cargo"])
    assert index.get_scores({"send": 2.0, "cargo": 1.0}) == pytest.approx(plain, abs=1e-12)
    half = index.get_scores({"send": 1.0, "ship": 0.5})
    expected = index.get_scores(["send"]) + 0.5 * index.get_scores(["ship"])
    assert half == pytest.approx(expected, abs=1e-12)
    best = sorted(range(len(docs)), key=lambda d: (-half[d], d))[:2]
    assert index.top_k({"send": 1.0, "ship": 0.5}, 2) == [(d, pytest.approx(half[d])) for d in best]
    parts = index.explain({"send": 1.0, "ship": 0.5}, 1)
    assert sum(parts.values()) == pytest.approx(half[1], abs=1e-12)
