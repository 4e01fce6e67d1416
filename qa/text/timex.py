"""Time expressions in news text, placed on the calendar against the article's date.

``find(text)`` gives the character spans of the date and time expressions of a text ("on
Tuesday", "last month", "next Monday", "in June", "Oct. 3, 2024", "March 1987", "1987",
"two weeks ago", "yesterday", "recently"); ``resolve(expression, base, sentence)`` gives
what the first of them means (SPEC "Time, resolved") as a :class:`TimeValue`: ``value``
is ISO 8601 at the expression's ``granularity``:

=============  ===============  ==============================================
granularity    value            said as
=============  ===============  ==============================================
``day``        ``2024-10-03``   "on October 3", "on Tuesday", "yesterday"
``week``       ``2024-W41``     "last week", "this weekend" (ISO 8601 week)
``month``      ``2024-06``      "in June", "last month", "March 1987"
``year``       ``2022``         "in 2022", "last year", "two years ago"
=============  ===============  ==============================================

``value`` is ``None`` when the expression cannot be placed: a relative one ("on
Tuesday", "last month") with no base date, or one that names no point ("recently",
"several weeks ago"); ``granularity`` is then still the unit it speaks in, or ``None``
when it names none ("recently"). Absolute expressions ("Oct. 3, 2024", "1987") are placed
with or without a base date.

Which Tuesday, which June
-------------------------
A bare weekday, month or day of month ("on Tuesday", "in June", "on October 3") is
placed by the tense of its sentence: the past one for a past report ("said on Tuesday",
"prices rose in June"), the coming one for a future ("will meet on Tuesday", "is due to
vote on Tuesday", "plans to ...", "is expected ...", "scheduled for May 11"). Tense is
read from English grammar, not from what the article is about: the modals *will* and
*shall*, *be to*, *due*, *plan*, *expect*, *going to*, *scheduled/set for* are future;
forms of *be* and *have* in the past, *since*, and past-tense verbs (regular "-ed" forms
and WordNet's irregular forms, through :func:`qa.text.lexical.lemmas`) are past. The
cue nearest the expression decides, one before it winning a tie; a reporting verb after
it (", they said") is the frame of the report and counts only when nothing else does.

* A bare weekday follows the wire convention: in a past report it is within the seven
  days up to the base date, and **the base date's own weekday is the base date itself**
  ("said on Tuesday" in a Tuesday story is that Tuesday, as in SPEC's example); in a future
  it is the first such day from the base date on (again the base date itself for its own
  weekday). With no tense cue it is read as past, as wire reports are.
* A bare month is the latest such month up to the base month (past) or the first from the
  base month on (future); with no cue, the nearer of the two.
* A day of month without a year takes the year that puts it nearest the base date in the
  direction of the tense (past: on or before the base date; future: on or after it); with
  no cue, the nearest of all.
* "last Friday" / "next Monday" are the nearest such day strictly before / after the base
  date ("next Monday" in a story of Tuesday 2024-10-08 is 2024-10-14); "last October" is
  the latest October before the base month. "last week" is the ISO week seven days before
  the base date, so it may be week 52 or 53 of the year before.

Why python-dateutil
-------------------
Dates are parsed with ``dateutil.parser.parse(text, default=...)`` (the base date fills
what the text leaves out) and moved with ``dateutil.relativedelta`` (month arithmetic that
ends on real days). python-dateutil is small, pure Python, maintained, and already a
dependency. ``dateparser`` was not taken: it is much larger and slow to import (its
language data and regex tables), and its relative dates ("on Tuesday") are always placed
in one direction by a setting (``PREFER_DATES_FROM``), not by the tense of the sentence,
which is what decides here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from qa.text import lexical, wordlists

__all__ = ["GRANULARITIES", "TimeValue", "find", "resolve", "tense"]

#: The granularities of :attr:`TimeValue.granularity`, finest first.
GRANULARITIES = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time expression and where it falls on the calendar.

    ``text`` is the expression as written; ``value`` ISO 8601 at ``granularity``
    (``"2024-10-03"`` day, ``"2024-W41"`` ISO week, ``"2024-06"`` month, ``"2022"``
    year), or ``None`` when it cannot be placed; ``granularity`` one of
    :data:`GRANULARITIES`, or ``None`` for an expression that names no unit ("recently").
    """

    text: str
    value: str | None
    granularity: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "value": self.value, "granularity": self.granularity}


MONTHS = {name: i + 1 for i, name in enumerate(
    "january february march april may june july august september october november "
    "december".split())}
ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                 "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {name: i for i, name in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {w: i + 1 for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split())}
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split())}
#: Words after a year that make it a quantity ("1990 tonnes"), not a year.
QUANTITY_WORDS = frozenset(
    "pct percent dlrs dollars mln billion tonnes tons shares barrels acres units people "
    "stg yen marks francs bags points".split())
#: Words before a bare "May" that make it the month, not the modal ("in May").
MONTH_PREPOSITIONS = frozenset(
    "in of since until till by from early late mid end before after during through for "
    "last next this until".split())

_MONTH = "|".join(m.capitalize() for m in MONTHS)
_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = "|".join(d.capitalize() for d in WEEKDAYS)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d.,]\d)(?!\d)"
_DAY_WORD = r"(?:" + "|".join(list(NUMBERS)[:10]) + r")(?=[,.;:]|$)"
_YEAR = r"(?<![\d$.,/])(?:1[89]\d\d|20\d\d)(?![\d/]|[.,]\d)"
_LEAD = r"(?:(?P<lead_{n}>[Oo]n|[Ii]n)\s+)?"

_NAMES = f"{_WEEKDAY}|{_MONTH}"
_MONTHS_ANY = _MONTH + "|" + _ABBR
_COUNTS = "|".join(["a few", "an?", "several", "some", r"\d+", *NUMBERS])
#: The expressions, tried in this order at each place of the text (the first that
#: matches there wins, so longer forms come first).
_ALTERNATIVES = (
    (r"(?i:(?P<edge>earlier|later)\s+)?(?P<rmod>(?i:this|last|next))\s+"
     r"(?P<runit>(?i:week|month|year|weekend))\b"),
    (r"(?P<count>(?i:" + _COUNTS + r"))\s+(?P<aunit>(?i:day|week|month|year))s?\s+(?i:ago)\b"),
    (r"(?P<deictic>(?i:yesterday|today|tomorrow|tonight|last night|this morning|"
     r"this afternoon|this evening))\b"),
    r"(?P<vague>(?i:recently|lately|in recent (?:days|weeks|months|years)))\b",
    r"(?P<nmod>(?i:last|next|this))\s+(?P<nname>" + _NAMES + r")\b",
    (_LEAD.format(n="mdy") + r"(?:(?:" + _WEEKDAY + r"),?\s+)?(?P<mdy_month>" + _MONTHS_ANY
     + r")\s+(?P<mdy_day>" + _DAY + "|" + _DAY_WORD + r")(?:,?\s+(?P<mdy_year>" + _YEAR + "))?"),
    (_LEAD.format(n="dmy") + r"(?:(?:" + _WEEKDAY + r"),?\s+)?(?P<dmy_day>" + _DAY
     + r")\s+(?P<dmy_month>" + _MONTHS_ANY + r")\b(?:,?\s+(?P<dmy_year>" + _YEAR + "))?"),
    (_LEAD.format(n="my") + r"(?P<my_month>" + _MONTHS_ANY + r"),?\s+(?P<my_year>" + _YEAR
     + ")"),
    _LEAD.format(n="month") + r"(?P<month>" + _MONTH + r")\b",
    r"(?:(?P<lead_weekday>[Oo]n)\s+)?(?P<weekday>" + _WEEKDAY + r")\b",
    _LEAD.format(n="year") + r"(?P<year>" + _YEAR + r")\b",
)
_PATTERN = re.compile("|".join(_ALTERNATIVES))


def _accept(text: str, m: re.Match[str]) -> bool:
    """Whether a match is a time expression: not the modal "May", not a quantity."""
    if m.group("month") == "May" and not m.group("lead_month"):
        before = text[: m.start()].split()
        after = text[m.end(): m.end() + 2]
        if after != "'s" and (not before or before[-1].casefold() not in MONTH_PREPOSITIONS):
            return False
    if m.group("year"):
        following = text[m.end():].split(maxsplit=1)
        if following and following[0].casefold().strip(".,;") in QUANTITY_WORDS:
            return False
    return True


def _matches(text: str) -> list[re.Match[str]]:
    return [m for m in _PATTERN.finditer(text) if _accept(text, m)]


def find(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the time expressions of ``text``, in order.

    A leading "on"/"in" is part of the span when the expression takes it ("on Tuesday",
    "in June", "in 1985"), and so are "last"/"next"/"this" and "earlier"/"later" ("next
    Monday", "earlier this week"); "since", "until", "by" are not.
    """
    return [m.span() for m in _matches(text)]


# ---------------------------------------------------------------------------- tense

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_FUTURE = frozenset("will shall won't".split())
_FUTURE_STEMS = frozenset(
    "plan plans planned planning expect expects expected expecting due scheduled slated "
    "intend intends aim aims hope hopes".split())
_SET = frozenset("set".split())
_REPORTING = frozenset("said told added reported announced".split())
_PAST = frozenset("ago yesterday since".split())


@lru_cache(maxsize=1)
def _auxiliaries() -> tuple[frozenset[str], frozenset[str]]:
    """(present forms of *be*, past forms of *be* and *have*), from the shared list."""
    be = wordlists.words("function_words.txt", "be")
    have = wordlists.words("function_words.txt", "have")
    past = frozenset({"was", "were", "had"} & (be | have))
    return frozenset({"is", "are", "am"} & be), past


@lru_cache(maxsize=4096)
def _past_form(word: str) -> bool:
    """Whether a lower-case word is a past-tense (or past participle) verb form."""
    if len(word) < 3 or word.endswith(("s", "ing", "er", "est")):
        return False
    bases = lexical.lemmas(word)
    if word in bases:
        return False
    if word.endswith("ed"):
        return True
    lex = lexical.tables()
    return word in lex.lemmas


def _cue(words: list[str], i: int) -> str | None:
    """The tense a word marks in its sentence: "future", "past", "report" or None."""
    word = words[i].casefold()
    following = words[i + 1].casefold() if i + 1 < len(words) else ""
    present, past = _auxiliaries()
    if word in _FUTURE or word.endswith("'ll") or word in _FUTURE_STEMS:
        return "future"
    if word == "going" and following == "to":
        return "future"
    if word in _SET and following in ("for", "to"):
        return "future"
    if (word in present or word in past) and following == "to":
        return "future"
    if word in _REPORTING:
        return "report"
    if word in past or word in _PAST:
        return "past"
    if words[i][0].islower() and _past_form(word):
        chain = [w.casefold() for w in words[max(0, i - 3): i]]
        if any(w in _FUTURE or w in present or w in ("be", "to", "would") for w in chain):
            return None  # "will be named", "is to be held": the group's tense is its auxiliary's
        return "past"
    return None


def tense(sentence: str, start: int, end: int) -> str | None:
    """The tense of the verb governing ``sentence[start:end]``: "past", "future" or None.

    The nearest cue word decides (distance in words; one before the span wins a tie); a
    reporting verb ("said") after the span counts only when no other cue is found.
    """
    tokens = list(_WORD.finditer(sentence))
    words = [t.group() for t in tokens]
    first = next((k for k, t in enumerate(tokens) if t.end() > start), len(tokens))
    last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].start() < end), -1)
    best: tuple[float, str] | None = None
    for i in range(len(words)):
        if first <= i <= last:
            continue
        kind = _cue(words, i)
        if kind is None:
            continue
        distance = float(first - i) if i < first else i - last + 0.5
        if kind == "report":
            kind = "past"
            if i > last:
                distance += 100.0
        if best is None or distance < best[0]:
            best = (distance, kind)
    return best[1] if best else None


# ---------------------------------------------------------------------------- values

def _base_date(base: str | None) -> date | None:
    if not base:
        return None
    try:
        stamp = date_parser.isoparse(base)
    except (ValueError, OverflowError):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.date()


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _count(word: str) -> int | None:
    word = word.casefold()
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return NUMBERS.get(word)


def _month_number(name: str) -> int:
    key = name.casefold().rstrip(".")
    return MONTHS.get(key) or ABBREVIATIONS[key]


def _day_number(token: str) -> int:
    token = token.casefold()
    if token in NUMBERS:
        return NUMBERS[token]
    if token in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[token]
    return int(re.sub(r"\D", "", token))


def _weekday(base: date, weekday: int, direction: str | None, strict: bool = False) -> date:
    """The nearest ``weekday`` on/before (past, None) or on/after (future) ``base``."""
    if direction == "future":
        ahead = (weekday - base.weekday()) % 7 or (7 if strict else 0)
        return base + timedelta(days=ahead)
    back = (base.weekday() - weekday) % 7 or (7 if strict else 0)
    return base - timedelta(days=back)


def _month_of(base: date, month: int, direction: str | None) -> str:
    here = base.year * 12 + base.month - 1
    before = here - (base.month - month) % 12
    after = here + (month - base.month) % 12
    if direction == "past":
        return _month(before)
    if direction == "future":
        return _month(after)
    return _month(before if here - before <= after - here else after)


def _day_of(base: date, month: int, day: int, direction: str | None) -> str | None:
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if direction == "past":
        candidates = [c for c in candidates if c <= base] or candidates
    elif direction == "future":
        candidates = [c for c in candidates if c >= base] or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs((c - base).days), c > base)).isoformat()


def _absolute(month: str, day: str, year: str | None, base: date | None,
              direction: str | None) -> str | None:
    number = _day_number(day)
    if year:
        default = datetime(int(year), 1, 1)
        try:
            parsed = date_parser.parse(f"{_month_number(month)}/{number}/{year}",
                                       default=default)
        except (ValueError, OverflowError):
            return None
        return parsed.date().isoformat()
    if base is None:
        return None
    return _day_of(base, _month_number(month), number, direction)


def _value(m: re.Match[str], base: date | None, direction: str | None
           ) -> tuple[str | None, str | None]:
    """``(value, granularity)`` of one match of :data:`_PATTERN`."""
    g = m.group
    if g("mdy_month") or g("dmy_month"):
        month, day, year = ((g("mdy_month"), g("mdy_day"), g("mdy_year")) if g("mdy_month")
                            else (g("dmy_month"), g("dmy_day"), g("dmy_year")))
        return _absolute(month, day, year, base, direction), "day"
    if g("my_month"):
        return f"{int(g('my_year'))}-{_month_number(g('my_month')):02d}", "month"
    if g("year"):
        return g("year"), "year"
    if g("vague"):
        return None, None
    if g("runit"):
        unit = g("runit").casefold()
        granularity = "week" if unit == "weekend" else unit
        step = {"this": 0, "last": -1, "next": 1}[g("rmod").casefold()]
        if base is None:
            return None, granularity
        if granularity == "week":
            return _week(base + timedelta(weeks=step)), "week"
        if granularity == "month":
            shifted = base + relativedelta(months=step)
            return f"{shifted.year}-{shifted.month:02d}", "month"
        return str(base.year + step), "year"
    if g("aunit"):
        unit = g("aunit").casefold()
        n = _count(g("count"))
        if base is None or n is None:
            return None, unit
        if unit == "day":
            return (base - timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return _week(base - timedelta(weeks=n)), "week"
        if unit == "month":
            shifted = base - relativedelta(months=n)
            return f"{shifted.year}-{shifted.month:02d}", "month"
        return str(base.year - n), "year"
    if g("deictic"):
        if base is None:
            return None, "day"
        word = g("deictic").casefold()
        shift = -1 if word in ("yesterday", "last night") else 1 if word == "tomorrow" else 0
        return (base + timedelta(days=shift)).isoformat(), "day"
    if g("nname"):
        name = g("nname").casefold()
        modifier = g("nmod").casefold()
        if name in WEEKDAYS:
            if base is None:
                return None, "day"
            if modifier == "this":
                return _weekday(base, WEEKDAYS[name], direction).isoformat(), "day"
            towards = "past" if modifier == "last" else "future"
            return _weekday(base, WEEKDAYS[name], towards, strict=True).isoformat(), "day"
        if base is None:
            return None, "month"
        month = MONTHS[name]
        if modifier == "this":
            return f"{base.year}-{month:02d}", "month"
        here = base.year * 12 + base.month - 1
        if modifier == "last":
            return _month(here - ((base.month - month) % 12 or 12)), "month"
        return _month(here + ((month - base.month) % 12 or 12)), "month"
    if g("month"):
        if base is None:
            return None, "month"
        return _month_of(base, MONTHS[g("month").casefold()], direction), "month"
    if g("weekday"):
        if base is None:
            return None, "day"
        return _weekday(base, WEEKDAYS[g("weekday").casefold()], direction).isoformat(), "day"
    raise AssertionError(f"unhandled time expression {m.group()!r}")


def resolve(expression: str, base: str | None, sentence: str | None = None
            ) -> TimeValue | None:
    """What the first time expression of ``expression`` means on the calendar.

    ``base`` is the document's date, ISO 8601 ("2024-10-08", "2024-10-08T09:30:00Z"), or
    None; ``sentence`` the sentence it stands in, whose tense places a bare weekday, month
    or day of month (without it, ``expression`` itself is read). None when ``expression``
    holds no time expression; a :class:`TimeValue` whose ``text`` is the expression found.
    """
    found = _matches(expression)
    if not found:
        return None
    m = found[0]
    text = m.group()
    context, start = expression, m.start()
    if sentence:
        at = sentence.find(text)
        if at >= 0:
            context, start = sentence, at
    direction = tense(context, start, start + len(text))
    value, granularity = _value(m, _base_date(base), direction)
    return TimeValue(text=text, value=value, granularity=granularity)
