"""A small, thread-safe cache of encoded answers, kept per worker process.

An engine is immutable once built, so the same request always gets the same answer
until the documents change (a write, here or in another process), which empties it:
popular questions are answered from here without running retrieval, extraction or JSON
encoding again. Least recently used entries are dropped past ``size``; ``size`` 0 turns
the cache off. Keys hold everything the answer depends on (question, top_k, explain and
the history).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

__all__ = ["AnswerCache"]


class AnswerCache:
    """Least-recently-used mapping from a request key to an encoded JSON body."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        if not self.size:
            return None
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        if not self.size:
            return
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every answer (the documents changed)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
