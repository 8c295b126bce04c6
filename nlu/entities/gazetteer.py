"""Lookup-table entities with fuzzy matching: Ämter, device types, weekdays, data lookups.

Surface forms are compared after folding (case, umlauts, ß), so "Kaemmerei" and
"kämmerei" both hit "Stadtkämmerei"; unmatched longer words get a rapidfuzz check
against the table, which catches typos such as "Jugendmat" or "Bildschrim".
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz, process

from nlu.entities.tables import DEVICE_HEADS, WEEKDAY_ABBREVIATIONS
from nlu.normalize import fold
from nlu.result import Entity

EXTRACTOR = "LookupEntityExtractor"
FUZZY_EXTRACTOR = "FuzzyLookupEntityExtractor"
_WORD = re.compile(r"[\wäöüÄÖÜß]+(?:[-.][\wäöüÄÖÜß]+)*-?", re.U)
MAX_NGRAM = 5
_SKIP_FUZZY = frozenset("dienstag dienst montag monat morgen mittag heute antrag vertrag arbeit arbeiten bitte danke "
                        "monitored monitoring".split())
_NOT_FUZZY_TARGETS = frozenset("rechner telefon display screen docking computer personalamt".split())
FUZZY_CUTOFF = 90


class Gazetteer:
    """Folded surface form -> (entity, canonical value); fuzzy for words of 5+ letters."""

    def __init__(self, tables: dict[str, dict[str, str]], fuzzy_entities: set[str]) -> None:
        self.exact: dict[str, tuple[str, str]] = {}
        for entity, surfaces in tables.items():
            for surface, value in surfaces.items():
                self.exact.setdefault(fold(surface).strip(), (entity, value))
        # by (word count, first letter): a typo inside a word, not an extra word or a new start
        self.fuzzy_choices: dict[tuple[int, str], list[str]] = {}
        for surface, (entity, _) in self.exact.items():
            if entity in fuzzy_entities and len(surface) >= 6 and surface not in _NOT_FUZZY_TARGETS:
                self.fuzzy_choices.setdefault((surface.count(" ") + 1, surface[0]), []).append(surface)

    def find(self, text: str) -> Iterator[Entity]:
        words = [(m.start(), m.end(), fold(m.group(0)).rstrip("-.")) for m in _WORD.finditer(text)]
        taken: set[int] = set()
        for n in range(MAX_NGRAM, 0, -1):
            for i in range(len(words) - n + 1):
                if any(j in taken for j in range(i, i + n)):
                    continue
                hit = self._match(" ".join(w for _, _, w in words[i : i + n]), n)
                if hit:
                    taken.update(range(i, i + n))
                    entity, value, extractor, score = hit
                    yield Entity(entity, value, words[i][0], words[i + n - 1][1], extractor, score)
        yield from self._abbreviations(text, words, taken)

    def _match(self, surface: str, n: int) -> tuple[str, str, str, float] | None:
        if surface in self.exact:
            return (*self.exact[surface], EXTRACTOR, 1.0)
        if n == 1 and len(surface) >= 6:
            for head in DEVICE_HEADS:
                if surface.endswith(head) and head in self.exact:
                    return (*self.exact[head], EXTRACTOR, 0.9)
        choices = self.fuzzy_choices.get((n, surface[:1]))
        if n <= 4 and len(surface) >= 6 and surface not in _SKIP_FUZZY and choices:
            best = process.extractOne(surface, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if best:
                return (*self.exact[best[0]], FUZZY_EXTRACTOR, round(best[1] / 100, 2))
        return None

    def _abbreviations(self, text: str, words: list, taken: set[int]) -> Iterator[Entity]:
        """"Mo", "Do" count as weekdays only next to another weekday or after "am"/"ab"/"jeden"."""
        days = [i for i, (_, _, w) in enumerate(words) if w in WEEKDAY_ABBREVIATIONS]
        weekday_idx = {i for i, (_, _, w) in enumerate(words) if self.exact.get(w, ("",))[0] == "weekday"}
        for i in days:
            if i in taken:
                continue
            start, end, w = words[i]
            near = any(j in weekday_idx or (j in days and j != i) for j in (i - 2, i - 1, i + 1, i + 2))
            cued = i > 0 and words[i - 1][2] in _CUES and text[end : end + 1] == "."
            if near or cued:
                yield Entity("weekday", WEEKDAY_ABBREVIATIONS[w], start, end, EXTRACTOR, 0.8)


_CUES = frozenset("am ab bis jeden jedem on every".split())
