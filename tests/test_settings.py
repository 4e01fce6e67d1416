"""A bad QA_* setting stops the command line before any work, with the message only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import web.cli
from tests.conftest import ROOT, SEEDS
from web.cli import main


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
