"""Attribution: who in the text makes the claim of each sentence (SPEC "Attribution").

``attribute(sentences)`` takes the sentences of one document in order and returns one
:class:`Attribution` per sentence: ``source`` (the phrase naming who makes the claim),
``cue`` (the reporting verb or phrase as written), their offsets in the sentence,
``resolved_from`` when the source was found in another sentence, and ``rule``, the name
of the frame that decided (for explanations; not part of the SPEC object).

Rules over the project's one token stream (:func:`qa.text.stream.tokens`, read through
:class:`qa.analysis.sentence.Sentence`, which keeps "AT&T" or "Kim's" one written word);
the project's trained part-of-speech tagger (:mod:`qa.text.tagger`) is asked only about
the cues the word lists cannot settle, and no parser or downloaded model is used. The
reporting cues are :mod:`qa.analysis.reporting` (``qa/data/reporting_verbs.txt``, and the
WordNet verbs of saying and thinking of ``qa/data/communication_verbs.txt``), the other
word classes :mod:`qa.analysis.wordclasses` (``qa/data/attribution_words.txt``). In order:

1. *Prefilter.* A sentence sharing no letter run with the cue lexicon and holding no
   colon and no quotation mark is the author's voice (it is never tokenized).
2. *Speaker label* ("PENCE: Well, ...", :func:`qa.analysis.quotes.speaker_label`).
3. *Cues, left to right*, outside quotation marks (:mod:`qa.analysis.cues` says which
   words are used as cues); a closing frame (", the source added.") wins, else the first
   cue that gets a source: the **outermost** frame of nested reports. Each cue is given
   to the frames of :data:`FRAMES` in order (:mod:`qa.analysis.frames`); the first that
   recognises its pattern decides. The noun phrases are read by :mod:`qa.analysis.subjects`.
   A cue that only the tagger licenses (a finite verb of saying the word lists leave
   open: "Trump is defending his tweets", "Warren grilled Stumpf") counts only when its
   source names someone who speaks (:func:`qa.analysis.referents.speaker`). With no cue,
   a verb quoting someone's words ("Trump attacked “the hateful ideology of ...”") reports
   (:func:`qa.analysis.quotes.quoted_object`).
4. *Pronouns and descriptions.* A source "He"/"She"/"They"/"It" takes an earlier source
   of a fitting kind and gender, and "the minister" the nearest earlier name carrying the
   same head noun (:mod:`qa.analysis.referents`); ``source_span`` stays on the pronoun or
   description and ``resolved_from`` = (sentence, start, end) locates the name. Rules
   ``"pronoun"`` and ``"description"``.
5. *Content over several sentences* (:data:`CONTINUATIONS`, in order, each giving a
   source, with ``source_span`` None, only to sentences that have none yet): the
   sentences of an open quotation (speaker before, else after it); a quotation signed on
   its own line ("“...” ― Esther Tapia", which also replaces the signature sentence's own
   frame); the sentence after a frame ending in a colon ("The governor added:"), or, when
   the caller gives paragraph numbers, the whole paragraph it introduces; the rest of the
   paragraph of a speaker label. Nothing else continues: a sentence after "X said that
   A." is the author's again unless quoted (on PolNeAR dev, "that" clauses, pronouns or
   connectives opening the next sentence marked 4 author's sentences per reported one).

Every step is a constant number of passes over the tokens of one sentence; the one
regex here, the prefilter's, is linear. Nothing here raises on any string.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qa.analysis.cues import candidates, closes_sentence, finite_verb
from qa.analysis.frames import (
    NOT_REPORTED,
    Cue,
    Frame,
    according_to,
    appositive_subject,
    as_put_it,
    complement,
    contracted_pronoun,
    elided_after_comma,
    elided_after_conjunction,
    ing_subject,
    inverted,
    passive,
    subject,
    who_clause,
)
from qa.analysis.quotes import (
    MAX_QUOTE_RUN,
    has_quote,
    quote_runs,
    quote_state,
    quoted,
    quoted_object,
    signature,
    speaker_label,
    starts_quote,
)
from qa.analysis.referents import Sources, speaker
from qa.analysis.reporting import lexicon
from qa.analysis.sentence import WORD, Hit, Sentence, TagsNeeded, deferred_tags, sentence, tag_all
from qa.analysis.subjects import phrase_after, subject_before
from qa.analysis.wordclasses import SIGNATURE_DASHES
from qa.text import datelines

logger = logging.getLogger(__name__)

__all__ = [
    "CONTINUATIONS", "FRAMES", "RULES", "Attribution", "attribute", "attribute_many",
    "attribute_sentence",
    "explain", "phrase_after", "subject_before",
]


@dataclass(frozen=True)
class Attribution:
    """Who makes the claim of one sentence; every field None is the author's own voice.

    ``rule`` names the frame that decided (one of :data:`RULES`); it is not compared and
    not part of :meth:`to_dict`, the SPEC's object."""

    source: str | None = None
    cue: str | None = None
    source_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    resolved_from: tuple[int, int, int] | None = None
    rule: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, str | None]:
        """The SPEC's ``attribution`` object."""
        return {"source": self.source, "cue": self.cue}

    def explain(self) -> dict[str, str | None]:
        """Which frame decided, and on which cue: ``{"rule": ..., "cue": ...}``."""
        return {"rule": self.rule, "cue": self.cue}


_NONE = Attribution()

#: The frames one reporting cue is given to, in this order; the first that does not
#: return None decides the cue (see :mod:`qa.analysis.frames`).
FRAMES: tuple[Frame, ...] = (
    according_to,
    as_put_it,
    passive,
    contracted_pronoun,
    elided_after_comma,
    complement,
    ing_subject,
    elided_after_conjunction,
    who_clause,
    appositive_subject,
    inverted,
    subject,
)


def explain(attribution: Attribution) -> dict[str, str | None]:
    """``{"rule": ..., "cue": ...}`` of one attribution (see :meth:`Attribution.explain`)."""
    return attribution.explain()


def _decide(cue: Cue) -> Hit | None:
    """The hit of the first frame of :data:`FRAMES` that recognises ``cue``, or None."""
    for frame in FRAMES:
        hit = frame(cue)
        if hit is not None:
            return None if hit is NOT_REPORTED else hit._replace(rule=frame.__name__)
    return None


def _cue_hit(s: Sentence, i: int, lw: str, appositive: bool) -> Hit | None:
    """The hit of the first cue starting at token i that reports (phrases first); a cue
    that needs a speaker (see :func:`qa.analysis.cues.candidates`) reports only with a
    source that names one ("Warren grilled Stumpf", not "The bill addresses costs") and
    where the tagger reads a finite verb."""
    for end, phrase, needs_speaker in candidates(s, i, lw):
        hit = _decide(Cue(s, i, end, phrase, appositive))
        if hit is None or needs_speaker and (
            hit.core is None or not speaker(s.text[hit.core[0] : hit.core[1]])
            or not finite_verb(s, i)
        ):
            continue
        return hit
    return None


def _may_report(text: str) -> bool:
    """The prefilter: whether ``text`` holds a colon, a quotation mark or a word that may
    open a cue."""
    return ":" in text or has_quote(text) or not lexicon().first_words.isdisjoint(
        WORD.findall(text.lower())
    )


def _without_dateline(text: str) -> str:
    """``text`` with a dateline or byline that opens it ("TOKYO (CNN) --", "LONDON, March 3
    (Reuters) -", :mod:`qa.text.datelines`) blanked out, offsets kept: where a story was
    filed is never who speaks in it ("WASHINGTON (AP) — The Senate passed it, saying")."""
    line = datelines.find(text)
    return text if line is None else " " * line.end + text[line.end :]


def _find(text: str, appositive: bool, inside: bool = False) -> Hit | None:
    """The outermost frame of one sentence: a speaker label, else a closing frame, else the
    first one outside quotation marks; cues inside quotation marks are the quoted
    speaker's own words (``inside``: a quotation is open when the sentence starts)."""
    if not _may_report(text):
        return None
    lex = lexicon()
    s = sentence(_without_dateline(text))
    label = speaker_label(s)
    if label is not None:
        return label
    flags = quoted(s, inside)
    first = None
    for i, lw in enumerate(s.lows):
        if lw not in lex.first_words or flags[i] or s.piece(i):
            continue  # quoted, or a piece of a written word ("tweet_id", "U.S.-led")
        hit = _cue_hit(s, i, lw, appositive)
        if hit is None:
            continue
        if closes_sentence(s, hit):
            return hit
        first = first or hit
    return first or quoted_object(s, flags)


def _frames(texts: Sequence[str], inside: Sequence[bool], appositive: bool
            ) -> list[Hit | None]:
    """:func:`_find` of every sentence; the sentences whose frame needs the tagger are
    tagged together, then read again (the tagger costs much less a sentence in a batch)."""
    hits: list[Hit | None] = [None] * len(texts)
    waiting: dict[int, str] = {}
    with deferred_tags():
        for idx, text in enumerate(texts):
            try:
                hits[idx] = _find(text, appositive, inside[idx])
            except TagsNeeded as needed:
                waiting[idx] = needed.text
    tag_all(list(waiting.values()))
    for idx in waiting:
        hits[idx] = _find(texts[idx], appositive, inside[idx])
    return hits


def _own(hit: Hit, idx: int, sources: Sources) -> Attribution:
    """The attribution of sentence ``idx`` from its own frame, a pronoun source resolved."""
    text = sources.texts[idx]
    cue = text[hit.cue[0] : hit.cue[1]] if text[hit.cue[0]] != ":" else None
    cue_span = hit.cue if cue else None
    if hit.source is None or hit.core is None:
        return Attribution(None, cue, None, cue_span, rule=hit.rule)
    source = text[hit.source[0] : hit.source[1]]
    found = sources.resolve(idx, source.lower())
    rule = "pronoun"
    if found is None:
        found, rule = sources.describe(source), "description"
    if found is not None:
        where = (found.sentence, *found.span)
        return Attribution(found.text, cue, hit.source, cue_span, where, rule=rule)
    sources.remember(idx, hit.source, source, text[hit.core[0] : hit.core[1]])
    return Attribution(source, cue, hit.source, cue_span, rule=hit.rule)


@dataclass
class _Document:
    """One document being attributed: what the continuations read and fill in."""

    texts: list[str]
    out: list[Attribution]
    #: Whether a quotation is open at the end of each sentence.
    open_after: list[bool]
    paragraphs: Sequence[int] | None


def _inherit(out: list[Attribution], origin: int, rule: str) -> Attribution:
    """The attribution of sentence ``origin`` given to another sentence of its content."""
    speaker = out[origin]
    where = speaker.resolved_from
    if where is None and speaker.source_span is not None:
        where = (origin, *speaker.source_span)
    return Attribution(speaker.source, speaker.cue, None, None, where, rule)


def _open(att: Attribution) -> bool:
    """Whether a sentence has no frame yet (a continuation may give it one)."""
    return att.source is None and att.cue is None


def _quoted_after_colon(doc: _Document, first: int) -> bool:
    """Whether sentence ``first``, without a frame, opens a quotation that a frame ending
    in a colon introduces ("Smith said:" / "“We will win.")."""
    texts, out = doc.texts, doc.out
    return bool(first) and _open(out[first]) and out[first - 1].source is not None and (
        texts[first - 1].rstrip().endswith(":") and starts_quote(texts[first])
    )


def quote_continued(doc: _Document) -> None:
    """Give the sentences of a multi-sentence quotation the speaker of that quotation: the
    nearest attributed sentence of the run before it, else the first one after it."""
    texts, out = doc.texts, doc.out
    for run in quote_runs(doc.open_after):
        if _quoted_after_colon(doc, run[0]):
            run = [run[0] - 1, *run]
        speakers = [i for i in run if out[i].source is not None]
        quote_after = not speakers and run[0] and starts_quote(texts[run[0]])
        if quote_after and out[run[0] - 1].source is not None:  # 'X said Y. “Quote.”'
            run = [run[0] - 1, *run]
            speakers = [run[0]]
        if not speakers:
            continue
        for i in run:
            if _open(out[i]):
                origin = next((j for j in reversed(speakers) if j < i), speakers[0])
                out[i] = _inherit(out, origin, "quote_continued")


def _signed_run(doc: _Document, idx: int, inline: bool) -> list[int]:
    """The sentences a signature in sentence ``idx`` signs: back from the quotation's last
    sentence to the one that opens it, all without a frame but ``idx``; [] when none."""
    texts, out = doc.texts, doc.out
    last = idx if inline else idx - 1
    if last < 0 or not (inline or texts[last].rstrip().endswith(("”", '"', "''"))):
        return []
    run = []
    for j in range(last, max(last - MAX_QUOTE_RUN, -1), -1):
        if j != idx and not _open(out[j]):
            break
        run.append(j)
        if starts_quote(texts[j]):
            break
    else:
        return []
    return run if run and starts_quote(texts[run[-1]]) else []


def signed_quote(doc: _Document) -> None:
    """Give a quotation signed on its own line ("“...” ― Name") to the signer: the
    unattributed sentences back to the one that opens the quotation."""
    for idx, text in enumerate(doc.texts):
        if not any(d in text for d in SIGNATURE_DASHES):
            continue
        sig = signature(text)
        if sig is None:
            continue
        a, b, inline = sig
        name = text[a:b]
        for j in _signed_run(doc, idx, inline):
            if j == idx:
                doc.out[j] = Attribution(name, None, (a, b), None, rule="signature")
            else:
                doc.out[j] = Attribution(name, None, None, None, (idx, a, b), rule="signature")


def _block_end(doc: _Document, idx: int, colon: bool) -> int:
    """The sentence after the content that the frame of sentence ``idx`` introduces."""
    n, start, paragraphs = len(doc.texts), idx + 1, doc.paragraphs
    if paragraphs is None:
        return min(start + 1, n)
    para = paragraphs[start] if colon and start < n else paragraphs[idx]
    stop = start
    while stop < n and paragraphs[stop] == para and stop - start < MAX_QUOTE_RUN:
        stop += 1
    return stop


def introduced_content(doc: _Document) -> None:
    """A frame that ends its sentence with a colon ("The governor added:") introduces what
    follows (rule ``colon_frame``), and a speaker label ("PENCE: Well, ...") speaks to the
    end of its paragraph (rule ``label_paragraph``). With ``paragraphs``, the content runs
    to the end of the paragraph it starts in (the one after the frame when the frame ends
    its own); without, only the next sentence is taken, because the end of the content is
    unknown, and a label takes none. Sentences with a frame of their own keep it. On
    PolNeAR dev, wider rules (a "that" clause before, a pronoun or connective opening the
    next sentence) gave far more author's sentences than reported ones, so nothing else
    continues."""
    texts, out = doc.texts, doc.out
    idx = 0
    while idx < len(texts):
        att = out[idx]
        colon = att.source is not None and att.cue_span is not None and (
            texts[idx].rstrip().endswith(":")
        )
        label = att.source is not None and att.cue is None and att.source_span is not None and (
            texts[idx][att.source_span[1] :].lstrip().startswith(":")
        )
        if not (colon or label) or (label and doc.paragraphs is None):
            idx += 1
            continue
        stop = _block_end(doc, idx, colon)
        rule = "colon_frame" if colon else "label_paragraph"
        for j in range(idx + 1, stop):
            if _open(out[j]) and texts[j].strip():
                out[j] = _inherit(out, idx, rule)
        idx = max(stop, idx + 1)


#: What gives sentences the source of content spanning several sentences, run in this
#: order over the whole document after each sentence's own frame.
CONTINUATIONS: tuple[Callable[[_Document], None], ...] = (
    quote_continued,
    signed_quote,
    introduced_content,
)

#: Every ``Attribution.rule``, in the order the frames are tried.
RULES: tuple[str, ...] = (
    "speaker_label",
    *(frame.__name__ for frame in FRAMES),
    "quoted_object",
    "pronoun",
    "description",
    "quote_continued",
    "signature",
    "colon_frame",
    "label_paragraph",
)


def attribute_sentence(text: str, *, appositive: bool = True) -> Attribution:
    """Attribution of a single sentence, without pronoun resolution or quote context."""
    return attribute([text], appositive=appositive)[0]


def attribute(
    sentences: Sequence[str],
    *,
    appositive: bool = True,
    paragraphs: Sequence[int] | None = None,
) -> list[Attribution]:
    """One :class:`Attribution` per sentence of one document, in order (see module doc).

    ``paragraphs`` gives the paragraph number of each sentence, when known: a frame
    ending in a colon then covers the paragraph it introduces, and a speaker label
    ("PENCE: Well, ...") the rest of its paragraph.
    """
    return attribute_many([(sentences, paragraphs)], appositive=appositive)[0]


def attribute_many(
    documents: Sequence[tuple[Sequence[str], Sequence[int] | None]],
    *,
    appositive: bool = True,
) -> list[list[Attribution]]:
    """:func:`attribute` of each ``(sentences, paragraphs)`` document, the same results;
    the sentences of all of them that need the tagger are tagged in one call (a call
    costs about a millisecond however few sentences it tags, and a document needs only
    two or three)."""
    docs: list[tuple[list[str], Sequence[int] | None, list[bool]]] = []
    flat: list[str] = []
    inside_flat: list[bool] = []
    for sentences, paragraphs in documents:
        texts = [t if isinstance(t, str) else "" for t in sentences]
        if paragraphs is not None and len(paragraphs) != len(texts):
            raise ValueError("paragraphs must give one number per sentence")
        open_after: list[bool] = []
        inside = False
        for text in texts:
            inside_flat.append(inside)  # whether a quotation is open where it starts
            inside = quote_state(text, inside)
            open_after.append(inside)
        docs.append((texts, paragraphs, open_after))
        flat += texts
    hits = _frames(flat, inside_flat, appositive)
    results = []
    at = 0
    for texts, paragraphs, open_after in docs:
        sources = Sources(texts)
        out = [_NONE if hit is None else _own(hit, idx, sources)
               for idx, hit in enumerate(hits[at : at + len(texts)])]
        at += len(texts)
        doc = _Document(texts, out, open_after, paragraphs)
        for continuation in CONTINUATIONS:
            continuation(doc)
        results.append(doc.out)
    return results
