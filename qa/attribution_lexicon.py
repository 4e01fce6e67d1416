"""Word classes for attribution: reporting cues (from ``qa/data/reporting_verbs.txt``) and
the small closed classes the rules in :mod:`qa.attribution` need.

Everything is lower case and loaded once into frozen sets and dicts; lookups are O(1).
The closed classes are grammar, not data: determiners, auxiliaries, clause openers, the
nouns that mark a source as a group, an organisation or a document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

__all__ = ["Lexicon", "lexicon"]

_PATH = Path(__file__).resolve().parent / "data" / "reporting_verbs.txt"

DETERMINERS = frozenset(
    "the a an his her their its our my your this these those such any each every no".split()
)
# Words that can sit between a subject and its reporting verb: auxiliaries and adverbs
# ("has also repeatedly said"). Any other lower-case word ending in -ly is skipped too.
BETWEEN = frozenset(
    "has have had will would could may might can should must did does do not never also "
    "further later previously recently again often once then now still even only just "
    "already long first last since n't".split()
)
BE = frozenset("is was are were be been being 's".split())
# Words that end a subject noun phrase on its left ("..., because officials said").
LEFT_STOP = frozenset(
    "that which who whom whose when while where because if although though since but so than "
    "whether as is was are were be been being has have had will would can could should may "
    "might must do does did not to and or nor yet for with said says say told after before "
    "until unless once how why what there here".split()
)
# Words that end a source noun phrase on its right (", said X in a statement").
RIGHT_STOP = frozenset(
    "who which that in on at during after before while when adding according as last this "
    "yesterday today tonight earlier later told to and but because if monday tuesday "
    "wednesday thursday friday saturday sunday is was are were has had will would".split()
)
SENTENCE_ADVERBS = frozenset(
    "and but so yet still now then meanwhile however also instead indeed moreover "
    "nonetheless nevertheless separately previously later earlier privately publicly "
    "ultimately finally".split()
)
PREPOSITIONS = frozenset(
    "on in at during after before since by from for with without under over "
    "about through".split()
)
# "hard to tell", "needless to say": a cue after these plus "to" does not report.
IDIOM_BEFORE_TO = frozenset(
    "hard difficult easy impossible early soon fair safe needless suffice is".split()
)
# Heads that make a source plural or a group ("Experts", "officials", "the police").
GROUP_HEADS = frozenset(
    "police people public staff team government administration campaign committee "
    "ministry department agency office party council court board company firm group "
    "military army navy senate house congress parliament white newspaper paper network "
    "post times journal news press reuters ap afp cnn bbc nbc abc cbs fox msnbc kcna "
    "university institute commission authorities organization organisation union bureau "
    "pentagon kremlin state regime coalition embassy service poll survey report study "
    "data statement website blog".split()
)
DOCUMENT_HEADS = frozenset(
    "poll polls survey surveys report reports study studies data record records document "
    "documents email emails analysis analyses research figures numbers statistics filing "
    "filings review investigation audit probe memo letter results estimates census "
    "projections models model".split()
)
# Plural heads that are capitalised at the start of a sentence ("Experts said"), where the
# lower-case test for a plural cannot see them; a capitalised "Williams" stays a person.
PLURAL_HEADS = frozenset(
    "experts officials critics analysts sources observers residents witnesses scholars "
    "economists researchers scientists lawmakers legislators democrats republicans voters "
    "supporters opponents advocates activists diplomats investigators prosecutors leaders "
    "members aides advisers advisors insiders americans conservatives liberals "
    "progressives pundits pollsters strategists donors delegates doctors lawyers "
    "officers soldiers students teachers workers protesters protestors".split()
)
# Lower-case -ed/-ing words that still belong to a noun phrase ("a retired general"); any
# other such word ends a subject read backwards ("... included one saying").
PARTICIPLE_ADJECTIVES = frozenset(
    "retired unnamed unidentified so-called elected concerned informed embattled united "
    "leading ruling governing ranking acting outgoing incoming visiting opposing "
    "remaining polling presiding senior-ranking".split()
)
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "earlier later morning afternoon evening night week".split()
)
PRONOUNS = frozenset("he she they it we i you".split())
QUOTES_OPEN = "“‘«"
# Dashes that sign a pull quote ("“...” ― Esther Tapia"); the hyphen is not one of them.
SIGNATURE_DASHES = "―—–"
# Lower-case words inside a personal name ("Ludwig van Beethoven", "Oscar de la Hoya").
NAME_PARTICLES = frozenset("de del della der di da dos du la le van von bin al ibn y".split())
QUOTES_CLOSE = "”’»"


@dataclass(frozen=True)
class Lexicon:
    """Reporting cues: ``verbs`` maps a written form to its lemma (the first form listed)."""

    verbs: dict[str, str]
    evidence: frozenset[str]
    nominal: frozenset[str]
    weak: frozenset[str]
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    first_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon(path: Path = _PATH) -> Lexicon:
    """Load the cue lexicon once; see the header of ``reporting_verbs.txt`` for its format."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    verbs: dict[str, str] = {}
    evidence: set[str] = set()
    for section in ("verbs", "evidence"):
        for line in sections.get(section, []):
            forms = line.split()
            for form in forms:
                verbs[form] = forms[0]
                if section == "evidence":
                    evidence.add(form)
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for line in sections.get("phrases", []):
        words = tuple(line.split())
        phrases.setdefault(words[0], []).append(words)
    ordered = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()}
    logger.debug("attribution lexicon: %d verb forms, %d phrases", len(verbs), len(ordered))
    return Lexicon(
        verbs=verbs,
        evidence=frozenset(evidence),
        nominal=frozenset(sections.get("nominal", [])),
        weak=frozenset(sections.get("weak", [])),
        phrases=ordered,
        first_words=frozenset(verbs) | frozenset(ordered),
    )
