"""Typed parse results, shaped like Rasa's `/model/parse` answer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entity:
    """One extracted entity; `start`/`end` index into the original text."""

    entity: str
    value: Any
    start: int
    end: int
    extractor: str
    confidence: float | None = None

    def to_rasa(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "extractor": self.extractor,
        }
        if self.confidence is not None:
            data["confidence_entity"] = self.confidence
        return data


@dataclass(frozen=True)
class IntentScore:
    name: str
    confidence: float


@dataclass(frozen=True)
class ParseResult:
    """What an interpreter understood of one message."""

    text: str
    intent: IntentScore
    entities: tuple[Entity, ...] = ()
    intent_ranking: tuple[IntentScore, ...] = ()
    language: str = "de"
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def entity_values(self, name: str) -> list[Any]:
        return [e.value for e in self.entities if e.entity == name]

    def first(self, name: str, default: Any = None) -> Any:
        values = self.entity_values(name)
        return values[0] if values else default

    def to_rasa(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": {"name": self.intent.name, "confidence": self.intent.confidence},
            "entities": [e.to_rasa() for e in self.entities],
            "intent_ranking": [
                {"name": s.name, "confidence": s.confidence} for s in self.intent_ranking
            ],
            "language": self.language,
        }
