"""Names of other people ("von Anna Schmid", "Frau Wolf", "my colleague John"), so the bot can
refuse lookups about others. Precision over recall: a form of address (Frau, Herr, Dr.) or a
known first name is required, because German capitalises every noun."""
from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.entities.tables import FIRST_NAMES
from nlu.normalize import fold
from nlu.result import Entity

EXTRACTOR = "PersonEntityExtractor"
_ADDRESS = re.compile(r"\b(?:frau|herrn?|mr\.?|mrs\.?|ms\.?|dr\.|prof\.)\s+(?:(?:dr|prof)\.\s*)*", re.I)
_RELATION = re.compile(r"\b(?:kolleg(?:e|in|en)|chef(?:in)?|vorgesetzte[nr]?|colleague|coworker|co-worker)\s+", re.I)
_CAP = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?")
_ANY = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)?")
_NOT_NAMES = frozenset(
    """und oder der die das den dem des ein eine einen mein meine meinen meiner ist hat hatte
    wird kann soll sein seinen ihr ihre ihren auch noch schon mal bitte nicht kein keine hier
    bot mobi and or the a an my is has his her will can about from with here""".split()
)


def find_persons(text: str) -> Iterator[Entity]:
    lowercase_text = text == text.lower()
    seen: set[int] = set()
    for m in _ADDRESS.finditer(text):  # "Frau Wolf", "herr müller" in an all-lowercase message
        span = _name(text, m.end(), _ANY if lowercase_text else _CAP)
        if span and span[0] not in seen:
            seen.add(span[0])
            yield Entity("person", text[span[0]:span[1]], span[0], span[1], EXTRACTOR)
    for m in _RELATION.finditer(text):  # "meine Kollegin Anna", never "mein Chef sehen"
        first = _ANY.match(text, m.end())
        if first and fold(first.group(0)) in FIRST_NAMES and m.end() not in seen:
            span = _name(text, m.end(), _ANY)
            if span:
                seen.add(span[0])
                yield Entity("person", text[span[0]:span[1]], span[0], span[1], EXTRACTOR)
    for m in _CAP.finditer(text):  # "von Anna Schmid"
        if m.start() in seen or fold(m.group(0)) not in FIRST_NAMES:
            continue
        span = _name(text, m.start(), _CAP)
        if span:
            seen.add(span[0])
            yield Entity("person", text[span[0]:span[1]], span[0], span[1], EXTRACTOR)


def _name(text: str, pos: int, first_pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """One name word plus an optional capitalised surname."""
    first = first_pattern.match(text, pos)
    if not first or fold(first.group(0)) in _NOT_NAMES:
        return None
    end = first.end()
    second = _CAP.match(text, end + 1) if text[end:end + 1] == " " else None
    if second and fold(second.group(0)) not in _NOT_NAMES:
        end = second.end()
    return pos, end
