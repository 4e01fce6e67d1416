"""The JSON API: ``/api/ask``, ``/api/documents``, ``/api/health``, ``/api/openapi.json``.

Each view parses its input, calls the engine and returns JSON; nothing else happens here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from qa import QA
from qa.answer.followup import check_history
from qa.errors import describe
from qa.index.filters import check_filters
from web.cache import AnswerCache
from web.errors import ApiError
from web.openapi import openapi_document
from web.pages import cached_examples
from web.settings import Settings

__all__ = ["bp", "json_body"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _engine() -> QA:
    return current_app.extensions["qa"]


def _settings() -> Settings:
    return current_app.extensions["qa_settings"]


# Hostile input is refused here, before anything is parsed deeper: JSON nested past this
# depth (CPython's json would raise RecursionError, ending in a 500), integers longer than
# this (CPython refuses them past 4300 digits with advice meant for the server), the
# non-standard NaN/Infinity, and lone UTF-16 surrogates ("\ud800"), which no UTF-8 answer
# can carry.
_MAX_JSON_DEPTH = 32
_MAX_INT_DIGITS = 100
_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # strings skipped whole
_INTEGER = re.compile(r"-?[0-9]{1,18}")  # ASCII digits only: no "٣", "３", "3_0" or "+3"


def _shown(raw: str, limit: int = 40) -> str:
    """``raw`` as ``repr`` for an error message, cut to ``limit`` characters."""
    return repr(raw if len(raw) <= limit else raw[:limit] + "...")


def _int_arg(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise ApiError(400, f"invalid_{name}", f"{name} must be an integer, got {_shown(raw)}")
    return int(raw)


def _bool_arg(name: str, raw: str | None) -> bool:
    if raw is None or raw.lower() in ("", "0", "false", "no"):
        return False
    if raw.lower() in ("1", "true", "yes"):
        return True
    raise ApiError(400, f"invalid_{name}", f"{name} must be true or false, got {_shown(raw)}")


def _query_arg(name: str, *aliases: str) -> str | None:
    """The one value of query parameter ``name`` (or an alias); given twice is an error."""
    for key in (name, *aliases):
        values = request.args.getlist(key)
        if len(values) > 1:
            code = "invalid_question" if name == "q" else f"invalid_{name}"
            raise ApiError(400, code, f"give {key} once, got {len(values)} values")
        if values:
            return values[0]
    return None


def _json_depth(text: str) -> int:
    depth = deepest = 0
    for token in _JSON_NESTING.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _parse_int(digits: str) -> int:
    count = len(digits.lstrip("-"))
    if count > _MAX_INT_DIGITS:
        raise ValueError(f"a number has {count} digits; at most {_MAX_INT_DIGITS} are accepted")
    return int(digits)


def _parse_float(text: str) -> float | int:
    """A JSON number with a fraction or exponent; integral values (``3.0``, ``1e2``) are
    integers, as JSON Schema counts them (exact up to 2**53)."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) <= 2**53 else value


def _parse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON; numbers must be finite")


def _lone_surrogate(value: Any, where: str) -> tuple[str, str] | None:
    """Where in ``value`` a string holds a lone surrogate, and that character."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return where, value[exc.start]
        return None
    items: list[tuple[Any, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            items += [(key, f"a field name in {where}"), (item, f"{where}.{key}")]
    elif isinstance(value, list):
        items = [(item, f"{where}[{i}]") for i, item in enumerate(value)]
    for item, inner in items:
        found = _lone_surrogate(item, inner)
        if found:
            return found
    return None


def json_body(what: str = "the question", other: str = ", or use GET /api/ask?q=...",
              ) -> dict[str, Any]:
    """The request's JSON object, with every hostile form refused (see above)."""
    if not request.is_json:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send {what} as JSON with 'Content-Type: application/json'{other}",
        )
    raw = request.get_data(cache=False)
    try:
        text = raw.decode(json.detect_encoding(raw))  # as json.loads(bytes) does, BOM too
        if _json_depth(text) > _MAX_JSON_DEPTH:
            raise ValueError(f"nested more than {_MAX_JSON_DEPTH} levels deep")
        body = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ApiError(400, "invalid_json", f"request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_json", 'request body must be a JSON object like {"question": "..."}'
        )
    found = _lone_surrogate(body, "body")
    if found:
        where, char = found
        field = where.removeprefix("body.")
        raise ApiError(
            400,
            "invalid_question" if field == "question" else "invalid_json",
            f"{field} is not valid Unicode: it holds a lone surrogate {char!r}; "
            "send UTF-8 text (a character outside the BMP as a \\uD83D\\uDE80 pair)",
        )
    return body


def _filter_args() -> dict[str, Any] | None:
    """The filters of ``GET /api/ask`` (``publisher`` and ``documents`` may repeat)."""
    found: dict[str, Any] = {}
    for name in ("publisher", "documents"):
        values = request.args.getlist(name)
        if values:
            found[name] = values
    for name in ("date_from", "date_to"):
        value = _query_arg(name)
        if value is not None:
            found[name] = value
    return found or None


@bp.route("/ask", methods=["GET", "POST"])
def ask() -> Response:
    settings = _settings()
    if request.method == "POST":
        body = json_body()
        if "question" not in body:
            raise ApiError(400, "invalid_question", 'request body needs a "question" string')
        question = body["question"]
        top_k = body.get("top_k", settings.default_top_k)
        if top_k is None:
            top_k = settings.default_top_k
        explain = body.get("explain", False)
        if not isinstance(explain, bool):
            raise ApiError(400, "invalid_explain", f"explain must be true or false, got {describe(explain)}")
        history = check_history(body.get("history"), settings.max_history)
        filters = check_filters(body.get("filters"))
    else:
        question = _query_arg("q", "question")
        if question is None:
            raise ApiError(400, "invalid_question", "give the question as ?q=...")
        top_k = _int_arg("top_k", _query_arg("top_k"), settings.default_top_k)
        explain = _bool_arg("explain", _query_arg("explain"))
        history = []
        filters = check_filters(_filter_args())
    question = QA.check_question(question, settings.max_question_chars)
    top_k = QA.check_top_k(top_k, settings.max_top_k)
    cache: AnswerCache = current_app.extensions["qa_cache"]
    key = (question, top_k, explain, tuple(history), filters)
    encoded = cache.get(key)
    if encoded is None:
        result = _engine().ask(question, top_k=top_k, explain=explain, history=history,
                               filters=filters, max_question_chars=settings.max_question_chars,
                               max_top_k=settings.max_top_k)
        body = result.to_dict()
        encoded = current_app.json.dumps(body).encode("utf-8")
        if not body.get("partial"):  # asked again, it may find every shard back
            cache.put(key, encoded)
    return Response(encoded, mimetype="application/json")


@bp.get("/documents")
def documents() -> Response:
    settings = _settings()
    engine = _engine()
    offset = _int_arg("offset", request.args.get("offset"), 0)
    limit = _int_arg("limit", request.args.get("limit"), min(100, settings.documents_page_max))
    if offset < 0:
        raise ApiError(400, "invalid_offset", f"offset must be 0 or more, got {offset}")
    if not 1 <= limit <= settings.documents_page_max:
        raise ApiError(
            400,
            "invalid_limit",
            f"limit must be from 1 to {settings.documents_page_max}, got {limit}",
        )
    docs = engine.documents[offset : offset + limit]
    return jsonify(
        {
            "total": len(engine.documents),
            "offset": offset,
            "limit": limit,
            "documents": [
                {**doc.meta(), "sentences": engine.sentence_count(doc.id)}
                for doc in docs
            ],
        }
    )


@bp.get("/documents/<path:doc_id>")
def document(doc_id: str) -> Response:
    engine = _engine()
    doc = engine.document(doc_id)
    return jsonify(
        {
            **doc.meta(),
            "text": doc.text,
            "sentences": [
                {"index": p.index, "start": p.start, "end": p.end, "text": p.text, **p.analysis()}
                for p in engine.document_sentences(doc_id)
            ],
        }
    )


@bp.get("/examples")
def examples() -> Response:
    """Questions the loaded documents answer, for a client to offer (the chat's "Try
    asking" and the widget's)."""
    return jsonify({"questions": cached_examples()})


@bp.get("/health")
def health() -> Response:
    live = current_app.extensions.get("qa_live")
    return jsonify({"status": "ok", **_engine().stats(),
                    "generation": live.generation if live is not None else 0})


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(_settings()))
