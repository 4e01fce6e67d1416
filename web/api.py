"""The JSON API: ``/api/ask``, ``/api/documents``, ``/api/health``, ``/api/openapi.json``.

Each view parses its input, calls the engine and returns JSON; nothing else happens here.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from qa import QA
from qa.followup import check_history

from .cache import AnswerCache
from .errors import ApiError
from .openapi import openapi_document
from .settings import Settings

__all__ = ["bp"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _engine() -> QA:
    return current_app.extensions["qa"]


def _settings() -> Settings:
    return current_app.extensions["qa_settings"]


def _int_arg(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, f"invalid_{name}", f"{name} must be an integer, got {raw!r}") from None


def _bool_arg(name: str, raw: str | None) -> bool:
    if raw is None or raw.lower() in ("", "0", "false", "no"):
        return False
    if raw.lower() in ("1", "true", "yes"):
        return True
    raise ApiError(400, f"invalid_{name}", f"{name} must be true or false, got {raw!r}")


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(
            415,
            "unsupported_media_type",
            "send the question as JSON with 'Content-Type: application/json', "
            "or use GET /api/ask?q=...",
        )
    try:
        body = json.loads(request.get_data(cache=False))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "invalid_json", f"request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_json", 'request body must be a JSON object like {"question": "..."}'
        )
    return body


@bp.route("/ask", methods=["GET", "POST"])
def ask() -> Response:
    settings = _settings()
    if request.method == "POST":
        body = _json_body()
        if "question" not in body:
            raise ApiError(400, "invalid_question", 'request body needs a "question" string')
        question = body["question"]
        top_k = body.get("top_k", settings.default_top_k)
        if top_k is None:
            top_k = settings.default_top_k
        explain = body.get("explain", False)
        if not isinstance(explain, bool):
            raise ApiError(400, "invalid_explain", f"explain must be true or false, got {explain!r}")
        history = check_history(body.get("history"), settings.max_history)
    else:
        question = request.args.get("q", request.args.get("question"))
        if question is None:
            raise ApiError(400, "invalid_question", "give the question as ?q=...")
        top_k = _int_arg("top_k", request.args.get("top_k"), settings.default_top_k)
        explain = _bool_arg("explain", request.args.get("explain"))
        history = []
    question = QA.check_question(question, settings.max_question_chars)
    top_k = QA.check_top_k(top_k, settings.max_top_k)
    cache: AnswerCache = current_app.extensions["qa_cache"]
    key = (question, top_k, explain, tuple(history))
    body = cache.get(key)
    if body is None:
        result = _engine().ask(question, top_k=top_k, explain=explain, history=history)
        body = current_app.json.dumps(result.to_dict()).encode("utf-8")
        cache.put(key, body)
    return Response(body, mimetype="application/json")


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
    first = engine.corpus.doc_first
    return jsonify(
        {
            "total": len(engine.documents),
            "offset": offset,
            "limit": limit,
            "documents": [
                {
                    **doc.meta(),
                    "date": doc.date,
                    "sentences": int(first[i + 1] - first[i]),
                }
                for i, doc in enumerate(docs, start=offset)
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
            "date": doc.date,
            "text": doc.text,
            "sentences": [
                {"index": p.index, "start": p.start, "end": p.end, "text": p.text, **p.extra}
                for p in engine.document_sentences(doc_id)
            ],
        }
    )


@bp.get("/health")
def health() -> Response:
    return jsonify({"status": "ok", **_engine().stats()})


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(_settings()))
