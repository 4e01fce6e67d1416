"""The words people read, in one place for the command line and the pages.

The chat (``web/static/chat-core.js``) and the ``qa`` command describe a passage the same
way: the hedge level by its label ("near certain", not the SPEC's code ``low``), then who
makes the claim on what footing (:func:`claim`: "asserted by Lim Eulchul", "stated in the
article’s own voice"), and sentences numbered from 1 (the JSON ``index`` stays 0-based).
``tests/test_cli.py`` reads ``chat-core.js`` and checks that it uses these same words, so
the two cannot drift.

Why no answer was given (:data:`NO_ANSWER`, by the answer's ``reason``), what each basis
means (:data:`BASES`) and how a date reads (:func:`human_date`: "8 Oct 2024") are given to the chat and the widget as data
(``web.pages``), so the pages and the scripts say them the same way.
"""

from __future__ import annotations

import re

__all__ = ["BASES", "HEDGE_LEVELS", "MONTHS", "NO_ANSWER", "OWN_VOICE", "WEEKDAYS", "claim",
           "hedge_label", "human_date", "plural", "resolved", "sentence_number"]

# What each hedge level (SPEC: hedge.level) means: the badge label and its tooltip, for the
# pages (badges, tooltips, legend) and the command line.
HEDGE_LEVELS: dict[str, dict[str, str]] = {
    "none": {"label": "unhedged",
             "meaning": "No hedging words: said outright, in the article's own voice or "
                        "by a source."},
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

# What a hedge level rests on (SPEC: hedge.basis), as people read it: "asserted by Lim
# Eulchul", "claimed by South Korean authorities", and "stated" only for the article's own
# unhedged voice, so that a source's opinion never reads as a fact.
BASES: dict[str, dict[str, str]] = {
    "stated": {"label": "stated",
               "meaning": "The article says this itself, with no hedging words."},
    "asserted": {"label": "asserted",
                 "meaning": "A source says so with an assertive verb (said, confirmed, "
                            "stressed): the article reports the claim, it does not vouch "
                            "for it."},
    "claimed": {"label": "claimed",
                "meaning": "A contestable assertion: claimed, contended, insisted, alleged."},
    "estimated": {"label": "estimated",
                  "meaning": "Likelihood or expectation words: likely, expected to, "
                             "forecast."},
    "reported": {"label": "reported",
                 "meaning": "Unnamed or vague sources: reports say, it is believed, "
                            "sources said."},
    "speculated": {"label": "speculated",
                   "meaning": "Speculation or possibility: speculate, could, might, "
                              "possibly."},
}


def claim(basis: str, source: str | None) -> str:
    """Who makes the claim and on what footing, in words: "asserted by Lim Eulchul",
    "stated in the article's own voice", "estimated, in the article's own voice"."""
    label = BASES.get(basis, {"label": basis})["label"]
    if source:
        return f"{label} by {source}"
    return f"{label} {OWN_VOICE}" if basis == "stated" else f"{label}, {OWN_VOICE}"


def hedge_label(level: str) -> str:
    """The label people see for a hedge level ("near certain" for ``low``)."""
    return HEDGE_LEVELS.get(level, {"label": level})["label"]


def resolved(attribution: dict[str, object]) -> str | None:
    """How a source was found when this sentence does not name it outright, for a tooltip:
    "He → Lim Eulchul (named in sentence 11)"; None when the sentence names it."""
    source, origin = attribution.get("source"), attribution.get("resolved_from")
    if not source or not isinstance(origin, dict):
        return None
    mention = attribution.get("mention")
    said = mention["text"] if isinstance(mention, dict) else "a continued quotation"
    return f"{said} → {source} (named in sentence {sentence_number(origin['index'])})"


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
