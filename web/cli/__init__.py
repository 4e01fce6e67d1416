"""The ``qa`` command: serve, ask and list documents from the shell.

Every option's help states its default; problems the user can fix (a missing folder, a
bad question) end with a one-line message and exit status 1, never a traceback. A bad
``QA_*`` setting stops ``serve``, ``ask`` and ``documents`` before any document is read,
with exit status 2.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qa.engine import DEFAULT_TOP_K, MAX_TOP_K
from qa.errors import QAError
from qa.index.build import default_workers
from web.cli.engine import load_engine
from web.cli.evaluate import eval_command
from web.settings import SettingsError, load_settings
from web.wording import OWN_VOICE, hedge_label, plural, sentence_number

__all__ = ["main"]

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


_INDEX = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path, file_okay=False),
    help="Answer from an index saved by 'qa index' instead of reading PATHS. Default: none.")
_WORKERS_HELP = "Processes that analyse documents. Default: one per CPU."


class SettingsProblem(click.ClickException):
    """A ``QA_*`` setting outside what is accepted: its message, and exit status 2."""

    exit_code = 2


def _check_settings() -> None:
    """Every ``QA_*`` setting validated before any work, so a bad one stops the command
    at once with the setting, its value and what is accepted (no traceback)."""
    try:
        load_settings()
    except SettingsError as exc:
        raise SettingsProblem(str(exc)) from None


def _guard(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except QAError as exc:
        raise click.ClickException(exc.message) from None


@click.group()
@click.version_option(package_name="newsqa")
@click.option("-v", "--verbose", is_flag=True, help="Log debug details. Default: off.")
def main(verbose: bool) -> None:
    """Answer questions from news documents, with the sentence and its exact place."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.argument("question")
@_PATHS
@click.option("--top-k", default=DEFAULT_TOP_K, show_default=True,
              type=click.IntRange(1, MAX_TOP_K), help="Passages to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON (see 'Asking' in README.md).")
@_INDEX
def ask(question: str, paths: tuple[Path, ...], top_k: int, as_json: bool,
        index_dir: Path | None) -> None:
    """Answer QUESTION from the documents in PATHS (default: the seeds folder)."""
    _check_settings()
    engine = load_engine(paths, quiet=as_json, index_dir=index_dir)
    result = _guard(lambda: engine.ask(question, top_k=top_k))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _show_result(result)


def _who(attribution: dict[str, Any]) -> str:
    """Who makes the claim, as the chat shows it: "Experts · speculate" or the own voice."""
    if not attribution["source"]:
        return OWN_VOICE
    return attribution["source"] + (f" · {attribution['cue']}" if attribution["cue"] else "")


def _sureness(hedge: dict[str, Any]) -> str:
    """How sure the text is, as the chat's badges say it: "probable, disputed (likely)"."""
    words = hedge_label(hedge["level"]) + (", disputed" if hedge["disputed"] else "")
    return words + (f" (set by: {', '.join(hedge['cues'])})" if hedge["cues"] else "")


def _show_result(result: Any) -> None:
    """The answer and its passages in the chat's words, sentences numbered from 1."""
    if result.answer is None:
        why = {"no_match": "no sentence shares a word with the question",
               "low_confidence": "the closest sentences do not cover the question"}
        click.echo(f"No answer in the documents: {why.get(result.reason or '', result.reason)}.")
    else:
        answer = result.answer
        click.echo(click.style(f"Answer: {answer.text}", bold=True)
                   + (f"  ({answer.kind})" if answer.span or answer.replaces else ""))
    for rank, p in enumerate(result.passages, start=1):
        notes = p.analysis()
        where = f"{p.document.source or p.document.id} [{p.start}:{p.end}]"
        click.echo(f"{rank}. {p.text}")
        click.echo(click.style(
            f"   {_sureness(notes['hedge'])} · {_who(notes['attribution'])}", dim=True))
        click.echo(click.style(
            f"   {p.document.title} · sentence {sentence_number(p.index)} · {where} · "
            f"score {p.score:.2f}", dim=True))


@main.command()
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@_INDEX
def documents(paths: tuple[Path, ...], as_json: bool, index_dir: Path | None) -> None:
    """List the documents found in PATHS (default: the seeds folder)."""
    _check_settings()
    engine = load_engine(paths, quiet=as_json, index_dir=index_dir)
    first = engine.corpus.doc_first
    for i, doc in enumerate(engine.documents):
        n = int(first[i + 1] - first[i])
        if as_json:
            click.echo(json.dumps({**doc.meta(), "date": doc.date, "sentences": n},
                                  ensure_ascii=False))
        else:
            click.echo(f"{doc.id}\t{plural(n, 'sentence')}\t{doc.title}")


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object a sentence.")
def annotate(file: Any, as_json: bool) -> None:
    """Every sentence of FILE ('-' for standard input) with who says it and how sure."""
    from qa.analysis.annotations import annotate as annotate_text

    try:
        text = file.read()
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file.name}: not valid UTF-8 ({exc.reason})") from None
    for row in annotate_text(text):
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
            continue
        click.echo(f"sentence {sentence_number(row['index'])} ({row['start']}-{row['end']}): "
                   f"{_sureness(row['hedge'])} · {_who(row['attribution'])}")
        click.echo(f"    {row['text']}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the index to (created; replaced atomically if it holds "
              "an index). Required.")
@click.option("--workers", default=default_workers(), show_default="one per CPU",
              type=click.IntRange(1, 64), help=_WORKERS_HELP)
def index(paths: tuple[Path, ...], output: Path, workers: int) -> None:
    """Build an index of the documents in PATHS and save it to a folder.

    Serve it with 'qa serve --index FOLDER': it loads in about a second, memory-mapped and
    shared by the server's workers. A crash while writing leaves the previous index intact.
    """
    import time

    from qa.engine import save_index

    started = time.perf_counter()
    engine = load_engine(paths, workers=workers)
    _guard(lambda: save_index(engine, output, paths=[str(p) for p in paths]))
    click.echo(f"Wrote index of {plural(len(engine.corpus), 'sentence')} to {output} in "
               f"{time.perf_counter() - started:.1f}s", err=True)


def _default_workers() -> int:
    return max(2, min(8, (os.cpu_count() or 1) * 2))


@main.command()
@_PATHS
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to bind.")
@click.option("--workers", default=_default_workers(), show_default="2 x CPUs, 2 to 8",
              type=click.IntRange(1, 64), help="Worker processes.")
@_INDEX
def serve(paths: tuple[Path, ...], host: str, port: int, workers: int,
          index_dir: Path | None) -> None:
    """Serve the chat and the JSON API on the documents in PATHS (default: seeds).

    Runs gunicorn, a production WSGI server: the index is built (or memory-mapped from
    --index) once, before the workers start, and shared by them; a worker that dies is
    replaced.
    """
    from web import create_app  # the core never imports the web layer at import time
    from web.cli.serving import run_server

    _check_settings()
    engine = load_engine(paths, index_dir=index_dir, workers=default_workers())
    app = create_app({"QA_ENGINE": engine})
    click.echo(f"Serving on http://{host}:{port} with {workers} workers", err=True)
    run_server(app, host=host, port=port, workers=workers)


main.add_command(eval_command)
