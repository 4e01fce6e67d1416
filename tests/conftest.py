"""Shared fixtures: the seed engine (built once), the Flask ``app``, ``client`` and ``runner``;
and a small engine of three documents (:func:`festival_engine`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa import QA, Document
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ID = "000_10382fba07225c82"


def festival_engine() -> QA:
    """Three small documents: a dateless sentence BM25 ranks first for "When was the harbour
    festival in Lyon?", the dated one that answers it, and one about something else."""
    return QA.from_documents([
        Document(id="a", title="Harbour news", text="The harbour festival in Lyon drew huge "
                 "crowds of visitors to the harbour festival grounds."),
        Document(id="b", title="Events", text="The harbour festival in Lyon was first held in "
                 "October 2019."),
        Document(id="c", title="Fish", text="Fish markets open early. Boats arrive at dawn."),
    ])


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
