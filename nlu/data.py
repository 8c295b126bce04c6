"""Training data as frozen dataclasses, independent of the file format it came from."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Annotation:
    """An entity marked in a training example (`[Laptop](device_type)`)."""

    entity: str
    value: str
    start: int
    end: int
    role: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Example:
    """One training utterance with its intent and entity annotations."""

    text: str
    intent: str
    entities: tuple[Annotation, ...] = ()
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class TrainingData:
    """Everything a Rasa NLU file may hold."""

    examples: tuple[Example, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)  # surface (lower) -> value
    regexes: tuple[tuple[str, str], ...] = ()  # (name, pattern)
    lookups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def merge(self, other: TrainingData) -> TrainingData:
        lookups = {k: tuple(v) for k, v in self.lookups.items()}
        for name, items in other.lookups.items():
            lookups[name] = tuple(dict.fromkeys(lookups.get(name, ()) + tuple(items)))
        return TrainingData(
            examples=self.examples + other.examples,
            synonyms={**self.synonyms, **other.synonyms},
            regexes=tuple(dict.fromkeys(self.regexes + other.regexes)),
            lookups=lookups,
        )

    @property
    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})

    def counts(self) -> Counter[str]:
        return Counter(e.intent for e in self.examples)

    def entity_values(self) -> dict[str, dict[str, str]]:
        """Surface text (lower) -> canonical value, per entity, learnt from annotations."""
        table: dict[str, dict[str, str]] = {}
        for ex in self.examples:
            for a in ex.entities:
                surface = ex.text[a.start : a.end].lower()
                table.setdefault(a.entity, {})[surface] = self.synonyms.get(surface, a.value)
        return table
