"""Rasa JSON (`{"rasa_nlu_data": {...}}`): common_examples, regex_features, lookup_tables, synonyms."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nlu.data import Annotation, Example, TrainingData
from nlu.errors import DataError


def load_json(path: Path, text: str) -> TrainingData:
    """Read one Rasa JSON file; raise `DataError(path, line, reason)` when malformed."""
    try:
        root = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    if not isinstance(root, dict) or not isinstance(root.get("rasa_nlu_data"), dict):
        raise DataError(path, 1, "expected an object with key 'rasa_nlu_data'")
    nlu = root["rasa_nlu_data"]
    locate = _Locator(text)
    examples = tuple(_example(path, i, ex, locate) for i, ex in enumerate(nlu.get("common_examples", [])))
    synonyms = {
        str(s).lower(): str(entry["value"])
        for entry in _list(path, nlu, "entity_synonyms", locate)
        for s in entry.get("synonyms", [])
    }
    regexes = tuple((str(r["name"]), str(r["pattern"])) for r in _list(path, nlu, "regex_features", locate))
    lookups = {str(t["name"]): tuple(map(str, t.get("elements", []))) for t in _list(path, nlu, "lookup_tables", locate)}
    return TrainingData(examples, synonyms, regexes, lookups)


class _Locator:
    """Approximate line of the n-th `"text"` key, for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = [n for n, line in enumerate(text.splitlines(), 1) if '"text"' in line]

    def line(self, index: int) -> int | None:
        return self.lines[index] if index < len(self.lines) else None


def _list(path: Path, nlu: dict[str, Any], key: str, locate: _Locator) -> list[dict[str, Any]]:
    items = nlu.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataError(path, None, f"'{key}' must be a list of objects")
    return items


def _example(path: Path, index: int, ex: Any, locate: _Locator) -> Example:
    line = locate.line(index)
    if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
        raise DataError(path, line, f"common_examples[{index}] needs a 'text' string")
    if not isinstance(ex.get("intent"), str) or not ex["intent"]:
        raise DataError(path, line, f"common_examples[{index}] needs an 'intent'")
    text = ex["text"]
    annotations = []
    for ent in ex.get("entities", []) or []:
        try:
            start, end = int(ent["start"]), int(ent["end"])
            name = str(ent["entity"])
        except (KeyError, TypeError, ValueError):
            raise DataError(path, line, f"common_examples[{index}]: entity needs start, end, entity") from None
        if not 0 <= start < end <= len(text):
            raise DataError(path, line, f"common_examples[{index}]: entity span {start}-{end} outside text")
        annotations.append(Annotation(name, str(ent.get("value", text[start:end])), start, end, ent.get("role"), ent.get("group")))
    return Example(text, ex["intent"], tuple(annotations), str(path), line or 0)
