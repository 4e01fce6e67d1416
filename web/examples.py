"""Example questions for the chat's "Try asking", the widget and the input's placeholder.

Candidates are written from the loaded documents' own sentences by a few English patterns,
each careful about grammar:

* "What did Ms Hewitt say?" / "What do analysts believe?" / "What does the report
  suggest?": from a sentence that opens with its named source (a proper name or a plain
  plural noun such as "Experts", never a pronoun, a clause or a conjunction) followed
  directly by a reporting verb. The verb's form sets the auxiliary: past -> "did",
  third person singular -> "does", plain present with a plural source -> "do"; the
  question always takes the verb's base form ("said" -> "say").
* "Who is Maria Lopez?": from a sentence that opens with a person's name and an
  appositive ("Maria Lopez, the mayor of Turin, ...").
* "When did Maria Lopez open the bridge?": from a sentence "<Name> <past verb> <object>
  on/in <date>.", so the answer is a date.

Each candidate is then asked through the engine, and kept only if the engine answers it
with some confidence (and a "When" question with a date); so fewer examples are offered
rather than bad ones.
"""

from __future__ import annotations

import re
from typing import Any

from qa.text import lexical

__all__ = ["MIN_CONFIDENCE", "candidates", "example_questions"]

#: An answer whose ``confidence`` is below this does not make a question an example.
MIN_CONFIDENCE = 0.1

# Reporting verbs whose object is what was said, so "What did X <verb>?" is English.
_REPORTING = {"say", "believe", "think", "claim", "warn", "suggest", "speculate", "argue",
              "expect", "predict", "insist", "admit", "stress", "fear", "estimate",
              "announce", "reveal", "add", "report", "conclude", "allege", "acknowledge",
              "confirm", "deny", "suspect", "hope", "recommend", "propose", "show", "find"}
_CONJUNCTIONS = {"But", "And", "Yet", "So", "Or", "Nor", "However", "Meanwhile", "Still",
                 "Also", "Then", "Now", "Earlier", "Later"}
_PREPOSITIONS = {"At", "In", "On", "For", "From", "With", "By", "After", "Before", "Under",
                 "Over", "During", "Despite", "Since", "Until", "When", "While", "If", "As",
                 "Although", "Because", "Of", "To", "Into", "Without", "Among"}
_PRONOUNS = {"He", "She", "They", "It", "We", "I", "You", "This", "That", "These", "Those",
             "There", "Here", "His", "Her", "Their", "Its", "Our", "My", "Your"}
_DETERMINERS = {"The", "A", "An", "Most", "Many", "Some", "All", "Several", "Few", "Both",
                "Other", "Another", "Each", "Every", "No", "Any", "More"}
_TITLES = {"Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Prof", "Dame", "President",
           "Prime", "Minister", "Chancellor", "Secretary", "Senator", "General"}
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|"
           "November|December")
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE = re.compile(rf"\s(?:on|in)\s((?:(?:{_DAYS})(?:,? \d{{1,2}} (?:{_MONTHS}))?|"
                   rf"(?:\d{{1,2}} )?(?:{_MONTHS})(?: \d{{1,2}})?(?:,? \d{{4}})?|"
                   rf"(?:19|20)\d\d))\s*\.$")
_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME = re.compile(rf"(?:{_CAP}|[A-Z]\.)(?: (?:{_CAP}|[A-Z]\.)){{1,3}}")
_WORD = re.compile(r"[a-z]+")


def verb_form(word: str) -> tuple[str, str] | None:
    """``word``'s base form and tense ("past", "s" or "base"), or None if unsure."""
    word = word.lower()
    if not _WORD.fullmatch(word):
        return None
    if word in _REPORTING:
        return word, "base"
    for base in (word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else ""):
        if base in _REPORTING and word.endswith("s"):
            return base, "s"
    lemma = lexical.lemmas(word)
    if lemma and lemma[0] != word:  # an irregular past: "said" -> "say"
        return (lemma[0], "past") if lemma[0] in _REPORTING else None
    if word.endswith("ed"):
        for base in (word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ied") else "",
                     word[:-3] if len(word) > 4 and word[-3] == word[-4] else ""):
            if base in _REPORTING:
                return base, "past"
    return None


def _past_to_base(word: str) -> str | None:
    """The base form of a past-tense verb ("opened" -> "open"), else None: an irregular
    past's lemma from WordNet, or the first form the regular -ed spellings undo to
    ("agreed" -> "agree", "planned" -> "plan", "tried" -> "try") that WordNet knows. An
    unknown word gives None, and its sentence no example question."""
    known = lexical.lemmas(word)
    if known and known[0] != word:
        return known[0]
    if not word.endswith("ed") or len(word) < 5:
        return None
    undone = [word[:-1], word[:-2]]
    if word.endswith("ied"):
        undone.insert(0, word[:-3] + "y")
    if word[-3] == word[-4]:
        undone.insert(0, word[:-3])
    vocabulary = lexical.tables().vocabulary
    return next((base for base in undone if base in vocabulary), None)


def _clean_name(words: list[str]) -> str | None:
    """A sentence-opening name without a leading conjunction; None if not a name."""
    while words and words[0] in _CONJUNCTIONS:
        words = words[1:]
    if not words or words[0] in _PRONOUNS | _DETERMINERS | _PREPOSITIONS:
        return None
    if all(w in _TITLES for w in words):
        return None
    name = " ".join(words)
    return name if _NAME.fullmatch(name) else None


def _source_phrase(source: str, text: str) -> str | None:
    """How the source reads inside a question: "Ms Hewitt", "analysts", "the report"."""
    words = source.split()
    while words and words[0] in _CONJUNCTIONS:
        words = words[1:]
    if not words or words[0] in _PRONOUNS:
        return None
    name = _clean_name(list(words))
    if name:
        return name
    if words[0] in ("The",) and 2 <= len(words) <= 3 and all(_WORD.fullmatch(w) for w in words[1:]):
        return "the " + " ".join(words[1:])
    if len(words) <= 3 and re.fullmatch(r"[A-Z][a-z]+(?: [A-Za-z][a-z]+){0,2}", " ".join(words)) \
            and words[-1].endswith("s"):
        # "Experts" -> "experts", but "Scottish ministers" keeps its capital: the first word
        # is lowered only if the document also writes it in lower case.
        # A lone word ("Critics") is lowered unless the document capitalises it mid-sentence
        # ("the Tories").
        lower = words[0].lower()
        if words[0] in _DETERMINERS or re.search(rf"\b{lower}\b", text) or (
                len(words) == 1 and not re.search(rf"[a-z,] {words[0]}\b", text)):
            first = lower
        else:
            first = words[0]
        return " ".join([first, *words[1:]])
    return None


def _opening(text: str) -> list[str]:
    words = text.split()
    while words and words[0].rstrip(",") in _CONJUNCTIONS:
        words = words[1:]
    return words


def candidates(engine: Any, doc_id: str) -> list[tuple[str, str, int]]:
    """(question, kind, sentence index) for one document, from its own sentences."""
    found: list[tuple[str, str, int]] = []
    doc_text = engine.document(doc_id).text
    for passage in engine.document_sentences(doc_id):
        text = passage.text.strip()
        attribution = passage.attribution or {}
        source, cue = attribution.get("source") or "", attribution.get("cue") or ""
        # "What did Ms Hewitt say?": the source opens the sentence, the cue follows it.
        body = " ".join(_opening(text))
        if source and cue and re.match(rf"{re.escape(source)}(?: also)? {re.escape(cue)}\b",
                                       body, re.IGNORECASE if source[0].islower() else 0):
            phrase = _source_phrase(source, doc_text)
            form = verb_form(cue)
            if phrase and form:
                base, tense = form
                plural = phrase.endswith("s") and not _NAME.fullmatch(phrase)
                aux = {"past": "did", "s": "does", "base": "do" if plural else None}[tense]
                if aux and not (tense == "s" and plural):
                    found.append((f"What {aux} {phrase} {base}?", "claim", passage.index))
        # "Who is Maria Lopez?": a name and an appositive open the sentence.
        words = _opening(text)
        head = re.match(r"^((?:\S+ ){1,4}?\S+?), (?:a|an|the|[a-z]+-?[a-z]*) [a-z]", " ".join(words))
        if head:
            name = _clean_name(head.group(1).split())
            if name and not all(w in _TITLES for w in name.split()[:-1] or ["x"]):
                found.append((f"Who is {name}?", "who", passage.index))
        # "When did Maria Lopez open the bridge?": name, past verb, object, date.
        date = _DATE.search(text)
        if date:
            clause = text[: date.start()].split()
            while clause and clause[0].rstrip(",") in _CONJUNCTIONS:
                clause = clause[1:]
            for n in range(1, min(5, len(clause) - 1)):
                name = _clean_name(clause[:n])
                verb = clause[n]
                lemma = _past_to_base(verb) if _WORD.fullmatch(verb) else None
                if name and lemma and n + 1 < len(clause) and clause[n + 1] != "by":
                    rest = " ".join(clause[n + 1:]).rstrip(",;:")
                    if (len(clause) - n - 1 <= 8 and re.fullmatch(r"[A-Za-z' -]+", rest)
                            and not re.search(r"\b(?:and|but|that|which|who)\b", rest)):
                        found.append((f"When did {name} {lemma} {rest}?", "date",
                                      passage.index))
                    break
    return found


def _answered(engine: Any, question: str, kind: str) -> bool:
    answer = engine.ask(question, top_k=1).answer
    if answer is None:
        return False
    confidence = getattr(answer, "confidence", None)
    if confidence is not None and confidence < MIN_CONFIDENCE:
        return False
    return kind != "date" or getattr(answer, "kind", "date") == "date"


def example_questions(engine: Any, limit: int = 3, max_documents: int = 20,
                      max_asked: int = 40) -> list[str]:
    """Up to ``limit`` questions drawn from the loaded documents that the engine answers
    with confidence, taken in turn from the first ``max_documents`` documents (so several
    are represented); at most ``max_asked`` candidates are asked, to keep start-up fast."""
    per_doc = [candidates(engine, d.id) for d in engine.documents[:max_documents]]
    chosen: list[str] = []
    asked = 0
    rounds = max((len(c) for c in per_doc), default=0)
    for n in range(rounds):
        for found in per_doc:
            if n >= len(found) or found[n][0] in chosen:
                continue
            if asked >= max_asked:
                return chosen
            asked += 1
            if _answered(engine, found[n][0], found[n][1]):
                chosen.append(found[n][0])
            if len(chosen) == limit:
                return chosen
    return chosen
