"""The words people read, in one place for the command line and the pages.

The chat (``web/static/chat-core.js``) and the ``qa`` command describe a passage the same
way: the hedge level by its badge label ("near certain", not the SPEC's code ``low``), the
author's own voice as "in the article’s own voice", and sentences numbered from 1 (the
JSON ``index`` stays 0-based). ``tests/test_cli.py`` reads ``chat-core.js`` and checks
that it uses these same words, so the two cannot drift.
"""

from __future__ import annotations

__all__ = ["HEDGE_LEVELS", "OWN_VOICE", "hedge_label", "plural", "sentence_number"]

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
