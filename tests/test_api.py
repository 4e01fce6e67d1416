from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import ROOT, SEED_ID
from web import create_app
from web.settings import SETTINGS, SettingsError, load_settings


def _validator(client, name: str) -> Draft202012Validator:
    doc = client.get("/api/openapi.json").get_json()
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}",
                                 "components": doc["components"]})


def assert_error(response, status: int, code: str) -> dict:
    """Every API error is the SPEC's JSON shape with the right status and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert body == {"error": {"status": status, "code": code, "message": body["error"]["message"]}}
    message = body["error"]["message"]
    assert message and "Traceback" not in message and str(ROOT) not in message
    return body


def test_post_ask_answers_with_offsets(client) -> None:
    r = client.post("/api/ask", json={"question": "When did Putin visit Pyongyang?"})
    assert r.status_code == 200
    body = r.get_json()
    first = body["passages"][0]
    assert "visit to Pyongyang in June" in first["text"]
    text = client.get(f"/api/documents/{first['document']['id']}").get_json()["text"]
    assert text[first["start"] : first["end"]] == first["text"]
    assert body["answer"]["sentence"] == first
    assert len(body["passages"]) == 3
    assert str(ROOT) not in r.get_data(as_text=True)  # no server paths in responses
    _validator(client, "AskResponse").validate(body)


def test_get_ask_matches_post(client) -> None:
    got = client.get("/api/ask?q=Who+signed+a+mutual+defense+agreement%3F&top_k=2").get_json()
    posted = client.post("/api/ask", json={"question": "Who signed a mutual defense agreement?",
                                           "top_k": 2}).get_json()
    assert got == posted and len(got["passages"]) == 2


def test_unknown_fields_are_ignored(client) -> None:
    r = client.post("/api/ask", json={"question": "Putin visit?", "colour": "blue"})
    assert r.status_code == 200


def test_no_answer_is_200_with_reason(client) -> None:
    body = client.post("/api/ask", json={"question": "What is the capital of France?"}).get_json()
    assert body["answer"] is None and body["reason"] == "no_match" and body["passages"] == []
    _validator(client, "AskResponse").validate(body)


BAD_ASKS = [
    ("post", {"json": {"question": ""}}, 400, "invalid_question"),
    ("post", {"json": {"question": "   "}}, 400, "invalid_question"),
    ("post", {"json": {"question": 42}}, 400, "invalid_question"),
    ("post", {"json": {"question": None}}, 400, "invalid_question"),
    ("post", {"json": {"top_k": 3}}, 400, "invalid_question"),
    ("post", {"json": {"question": "x" * 1001}}, 400, "question_too_long"),
    ("post", {"json": {"question": "Putin?", "top_k": 0}}, 400, "invalid_top_k"),
    ("post", {"json": {"question": "Putin?", "top_k": 21}}, 400, "invalid_top_k"),
    ("post", {"json": {"question": "Putin?", "top_k": "3"}}, 400, "invalid_top_k"),
    ("post", {"json": {"question": "Putin?", "top_k": 2.5}}, 400, "invalid_top_k"),
    ("post", {"json": ["question"]}, 400, "invalid_json"),
    ("post", {"data": "{bad json", "content_type": "application/json"}, 400, "invalid_json"),
    ("post", {"data": b"\xff\xfe", "content_type": "application/json"}, 400, "invalid_json"),
    ("post", {"data": "question=hi", "content_type": "text/plain"}, 415, "unsupported_media_type"),
    ("post", {"data": "x" * (70 * 1024), "content_type": "application/json"}, 413,
     "body_too_large"),
    ("get", {"query_string": {}}, 400, "invalid_question"),
    ("get", {"query_string": {"q": ""}}, 400, "invalid_question"),
    ("get", {"query_string": {"q": "Putin", "top_k": "many"}}, 400, "invalid_top_k"),
    ("get", {"query_string": {"q": "Putin", "top_k": "99"}}, 400, "invalid_top_k"),
    ("put", {"json": {"question": "Putin?"}}, 405, "method_not_allowed"),
    ("delete", {}, 405, "method_not_allowed"),
]


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "code"),
    BAD_ASKS,
    ids=[f"{m}-{code}-{i}" for i, (m, _, _, code) in enumerate(BAD_ASKS)],
)
def test_bad_asks_get_json_errors(client, method: str, kwargs: dict, status: int,
                                  code: str) -> None:
    response = getattr(client, method)("/api/ask", **kwargs)
    assert_error(response, status, code)
    _validator(client, "Error").validate(response.get_json())


def test_method_not_allowed_says_what_is(client) -> None:
    r = client.put("/api/ask", json={})
    assert "GET" in r.headers["Allow"] and "POST" in r.headers["Allow"]


def test_unknown_endpoint_and_document(client) -> None:
    assert_error(client.get("/api/nope"), 404, "not_found")
    assert_error(client.get("/api/documents/nope"), 404, "unknown_document")
    assert_error(client.post("/api/health"), 405, "method_not_allowed")


def test_documents_list_and_one(client) -> None:
    listing = client.get("/api/documents").get_json()
    _validator(client, "DocumentList").validate(listing)
    assert listing["total"] == 1 and listing["documents"][0]["id"] == SEED_ID
    doc = client.get(f"/api/documents/{SEED_ID}").get_json()
    _validator(client, "Document").validate(doc)
    assert doc["title"].startswith("North Korean Soldiers")
    for s in doc["sentences"]:
        assert doc["text"][s["start"] : s["end"]] == s["text"]
    assert listing["documents"][0]["sentences"] == len(doc["sentences"])


@pytest.mark.parametrize("query", ["offset=-1", "limit=0", "limit=1001", "offset=x"],
                         ids=["neg-offset", "zero-limit", "big-limit", "text-offset"])
def test_documents_paging_is_validated(client, query: str) -> None:
    r = client.get(f"/api/documents?{query}")
    assert r.status_code == 400 and r.get_json()["error"]["code"].startswith("invalid_")


def test_health_and_openapi(client) -> None:
    health = client.get("/api/health").get_json()
    _validator(client, "Health").validate(health)
    assert health["status"] == "ok" and health["documents"] == 1 and health["sentences"] > 10
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {"/api/ask", "/api/documents", "/api/documents/{id}",
                                  "/api/examples", "/api/health", "/api/openapi.json"}


def test_unexpected_errors_are_json_500_without_details(seed_engine, caplog) -> None:
    class Broken:
        documents = seed_engine.documents

        def ask(self, *a, **k):
            raise RuntimeError("secret /srv/path detail")

    app = create_app({"QA_ENGINE": Broken()})
    response = app.test_client().post("/api/ask", json={"question": "Putin?"})
    body = assert_error(response, 500, "internal_error")
    assert "secret" not in body["error"]["message"]
    assert "secret /srv/path detail" in caplog.text  # logged for the operator


def test_chat_page_is_served(client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and b"<form" in page.data and b'<label for="question"' in page.data


def test_settings_are_validated_with_name_value_and_range() -> None:
    with pytest.raises(SettingsError, match=r"QA_MAX_TOP_K must be from 1 to 100, got 0"):
        load_settings({"QA_MAX_TOP_K": 0})
    with pytest.raises(SettingsError, match="QA_MAX_QUESTION_CHARS must be an integer"):
        load_settings({}, environ={"QA_MAX_QUESTION_CHARS": "lots"})
    assert load_settings({}, environ={"QA_MAX_TOP_K": "7", "QA_DEFAULT_TOP_K": "2"}).max_top_k == 7


def test_configured_limits_apply(seed_engine) -> None:
    client = create_app({"QA_ENGINE": seed_engine, "QA_MAX_QUESTION_CHARS": 10}).test_client()
    assert_error(client.post("/api/ask", json={"question": "a" * 11}), 400, "question_too_long")
    spec = client.get("/api/openapi.json").get_json()
    assert spec["components"]["schemas"]["AskRequest"]["properties"]["question"]["maxLength"] == 10


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name


def test_explain_is_opt_in(client) -> None:
    plain = client.get("/api/ask?q=Putin+visit").get_json()
    assert "explain" not in plain["passages"][0]
    explained = client.get("/api/ask?q=Putin+visit&explain=1").get_json()
    assert explained["passages"][0]["explain"]["sentence"]["putin"] > 0
    _validator(client, "AskResponse").validate(explained)
    assert_error(client.post("/api/ask", json={"question": "Putin", "explain": "yes"}), 400,
                 "invalid_explain")


def test_app_can_serve_a_saved_index(tmp_path, seed_engine) -> None:
    from qa.engine import save_index

    save_index(seed_engine, tmp_path / "index")
    client = create_app({"QA_INDEX": str(tmp_path / "index")}).test_client()
    body = client.get("/api/ask?q=When+did+Putin+visit+Pyongyang%3F").get_json()
    assert body["answer"]["text"] == "June"
    assert client.get("/api/health").get_json()["documents"] == 1


def test_repeated_questions_are_answered_from_the_cache(seed_engine) -> None:
    app = create_app({"QA_ENGINE": seed_engine, "QA_CACHE_SIZE": 2})
    client, cache = app.test_client(), app.extensions["qa_cache"]
    first = client.post("/api/ask", json={"question": "When did Putin visit Pyongyang?"})
    again = client.post("/api/ask", json={"question": "When did Putin visit Pyongyang?"})
    assert first.get_data() == again.get_data() and (cache.hits, cache.misses) == (1, 1)
    client.post("/api/ask", json={"question": "When did Putin visit Pyongyang?", "top_k": 1})
    client.post("/api/ask", json={"question": "What did the leaders sign?"})
    assert len(cache) == 2  # least recently used dropped
    off = create_app({"QA_ENGINE": seed_engine, "QA_CACHE_SIZE": 0})
    off.test_client().post("/api/ask", json={"question": "What did the leaders sign?"})
    assert len(off.extensions["qa_cache"]) == 0


def test_examples_are_questions_the_service_answers(client) -> None:
    body = client.get("/api/examples").get_json()
    _validator(client, "Examples").validate(body)
    assert 1 <= len(body["questions"]) <= 3
    for question in body["questions"]:
        answer = client.post("/api/ask", json={"question": question}).get_json()["answer"]
        assert answer is not None, question
