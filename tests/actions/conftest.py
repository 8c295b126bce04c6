"""Core fixtures: the trained NLU model (once per session) and a chat over in-memory records."""
from __future__ import annotations

import pytest

from nlu.engine import NluModel


@pytest.fixture(scope="session")
def nlu(nlu_model_path) -> NluModel:
    return NluModel.load(nlu_model_path)


@pytest.fixture(autouse=True)
def _logging_outlives_the_cli_runner():
    """`mobi` commands bind structlog to CliRunner's stderr, which is closed afterwards: unbind it."""
    yield
    import structlog

    structlog.reset_defaults()
