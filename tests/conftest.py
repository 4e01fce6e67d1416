"""Shared fixtures: the seed engine (built once), the Flask ``app``, ``client`` and ``runner``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa import QA
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ID = "000_10382fba07225c82"


def shared_dir() -> Path:
    """``../shared`` beside the checkout (or ``$QA_SHARED_DIR``); tests using it skip if absent."""
    return Path(os.environ.get("QA_SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seed_engine() -> QA:
    return QA.from_paths([SEEDS])


@pytest.fixture()
def app(seed_engine):
    return create_app({"QA_ENGINE": seed_engine})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()
