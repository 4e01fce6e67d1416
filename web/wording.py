"""The words people read, in one place for the command line and the pages.

The chat (``web/static/chat-core.js``) and the ``qa`` command describe a passage the same
way: the hedge level by its badge label ("near certain", not the SPEC's code ``low``), the
author's own voice as "in the article’s own voice", and sentences numbered from 1 (the
JSON ``index`` stays 0-based). ``tests/test_cli.py`` reads ``chat-core.js`` and checks
that it uses these same words, so the two cannot drift.

Why no answer was given (:data:`NO_ANSWER`, by the answer's ``reason``) and how a date
reads (:func:`human_date`: "8 Oct 2024") are given to the chat and the widget as data
(``web.pages``), so the pages and the scripts say them the same way.
"""

from __future__ import annotations

import re

__all__ = ["HEDGE_LEVELS", "MONTHS", "NO_ANSWER", "OWN_VOICE", "WEEKDAYS", "hedge_label",
           "human_date", "plural", "sentence_number"]

# What each hedge level (SPEC: hedge.level) means: the badge label and its tooltip, for the
# pages (badges, tooltips, legend) and the command line.
HEDGE_LEVELS: dict[str, dict[str, str]] = {
    "none": {"label": "fact",
             "meaning": "Stated as fact: in the author's voice, or by a source with an "
                        "assertive verb."},
    "low": {"label": "near certain",
            "meaning": "Near certain but qualified (very likely, 80-99%), or an asserted, "
                       "contestable claim."},
    "medium": {"label": "probable",
               "meaning": "Probable (likely, 55-80%), or an epistemic verb, modal or "
                          "unnamed source."},
    "high": {"label": "speculative",
             "meaning": "An even chance or less (up to 55%): speculation, rumour or vague "
                        "sources."},
}

#: Who makes a claim when no source is named (attribution.source is null).
OWN_VOICE = "in the article\u2019s own voice"


def hedge_label(level: str) -> str:
    """The label people see for a hedge level ("near certain" for ``low``)."""
    return HEDGE_LEVELS.get(level, {"label": level})["label"]


def sentence_number(index: int) -> int:
    """The sentence number people see for a passage's 0-based ``index``: from 1."""
    return index + 1


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, pluralised: "1 document", "2 documents", "0 files"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


#: Why ``answer`` is null, in words, by ``reason`` (SPEC: the answer object, Filters).
NO_ANSWER: dict[str, str] = {
    "no_match": "Nothing in the documents matches this question: no sentence shares a word "
                "with it. Try other words.",
    "low_confidence": "Some sentences share words with this question, but none answers it "
                      "clearly enough, so rather than guess, no answer is given.",
    "no_documents": "No document matches the filters, so there was nothing to search. "
                    "Widen the dates, choose another publisher or clear the filters, and "
                    "ask again.",
}

#: Month names, full ("June 2024") and short ("8 Oct 2024"), January first.
MONTHS: list[str] = ["January", "February", "March", "April", "May", "June", "July",
                     "August", "September", "October", "November", "December"]
#: Weekday names, short, Monday first (ISO 8601).
WEEKDAYS: list[str] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2})?Z?)?")


def human_date(value: str | None) -> str | None:
    """A document's ISO 8601 ``date`` as people read it: "8 Oct 2024", and
    "8 Oct 2024, 09:30 UTC" for a date-time (the chat's ``humanDate``, which leaves the
    time out of a passage's line).
    None for None; a value of another form is returned as it is."""
    if not value:
        return None
    found = _ISO.fullmatch(value)
    if found is None:
        return value
    year, month, day, hour, minute = found.groups()
    if not 1 <= int(month) <= 12:
        return value
    text = f"{int(day)} {MONTHS[int(month) - 1][:3]} {year}"
    return f"{text}, {hour}:{minute} UTC" if hour is not None else text
