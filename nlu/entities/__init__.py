"""Entity extraction: regexes, fuzzy lookup tables, dates, counts and person names."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from nlu.entities import tables
from nlu.entities.dates import dateparser_fallback, find_dates, needs_fallback
from nlu.entities.gazetteer import Gazetteer
from nlu.entities.numbers import find_counts
from nlu.entities.patterns import builtin, compile_custom, custom
from nlu.entities.person import find_persons
from nlu.result import Entity

BUILTIN_FUZZY = {"org_unit", "device_type", "weekday"}
RULE_BASED = {"inventory_number", "ticket", "personnel_number", "date", "date_from", "date_until", "count", "person"}
"""Entities found by rules; their annotated examples do not become lookup entries."""


def builtin_tables() -> dict[str, dict[str, str]]:
    """The shipped Ämter, device and weekday tables as entity -> {surface: value}."""
    out: dict[str, dict[str, str]] = {}
    for entity, table in (("org_unit", tables.ORG_UNITS), ("device_type", tables.DEVICE_TYPES), ("weekday", tables.WEEKDAYS)):
        out[entity] = {surface: value for value, surfaces in table.items() for surface in (value.lower(), *surfaces)}
    return out


class EntityExtractor:
    """All extractors together; its state is plain data (tables, regexes), so it saves as JSON."""

    def __init__(self, tables_: dict[str, dict[str, str]], regexes: list[tuple[str, str]]) -> None:
        self.tables = tables_
        self.regexes = [tuple(r) for r in regexes]
        self.gazetteer = Gazetteer(tables_, BUILTIN_FUZZY)
        self.compiled = compile_custom(self.regexes)

    @classmethod
    def build(cls, learned: dict[str, dict[str, str]], lookups: dict[str, Iterable[str]],
              synonyms: dict[str, str], regexes: Iterable[tuple[str, str]]) -> EntityExtractor:
        """Built-in tables + the data's annotations, lookup tables and synonyms."""
        merged = builtin_tables()
        for entity, surfaces in learned.items():
            if entity in RULE_BASED:
                continue
            merged.setdefault(entity, {}).update({s: v for s, v in surfaces.items() if len(s) > 1})
        for entity, items in lookups.items():
            merged.setdefault(entity, {}).update({i.lower(): synonyms.get(i.lower(), i) for i in items})
        for entity in ("org_unit", "device_type", "weekday"):  # keep canonical values canonical
            canon = builtin_tables()[entity]
            merged[entity] = {s: _canonical(canon, s, v) for s, v in merged[entity].items()}
        return cls(merged, list(regexes))

    def extract(self, text: str, today: date) -> tuple[Entity, ...]:
        found = list(builtin(text))
        found += custom(text, self.compiled)
        dates = list(find_dates(text, today))
        taken = [(e.start, e.end) for e in dates]
        dates += dateparser_fallback(text, today, taken) if needs_fallback(text, taken) else []
        found += dates
        found += self.gazetteer.find(text)
        found += find_counts(text)
        found += find_persons(text)
        return _resolve_overlaps(found)

    def to_dict(self) -> dict[str, Any]:
        return {"tables": self.tables, "regexes": [list(r) for r in self.regexes]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityExtractor:
        return cls(data["tables"], [tuple(r) for r in data["regexes"]])


def _canonical(canon: dict[str, str], surface: str, value: str) -> str:
    """The built-in value for a learned surface or value, also for plurals ("Laptops")."""
    for key in (surface, value.lower()):
        for candidate in (key, key[:-1], key[:-2]):
            if candidate in canon:
                return canon[candidate]
    return value


def _resolve_overlaps(found: list[Entity]) -> tuple[Entity, ...]:
    """Per entity type keep the longest of overlapping spans; types may overlap each other."""
    kept: list[Entity] = []
    for e in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if any(k.entity == e.entity and k.start < e.end and e.start < k.end for k in kept):
            continue
        if e.entity == "person" and any(k.start <= e.start and e.end <= k.end and k.entity != "person" for k in kept):
            continue
        kept.append(e)
    return tuple(sorted(kept, key=lambda e: (e.start, e.entity)))
