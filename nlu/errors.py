"""Errors raised by the NLU engine; each message says what went wrong and where."""
from __future__ import annotations

from pathlib import Path


class NluError(Exception):
    """Base class of all NLU errors."""


class DataError(NluError):
    """A training-data file is malformed; `str()` is `FILE:LINE: reason`."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ModelError(NluError):
    """A model file is missing, corrupt, foreign or of another format version."""
