"""Regex entities: inventory numbers, help-desk tickets, personnel numbers, data-defined regexes."""
from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.result import Entity

EXTRACTOR = "RegexEntityExtractor"

INVENTORY = re.compile(r"\b(nb|mon|mo|hs|ds|dk|sp|sm|tb|pc|it)[\s_-]?(\d{5,7})\b", re.I)
TICKET = re.compile(r"\b(inc|req|ritm|tkt)[\s_#-]?(\d{4,8})\b", re.I)
TICKET_BARE = re.compile(r"\b(?:ticket(?:nummer|nr)?|ticket number|vorgangsnummer|vorgang)\.?\s*(?:nr\.?|no\.?|number|#)?\s*:?\s*#?(\d{4,8})\b", re.I)
PERSONNEL = re.compile(
    r"\b(?:personal[\s-]?nummer|personalnr|pers\.?[\s-]?nr|pnr|personnel number|employee (?:id|number)|mitarbeiternummer)"
    r"\.?\s*(?:ist|is|lautet)?\s*:?\s*#?\s*([a-z]?\d{4,8})\b",
    re.I,
)


def builtin(text: str) -> Iterator[Entity]:
    for m in INVENTORY.finditer(text):
        yield Entity("inventory_number", f"{m.group(1).upper()}-{m.group(2)}", m.start(), m.end(), EXTRACTOR)
    for m in TICKET.finditer(text):
        yield Entity("ticket", f"{m.group(1).upper()}-{m.group(2)}", m.start(), m.end(), EXTRACTOR)
    for m in TICKET_BARE.finditer(text):
        yield Entity("ticket", f"INC-{m.group(1)}", m.start(1), m.end(1), EXTRACTOR)
    for m in PERSONNEL.finditer(text):
        yield Entity("personnel_number", m.group(1).upper(), m.start(1), m.end(1), EXTRACTOR)


def compile_custom(regexes: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    """Compile the data's regexes, skipping ones Python cannot read."""
    out = []
    for name, pattern in regexes:
        try:
            out.append((name, re.compile(pattern, re.I)))
        except re.error:
            continue
    return out


def custom(text: str, compiled: list[tuple[str, re.Pattern[str]]]) -> Iterator[Entity]:
    for name, pattern in compiled:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                yield Entity(name, m.group(0), m.start(), m.end(), EXTRACTOR)
