"""Word classes for attribution: reporting cues (from ``qa/data/reporting_verbs.txt``) and
the small closed classes the rules in :mod:`qa.analysis.attribution` need.

Everything is lower case and loaded once into frozen sets and dicts; lookups are O(1).
The closed classes are grammar, not data: determiners, auxiliaries, clause openers, the
nouns that mark a source as a group, an organisation or a document, titles and gendered
nouns. At the end, the phrase classifiers built on them for pronoun resolution and
pull-quote signatures: ``referent_kind``, ``gender``, ``subject_name``, ``signature``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

__all__ = [
    "Lexicon", "fits", "gender", "learn_gender", "lexicon", "referent_kind", "signature",
    "source_gender", "subject_mention", "subject_name",
]

_PATH = Path(__file__).resolve().parents[1] / "data" / "reporting_verbs.txt"

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
# Before a participle these make it an adjective ("more detailed", "too worried").
DEGREE_WORDS = frozenset("more most less least very so too as how".split())
# Nouns after which a name and its verb are an omitted relative clause ("the third time
# AROS said", "the story Kennedy told"): the name alone is the source.
EVENT_NOUNS = frozenset("time times story stories way day moment point reason interview".split())
# Words after which a lower-case word is a verb ("did not unveil plans"), so a noun/verb
# cue form right after it is that verb's object.
AUXILIARIES = frozenset(
    "did does do didn't doesn't don't not never will would could can should must may might "
    "to".split()
)
# Capitalised words before a colon that label no speaker ("Correction: ...").
NOT_SPEAKERS = frozenset(
    "correction corrections update updates clarification note editor editors related "
    "photo photos video watch advertisement source sources disclaimer warning breaking "
    "exclusive opinion analysis".split()
)
# Participles that name a thing after a comma ("The program, called EB-5, ...").
NAMING = frozenset("called named dubbed titled labeled labelled nicknamed".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten dozen".split())
BE = frozenset("is was are were be been being 's".split())
# Words that end a subject noun phrase on its left ("..., because officials said").
LEFT_STOP = frozenset(
    "that which who whom whose when while where because if although though since but so than "
    "whether as is was are were be been being has have had will would can could should may "
    "might must do does did not to and or nor yet said says say told after before "
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
    "about through upon into onto against toward towards among amid across".split()
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
    "projections models model article articles statement statements transcript "
    "complaint lawsuit indictment ruling".split()
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
# Lower-case heads that name a person ("a senior official said"); a lower-case head that is
# not one of these and has no personal suffix (-er, -or, -ist, -ian, -ant, -ent, -man)
# is a thing ("in a box labeled ...") that "he" or "she" cannot refer to.
PERSON_HEADS = frozenset(
    "official source aide expert candidate nominee judge chief head leader member "
    "president senator governor mayor secretary minister diplomat general friend colleague "
    "attorney author critic person witness ally rival opponent representative resident "
    "spokesperson envoy ambassador adviser advisor activist advocate neighbor neighbour "
    "victim veteran rep sen gov justice coach chair ceo cfo founder heir nurse clerk guard "
    "pilot cop mom dad fan citizen spouse chef monk priest pastor rabbi imam".split()
)
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ee", "ive")
# Lower-case -ed/-ing words that still belong to a noun phrase ("a retired general"); any
# other such word ends a subject read backwards ("... included one saying").
PARTICIPLE_ADJECTIVES = frozenset(
    "retired unnamed unidentified so-called elected concerned informed embattled united "
    "leading ruling governing ranking acting outgoing incoming visiting opposing "
    "remaining polling presiding senior-ranking".split()
)
# Lower-case words in -ly that are nouns or adjectives, not adverbs ("attorneys for the
# family said", "the daily reported").
LY_NOT_ADVERBS = frozenset(
    "family ally rally assembly supply monopoly anomaly bully homily reply apply comply "
    "daily weekly monthly quarterly yearly friendly lonely elderly "
    "ugly holy silly jelly belly july italy".split()
)
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "earlier later morning afternoon evening night week".split()
)
# A time phrase between a subject and its cue ("on Saturday", "just this month").
TIME_NOUNS = frozenset(
    "month year weekend january february march april june july august september october "
    "november december".split()
)
TIME_MODIFIERS = frozenset("on in this last next early late earlier just".split())
# Weak cues that report before "to" too: promises and requests ("pledged to push for").
WEAK_WITH_TO = frozenset("pledge promise expect agree propose demand ask recommend encourage".split())
PRONOUNS = frozenset("he she they it we i you".split())
# Titles and nouns that give a person's gender, for "he"/"she" ("Mrs. Clinton", "spokeswoman").
MALE_WORDS = frozenset(
    "mr sir lord king prince father husband son brother uncle nephew grandfather widower "
    "boy man spokesman chairman congressman businessman councilman congressmen".split()
)
FEMALE_WORDS = frozenset(
    "mrs ms miss madam lady queen princess mother wife daughter sister aunt niece "
    "grandmother widow girl woman spokeswoman chairwoman congresswoman businesswoman "
    "councilwoman actress".split()
)
# Capitalised sentence openers that are not a person's name ("The", "It", "Monday").
NOT_NAME_START = frozenset(
    "the a an this that these those it its he she they we i you there here his her their our "
    "my your some many most all no if when while as what who why how after before during "
    "since until although though because yet last next every each both such other another "
    "several few any one two three four five six seven eight nine ten monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october "
    "november december".split()
)
OBJECT_PRONOUNS = frozenset("me him her us them".split())
# Abbreviations whose period does not end a name: titles and US state abbreviations
# ("Rev. Peter Wherry", "Paul D. Ryan (R-Wis.)"); single capitals are handled apart.
ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Sen Gov Rep Gen Lt Col Prof Jr Sr St Rev Sgt Capt Maj Adm Atty Cmdr Supt "
    "Det Mo Ill Wis Fla Calif Mass Conn Va Pa Md Ky Tenn Ga Ala Ariz Colo Del Ind Kan La "
    "Mich Minn Miss Mont Neb Nev Okla Ore Tex Wash Wyo".split()
)
QUOTES_OPEN = "“‘«"
# What licenses a noun/verb cue or a weak cue after it (see reporting_verbs.txt).
LICENSE_NOMINAL = DETERMINERS | PRONOUNS | {"that", "to", "whether", ":", "“", '"', "‘"}
# An embedded question also licenses a weak cue: "asked whether", "questioned how".
LICENSE_WEAK = frozenset(["that", "whether", "how", "why", ",", ":", ";", "“", '"', "”", ".", "!",
                          "?", "—", "–", "-", "'", "’"])
# "is said to", "was reported that": a passive cue without agent.
PASSIVE_BARE = frozenset("said reported believed alleged rumored rumoured thought claimed".split())
# Words that may follow an inverted source (", said X in a statement").
INVERSION_END = frozenset(
    "who in on at during after while adding according as last this yesterday today".split()
)
ACCORDING_STOP = frozenset("who which that when while because and but".split())
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


# Phrase classes used by pronoun resolution and signatures in qa.analysis.attribution.
_TOKEN = re.compile(r"\w+(?:[’'.&-]\w+)*|\S")
_WORD = re.compile(r"[a-z]+")
_MAX_OPENING = 60
_MAX_SIGNATURE = 6
_MAX_MENTION_BACK = 6
_PERSON_PRONOUNS = frozenset({"he", "she"})
_SUBJECT_RE = re.compile(
    r"\s*(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Prof|Rev)\.\s)?"
    r"[A-Z][\w-]*(?:\s(?:[A-Z]\.|[A-Z][\w-]*)){0,3}(?=\s[a-z]|,)"
)

def referent_kind(source: str) -> str:
    """"person" (one person-like phrase), "group" (plural or organisation), "thing" (a
    document) or "object" (any other common noun, which no pronoun is resolved to)."""
    words = _WORD.findall(source.lower())
    raw = [w for w in _TOKEN.findall(source) if w[0].isalnum()]
    if not words or not raw:
        return "thing"
    head = words[-1]
    if "and" in words or head in GROUP_HEADS or any(w in GROUP_HEADS for w in words[:-1] if w in ("ministry", "department", "agency", "office", "campaign")):
        return "group"
    if head in DOCUMENT_HEADS:
        return "thing"
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) and raw[-1].islower()
    if plural or head in PLURAL_HEADS or head in ("people", "police", "men", "women"):
        return "group"
    if raw[-1].islower() and head not in PERSON_HEADS and head not in MALE_WORDS and (
        head not in FEMALE_WORDS and not head.endswith(_PERSON_SUFFIXES)
    ):
        return "object"
    return "person"


def gender(phrase: str, surnames: dict[str, str]) -> str:
    """"m" or "f" from a title or a gendered noun ("Mrs. Clinton", "a spokeswoman"), else
    from the surname when the document already gave it one; "" when unknown."""
    words = _WORD.findall(phrase.lower())
    for w in words:
        if w in MALE_WORDS:
            return "m"
        if w in FEMALE_WORDS:
            return "f"
    names = [w for w in _TOKEN.findall(phrase) if w[:1].isupper()]
    return surnames.get(names[-1], "") if names else ""


def learn_gender(surnames: dict[str, str], phrase: str, gender: str) -> None:
    """Remember the gender of a surname; a surname seen with both stays unknown."""
    names = [w for w in _TOKEN.findall(phrase) if w[:1].isupper()]
    if gender and names:
        known = surnames.setdefault(names[-1], gender)
        if known != gender:
            surnames[names[-1]] = "?"


def subject_name(text: str) -> tuple[int, int] | None:
    """The person name that opens ``text`` as its subject ("Mrs. Clinton has ..."), or None."""
    m = _SUBJECT_RE.match(text)
    if m is not None and _WORD.findall(m.group()[:12].lower())[:1] in ([p] for p in PREPOSITIONS):
        comma = text.find(",", 0, _MAX_OPENING)  # "During a town hall, Tina Houchins asked"
        m = _SUBJECT_RE.match(text, comma + 1) if comma > 0 else None
    if m is None:
        return None
    words = _WORD.findall(m.group().lower())
    first, head = words[0], words[-1]
    if first in NOT_NAME_START or first in PREPOSITIONS or first in SENTENCE_ADVERBS:
        return None
    if head in GROUP_HEADS or head in PLURAL_HEADS or head in DOCUMENT_HEADS or head in TIME_WORDS:
        return None
    start, end = m.span()
    return (start + len(m.group()) - len(m.group().lstrip()), end)


def signature(text: str) -> tuple[int, int, bool] | None:
    """A pull-quote signature, "― Esther Tapia" or "...us.” ― Carla Sanchez.": the span of
    the name and whether quoted words precede it in the same sentence."""
    at = max(text.rfind(d) for d in SIGNATURE_DASHES)
    if at < 0:
        return None
    before = text[:at].rstrip()
    if before and not (before[-1] in "”\"" or before.endswith("''")):
        return None
    rest = text[at + 1 :]
    start = len(rest) - len(rest.lstrip())
    name = rest.strip().rstrip(".").rstrip()
    words = name.split()
    if not 1 <= len(words) <= _MAX_SIGNATURE or not words[0][:1].isupper():
        return None
    if any(not (w[:1].isupper() or w in NAME_PARTICLES) for w in words):
        return None
    return (at + 1 + start, at + 1 + start + len(name), bool(before))


def subject_mention(
    texts: list[str], idx: int, stop: int, pronoun: str, surnames: dict[str, str]
) -> tuple[int, tuple[int, int], str] | None:
    """Nearest earlier sentence (after ``stop``) whose subject is a person that ``pronoun``
    can refer to."""
    for j in range(idx - 1, max(stop, idx - _MAX_MENTION_BACK - 1), -1):
        span = subject_name(texts[j])
        if span is None:
            continue
        name = texts[j][span[0] : span[1]]
        if " " not in name and not any(" " + name in t for t in texts[max(j - 10, 0) : idx + 1]):
            continue  # one capitalised word is a name only if the text names it mid-sentence
        if fits(pronoun, "person", gender(name, surnames)):
            return (j, span, name)
    return None


def fits(pronoun: str, kind: str, sex: str = "") -> bool:
    """Whether ``pronoun`` can refer to a phrase of this kind and gender."""
    if pronoun in _PERSON_PRONOUNS:
        if sex in ("m", "f") and sex != ("m" if pronoun == "he" else "f"):
            return False
        return kind == "person"
    if pronoun == "they":
        return kind == "group"
    return kind in ("group", "thing")


def source_gender(entry: tuple[int, tuple[int, int], str, str, str], surnames: dict[str, str]) -> str:
    """Gender of a seen source, updated by what the document taught later about its name."""
    return entry[4] or (gender(entry[2], surnames) if entry[3] == "person" else "")
