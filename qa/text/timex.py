"""Time expressions in news text, placed on the calendar against the article's date.

``find(text)`` gives the character spans of the date and time expressions of a text ("on
Tuesday", "last month", "next Monday", "in June", "Oct. 3, 2024", "March 1987", "1987",
"two weeks ago", "yesterday", "the first quarter", "recently"); ``resolve(expression,
base, sentence)`` gives what the first of them means (SPEC "Time, resolved") as a
:class:`TimeValue`, whose ``value`` is written at the expression's ``granularity``:

=============  ===============  ==============================================
granularity    value            said as
=============  ===============  ==============================================
``day``        ``2024-10-03``   "on October 3", "on Tuesday", "yesterday"
``week``       ``2024-W41``     "last week", "this weekend" (ISO 8601 week)
``month``      ``2024-06``      "in June", "last month", "March 1987", "July next year"
``quarter``    ``2024-Q1``      "the first quarter", "fourth-quarter", "this quarter"
``year``       ``2022``         "in 2022", "last year", "two years ago"
``unknown``    always ``None``  "recently", "lately": no unit, no point
=============  ===============  ==============================================

Every value is ISO 8601 (calendar date, ISO week, reduced-precision month and year)
except the quarter: ISO 8601-1 has no notation for one, so it is written as TimeML's
TIMEX3 writes it, ``YYYY-Qn``, a calendar quarter (Q1 = January to March).

``value`` is ``None`` when the expression cannot be placed: a relative one ("on
Tuesday", "last month") with no base date, one that names no point ("recently",
"several weeks ago"), or a quarter that is not a calendar quarter ("the fiscal first
quarter", "the first quarter ended January 31"). Absolute expressions ("Oct. 3, 2024",
"1987", "the first quarter of 1988") are placed with or without a base date.

Which Tuesday, which June, which first quarter
----------------------------------------------
A bare weekday, month, day of month or quarter ("on Tuesday", "in June", "on October 3",
"the fourth quarter") is placed by the tense of its sentence (:func:`tense`): the past
one for a past report ("said on Tuesday", "prices rose in June"), the coming one for a
future ("will meet on Tuesday", "is due to vote on Tuesday", "plans to ...", "is
expected ...", "scheduled for May 11", "would be discussed in April", "is calling a
meeting, possibly Sunday"). Tense is read from English grammar, not from what the article
is about: the modals *will*, *shall* and *would* (not *would have*), *be to*, *be due*,
*plan*, *expect*, *going to*, *set for/to*, the present progressive (*is calling*) are
future; forms of *be* and *have* in the past, *since*, *ago* and past-tense verbs
(regular "-ed" forms and WordNet's irregular forms, through
:func:`qa.text.lexical.lemmas`) are past. The cue nearest the expression decides, one
before it winning a tie; a reporting verb after it (", they said") is the frame of the
report and counts only when nothing else does.

* A bare weekday follows the wire convention: in a past report it is within the seven
  days up to the base date, and **the base date's own weekday is the base date itself**
  ("said on Tuesday" in a Tuesday story is that Tuesday, as in SPEC's example); in a future
  it is the first such day from the base date on (again the base date itself for its own
  weekday). With no tense cue it is read as past, as wire reports are.
* A bare month or quarter is the latest one up to the base date's month or quarter
  (past) or the first from it on (future); with no cue, the nearer of the two.
* A day of month without a year takes the year that puts it nearest the base date in
  the direction of the tense (past: on or before the base date; future: on or after it);
  with no cue, the nearest of all.
* "last Friday" / "next Monday" are the nearest such day strictly before / after the base
  date ("next Monday" in a story of Tuesday 2024-10-08 is 2024-10-14); "last October" is
  the latest October before the base month. "last week" is the ISO week seven days before
  the base date, so it may be week 52 or 53 of the year before. "last quarter" alone is
  the quarter before the base date's; "the last quarter of 1986" is 1986's fourth.
* A quarter given by its end ("the fourth quarter ended March 31") is the calendar
  quarter ending within a week of that date (1987-Q1: companies' fiscal quarters are
  named by the fiscal year), or ``None`` when none does.

Why python-dateutil
-------------------
Dates are parsed with ``dateutil.parser.parse(text, default=...)`` (the base date fills
what the text leaves out) and moved with ``dateutil.relativedelta`` (month arithmetic that
ends on real days). python-dateutil is small (a 230 KB wheel, under 1 MB installed, pure
Python, needing only ``six``), maintained, already a dependency, and imports in about
20 ms. ``dateparser`` (1.5.0, installed beside the project to check, not a dependency)
was not taken: it brings ``regex`` (a compiled extension), ``pytz``, ``tzlocal`` and
``tzdata``, about 13 MB installed; it imports in about 0.1 s, and its first parse loads
its language data (0.2-1.2 s; about 4 s for "the first quarter", which it does not know
and returns as None after trying its languages). Above all, it places a relative date in
one direction set once for all (``PREFER_DATES_FROM``: "on Tuesday" is the same day in
"said on Tuesday" and "will meet on Tuesday"), not by the tense of the sentence, which
is what decides here; and it returns a day for "in June" or "last week", not a month or
a week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from qa.text import lexical, wordlists

__all__ = ["GRANULARITIES", "TimeValue", "find", "resolve", "tense"]

#: The granularities of :attr:`TimeValue.granularity`, finest first; "unknown" is that of
#: an expression naming no unit ("recently"), whose value is always None.
GRANULARITIES = ("day", "week", "month", "quarter", "year", "unknown")
_LIST = "timex_words.txt"


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time expression and where it falls on the calendar.

    ``text`` is the expression as written; ``value`` ISO 8601 at ``granularity``
    (``"2024-10-03"`` day, ``"2024-W41"`` ISO week, ``"2024-06"`` month, ``"2024-Q1"``
    quarter, ``"2022"`` year), or ``None`` when it cannot be placed; ``granularity`` one
    of :data:`GRANULARITIES`.
    """

    text: str
    value: str | None
    granularity: str

    def to_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "value": self.value, "granularity": self.granularity}


# ---------------------------------------------------------------------------- words

@dataclass(frozen=True, slots=True)
class _Words:
    months: dict[str, int]          # every name and abbreviation -> 1..12
    month_names: tuple[str, ...]    # full names, calendar order
    abbreviations: tuple[str, ...]
    weekdays: dict[str, int]        # -> 0 (Monday) .. 6
    numbers: dict[str, int]
    ordinals: dict[str, int]
    shifts: dict[str, int]
    vague_counts: tuple[str, ...]
    section: dict[str, frozenset[str]]


@cache
def _words() -> _Words:
    months: dict[str, int] = {}
    names, abbreviations = [], []
    for number, row in enumerate(wordlists.rows(_LIST, "months"), 1):
        name, short = row[0], " ".join(row[1:]).split()
        names.append(name)
        abbreviations.extend(short)
        months.update({w: number for w in (name, *short)})

    def valued(section: str) -> dict[str, int]:
        return {w: int(v) for forms, v in wordlists.rows(_LIST, section) for w in forms.split()}

    return _Words(
        months=months, month_names=tuple(names), abbreviations=tuple(abbreviations),
        weekdays={row[0]: i for i, row in enumerate(wordlists.rows(_LIST, "weekdays"))},
        numbers=valued("numbers"), ordinals=valued("ordinals"),
        shifts=valued("quarter_shifts"),
        vague_counts=tuple(row[0] for row in wordlists.rows(_LIST, "vague_counts")),
        section={name: wordlists.words(_LIST, name) for name in (
            "vague", "quantity_units", "before_may", "future", "future_verbs", "future_set",
            "reporting", "past")},
    )


def _either(words: object) -> str:
    """A regex alternation of ``words``, longest first, spaces as any whitespace."""
    ordered = sorted(words, key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def _pattern() -> re.Pattern[str]:
    """Every time expression, as one regex of named alternatives tried in order at each
    place of the text (the first that matches there wins, so longer forms come first)."""
    w = _words()
    month = "|".join(m.capitalize() for m in w.month_names)
    abbr = r"(?:" + "|".join(a.capitalize() for a in w.abbreviations) + r")\.?"
    months_any = month + "|" + abbr
    weekday = "|".join(d.capitalize() for d in w.weekdays)
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d.,]\d)(?!\d)"
    day_word = r"(?:" + _either(n for n, v in w.numbers.items() if v > 1 or n == "one") \
        + r")(?=[,.;:]|$)"
    year = r"(?<![\d$.,/])(?:1[89]\d\d|20\d\d)(?![\d/]|[.,]\d)"
    lead = r"(?:(?P<lead_{n}>[Oo]n|[Ii]n)\s+)?"
    the = r"(?:(?i:in\s+the|the|in)\s+)?"
    counts = _either([*w.vague_counts, *w.numbers]) + r"|\d+"
    quarter = r"(?i:quarter|qtr)\b"
    alternatives = (
        (the + r"(?:(?P<q_year0>" + year + r")\s+|(?P<q_rel>(?i:last|next|this))\s+(?i:year)['\u2019]s\s+)?"
         r"(?P<q_fiscal0>(?i:fiscal)\s+(?:" + year + r"\s+)?)?"
         r"(?P<q_ord>(?i:" + _either(w.ordinals) + r"))"
         r"(?:\s+(?P<q_year1>" + year + r")\s+|[- ](?P<q_fiscal1>(?i:fiscal))[- ]|[- ])" + quarter
         + r"(?:,?\s+(?i:of\s+)?(?P<q_year2>" + year + r")|\s+(?P<q_end_verb>(?i:ended|ending|ends))\s+"
         r"(?P<q_end_month>" + months_any + r")\s+(?P<q_end_day>" + day + r")(?:,?\s+"
         r"(?P<q_end_year>" + year + r"))?)?"),
        the + r"(?P<q_shift>(?i:" + _either(w.shifts) + r"))\s+" + quarter,
        (r"(?i:(?P<edge>earlier|later)\s+)?(?P<rmod>(?i:this|last|next))\s+"
         r"(?P<runit>(?i:week|month|year|weekend))\b"),
        (r"(?P<count>(?i:" + counts + r"))\s+(?P<aunit>(?i:day|week|month|quarter|year))s?"
         r"\s+(?i:ago)\b"),
        (r"(?P<deictic>(?i:yesterday|today|tomorrow|tonight|last night|this morning|"
         r"this afternoon|this evening))\b"),
        (r"(?P<vague>(?i:" + _either(w.section["vague"]) + r"))\b|(?i:in recent\s+)"
         r"(?P<recent>(?i:day|week|month|year))s\b"),
        r"(?P<nmod>(?i:last|next|this))\s+(?P<nname>" + weekday + "|" + month + r")\b",
        (lead.format(n="mdy") + r"(?:(?:" + weekday + r"),?\s+)?(?P<mdy_month>" + months_any
         + r")\s+(?P<mdy_day>" + day + "|" + day_word + r")(?:,?\s+(?P<mdy_year>" + year + "))?"),
        (lead.format(n="dmy") + r"(?:(?:" + weekday + r"),?\s+)?(?P<dmy_day>" + day
         + r")\s+(?P<dmy_month>" + months_any + r")\b(?:,?\s+(?P<dmy_year>" + year + "))?"),
        (lead.format(n="my") + r"(?P<my_month>" + months_any + r"),?\s+(?P<my_year>" + year
         + ")"),
        (lead.format(n="month") + r"(?P<month>" + month + r")\b(?:\s+(?i:of\s+)?"
         r"(?P<month_rel>(?i:last|next|this))\s+(?i:year)\b)?"),
        r"(?:(?P<lead_weekday>[Oo]n)\s+)?(?P<weekday>" + weekday + r")\b",
        lead.format(n="year") + r"(?P<year>" + year + r")\b",
    )
    return re.compile("|".join(alternatives))


def _accept(text: str, m: re.Match[str]) -> bool:
    """Whether a match is a time expression: not the modal "May", not a quantity."""
    w = _words()
    if m.group("month") == "May" and not m.group("lead_month") and not m.group("month_rel"):
        before = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 20): m.start()])
        if text[m.end(): m.end() + 2] not in ("'s", "\u2019s") and (
                not before or before[-1].casefold() not in w.section["before_may"]):
            return False
    if m.group("year"):
        following = text[m.end():].split(maxsplit=1)
        if following and following[0].casefold().strip(".,;") in w.section["quantity_units"]:
            return False
    return True


def _matches(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """The time expressions lying within ``text[start:end]``, read in all of ``text``."""
    stop = len(text) if end is None else end
    return [m for m in _pattern().finditer(text, start, stop) if _accept(text, m)]


def find(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the time expressions of ``text``, in order.

    A leading "on"/"in" is part of the span when the expression takes it ("on Tuesday",
    "in June", "in 1985"), and so are "the"/"in the" before a quarter ("in the first
    quarter"), "last"/"next"/"this" and "earlier"/"later" ("next Monday", "earlier this
    week"); "since", "until", "by", "early", "late" are not.
    """
    return [m.span() for m in _matches(text)]


# ---------------------------------------------------------------------------- tense

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


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
    return word in lexical.tables().lemmas


@lru_cache(maxsize=4096)
def _progressive(word: str) -> bool:
    """Whether a lower-case word is the -ing form of a verb ("calling", not "nothing")."""
    return word.endswith("ing") and word not in lexical.lemmas(word)


def _cue(words: list[str], i: int) -> str | None:
    """The tense a word marks in its sentence: "future", "past", "report" or None."""
    cues = _words().section
    word = words[i].casefold()
    following = words[i + 1].casefold() if i + 1 < len(words) else ""
    present, past = _auxiliaries()
    previous = words[i - 1].casefold() if i else ""
    if word in cues["future"] or word.endswith("'ll"):
        return "future"
    if word in cues["future_verbs"] and previous not in ("than", "as"):
        return "future"  # not "higher than expected"
    if word == "due" and previous in wordlists.words("function_words.txt", "be"):
        return "future"  # "is due to vote", "are due on Tuesday"; not "a loss, due to"
    if word == "would" and following != "have":
        return "future"  # the future of a past report: "said it would sign in June"
    if word == "going" and following == "to":
        return "future"
    if word in cues["future_set"] and following in ("for", "to"):
        return "future"
    if (word in present or word in past) and following == "to":
        return "future"
    if word in present and _progressive(following):
        return "future"  # the present progressive of a plan: "is calling a meeting Sunday"
    if word in cues["reporting"]:
        return "report"
    if word in past or word in cues["past"]:
        return "past"
    if words[i][0].islower() and _past_form(word):
        chain = [w.casefold() for w in words[max(0, i - 3): i]]
        if any(w in cues["future"] or w in present or w in ("be", "to", "would") for w in chain):
            return None  # "will be named", "is to be held": the group's tense is its auxiliary's
        return "past"
    return None


def tense(sentence: str, start: int, end: int) -> str | None:
    """The tense of the verb governing ``sentence[start:end]``: "past", "future" or None.

    The standard of a comparison ("better than the fourth quarter", "than in June") is
    past. Otherwise the nearest cue word decides (distance in words; one before the span
    wins a tie); a reporting verb ("said") after the span counts only when no other cue
    is found.
    """
    tokens = list(_WORD.finditer(sentence))
    words = [t.group() for t in tokens]
    first = next((k for k, t in enumerate(tokens) if t.end() > start), len(tokens))
    last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].start() < end), -1)
    before = [w.casefold() for w in words[max(0, first - 3): first]]
    if "than" in before and all(w in ("than", "in", "the", "that", "of") for w in
                                before[before.index("than"):]):
        return "past"  # the standard of a comparison is known: "better than the fourth quarter"
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
    """A month counted from year 0 (``year * 12 + month - 1``), as ISO 8601."""
    return f"{index // 12}-{index % 12 + 1:02d}"


def _quarter(index: int) -> str:
    """A quarter counted from year 0 (``year * 4 + quarter - 1``), as ``YYYY-Qn``."""
    return f"{index // 4}-Q{index % 4 + 1}"


def _count(word: str) -> int | None:
    word = word.casefold()
    return int(word) if word.isdigit() else _words().numbers.get(word)


def _month_number(name: str) -> int:
    return _words().months[name.casefold().rstrip(".")]


def _day_number(token: str) -> int:
    token = token.casefold()
    w = _words()
    if token in w.numbers:
        return w.numbers[token]
    return int(re.sub(r"\D", "", token))


def _weekday(base: date, weekday: int, direction: str | None, strict: bool = False) -> date:
    """The nearest ``weekday`` on/before (past, None) or on/after (future) ``base``."""
    if direction == "future":
        ahead = (weekday - base.weekday()) % 7 or (7 if strict else 0)
        return base + timedelta(days=ahead)
    back = (base.weekday() - weekday) % 7 or (7 if strict else 0)
    return base - timedelta(days=back)


def _cycle(here: int, target: int, period: int, direction: str | None) -> int:
    """The index (months or quarters from year 0) of the latest ``target`` (0-based place
    in its year) up to ``here`` (past), the first from ``here`` on (future), or the nearer
    of the two (None; the past one on a tie)."""
    before = here - (here % period - target) % period
    after = here + (target - here % period) % period
    if direction == "past":
        return before
    if direction == "future":
        return after
    return before if here - before <= after - here else after


def _day_of(base: date, month: int, day: int, direction: str | None) -> date | None:
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
    return min(candidates, key=lambda c: (abs((c - base).days), c > base))


def _absolute(month: str, day: str, year: str | None, base: date | None,
              direction: str | None) -> date | None:
    number = _day_number(day)
    if year:
        default = datetime(int(year), 1, 1)
        try:
            parsed = date_parser.parse(f"{_month_number(month)}/{number}/{year}",
                                       default=default)
        except (ValueError, OverflowError):
            return None
        return parsed.date()
    if base is None:
        return None
    return _day_of(base, _month_number(month), number, direction)


def _quarter_value(m: re.Match[str], base: date | None, direction: str | None
                   ) -> str | None:
    """The calendar quarter of a match of the ordinal or shifted quarter alternatives."""
    g = m.group
    if g("q_shift"):
        if base is None:
            return None
        here = base.year * 4 + (base.month - 1) // 3
        return _quarter(here + _words().shifts[g("q_shift").casefold()])
    if g("q_fiscal0") or g("q_fiscal1"):
        return None  # a fiscal year's quarter: which months depends on the company
    if g("q_end_month"):
        ended = g("q_end_verb").casefold() == "ended"
        end = _absolute(g("q_end_month"), g("q_end_day"), g("q_end_year"), base,
                        "past" if ended or direction is None else direction)
        if end is None:
            return None
        for shift in range(-7, 8):
            near = end + timedelta(days=shift)
            if (near + timedelta(days=1)).day == 1 and near.month % 3 == 0:
                return _quarter(near.year * 4 + near.month // 3 - 1)
        return None
    word = g("q_ord").casefold()
    year_text = g("q_year0") or g("q_year1") or g("q_year2")
    if word == "last" and not year_text and not g("q_rel"):
        if base is None:
            return None
        return _quarter(base.year * 4 + (base.month - 1) // 3 - 1)
    number = _words().ordinals[word]
    if year_text:
        return _quarter(int(year_text) * 4 + number - 1)
    if base is None:
        return None
    if g("q_rel"):
        step = {"this": 0, "last": -1, "next": 1}[g("q_rel").casefold()]
        return _quarter((base.year + step) * 4 + number - 1)
    return _quarter(_cycle(base.year * 4 + (base.month - 1) // 3, number - 1, 4, direction))


def _value(m: re.Match[str], base: date | None, direction: str | None
           ) -> tuple[str | None, str]:
    """``(value, granularity)`` of one match of :func:`_pattern`."""
    g = m.group
    w = _words()
    if g("q_ord") or g("q_shift"):
        return _quarter_value(m, base, direction), "quarter"
    if g("mdy_month") or g("dmy_month"):
        month, day, year = ((g("mdy_month"), g("mdy_day"), g("mdy_year")) if g("mdy_month")
                            else (g("dmy_month"), g("dmy_day"), g("dmy_year")))
        found = _absolute(month, day, year, base, direction)
        return (found.isoformat() if found else None), "day"
    if g("my_month"):
        return f"{int(g('my_year'))}-{_month_number(g('my_month')):02d}", "month"
    if g("year"):
        return g("year"), "year"
    if g("vague"):
        return None, "unknown"
    if g("recent"):
        return None, g("recent").casefold()
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
        if unit == "quarter":
            return _quarter(base.year * 4 + (base.month - 1) // 3 - n), "quarter"
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
        if name in w.weekdays:
            if base is None:
                return None, "day"
            if modifier == "this":
                return _weekday(base, w.weekdays[name], direction).isoformat(), "day"
            towards = "past" if modifier == "last" else "future"
            return _weekday(base, w.weekdays[name], towards, strict=True).isoformat(), "day"
        if base is None:
            return None, "month"
        month = w.months[name]
        if modifier == "this":
            return f"{base.year}-{month:02d}", "month"
        here = base.year * 12 + base.month - 1
        if modifier == "last":
            return _month(here - ((base.month - month) % 12 or 12)), "month"
        return _month(here + ((month - base.month) % 12 or 12)), "month"
    if g("month"):
        if base is None:
            return None, "month"
        month = w.months[g("month").casefold()]
        if g("month_rel"):
            step = {"this": 0, "last": -1, "next": 1}[g("month_rel").casefold()]
            return f"{base.year + step}-{month:02d}", "month"
        return _month(_cycle(base.year * 12 + base.month - 1, month - 1, 12, direction)), "month"
    if g("weekday"):
        if base is None:
            return None, "day"
        return _weekday(base, w.weekdays[g("weekday").casefold()], direction).isoformat(), "day"
    raise AssertionError(f"unhandled time expression {m.group()!r}")


def resolve(expression: str, base: str | None, sentence: str | None = None,
            at: int | None = None) -> TimeValue | None:
    """What the first time expression of ``expression`` means on the calendar.

    ``base`` is the document's date, ISO 8601 ("2024-10-08", "2024-10-08T09:30:00Z"), or
    None; ``sentence`` the sentence ``expression`` stands in, and ``at`` where in it (by
    default, where it is first found). The sentence's tense places a bare weekday, month,
    day of month or quarter, and its words around ``expression`` say whether "May" is the
    month; without it, ``expression`` is read alone. None when ``expression`` holds no
    time expression; else a :class:`TimeValue` whose ``text`` is the expression found
    (within ``expression``).
    """
    context, start = expression, 0
    if sentence:
        place = sentence.find(expression) if at is None else at
        if place >= 0 and sentence[place: place + len(expression)] == expression:
            context, start = sentence, place
    found = _matches(context, start, start + len(expression))
    if not found and context is not expression:
        context, start = expression, 0
        found = _matches(expression)
    if not found:
        return None
    m = found[0]
    direction = tense(context, m.start(), m.end())
    value, granularity = _value(m, _base_date(base), direction)
    return TimeValue(text=m.group(), value=value, granularity=granularity)
