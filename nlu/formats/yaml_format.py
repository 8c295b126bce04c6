"""Rasa 3.x `nlu.yml`: intents, synonyms, regexes and lookup tables, with line numbers."""
from __future__ import annotations

from pathlib import Path

import yaml

from nlu.data import Example, TrainingData
from nlu.errors import DataError
from nlu.formats.annotations import MarkupError, parse_markup

_KINDS = ("intent", "synonym", "regex", "lookup")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster


def load_yaml(path: Path, text: str) -> TrainingData:
    """Read one Rasa YAML file; raise `DataError(path, line, reason)` when malformed."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DataError(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if root is None:
        return TrainingData()
    if not isinstance(root, yaml.MappingNode):
        raise DataError(path, root.start_mark.line + 1, "top level must be a mapping")
    data = TrainingData()
    for key, value in root.value:
        if key.value == "nlu":
            data = data.merge(_read_nlu(path, value))
    return data


def _read_nlu(path: Path, node: yaml.Node) -> TrainingData:
    if not isinstance(node, yaml.SequenceNode):
        raise DataError(path, node.start_mark.line + 1, "'nlu' must be a list")
    data = TrainingData()
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise DataError(path, item.start_mark.line + 1, "each nlu entry must be a mapping")
        data = data.merge(_read_item(path, item))
    return data


def _read_item(path: Path, item: yaml.MappingNode) -> TrainingData:
    fields = {k.value: v for k, v in item.value}
    line = item.start_mark.line + 1
    kind = next((k for k in _KINDS if k in fields), None)
    if kind is None:
        raise DataError(path, line, f"entry needs one of {', '.join(_KINDS)}")
    name = fields[kind]
    if not isinstance(name, yaml.ScalarNode) or not str(name.value).strip():
        raise DataError(path, line, f"'{kind}' must be a non-empty name")
    if "examples" not in fields:
        raise DataError(path, line, f"{kind} '{name.value}' has no 'examples'")
    lines = list(_examples(path, fields["examples"]))
    label = str(name.value).strip()
    if kind == "intent":
        return TrainingData(examples=tuple(_example(path, n, t, label) for n, t in lines))
    if kind == "synonym":
        return TrainingData(synonyms={t.lower(): label for _, t in lines})
    if kind == "regex":
        return TrainingData(regexes=tuple((label, t) for _, t in lines))
    return TrainingData(lookups={label: tuple(t for _, t in lines)})


def _example(path: Path, line: int, raw: str, intent: str) -> Example:
    try:
        text, annotations = parse_markup(raw)
    except MarkupError as exc:
        raise DataError(path, line, str(exc)) from None
    return Example(text, intent, annotations, str(path), line)


def _examples(path: Path, node: yaml.Node):
    """Yield (line, text) for a `- text` block string or a list of strings / {text: ..}."""
    if isinstance(node, yaml.ScalarNode):
        first = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
        for offset, raw in enumerate(str(node.value).split("\n")):
            stripped = raw.strip()
            if not stripped:
                continue
            if not stripped.startswith("- "):
                raise DataError(path, first + offset + 1, f"example must start with '- ': {stripped!r}")
            yield first + offset + 1, stripped[2:].strip()
        return
    if isinstance(node, yaml.SequenceNode):
        for sub in node.value:
            if isinstance(sub, yaml.MappingNode):
                sub = dict((k.value, v) for k, v in sub.value).get("text", sub)
            if not isinstance(sub, yaml.ScalarNode):
                raise DataError(path, sub.start_mark.line + 1, "example must be a string")
            yield sub.start_mark.line + 1, str(sub.value).strip()
        return
    raise DataError(path, node.start_mark.line + 1, "'examples' must be a block string or a list")
