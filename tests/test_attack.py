"""Generated attacks: the HTTP API against its own OpenAPI document (schemathesis), and the
text pipeline against arbitrary and adversarial text (hypothesis).

Everything is bounded and derandomized, so a run is repeatable and its length is fixed by
the number of examples, not by a clock.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qa
from qa import Document, annotate, split_sentences
from qa.index.build import analyze
from qa.text.tokens import tokenize
from web import create_app

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is in the 'test' extra: pip install -e '.[test]'")
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# -- the HTTP API against /api/openapi.json -----------------------------------------------------


@pytest.fixture(scope="module")
def api_schema(seed_engine):
    # The rate limiter is on (far above what the fuzzing sends) so its wrapper is fuzzed too
    # and the document lists the 429 response.
    app = create_app({"QA_ENGINE": seed_engine, "QA_RATE_LIMIT": "100000/minute"})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")

WRITE_TOKEN = "attack-token-0123456789abcdef"


@pytest.fixture(scope="module")
def writes_schema(tmp_path_factory):
    """The same document served from a live index with writes on: the write endpoints
    are fuzzed with the token (and without it, below)."""
    from qa import Document
    from qa.live import create_index

    folder = tmp_path_factory.mktemp("live") / "ix"
    create_index([Document(id="d1", title="Harbour", text="The harbour opened in June.")],
                 folder)
    app = create_app({"QA_INDEX": str(folder), "QA_WRITE_TOKEN": WRITE_TOKEN})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


writes = schemathesis.pytest.from_fixture("writes_schema")

CHECKS = [
    not_a_server_error,           # never a 5xx
    status_code_conformance,      # every status is one the document lists
    content_type_conformance,
    response_schema_conformance,  # every body matches its schema (errors included)
    response_headers_conformance,
    positive_data_acceptance,     # what the document allows is answered ...
    negative_data_rejection,      # ... and what it forbids is refused with a 4xx
]


@schema.parametrize()
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case) -> None:
    response = case.call()
    checks = CHECKS
    if _beyond_the_schema(response):
        # A schema cannot say which document ids are loaded: a history turn naming one that
        # is not (or a sentence it does not have) is refused with 400 invalid_history, as
        # the document's description of `history` says; nor that date_from may not come
        # after date_to (400 invalid_filter, as date_to's description says). Every other
        # check still applies.
        checks = [c for c in CHECKS if c is not positive_data_acceptance]
    case.validate_response(response, checks=checks)


@writes.include(method=["POST", "DELETE"], path_regex="^/api/documents").parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_write_endpoints_conform_to_the_openapi_document(case) -> None:
    response = case.call(headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    case.validate_response(response, checks=CHECKS)
    if case.method.upper() in ("POST", "DELETE"):
        unauthorised = case.call(headers={"Authorization": "Bearer not-the-token-000000"})
        assert not 200 <= unauthorised.status_code < 300, case.method  # never without it


def _beyond_the_schema(response) -> bool:
    if response.status_code != 400:
        return False
    error = (response.json() or {}).get("error", {})
    message = error.get("message", "")
    if error.get("code") == "invalid_filter":
        return "date_from" in message and "is after filters.date_to" in message
    return error.get("code") == "invalid_history" and (
        "which is not loaded" in message or "there is no sentence" in message)


# -- the text pipeline never raises, and offsets slice back -------------------------------------

# Text that looks like news, with the characters that trip segmenters and tokenizers.
_PIECES = st.sampled_from([
    "Mr.", "Dr.", "U.S.", "a.", "e.g.", "No.", "...", "…", "“", "”", '"', "'", "(", ")", "[",
    "]", "—", "-", "•", "1.", "2)", "\n", "\n\n", " ", "\t", "said", "may", "might", "likely",
    "according to", "He", "They", "Experts", "denied", "?", "!", ";", ":", "Putin", "Kim",
    "é", "ß", "İ", "ﬁ", "\u200b", "\u202e", "🚀", "東京", "\x00", "\x1b", "\ufeff",
])
NEWSY = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)
TEXT = st.one_of(st.text(max_size=300), NEWSY)
PIPELINE = settings(max_examples=150, derandomize=True, deadline=None, database=None)


@PIPELINE
@given(TEXT)
def test_split_sentences_offsets_slice_back(text: str) -> None:
    spans = split_sentences(text)
    end = 0
    for start, stop in spans:
        assert end <= start < stop <= len(text)  # in order, not overlapping, not empty
        assert text[start:stop].strip()
        end = stop


@PIPELINE
@given(TEXT)
def test_tokenize_never_raises(text: str) -> None:
    terms = tokenize(text)
    assert all(isinstance(t, str) and t for t in terms)


@PIPELINE
@given(TEXT)
def test_annotate_offsets_slice_back(text: str) -> None:
    for i, row in enumerate(annotate(text)):
        assert row["index"] == i
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["hedge"]["level"] in ("none", "low", "medium", "high")


@PIPELINE
@given(st.text(max_size=40), TEXT)
def test_analyze_offsets_slice_back(title: str, text: str) -> None:
    doc = Document(id="d", title=title, text=text)
    result = analyze(doc)
    assert len(result.sentences) == len(result.terms) == len(result.annotations)
    for start, end in result.paragraphs:
        assert 0 <= start <= end <= len(text)
    for start, end, p in result.sentences:
        p_start, p_end = result.paragraphs[p]
        assert p_start <= start < end <= p_end


# -- long adversarial input finishes --------------------------------------------------------------

LONG = 200_000
ADVERSARIAL = {
    "abbreviation-dots": "a. ",
    "curly-quotes": "“",
    "titles": "Mr. ",
    "hedges": "may ",
    "open-parens": "(",
    "blank-lines": "\n\n",
    "bullets": "• ",
    "mixed": "Mr. “may (a.\n\n",
}

# A hang guard, not a speed test (the style guide forbids timing assertions): each input
# runs in a thread and the test fails only if it has not finished after HANG_SECONDS, far
# beyond any plausible run time (the slowest here takes a few seconds), so it catches
# runaway (e.g. exponential backtracking) work without asserting anything about speed.
HANG_SECONDS = 60


def _finishes(work) -> object:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:  # noqa: BLE001 -- re-raised below, in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG_SECONDS)
    assert not thread.is_alive(), f"still running after {HANG_SECONDS} s: a hang"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_long_adversarial_text_finishes(unit: str) -> None:
    text = (unit * (LONG // len(unit) + 1))[:LONG]
    spans = _finishes(lambda: split_sentences(text))
    assert all(text[s:e].strip() for s, e in spans)
    _finishes(lambda: tokenize(text))
    result = _finishes(lambda: analyze(Document(id="long", title="Long", text=text)))
    assert all(text[s:e].strip() for s, e, _ in result.sentences)  # type: ignore[attr-defined]


def test_long_adversarial_questions_are_answered(seed_engine) -> None:
    for unit in ADVERSARIAL.values():
        question = (unit * 1000)[: qa.engine.MAX_QUESTION_CHARS].strip() or "x"
        result = _finishes(lambda q=question: seed_engine.ask(q, top_k=20, explain=True))
        assert result.to_dict()["passages"] is not None  # type: ignore[attr-defined]
