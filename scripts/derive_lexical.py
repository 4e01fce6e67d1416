"""Derive the lexical tables of ``qa/data/wordnet_*.txt`` from the WordNet 3.0 database.

Dev-time only: needs Debian's ``wordnet-base`` (the database in ``/usr/share/wordnet``) and
NLTK's WordNet reader. Users and the tests read the shipped tables and need neither.

    python scripts/derive_lexical.py [--wordnet /usr/share/wordnet] [--out qa/data]
    python scripts/derive_lexical.py --report [--shared ../shared]   # check, writes nothing

Tables written (UTF-8, ``#`` provenance header, then one TAB-separated entry a line, sorted):

* ``wordnet_lemmas.txt``: ``form  pos  lemma  kind``. ``kind`` is ``irregular`` (WordNet's
  exception lists), ``regular`` (a regular inflection of a lemma that has SemCor tag counts,
  listed only where the Snowball stems of form and lemma differ) or ``homograph`` (the form
  is a frequent WordNet lemma of its own, e.g. "left", "found": ``lemma`` is the form).
* ``wordnet_related.txt``: ``word  relation  other  support``; relations ``synonym``,
  ``derivation``, ``pertainym``, ``demonym``, ``entailment``, ``cause``, ``member``.
  ``support`` (0-1) is the smaller of the two words' support for the link (below); readers
  use it to rank links.
* ``wordnet_stems.txt``: ``word  stem``, the Snowball stem of every word of the two tables
  that is not its own stem, so that the reader need not stem 50,000 words at load.
* ``wordnet_LICENSE.txt``: the WordNet 3.0 licence, verbatim from the database files.

Support of a word for a link through its sense S: its share of S among its senses, times
its share of its Snowball stem. The sense share is (SemCor tag count + 1/rank^2) over the
sum for all its senses of every part of speech (rank = WordNet's sense number within the
part of speech); the stem share is (tags + 1) over the same for all WordNet words of that
stem, since the index sees stems ("using" the noun, exploitation, is a sliver of "use").
Synonym, entailment, cause and member links need both words to support them with at least
``FREQUENT`` ("send"/"ship": 0.09 and 0.13 pass; "shoot"/"film": 0.07 and 0.04 do not);
derivation and pertainym links need ``DERIVED``. Words with more than ``POLYSEMOUS``
senses keep only synonyms of ``POLYSEMOUS_SHARE``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import shutil
import sys
import tempfile
import time
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "qa" / "data"
SCRIPT = "scripts/derive_lexical.py"

FREQUENT = 0.08  # synonym / entailment / cause / member: least sense share on both sides
DERIVED = 0.02  # derivation / pertainym: least sense share on both sides
POLYSEMOUS = 30  # words with more senses than this keep synonyms of their share >= 0.25 only
POLYSEMOUS_SHARE = 0.25
HOMOGRAPH = 10  # a form tagged this often as a lemma of its own is a homograph ("left")...
HOMOGRAPH_SHARE = 0.04  # ... if also this share of its lemma's tags ("men": 35/1220 is not)
_WORD = re.compile(r"^[a-z][a-z']*[a-z]$")
_POS_ORDER = "nvar"
_EXC = {"n": "noun.exc", "v": "verb.exc", "a": "adj.exc", "r": "adv.exc"}
_FALLBACK_LEXNAMES = 45

_stem = SnowballStemmer("english").stem


# --------------------------------------------------------------------------- reading WordNet
def open_wordnet(source: Path, stage: Path):  # -> WordNetCorpusReader
    """NLTK's reader over a copy of ``source`` laid out as the reader expects.

    Debian's ``wordnet-base`` ships no ``lexnames`` file (the reader needs it): it is written
    from the ``lexnames(5WN)`` manual page when installed, else with placeholder names. The
    reader's mapping to other WordNet versions (for multilingual data) is not needed here.
    """
    import nltk.data
    from nltk.corpus.reader import WordNetCorpusReader

    for name in ("data", "index"):
        for pos in ("noun", "verb", "adj", "adv"):
            shutil.copy(source / f"{name}.{pos}", stage / f"{name}.{pos}")
    for name in [*_EXC.values(), "cntlist.rev"]:
        shutil.copy(source / name, stage / name)
    (stage / "lexnames").write_text(_lexnames(), encoding="utf-8")
    nltk.data.path.append(str(stage))

    class WordNet30(WordNetCorpusReader):
        def map_wn(self, version: str = "wordnet") -> None:
            return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return WordNet30(str(stage), None)


def _lexnames() -> str:
    man = Path("/usr/share/man/man5/lexnames.5WN.gz")
    category = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
    rows = []
    if man.exists():
        with gzip.open(man, "rt", encoding="latin-1") as fp:
            for line in fp:
                m = re.match(r"^(\d\d)\t\s*(\w+)\.(\w+)\s*\t", line)
                if m:
                    rows.append(f"{m[1]}\t{m[2]}.{m[3]}\t{category[m[2]]}\n")
    if len(rows) != _FALLBACK_LEXNAMES:
        rows = [f"{i:02d}\tlex.{i:02d}\t1\n" for i in range(_FALLBACK_LEXNAMES)]
    return "".join(rows)


def licence_text(source: Path) -> str:
    """The licence as WordNet prints it at the head of every database file."""
    lines = []
    with open(source / "data.noun", encoding="latin-1") as fp:
        for line in fp:
            m = re.match(r"^  \d+ ?(.*?)\s*$", line)
            if not m:
                break
            lines.append(m[1])
    return "\n".join(lines).strip() + "\n"


def stopwords() -> frozenset[str]:
    text = (DATA / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


# --------------------------------------------------------------------------- sense frequency
class Senses:
    """Each single word's synsets across parts of speech with its smoothed share of each."""

    def __init__(self, wn, stop: frozenset[str]) -> None:
        self.wn = wn
        self.stop = stop
        self.share: dict[str, dict[str, float]] = {}
        self.count: dict[str, int] = defaultdict(int)
        self.senses: dict[str, int] = {}
        self.proper: set[str] = set()  # words WordNet only has capitalised ("Athens")
        for name in wn.all_lemma_names():
            word = name.lower()
            if word not in self.share and self.usable(word):
                self._add(word)
        by_stem: dict[str, int] = defaultdict(int)
        for word in self.share:
            by_stem[_stem(word)] += self.count[word] + 1
        self.in_stem = {w: (self.count[w] + 1) / by_stem[_stem(w)] for w in self.share}

    def usable(self, word: str) -> bool:
        return bool(_WORD.match(word)) and word not in self.stop

    def _add(self, word: str) -> None:
        raw: dict[str, float] = {}
        names: set[str] = set()
        for pos in _POS_ORDER:
            own = [s for s in self.wn.synsets(word, pos) if _has(s, word)]
            for rank, synset in enumerate(own, 1):
                mine = [lem for lem in synset.lemmas() if lem.name().lower() == word]
                names.update(lem.name() for lem in mine)
                tags = sum(lem.count() for lem in mine)
                self.count[word] += tags
                raw[synset.name()] = raw.get(synset.name(), 0.0) + tags + 1.0 / rank**2
        total = sum(raw.values())
        self.share[word] = {name: value / total for name, value in raw.items()}
        self.senses[word] = len(raw)
        if word not in names:
            self.proper.add(word)

    def of(self, word: str, synset) -> float:
        """The word's share of ``synset`` among its senses."""
        return self.share.get(word, {}).get(synset.name(), 0.0)

    def support(self, word: str, synset) -> float:
        """The share of the word's stem that is ``word`` in the sense ``synset``.

        The index sees stems: "using" the noun (exploitation) is a tiny part of the stem
        "use", so its synonyms are not the stem's.
        """
        return self.of(word, synset) * self.in_stem.get(word, 0.0)

    def words(self, synset) -> list[str]:
        """The usable single words of ``synset``, in WordNet's order, without repeats."""
        out: list[str] = []
        for lemma in synset.lemmas():
            word = lemma.name().lower()
            if word in self.share and word not in out:
                out.append(word)
        return out


def _has(synset, word: str) -> bool:
    return any(lemma.name().lower() == word for lemma in synset.lemmas())


# --------------------------------------------------------------------------- lemma table
def _regular_forms(lemma: str, pos: str, irregular: bool,
                   man_plural: bool = False) -> Iterator[str]:
    """Regular inflections by the rules WordNet's morphy undoes.

    Past, participle and comparative forms are skipped where WordNet lists irregular forms
    of the lemma or the lemma would double its last consonant ("stop", "hot"): the
    exception lists hold those.
    """
    if pos == "n" and (irregular or lemma.endswith("is")):
        return  # Greek plurals ("analyses") are exceptions; "-is" nouns are mostly mass nouns
    if pos == "n" and man_plural:
        yield lemma[:-3] + "men"
    elif pos in "nv":
        if lemma.endswith(("s", "x", "z", "ch", "sh")) or (
            pos == "v" and re.search(r"[^aeiou]o$", lemma)
        ):
            yield lemma + "es"
        elif re.search(r"[^aeiou]y$", lemma):
            yield lemma[:-1] + "ies"
        else:
            yield lemma + "s"
    if irregular or pos not in "va" or re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", lemma):
        return
    if pos == "v" and lemma.endswith("e"):
        yield lemma + "d"
        yield (lemma if lemma.endswith(("ee", "ye", "oe")) else lemma[:-1]) + "ing"
    elif pos == "v" and re.search(r"[^aeiou]y$", lemma):
        yield lemma[:-1] + "ied"
        yield lemma + "ing"
    elif pos == "v":
        yield lemma + "ed"
        yield lemma + "ing"
    elif len(re.findall(r"[aeiouy]+", lemma)) == 1 and not lemma.endswith("ish"):
        base = lemma.removesuffix("e")
        yield base + "er"
        yield base + "est"
    elif re.search(r"[^aeiou]y$", lemma) and len(re.findall(r"[aeiouy]+", lemma)) == 2:
        yield lemma[:-1] + "ier"
        yield lemma[:-1] + "iest"


def _regular_base(wn, senses: Senses, word: str, pos: str, irregular_forms: set[str]) -> bool:
    """Whether ``word`` is a lemma of ``pos`` whose regular forms are worth listing.

    Not plural-looking nouns ("tactics", "news"), nor adjectives that are mostly another
    part of speech or an irregular participle ("torn"): their comparatives are not words.
    """
    own = [s for s in wn.synsets(word, pos) if _has(s, word)]
    if not own or word in senses.proper or _tags(own, word) == 0:
        return False
    if pos == "n" and word.endswith(("es", "ics", "ing")):
        return False
    if pos == "n" and word[-1] == "s":
        return word.endswith(("ss", "us")) and word[:-1] not in senses.share
    if pos == "a":
        share = sum(senses.of(word, s) for s in own)
        number = any(s.lexname() == "noun.quantity" for s in wn.synsets(word, "n"))
        plain = word not in irregular_forms and not word.endswith("ed")
        return share >= 0.5 and _tags(own, word) >= 3 and plain and not number
    return True


def _tags(synsets: list, word: str) -> int:
    """SemCor tag count of ``word`` over ``synsets``."""
    return sum(lem.count() for s in synsets for lem in s.lemmas() if lem.name().lower() == word)


def lemma_rows(wn, senses: Senses) -> list[tuple[str, str, str, str]]:
    """``(form, pos, lemma, kind)`` rows: exceptions, split regular forms, homographs."""
    rows: set[tuple[str, str, str, str]] = set()
    irregular: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pos, name in _EXC.items():
        with wn.open(name) as fp:
            for line in fp:
                form, *lemmas = line.split()
                for lemma in lemmas:
                    if form != lemma and senses.usable(form) and senses.usable(lemma):
                        irregular[(lemma, pos)].add(form)
                        if _tags(wn.synsets(lemma, pos), lemma) > 0:  # not "lisente"/"sent"
                            rows.add((form, pos, lemma, "irregular"))
    irregular_forms = {form for forms in irregular.values() for form in forms}
    irregular_pos = {(form, pos) for (_, pos), forms in irregular.items() for form in forms}
    for word in senses.share:
        if senses.count[word] == 0:
            continue
        for pos in "nva":
            if not _regular_base(wn, senses, word, pos, irregular_forms):
                continue
            man = word.endswith("woman") or (word.endswith("man") and word[:-3] in senses.share)
            for form in _regular_forms(word, pos, bool(irregular[(word, pos)]), man):
                listed = (form, pos) in irregular_pos or form in senses.stop
                if listed or _stem(form) == _stem(word):
                    continue
                if senses.count.get(form, 0) > _tags(wn.synsets(word, pos), word):
                    continue  # more often a word of its own: "feed" (fee), "layer" (lay)
                rows.add((form, pos, word, "regular"))
    for form, lemma in {(row[0], row[2]) for row in rows}:
        own = senses.count.get(form, 0)
        if own >= HOMOGRAPH and own >= HOMOGRAPH_SHARE * senses.count.get(lemma, 0):
            for pos in _POS_ORDER:
                if [s for s in wn.synsets(form, pos) if _has(s, form)]:
                    rows.add((form, pos, form, "homograph"))
    return sorted(rows, key=lambda r: (r[0], _POS_ORDER.index(r[1]), r[3] != "homograph", r[2]))


# --------------------------------------------------------------------------- related table
Link = tuple[str, str, str, float]  # (word, relation, other, support)


def _pairs(senses: Senses, synset, other, relation: str, least: float) -> Iterator[Link]:
    """Links between the frequent words of ``synset`` and those of ``other``."""
    for word in senses.words(synset):
        mine = senses.support(word, synset)
        if mine < least:
            continue
        for target in senses.words(other):
            theirs = senses.support(target, other)
            if target != word and theirs >= least:
                yield word, relation, target, min(mine, theirs)


def synonym_links(wn, senses: Senses) -> Iterator[Link]:
    for synset in wn.all_synsets():
        words = senses.words(synset)
        if len(words) < 2:
            continue
        keep = [w for w in words if _synonym_ok(senses, w, senses.support(w, synset))]
        for word in keep:
            for other in keep:
                if other != word:
                    share = min(senses.support(word, synset), senses.support(other, synset))
                    yield word, "synonym", other, share


def _synonym_ok(senses: Senses, word: str, share: float) -> bool:
    least = POLYSEMOUS_SHARE if senses.senses[word] > POLYSEMOUS else FREQUENT
    return share >= least


def lemma_links(wn, senses: Senses) -> Iterator[Link]:
    """Derivation, pertainym and demonym links, which WordNet keeps between word senses."""
    for synset in wn.all_synsets():
        for lemma in synset.lemmas():
            word = lemma.name().lower()
            if word not in senses.share or senses.support(word, synset) < DERIVED:
                continue
            for relation, targets in (("derivation", lemma.derivationally_related_forms()),
                                      ("pertainym", lemma.pertainyms())):
                for target in targets:
                    other = target.name().lower()
                    share = senses.support(other, target.synset())
                    if other == word or other not in senses.share or share < DERIVED:
                        continue
                    if relation == "pertainym" and _is_place(target):
                        relation = "demonym"
                    yield word, relation, other, min(senses.support(word, synset), share)


def _is_place(lemma) -> bool:
    return lemma.name()[0].isupper() and lemma.synset().lexname() == "noun.location"


def synset_links(wn, senses: Senses, members: bool) -> Iterator[Link]:
    """Entailment and cause between verb senses; member (collection) between noun senses."""
    for synset in wn.all_synsets("v"):
        for other in synset.entailments():
            yield from _pairs(senses, synset, other, "entailment", FREQUENT)
        for other in synset.causes():
            yield from _pairs(senses, synset, other, "cause", FREQUENT)
    if members:
        for synset in wn.all_synsets("n"):
            for other in synset.member_holonyms():
                if _common(synset) and _common(other):
                    yield from _pairs(senses, synset, other, "member", FREQUENT)
            for other in synset.part_holonyms():
                if _common(synset) and _common(other):
                    links = _pairs(senses, synset, other, "member", FREQUENT)
                    yield from (link for link in links if _collective(link[0], link[2]))


def _collective(word: str, whole: str) -> bool:
    """``whole`` is ``word`` with a suffix naming a collection ("weapon" -> "weaponry")."""
    return whole.startswith(word) and whole[len(word):] in ("ry", "ery", "age", "hood", "dom")


_TAXONOMY = ("noun.animal", "noun.plant")


def _common(synset) -> bool:
    """A synset of common nouns outside the taxonomies of plants and animals."""
    return synset.lexname() not in _TAXONOMY and synset.lemmas()[0].name().islower()


RANK = ("demonym", "pertainym", "derivation", "synonym", "entailment", "cause", "member")


def related_rows(links: Iterable[Link]) -> list[Link]:
    """One row per pair of words, either way round: its strongest relation and best support.

    A directed relation (pertainym, demonym, entailment, cause, member) keeps
    WordNet's direction; synonym and derivation rows put the words in sorted order.
    """
    best: dict[tuple[str, str], tuple[int, float, str, str]] = {}
    for word, relation, other, support in links:
        if _stem(word) == _stem(other):
            continue
        if relation in ("synonym", "derivation") and other < word:
            word, other = other, word
        key = (min(word, other), max(word, other))
        mine = (RANK.index(relation), -support, word, other)
        if key not in best or mine < best[key]:
            best[key] = mine
    rows = [(w, RANK[r], o, round(-s, 3)) for r, s, w, o in best.values()]
    return sorted(rows)


# --------------------------------------------------------------------------- writing
_LICENCE_NOTE = [
    "Licence: WordNet 3.0 licence (Princeton University; permissive, attribution required).",
    "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
    "Full text: qa/data/wordnet_LICENSE.txt, which must travel with this file.",
]
LEMMA_HEADER = [
    "WordNet inflected forms and their lemmas, for the index's Snowball-stemmed terms.",
    "Provenance: derived from WordNet 3.0 (noun.exc, verb.exc, adj.exc, adv.exc, index.*, data.*,",
    f"cntlist.rev) by {SCRIPT}; do not edit by hand, run the script again.",
    *_LICENCE_NOTE,
    "Format: form<TAB>pos<TAB>lemma<TAB>kind; pos is n, v, a (adjective) or r (adverb).",
    "kind: irregular = WordNet's exception lists (all single-word entries);",
    "regular = a regular inflection of a lemma with SemCor tag counts, listed only where",
    "its Snowball stem differs from the lemma's (goes/go, higher/high);",
    "homograph = the form is also a frequent lemma of its own (left, found); lemma = form.",
]
RELATED_HEADER = [
    "WordNet relations between single words, for query expansion over Snowball stems.",
    f"Provenance: derived from WordNet 3.0 (index.*, data.*, cntlist.rev) by {SCRIPT};",
    "do not edit by hand, run the script again.",
    *_LICENCE_NOTE,
    "Format: word<TAB>relation<TAB>other<TAB>support. One line per pair of words (either",
    "way round), words case-folded, stop words and pairs with one Snowball stem left out.",
    "relation: synonym (a shared synset), derivation (derivationally related forms),",
    "pertainym (adjective or adverb -> the word it pertains to), demonym (a pertainym",
    "whose target is a place: russian -> russia), entailment (verb -> what it entails:",
    "snore -> sleep), cause (verb -> what it causes: kill -> die), member (member ->",
    "collection, common nouns outside plant and animal taxonomy: juror -> jury; and a",
    "part named by its collective form: weapon -> weaponry).",
    "support: the smaller of the two words' support, 0-1, higher is safer; a word's",
    "support is its share of the linked sense among its senses (SemCor tag counts",
    "smoothed by WordNet's sense order) times its share of its Snowball stem's tags.",
    f"Kept: synonym, entailment, cause, member with support >= {FREQUENT};",
    f"derivation, pertainym, demonym with support >= {DERIVED}; synonyms of words with",
    f"more than {POLYSEMOUS} senses only with support >= {POLYSEMOUS_SHARE}.",
]


STEMS_HEADER = [
    "Snowball stems of the words of wordnet_lemmas.txt and wordnet_related.txt, so that",
    "qa/text/lexical.py need not stem them at load; a word not listed is its own stem.",
    f"Made by {SCRIPT} with nltk's SnowballStemmer(\"english\") (Porter 2), the stemmer",
    "of the index; tests/test_lexical.py checks that the installed stemmer agrees.",
    "Provenance: the words come from WordNet 3.0.",
    *_LICENCE_NOTE,
    "Format: word<TAB>stem.",
]


def stem_rows(lemmas: Iterable[tuple[str, ...]], related: Iterable[Link]) -> list[tuple[str, str]]:
    """``(word, stem)`` for every word of the tables whose stem is not the word itself."""
    words = {row[0] for row in lemmas} | {row[2] for row in lemmas}
    for word, _, other, _ in related:
        words.update((word, other))
    return sorted((w, _stem(w)) for w in words if _stem(w) != w)


def write_table(path: Path, header: list[str], rows: Iterable[tuple[object, ...]]) -> int:
    """Write ``#`` header lines then one TAB-separated row a line; the number of rows."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fp:
        fp.writelines(f"# {line}\n" for line in header)
        for row in rows:
            fp.write("\t".join(str(field) for field in row) + "\n")
            count += 1
    return count


def derive(source: Path, out: Path) -> dict[str, int]:
    """Read WordNet at ``source``, write the tables into ``out``; rows per table."""
    with tempfile.TemporaryDirectory(prefix="wordnet-") as stage:
        wn = open_wordnet(source, Path(stage))
        senses = Senses(wn, stopwords())
        lemmas = lemma_rows(wn, senses)
        links = [*synonym_links(wn, senses), *lemma_links(wn, senses),
                 *synset_links(wn, senses, members=True)]
        related = related_rows(links)
    licence = licence_text(source)
    (out / "wordnet_LICENSE.txt").write_text(licence, encoding="utf-8")
    tables = {"wordnet_lemmas.txt": (LEMMA_HEADER, lemmas),
              "wordnet_related.txt": (RELATED_HEADER, related),
              "wordnet_stems.txt": (STEMS_HEADER, stem_rows(lemmas, related))}
    return {name: write_table(out / name, header, rows)
            for name, (header, rows) in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--report", action="store_true", help="check the shipped tables")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    if args.report:
        return report(args.shared)
    if not (args.wordnet / "data.noun").exists():
        sys.exit(f"no WordNet database in {args.wordnet} (apt-get install wordnet-base)")
    for name, rows in derive(args.wordnet, args.out).items():
        print(f"{args.out / name}: {rows} rows")
    return 0


_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _terms(text: str, stop: frozenset[str]) -> list[str]:
    """The index terms of ``text`` as ``qa`` makes them (NFKC, casefold, stop words, stem)."""
    words = _TOKEN.findall(unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold())
    return [_stem(w.removesuffix("'s")) for w in words if w.removesuffix("'s") not in stop]


def _load_reader():
    spec = importlib.util.spec_from_file_location("lexical", ROOT / "qa" / "text" / "lexical.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lexical"] = module
    spec.loader.exec_module(module)
    return module


def report(shared: Path) -> int:
    """Sizes, relation counts, coverage of news text, 20 sample expansions, SQuAD dev hits."""
    lex, stop = _load_reader(), stopwords()
    started = time.perf_counter()
    lex.lexicon()
    print(f"load: {time.perf_counter() - started:.2f} s")
    for path in sorted(DATA.glob("wordnet_*")):
        rows = list(lex.read_table(path)) if path.stem != "wordnet_LICENSE" else []
        kinds = Counter(r[3] if "lemmas" in path.name else r[1] for r in rows if len(r) == 4)
        print(f"{path.name}: {path.stat().st_size:,} bytes, {len(rows):,} rows {dict(kinds)}")
    files = sorted((shared / "corpus").rglob("*.txt"))[:3000] or sorted(ROOT.glob("seeds/*.txt"))
    tokens = Counter(t for f in files for t in _terms(f.read_text("utf-8", "replace"), stop))
    met = [t for t in tokens if lex.related_stems(t)]
    print(f"coverage over {len(files)} news files: {len(met) / len(tokens):.1%} of "
          f"{len(tokens):,} distinct stems, "
          f"{sum(tokens[t] for t in met) / sum(tokens.values()):.1%} of {sum(tokens.values()):,}"
          " tokens have related stems")
    questions = _squad_dev(shared)
    pool = sorted({w for q, _, _ in questions for w in _TOKEN.findall(q.casefold())
                   if w not in stop and not w.isdigit()})
    for word in random.Random(20).sample(pool, 20) if pool else []:
        related = ", ".join(f"{o} {r} {w:.2f}" for o, (r, w) in
                            lex.related_stems(_stem(word)).items())
        print(f"  {word} -> {_stem(word)}: {related or '-'}")
    _squad_hits(lex, questions, stop)
    return 0


def _squad_dev(shared: Path) -> list[tuple[str, str, list[str]]]:
    """(question, answer sentence, other sentences) of SQuAD v1.1 dev questions (dev half)."""
    path = shared / "eval" / "external" / "squad-v1.1" / "dev-v1.1.json"
    if not path.exists():
        return []
    articles = json.loads(path.read_text("utf-8"))["data"]
    dev = set(sorted(a["title"] for a in articles)[:24])
    out = []
    for article in (a for a in articles if a["title"] in dev):
        for para in article["paragraphs"]:
            cuts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z])", para["context"])]
            spans = list(zip(cuts, cuts[1:] + [len(para["context"])], strict=True))
            for qa in para["qas"]:
                start = qa["answers"][0]["answer_start"]
                gold = next(i for i, (a, b) in enumerate(spans) if a <= start < b)
                sents = [para["context"][a:b] for a, b in spans]
                out.append((qa["question"], sents[gold], sents[:gold] + sents[gold + 1:]))
    return out


def _squad_hits(lex, questions: list[tuple[str, str, list[str]]], stop: frozenset[str]) -> None:
    """Per relation: how often a question term missing from the answer sentence is met there
    by an expansion, against how often the expansion is in the paragraph's other sentences."""
    gold, other = Counter(), Counter()
    for question, answer, rest in questions:
        have = set(_terms(answer, stop))
        others = [set(_terms(s, stop)) for s in rest]
        for term in set(_terms(question, stop)) - have:
            for stem, (relation, _) in lex.related_stems(term).items():
                gold[relation] += stem in have
                other[relation] += sum(stem in s for s in others) / max(1, len(others))
    print(f"SQuAD dev, {len(questions)} questions: relation, answer-sentence hits, "
          "expected hits in another sentence of the paragraph")
    for relation in sorted(gold, key=lambda r: -gold[r]):
        print(f"  {relation:<12} {gold[relation]:>5} {other[relation]:>8.1f}")


if __name__ == "__main__":
    sys.exit(main())
