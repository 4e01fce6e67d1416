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
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qa.engine import DEFAULT_TOP_K, MAX_TOP_K
from qa.errors import QAError
from qa.index.build import default_workers
from web.cli.engine import ProgressBars, load_engine
from web.cli.evaluate import eval_command
from web.settings import SettingsError, load_settings
from web.wording import claim, hedge_label, plural, resolved, sentence_number

__all__ = ["main"]

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


_INDEX = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path, file_okay=False),
    help="Answer from an index saved by 'qa index' instead of reading PATHS. Default: none.")
_WORKERS_HELP = "Processes that analyse documents. Default: one per CPU."


class SettingsProblem(click.ClickException):
    """A ``QA_*`` setting outside what is accepted: its message, and exit status 2."""

    exit_code = 2


def _check_settings(config: dict[str, Any] | None = None) -> None:
    """Every ``QA_*`` setting validated before any work, so a bad one stops the command
    at once with the setting, its value and what is accepted (no traceback); ``config``
    holds what the command's options set."""
    try:
        load_settings(config)
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


def _who(hedge: dict[str, Any], attribution: dict[str, Any]) -> str:
    """Who makes the claim on what footing, as the chat shows it: "claimed by South Korean
    authorities · contend", "stated in the article's own voice", and how a pronoun was
    resolved ("He → Lim Eulchul (named in sentence 11)")."""
    words = claim(hedge.get("basis", "stated"), attribution["source"])
    if attribution["source"] and attribution["cue"]:
        words += f" · {attribution['cue']}"
    found = resolved(attribution)
    return words + (f" [{found}]" if found else "")


def _sureness(hedge: dict[str, Any]) -> str:
    """How sure the text is, as the chat's badges say it: "probable, disputed (set by:
    likely)"."""
    words = hedge_label(hedge["level"]) + (", disputed" if hedge["disputed"] else "")
    return words + (f" (set by: {', '.join(hedge['cues'])})" if hedge["cues"] else "")


def _show_result(result: Any) -> None:
    """The answer and its passages in the chat's words, sentences numbered from 1."""
    if result.answer is None:
        why = {"no_match": "no sentence shares a word with the question",
               "low_confidence": "the closest sentences do not cover the question",
               "no_documents": "no document passes the filters"}
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
            f"   {_sureness(notes['hedge'])} · {_who(notes['hedge'], notes['attribution'])}", dim=True))
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
    for doc in engine.documents:
        n = engine.sentence_count(doc.id) or 0
        if as_json:
            click.echo(json.dumps({**doc.meta(), "sentences": n},
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
                   f"{_sureness(row['hedge'])} · {_who(row['hedge'], row['attribution'])}")
        click.echo(f"    {row['text']}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the index to (created; replaced atomically if it holds "
              "an index). Required with PATHS.")
@click.option("--from-store", "from_store", type=click.Path(path_type=Path, file_okay=False),
              help="Build the index of this folder again from its document store, with every "
              "document added since. Default: none.")
@click.option("--replace", "replace_changes", is_flag=True,
              help="Replace an index in the folder even if documents were added or removed "
              "in it since it was built (those changes are discarded). Default: off.")
@click.option("--workers", default=default_workers(), show_default="one per CPU",
              type=click.IntRange(1, 64), help=_WORKERS_HELP)
@click.option("--shards", type=click.IntRange(1, 4096), default=None,
              help="Split the documents by id over this many shard indexes with the "
              "collection's statistics, for 'qa serve --ray' (no document store: a sharded "
              "index takes no writes). Default: one unsharded index.")
def index(paths: tuple[Path, ...], output: Path | None, from_store: Path | None,
          replace_changes: bool, workers: int, shards: int | None) -> None:
    """Build an index of the documents in PATHS and save it to a folder.

    The folder holds the index and its document store (store.sqlite), where 'qa add',
    'qa remove' and the write API keep their changes. Serve it with 'qa serve --index
    FOLDER': it loads in about a second, memory-mapped and shared by the server's workers.
    A crash while writing leaves the previous index intact. With --from-store, the index
    is rebuilt from the store alone.
    """
    import time

    from qa.live import rebuild_from_store, save_with_store

    started = time.perf_counter()
    if shards is not None:
        if from_store is not None or not paths or output is None:
            raise click.UsageError("--shards needs the documents' PATHS and -o FOLDER")
        manifest = _sharded_index(paths, output, shards, workers)
        rows = manifest.statistics["sentences"]["rows"]
        click.echo(f"Wrote {plural(shards, 'shard')} of "
                   f"{plural(manifest.documents, 'document')}, {plural(rows, 'sentence')} to "
                   f"{output} in {time.perf_counter() - started:.1f}s", err=True)
        return
    if from_store is not None:
        if paths or output is not None:
            raise click.UsageError("give either PATHS -o FOLDER or --from-store FOLDER")
        bars = ProgressBars() if sys.stderr.isatty() else None
        try:
            engine = _guard(lambda: rebuild_from_store(
                from_store, workers=workers, progress=bars))
        finally:
            if bars is not None:
                bars.close()
        output = from_store
    else:
        if not paths or output is None:
            raise click.UsageError("give the documents' PATHS and -o FOLDER")
        _keep_changes(output, replace_changes)
        engine = load_engine(paths, workers=workers)
        _guard(lambda: save_with_store(engine.retriever, output,
                                       paths=[str(p) for p in paths]))
    click.echo(f"Wrote index of {plural(len(engine.corpus), 'sentence')} to {output} in "
               f"{time.perf_counter() - started:.1f}s", err=True)


def _sharded_index(paths: tuple[Path, ...], output: Path, shards: int, workers: int) -> Any:
    """``qa index --shards``: the manifest of the shard indexes written to ``output``."""
    from qa.shards import build_shards

    bars = ProgressBars() if sys.stderr.isatty() else None
    try:
        return _guard(lambda: build_shards(list(paths), output, shards, workers=workers,
                                           progress=bars))
    finally:
        if bars is not None:
            bars.close()


def _keep_changes(folder: Path, replace_changes: bool) -> None:
    """Refuse to build over an index whose store holds writes made since it was built."""
    from qa.index.database import FILENAME, Database

    store = folder / FILENAME
    if replace_changes or not store.is_file():
        return
    db = _guard(lambda: Database(store))
    try:
        changes = db.generation()
    finally:
        db.close()
    if changes:
        raise click.ClickException(
            f"{folder} holds an index changed {plural(changes, 'time')} since it was built "
            f"(qa add, qa remove or the write API); rebuilding it from PATHS would discard "
            f"that. Rebuild it from its store with: qa index --from-store {folder}; or add "
            f"--replace to discard the changes")


_INDEX_REQUIRED = click.option(
    "--index", "index_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
    help="Folder of an index saved by 'qa index' (it may be serving). Required.")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_INDEX_REQUIRED
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON. Default: off.")
def add(paths: tuple[Path, ...], index_dir: Path, as_json: bool) -> None:
    """Add the documents in PATHS to a saved index, in one step (an existing id is
    replaced). A server running on the index answers from them on its next request."""
    from qa.live import LiveIndex
    from qa.text.documents import LoadReport, find_files, load_files

    report = LoadReport()
    documents = list(load_files(find_files(list(paths), report), report=report))
    for item in report.skipped:
        click.echo(f"  skipped {item}", err=True)
    if not documents:
        raise click.ClickException("no readable documents in " + " ".join(map(str, paths)))
    live = _guard(lambda: LiveIndex(index_dir, background=False))
    try:
        done = _guard(lambda: live.add(documents))
    finally:
        live.close()
    if as_json:
        click.echo(json.dumps(done, ensure_ascii=False, indent=1))
        return
    for row in done["documents"]:
        click.echo(f"{row['status']:<9} {row['id']} ({plural(row['sentences'], 'sentence')})")
    click.echo(f"generation {done['generation']}", err=True)


@main.command()
@click.argument("ids", nargs=-1, required=True)
@_INDEX_REQUIRED
def remove(ids: tuple[str, ...], index_dir: Path) -> None:
    """Remove the documents with these ids from a saved index. An unknown id stops the
    command before anything after it is removed."""
    from qa.live import LiveIndex

    live = _guard(lambda: LiveIndex(index_dir, background=False))
    try:
        for doc_id in ids:
            done = _guard(lambda: live.remove(doc_id))  # noqa: B023 - called at once
            click.echo(f"deleted   {doc_id} (generation {done['generation']})")
    finally:
        live.close()


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
@click.option("--ray", "ray_address", envvar="QA_RAY_ADDRESS", default=None,
              help="Serve a sharded index (qa index --shards) from actors on the Ray cluster "
              "at this address (host:port of its head, or 'auto'); env QA_RAY_ADDRESS. "
              "Default: none (the shards load in the server).")
@click.option("--replicas", envvar="QA_RAY_REPLICAS", default=1, show_default=True,
              type=click.IntRange(1, 64),
              help="With --ray: actors per shard, on different nodes when there are enough; "
              "env QA_RAY_REPLICAS.")
def serve(paths: tuple[Path, ...], host: str, port: int, workers: int,
          index_dir: Path | None, ray_address: str | None, replicas: int) -> None:
    """Serve the chat and the JSON API on the documents in PATHS (default: seeds).

    Runs gunicorn, a production WSGI server: the index is built (or memory-mapped from
    --index) once, before the workers start, and shared by them; a worker that dies is
    replaced. With --ray, each shard of a sharded index is served by --replicas Ray
    actors and every question fans out to them.
    """
    from web import create_app  # the core never imports the web layer at import time
    from web.cli.serving import run_server

    if ray_address:
        _serve_on_ray(index_dir, paths, ray_address, replicas, host, port, workers)
        return
    if index_dir is not None:
        if paths:
            raise click.UsageError("give either PATHS or --index, not both")
        _check_settings({"QA_INDEX": str(index_dir)})
        app = _guard(lambda: create_app({"QA_INDEX": str(index_dir)}))
        stats = app.extensions["qa"].stats()
        click.echo(f"Loaded index {index_dir}: {plural(stats['documents'], 'document')}, "
                   f"{plural(stats['sentences'], 'sentence')}"
                   + (", writes on" if app.extensions["qa_settings"].write_token else ""),
                   err=True)
    else:
        _check_settings()
        engine = load_engine(paths, workers=default_workers())
        app = create_app({"QA_ENGINE": engine})
    click.echo(f"Serving on http://{host}:{port} with {workers} workers", err=True)
    run_server(app, host=host, port=port, workers=workers)


def _serve_on_ray(index_dir: Path | None, paths: tuple[Path, ...], address: str,
                  replicas: int, host: str, port: int, workers: int) -> None:
    """``qa serve --ray``: start the shard actors, serve, and stop them when done."""
    from qa.shards import ShardedQA, is_sharded
    from web import create_app
    from web.cli.serving import run_server

    if index_dir is None or paths or not is_sharded(index_dir):
        raise click.UsageError("--ray serves a sharded index: give --index FOLDER of an index "
                               "built with 'qa index PATHS -o FOLDER --shards N'")
    _check_settings({"QA_INDEX": str(index_dir)})
    try:
        from qa import cluster
    except ImportError:
        raise click.ClickException("--ray needs Ray: pip install 'newsqa[cluster]'") from None
    try:
        shards = cluster.deploy_apart(index_dir, address=address, replicas=replicas)
    except QAError as exc:
        raise click.ClickException(exc.message) from None
    except ConnectionError as exc:
        raise click.ClickException(f"cannot reach the Ray cluster at {address!r}: {exc}") from None
    master = os.getpid()
    try:
        app = _guard(lambda: create_app({"QA_ENGINE": ShardedQA(index_dir, shards)}))
        click.echo(f"Started {plural(shards.count, 'shard')} x {plural(replicas, 'replica')} "
                   f"on Ray at {address}", err=True)
        click.echo(f"Serving on http://{host}:{port} with {workers} workers", err=True)
        run_server(app, host=host, port=port, workers=workers)  # each worker connects to Ray
    finally:
        if os.getpid() == master:  # a worker leaving run_server is a fork of this process
            shards.stop_apart()


main.add_command(eval_command)
