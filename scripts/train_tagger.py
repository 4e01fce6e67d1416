"""Train the part-of-speech tagger of ``qa.text.tagger`` on UD English EWT.

    python scripts/train_tagger.py [DATA_DIR] [--out qa/data] [--no-test]

DATA_DIR holds ``en_ewt-ud-{train,dev,test}.conllu`` (default ``../shared/train/ud-english-ewt``
beside the repository). Training needs SciPy as well as NumPy; the shipped tagger only NumPy.
Pass 1 (a one-hidden-layer network over the sparse features of ``qa.text.tagger``, with UPOS
and XPOS heads and a linear UPOS part) is trained with Adam, dropout and feature dropout on
train plus headline-case copies of 20% of it; pass 2 (logistic regression by L-BFGS) on
pass 1 output from 5-fold jackknifing. Settings were chosen on dev; test is scored once, at
the end, with the written files. Seeded: the same data gives the same files.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import hashlib
import io
import json
import random
import re
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tagger_eval
from tagger_eval import read_conllu

from qa.text import tagger

Sentence = tuple[list[str], list[str], list[str]]
SEED = 13


@dataclass
class Config:
    hidden: int = 96
    epochs: int = 10
    lr: float = 2e-3
    batch: int = 128
    dropout: float = 0.2
    feature_dropout: float = 0.2
    min_count: int = 3
    lex_min: int = 2
    key_min: int = 3
    title: float = 0.15
    upper: float = 0.05
    folds: int = 5
    l2_stack: float = 1.0
    xpos_weight: float = 0.5


def headline_case(words: list[str], upper: bool) -> list[str]:
    """The sentence as a headline: every word capitalised (small words kept) or all caps."""
    if upper:
        return [w.upper() for w in words]
    small = tagger._SMALL_WORDS
    return [
        w[0].upper() + w[1:] if w[:1].islower() and (i == 0 or w not in small) else w
        for i, w in enumerate(words)
    ]


def augment(sents: list[Sentence], cfg: Config) -> tuple[list[Sentence], np.ndarray]:
    """Training sentences plus headline-case copies, and each one's original index."""
    rng = random.Random(SEED)
    out, origin = list(sents), list(range(len(sents)))
    for i, (w, u, x) in enumerate(sents):
        r = rng.random()
        if r < cfg.title + cfg.upper:
            out.append((headline_case(w, r >= cfg.title), u, x))
            origin.append(i)
    return out, np.array(origin)


class Types:
    """(word, variant) types met so far and their feature names per offset."""

    def __init__(self) -> None:
        pads = [(tagger.BOS, tagger.PAD), (tagger.EOS, tagger.PAD)]
        self.index: dict[tuple[str, int], int] = {pad: i for i, pad in enumerate(pads)}
        self.feats = [tagger.type_features(*pad) for pad in pads]

    def rows(self, sents: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        lengths = np.array([len(s) for s in sents], dtype=np.int64)
        flat = [w for s in sents for w in s]
        codes = np.array([tagger.case_code(w) for w in flat], dtype=np.int8)
        var = tagger.variants(codes, lengths)
        rows = np.empty(len(flat), dtype=np.int64)
        for i, key in enumerate(zip(flat, var.tolist())):
            r = self.index.get(key)
            if r is None:
                r = self.index[key] = len(self.feats)
                self.feats.append(tagger.type_features(*key))
            rows[i] = r
        return rows, lengths

    def matrices(self, vocab: dict[str, int]) -> list[sparse.csr_matrix]:
        mats = []
        for k in range(len(tagger.OFFSETS)):
            indptr, indices = [0], []
            for feats in self.feats:
                indices.extend(j for j in map(vocab.get, feats[k]) if j is not None)
                indptr.append(len(indices))
            data = np.ones(len(indices), dtype=np.float32)
            shape = (len(self.feats), len(vocab))
            mats.append(sparse.csr_matrix((data, indices, indptr), shape=shape))
        return mats


class Corpus:
    """One split featurised: word-feature matrix, lexicon ids, lengths and gold tags."""

    def __init__(self, sents: list[Sentence], types: Types, lex: dict[str, int], tags) -> None:
        self.sents = sents
        self.rows, self.lengths = types.rows([s[0] for s in sents])
        self.lex = np.array([lex.get(tagger.lex_form(w), -1) for s in sents for w in s[0]])
        self.upos = np.array([tags[0][t] for s in sents for t in s[1]])
        self.xpos = np.array([tags[1][t] for s in sents for t in s[2]])
        self.x: sparse.csr_matrix | None = None
        self.xb: sparse.csr_matrix | None = None

    def build(self, mats: list[sparse.csr_matrix], bigrams: KeyFeatures) -> None:
        nb = tagger.neighbour_index(self.lengths)
        x = None
        for o, m in zip(tagger.OFFSETS, mats):
            idx = nb[o]
            r = np.where(idx >= 0, self.rows[np.maximum(idx, 0)], np.where(idx == -1, 0, 1))
            x = m[r] if x is None else x + m[r]
        self.x = x.tocsr()
        self.xb = bigrams.matrix(tagger.bigram_keys(self.lex, self.lengths, bigrams.n_lex))


class KeyFeatures:
    """Integer-keyed features (word pairs, word x tag) with their sorted key tables."""

    def __init__(self, keysets: list[np.ndarray], min_count: int, n_lex: int) -> None:
        self.n_lex = n_lex
        self.tables = []
        for keys in keysets:
            u, c = np.unique(keys[keys >= 0], return_counts=True)
            self.tables.append(u[c >= min_count].astype(np.int64))
        self.size = sum(t.size for t in self.tables)

    def matrix(self, keysets: list[np.ndarray]) -> sparse.csr_matrix:
        n = keysets[0].size
        rows, cols, base = [], [], 0
        for keys, table in zip(keysets, self.tables):
            pos = tagger.key_rows(table, keys)
            ok = np.flatnonzero(pos >= 0)
            rows.append(ok)
            cols.append(base + pos[ok])
            base += table.size
        r, c = np.concatenate(rows), np.concatenate(cols)
        return sparse.csr_matrix((np.ones(r.size, np.float32), (r, c)), shape=(n, self.size))


def feature_vocab(types: Types, rows: np.ndarray, min_count: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for r, n in Counter(rows.tolist()).items():
        for names in types.feats[r]:
            for f in names:
                counts[f] += n
    kept = sorted(f for f, c in counts.items() if c >= min_count)
    return {f: i for i, f in enumerate(kept)}


def lexicon(sents: list[Sentence], min_count: int) -> dict[str, int]:
    counts = Counter(tagger.lex_form(w) for s in sents for w in s[0])
    return {w: i for i, w in enumerate(sorted(w for w, c in counts.items() if c >= min_count))}


class Adam:
    """Adam; rows of sparse-input matrices are updated lazily (only rows seen in a batch)."""

    def __init__(self, params: dict[str, np.ndarray]) -> None:
        self.p = params
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, name: str, grad: np.ndarray, lr: float, rows: np.ndarray | None = None) -> None:
        sel = slice(None) if rows is None else rows
        m = self.m[name][sel] = 0.9 * self.m[name][sel] + 0.1 * grad
        v = self.v[name][sel] = 0.999 * self.v[name][sel] + 0.001 * grad * grad
        self.p[name][sel] -= lr * m / (np.sqrt(v) + 1e-8)


def init_params(d: int, d_lin: int, n_up: int, n_xp: int, cfg: Config, rng) -> dict:
    h = cfg.hidden
    f32 = np.float32
    return {
        "E": (rng.standard_normal((d, h)) * 0.15).astype(f32),
        "b1": np.zeros(h, f32),
        "W2": (rng.standard_normal((h, n_up)) * np.sqrt(2 / h)).astype(f32),
        "b2": np.zeros(n_up, f32),
        "X2": (rng.standard_normal((h, n_xp)) * np.sqrt(2 / h)).astype(f32),
        "bx": np.zeros(n_xp, f32),
        "L": np.zeros((d_lin, n_up), f32),
    }


def softmax_grad(z: np.ndarray, gold: np.ndarray, weight: float) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(gold.size), gold] -= 1.0
    return p * (weight / gold.size)


def mlp_batch(params, opt, xw, xl, up, xp, cfg: Config, lr: float, rng) -> None:
    """One Adam step of pass 1 on a batch (word features ``xw``, all linear features ``xl``)."""
    if cfg.feature_dropout:
        keep = rng.random(xw.nnz) >= cfg.feature_dropout
        xw = sparse.csr_matrix((xw.data * keep, xw.indices, xw.indptr), shape=xw.shape)
        xl = sparse.hstack([xw, xl[:, xw.shape[1]:]]).tocsr()
    cw, cl = np.unique(xw.indices), np.unique(xl.indices)
    xw, xl = xw[:, cw], xl[:, cl]
    pre = xw @ params["E"][cw] + params["b1"]
    mask = (rng.random(pre.shape) >= cfg.dropout).astype(np.float32) / (1 - cfg.dropout)
    h = np.maximum(pre, 0) * mask
    dz = softmax_grad(h @ params["W2"] + params["b2"] + xl @ params["L"][cl], up, 1.0)
    dx = softmax_grad(h @ params["X2"] + params["bx"], xp, cfg.xpos_weight)
    dh = (dz @ params["W2"].T + dx @ params["X2"].T) * mask * (pre > 0)
    opt.step("W2", h.T @ dz, lr)
    opt.step("b2", dz.sum(0), lr)
    opt.step("X2", h.T @ dx, lr)
    opt.step("bx", dx.sum(0), lr)
    opt.step("b1", dh.sum(0), lr)
    opt.step("E", xw.T @ dh, lr, cw)
    opt.step("L", xl.T @ dz, lr, cl)


def train_pass1(x, xb, up, xp, n_tags: tuple[int, int], cfg: Config, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    xl = sparse.hstack([x, xb]).tocsr()
    params = init_params(x.shape[1], xl.shape[1], n_tags[0], n_tags[1], cfg, rng)
    opt = Adam(params)
    n = x.shape[0]
    for epoch in range(cfg.epochs):
        lr = cfg.lr * (1 - 0.8 * epoch / cfg.epochs)
        perm = rng.permutation(n)
        for s in range(0, n, cfg.batch):
            idx = perm[s : s + cfg.batch]
            mlp_batch(params, opt, x[idx], xl[idx], up[idx], xp[idx], cfg, lr, rng)
    return params


def pass1_scores(params: dict, x, xb) -> tuple[np.ndarray, np.ndarray]:
    """UPOS and XPOS logits of pass 1 (in float32, as the shipped tagger computes them)."""
    h = np.maximum(x @ params["E"] + params["b1"], 0)
    xl = sparse.hstack([x, xb]).tocsr()
    return h @ params["W2"] + params["b2"] + xl @ params["L"], h @ params["X2"] + params["bx"]


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def fit_lr(x: sparse.csr_matrix, y: np.ndarray, n_tags: int, l2: float) -> np.ndarray:
    """Multinomial logistic regression by L-BFGS (deterministic); weights features x tags."""
    n, d = x.shape
    x = x.astype(np.float64)
    xt = x.T.tocsr()
    rows = np.arange(n)

    def loss_grad(wflat: np.ndarray) -> tuple[float, np.ndarray]:
        w = wflat.reshape(d, n_tags)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(z).sum(axis=1))
        loss = -(z[rows, y] - lse).sum() + 0.5 * l2 * float(wflat @ wflat)
        p = np.exp(z - lse[:, None])
        p[rows, y] -= 1.0
        return loss, (xt @ p + l2 * w).ravel()

    res = optimize.minimize(
        loss_grad, np.zeros(d * n_tags), jac=True, method="L-BFGS-B", options={"maxiter": 300}
    )
    return res.x.reshape(d, n_tags)


def stack_matrix(logp: np.ndarray, c: Corpus, conj: KeyFeatures, n_tags: int):
    pred = logp.argmax(1)
    ids = tagger.tag_context_ids(pred, c.lengths, n_tags)
    n, k = ids.shape
    ctx = sparse.csr_matrix(
        (np.ones(ids.size), ids.ravel(), np.arange(0, ids.size + 1, k)),
        shape=(n, tagger.n_tag_context(n_tags)),
    )
    keys = conj.matrix(tagger.conj_keys(c.lex, pred, c.lengths, n_tags))
    ones = sparse.csr_matrix(np.ones((n, 1)))
    return sparse.hstack([ones, sparse.csr_matrix(logp), ctx, keys]).tocsr()


def jackknife(c: Corpus, origin: np.ndarray, n_tags: tuple[int, int], cfg: Config) -> np.ndarray:
    """Pass 1 UPOS log-probabilities of each training token from a model that never saw it."""
    fold = np.repeat(origin % cfg.folds, c.lengths)
    out = np.zeros((fold.size, n_tags[0]), dtype=np.float32)
    for f in range(cfg.folds):
        tr, held = fold != f, fold == f
        params = train_pass1(c.x[tr], c.xb[tr], c.upos[tr], c.xpos[tr], n_tags, cfg, SEED + 1 + f)
        out[held] = log_softmax(pass1_scores(params, c.x[held], c.xb[held])[0])
        print(f"  fold {f}: held-out accuracy {np.mean(out[held].argmax(1) == c.upos[held]):.4f}")
    return out


@dataclass
class Trained:
    cfg: Config
    upos: list[str]
    xpos: list[str]
    vocab: dict[str, int]
    lex: dict[str, int]
    bigrams: KeyFeatures
    conj: KeyFeatures
    pass1: dict
    stack: np.ndarray
    allowed: np.ndarray


def train_all(train_sents: list[Sentence], dev_sents: list[Sentence], cfg: Config) -> Trained:
    upos = sorted({t for s in train_sents for t in s[1]})
    xpos = sorted({t for s in train_sents for t in s[2]})
    tix = ({t: i for i, t in enumerate(upos)}, {t: i for i, t in enumerate(xpos)})
    n_tags = (len(upos), len(xpos))
    sents, origin = augment(train_sents, cfg)
    types, lex = Types(), lexicon(train_sents, cfg.lex_min)
    tr, dev = Corpus(sents, types, lex, tix), Corpus(dev_sents, types, lex, tix)
    vocab = feature_vocab(types, tr.rows, cfg.min_count)
    bigrams = KeyFeatures(tagger.bigram_keys(tr.lex, tr.lengths, len(lex)), cfg.key_min, len(lex))
    mats = types.matrices(vocab)
    tr.build(mats, bigrams)
    dev.build(mats, bigrams)
    print(f"{len(vocab)} features, {len(lex)} words, {bigrams.size} word pairs", flush=True)
    t0 = time.time()
    params = train_pass1(tr.x, tr.xb, tr.upos, tr.xpos, n_tags, cfg, SEED)
    zu, zx = pass1_scores(params, dev.x, dev.xb)
    allowed = np.zeros(n_tags, dtype=bool)
    allowed[tr.upos, tr.xpos] = True
    print(f"pass 1 ({time.time() - t0:.0f}s): dev UPOS {np.mean(zu.argmax(1) == dev.upos):.4f}"
          f" XPOS {np.mean(zx.argmax(1) == dev.xpos):.4f}", flush=True)
    logp = jackknife(tr, origin, n_tags, cfg)
    conj = KeyFeatures(tagger.conj_keys(tr.lex, logp.argmax(1), tr.lengths, n_tags[0]),
                       cfg.key_min, len(lex))
    stack = fit_lr(stack_matrix(logp, tr, conj, n_tags[0]), tr.upos, n_tags[0], cfg.l2_stack)
    z2 = stack_matrix(log_softmax(zu), dev, conj, n_tags[0]) @ stack
    print(f"pass 2: dev UPOS {np.mean(z2.argmax(1) == dev.upos):.4f}", flush=True)
    return Trained(cfg, upos, xpos, vocab, lex, bigrams, conj, params, stack, allowed)


def quantise(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and a float32 scale per column: 15 steps up to the 99.9th percentile of
    the magnitudes (few distinct values compress well), the rare larger weights kept."""
    if w.size == 0:
        return w.astype(np.int8), np.ones(w.shape[1], np.float32)
    scale = np.maximum(np.percentile(np.abs(w), 99.9, axis=0) / 15, np.abs(w).max(axis=0) / 127)
    scale[scale == 0] = 1.0
    return np.clip(np.round(w / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` with fixed timestamps, so the same weights give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            one = io.BytesIO()
            np.lib.format.write_array(one, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, one.getvalue(), compresslevel=9)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def key_arrays(group: str, tables: list[np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for k, table in enumerate(tables):
        small = table.size == 0 or table.max() < 2**31
        out[f"{group}_keys_{k}"] = table.astype(np.int32 if small else np.int64)
    return out


def export(t: Trained, out_dir: Path, info: dict) -> Path:
    """Write ``tagger_ewt.npz`` and ``tagger_ewt.json``; returns the JSON's path."""
    n_up, d, p = len(t.upos), len(t.vocab), t.pass1
    n_ctx = tagger.n_tag_context(n_up)
    arrays: dict[str, np.ndarray] = {"allowed": t.allowed.astype(np.uint8)}
    quantised = {
        "feat_E": p["E"], "feat_L": p["L"][:d], "bigram_L": p["L"][d:],
        "conj_W": t.stack[1 + n_up + n_ctx :],
    }
    for name, w in quantised.items():
        arrays[name], arrays[name + "_scale"] = quantise(w)
    for name in ("b1", "W2", "b2", "X2", "bx"):
        arrays[name] = p[name].astype(np.float32)
    arrays["stack_b"] = t.stack[0].astype(np.float32)
    arrays["stack_A"] = t.stack[1 : 1 + n_up].astype(np.float32)
    arrays["stack_ctx"] = t.stack[1 + n_up : 1 + n_up + n_ctx].astype(np.float32)
    arrays.update(key_arrays("bigram", t.bigrams.tables))
    arrays.update(key_arrays("conj", t.conj.tables))
    out_dir.mkdir(parents=True, exist_ok=True)
    blob = write_npz(out_dir / "tagger_ewt.npz", arrays)
    meta = {
        "format": tagger.FORMAT,
        "version": tagger.FORMAT_VERSION,
        "features_version": tagger.FEATURES_VERSION,
        "arrays_file": "tagger_ewt.npz",
        "arrays_sha256": hashlib.sha256(blob).hexdigest(),
        "training": info,
        "hidden": t.cfg.hidden,
        "upos": t.upos,
        "xpos": t.xpos,
        "lexicon": sorted(t.lex, key=t.lex.__getitem__),
        "features": sorted(t.vocab, key=t.vocab.__getitem__),
    }
    path = out_dir / "tagger_ewt.json"
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return path


def source_commit(data: Path) -> str:
    source = data / "SOURCE.md"
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    m = re.search(r"commit `([0-9a-f]{40})`", text)
    return m.group(1) if m else "unknown"


CARD = """# tagger_ewt: part-of-speech tagger model

`tagger_ewt.json` (format `{fmt}` version {version}: tag sets, feature and word tables) and
`tagger_ewt.npz` (int8/float32 arrays, loaded with `allow_pickle=False`) are the model of
`qa/text/tagger.py`, written by `scripts/train_tagger.py` (seeded, reproducible):

    {command}

## Provenance

Learned from the Universal Dependencies English Web Treebank (UD_English-EWT), GitHub
`UniversalDependencies/UD_English-EWT` at commit `{commit}`, trained on
`en_ewt-ud-train.conllu` ({n_train:,} sentences); settings chosen on `en_ewt-ud-dev.conllu`;
`en_ewt-ud-test.conllu` only scored for the table below. No treebank text is stored here:
the files hold feature names (words, affixes, word shapes), word-pair keys and weights.

## Licence and attribution

UD English EWT is licensed CC BY-SA 4.0 (<https://creativecommons.org/licenses/by-sa/4.0/>).
These model files are derived from it and are shared under the same licence, CC BY-SA 4.0:
whoever redistributes them (or a model adapted from them) must credit the source, link the
licence, say whether changes were made, and license the derived model files under CC BY-SA 4.0
too. Commercial use is allowed. The rest of this project's code keeps its own licence; the
share-alike term applies to these weights.

Attribution: "Part-of-speech model trained on the Universal Dependencies English Web Treebank
(Silveira et al. 2014, A Gold Standard Dependency Corpus for English, LREC 2014; UD
English-EWT maintainers), CC BY-SA 4.0."

## Accuracy (gold tokens, measured with the shipped files)

| split | tokens | UPOS | most-frequent-tag baseline | XPOS | baseline |
|---|---|---|---|---|---|
{rows}

Speed of `tag_many` on one core of a shared 2-core machine: {news:,.0f} tokens/s in one pass
of a fresh tagger over {news_tokens:,} tokens of unseen news text; {speed:,.0f} tokens/s (UPOS),
{speed_xpos:,.0f} (XPOS) on a large batch of cached words; {cold:,.0f} on a first pass over
EWT dev+test with an empty cache.
Headline robustness (dev in title case): UPOS {title:.2%}.
Files: `tagger_ewt.json` {json_mb:.2f} MB, `tagger_ewt.npz` {npz_mb:.2f} MB.

Settings: {settings}.
"""


def write_card(out_dir: Path, data: Path, n_train: int, figures: dict, cfg: Config) -> None:
    rows = []
    for split in ("dev", "test"):
        if split in figures:
            s = figures[split]
            rows.append(f"| {split} | {s['tokens']:,} | {s['upos']:.2%} | {s['base_upos']:.2%}"
                        f" | {s['xpos']:.2%} | {s['base_xpos']:.2%} |")
    text = CARD.format(
        fmt=tagger.FORMAT, version=tagger.FORMAT_VERSION, commit=source_commit(data),
        command="python scripts/train_tagger.py ../shared/train/ud-english-ewt",
        n_train=n_train, rows="\n".join(rows), speed=figures.get("speed", 0.0),
        cold=figures.get("speed_cold", 0.0), title=figures["title"],
        speed_xpos=figures.get("speed_xpos", 0.0), news=figures.get("speed_news", 0.0),
        news_tokens=figures.get("news_tokens", 0),
        settings=", ".join(f"{k}={v}" for k, v in vars(cfg).items()),
        json_mb=(out_dir / "tagger_ewt.json").stat().st_size / 1e6,
        npz_mb=(out_dir / "tagger_ewt.npz").stat().st_size / 1e6,
    )
    (out_dir / "tagger_ewt.md").write_text(text, encoding="utf-8")


def measure(model: Path, data: Path, test: bool, speed_tokens: int) -> dict:
    """Dev (and, once, test) accuracy and speed of the written model via the runtime tagger."""
    splits = ("dev", "test") if test else ("dev",)
    figures = tagger_eval.report(data, model, speed_tokens, splits)
    dev = read_conllu(data / "en_ewt-ud-dev.conllu")
    pred = tagger.Tagger(model).tag_many([headline_case(s[0], False) for s in dev])
    figures["title"] = tagger_eval.accuracy(pred, [s[1] for s in dev])
    print(f"dev in title case: UPOS {figures['title']:.2%}")
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT.parent / "shared" / "train" / "ud-english-ewt"
    ap.add_argument("data", nargs="?", type=Path, default=default)
    ap.add_argument("--out", type=Path, default=ROOT / "qa" / "data")
    ap.add_argument("--no-test", action="store_true", help="score dev only (while tuning)")
    ap.add_argument("--measure-only", action="store_true", help="score the model in --out")
    ap.add_argument("--speed-tokens", type=int, default=2_000_000)
    for f in fields(Config):
        ap.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default)
    a = ap.parse_args()
    cfg = Config(**{f.name: getattr(a, f.name) for f in fields(Config)})
    if not (a.data / "en_ewt-ud-train.conllu").is_file():
        print(f"UD English EWT not found at {a.data}", file=sys.stderr)
        return 2
    train = read_conllu(a.data / "en_ewt-ud-train.conllu")
    model = a.out / "tagger_ewt.json"
    if a.measure_only:
        cfg = Config(**json.loads(model.read_text(encoding="utf-8"))["training"]["config"])
    else:
        trained = train_all(train, read_conllu(a.data / "en_ewt-ud-dev.conllu"), cfg)
        info = {"data": "UD English EWT", "commit": source_commit(a.data),
                "licence": "CC BY-SA 4.0", "script": "scripts/train_tagger.py", "config": vars(cfg)}
        model = export(trained, a.out, info)
    figures = measure(model, a.data, not a.no_test, a.speed_tokens)
    write_card(a.out, a.data, len(train), figures, cfg)
    print((a.out / "tagger_ewt.md").read_text(encoding="utf-8").split("## Accuracy")[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
