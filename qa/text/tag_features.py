"""The features of the part-of-speech tagger (:mod:`qa.text.tagger`): what it reads of a
word (its form, affixes, shape and case) and of its neighbours, as names and keys that the
model's tables index. A model is only valid with the features it was trained on, so
:data:`FEATURES_VERSION` is stored in the model file and checked at load.
"""

from __future__ import annotations

import numpy as np

FEATURES_VERSION = 1  # of type_features(): a model is only valid with the features it was made on
OFFSETS = (-2, -1, 0, 1, 2)
INSIDE, FIRST, HEADLINE, PAD = 0, 1, 2, 3  # PAD: the row of BOS/EOS beyond a sentence
BOS, EOS = "<s>", "</s>"

_NORMALISE = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u02bc": "'", "\u2032": "'",
        "\u2013": "-", "\u2014": "--", "\u2212": "-", "\u2026": "...",
    }
)
_OPENING = frozenset("\u201c\u201e\u00ab\u2018\u201a")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on onto or over per the to up via vs with"
    .split()
)
_VARIANT_MARK = ("i", "f", "h")


def _shape(word: str) -> str:
    """Character classes with runs collapsed: 'Korea' -> 'Xx', '1,200' -> 'd,d'."""
    out: list[str] = []
    for ch in word if len(word) <= 40 else word[:20] + word[-20:]:
        c = ("X" if ch.isupper() else "x") if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:8])


def _case_class(word: str) -> str:
    """'l' lower, 'T' title, 'U' all caps, 'S' single capital, 'm' mixed, 'n' no letters."""
    letters = [c for c in word[:40] if c.isalpha()]
    if not letters:
        return "n"
    if all(c.isupper() for c in letters):
        return "U" if len(letters) > 1 else "S"
    return "T" if word[0].isupper() else "m" if any(c.isupper() for c in letters) else "l"


def case_code(word: str) -> int:
    """Headline evidence of one token: 2 capitalised word, 1 lower-case word, 0 neutral."""
    if len(word) < 2 or not word[0].isalpha():
        return 0
    return 2 if word[0].isupper() else 0 if word in _SMALL_WORDS else 1


def lex_form(word: str) -> str:
    """The normalised lower-case form under which a word is looked up."""
    return word.translate(_NORMALISE).lower()


def type_features(word: str, variant: int) -> tuple[list[str], ...]:
    """Feature names of ``word`` seen at each of ``OFFSETS`` from the token being tagged.

    ``variant`` is where the word stands: ``INSIDE`` a sentence, ``FIRST`` of it, or in a
    ``HEADLINE`` (a title-case or all-caps sentence, where capitals say little).
    """
    return tuple([f"{o}{f}" for f in names] for o, names in zip(OFFSETS, _names(word, variant)))


def _names(word: str, variant: int) -> tuple[list[str], ...]:
    """``type_features`` without the offset prefixes (lists may be shared)."""
    if variant == PAD:
        return tuple([] if o == 0 else [f"w={word}"] for o in OFFSETS)
    norm = word.translate(_NORMALISE)
    low = norm.lower()
    if len(low) > 60:
        low = low[:30] + low[-30:]
    mark = _VARIANT_MARK[variant]
    head = variant == HEADLINE
    shape = ("hsh=" if head else "sh=") + _shape(norm)
    case = "c=" + mark + _case_class(norm)
    s2, s3 = "s2=" + low[-2:], "s3=" + low[-3:]
    own = ["b", "w=" + low, shape, case]
    if not head and norm != low:
        own.append("W=" + norm[:60])
    own.extend(f"s{k}={low[-k:]}" for k in (1, 2, 3, 4) if len(low) > k)
    own.extend(f"p{k}={low[:k]}" for k in (1, 2, 3) if len(low) > k)
    if "-" in low[1:]:
        own.append("hy=" + low.rsplit("-", 1)[1])
    if any(c.isdigit() for c in low):
        own.append("dg")
    if word[:1] in _OPENING:
        own.append("qo")
    near = ["w=" + low, s2, s3, shape, case]
    far = ["w=" + low, s3, case]
    return (far, near, own, near, far)


def variants(codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The variant of each token of sentences laid end to end (no empty sentences)."""
    starts = np.cumsum(lengths) - lengths
    n1, n2 = (
        np.add.reduceat(codes == c, starts, dtype=np.int64) - (codes[starts] == c) for c in (1, 2)
    )
    head = (n2 >= 3) & (n2 >= 8 * n1)
    out = np.where(np.repeat(head, lengths), HEADLINE, INSIDE)
    out[starts] = np.where(head, HEADLINE, FIRST)
    return out


def neighbour_index(lengths: np.ndarray) -> dict[int, np.ndarray]:
    """For each offset, the flat index of the neighbour token, -1 before and -2 after a sentence."""
    idx = np.arange(int(lengths.sum()))
    pos = idx - np.repeat(np.cumsum(lengths) - lengths, lengths)
    rem = np.repeat(lengths, lengths) - pos - 1
    out = {0: idx}
    for o in (1, 2):
        out[-o] = np.where(pos >= o, idx - o, -1)
        out[o] = np.where(rem >= o, idx + o, -2)
    return out


TAG_PAIRS = ((-1, 1), (-2, -1), (1, 2), (-1, 0), (0, 1))


def tag_context_ids(pred: np.ndarray, lengths: np.ndarray, n_tags: int) -> np.ndarray:
    """Second-pass feature ids of each token from first-pass tags around it, shape (n, 10)."""
    nb = neighbour_index(lengths)
    m = n_tags + 1
    ctx = {o: np.where(nb[o] >= 0, pred[np.maximum(nb[o], 0)], n_tags) for o in OFFSETS}
    cols = [k * m + ctx[o] for k, o in enumerate(OFFSETS)]
    base = len(OFFSETS) * m
    for j, (a, b) in enumerate(TAG_PAIRS):
        cols.append(base + j * m * m + ctx[a] * m + ctx[b])
    return np.stack(cols, axis=1)


def n_tag_context(n_tags: int) -> int:
    m = n_tags + 1
    return len(OFFSETS) * m + len(TAG_PAIRS) * m * m


def _neighbour_values(vals: np.ndarray, nb: np.ndarray, before: int, after: int) -> np.ndarray:
    return np.where(nb >= 0, vals[np.maximum(nb, 0)], np.where(nb == -1, before, after))


def bigram_keys(lex: np.ndarray, lengths: np.ndarray, n_lex: int) -> list[np.ndarray]:
    """Keys of the word pairs (previous, this) and (this, next); -1 where a word is unlisted."""
    nb = neighbour_index(lengths)
    m = n_lex + 2
    prev = _neighbour_values(lex, nb[-1], n_lex, n_lex + 1)
    nxt = _neighbour_values(lex, nb[1], n_lex, n_lex + 1)
    known = lex >= 0
    pairs = (np.where(known & (prev >= 0), prev * m + lex, -1), lex * m + nxt)
    return [pairs[0], np.where(known & (nxt >= 0), pairs[1], -1)]


def conj_keys(lex: np.ndarray, pred: np.ndarray, lengths: np.ndarray, n_tags: int) -> list:
    """Keys of a word with the first-pass tags around it; -1 where the word is unlisted."""
    nb = neighbour_index(lengths)
    m = n_tags + 1
    t = {o: _neighbour_values(pred, nb[o], n_tags, n_tags) for o in (-2, -1, 1, 2)}
    known = lex >= 0
    one = [lex * m + t[-1], lex * m + t[1]]
    two = [one[0] * m + t[1], (lex * m + t[-2]) * m + t[-1], one[1] * m + t[2]]
    return [np.where(known, k, -1) for k in one + two]


def key_rows(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Row of each key in the sorted key ``table``; -1 for keys not in it (or -1 keys)."""
    if table.size == 0:
        return np.full(keys.shape, -1, dtype=np.int64)
    pos = np.minimum(np.searchsorted(table, keys), table.size - 1)
    return np.where((keys >= 0) & (table[pos] == keys), pos, -1)
