"""Part-of-speech tagger: Universal POS (UPOS) and Penn Treebank (XPOS) tags for tokens.

``tag(tokens)`` / ``tag_many(sentences)`` take tokens split the way UD English EWT splits
English (punctuation apart, "'s" and "n't" split off, "4.5", "1,200" and hyphenated words
whole) and return one UPOS tag per token; ``xpos=True`` returns Penn tags instead (VBD vs
VBN vs VBG, NNP vs NNPS, ...), consistent with the UPOS tag. The shipped model is loaded
once, lazily, from ``qa/data/tagger_ewt.json`` + ``.npz`` (plain arrays, no pickle), checked
against its SHA-256; ``Tagger(path)`` loads another and refuses damaged or foreign files
with ``TaggerModelError``.

Model. No feature depends on an earlier decision, so a whole batch is scored at once:

1. Each word *type* is featurised once per variant (first word of a sentence, inside one, or
   in a headline: a sentence in title case or all caps, where capitals say little): the
   normalised lower-case word, its case-sensitive form, suffixes of 1-4 and prefixes of 1-3
   letters, a collapsed word shape ("Xx", "d,d", "x-x"), case class crossed with the
   variant, the part after a hyphen, digits, opening typographic quote. Neighbours at
   +-1 contribute their word, suffixes, shape and case, at +-2 their word, suffix and case.
   The weights of a type's features are summed once into a cached row per offset, so a
   token's first-pass input is five row gathers (news vocabulary is Zipfian).
2. Pass 1 is a small network: the gathered sums form a hidden layer (ReLU) read by a UPOS
   and an XPOS output layer; a linear UPOS part adds the same features and the pairs
   (previous word, word) and (word, next word) of listed words.
3. Pass 2 (stacking) rescores UPOS with a linear model over pass 1's log-probabilities,
   the pass 1 tags at +-1 and +-2 and their pairs, and listed words crossed with the
   neighbours' pass 1 tags. XPOS is pass 1's XPOS head restricted to the tags seen with
   the final UPOS tag in training.

Everything is NumPy: row gathers, small matrix products, a vectorised hash index for the
word-pair tables. Unseen words are featurised as they come.

Provenance: trained by ``scripts/train_tagger.py`` on UD English EWT (CC BY-SA 4.0), so the
model files are CC BY-SA 4.0; see ``qa/data/tagger_ewt.md``. Measured with the shipped files
(``bench/tagger_eval.py``, gold tokens): UPOS 95.15% on EWT test, 95.13% on dev (most
frequent tag: 88.42%, 88.15%); XPOS 94.32% test, 94.31% dev; dev in title case 93.85%.
One core: ~320,000 tokens/s in one pass over unseen news text, ~530,000 once words are
cached. The cache (at most ~90 MB) keeps the most used of up to 32,768 rows.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

import numpy as np

__all__ = ["Tagger", "TaggerModelError", "default_model_path", "tag", "tag_many"]

FORMAT = "qa.text.tagger"
FORMAT_VERSION = 1
from qa.text.tag_features import (  # noqa: F401  (the training script reads them here)
    _NORMALISE,
    _OPENING,
    _SMALL_WORDS,
    _VARIANT_MARK,
    BOS,
    EOS,
    FEATURES_VERSION,
    FIRST,
    HEADLINE,
    INSIDE,
    OFFSETS,
    PAD,
    TAG_PAIRS,
    _case_class,
    _names,
    _neighbour_values,
    _shape,
    bigram_keys,
    case_code,
    conj_keys,
    key_rows,
    lex_form,
    n_tag_context,
    neighbour_index,
    tag_context_ids,
    type_features,
    variants,
)


class TaggerModelError(ValueError):
    """The model files are missing, damaged or not a model of this tagger."""


def default_model_path() -> Path:
    """The shipped model's JSON file (its arrays are in the ``.npz`` beside it)."""
    return Path(__file__).resolve().parent.parent / "data" / "tagger_ewt.json"


_QUANTISED = ("feat_E", "feat_L", "bigram_L", "conj_W")
_FLOAT = ("b1", "W2", "b2", "X2", "bx", "stack_b", "stack_A", "stack_ctx")


def _read_model(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The JSON metadata and the checked arrays of a model; TaggerModelError if unusable."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaggerModelError(f"cannot read tagger model {path}: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise TaggerModelError(f"{path} is not a {FORMAT} model")
    if meta.get("version") != FORMAT_VERSION:
        version = meta.get("version")
        raise TaggerModelError(f"{path}: format version {version!r}, not {FORMAT_VERSION}")
    if meta.get("features_version") != FEATURES_VERSION:
        raise TaggerModelError(f"{path}: made for other features than this tagger computes")
    npz = path.with_name(str(meta.get("arrays_file", "")))
    try:
        blob = npz.read_bytes()
    except OSError as exc:
        raise TaggerModelError(f"cannot read tagger arrays {npz}: {exc}") from None
    if hashlib.sha256(blob).hexdigest() != meta.get("arrays_sha256"):
        raise TaggerModelError(f"{npz} is damaged or does not belong to {path} (checksum differs)")
    try:
        with np.load(npz, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise TaggerModelError(f"cannot load tagger arrays {npz}: {exc}") from None
    _check_shapes(meta, arrays, path)
    return meta, arrays


def _check_shapes(meta: dict, arrays: dict[str, np.ndarray], path: Path) -> None:
    try:
        n_feat, n_up, n_xp = len(meta["features"]), len(meta["upos"]), len(meta["xpos"])
        hidden, n_lex = int(meta["hidden"]), len(meta["lexicon"])
        want = {"feat_E": (n_feat, hidden), "feat_L": (n_feat, n_up), "b1": (hidden,)}
        want |= {"W2": (hidden, n_up), "b2": (n_up,), "X2": (hidden, n_xp), "bx": (n_xp,)}
        want |= {"stack_b": (n_up,), "stack_A": (n_up, n_up), "allowed": (n_up, n_xp)}
        want["stack_ctx"] = (n_tag_context(n_up), n_up)
        for name, shape in want.items():
            if arrays[name].shape != shape:
                raise TaggerModelError(f"{path}: array {name} has shape {arrays[name].shape}")
        for name in _QUANTISED:
            if arrays[name + "_scale"].shape != arrays[name].shape[1:]:
                raise TaggerModelError(f"{path}: array {name}_scale does not match {name}")
        for group, width in (("bigram", 2), ("conj", 5)):
            sizes = [arrays[f"{group}_keys_{k}"].size for k in range(width)]
            rows = arrays["bigram_L" if group == "bigram" else "conj_W"].shape
            if rows != (sum(sizes), n_up):
                raise TaggerModelError(f"{path}: {group} tables do not match their keys")
            for k in range(width):
                if np.any(np.diff(arrays[f"{group}_keys_{k}"].astype(np.int64)) <= 0):
                    raise TaggerModelError(f"{path}: {group} keys are not sorted")
        if n_lex != len(set(meta["lexicon"])) or n_feat != len(set(meta["features"])):
            raise TaggerModelError(f"{path}: repeated entries in the feature or word table")
    except (KeyError, TypeError) as exc:
        raise TaggerModelError(f"{path}: incomplete tagger model ({exc})") from None


def _dequantise(arrays: dict[str, np.ndarray], name: str) -> np.ndarray:
    return arrays[name].astype(np.float32) * arrays[name + "_scale"].astype(np.float32)


class _KeyIndex:
    """Hash index (vectorised linear probing) of a sorted key table: key -> row, -1 if absent."""

    def __init__(self, keys: np.ndarray, weights: np.ndarray) -> None:
        size = 1 << max(4, (4 * keys.size).bit_length())
        self.mask = np.uint64(size - 1)
        self.slots = np.full(size, -1, dtype=np.int64)
        self.rows = np.full(size, -1, dtype=np.int64)
        # weights with a zero row at the end, which row -1 selects
        self.weights = np.vstack([weights, np.zeros((1, weights.shape[1]), np.float32)])
        home, todo, probe = self._home(keys), np.arange(keys.size), 0
        while todo.size:
            pos = (home[todo] + np.uint64(probe)) & self.mask
            free = self.slots[pos] == -1
            where, first = np.unique(pos[free], return_index=True)
            placed = todo[free][first]
            self.slots[where.astype(np.int64)] = keys[placed]
            self.rows[where.astype(np.int64)] = placed
            todo = np.setdiff1d(todo, placed, assume_unique=True)
            probe += 1

    @staticmethod
    def _home(keys: np.ndarray) -> np.ndarray:
        return (keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(20)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        out = np.full(keys.shape, -1, dtype=np.int64)
        active = np.flatnonzero(keys >= 0)
        pos = self._home(keys[active]) & self.mask
        while active.size:
            slot = self.slots[pos.astype(np.int64)]
            hit = slot == keys[active]
            out[active[hit]] = self.rows[pos[hit].astype(np.int64)]
            more = ~hit & (slot != -1)
            active, pos = active[more], (pos[more] + np.uint64(1)) & self.mask
        return out


def _split_keys(arrays: dict[str, np.ndarray], group: str, width: int, weights: np.ndarray):
    out, start = [], 0
    for k in range(width):
        keys = arrays[f"{group}_keys_{k}"].astype(np.int64)
        out.append(_KeyIndex(keys, weights[start : start + keys.size]))
        start += keys.size
    return out


def _key_sum(score: np.ndarray, tables: list[_KeyIndex], keysets: list[np.ndarray]) -> None:
    for table, keys in zip(tables, keysets):
        score += table.weights[table.lookup(keys)]


def _as_list(sentence: Sequence[str]) -> list[str]:  # a str is not a sentence of tokens
    if isinstance(sentence, str):
        raise TypeError("each sentence must be a sequence of token strings, not a str")
    return list(sentence)


def _grow(arr: np.ndarray, n: int, fill: float = 0) -> np.ndarray:
    if n <= arr.shape[0]:
        return arr
    out = np.full((max(n, 2 * arr.shape[0]),) + arr.shape[1:], fill, dtype=arr.dtype)
    out[: arr.shape[0]] = arr
    return out


class Tagger:
    """A loaded model plus a cache of per-word feature sums (news vocabulary is Zipfian).

    Thread-safe: one lock guards the cache; tag many sentences per call for speed.
    """

    MAX_ROWS = 1 << 15  # cached (word, variant) rows before the least used half is dropped
    CHUNK = 8192  # tokens scored together

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_model_path()
        meta, arrays = _read_model(self.path)
        self.meta = meta
        self.upos_tags: list[str] = list(meta["upos"])
        self.xpos_tags: list[str] = list(meta["xpos"])
        self._hidden = int(meta["hidden"])
        self._feature: list[dict[str, int]] = [{} for _ in OFFSETS]  # per offset, unprefixed
        try:
            for i, name in enumerate(meta["features"]):
                cut = 2 if name[:1] == "-" else 1
                self._feature[OFFSETS.index(int(name[:cut]))][name[cut:]] = i
        except (TypeError, ValueError) as exc:
            raise TaggerModelError(f"{self.path}: bad feature name ({exc})") from None
        self._lexicon = {w: i for i, w in enumerate(meta["lexicon"])}
        self._el = np.hstack([_dequantise(arrays, "feat_E"), _dequantise(arrays, "feat_L")])
        f = {k: arrays[k].astype(np.float32) for k in _FLOAT}
        self._b1, self._w2, self._b2, self._x2, self._bx = (f[k] for k in _FLOAT[:5])
        self._stack_b, self._stack_a, self._stack_ctx = f["stack_b"], f["stack_A"], f["stack_ctx"]
        self._bigrams = _split_keys(arrays, "bigram", 2, _dequantise(arrays, "bigram_L"))
        self._conj = _split_keys(arrays, "conj", 5, _dequantise(arrays, "conj_W"))
        self._xmask = np.where(arrays["allowed"].astype(bool), 0.0, -np.inf).astype(np.float32)
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._words: dict[str, int] = {}
        self._wlist: list[str] = []
        self._codes = np.zeros(4096, dtype=np.int8)
        self._lex = np.zeros(4096, dtype=np.int64)
        self._rowmap = np.full((4096, 3), -1, dtype=np.int64)
        rows = self.MAX_ROWS + self.CHUNK + 2  # np.zeros: memory is only taken as rows fill
        self._tables = [np.zeros((rows, self._el.shape[1]), np.float32) for _ in OFFSETS]
        self._row_key = np.full(rows, -1, dtype=np.int64)  # word id * 3 + variant of a row
        self._hits = np.zeros(rows, dtype=np.int64)
        self._n_rows = 0
        self._add_rows([(BOS, PAD), (EOS, PAD)])

    def _shrink(self) -> None:
        """Keep the most used half of the cached rows (and the sentence-boundary rows)."""
        n = self._n_rows
        top = np.argsort(-self._hits[:n], kind="stable")[: self.MAX_ROWS // 2]
        keep = np.union1d(top, [0, 1])
        for t in self._tables:
            t[: keep.size] = t[keep]
        self._row_key[: keep.size] = self._row_key[keep]
        self._hits[: keep.size] = self._hits[keep] // 2
        self._n_rows = keep.size
        self._rowmap[:] = -1
        keys = self._row_key[2 : keep.size]
        self._rowmap[keys // 3, keys % 3] = np.arange(2, keep.size)

    def _new_word(self, word: str) -> int:
        if not isinstance(word, str):
            raise TypeError(f"tokens must be str, not {type(word).__name__}")
        wid = self._words[word] = len(self._wlist)
        self._wlist.append(word)
        self._codes = _grow(self._codes, wid + 1)
        self._lex = _grow(self._lex, wid + 1)
        self._rowmap = _grow(self._rowmap, wid + 1, -1)
        self._codes[wid] = case_code(word)
        self._lex[wid] = self._lexicon.get(lex_form(word), -1)
        return wid

    def _add_rows(self, pairs: list[tuple[str, int]]) -> None:
        start, end = self._n_rows, self._n_rows + len(pairs)
        feats = [_names(w, v) for w, v in pairs]
        for k in range(len(OFFSETS)):
            get = self._feature[k].get
            ids = [[j for j in map(get, f[k]) if j is not None] for f in feats]
            lens = np.fromiter(map(len, ids), np.int64, len(ids))
            flat = np.fromiter(chain.from_iterable(ids), np.int64, int(lens.sum()))
            sums = np.zeros((len(ids), self._el.shape[1]), np.float32)
            if flat.size:
                starts = np.cumsum(lens) - lens
                sums[lens > 0] = np.add.reduceat(self._el[flat], starts[lens > 0], axis=0)
            self._tables[k] = _grow(self._tables[k], end)
            self._tables[k][start:end] = sums
        self._row_key = _grow(self._row_key, end, -1)
        self._hits = _grow(self._hits, end)
        self._n_rows = end

    def _word_ids(self, flat: list[str]) -> np.ndarray:
        wids = np.fromiter(map(self._words.get, flat, repeat(-1)), np.int64, len(flat))
        for i in np.flatnonzero(wids < 0).tolist():
            wid = self._words.get(flat[i])
            wids[i] = self._new_word(flat[i]) if wid is None else wid
        return wids

    def _type_rows(self, wids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        var = variants(self._codes[wids], lengths)
        rows = self._rowmap[wids, var]
        miss = np.flatnonzero(rows < 0)
        if miss.size:
            keys = np.unique(wids[miss] * 3 + var[miss])
            start = self._n_rows
            self._add_rows([(self._wlist[k // 3], k % 3) for k in keys.tolist()])
            self._rowmap[keys // 3, keys % 3] = np.arange(start, self._n_rows)
            self._row_key[start : self._n_rows] = keys
            rows = self._rowmap[wids, var]
        self._hits[: self._n_rows] += np.bincount(rows, minlength=self._n_rows)
        return rows

    def _pass1(self, rows: np.ndarray, lex: np.ndarray, lengths: np.ndarray):
        """Pass 1 UPOS logits and hidden layer of every token."""
        nb = neighbour_index(lengths)
        acc = self._tables[2][rows]
        for k, o in enumerate(OFFSETS):
            if o:
                r = np.where(nb[o] >= 0, rows[np.maximum(nb[o], 0)], 0 if o < 0 else 1)
                acc += self._tables[k][r]
        hidden = acc[:, : self._hidden]
        hidden += self._b1
        np.maximum(hidden, 0, out=hidden)
        zu = acc[:, self._hidden :]
        zu += hidden @ self._w2 + self._b2
        _key_sum(zu, self._bigrams, bigram_keys(lex, lengths, len(self._lexicon)))
        return zu, hidden

    def _pass2(self, zu: np.ndarray, lex: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Final UPOS ids: pass 1 log-probabilities, neighbours' pass 1 tags, word x tags."""
        n_tags = len(self.upos_tags)
        logp = zu - zu.max(axis=1, keepdims=True)
        logp -= np.log(np.exp(logp).sum(axis=1, keepdims=True))
        pred = zu.argmax(axis=1)
        z = logp @ self._stack_a + self._stack_b
        for col in tag_context_ids(pred, lengths, n_tags).T:
            z += self._stack_ctx[col]
        _key_sum(z, self._conj, conj_keys(lex, pred, lengths, n_tags))
        return z.argmax(axis=1)

    def _tag_flat(self, flat: list[str], lengths: np.ndarray, xpos: bool) -> np.ndarray:
        if len(self._wlist) > 8 * self.MAX_ROWS:
            self._reset()
        elif self._n_rows > self.MAX_ROWS:
            self._shrink()
        wids = self._word_ids(flat)
        rows = self._type_rows(wids, lengths)
        lex = self._lex[wids]
        zu, hidden = self._pass1(rows, lex, lengths)
        up = self._pass2(zu, lex, lengths)
        if not xpos:
            return up
        return (hidden @ self._x2 + self._bx + self._xmask[up]).argmax(axis=1)

    def tag_many(self, sentences: Sequence[Sequence[str]], *, xpos: bool = False) -> list[list]:
        """UPOS tags (Penn XPOS tags with ``xpos=True``) of each sentence of tokens."""
        sents = [s if type(s) is list else _as_list(s) for s in sentences]
        names = self.xpos_tags if xpos else self.upos_tags
        lengths = np.fromiter(map(len, sents), np.int64, len(sents))
        ends = np.cumsum(lengths)
        out: list[list[str]] = []
        i = 0
        while i < len(sents):
            j = max(i + 1, int(np.searchsorted(ends, ends[i] - lengths[i] + self.CHUNK)))
            flat = list(chain.from_iterable(sents[i:j]))
            tags: list[str] = []
            if flat:
                lens = lengths[i:j]
                with self._lock:
                    ids = self._tag_flat(flat, lens[lens > 0], xpos)
                tags = list(map(names.__getitem__, ids.tolist()))
            stops = (ends[i:j] - (ends[i] - lengths[i])).tolist()
            out.extend(tags[a - n : a] for a, n in zip(stops, lengths[i:j].tolist()))
            i = j
        return out

    def tag(self, tokens: Sequence[str], *, xpos: bool = False) -> list[str]:
        """UPOS tags (Penn XPOS tags with ``xpos=True``) of one sentence of tokens."""
        return self.tag_many([tokens], xpos=xpos)[0]


@lru_cache(maxsize=1)
def _default_tagger() -> Tagger:
    return Tagger()


def tag(tokens: Sequence[str], *, xpos: bool = False) -> list[str]:
    """UPOS (``xpos=True``: Penn) tags of one tokenised sentence; shipped model, loaded once."""
    return _default_tagger().tag(tokens, xpos=xpos)


def tag_many(sentences: Sequence[Sequence[str]], *, xpos: bool = False) -> list[list[str]]:
    """UPOS (``xpos=True``: Penn) tags of many tokenised sentences, vectorised over all tokens."""
    return _default_tagger().tag_many(sentences, xpos=xpos)
