"""Sharded indexes (qa.shards) in one process: the same answers as one machine, byte for
byte, the same documents, partial answers while a shard is missing, and what is refused.

The corpus is the BBC politics folder of the shared corpus when it is on this machine
(417 articles, asked the 100 questions of examples/readers), else the seed article cut
into one document per paragraph (asked examples/seed_questions.jsonl).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from qa import QA
from qa.errors import InvalidRequest
from qa.shards import LocalShards, ShardedQA, build_shards, is_sharded, shard_of
from tests.conftest import ROOT, SEEDS, shared_dir
from web import create_app

BBC = shared_dir() / "corpus" / "bbc" / "politics"


def corpus_and_questions(folder: Path) -> tuple[list[Path], list[str]]:
    """The documents to shard and the questions to ask them (module docstring)."""
    if BBC.is_dir():
        files = sorted((ROOT / "examples" / "readers").glob("bbc-politics.*.jsonl"))
        return [BBC], [json.loads(line)["question"] for f in files
                       for line in f.read_text(encoding="utf-8").splitlines()]
    seed = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8").splitlines()
    title, paragraphs = seed[0], [line for line in seed[1:] if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    for i, paragraph in enumerate(paragraphs):
        (folder / f"part-{i}.txt").write_text(f"{title} ({i + 1})\n\n{paragraph}\n",
                                              encoding="utf-8")
    lines = (ROOT / "examples" / "seed_questions.jsonl").read_text(encoding="utf-8")
    return [folder], [json.loads(line)["question"] for line in lines.splitlines()]


def requests_for(one: Any, questions: list[str], every: int = 1) -> list[dict[str, Any]]:
    """POST /api/ask bodies: each question (every ``every``-th also explained, with
    ``top_k`` 5, and followed up by "Who said that?" and "When?" about its first passage)."""
    bodies: list[dict[str, Any]] = []
    for n, question in enumerate(questions):
        bodies.append({"question": question})
        if n % every:
            continue
        bodies.append({"question": question, "explain": True, "top_k": 5})
        found = one.post("/api/ask", json={"question": question}).get_json()["passages"]
        if found:
            turn = {"question": question, "document": found[0]["document"]["id"],
                    "index": found[0]["index"]}
            bodies += [{"question": q, "history": [turn]} for q in ("Who said that?", "When?")]
    return bodies


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, list[str]]:
    """A 3-shard index, a client of one machine over the same documents, the questions."""
    where = tmp_path_factory.mktemp("sharded")
    paths, questions = corpus_and_questions(where / "docs")
    shards = 3 if BBC.is_dir() else 2
    build_shards(paths, where / "index", shards)
    one = create_app({"QA_ENGINE": QA.from_paths(paths)}).test_client()
    return where / "index", one, questions


def test_shard_of_is_a_stable_hash_of_the_id() -> None:
    assert [shard_of(x, 4) for x in ("a", "b", "c", "001", "002")] == [3, 1, 3, 0, 2]
    counts = [0] * 4
    for i in range(1000):
        counts[shard_of(str(i), 4)] += 1
    assert min(counts) > 200


def test_answers_are_byte_identical_to_one_machine(built) -> None:
    index, one, questions = built
    assert is_sharded(index)
    sharded = create_app({"QA_INDEX": str(index)}).test_client()
    bodies = requests_for(one, questions)
    answered = 0
    for body in bodies:
        expected = one.post("/api/ask", json=body)
        got = sharded.post("/api/ask", json=body)
        assert got.status_code == expected.status_code == 200
        assert got.get_data() == expected.get_data(), body
        answered += expected.get_json()["answer"] is not None
    assert answered > len(bodies) // 4  # the comparison covers real answers


def test_documents_and_health_are_one_machine_s(built) -> None:
    index, one, _ = built
    sharded = create_app({"QA_INDEX": str(index)}).test_client()
    for url in ("/api/documents?limit=1000", "/api/documents?offset=3&limit=2", "/api/health"):
        assert sharded.get(url).get_json() == one.get(url).get_json(), url
    doc_id = one.get("/api/documents?limit=1").get_json()["documents"][0]["id"]
    assert (sharded.get(f"/api/documents/{doc_id}").get_data()
            == one.get(f"/api/documents/{doc_id}").get_data())
    assert sharded.get("/api/documents/no-such-id").status_code == 404


def _error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()["error"]
    assert body["status"] == status and body["code"] == code
    assert "Traceback" not in body["message"]
    return str(body["message"])


def test_writes_and_filters_are_refused(built) -> None:
    index, _, questions = built
    client = create_app({"QA_INDEX": str(index),
                         "QA_WRITE_TOKEN": "a-token-of-sixteen-chars"}).test_client()
    auth = {"Authorization": "Bearer a-token-of-sixteen-chars"}
    added = client.post("/api/documents", headers=auth,
                        json={"documents": [{"id": "x", "title": "X", "text": "Some text."}]})
    assert "--shards" in _error(added, 501, "not_implemented")
    _error(client.delete("/api/documents/x", headers=auth), 501, "not_implemented")
    filtered = client.post("/api/ask", json={"question": questions[0],
                                             "filters": {"date_from": "2000-01-01"}})
    assert "sharded" in _error(filtered, 501, "not_implemented")


class Dropping:
    """The shards of ``inner`` with those in ``down`` not answering."""

    def __init__(self, inner: LocalShards, down: set[int]) -> None:
        self.inner, self.down, self.count = inner, down, inner.count

    def call(self, calls: Mapping[int, tuple[str, tuple[Any, ...]]]) -> dict[int, Any]:
        return self.inner.call({s: c for s, c in calls.items() if s not in self.down})


def test_a_missing_shard_makes_answers_partial(built) -> None:
    index, one, questions = built
    shards = Dropping(LocalShards(index), {1})
    app = create_app({"QA_ENGINE": ShardedQA(index, shards)})
    client = app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    schema = Draft202012Validator({"$ref": "#/components/schemas/AskResponse",
                                   "components": spec["components"]})
    n = shards.count
    for question in questions[:10]:
        body = client.post("/api/ask", json={"question": question, "top_k": 5}).get_json()
        schema.validate(body)
        assert body["partial"] is True and body["missing_shards"] == [1]
        assert all(shard_of(p["document"]["id"], n) != 1 for p in body["passages"])
    # a follow-up about a document of the missing shard cannot be read: 503, not a guess
    on_one = next(d["id"] for d in one.get("/api/documents?limit=1000").get_json()["documents"]
                  if shard_of(d["id"], n) == 1)
    follow = client.post("/api/ask", json={"question": "Who said that?", "history": [
        {"question": questions[0], "document": on_one, "index": 0}]})
    assert "no live replica" in _error(follow, 503, "shard_unavailable")
    _error(client.get(f"/api/documents/{on_one}"), 503, "shard_unavailable")
    shards.down.clear()  # back: the same question is answered whole (nothing was cached)
    body = {"question": questions[0], "top_k": 5}
    assert client.post("/api/ask", json=body).get_data() == one.post("/api/ask",
                                                                      json=body).get_data()


def test_every_shard_needs_a_document(tmp_path: Path) -> None:
    with pytest.raises(InvalidRequest, match="use fewer shards"):
        build_shards([SEEDS], tmp_path / "index", 3)


def test_cli_builds_and_answers_from_a_sharded_index(runner, built, tmp_path: Path) -> None:
    from web.cli import main

    _, one, questions = built
    docs, _ = corpus_and_questions(tmp_path / "docs")
    done = runner.invoke(main, ["index", *map(str, docs), "-o", str(tmp_path / "ix"),
                                "--shards", "2"])
    assert done.exit_code == 0, done.output
    assert "Wrote 2 shards" in done.output
    asked = runner.invoke(main, ["ask", questions[0], "--json", "--index", str(tmp_path / "ix")])
    assert asked.exit_code == 0, asked.output
    expected = one.post("/api/ask", json={"question": questions[0]}).get_json()
    assert json.loads(asked.stdout) == expected
    listed = runner.invoke(main, ["documents", "--index", str(tmp_path / "ix")])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == len(
        one.get("/api/documents?limit=1000").get_json()["documents"])


@pytest.mark.parametrize("args, says", [
    (["index", "seeds", "-o", "OUT", "--shards", "0"], "0 is not in the range"),
    (["index", "--from-store", "OUT", "--shards", "2"], "--shards needs"),
    (["serve", "--index", "OUT", "--ray", "auto"], "--ray serves a sharded index"),
    (["serve", "seeds", "--ray", "auto"], "--ray serves a sharded index"),
], ids=["zero-shards", "from-store", "ray-unsharded-index", "ray-paths"])
def test_cli_usage_errors(runner, tmp_path: Path, args: list[str], says: str) -> None:
    from web.cli import main

    args = [str(tmp_path) if a == "OUT" else str(SEEDS) if a == "seeds" else a for a in args]
    done = runner.invoke(main, args)
    assert done.exit_code == 2, done.output
    assert says in done.output
