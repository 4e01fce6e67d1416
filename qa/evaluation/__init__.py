"""Measuring the service: question files and the shared benchmarks (re-exports only).

* :mod:`.questions`: the JSONL question-file format and its scorer;
* :mod:`.squad`, :mod:`.hedge`, :mod:`.attribution`: the benchmarks of
  ``../shared/eval/README.md``, each a function of the shared folder and a split;
* :mod:`.metrics`: the scores they share (SQuAD EM/F1, token F1, P/R/F1, ranks);
* :mod:`.cli`: the ``qa eval`` command.
"""

from __future__ import annotations

from .attribution import sources as attribution_sources
from .hedge import detection as hedge_detection
from .hedge import grading as hedge_grading
from .metrics import answer_f1 as answer_f1
from .metrics import exact_match as exact_match
from .metrics import normalize_answer as normalize_answer
from .metrics import token_f1 as token_f1
from .questions import Outcome as Outcome
from .questions import Question as Question
from .questions import QuestionFileError as QuestionFileError
from .questions import Report as Report
from .questions import read_questions as read_questions
from .questions import score_questions as score_questions
from .squad import SquadPool as SquadPool
from .squad import abstention as squad_abstention
from .squad import answers as squad_answers
from .squad import retrieval as squad_retrieval

__all__ = [
    "Outcome",
    "Question",
    "QuestionFileError",
    "Report",
    "SquadPool",
    "answer_f1",
    "attribution_sources",
    "exact_match",
    "hedge_detection",
    "hedge_grading",
    "normalize_answer",
    "read_questions",
    "score_questions",
    "squad_abstention",
    "squad_answers",
    "squad_retrieval",
    "token_f1",
]
