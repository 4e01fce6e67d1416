"""``qa eval``: score the service on a question file and on the shared benchmarks.

Registered in :mod:`web.cli` with ``main.add_command(eval_command)``. Progress goes to
standard error, figures to standard output (``--json`` for machines); problems the user
can fix end with a one-line message (:class:`click.ClickException`), never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from qa.errors import QAError
from qa.evaluation import attribution, hedge, squad
from qa.evaluation.questions import METRICS, Report, read_questions, score_questions
from web.cli.engine import ProgressBars, load_engine
from web.wording import plural

__all__ = ["BENCHMARKS", "TARGETS", "Target", "default_shared", "eval_command"]

#: The benchmarks ``--benchmarks`` accepts, in the order they run, with what they need.
BENCHMARKS = {
    "hedge": ("hedge detection, CoNLL-2010 Wikipedia", hedge.CONLL),
    "squad": ("short answers, SQuAD v1.1 whole pool", squad.SQUAD),
    "attribution": ("attribution, PolNeAR", attribution.POLNEAR),
    "retrieval": ("answer-sentence retrieval, SQuAD v1.1", squad.SQUAD),
    "abstention": ("abstention, SQuAD v1.1 (own article removed)", squad.SQUAD),
    "unanswerable": ("SQuAD 2.0 whole pool (official v2 scoring)", squad.SQUAD2),
}


@dataclass(frozen=True, slots=True)
class Target:
    """One line of the table: our figure, read from a benchmark's result, and its peer."""

    benchmark: str
    metric: str
    value: Callable[[dict[str, Any]], float]
    digits: int
    peer: str
    #: The figure to reach (``None``: nothing published); ``met`` is ``value >= at_least``.
    at_least: float | None = None


TARGETS = [
    Target("hedge", "F1 uncertain (%)", lambda r: r["systems"]["qa.analysis.hedge"]["F1"], 1,
           "CoNLL-2010 winner 60.2; word list 58.1 (all rows)", 60.2),
    Target("squad", "answer EM (%)", lambda r: r["service"]["EM"], 2,
           ">= 30 (issue); SQuAD LR baseline 40.1 with the paragraph given", 30.0),
    Target("squad", "answer F1 (%)", lambda r: r["service"]["F1"], 2,
           ">= 40 (issue); SQuAD LR baseline 51.0 with the paragraph given", 40.0),
    Target("attribution", "source token F1", lambda r: r["source_f1"], 3,
           ">= 0.6 (issue)", 0.6),
    Target("attribution", "null share (author's voice)", lambda r: r["null_share"], 3,
           "none published"),
    Target("retrieval", "R@1", lambda r: r["systems"]["engine"]["R@1"], 3,
           "rank_bm25 \\w+ 0.612 (all questions)", 0.612),
    Target("retrieval", "MRR", lambda r: r["systems"]["engine"]["MRR"], 3,
           "rank_bm25 \\w+ 0.691; ReQA example model 0.625", 0.691),
    Target("abstention", "answered (answerable)", lambda r: r["answered"], 3,
           "none published"),
    Target("abstention", "refused (unanswerable)", lambda r: r["refused"], 3,
           "none published; BM25 alone refuses almost none"),
    Target("unanswerable", "F1 (%)", lambda r: r["F1"], 1,
           ">= 55 (issue); always refusing ~50; BiDAF-No-Answer 59 (paragraph given)", 55.0),
    Target("unanswerable", "HasAns F1 (%)", lambda r: r["HasAns"]["F1"], 1, "none published"),
    Target("unanswerable", "NoAns accuracy (%)", lambda r: r["NoAns"]["accuracy"], 1,
           "none published"),
]


def default_shared() -> Path | None:
    """``$QA_SHARED_DIR``, else ``../shared`` beside this checkout, if that folder exists."""
    env = os.environ.get("QA_SHARED_DIR")
    path = Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"
    return path if path.is_dir() else None


def _say(message: str) -> None:
    click.echo(message, err=True)


def _choose(benchmarks: str | None, file: Path | None) -> list[str]:
    if benchmarks is None:
        return [] if file is not None else list(BENCHMARKS)
    names = [b.strip() for b in benchmarks.split(",") if b.strip()]
    accepted = ["all", "none", *BENCHMARKS]
    for name in names:
        if name not in accepted:
            raise click.BadParameter(f"{name!r} is not one of {', '.join(accepted)}",
                                     param_hint="'--benchmarks'")
    if "all" in names:
        return list(BENCHMARKS)
    return [b for b in BENCHMARKS if b in names]


def _run(name: str, shared: Path, split: str, pools: dict[str, squad.SquadPool],
         progress: ProgressBars | None) -> dict[str, Any]:
    if name == "hedge":
        systems = {"qa.analysis.hedge": hedge.ours}
        if (shared / hedge.LEXICONS).is_dir():
            systems.update(hedge.word_lists(shared))
        return hedge.detection(shared, split, systems=systems)
    if name == "attribution":
        return attribution.sources(shared, split)
    if name == "unanswerable":
        if "pool2" not in pools:
            pools["pool2"] = squad.SquadPool.load(shared, progress=progress, version="2.0")
        return squad.unanswerable(pools["pool2"], split, progress=progress)
    if "pool" not in pools:
        pools["pool"] = squad.SquadPool.load(shared, progress=progress)
    run = {"squad": squad.answers, "retrieval": squad.retrieval,
           "abstention": squad.abstention}[name]
    result: dict[str, Any] = run(pools["pool"], split, progress=progress)
    return result


def _table(results: dict[str, dict[str, Any]], split: str) -> list[dict[str, Any]]:
    rows = []
    for t in TARGETS:
        if t.benchmark not in results:
            continue
        value = float(t.value(results[t.benchmark]))
        peer = t.peer
        same_run = results[t.benchmark].get("systems", {}).get("word list (wooorm hedges)")
        if t.benchmark == "hedge" and same_run is not None:
            peer += f"; word list {same_run['F1']:.1f} (this split, same run)"
        rows.append({"benchmark": t.benchmark, "title": BENCHMARKS[t.benchmark][0],
                     "split": split, "metric": t.metric, "ours": round(value, t.digits),
                     "peer": peer, "target": t.at_least,
                     "met": None if t.at_least is None else value >= t.at_least})
    return rows


def _print_table(rows: list[dict[str, Any]]) -> None:
    click.echo(f"{'benchmark':<46}{'split':<6}{'metric':<30}{'ours':>8}  {'met':<4} "
               "target / peer")
    last = None
    for row in rows:
        title = row["title"] if row["benchmark"] != last else ""
        last = row["benchmark"]
        met = "-" if row["met"] is None else ("yes" if row["met"] else "no")
        click.echo(f"{title:<46}{row['split']:<6}{row['metric']:<30}{row['ours']:>8}  "
                   f"{met:<4} {row['peer']}")


def _print_report(report: Report, file: Path, failures: bool) -> None:
    metrics = report.metrics()
    click.echo(f"Questions: {file} ({plural(len(report.outcomes), 'question')})")
    click.echo(f"  {'metric':<11}{'score':>7}{'n':>5}  what")
    for name, m in metrics.items():
        click.echo(f"  {name:<11}{m['value']:7.3f}{m['n']:>5}  {METRICS[name]}")
    missed = report.failures()
    if not failures:
        if missed:
            click.echo(f"  {plural(len(missed), 'question')} missed an expectation; "
                       "--failures lists them")
        return
    click.echo(f"Failures ({len(missed)}):")
    for o in missed:
        q, got = o.question, o.got()
        click.echo(f"  line {q.line}: {q.question}  missed: {', '.join(o.failed())}")
        expected = q.expected()
        for name in o.failed():
            click.echo(f"    {name}: expected {_expected(name, expected)}, "
                       f"got {_got(name, got)}"[:400])


def _expected(name: str, expected: dict[str, Any]) -> str:
    if name == "answered":
        return "an answer"
    if name == "refused":
        return "no answer (null)"
    return repr(expected.get(name))


def _got(name: str, got: dict[str, Any]) -> str:
    if got.get("answer") is None and got.get("reason") != "no_attribution":
        return f"no answer ({got.get('reason')})"
    if name in ("refused", "answer"):
        return repr(got["answer"])
    if name in ("sentence", "document"):
        return f"{got.get('document')} sentence {got.get('index')}: {got.get('sentence')!r}"
    return repr(got.get(name))


@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Answer FILE's questions from an index saved by 'qa index' instead of "
              "PATHS. Default: none (PATHS, else the seeds folder).")
@click.option("--shared", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The shared folder holding eval/external/. Default: $QA_SHARED_DIR, else "
              "../shared beside this checkout if it exists.")
@click.option("--split", type=click.Choice(["dev", "test"]), default="dev",
              help="Part of each benchmark to score; tune on dev only. Default: dev.")
@click.option("--benchmarks", metavar="NAMES",
              help="Comma-separated: all, none, " + ", ".join(BENCHMARKS) + ". Default: all "
              "without FILE (or with FILE and --shared), none with FILE alone.")
@click.option("--json", "as_json", is_flag=True,
              help="Print every figure and each question's failures as JSON. Default: off.")
@click.option("--failures", is_flag=True,
              help="List each question the service gets wrong, expected against got. "
              "Default: off.")
def _eval(file: Path | None, paths: tuple[Path, ...], index_dir: Path | None,
          shared: Path | None, split: str, benchmarks: str | None, as_json: bool,
          failures: bool) -> None:
    """Score the service on FILE, a JSONL question file, and on the shared benchmarks.

    FILE holds one question a line with what a reader expects: {"question", "history"?,
    "answerable"?, "document"?, "sentence"?, "answer"?, "source"?, "hedge"?,
    "disputed"?} (see qa/evaluation/questions.py). The engine answers from PATHS or
    --index (default: the seeds folder). The benchmarks read ../shared/eval and print
    each figure next to its published target or peer.
    """
    chosen = _choose(benchmarks, file)
    explicit_shared = shared is not None
    shared = shared or default_shared()
    if file is None and paths:
        raise click.UsageError("PATHS need a question FILE first")
    if chosen and shared is None:
        if file is None and benchmarks is None:
            raise click.UsageError(
                "nothing to do: give a question FILE, or --shared DIR for the benchmarks "
                "(no ../shared folder beside this checkout)")
        raise click.ClickException(
            "the benchmarks need the shared evaluation data: pass --shared DIR "
            "(no ../shared folder beside this checkout)")
    if explicit_shared and file is not None and benchmarks is None:
        chosen = list(BENCHMARKS)
    bars = ProgressBars() if sys.stderr.isatty() and not as_json else None
    out: dict[str, Any] = {"split": split}
    report = None
    if file is not None:
        try:
            questions = read_questions(file)
            engine = load_engine(paths, index_dir=index_dir, quiet=as_json)
            _say(f"Asking {plural(len(questions), 'question')} from {file}")
            report = score_questions(engine, questions, progress=bars)
        except QAError as exc:
            raise click.ClickException(exc.message) from None
        finally:
            if bars is not None:
                bars.close()
        out["questions"] = {"file": str(file), **report.to_dict()}
    results: dict[str, dict[str, Any]] = {}
    pools: dict[str, squad.SquadPool] = {}
    for name in chosen:
        assert shared is not None
        need = shared / BENCHMARKS[name][1]
        if not need.exists():
            raise click.ClickException(f"{name}: data not found at {need}; pass --shared DIR")
        _say(f"Running {BENCHMARKS[name][0]} on {split} ...")
        started = time.perf_counter()
        try:
            results[name] = _run(name, shared, split, pools, bars)
        except (OSError, ValueError, KeyError) as exc:
            raise click.ClickException(f"{name}: cannot read the data under {shared}: "
                                       f"{exc}") from None
        finally:
            if bars is not None:
                bars.close()
        _say(f"  done in {time.perf_counter() - started:.1f}s")
    if results:
        out["benchmarks"] = results
        out["table"] = _table(results, split)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if report is not None and file is not None:
        _print_report(report, file, failures)
    if results:
        if report is not None:
            click.echo()
        _print_table(out["table"])


eval_command = click.command("eval")(_eval)
