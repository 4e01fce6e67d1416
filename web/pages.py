"""The pages people see: the chat at ``/``, ``/embed`` for iframes, the source view at
``/documents/<id>`` and ``/widget.js`` for other sites.

Pages are rendered with Jinja (autoescaped: document text is always text, never HTML);
the scripts in ``static/`` insert answers with ``textContent`` only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template

from qa import QA
from qa.errors import NotFound
from web.examples import example_questions
from web.wording import (
    BASES,
    HEDGE_LEVELS,
    MONTHS,
    NO_ANSWER,
    WEEKDAYS,
    claim,
    human_date,
    resolved,
)

__all__ = ["HEDGE_LEVELS", "bp", "cached_examples", "chat_words", "example_questions",
           "filter_choices"]

bp = Blueprint("pages", __name__)

STATIC = Path(__file__).with_name("static")

#: A publisher filter lists at most this many publishers (the most frequent ones).
MAX_PUBLISHERS = 500


def _engine() -> QA:
    return current_app.extensions["qa"]


# ---------------------------------------------------------------- example questions

def cached_examples() -> list[str]:
    """The example questions of the app's engine, worked out once per app."""
    cache = current_app.extensions.setdefault("qa_pages", {})
    if "examples" not in cache:
        cache["examples"] = example_questions(_engine())
    return cache["examples"]


# ---------------------------------------------------------------- filters

@dataclass(frozen=True)
class FilterChoices:
    """What the chat's filter bar offers: the publishers of the documents served (one
    spelling each, as the filter compares them without regard to case) and the first and
    last day they were published on."""

    publishers: list[str]
    first_day: str | None
    last_day: str | None

    def __bool__(self) -> bool:
        return bool(self.publishers) or self.first_day is not None


def filter_choices(documents: Any) -> FilterChoices:
    """The :class:`FilterChoices` of ``documents`` (any iterable of documents)."""
    spellings: dict[str, dict[str, int]] = {}
    days: list[str] = []
    for doc in documents:
        publisher = getattr(doc, "publisher", None)
        if publisher:
            counts = spellings.setdefault(publisher.casefold(), {})
            counts[publisher] = counts.get(publisher, 0) + 1
        date = getattr(doc, "date", None)
        if date:
            days.append(date[:10])
    by_use = sorted(spellings.values(), key=lambda c: -sum(c.values()))[:MAX_PUBLISHERS]
    publishers = sorted((max(c, key=lambda name: (c[name], name)) for c in by_use),
                        key=lambda name: (name.casefold(), name))
    return FilterChoices(publishers, min(days, default=None), max(days, default=None))


def _cached_filter_choices() -> FilterChoices:
    """:func:`filter_choices` of the documents served, worked out again only when the
    engine changes (documents added or removed while serving)."""
    cache = current_app.extensions.setdefault("qa_pages", {})
    engine = _engine()
    found = cache.get("filters")
    if found is None or found[0] is not engine:
        found = cache["filters"] = (engine, filter_choices(engine.documents))
    choices: FilterChoices = found[1]
    return choices


def chat_words() -> dict[str, Any]:
    """The words the chat's script shows that are not in the page: why no answer was
    given, what each hedge basis means, and month and weekday names for dates (see
    :mod:`web.wording`)."""
    return {"no_answer": NO_ANSWER, "bases": BASES, "months": MONTHS, "weekdays": WEEKDAYS}


def _chat_context() -> dict[str, Any]:
    settings = current_app.extensions["qa_settings"]
    choices = _cached_filter_choices()
    return {
        "documents": len(_engine().documents),
        "examples": cached_examples(),
        "max_history": settings.max_history,
        "max_question_chars": settings.max_question_chars,
        "levels": HEDGE_LEVELS,
        "words": chat_words(),
        "filters": choices,
        "first_day": human_date(choices.first_day),
        "last_day": human_date(choices.last_day),
    }


@bp.get("/")
def chat() -> str:
    return render_template("chat.html", **_chat_context())


@bp.get("/embed")
def embed() -> str:
    return render_template("embed.html", **_chat_context())


# ---------------------------------------------------------------- source view

@dataclass
class _Paragraph:
    parts: list[Any] = field(default_factory=list)   # str (plain text) or a sentence dict


def _sentence(passage: Any) -> dict[str, Any]:
    hedge = passage.hedge or {"level": "none", "cues": [], "disputed": False}
    attribution = passage.attribution or {"source": None, "cue": None}
    basis = hedge.get("basis", "stated")
    return {"index": passage.index, "text": passage.text, "hedge": hedge,
            "attribution": attribution, "basis": BASES.get(basis, {"label": basis}),
            "claim": claim(basis, attribution["source"]), "resolved": resolved(attribution)}


def _plain(paragraphs: list[_Paragraph], text: str) -> None:
    """Append plain text, starting a new paragraph at each blank line."""
    chunks = re.split(r"\n[ \t\xa0]*\n\s*", text)
    for n, chunk in enumerate(chunks):
        if n:
            paragraphs.append(_Paragraph())
        if chunk.strip():
            paragraphs[-1].parts.append(chunk)


def _article(text: str, sentences: list[dict[str, Any]], spans: list[tuple[int, int]],
             start: int) -> list[_Paragraph]:
    paragraphs = [_Paragraph()]
    pos = start
    for sentence, (s, e) in zip(sentences, spans):
        _plain(paragraphs, text[pos:s])
        paragraphs[-1].parts.append(sentence)
        pos = e
    _plain(paragraphs, text[pos:])
    return [p for p in paragraphs if p.parts]


@bp.get("/documents/<path:doc_id>")
def document(doc_id: str) -> tuple[str, int] | str:
    engine = _engine()
    try:
        doc = engine.document(doc_id)
    except NotFound:
        return render_template("not_found.html", doc_id=doc_id), 404
    passages = engine.document_sentences(doc_id)
    sentences = [_sentence(p) for p in passages]
    title_span = getattr(doc, "title_span", None)
    if title_span and title_span[0] == 0 and title_span[1] <= (passages[0].start
                                                              if passages else len(doc.text)):
        heading, start = doc.text[: title_span[1]], title_span[1]
    else:
        heading, start = doc.title, 0
    counts = {level: 0 for level in HEDGE_LEVELS}
    sources: dict[str, list[dict[str, Any]]] = {}
    for s in sentences:
        counts[s["hedge"]["level"]] = counts.get(s["hedge"]["level"], 0) + 1
        if s["attribution"]["source"]:
            sources.setdefault(s["attribution"]["source"], []).append(s)
    url = doc.url if doc.url and urlsplit(doc.url).scheme in ("http", "https") else None
    return render_template(
        "document.html",
        doc=doc,
        date=human_date(doc.date),
        url=url,
        heading=heading,
        paragraphs=_article(doc.text, sentences, [(p.start, p.end) for p in passages], start),
        sentences=sentences,
        counts=counts,
        sources=sources,
        levels=HEDGE_LEVELS,
    )


# ---------------------------------------------------------------- widget for other sites

@lru_cache(maxsize=1)
def _widget_source() -> str:
    """``chat-core.js`` (shared with the chat) and ``widget.js`` in one closure, with the
    widget's stylesheet inlined, so one ``<script>`` tag is all a host page needs."""
    css = "\n".join((STATIC / name).read_text(encoding="utf-8")
                    for name in ("card.css", "widget.css"))
    return (
        "/* News QA widget: include with "
        '<script src="…/widget.js" data-qa-url="…" defer></script> */\n'
        "(function () {\n"
        f"var WIDGET_CSS = {json.dumps(css)};\n"
        f"var HEDGE_LEVELS = {json.dumps(HEDGE_LEVELS)};\n"
        f"var QA_WORDS = {json.dumps(chat_words())};\n"
        + (STATIC / "chat-core.js").read_text(encoding="utf-8")
        + (STATIC / "widget.js").read_text(encoding="utf-8")
        + "}());\n"
    )


@bp.get("/widget.js")
def widget() -> Response:
    response = Response(_widget_source(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
