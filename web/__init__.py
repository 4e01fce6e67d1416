"""The web layer: ``create_app()`` builds the engine once and serves the API and the chat.

Nothing loads at import time; ``create_app`` reads the settings (``web.settings``), builds
the :class:`qa.QA` engine (or takes a ready one from ``test_config["QA_ENGINE"]``) and keeps
it in ``app.extensions["qa"]``; with ``QA_INDEX`` it opens a saved index (memory-mapped)
with its document store (:class:`qa.live.LiveIndex`), and before each request takes the
latest state, so documents added or removed by any process are answered from at once. A
sharded index (:mod:`qa.shards`) is answered from its shards, loaded in this process unless
``test_config["QA_ENGINE"]`` brings one whose shards are elsewhere (``qa serve --ray``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from qa import QA
from qa.index.build import warm_up
from qa.live import LiveIndex
from qa.shards import LocalShards, ShardedQA, is_sharded
from qa.text.documents import default_paths
from web import errors, limits, security
from web.cache import AnswerCache
from web.settings import load_settings

__all__ = ["create_app"]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask application. ``test_config`` overrides settings (``QA_*`` keys)."""
    config = dict(test_config or {})
    settings = load_settings(config)
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    engine = config.get("QA_ENGINE")
    live: LiveIndex | None = None
    if engine is None and settings.index and is_sharded(settings.index):
        engine = ShardedQA(settings.index, LocalShards(settings.index))
    elif engine is None and settings.index:
        live = LiveIndex(settings.index)
        engine = live.engine
    elif engine is None:
        engine = QA.from_paths(settings.paths or default_paths())
    cache = AnswerCache(settings.cache_size)
    app.extensions["qa"] = engine
    app.extensions["qa_live"] = live
    app.extensions["qa_settings"] = settings
    app.extensions["qa_cache"] = cache

    if live is not None:
        if settings.write_token:
            warm_up()  # before the server forks: no worker loads the lexicons itself

        @app.before_request
        def _current() -> None:
            """Every request answers from the latest committed documents (a write by any
            process is seen here on the next request); the cache is for the old ones."""
            engine = live.engine
            if engine is not app.extensions["qa"]:
                cache.clear()
                app.extensions["qa"] = engine

    from web.api import bp as api_bp
    from web.pages import bp as pages_bp
    from web.writes import bp as writes_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(writes_bp)
    app.register_blueprint(pages_bp)
    errors.register(app)
    security.register(app, settings)
    limits.register(app, settings)
    return app
