"""The shards of a sharded index (:mod:`qa.shards`) served by Ray actors on many machines.

Needs the ``cluster`` extra (``pip install 'newsqa[cluster]'``); ``import qa`` never loads
Ray, and this module imports it only when a deployment starts or connects.

:func:`deploy` starts ``replicas`` actors per shard, each loading (memory-mapping) its
shard's folder, which every machine must see at the same path (a shared or copied
folder). The replicas of a shard are the bundles of one placement group with the SPREAD
strategy: on different machines when there are enough, packed when there are not. Actors are named and detached: the processes of a server (gunicorn
workers, forked after the deployment) each connect on their first call and find them by
name. Ray restarts an actor whose node is lost (``max_restarts=-1``) on a node still up.
A server that forks (gunicorn) must not connect to Ray before the fork (gRPC does not
survive it): :func:`deploy_apart` and :meth:`RayShards.stop_apart` do their work in a
spawned process, so the server's master never connects.

:class:`RayShards` is the :class:`~qa.shards.Shards` transport: each call goes to every
shard at once, each to one replica in turn; a replica that fails or does not answer
within ``timeout`` seconds is passed over for the shard's next one, and a shard none of
whose replicas answers is left out, so the answer says it is partial.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import secrets
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qa import errors
from qa.errors import QAError
from qa.shards import Manifest, Shard

__all__ = ["NAMESPACE", "RayShards", "deploy", "deploy_apart"]

log = logging.getLogger(__name__)

NAMESPACE = "newsqa"
#: Seconds a replica has to answer before its shard's next replica is asked.
DEFAULT_TIMEOUT = 10.0


class _Replica:
    """One shard replica: the body of the Ray actor class (see :func:`_actor_class`)."""

    def __init__(self, directory: str, number: int) -> None:
        self.shard = Shard(directory, number)
        self.shard.warm()

    def ready(self) -> int:
        return self.shard.number

    def where(self) -> tuple[int, str]:
        """The shard this replica serves and the id of the Ray node it runs on."""
        import ray

        return self.shard.number, ray.get_runtime_context().get_node_id()

    def call(self, method: str, args: tuple[Any, ...]) -> tuple[bool, Any]:
        """``(True, result)``, or ``(False, (error class name, message, code))`` for a
        :class:`QAError`, raised again by the caller as what it was."""
        try:
            return True, getattr(self.shard, method)(*args)
        except QAError as exc:
            return False, (type(exc).__name__, exc.message, exc.code)


#: What each replica reserves on its node, in a placement group per shard that spreads the
#: shard's replicas over different nodes where there are enough.
_BUNDLE = {"CPU": 0.01}
_ACTOR: Any = None
_ACTOR_LOCK = threading.Lock()


def _actor_class() -> Any:
    global _ACTOR
    with _ACTOR_LOCK:
        if _ACTOR is None:
            import ray

            _ACTOR = ray.remote(max_restarts=-1, max_task_retries=0)(_Replica)
        return _ACTOR


def _connect(address: str | None) -> None:
    import ray

    if not ray.is_initialized():
        ray.init(address=address, namespace=NAMESPACE, log_to_driver=False,
                 configure_logging=False)


def deploy(directory: str | Path, *, address: str | None = None, replicas: int = 1,
           timeout: float = DEFAULT_TIMEOUT) -> RayShards:
    """Start ``replicas`` actors per shard of the index in ``directory`` on the Ray cluster
    at ``address`` (this process's connection when it has one) and wait until each has
    loaded its shard."""
    import ray
    from ray.util.placement_group import placement_group
    from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy

    if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 1:
        raise errors.InvalidRequest(f"replicas must be an integer of 1 or more, got {replicas!r}")
    directory = Path(directory).resolve()
    manifest = Manifest.read(directory)
    _connect(address)
    prefix = f"shard-{secrets.token_hex(4)}"
    groups = [placement_group([dict(_BUNDLE)] * replicas, strategy="SPREAD",
                              name=f"{prefix}-{s}", lifetime="detached")
              for s in range(manifest.shards)]
    ray.get([g.ready() for g in groups])
    actor = _actor_class()
    handles = [actor.options(
        name=f"{prefix}-{s}-{r}", namespace=NAMESPACE, lifetime="detached",
        num_cpus=_BUNDLE["CPU"],
        scheduling_strategy=PlacementGroupSchedulingStrategy(g, placement_group_bundle_index=r),
    ).remote(str(directory), s) for s, g in enumerate(groups) for r in range(replicas)]
    ray.get([h.ready.remote() for h in handles])
    log.info("%d shards x %d replicas started", manifest.shards, replicas)
    return RayShards(manifest.shards, replicas, prefix, address=address, timeout=timeout)


def deploy_apart(directory: str | Path, *, address: str | None = None, replicas: int = 1,
                 timeout: float = DEFAULT_TIMEOUT) -> RayShards:
    """:func:`deploy` from a spawned process: this one never connects to Ray (and may fork
    workers that each connect on their first call)."""
    count, prefix = _apart(_deployed, str(directory), address, replicas)
    return RayShards(count, replicas, prefix, address=address, timeout=timeout)


def _apart(function: Any, *args: Any) -> Any:
    """``function(*args)`` in a spawned process, which then ends (its Ray connection too)."""
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        return pool.apply(function, args)
    finally:
        pool.close()
        pool.join()


def _deployed(directory: str, address: str | None, replicas: int) -> tuple[int, str]:
    shards = deploy(directory, address=address, replicas=replicas)
    return shards.count, shards.prefix


def _stopped(count: int, replicas: int, prefix: str, address: str | None) -> None:
    RayShards(count, replicas, prefix, address=address).stop()


class RayShards:
    """The replicas of a deployment, reached by name from any process of the cluster."""

    def __init__(self, count: int, replicas: int, prefix: str, *, address: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.count = count
        self.replicas = replicas
        self.prefix = prefix
        self.address = address
        self.timeout = timeout
        self._turn = itertools.count()
        self._handles: list[list[Any]] | None = None
        self._pid = -1
        self._lock = threading.Lock()

    def _replicas(self) -> list[list[Any]]:
        """The actor handles, looked up once per process (a forked server worker makes its
        own connection)."""
        import ray

        with self._lock:
            if self._handles is None or self._pid != os.getpid():
                _connect(self.address)
                self._handles = [[ray.get_actor(f"{self.prefix}-{s}-{r}", namespace=NAMESPACE)
                                  for r in range(self.replicas)] for s in range(self.count)]
                self._pid = os.getpid()
            return self._handles

    def call(self, calls: Mapping[int, tuple[str, tuple[Any, ...]]]) -> dict[int, Any]:
        import ray
        from ray.exceptions import GetTimeoutError, RayError

        handles = self._replicas()
        start = next(self._turn)
        order = {s: [handles[s][(start + i) % self.replicas] for i in range(self.replicas)]
                 for s in calls}
        refs = {s: order[s][0].call.remote(*calls[s]) for s in calls}
        done: dict[int, Any] = {}
        for s, (method, args) in calls.items():
            ref, tried = refs[s], 0
            while True:
                try:
                    ok, value = ray.get(ref, timeout=self.timeout)
                    break
                except (RayError, GetTimeoutError) as exc:
                    log.warning("shard %d replica failed on %s: %s", s, method,
                                type(exc).__name__)
                    if isinstance(exc, GetTimeoutError):
                        ray.cancel(ref)
                    tried += 1
                    if tried == self.replicas:
                        ok, value = True, _MISSING
                        break
                    ref = order[s][tried].call.remote(method, args)
            if value is _MISSING:
                continue
            if not ok:
                name, message, code = value
                raise getattr(errors, name, QAError)(message, code=code)
            done[s] = value
        return done

    def handles(self) -> list[list[Any]]:
        """The actor handles, per shard, per replica."""
        return [list(replicas) for replicas in self._replicas()]

    def stop_apart(self) -> None:
        """:meth:`stop` from a spawned process (see :func:`deploy_apart`)."""
        _apart(_stopped, self.count, self.replicas, self.prefix, self.address)

    def stop(self) -> None:
        """Kill every replica of the deployment."""
        import ray
        from ray.util import get_placement_group, remove_placement_group

        self._handles = None  # connect again if the connection was closed
        for replicas in self._replicas():
            for handle in replicas:
                ray.kill(handle, no_restart=True)
        for s in range(self.count):
            remove_placement_group(get_placement_group(f"{self.prefix}-{s}"))
        self._handles = None


_MISSING = object()
