"""Readers for Rasa's three NLU training-data formats; `load_data` picks one per file."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nlu.data import TrainingData
from nlu.errors import DataError
from nlu.formats.json_format import load_json
from nlu.formats.markdown import load_markdown
from nlu.formats.yaml_format import load_yaml

_READERS = {".yml": load_yaml, ".yaml": load_yaml, ".md": load_markdown, ".json": load_json}


def load_file(path: Path) -> TrainingData:
    """Read one Rasa NLU file, chosen by its suffix."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise DataError(path, None, "unknown training-data format (expected .yml, .yaml, .md or .json)")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, None, f"cannot read file: {exc}") from None
    return reader(path, text)


def load_data(paths: Iterable[Path | str]) -> TrainingData:
    """Read files and directories (recursively, every .yml/.yaml/.md/.json) into one data set."""
    data = TrainingData()
    for entry in map(Path, paths):
        if entry.is_dir():
            files = sorted(p for p in entry.rglob("*") if p.suffix.lower() in _READERS and p.is_file())
        elif entry.exists():
            files = [entry]
        else:
            raise DataError(entry, None, "no such file or directory")
        for file in files:
            data = data.merge(load_file(file))
    return data


__all__ = ["load_data", "load_file"]
