"""Reading form answers: days per week, weekdays, dates, yes/no, choices (pure, German and English)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from actions.base import Turn
from bot.domain import WEEKDAYS

# A number of days stands alone: not the digits inside NB-2000070, INC-58213 or a personnel number.
_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,2}(?:[.,]\d+)?)(?![\d-]|[.,]\d)")
_WORDS = {
    "halb": 0.5, "halben": 0.5, "half": 0.5, "ein": 1, "einen": 1, "eins": 1, "one": 1, "a": 1,
    "eineinhalb": 1.5, "anderthalb": 1.5, "zwei": 2, "two": 2, "zweieinhalb": 2.5, "drei": 3, "three": 3,
    "dreieinhalb": 3.5, "vier": 4, "four": 4, "fünf": 5, "fuenf": 5, "five": 5,
}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_GERMAN = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.(\d{2,4})?")
YES_WORDS = frozenset({"ja", "jo", "jep", "yes", "yep", "ok", "okay", "gerne", "genau", "richtig", "passt", "/affirm"})
NO_WORDS = frozenset({"nein", "no", "nope", "nö", "falsch", "/deny"})
FLEXIBLE = ("flexib", "egal", "wechselnd", "any day", "varies")


def days_per_week(turn: Turn) -> float | None:
    """'2', '2,5', 'zweieinhalb Tage', 'statt 2 lieber 3' -> a number of days (None if there is none).

    The last number counts ('von 2 auf 3 Tage' means 3); a decimal is read here, not by the NLU.
    """
    text = turn.text.lower()
    numbers = _NUMBER.findall(text)
    decimals = [n for n in numbers if "," in n or "." in n]
    if decimals or numbers:
        return float((decimals or numbers)[-1].replace(",", "."))
    counts = [c for c in turn.parse.entity_values("count") if isinstance(c, (int, float))]
    if counts:
        return float(counts[-1])
    words = re.findall(r"[a-zäöüß]+", text)
    if "half" in words and "and" in words:  # 'two and a half'
        whole = next((_WORDS[w] for w in words if w in _WORDS and _WORDS[w] >= 1 and w != "a"), None)
        return whole + 0.5 if whole else None
    return next((float(_WORDS[w]) for w in words if w in _WORDS and w != "a"), None)


_DAYS_NAMED = re.compile(r"(?<![\w.,/-])(\d{1,2}(?:[.,]\d+)?|[a-zäöüß]+)\s*(?:tage?n?|days?)\b")


def days_named(turn: Turn) -> float | None:
    """Days only where the message says so ('3 Tage', 'zweieinhalb Tagen'), not any number (a date)."""
    found = None
    for match in _DAYS_NAMED.finditer(turn.text.lower()):
        number = match[1]
        if number[0].isdigit():
            found = float(number.replace(",", "."))
        elif number in _WORDS and number != "a":
            found = float(_WORDS[number])
    return found


def weekdays(turn: Turn) -> tuple[str, ...]:
    """Weekday entities in calendar order, without repeats."""
    found = set(turn.parse.entity_values("weekday"))
    return tuple(d for d in WEEKDAYS if d in found)


def wants_flexible(turn: Turn) -> bool:
    text = turn.text.lower()
    return any(word in text for word in FLEXIBLE)


def date(turn: Turn) -> dt.date | None:
    """A date from the NLU entities, or written as 2027-01-15 / 15.01.2027 / 15.1."""
    for name in ("date_from", "date", "date_until"):
        value = turn.parse.first(name)
        if value:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return _written_date(turn.text, turn.today)


def _written_date(text: str, today: dt.date) -> dt.date | None:
    try:
        if match := _ISO.search(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _GERMAN.search(text):
            day, month = int(match[1]), int(match[2])
            if match[3]:
                year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
                return dt.date(year, month, day)
            candidate = dt.date(today.year, month, day)
            return candidate if candidate >= today else dt.date(today.year + 1, month, day)
    except ValueError:
        return None
    return None


def yes_or_no(turn: Turn) -> bool | None:
    """True for yes, False for no, None if the message is neither."""
    words = set(re.findall(r"[\w/]+", turn.text.lower()))
    if words & NO_WORDS or turn.parse.intent.name == "deny" and turn.parse.intent.confidence >= 0.5:
        return False
    if words & YES_WORDS or turn.parse.intent.name == "affirm" and turn.parse.intent.confidence >= 0.5:
        return True
    return None


def choice(turn: Turn, values: Sequence[str], keywords: dict[str, Sequence[str]] | None = None) -> str | None:
    """One of `values`: typed exactly (buttons send the value), or named by one of its keywords."""
    text = turn.text.strip().lower()
    for value in values:
        if text == value.lower():
            return value
    for value, words in (keywords or {}).items():
        if any(word in text for word in words):
            return value
    return None
