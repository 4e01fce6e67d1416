"""The OpenAPI 3.1 description of the JSON API, built from the live settings."""

from __future__ import annotations

from typing import Any

import qa
from qa.analysis.hedge import BASES
from qa.answer.policy import STEPS
from web.settings import Settings

__all__ = ["openapi_document"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    text = {
        400: "Bad input: the message says what was wrong and what is accepted.",
        401: "No token, a wrong one, or a token in the URL: send 'Authorization: Bearer "
        "<token>'.",
        403: "Writes are off (the service has no QA_WRITE_TOKEN).",
        404: "Unknown document or endpoint.",
        405: "Method not allowed.",
        413: "Request body too large.",
        415: "Body is not JSON.",
        429: "Too many requests from this client (QA_RATE_LIMIT); Retry-After says when "
        "to try again.",
        501: "Not available on a sharded index (qa index --shards): filters and writes.",
        503: "The shard holding the document asked about has no live replica; try again "
        "when it is back.",
    }
    responses = {str(s): _json(_ref("Error"), text[s]) for s in statuses}
    if "401" in responses:
        responses["401"]["headers"] = {"WWW-Authenticate": {
            "description": "the scheme wanted: Bearer", "schema": {"type": "string"}}}
    if "429" in responses:
        responses["429"]["headers"] = {"Retry-After": {
            "description": "seconds to wait before asking again",
            "schema": {"type": "integer", "minimum": 1}}}
    return responses


_PASSAGE_NOTES: dict[str, Any] = {
    "attribution": {
        "type": "object",
        "required": ["source", "cue"],
        "description": "who in the text makes the claim; both null for the author's own voice",
        "properties": {
            "source": {"type": ["string", "null"]}, "cue": {"type": ["string", "null"]},
            "mention": {"type": ["object", "null"], "required": ["text", "start", "end"],
                        "description": "the phrase of this sentence naming the speaker, "
                        "offsets into the passage's text; null when not named here",
                        "properties": {"text": {"type": "string"},
                                       "start": {"type": "integer"},
                                       "end": {"type": "integer"}}},
            "cue_span": {"type": ["object", "null"], "required": ["start", "end"],
                         "description": "offsets of cue in the passage's text",
                         "properties": {"start": {"type": "integer"},
                                        "end": {"type": "integer"}}},
            "resolved_from": {"type": ["object", "null"], "required": ["index", "start", "end"],
                              "description": "when source is not the mention (a pronoun, "
                              "a continued quotation): the sentence index and document "
                              "offsets where the name stands",
                              "properties": {"index": {"type": "integer"},
                                             "start": {"type": "integer"},
                                             "end": {"type": "integer"}}},
        },
    },
    "hedge": {
        "type": "object",
        "required": ["level", "cues", "disputed"],
        "description": "how sure the text is (ICD 203 bands)",
        "properties": {
            "level": {"enum": ["none", "low", "medium", "high"]},
            "cues": {"type": "array", "items": {"type": "string"}},
            "disputed": {"type": "boolean"},
            "basis": {"enum": list(BASES),
                      "description": "what the level rests on: stated (the article's own "
                      "voice), asserted (a source says so), claimed, estimated, reported "
                      "(unnamed sources), speculated"},
        },
    },
}


def _schemas(s: Settings) -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "code", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "code": {"type": "string", "description": "machine-readable reason"},
                        "message": {"type": "string"},
                    },
                }
            },
        },
        "DocumentRef": {
            "type": "object",
            "required": ["id", "title", "source"],
            "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                           "source": nullable_str,
                           "date": {**nullable_str, "description": "ISO 8601 date or UTC "
                                    "date-time of publication"},
                           "publisher": nullable_str, "url": nullable_str,
                           "dateline": {**nullable_str, "description": "the place of the "
                                        "dateline that opens the story ('TOKYO (CNN) --'), "
                                        "which is no sentence's words"}},
        },
        "Passage": {
            "type": "object",
            "description": "One sentence; document_text[start:end] == text.",
            "required": ["text", "score", "document", "index", "start", "end",
                         "attribution", "hedge"],
            "properties": {
                "text": {"type": "string"},
                "score": {"type": "number"},
                "document": _ref("DocumentRef"),
                "index": {"type": "integer", "minimum": 0,
                          "description": "the sentence's number in its document, from 0"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
                **_PASSAGE_NOTES,
                "also_in": {
                    "type": "array",
                    "description": "other documents holding the same sentence (whitespace "
                    "aside); the passage is the one where it ranked first",
                    "items": {"type": "object", "required": ["id", "title"],
                              "properties": {"id": {"type": "string"},
                                             "title": {"type": "string"},
                                             "date": nullable_str,
                                             "publisher": nullable_str}},
                },
                "explain": {
                    "type": "object",
                    "description": "only with explain: per-term share of the score, the "
                    "attribution frame that decided the source and on which cue, and the "
                    "hedge cues with their offsets in the sentence, the cue that decided the "
                    "level (and by which rule) and the cues that made it disputed",
                    "properties": {
                        "sentence": {"type": "object",
                                     "additionalProperties": {"type": "number"}},
                        "context": {"type": "object",
                                    "additionalProperties": {"type": "number"}},
                        "attribution": {
                            "type": "object",
                            "properties": {"rule": nullable_str, "cue": nullable_str},
                        },
                        "hedge": {
                            "type": "object",
                            "properties": {
                                "cues": {"type": "array", "items": {"type": "string"}},
                                "cue_spans": {"type": "array", "items": {
                                    "type": "array", "items": {"type": "integer"},
                                    "minItems": 2, "maxItems": 2}},
                                "decided_by": {
                                    "type": ["object", "null"],
                                    "description": "the cue that set the level: null when "
                                    "none hedged; rule 'lexicon' (a listed phrase) or "
                                    "'conditional' ('if' ... 'would')",
                                    "properties": {
                                        "cue": {"type": "string"},
                                        "start": {"type": "integer"},
                                        "end": {"type": "integer"},
                                        "rule": {"type": "string",
                                                 "enum": ["lexicon", "conditional"]},
                                        "level": {"type": "string"},
                                        "basis": {"type": "string"}}},
                                "disputed_by": {"type": "array", "items": {
                                    "type": "object",
                                    "properties": {"cue": {"type": "string"},
                                                   "start": {"type": "integer"},
                                                   "end": {"type": "integer"}}}},
                            },
                        },
                    },
                },
            },
        },
        "Answer": {
            "type": "object",
            "required": ["text", "span", "sentence"],
            "properties": {
                "text": {"type": "string", "description": "the short extractive answer"},
                "span": {
                    "oneOf": [
                        {"type": "null"},
                        {"type": "object", "required": ["start", "end"],
                         "properties": {"start": {"type": "integer"},
                                        "end": {"type": "integer"}}},
                    ],
                    "description": "offsets of text inside sentence.text, or null",
                },
                "sentence": _ref("Passage"),
                "kind": {"enum": ["person", "date", "number", "place", "noun_phrase",
                                  "reason", "manner", "claim", "sentence"],
                         "description": "what kind of phrase the answer is"},
                "time": {
                    "type": ["object", "null"], "required": ["text", "value", "granularity"],
                    "description": "when the answer is a date or time expression: what it "
                    "means on the calendar, resolved against the document's date",
                    "properties": {"text": {"type": "string"}, "value": nullable_str,
                                   "granularity": {"type": "string"}},
                },
                "confidence": {"type": "number", "minimum": 0, "maximum": 1,
                               "description": "estimated probability that text is a right "
                               "answer (a logistic model fitted on SQuAD dev halves)"},
                "replaces": {
                    "type": "object", "required": ["text", "span"],
                    "description": "only when text names what a pronoun of the sentence "
                    "stands for: that pronoun and its span",
                    "properties": {"text": {"type": "string"},
                                   "span": {"type": "object"}},
                },
                "found_at": {
                    "type": "object", "required": ["start", "end"],
                    "description": "with replaces: offsets of text in the document",
                    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
                },
            },
        },
        "AskRequest": {
            "type": "object",
            "required": ["question"],
            "properties": {
                "question": {"type": "string", "minLength": 1,
                             "maxLength": s.max_question_chars},
                "top_k": {"type": ["integer", "null"], "minimum": 1, "maximum": s.max_top_k,
                          "default": s.default_top_k,
                          "description": "null or absent: the default"},
                "explain": {"type": "boolean", "default": False,
                            "description": "add each passage's per-term scores"},
                "history": {
                    "type": ["array", "null"],
                    "maxItems": s.max_history,
                    "description": "the conversation so far, most recent last: each turn's "
                    "question and the sentence that answered it (document id and sentence "
                    "index). Follow-ups such as 'Who said that?', 'Is that confirmed?', "
                    "'When?' or 'What did he say?' are read against the last turn. A turn "
                    "naming a document that is not loaded, or a sentence it does not have, is "
                    "refused with 400 invalid_history.",
                    "items": {
                        "type": "object",
                        "required": ["question", "document", "index"],
                        "properties": {"question": {"type": "string"},
                                       "document": {"type": "string"},
                                       "index": {"type": "integer", "minimum": 0}},
                    },
                },
                "filters": _ref("Filters"),
            },
            "description": "Fields not listed here are ignored.",
        },
        "Filters": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "description": "only documents passing every filter given answer; exact: the "
            "result equals an engine built over only those documents. A document without a "
            "date passes no date filter. A filter matching no document gives answer null, "
            "reason no_documents.",
            "properties": {
                "publisher": {"oneOf": [{"type": "string", "minLength": 1,
                                         "pattern": "\\S"},
                                        {"type": "array", "minItems": 1, "maxItems": 1000,
                                         "items": {"type": "string", "minLength": 1,
                                                   "pattern": "\\S"}},
                                        {"type": "null"}],
                              "description": "publishers (any case)"},
                "date_from": {"type": ["string", "null"], "format": "date",
                              "description": "inclusive"},
                "date_to": {"type": ["string", "null"], "format": "date",
                            "description": "inclusive, not before date_from"},
                "documents": {"oneOf": [{"type": "string", "minLength": 1, "pattern": "\\S"},
                                        {"type": "array", "minItems": 1, "maxItems": 1000,
                                         "items": {"type": "string", "minLength": 1,
                                                   "pattern": "\\S"}},
                                        {"type": "null"}],
                              "description": "document ids"},
            },
        },
        "WriteDocument": {
            "type": "object",
            "required": ["title", "text"],
            "additionalProperties": False,
            "properties": {
                "id": {**nullable_str, "minLength": 1, "maxLength": 200,
                       "allOf": [{"pattern": "\\S"},
                                 {"pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$"}],
                       "description": "absent: derived from the content; an existing id is "
                       "replaced whole"},
                "title": {"type": "string"},
                "text": {"type": "string", "minLength": 1, "pattern": "\\S"},
                "date": {"oneOf": [{"type": "string", "format": "date"},
                                   {"type": "string", "pattern": "^\\s*$"}, {"type": "null"}],
                         "description": "ISO 8601 date (a date-time such as "
                         "2024-10-08T09:30:00Z is accepted too, and kept in UTC); blank or "
                         "null: none"},
                "publisher": nullable_str,
                "url": {"oneOf": [{"type": "string",
                                   "pattern": "^\\s*(https?://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*"
                                              "(:[0-9]{1,5})?(/[!-~]*)?)?\\s*$"},
                                  {"type": "null"}],
                        "description": "an absolute http or https address; blank or null: "
                        "none"},
                "source": nullable_str,
            },
        },
        "WriteRequest": {
            "type": "object", "required": ["documents"], "additionalProperties": False,
            "properties": {"documents": {"type": "array", "minItems": 1,
                                         "maxItems": s.max_write_documents,
                                         "items": _ref("WriteDocument")}},
        },
        "WriteResponse": {
            "type": "object", "required": ["documents", "generation"],
            "properties": {
                "documents": {"type": "array", "items": {
                    "type": "object", "required": ["id", "status", "sentences"],
                    "properties": {"id": {"type": "string"},
                                   "status": {"enum": ["added", "replaced"]},
                                   "sentences": {"type": "integer", "minimum": 0}}}},
                "generation": {"type": "integer", "minimum": 1},
            },
        },
        "DeleteResponse": {
            "type": "object", "required": ["id", "status", "generation"],
            "properties": {"id": {"type": "string"}, "status": {"const": "deleted"},
                           "generation": {"type": "integer", "minimum": 1}},
        },
        "AskResponse": {
            "type": "object",
            "required": ["question", "answer", "reason", "passages"],
            "properties": {
                "question": {"type": "string"},
                "answer": {"oneOf": [{"type": "null"}, _ref("Answer")]},
                "reason": {**nullable_str,
                           "description": "why answer is null: no_match, low_confidence, "
                           "no_documents (no document passes the filters), "
                           "no_attribution (a follow-up 'Who said that?' about a sentence "
                           "in the author's own voice)"},
                "passages": {"type": "array", "items": _ref("Passage"),
                             "maxItems": s.max_top_k},
                "interpreted_as": {"type": "string",
                                   "description": "only for a follow-up read against "
                                   "history: the question as understood"},
                "partial": {"const": True,
                            "description": "only on a sharded index (qa serve --ray) while "
                            "some shard has no live replica: the answer is from the other "
                            "shards' documents alone"},
                "missing_shards": {"type": "array", "minItems": 1, "uniqueItems": True,
                                   "items": {"type": "integer", "minimum": 0},
                                   "description": "only with partial: the shards (numbers "
                                   "from 0) that did not answer"},
                "explain": {
                    "type": "object",
                    "description": "only with explain: the step of the answer policy that "
                    "decided and the short-answer rule that cut the phrase",
                    "required": ["decided_by", "answer_rule"],
                    "properties": {
                        "decided_by": {"type": "string", "enum": [name for name, _ in STEPS]},
                        "answer_rule": nullable_str,
                    },
                },
            },
        },
        "DocumentSummary": {
            "type": "object",
            "required": ["id", "title", "source", "sentences"],
            "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                           "source": nullable_str, "date": nullable_str,
                           "publisher": nullable_str, "url": nullable_str,
                           "sentences": {"type": "integer", "minimum": 0}},
        },
        "DocumentList": {
            "type": "object",
            "required": ["total", "offset", "limit", "documents"],
            "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"},
                           "limit": {"type": "integer"},
                           "documents": {"type": "array", "items": _ref("DocumentSummary")}},
        },
        "Document": {
            "type": "object",
            "required": ["id", "title", "source", "text", "sentences"],
            "properties": {
                "id": {"type": "string"}, "title": {"type": "string"},
                "source": nullable_str, "date": nullable_str, "publisher": nullable_str,
                "url": nullable_str, "text": {"type": "string"},
                "sentences": {"type": "array", "items": {
                    "type": "object",
                    "required": ["index", "start", "end", "text", "attribution", "hedge"],
                    "properties": {"index": {"type": "integer"}, "start": {"type": "integer"},
                                   "end": {"type": "integer"}, "text": {"type": "string"},
                                   "attribution": _PASSAGE_NOTES["attribution"],
                                   "hedge": _PASSAGE_NOTES["hedge"]}}},
            },
        },
        "Examples": {
            "type": "object",
            "required": ["questions"],
            "properties": {"questions": {"type": "array", "items": {"type": "string"},
                                         "maxItems": 3}},
        },
        "Health": {
            "type": "object",
            "required": ["status", "documents", "sentences"],
            "properties": {"status": {"const": "ok"}, "documents": {"type": "integer"},
                           "sentences": {"type": "integer"}, "skipped": {"type": "integer"},
                           "generation": {"type": "integer", "minimum": 0,
                                          "description": "grows by one per write"}},
        },
    }


def openapi_document(settings: Settings) -> dict[str, Any]:
    """The OpenAPI document for the API as configured by ``settings``."""
    ask_ok = _json(_ref("AskResponse"), "The answer, or answer null with a reason.")
    limited = (429,) if settings.rate_limit else ()
    q_param = {"name": "q", "in": "query", "required": True,
               "schema": {"type": "string", "minLength": 1,
                          "maxLength": settings.max_question_chars},
               "description": "the question"}
    top_k_param = {"name": "top_k", "in": "query", "required": False,
                   "schema": {"type": "integer", "minimum": 1, "maximum": settings.max_top_k,
                              "default": settings.default_top_k}}
    explain_param = {"name": "explain", "in": "query", "required": False,
                     "schema": {"type": "string",
                                "pattern": "^(|[01]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]"
                                           "|[Yy][Ee][Ss]|[Nn][Oo])$"},
                     "description": "1/true/yes (any case): add each passage's per-term "
                     "scores; empty, 0, false or no: do not"}
    many = {"type": "array", "maxItems": 1000,
            "items": {"type": "string", "minLength": 1, "pattern": "\\S"}}
    filter_params = [
        {"name": "publisher", "in": "query", "required": False, "schema": many,
         "style": "form", "explode": True, "description": "filters.publisher; may repeat"},
        {"name": "documents", "in": "query", "required": False, "schema": many,
         "style": "form", "explode": True, "description": "filters.documents; may repeat"},
        {"name": "date_from", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"}},
        {"name": "date_to", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"},
         "description": "inclusive, not before date_from (else 400 invalid_filter)"},
    ]
    bearer: list[dict[str, list[str]]] = [{"bearer": []}]
    id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "News question answering",
            "version": qa.__version__,
            "description": "Finds the sentence that answers a question, with its exact "
            "place in the source document.",
        },
        "paths": {
            "/api/ask": {
                "get": {
                    "summary": "Ask a question (query string)",
                    "operationId": "askGet",
                    "parameters": [q_param, top_k_param, explain_param, *filter_params],
                    "responses": {"200": ask_ok, **_errors(400, *limited, 501)},
                },
                "post": {
                    "summary": "Ask a question (JSON body)",
                    "operationId": "askPost",
                    "requestBody": {"required": True, "content": {
                        "application/json": {"schema": _ref("AskRequest")}}},
                    "responses": {"200": ask_ok, **_errors(400, 413, 415, *limited, 501,
                                                           503)},
                },
            },
            "/api/documents": {
                "get": {
                    "summary": "List the loaded documents, a page at a time",
                    "operationId": "listDocuments",
                    "parameters": [
                        {"name": "offset", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 0,
                                    "maximum": 999_999_999_999_999_999, "default": 0}},
                        {"name": "limit", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1,
                                    "maximum": settings.documents_page_max,
                                    "default": min(100, settings.documents_page_max)}},
                    ],
                    "responses": {"200": _json(_ref("DocumentList"), "One page."),
                                  **_errors(400)},
                },
                "post": {
                    "summary": "Add or replace documents (one durable, atomic step)",
                    "operationId": "addDocuments",
                    "security": bearer,
                    "requestBody": {"required": True, "content": {
                        "application/json": {"schema": _ref("WriteRequest")}}},
                    "responses": {"201": _json(_ref("WriteResponse"), "On disk and answered "
                                               "from by every worker's next request."),
                                  **_errors(400, 401, 403, 413, 415, 501)},
                },
            },
            "/api/documents/{id}": {
                "get": {
                    "summary": "One document: its full text and its sentences with offsets",
                    "operationId": "getDocument",
                    "parameters": [id_param],
                    "responses": {"200": _json(_ref("Document"), "The document."),
                                  **_errors(404, 503)},
                },
                "delete": {
                    "summary": "Remove a document",
                    "operationId": "removeDocument",
                    "security": bearer,
                    "parameters": [id_param],
                    "responses": {"200": _json(_ref("DeleteResponse"), "Removed, on disk."),
                                  **_errors(401, 403, 404, 501)},
                },
            },
            "/api/examples": {
                "get": {
                    "summary": "Example questions the loaded documents answer",
                    "operationId": "examples",
                    "responses": {"200": _json(_ref("Examples"),
                                               "Up to three questions, each answered.")},
                }
            },
            "/api/health": {
                "get": {
                    "summary": "Liveness and what is loaded",
                    "operationId": "health",
                    "responses": {"200": _json(_ref("Health"), "The service is up.")},
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI 3.1 document",
                                          "content": {"application/json": {}}}},
                }
            },
        },
        "components": {
            "schemas": _schemas(settings),
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "QA_WRITE_TOKEN, in the Authorization header only (a token "
                "in the URL is refused)"}},
        },
    }
