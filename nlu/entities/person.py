"""Names of other people ("von Anna Schmid", "Frau Wolf", "my colleague John"), so the bot can
refuse lookups about others. Precision over recall: a title or a known first name is required."""
from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.entities.tables import FIRST_NAMES
from nlu.normalize import fold
from nlu.result import Entity

EXTRACTOR = "PersonEntityExtractor"
_TITLE = re.compile(
    r"\b(?:frau|herrn?|kolleg(?:e|in|en)|chef(?:in)?|vorgesetzte[nr]?|mr|mrs|ms|dr|colleague|coworker|co-worker)\.?\s+",
    re.I,
)
_NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?|[a-zäöüß]{2,}")
_CAP_NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?")
_NOT_NAMES = frozenset(
    """und oder der die das den dem des ein eine einen mein meine meinen meiner ist hat hatte
    wird kann soll sein seinen ihr ihre ihren auch noch schon mal bitte nicht kein keine
    and or the a an my is has his her will can about from with""".split()
)


def find_persons(text: str) -> Iterator[Entity]:
    seen: set[int] = set()
    for m in _TITLE.finditer(text):
        span = _name_after(text, m.end(), first_any_case=True)
        if span and span[0] not in seen:
            seen.add(span[0])
            yield Entity("person", text[span[0] : span[1]], span[0], span[1], EXTRACTOR)
    for m in _CAP_NAME.finditer(text):
        if m.start() in seen or fold(m.group(0)) not in FIRST_NAMES:
            continue
        span = _name_after(text, m.start(), first_any_case=False)
        if span:
            seen.add(span[0])
            yield Entity("person", text[span[0] : span[1]], span[0], span[1], EXTRACTOR)


def _name_after(text: str, pos: int, first_any_case: bool) -> tuple[int, int] | None:
    """One name word (any case after a title) plus an optional capitalised surname."""
    first = (_NAME if first_any_case else _CAP_NAME).match(text, pos)
    if not first or fold(first.group(0)) in _NOT_NAMES:
        return None
    end = first.end()
    second = _CAP_NAME.match(text, end + 1) if text[end : end + 1] == " " else None
    if second and fold(second.group(0)) not in _NOT_NAMES:
        end = second.end()
    return pos, end
