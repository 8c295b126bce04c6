"""mobi's own German-first intent and entity engine."""
from __future__ import annotations

from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent / "data"

__all__ = ["DEFAULT_DATA"]
