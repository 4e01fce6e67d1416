"""The closed word classes of attribution, read once from ``qa/data/``.

Each class is a section of ``qa/data/attribution_words.txt`` (what it is for is written
above the section there), a section of the shared ``qa/data/function_words.txt``, or a
union of both, composed here so that every word class is written once. Quote marks and
dashes are character classes, not words, and stay here as strings. All sets are frozen;
lookups are O(1).
"""

from __future__ import annotations

from qa.text.wordlists import rows, words

__all__ = [
    "ABBREVIATIONS", "ACCORDING_STOP", "ARTICLES", "BE", "BETWEEN", "CALLED_EVENTS",
    "DEGREE_WORDS", "DETERMINERS", "DOCUMENT_HEADS", "EVENT_NOUNS", "FEMALE_WORDS",
    "GROUP_HEADS", "IDIOM_BEFORE_TO", "INVERSION_END", "IRREGULAR_PLURALS",
    "LEFT_STOP", "LICENSE_NOMINAL", "LICENSE_WEAK", "LY_NOT_ADVERBS", "MALE_WORDS",
    "NAME_PARTICLES", "NAMING", "NOT_NAME_START", "NOT_SPEAKERS", "NUMBER_WORDS",
    "OBJECT_PRONOUNS", "ORGANISATION_WORDS", "PARTICIPLE_ADJECTIVES", "PARTICLES",
    "PASSIVE_BARE", "PERSON_HEADS", "PERSON_PRONOUNS", "PERSON_SUFFIXES", "PLURAL_HEADS",
    "PREPOSITIONS", "PRONOUNS", "QUOTES_CLOSE", "QUOTES_OPEN", "RESOLVED_PRONOUNS",
    "RIGHT_STOP", "SENTENCE_ADVERBS", "SIGNATURE_DASHES", "SUBJECT_TITLES", "TIME_MODIFIERS",
    "TIME_NOUNS", "TIME_WORDS", "VERB_AFTER", "WEAK_WITH_TO",
]

_OURS = "attribution_words.txt"
_SHARED = "function_words.txt"


def _ours(section: str) -> frozenset[str]:
    return words(_OURS, section)


def _shared(section: str) -> frozenset[str]:
    return words(_SHARED, section)


# Shared function words (qa/data/function_words.txt).
PRONOUNS = _shared("pronouns")
OBJECT_PRONOUNS = _shared("object_pronouns")
PERSON_PRONOUNS = _shared("person_pronouns")
ARTICLES = _shared("articles")
#: Forms of "be" and the clitic "'s" ("it's said"). "am" is left out, as it always was
#: here: with it, "I am told that" would become a passive without a source (today the
#: source is "I am") and "I am going" would get the subject "I" (today "I am"): a change
#: of results, to be made on its own.
BE = (_shared("be") - {"am"}) | {"'s"}
DETERMINERS = (
    ARTICLES | _shared("possessives") | (_shared("demonstratives") - {"that"})
    | _ours("determiners")
)
#: Words after which a lower-case word is a verb ("did not unveil plans"), so a noun/verb
#: cue form right after one of them is that verb's object, not a cue. "shall" is left out,
#: as it always was here: with it, "We shall make claims that ..." would lose its source
#: (today the wrong "We shall make"): a change of results, to be made on its own.
VERB_AFTER = _shared("do") | _shared("negation") | (_shared("modals") - {"shall"}) | {"to"}

# The sections of qa/data/attribution_words.txt that are a class as they stand.
ABBREVIATIONS = _ours("abbreviations")
ACCORDING_STOP = _ours("according_stop")
BETWEEN = _ours("between")
CALLED_EVENTS = _ours("called_events")
DEGREE_WORDS = _ours("degree_words")
DOCUMENT_HEADS = _ours("document_heads")
EVENT_NOUNS = _ours("event_nouns")
FEMALE_WORDS = _ours("female_words")
GROUP_HEADS = _ours("group_heads")
IDIOM_BEFORE_TO = _ours("idiom_before_to")
INVERSION_END = _ours("inversion_end")
IRREGULAR_PLURALS = _ours("irregular_plurals")
LEFT_STOP = _ours("left_stop")
LY_NOT_ADVERBS = _ours("ly_not_adverbs")
MALE_WORDS = _ours("male_words")
NAME_PARTICLES = _ours("name_particles")
NAMING = _ours("naming")
NOT_SPEAKERS = _ours("not_speakers")
NUMBER_WORDS = _ours("number_words")
PARTICLES = _ours("particles")
ORGANISATION_WORDS = _ours("organisation_words")
PARTICIPLE_ADJECTIVES = _ours("participle_adjectives")
PASSIVE_BARE = _ours("passive_bare")
PERSON_HEADS = _ours("person_heads")
PLURAL_HEADS = _ours("plural_heads")
PREPOSITIONS = _ours("prepositions")
RESOLVED_PRONOUNS = _ours("resolved_pronouns")
SENTENCE_ADVERBS = _ours("sentence_adverbs")
TIME_MODIFIERS = _ours("time_modifiers")
WEAK_WITH_TO = _ours("weak_with_to")

# Classes composed of sections.
RIGHT_STOP = _ours("right_stop") | _ours("weekdays")
TIME_WORDS = _ours("weekdays") | _ours("time_words")
TIME_NOUNS = (_ours("months") - {"may"}) | _ours("time_nouns")
NOT_NAME_START = (
    ARTICLES | _shared("demonstratives") | PRONOUNS | _shared("possessives")
    | _ours("weekdays") | _ours("months") | _ours("not_name_start")
)
#: For ``str.endswith``.
PERSON_SUFFIXES = tuple(sorted(_ours("person_suffixes")))
#: In file order, for the alternation of a regular expression.
SUBJECT_TITLES = tuple(w for row in rows(_OURS, "subject_titles") for w in row[0].split())
#: What makes a noun/verb cue form a verb after it (see reporting_verbs.txt).
LICENSE_NOMINAL = DETERMINERS | PRONOUNS | _ours("license_nominal") | {":", "“", '"', "‘"}
#: What makes a weak cue report after it; an embedded question does too ("asked whether").
LICENSE_WEAK = _ours("license_weak") | frozenset(",:;“\"”.!?—–-'’")

# Character classes.
QUOTES_OPEN = "“‘«"
QUOTES_CLOSE = "”’»"
#: Dashes that sign a pull quote ("“...” ― Esther Tapia"); the hyphen is not one of them.
SIGNATURE_DASHES = "―—–"
