"""Derive ``qa/data/communication_verbs.txt``, verbs of saying and thinking, from WordNet 3.0.

Dev-time only: needs Debian's ``wordnet-base`` (the database in ``/usr/share/wordnet``).
Users and the tests read the shipped table and need neither.

    python scripts/derive_reporting.py [--wordnet /usr/share/wordnet] [--out qa/data]

A verb is kept when it is mostly a verb of communication or cognition, the two kinds of
verb that attribute a claim to someone (PolNeAR's "X said", "X believes"): WordNet files
each sense in a lexicographer file, and the senses in ``verb.communication`` (file 32)
and ``verb.cognition`` (file 31) must carry at least :data:`SHARE` of the verb's weight,
each sense weighing its SemCor tag count plus 1/rank^2 (rank: WordNet's sense number,
most frequent first), as in ``scripts/derive_lexical.py``. "say", "argue", "question",
"respond" and "doubt" pass; "give", "add", "maintain" and "welcome", whose common senses
are not speech or thought ("added jobs", "welcomed guests"), do not. A verb never tagged
in SemCor is left out (rare words, archaic senses). A word SemCor tags more often as a
noun, adjective or adverb than as a verb ("question", "state", "general") is listed in a
section of its own: it is not a cue of its own (it would mostly ask the tagger about a
noun), but it still tells that a weak cue of ``reporting_verbs.txt`` is a verb of saying.

Each row lists the written forms of one verb, the lemma first: WordNet's exception list
(``verb.exc``: "wrote", "abetted") and the regular inflections (-s, -ed, -ing with the
usual spelling changes) besides, since the exception list also holds old spellings
("addrest"); a regular form that English does not use ("speaked") is never met. The attribution rules
(``qa/analysis/cues.py``) take a form from this table as a cue only where the tagger reads
a finite verb and a person or a group is its subject.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "qa" / "data" / "communication_verbs.txt"
SCRIPT = "scripts/derive_reporting.py"

#: Lexicographer file numbers of verb.cognition and verb.communication.
KINDS = frozenset((31, 32))
SHARE = 0.5  # least share of a verb's sense weight in those files
VOWELS = "aeiou"

HEADER = f"""\
# Verbs of communication and cognition (saying, asking, arguing, accusing, believing,
# doubting, ...).
# Provenance: derived from WordNet 3.0 (index.verb, data.verb, verb.exc, cntlist.rev) by
# {SCRIPT}; do not edit by hand, run the script again.
# Read by qa/analysis/reporting.py; used by qa/analysis/cues.py: a form of [verbs] not in
# reporting_verbs.txt is a cue where the tagger reads a finite verb with a speaker as its
# subject, and a "weak" cue of reporting_verbs.txt listed here (either section) reports
# with a speaker as its subject even when the words after it do not license it.
# Kept: single-word verbs tagged in SemCor whose verb.communication and verb.cognition
# senses carry at least {SHARE} of their weight (SemCor tag count + 1/rank^2 per sense);
# [mostly_nouns]: those SemCor tags more often as a noun, adjective or adverb.
# Licence: WordNet 3.0 licence (Princeton University; permissive, attribution required).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Full text: qa/data/wordnet_LICENSE.txt, which must travel with this file.
# Format: one verb a line, its written forms separated by spaces, the lemma first.
"""


def _lexicographer_files(wordnet: Path) -> dict[str, int]:
    """The lexicographer file number of every verb synset, by its offset."""
    files = {}
    with (wordnet / "data.verb").open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                fields = line.split()
                files[fields[0]] = int(fields[1])
    return files


def _tag_counts(wordnet: Path) -> tuple[dict[tuple[str, int], int], dict[str, int]]:
    """SemCor tag counts of verb senses, by (lemma, sense number), and the total count of
    each lemma's senses of the other parts of speech (noun, adjective, adverb)."""
    counts: dict[tuple[str, int], int] = {}
    other: dict[str, int] = defaultdict(int)
    with (wordnet / "cntlist.rev").open(encoding="utf-8") as f:
        for line in f:
            key, sense, count = line.split()
            lemma, kind = key.split("%", 1)
            if kind.startswith("2:"):
                counts[(lemma, int(sense))] = int(count)
            else:
                other[lemma] += int(count)
    return counts, other


def communication_verbs(wordnet: Path) -> list[tuple[str, bool]]:
    """The lemmas kept (see the module docstring), sorted, each with whether SemCor tags
    it more often as another part of speech."""
    files = _lexicographer_files(wordnet)
    counts, other = _tag_counts(wordnet)
    kept = []
    with (wordnet / "index.verb").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, senses, pointers = fields[0], int(fields[2]), int(fields[3])
            if not lemma.replace("-", "").isalpha() or not lemma.islower():
                continue
            offsets = fields[6 + pointers : 6 + pointers + senses]
            weight: dict[int, float] = defaultdict(float)
            tags = 0
            for rank, offset in enumerate(offsets, 1):
                tagged = counts.get((lemma, rank), 0)
                tags += tagged
                weight[files[offset]] += tagged + 1 / rank**2
            said = sum(weight[kind] for kind in KINDS)
            if tags and said >= SHARE * sum(weight.values()):
                kept.append((lemma, tags < other.get(lemma, 0)))
    return sorted(kept)


def _exceptions(wordnet: Path) -> dict[str, list[str]]:
    """WordNet's irregular verb forms, by lemma."""
    forms: dict[str, list[str]] = defaultdict(list)
    with (wordnet / "verb.exc").open(encoding="utf-8") as f:
        for line in f:
            form, *lemmas = line.split()
            for lemma in lemmas:
                forms[lemma].append(form)
    return forms


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in VOWELS:
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _gerund(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        return lemma[:-1] + "ing"
    return lemma + "ing"


def inflections(lemma: str, irregular: list[str]) -> list[str]:
    """The written forms of ``lemma``, the lemma first: -s, the past forms and the -ing
    forms, irregular (as WordNet lists them) and regular."""
    pasts = [f for f in irregular if not f.endswith("ing")]
    gerunds = [f for f in irregular if f.endswith("ing")]
    forms = [lemma, _third_person(lemma), *pasts, _past(lemma), *gerunds, _gerund(lemma)]
    return list(dict.fromkeys(forms))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=OUT.parent)
    args = parser.parse_args(argv)
    if not (args.wordnet / "index.verb").is_file():
        parser.error(f"no WordNet database at {args.wordnet} (apt-get install wordnet-base)")
    irregular = _exceptions(args.wordnet)
    lemmas = communication_verbs(args.wordnet)
    sections = []
    for name, nominal in (("verbs", False), ("mostly_nouns", True)):
        rows = [" ".join(inflections(lemma, irregular.get(lemma, [])))
                for lemma, mostly in lemmas if mostly == nominal]
        sections.append(f"[{name}]\n" + "\n".join(rows) + "\n")
    out = args.out / OUT.name
    out.write_text(HEADER + "\n".join(sections), encoding="utf-8")
    print(f"{out}: {len(lemmas)} verbs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
