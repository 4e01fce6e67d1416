"""Question answering over news: the sentence that answers, with its exact place.

See ``SPEC.md`` in the README for the contract; this module only re-exports.
"""

from __future__ import annotations

from qa.analysis.annotations import annotate as annotate
from qa.answer.results import Answer as Answer
from qa.answer.results import AskResult as AskResult
from qa.answer.results import Passage as Passage
from qa.engine import QA as QA
from qa.errors import DocumentError as DocumentError
from qa.errors import InvalidRequest as InvalidRequest
from qa.errors import NoDocuments as NoDocuments
from qa.errors import NotFound as NotFound
from qa.errors import QAError as QAError
from qa.text.documents import Document as Document
from qa.text.documents import LoadReport as LoadReport
from qa.text.documents import load_paths as load_paths
from qa.text.sentences import split_sentences as split_sentences
from qa.text.tokens import tokenize as tokenize

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
