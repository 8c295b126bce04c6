"""NLU fixtures: one model trained on the shipped data per test session."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nlu import DEFAULT_DATA
from nlu.engine import NluModel, train

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)  # a Saturday


@pytest.fixture(scope="session")
def model() -> NluModel:
    return train([DEFAULT_DATA])


@pytest.fixture(scope="session")
def model_file(model, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("nlu") / "nlu.model"
    model.save(path)
    return path
