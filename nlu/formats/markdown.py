"""Rasa 2 markdown `nlu.md`: `## intent:name`, `## synonym:value`, `## regex:name`, `## lookup:name`."""
from __future__ import annotations

import re
from pathlib import Path

from nlu.data import Example, TrainingData
from nlu.errors import DataError
from nlu.formats.annotations import MarkupError, parse_markup

_HEADER = re.compile(r"^##\s*(?P<kind>intent|synonym|regex|lookup)\s*:\s*(?P<name>.+?)\s*$")


def load_markdown(path: Path, text: str) -> TrainingData:
    """Read one Rasa markdown file; raise `DataError(path, line, reason)` when malformed."""
    examples: list[Example] = []
    synonyms: dict[str, str] = {}
    regexes: list[tuple[str, str]] = []
    lookups: dict[str, list[str]] = {}
    section: tuple[str, str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("#"):
            m = _HEADER.match(line)
            if not m:
                raise DataError(path, number, f"unknown section header {line!r}")
            section = (m.group("kind"), m.group("name"))
            continue
        if not line.startswith(("- ", "* ", "+ ")):
            raise DataError(path, number, f"expected a list item '- ...', got {line!r}")
        if section is None:
            raise DataError(path, number, "list item before any '## intent:' header")
        kind, name = section
        item = line[2:].strip()
        if kind == "intent":
            try:
                plain, annotations = parse_markup(item)
            except MarkupError as exc:
                raise DataError(path, number, str(exc)) from None
            examples.append(Example(plain, name, annotations, str(path), number))
        elif kind == "synonym":
            synonyms[item.lower()] = name
        elif kind == "regex":
            regexes.append((name, item))
        else:
            lookups.setdefault(name, []).append(item)
    return TrainingData(tuple(examples), synonyms, tuple(regexes), {k: tuple(v) for k, v in lookups.items()})
