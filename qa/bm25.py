"""The old import path of :class:`qa.index.bm25.BM25Index`, kept for callers that use it.

``from qa.bm25 import BM25Index`` keeps working; new code imports from :mod:`qa.index.bm25`.
"""

from __future__ import annotations

from qa.index.bm25 import BM25Index

__all__ = ["BM25Index"]
