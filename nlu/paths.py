"""Where the CLI keeps models by default (the only place that reads the environment)."""
from __future__ import annotations

import os
from pathlib import Path


def mobi_home() -> Path:
    """`$MOBI_HOME`, default `./var`."""
    return Path(os.environ.get("MOBI_HOME") or "var")


def default_model_path() -> Path:
    """`$MOBI_HOME/models/nlu.model`."""
    return mobi_home() / "models" / "nlu.model"
