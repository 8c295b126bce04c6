"""Counts such as "zwei Tage", "3 days", "2x pro Woche", "einen Tag"."""
from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.result import Entity

EXTRACTOR = "CountEntityExtractor"
WORDS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "oin": 1, "oen": 1, "one": 1, "a": 1, "an": 1,
    "zwei": 2, "zwo": 2, "zwoi": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4,
    "fünf": 5, "fuenf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7,
    "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
}
_UNIT = r"(?:(?:home[\s-]?office|ho|büro|buero|präsenz|praesenz|mobil(?:e[nr]?)?|arbeits|wochen|remote|office)[\s-]?)?(?:tage?n?|tägen|days?|wochentage?n?)"
_COUNT = re.compile(
    r"\b(?P<n>\d{1,2}|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\s*(?:(?P<x>x|mal)\b\s*|(?P<u>" + _UNIT + r")\b)",
    re.I,
)


_NUMBER = r"\d{1,2}|" + "|".join(sorted(WORDS, key=len, reverse=True))
_PAIR = re.compile(r"\b(?P<a>" + _NUMBER + r")\s+(?:auf|bis|oder|statt|zu|to|or|instead of)\s+(?:" + _NUMBER + r")\s*" + _UNIT + r"\b", re.I)


def number_value(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else WORDS.get(word)


def find_counts(text: str) -> Iterator[Entity]:
    for m in _COUNT.finditer(text):
        n = number_value(m.group("n"))
        if n is None or (m.group("n").lower() in ("a", "an") and not m.group("u")):
            continue
        if m.group("n").lower() in ("a", "an", "ein", "eine", "einen", "einem", "einer") and "week" in text[m.end() : m.end() + 3].lower():
            continue
        yield Entity("count", n, m.start(), m.end(), EXTRACTOR)
    for m in _PAIR.finditer(text):  # "von 2 auf 3 Tage": the first number shares the unit
        n = number_value(m.group("a"))
        if n is not None and m.group("a").lower() not in ("a", "an"):
            yield Entity("count", n, m.start("a"), m.end("a"), EXTRACTOR)
