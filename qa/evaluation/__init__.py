"""Measuring the service: question files and the shared benchmarks (re-exports only).

* :mod:`.questions`: the JSONL question-file format and its scorer;
* :mod:`.squad`, :mod:`.hedge`, :mod:`.attribution`: the benchmarks of
  ``../shared/eval/README.md``, each a function of the shared folder and a split;
* :mod:`.metrics`: the scores they share (SQuAD EM/F1, token F1, P/R/F1, ranks);
* :mod:`.cli`: the ``qa eval`` command.
"""

from __future__ import annotations

from qa.evaluation.attribution import sources as attribution_sources
from qa.evaluation.hedge import detection as hedge_detection
from qa.evaluation.hedge import grading as hedge_grading
from qa.evaluation.metrics import answer_f1 as answer_f1
from qa.evaluation.metrics import exact_match as exact_match
from qa.evaluation.metrics import normalize_answer as normalize_answer
from qa.evaluation.metrics import token_f1 as token_f1
from qa.evaluation.questions import Outcome as Outcome
from qa.evaluation.questions import Question as Question
from qa.evaluation.questions import QuestionFileError as QuestionFileError
from qa.evaluation.questions import Report as Report
from qa.evaluation.questions import read_questions as read_questions
from qa.evaluation.questions import score_questions as score_questions
from qa.evaluation.squad import SquadPool as SquadPool
from qa.evaluation.squad import abstention as squad_abstention
from qa.evaluation.squad import answers as squad_answers
from qa.evaluation.squad import retrieval as squad_retrieval

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
