"""The service's settings: one table, validated once into a frozen dataclass.

Every setting is an UPPERCASE ``QA_*`` key. It can be given in ``create_app(test_config)``
or as an environment variable of the same name; the table below gives its default, its
allowed range and its help text (the README's settings table is checked against it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qa.errors import describe

__all__ = ["SETTINGS", "Settings", "SettingsError", "load_settings"]


class SettingsError(ValueError):
    """A setting with a value outside what is accepted."""


@dataclass(frozen=True, slots=True)
class _Setting:
    name: str
    default: Any
    kind: type | str
    help: str
    low: int | None = None
    high: int | None = None


SETTINGS: tuple[_Setting, ...] = (
    _Setting("QA_PATHS", None, list,
             "Files or folders of documents to answer from, separated by the OS path "
             "separator in the environment. Default: the seeds/ folder."),
    _Setting("QA_INDEX", None, str,
             "Folder of an index saved by 'qa index'; when set, QA_PATHS is not read."),
    _Setting("QA_MAX_QUESTION_CHARS", 1000, int,
             "Longest question accepted, in characters.", 1, 100_000),
    _Setting("QA_DEFAULT_TOP_K", 3, int,
             "Passages returned when a request gives no top_k.", 1, 100),
    _Setting("QA_MAX_TOP_K", 20, int,
             "Largest top_k a request may ask for.", 1, 100),
    _Setting("QA_MAX_HISTORY", 10, int,
             "Most earlier turns a follow-up question may carry in history.", 0, 100),
    _Setting("QA_MAX_BODY_BYTES", 64 * 1024, int,
             "Largest request body accepted, in bytes (larger gets 413).", 1024, 16 << 20),
    _Setting("QA_CACHE_SIZE", 2048, int,
             "Answers kept per worker for repeated questions (0 turns the cache off).",
             0, 1_000_000),
    _Setting("QA_DOCUMENTS_PAGE_MAX", 1000, int,
             "Largest page (limit) of GET /api/documents.", 1, 100_000),
    _Setting("QA_CORS_ORIGINS", (), "origins",
             "Origins (scheme://host[:port]) whose pages may call the JSON API from a "
             "browser (CORS), comma- or space-separated in the environment; '*' allows any. "
             "Default: none (CORS off)."),
    _Setting("QA_FRAME_ANCESTORS", ("*",), "ancestors",
             "Who may show /embed in a frame: CSP frame-ancestors sources "
             "(origins, 'self', 'none', '*'), comma- or space-separated in the environment. "
             "Every other page may never be framed. Default: * (anyone)."),
    _Setting("QA_WRITE_TOKEN", "", "secret",
             "Bearer token that POST and DELETE /api/documents must carry (at least 16 "
             "characters; needs QA_INDEX). Default: empty (writes off)."),
    _Setting("QA_MAX_WRITE_DOCUMENTS", 100, int,
             "Most documents one POST /api/documents may add.", 1, 10_000),
    _Setting("QA_MAX_WRITE_BYTES", 16 << 20, int,
             "Largest body of POST /api/documents, in bytes (larger gets 413).",
             1024, 256 << 20),
    _Setting("QA_RATE_LIMIT", "", "rate",
             "Most requests one client (by IP address) may make to /api/ask, e.g. "
             "'60/minute' or '10/second;500/hour'; counted per worker process. "
             "Default: empty (no limit)."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    paths: tuple[str, ...] | None
    index: str | None
    max_question_chars: int
    default_top_k: int
    max_top_k: int
    max_history: int
    max_body_bytes: int
    cache_size: int
    documents_page_max: int
    cors_origins: tuple[str, ...]
    frame_ancestors: tuple[str, ...]
    rate_limit: str
    write_token: str = field(repr=False)  # never shown in logs or errors
    max_write_documents: int = 100
    max_write_bytes: int = 16 << 20


_ORIGIN = re.compile(r"https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")
_ANCESTOR = re.compile(
    r"'self'|'none'|\*|[a-z][a-z0-9+.-]*:"
    r"|([a-z][a-z0-9+.-]*://)?(\*\.)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:([0-9]{1,5}|\*))?"
)


def _shown(value: Any, *, of_text: bool = False) -> str:
    """What a wrong value is, in words a user of the environment or JSON config knows:
    the value itself when it is short ("0", "'lots'"), else its kind ("a boolean",
    "a number", "a string of 300 characters", "a list", "an object", "null"). With
    ``of_text``, a list that should hold strings names the first item that is not one."""
    if of_text and isinstance(value, (list, tuple)):
        wrong = [item for item in value if not isinstance(item, str)]
        if wrong:
            return f"a list holding {describe(wrong[0])}"
    return describe(value)


def _words(setting: _Setting, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{setting.name} must be a list of strings, "
                             f"got {_shown(value, of_text=True)}")
    return tuple(value)


def _parse_origins(setting: _Setting, value: Any) -> tuple[str, ...]:
    origins = _words(setting, value)
    for origin in origins:
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise SettingsError(
                f"{setting.name} must list origins like 'https://example.com:8080' "
                f"(scheme and host, no path or trailing slash) or '*', got {origin!r}"
            )
    return origins


def _parse_ancestors(setting: _Setting, value: Any) -> tuple[str, ...]:
    sources = _words(setting, value)
    if not sources:
        raise SettingsError(f"{setting.name} must not be empty; use \"'none'\" to forbid framing")
    for source in sources:
        if not _ANCESTOR.fullmatch(source):
            raise SettingsError(
                f"{setting.name} must list CSP frame-ancestors sources such as "
                f"'https://example.com', 'self', 'none' or '*', got {source!r}"
            )
    if "'none'" in sources and len(sources) > 1:
        raise SettingsError(f"{setting.name}: 'none' cannot be combined with other sources, "
                            f"got {' '.join(sources)}")
    return sources


def _parse_rate(setting: _Setting, value: Any) -> str:
    from limits import parse_many

    if not isinstance(value, str):
        raise SettingsError(
            f"{setting.name} must be a string like '60/minute', got {_shown(value)}")
    value = value.strip()
    if not value:
        return ""
    try:
        rates = parse_many(value)
    except ValueError:
        rates = []
    if not rates or any(rate.amount < 1 for rate in rates):
        raise SettingsError(
            f"{setting.name} must be rates like '60/minute' or '10/second;500/hour' "
            f"(a count of 1 or more per second, minute, hour or day), or empty for no "
            f"limit, got {_shown(value)}"
        )
    return value


#: The shortest write token accepted: a guessable token is no protection.
MIN_TOKEN_CHARS = 16


def _parse_secret(setting: _Setting, value: Any) -> str:
    """A token, checked without ever putting it in a message."""
    if not isinstance(value, str):
        raise SettingsError(f"{setting.name} must be a string")
    value = value.strip()
    if value and (len(value) < MIN_TOKEN_CHARS or not value.isprintable() or " " in value):
        raise SettingsError(
            f"{setting.name} must be at least {MIN_TOKEN_CHARS} printable characters without "
            f"spaces (got {len(value)} characters), or empty to turn writes off; "
            "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return value


def _parse(setting: _Setting, value: Any) -> Any:
    if setting.kind == "secret":
        return _parse_secret(setting, value)
    if setting.kind == "rate":
        return _parse_rate(setting, value)
    if setting.kind == "origins":
        return _parse_origins(setting, value)
    if setting.kind == "ancestors":
        return _parse_ancestors(setting, value)
    if setting.kind is str:
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"{setting.name} must be a folder path, got {_shown(value)}")
        return value
    if setting.kind is list:
        if isinstance(value, str):
            value = [p for p in value.split(os.pathsep) if p]
        if not isinstance(value, (list, tuple)) or not all(isinstance(p, str) for p in value):
            raise SettingsError(
                f"{setting.name} must be a list of paths, got {_shown(value, of_text=True)}"
            )
        return tuple(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise SettingsError(
                f"{setting.name} must be an integer, got {_shown(value)}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"{setting.name} must be an integer, got {_shown(value)}")
    if not setting.low <= value <= setting.high:  # type: ignore[operator]
        raise SettingsError(
            f"{setting.name} must be from {setting.low} to {setting.high}, got {value}"
        )
    return value


def load_settings(
    config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from ``config`` (first) or ``environ`` (then), else the defaults."""
    config = config or {}
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in config:
            raw = config[setting.name]
        elif setting.name in environ:
            raw = environ[setting.name]
        else:
            raw = setting.default
        values[setting.name[3:].lower()] = raw if raw is None else _parse(setting, raw)
    settings = Settings(**values)
    if settings.write_token and not settings.index:
        raise SettingsError(
            "QA_WRITE_TOKEN needs QA_INDEX: writes are kept in an index folder "
            "(qa index PATHS -o DIR, then serve with QA_INDEX=DIR or qa serve --index DIR)"
        )
    if settings.default_top_k > settings.max_top_k:
        raise SettingsError(
            f"QA_DEFAULT_TOP_K ({settings.default_top_k}) must not exceed "
            f"QA_MAX_TOP_K ({settings.max_top_k})"
        )
    return settings
