"""Question answering over news: the sentence that answers, with its exact place.

See ``SPEC.md`` in the README for the contract; this module only re-exports.
"""

from __future__ import annotations

from .annotations import annotate as annotate
from .documents import Document as Document
from .documents import LoadReport as LoadReport
from .documents import load_paths as load_paths
from .engine import QA as QA
from .errors import DocumentError as DocumentError
from .errors import InvalidRequest as InvalidRequest
from .errors import NoDocuments as NoDocuments
from .errors import NotFound as NotFound
from .errors import QAError as QAError
from .results import Answer as Answer
from .results import AskResult as AskResult
from .results import Passage as Passage
from .sentences import split_sentences as split_sentences
from .tokens import tokenize as tokenize

__all__ = [
    "QA",
    "Answer",
    "AskResult",
    "Document",
    "DocumentError",
    "InvalidRequest",
    "LoadReport",
    "NoDocuments",
    "NotFound",
    "Passage",
    "QAError",
    "annotate",
    "load_paths",
    "split_sentences",
    "tokenize",
]

__version__ = "0.1.0"
