"""Hostile input against the Flask app: every row gets a correct answer or the SPEC's JSON
error with the right status, never a 500, a traceback or a server path.

The table below is also written, as run, to ``docs/bad-inputs.md`` (in table order, so the
file only changes when the table or the service's answers do).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import ROOT, SEED_ID
from web import create_app

DOC = ROOT / "docs" / "bad-inputs.md"
JSON = "application/json"


@dataclass(frozen=True)
class Row:
    id: str
    what: str  # the input, in words, for docs/bad-inputs.md
    method: str
    path: str
    status: int
    code: str | None  # the error code; None for a success or a non-JSON page
    kwargs: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    before: int = 0  # identical requests sent first (to reach a rate limit)


def post(id: str, what: str, status: int, code: str | None, *, body: Any = None,
         raw: str | bytes | None = None, content_type: str | None = JSON,
         **config: Any) -> Row:
    data = raw if raw is not None else json.dumps(body)
    kwargs: dict[str, Any] = {"data": data}
    if content_type is not None:
        kwargs["content_type"] = content_type
    return Row(id, what, "POST", "/api/ask", status, code, kwargs, config)


def get(id: str, what: str, path: str, status: int, code: str | None,
        method: str = "GET", **config: Any) -> Row:
    return Row(id, what, method, path, status, code, {}, config)


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


HISTORY_TURN = {"question": "How many died?", "document": SEED_ID, "index": 1}

ROWS = [
    # -- text a question may hold ---------------------------------------------------------
    post("null-byte", "question with a null byte", 200, None,
         body={"question": "When did Putin\u0000 visit Pyongyang?"}),
    post("control-chars", "question of control characters and an ANSI escape", 200, None,
         body={"question": "\u0001\u0002\u001b[31mred\u007f"}),
    post("rtl-emoji", "question with a right-to-left override, Arabic and an emoji", 200, None,
         body={"question": "\u202eمرحبا 🚀 When did Putin visit Pyongyang?"}),
    post("zero-width", "question of zero-width spaces only", 200, None,
         body={"question": "\u200b\u200b\u200b"}),
    post("unicode-blank", "question of ideographic and no-break spaces only", 400,
         "invalid_question", body={"question": "\u3000\u00a0 "}),
    post("lone-surrogate", 'question "\\ud800" (a lone high surrogate escape)', 400,
         "invalid_question", raw='{"question": "\\ud800"}'),
    post("lone-low-surrogate", 'question "\\udc00 Putin?" (a lone low surrogate)', 400,
         "invalid_question", raw='{"question": "\\udc00 Putin?"}'),
    post("surrogate-in-history", "lone surrogate inside history[0].question", 400,
         "invalid_json", raw='{"question": "Who said that?", "history": [{"question": '
         f'"\\ud800", "document": "{SEED_ID}", "index": 1}}]}}'),
    post("surrogate-pair", 'question "\\ud83d\\ude80 Putin?" (a valid surrogate pair)', 200,
         None, raw='{"question": "\\ud83d\\ude80 Putin?"}'),
    post("bad-utf8", "body with bytes that are not UTF-8 (an encoded surrogate)", 400,
         "invalid_json", raw=b'{"question": "\xed\xa0\x80"}'),
    post("brackets-in-string", "question of 500 '[' characters (inside a string)", 200, None,
         body={"question": "[" * 500}),
    # -- size ---------------------------------------------------------------------------------
    post("question-1001", "question one character over QA_MAX_QUESTION_CHARS", 400,
         "question_too_long", body={"question": "x" * 1001}),
    post("question-1mb", "question of 1 MB (body over QA_MAX_BODY_BYTES)", 413,
         "body_too_large", body={"question": "x" * 1_000_000}),
    post("deep-nesting-100k", "100,000 nested arrays (body over QA_MAX_BODY_BYTES)", 413,
         "body_too_large", raw=nested(100_000)),
    post("deep-nesting-100k-1mib", "100,000 nested arrays, QA_MAX_BODY_BYTES=1 MiB", 400,
         "invalid_json", raw=nested(100_000), QA_MAX_BODY_BYTES=1 << 20),
    post("nesting-33-in-field", "33 nested arrays in an unknown field", 400, "invalid_json",
         raw='{"question": "Putin?", "x": ' + nested(33) + "}"),
    post("nesting-10-in-field", "10 nested arrays in an unknown field (ignored)", 200, None,
         raw='{"question": "Putin?", "x": ' + nested(10) + "}"),
    # -- numbers ----------------------------------------------------------------------------
    post("top-k-1e309", "top_k 1e309 (overflows to infinity)", 400, "invalid_top_k",
         raw='{"question": "Putin?", "top_k": 1e309}'),
    post("top-k-nan", "top_k NaN (not JSON)", 400, "invalid_json",
         raw='{"question": "Putin?", "top_k": NaN}'),
    post("top-k-infinity", "top_k -Infinity (not JSON)", 400, "invalid_json",
         raw='{"question": "Putin?", "top_k": -Infinity}'),
    post("top-k-5000-digits", "top_k with 5000 digits", 400, "invalid_json",
         raw='{"question": "Putin?", "top_k": ' + "9" * 5000 + "}"),
    post("top-k-huge", "top_k 10**30", 400, "invalid_top_k",
         body={"question": "Putin?", "top_k": 10**30}),
    post("top-k-negative", "top_k -1", 400, "invalid_top_k", body={"question": "Putin?",
                                                                  "top_k": -1}),
    post("top-k-fraction", "top_k 2.5", 400, "invalid_top_k",
         raw='{"question": "Putin?", "top_k": 2.5}'),
    post("top-k-integral-float", "top_k 3.0 (an integer, as JSON Schema counts)", 200, None,
         raw='{"question": "Putin?", "top_k": 3.0}'),
    post("top-k-true", "top_k true", 400, "invalid_top_k", body={"question": "Putin?",
                                                                "top_k": True}),
    post("top-k-string", 'top_k "3"', 400, "invalid_top_k", body={"question": "Putin?",
                                                                 "top_k": "3"}),
    post("top-k-null", "top_k null (the default)", 200, None, body={"question": "Putin?",
                                                                   "top_k": None}),
    # -- shapes -------------------------------------------------------------------------------
    post("question-list", "question as a list", 400, "invalid_question",
         body={"question": ["Putin?"]}),
    post("question-object", "question as an object", 400, "invalid_question",
         body={"question": {"text": "Putin?"}}),
    post("question-number", "question as a number", 400, "invalid_question",
         body={"question": 1e3}),
    post("body-array", "body a JSON array", 400, "invalid_json", body=["question"]),
    post("body-string", "body a JSON string", 400, "invalid_json", body="Putin?"),
    post("body-null", "body JSON null", 400, "invalid_json", raw="null"),
    post("body-empty", "empty body", 400, "invalid_json", raw=""),
    post("body-truncated", "truncated JSON", 400, "invalid_json", raw='{"question": "Pu'),
    post("duplicate-key", "question given twice in one object (the last one counts)", 200,
         None, raw='{"question": "Putin?", "question": "When did Putin visit Pyongyang?"}'),
    post("utf8-bom", "UTF-8 body with a byte order mark", 200, None,
         raw=b'\xef\xbb\xbf{"question": "Putin?"}'),
    post("utf16", "UTF-16 body with a byte order mark", 200, None,
         raw='{"question": "Putin?"}'.encode("utf-16")),
    post("history-string", "history a string", 400, "invalid_history",
         body={"question": "Who said that?", "history": "yes"}),
    post("history-11", "11 history turns (QA_MAX_HISTORY is 10)", 400, "invalid_history",
         body={"question": "Who said that?", "history": [HISTORY_TURN] * 11}),
    post("history-bad-index", "history index -1", 400, "invalid_history",
         body={"question": "Who said that?", "history": [{**HISTORY_TURN, "index": -1}]}),
    post("explain-string", 'explain "yes" in JSON', 400, "invalid_explain",
         body={"question": "Putin?", "explain": "yes"}),
    # -- content types ------------------------------------------------------------------------
    post("text-plain", "Content-Type text/plain", 415, "unsupported_media_type",
         body={"question": "Putin?"}, content_type="text/plain"),
    post("form", "Content-Type application/x-www-form-urlencoded", 415,
         "unsupported_media_type", raw="question=Putin", content_type=(
             "application/x-www-form-urlencoded")),
    post("multipart", "Content-Type multipart/form-data", 415, "unsupported_media_type",
         raw="--x--", content_type="multipart/form-data; boundary=x"),
    post("no-content-type", "no Content-Type", 415, "unsupported_media_type",
         body={"question": "Putin?"}, content_type=None),
    post("json-suffix", "Content-Type application/problem+json", 200, None,
         body={"question": "Putin?"}, content_type="application/problem+json"),
    # -- query strings ------------------------------------------------------------------------
    get("get-repeated-q", "GET with q given twice", "/api/ask?q=Putin&q=Kim", 400,
        "invalid_question"),
    get("get-repeated-top-k", "GET with top_k given twice", "/api/ask?q=Putin&top_k=1&top_k=2",
        400, "invalid_top_k"),
    get("get-no-q", "GET without q", "/api/ask?question_typo=Putin", 400, "invalid_question"),
    get("get-null-byte", "GET q=%00", "/api/ask?q=%00", 200, None),
    get("get-bad-percent", "GET q=%zz% (broken percent-encoding)", "/api/ask?q=%zz%", 200,
        None),
    get("get-bad-utf8", "GET q=%ff%fe (not UTF-8)", "/api/ask?q=%ff%fe", 200, None),
    get("get-encoded-surrogate", "GET q=%ED%A0%80 (a UTF-8 encoded surrogate)",
        "/api/ask?q=%ED%A0%80", 200, None),
    get("get-200k-question", "GET q of 200,000 characters", "/api/ask?q=" + "x" * 200_000,
        400, "question_too_long"),
    get("get-top-k-fullwidth", "GET top_k=３ (a fullwidth digit)",
        "/api/ask?q=Putin&top_k=%EF%BC%93", 400, "invalid_top_k"),
    get("get-top-k-arabic-indic", "GET top_k=٣ (an Arabic-Indic digit)",
        "/api/ask?q=Putin&top_k=%D9%A3", 400, "invalid_top_k"),
    get("get-top-k-underscore", "GET top_k=1_0", "/api/ask?q=Putin&top_k=1_0", 400,
        "invalid_top_k"),
    get("get-top-k-1e309", "GET top_k=1e309", "/api/ask?q=Putin&top_k=1e309", 400,
        "invalid_top_k"),
    get("get-top-k-nan", "GET top_k=NaN", "/api/ask?q=Putin&top_k=NaN", 400, "invalid_top_k"),
    get("get-top-k-empty", "GET top_k= (empty)", "/api/ask?q=Putin&top_k=", 400,
        "invalid_top_k"),
    get("documents-limit-empty", "GET /api/documents limit= (empty)", "/api/documents?limit=",
        400, "invalid_limit"),
    get("get-top-k-5000-digits", "GET top_k with 5000 digits",
        "/api/ask?q=Putin&top_k=" + "9" * 5000, 400, "invalid_top_k"),
    get("get-explain-upper", "GET explain=TRUE", "/api/ask?q=Putin&explain=TRUE", 200, None),
    get("get-explain-null", "GET explain=%00", "/api/ask?q=Putin&explain=%00", 400,
        "invalid_explain"),
    get("documents-offset-25-digits", "GET /api/documents offset of 25 digits",
        "/api/documents?offset=" + "9" * 25, 400, "invalid_offset"),
    get("documents-limit-float", "GET /api/documents limit=1e3", "/api/documents?limit=1e3",
        400, "invalid_limit"),
    # -- paths ----------------------------------------------------------------------------------
    get("path-dotdot", "GET /api/../etc/passwd", "/api/../etc/passwd", 404, "not_found"),
    get("path-encoded-dotdot", "GET /api/%2e%2e/%2e%2e/etc/passwd",
        "/api/%2e%2e/%2e%2e/etc/passwd", 404, "not_found"),
    get("document-dotdot", "document id ..%2F..%2Fetc%2Fpasswd",
        "/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "unknown_document"),
    get("document-null", "document id %00", "/api/documents/%00", 404, "unknown_document"),
    get("document-bad-utf8", "document id %ff", "/api/documents/%ff", 404, "unknown_document"),
    get("endpoint-null", "GET /api/nope%00", "/api/nope%00", 404, "not_found"),
    get("static-dotdot", "GET /static/..%2f..%2fweb%2f__init__.py",
        "/static/..%2f..%2fweb%2f__init__.py", 404, "not_found"),
    get("static-null", "GET /static/%00", "/static/%00", 404, "not_found"),
    get("page-null", "GET /documents/%00 (an HTML page)", "/documents/%00", 404, None),
    # -- methods --------------------------------------------------------------------------------
    get("head-ask", "HEAD /api/ask?q=Putin", "/api/ask?q=Putin", 200, None, method="HEAD"),
    get("head-health", "HEAD /api/health", "/api/health", 200, None, method="HEAD"),
    get("options-ask", "OPTIONS /api/ask", "/api/ask", 200, None, method="OPTIONS"),
    get("options-unknown", "OPTIONS /api/nope", "/api/nope", 404, "not_found",
        method="OPTIONS"),
    get("put-ask", "PUT /api/ask", "/api/ask", 405, "method_not_allowed", method="PUT"),
    get("patch-ask", "PATCH /api/ask", "/api/ask", 405, "method_not_allowed", method="PATCH"),
    get("trace-ask", "TRACE /api/ask", "/api/ask", 405, "method_not_allowed", method="TRACE"),
    get("post-health", "POST /api/health", "/api/health", 405, "method_not_allowed",
        method="POST"),
    # -- load -----------------------------------------------------------------------------------
    Row("rate-limited", "third GET /api/ask within a minute, QA_RATE_LIMIT=2/minute", "GET",
        "/api/ask?q=Putin", 429, "too_many_requests", config={"QA_RATE_LIMIT": "2/minute"},
        before=2),
]

LEAKS = ("Traceback", 'File "', "site-packages", str(ROOT))


@pytest.fixture(scope="module")
def results(seed_engine) -> dict[str, Any]:
    """Every row's response, each row on a fresh app (rate-limit counts start at zero)."""
    out = {}
    for row in ROWS:
        client = create_app({"QA_ENGINE": seed_engine, **row.config}).test_client()
        for _ in range(row.before):
            client.open(row.path, method=row.method, **row.kwargs)
        out[row.id] = client.open(row.path, method=row.method, **row.kwargs)
    return out


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_hostile_input_gets_a_correct_answer(results, row: Row) -> None:
    response = results[row.id]
    text = response.get_data(as_text=True)
    assert response.status_code == row.status, text[:500]
    for leak in LEAKS:
        assert leak not in text
    if row.code is not None:
        body = response.get_json()
        assert body == {"error": {"status": row.status, "code": row.code,
                                  "message": body["error"]["message"]}}
        assert body["error"]["message"]
    elif row.method == "HEAD":
        assert text == ""
    elif row.path.startswith("/api/") and row.method != "OPTIONS":
        assert response.is_json and "error" not in response.get_json()


def test_rate_limit_says_when_to_retry_and_limits_only_ask(seed_engine) -> None:
    client = create_app({"QA_ENGINE": seed_engine, "QA_RATE_LIMIT": "1/minute"}).test_client()
    assert client.post("/api/ask", json={"question": "Putin?"}).status_code == 200
    limited = client.get("/api/ask?q=Putin")
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 61
    for path in ("/api/health", "/api/documents", f"/api/documents/{SEED_ID}", "/"):
        assert client.get(path).status_code == 200, path
    other = client.get("/api/ask?q=Putin", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200  # counted per client address
    spec = client.get("/api/openapi.json").get_json()
    assert "429" in spec["paths"]["/api/ask"]["post"]["responses"]


def test_rate_limit_setting_is_validated() -> None:
    from web.settings import SettingsError, load_settings

    assert load_settings({}).rate_limit == ""
    assert load_settings({}, environ={"QA_RATE_LIMIT": "10/second;500/hour"}).rate_limit
    for bad in ("lots", "0/minute", "60/fortnight", "60/minute;x"):
        with pytest.raises(SettingsError, match=r"QA_RATE_LIMIT must be rates like '60/minute'"):
            load_settings({"QA_RATE_LIMIT": bad})


def test_configured_limits_above_the_core_defaults_are_honoured(seed_engine) -> None:
    client = create_app({"QA_ENGINE": seed_engine, "QA_MAX_QUESTION_CHARS": 5000,
                         "QA_MAX_TOP_K": 50}).test_client()
    assert client.post("/api/ask", json={"question": "Putin " * 300}).status_code == 200
    assert client.post("/api/ask", json={"question": "Putin", "top_k": 30}).status_code == 200


def _cell(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip()


def _outcome(row: Row, response) -> tuple[str, str]:
    if row.code is not None:
        message = response.get_json()["error"]["message"]
        message = re.sub(r"retry after \d+ s", "retry after N s", message)
        return row.code, message
    if row.method == "HEAD":
        return "-", "headers only, no body"
    if row.method == "OPTIONS":
        return "-", "Allow: " + ", ".join(sorted(response.headers["Allow"].split(", ")))
    if not response.is_json:
        return "-", f"HTML page ({response.status_code})"
    body = response.get_json()
    if body.get("answer"):
        return "-", f"answered: {body['answer']['text']!r}"
    return "-", f"answer null, reason {body['reason']}"


def test_bad_inputs_table_is_written(results) -> None:
    lines = [
        "# Hostile inputs and what the API answers",
        "",
        "<!-- Generated by tests/test_hostile.py (test_bad_inputs_table_is_written): do not",
        "     edit by hand; `python -m pytest tests/test_hostile.py` rewrites it. -->",
        "",
        "Every request below is sent to the Flask app by `tests/test_hostile.py`, which",
        "asserts the status and error code shown and that no body holds a traceback or a",
        "server path. Errors are the SPEC's JSON shape",
        '(`{"error": {"status", "code", "message"}}`); the message is quoted as sent.',
        "Settings are the defaults unless the input says otherwise.",
        "",
        "| input | request | status | code | message or result |",
        "|---|---|---|---|---|",
    ]
    for row in ROWS:
        code, message = _outcome(row, results[row.id])
        path = row.path if len(row.path) <= 60 else row.path[:57] + "..."
        lines.append(f"| {_cell(row.what)} | `{_cell(row.method + ' ' + path)}` | "
                     f"{row.status} | {code if code == '-' else f'`{code}`'} | "
                     f"{_cell(message)} |")
    text = "\n".join(lines) + "\n"
    DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text
