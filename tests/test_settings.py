"""A bad QA_* setting stops the command line before any work, with the message only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import web.cli
from tests.conftest import ROOT, SEEDS
from web.cli import main
from web.settings import SettingsError, load_settings


@pytest.mark.parametrize("command", [["serve", str(SEEDS)], ["ask", "Who?", str(SEEDS)],
                                     ["documents", str(SEEDS)]])
def test_a_bad_setting_stops_before_loading(runner, monkeypatch, command: list[str]) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("documents were loaded before the settings were checked")

    monkeypatch.setattr(web.cli, "load_engine", never)
    result = runner.invoke(main, command, env={"QA_MAX_TOP_K": "0"})
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == "Error: QA_MAX_TOP_K must be from 1 to 100, got 0"
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["ask", "Who?"]])
def test_a_bad_setting_in_a_real_process(command: list[str]) -> None:
    env = {**os.environ, "QA_MAX_TOP_K": "0", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "qa", *command, str(SEEDS)], env=env, check=False,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.strip() == "Error: QA_MAX_TOP_K must be from 1 to 100, got 0"
    assert "Traceback" not in done.stderr and "Loaded" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("config, message", [
    ({"QA_MAX_TOP_K": True}, "QA_MAX_TOP_K must be an integer, got a boolean"),
    ({"QA_MAX_TOP_K": 0}, "QA_MAX_TOP_K must be from 1 to 100, got 0"),
    ({"QA_MAX_TOP_K": 2.5}, "QA_MAX_TOP_K must be an integer, got 2.5"),
    ({"QA_MAX_TOP_K": [3]}, "QA_MAX_TOP_K must be an integer, got a list"),
    ({"QA_MAX_TOP_K": "x" * 300}, ("QA_MAX_TOP_K must be an integer, got a string of 300 "
                                  "characters")),
    ({"QA_PATHS": ["seeds", 7]}, "QA_PATHS must be a list of paths, got a list holding 7"),
    ({"QA_INDEX": {"a": 1}}, "QA_INDEX must be a folder path, got an object"),
    ({"QA_INDEX": ""}, "QA_INDEX must be a folder path, got an empty string"),
    ({"QA_RATE_LIMIT": False}, ("QA_RATE_LIMIT must be a string like '60/minute', got a "
                               "boolean")),
    ({"QA_FRAME_ANCESTORS": ["'none'", "'self'"]},
     "QA_FRAME_ANCESTORS: 'none' cannot be combined with other sources, got 'none' 'self'"),
], ids=["bool", "zero", "float", "list", "long-string", "path-list", "object", "empty",
        "rate-bool", "none-combined"])
def test_setting_messages_name_the_value_in_plain_words(config: dict, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(config, environ={})
    assert str(raised.value) == message
    assert not any(f"got {word}" in message for word in ("True", "False", "int", "str", "["))
