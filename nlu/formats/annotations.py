"""Rasa's inline entity markup: `[text](entity)`, `[text](entity:value)`, `[text]{"entity": ..}`."""
from __future__ import annotations

import json
import re

from nlu.data import Annotation

_MARKUP = re.compile(r"\[(?P<text>[^\[\]]+)\](?:\((?P<short>[^()]*)\)|(?P<json>\{[^{}]*\}))")
_NAME = re.compile(r"^[\w.\-]+$")


class MarkupError(ValueError):
    """Raised with a human reason; the format reader adds file and line."""


def parse_markup(raw: str) -> tuple[str, tuple[Annotation, ...]]:
    """Strip entity markup from one example; return plain text and annotations."""
    out: list[str] = []
    annotations: list[Annotation] = []
    pos = 0
    plain_len = 0
    for m in _MARKUP.finditer(raw):
        before = raw[pos : m.start()]
        out.append(before)
        plain_len += len(before)
        text = m.group("text")
        entity, value, role, group = _describe(m, text)
        annotations.append(Annotation(entity, value, plain_len, plain_len + len(text), role, group))
        out.append(text)
        plain_len += len(text)
        pos = m.end()
    out.append(raw[pos:])
    plain = "".join(out)
    if re.search(r"\]\(|\]\{", plain):
        raise MarkupError(f"unclosed entity annotation in {raw!r}")
    return plain, tuple(annotations)


def _describe(m: re.Match[str], text: str) -> tuple[str, str, str | None, str | None]:
    if m.group("json") is not None:
        try:
            spec = json.loads(m.group("json"))
        except json.JSONDecodeError as exc:
            raise MarkupError(f"invalid entity JSON {m.group('json')!r}: {exc.msg}") from None
        if not isinstance(spec, dict) or not isinstance(spec.get("entity"), str):
            raise MarkupError(f"entity JSON needs an \"entity\" name: {m.group('json')!r}")
        value = spec.get("value", text)
        return spec["entity"], str(value), spec.get("role"), spec.get("group")
    short = m.group("short").strip()
    entity, _, value = short.partition(":")
    if not _NAME.match(entity.strip()):
        raise MarkupError(f"invalid entity name {entity!r} in [{text}]({short})")
    return entity.strip(), (value.strip() or text), None, None
