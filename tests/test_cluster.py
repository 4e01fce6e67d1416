"""The sharded index on a real Ray cluster of three nodes on this machine (qa.cluster).

One cluster for the module (``ray.cluster_utils.Cluster``: a head and two worker nodes, all
on 127.0.0.1, 100 MB object stores, no dashboard, health checks every half second so a
lost node is noticed soon), stopped when the module ends. The index has two shards.

- Answers through the actors are byte-identical to one machine's.
- A node lost while questions stream in, with two replicas per shard: every request is
  answered whole (the shard's other replica answers), and Ray starts the lost replica
  again elsewhere.
- The same with one replica: answers are partial, naming the shard, until Ray has
  started it again; then whole again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Ray takes the machine's outward address for a node unless told this is a one-machine
# setup: then every node, and each connection to it, stays on 127.0.0.1.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
ray = pytest.importorskip("ray", reason="the cluster extra (ray) is not installed")

from ray.cluster_utils import Cluster

from qa import QA
from qa.cluster import NAMESPACE, RayShards, deploy
from qa.shards import ShardedQA, build_shards, shard_of
from tests.test_shards import corpus_and_questions, requests_for
from web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

_NODE = {"num_cpus": 1, "object_store_memory": 100 * 1024**2, "node_ip_address": "127.0.0.1"}
#: Seconds a replica has to answer before its shard's other replica is asked.
TIMEOUT = 10.0


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    c = Cluster(initialize_head=True, head_node_args={
        **_NODE, "include_dashboard": False,
        "_system_config": {"health_check_initial_delay_ms": 0, "health_check_period_ms": 500,
                           "health_check_timeout_ms": 500,
                           "health_check_failure_threshold": 3},
    })
    for _ in range(2):
        c.add_node(**_NODE)
    ray.init(address=c.address, namespace=NAMESPACE, log_to_driver=False)
    try:
        yield c
    finally:
        ray.shutdown()
        c.shutdown()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, list[str]]:
    """A two-shard index, a client of one machine over its documents, questions."""
    where = tmp_path_factory.mktemp("cluster")
    paths, questions = corpus_and_questions(where / "docs")
    build_shards(paths, where / "index", 2)
    one = create_app({"QA_ENGINE": QA.from_paths(paths)}).test_client()
    return where / "index", one, questions


@pytest.fixture(scope="module")
def two_replicas(cluster: Cluster, setup: tuple[Path, Any, list[str]]) -> RayShards:
    return deploy(setup[0], replicas=2, timeout=TIMEOUT)


def _client(index: Path, shards: RayShards) -> Any:
    return create_app({"QA_ENGINE": ShardedQA(index, shards), "QA_CACHE_SIZE": 0}).test_client()


def _lose_a_node(cluster: Cluster, shards: RayShards) -> list[int]:
    """Remove a worker node that runs a replica; the shards it ran replicas of."""
    placed = [ray.get(h.where.remote()) for replicas in shards.handles() for h in replicas]
    for s in range(shards.count):  # a shard's replicas start on different nodes
        nodes = [at for shard, at in placed if shard == s]
        assert len(set(nodes)) == len(nodes)
    head = cluster.head_node.node_id
    node = next(n for n in cluster.worker_nodes if any(
        at == n.node_id != head for _, at in placed))
    cluster.remove_node(node, allow_graceful=False)
    cluster.add_node(**_NODE)  # the cluster gets its third node back for what follows
    return sorted({s for s, at in placed if at == node.node_id})


def test_answers_through_ray_are_byte_identical(setup, two_replicas) -> None:
    index, one, questions = setup
    # found by name, as each worker of `qa serve --ray` finds the replicas
    named = RayShards(two_replicas.count, two_replicas.replicas, two_replicas.prefix,
                      timeout=TIMEOUT)
    client = _client(index, named)
    for body in requests_for(one, questions[:40], every=4):
        expected = one.post("/api/ask", json=body)
        got = client.post("/api/ask", json=body)
        assert got.status_code == 200
        assert got.get_data() == expected.get_data(), body
    assert client.get("/api/documents?limit=1000").get_data() == one.get(
        "/api/documents?limit=1000").get_data()


def test_a_lost_node_fails_no_request_with_two_replicas(cluster, setup, two_replicas) -> None:
    index, one, questions = setup
    client = _client(index, two_replicas)
    asked = [{"question": q, "top_k": 5} for q in questions[:12]]
    expected = [one.post("/api/ask", json=body).get_data() for body in asked]
    for n in range(36):
        if n == 6:
            _lose_a_node(cluster, two_replicas)
        got = client.post("/api/ask", json=asked[n % len(asked)])
        assert got.status_code == 200
        assert got.get_data() == expected[n % len(asked)], got.get_json().get("missing_shards")


def test_one_replica_answers_partial_until_ray_restarts_it(cluster, setup) -> None:
    index, one, questions = setup
    shards = deploy(index, replicas=1, timeout=TIMEOUT)
    client = _client(index, shards)
    body = {"question": questions[0], "top_k": 5}
    whole = one.post("/api/ask", json=body).get_data()
    assert client.post("/api/ask", json=body).get_data() == whole
    lost = _lose_a_node(cluster, shards)
    seen = []
    for _ in range(200):  # bounded: Ray starts the replica again within seconds
        got = client.post("/api/ask", json=body)
        assert got.status_code == 200
        answer = got.get_json()
        seen.append(answer.get("missing_shards"))
        if "partial" in answer:
            missing = answer["missing_shards"]
            assert all(shard_of(p["document"]["id"], 2) not in missing
                       for p in answer["passages"])
        elif seen[0] is not None:
            break
        time.sleep(0.2)
    assert seen[0] == lost  # the first answer after the loss says what it lacks
    assert all(s is None or set(s) <= set(lost) for s in seen)  # shards may return one by one
    assert seen[-1] is None and got.get_data() == whole  # and then Ray brought it back
    shards.stop()
