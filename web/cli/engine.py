"""What every ``qa`` command that answers needs: an engine from PATHS or a saved index,
with progress bars on a terminal and one-line errors instead of tracebacks."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from qa.engine import QA
from qa.errors import QAError
from qa.text.documents import default_paths
from web.wording import plural

__all__ = ["ProgressBars", "load_engine"]


class ProgressBars:
    """Adapts the engine's ``progress(stage, done, total)`` to click progress bars."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=total, label=f"{stage:<9}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
            self.stage = None


def load_engine(paths: tuple[Path, ...], *, index_dir: Path | None = None,
                quiet: bool = False, workers: int = 1) -> QA:
    """The engine over ``paths`` (default: the seeds) or the index saved in ``index_dir``.

    Progress bars and a summary go to standard error unless ``quiet`` or it is not a
    terminal; problems become :class:`click.ClickException`.
    """
    if index_dir is not None:
        if paths:
            raise click.UsageError("give either PATHS or --index, not both")
        from qa.engine import load_index  # at the store's latest state
        from qa.shards import LocalShards, ShardedQA, is_sharded

        try:
            if is_sharded(index_dir):
                engine: QA = ShardedQA(index_dir, LocalShards(index_dir))
            else:
                engine = load_index(index_dir)
        except QAError as exc:
            raise click.ClickException(exc.message) from None
        if not quiet:
            stats = engine.stats()
            click.echo(f"Loaded index {index_dir}: {plural(stats['documents'], 'document')}, "
                       f"{plural(stats['sentences'], 'sentence')}", err=True)
        return engine
    bars = ProgressBars() if not quiet and sys.stderr.isatty() else None
    listed = _ListedHere()
    logging.getLogger("qa.text.documents").addFilter(listed)
    try:
        engine = QA.from_paths(list(paths) or default_paths(), progress=bars, workers=workers)
    except QAError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        logging.getLogger("qa.text.documents").removeFilter(listed)
        if bars is not None:
            bars.close()
    stats = engine.stats()
    if not quiet:
        click.echo(
            f"Loaded {plural(stats['documents'], 'document')}, "
            f"{plural(stats['sentences'], 'sentence')}"
            + (f" ({stats['skipped']} skipped)" if stats["skipped"] else ""),
            err=True,
        )
    for item in engine.report.skipped:
        click.echo(f"  skipped {item}", err=True)
    return engine


class _ListedHere(logging.Filter):
    """Drops the loader's "skipped ..." warnings: :func:`load_engine` lists them itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("skipped ")
