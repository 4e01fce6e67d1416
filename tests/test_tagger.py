"""The part-of-speech tagger with its shipped model (``qa/data/tagger_ewt.*``)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from qa.text import tagger
from qa.text.tagger import Tagger, TaggerModelError, tag, tag_many

ROOT = Path(__file__).resolve().parents[1]
MINISTER = "The defence minister , who resigned last week , was arrested .".split()

NEWS = [
    "South Korea 's defence minister said on Tuesday that six officers died .".split(),
    "The company has been charged with fraud , prosecutors said .".split(),
    "Prices are rising again , and the central bank says it will act .".split(),
    "“ We will not give up , ” Ms. Smith told reporters in Berlin .".split(),
    "SEOUL ( Reuters ) - North Korea fired two missiles on Sunday .".split(),
    "Shares fell 4.5 % to 1,200 yen after the results were published .".split(),
]


@pytest.fixture(scope="module")
def fresh() -> Tagger:
    return Tagger()


def test_news_sentence_upos():
    tags = tag(NEWS[0])
    assert tags[:3] == ["PROPN", "PROPN", "PART"]  # South Korea 's
    assert tags[5:8] == ["VERB", "ADP", "PROPN"]  # said on Tuesday
    assert tags[9:13] == ["NUM", "NOUN", "VERB", "PUNCT"]  # six officers died .
    minister = tag(MINISTER)
    assert minister[:3] == ["DET", "NOUN", "NOUN"]
    assert minister[5] == "VERB" and minister[9:11] == ["AUX", "VERB"]


def test_xpos_tells_past_tense_from_participle():
    said = tag(NEWS[0], xpos=True)
    assert said[5] == "VBD" and said[11] == "VBD"
    resigned = tag(MINISTER, xpos=True)
    assert resigned[5] == "VBD" and resigned[9:11] == ["VBD", "VBN"]
    charged = tag(NEWS[1], xpos=True)
    assert charged[2:5] == ["VBZ", "VBN", "VBN"]  # has been charged
    assert charged[-2] == "VBD"  # said
    rising = tag(NEWS[2], xpos=True)
    assert rising[2] == "VBG" and rising[9] == "VBZ"  # rising, says
    assert tag(NEWS[0], xpos=True)[:2] == ["NNP", "NNP"]


def test_numbers_quotes_and_datelines():
    tags = tag(NEWS[5])
    assert tags[2] == "NUM" and tags[5] == "NUM"  # 4.5, 1,200
    quote = tag(NEWS[3])
    assert quote[0] == "PUNCT" and quote[7] == "PUNCT"  # typographic quotes
    assert quote[9] == "PROPN" and quote[-2] == "PROPN"  # Smith, Berlin
    dateline = tag(NEWS[4])
    assert dateline[0] == "PROPN" and dateline[2] == "PROPN"  # SEOUL, Reuters
    assert dateline[8] == "NUM" and dateline[9] == "NOUN"  # two missiles


def test_deterministic_and_batch_equals_one_by_one(fresh):
    one_by_one = [tag(s) for s in NEWS]
    assert tag_many(NEWS) == one_by_one
    assert fresh.tag_many(list(reversed(NEWS))) == list(reversed(one_by_one))
    assert Tagger().tag_many(NEWS, xpos=True) == [tag(s, xpos=True) for s in NEWS]


def test_small_chunks_and_cache_resets_change_nothing():
    small = Tagger()
    small.CHUNK = 7  # sentences split across many chunks
    small.MAX_ROWS = 5  # the word cache is emptied again and again
    batch = NEWS * 3 + [[], ["Hello"], []]
    assert small.tag_many(batch) == tag_many(batch)


def test_empty_input():
    assert tag([]) == []
    assert tag_many([]) == []
    assert tag_many([[], ["Yes"], []]) == [[], tag(["Yes"]), []]
    assert tag(("Officials", "said", "so"), xpos=True)  # any sequence of str


def test_odd_tokens():
    odd = ["😀", "x" * 10_000, "2024", "", " ", "\u200b", "ÆØÅ", "<br>", "@user", "#tag"]
    tags = tag(odd)
    assert len(tags) == len(odd)
    assert set(tags) <= set(Tagger().upos_tags)
    numbers = tag(["Sales", "rose", "4.5", "%", "to", "1,200", "in", "2024"])
    assert [numbers[i] for i in (2, 5, 7)] == ["NUM"] * 3


def test_refuses_str_and_non_str_tokens():
    with pytest.raises(TypeError):
        tag_many(["not a list of tokens"])
    with pytest.raises(TypeError):
        tag(["fine", 3])  # type: ignore[list-item]


def _copy_model(tmp_path: Path) -> Path:
    src = tagger.default_model_path()
    for suffix in (".json", ".npz"):
        shutil.copy(src.with_suffix(suffix), tmp_path / src.with_suffix(suffix).name)
    return tmp_path / src.name


def test_refuses_damaged_arrays(tmp_path):
    path = _copy_model(tmp_path)
    npz = path.with_suffix(".npz")
    blob = bytearray(npz.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    npz.write_bytes(bytes(blob))
    with pytest.raises(TaggerModelError, match="damaged"):
        Tagger(path)


def test_refuses_foreign_or_broken_json(tmp_path):
    path = _copy_model(tmp_path)
    meta = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(TaggerModelError, match="not a qa.text.tagger model"):
        Tagger(path)
    path.write_text(json.dumps({**meta, "version": 99}), encoding="utf-8")
    with pytest.raises(TaggerModelError, match="version"):
        Tagger(path)
    path.write_text(json.dumps({**meta, "features_version": 0}), encoding="utf-8")
    with pytest.raises(TaggerModelError, match="other features"):
        Tagger(path)
    path.write_text(json.dumps({**meta, "hidden": meta["hidden"] + 1}), encoding="utf-8")
    with pytest.raises(TaggerModelError, match="shape"):
        Tagger(path)
    bad = {**meta, "features": ["?"] + meta["features"][1:]}
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(TaggerModelError, match="bad feature name"):
        Tagger(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TaggerModelError, match="cannot read"):
        Tagger(path)
    with pytest.raises(TaggerModelError, match="cannot read"):
        Tagger(tmp_path / "missing.json")


def test_refuses_pickled_arrays(tmp_path):
    path = _copy_model(tmp_path)
    meta = json.loads(path.read_text(encoding="utf-8"))
    npz = path.with_suffix(".npz")
    np.savez(npz, feat_E=np.array([object()], dtype=object))
    meta["arrays_sha256"] = hashlib.sha256(npz.read_bytes()).hexdigest()
    path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(TaggerModelError):
        Tagger(path)


def _shared() -> Path:
    return Path(os.environ.get("QA_SHARED_DIR", ROOT.parent / "shared"))


def test_dev_accuracy():
    dev = _shared() / "train/ud-english-ewt/en_ewt-ud-dev.conllu"
    if not dev.is_file():
        pytest.skip(f"UD English EWT dev not found at {dev}")
    sys.path.insert(0, str(ROOT / "bench"))
    from tagger_eval import accuracy, read_conllu

    start = time.perf_counter()
    sents = read_conllu(dev)
    acc = accuracy(Tagger().tag_many([s[0] for s in sents]), [s[1] for s in sents])
    assert acc >= 0.94
    assert time.perf_counter() - start < 20
