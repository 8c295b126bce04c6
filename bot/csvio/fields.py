"""Cell types of the CSV files: each parses the text of one cell (or says why not) and formats it back.

`parse` gets a stripped, non-empty string and returns the value or raises `ValueError(reason)`;
`format` is its inverse, so export -> import reproduces every value. Formats are chosen so that
German Excel leaves them alone (ISO dates, decimal comma, `ja`/`nein`), and what Excel makes of
them on saving (`01.03.2026`, `WAHR`) is accepted too.
"""
from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from bot.domain import WEEKDAYS


@dataclass(frozen=True)
class Text:
    max_length: int
    upper: bool = False
    pattern: str | None = None
    pattern_hint: str = ""

    def parse(self, text: str) -> str:
        if self.upper:
            text = text.upper()
        if len(text) > self.max_length:
            raise ValueError(f"longer than {self.max_length} characters")
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise ValueError(f"{text!r} is not {self.pattern_hint}")
        return text

    def format(self, value: str) -> str:
        return value


ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
MIDNIGHT = re.compile(r"\s+00:00(:00)?$")  # what a spreadsheet appends to a date


class Date:
    def parse(self, text: str) -> dt.date:
        text = MIDNIGHT.sub("", text)
        if match := ISO_DATE.fullmatch(text):
            year, month, day = match.groups()
        elif match := GERMAN_DATE.fullmatch(text):
            day, month, year = match.groups()
        else:
            raise ValueError(f"{text!r} is not a date (use 2026-03-01 or 01.03.2026)")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{text!r} is not a valid date") from None

    def format(self, value: dt.date) -> str:
        return value.isoformat()


TRUE = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
FALSE = {"nein", "n", "no", "false", "falsch", "0"}


class Bool:
    def parse(self, text: str) -> bool:
        lowered = text.lower()
        if lowered in TRUE or lowered in FALSE:
            return lowered in TRUE
        raise ValueError(f"{text!r} is not yes/no (use ja or nein)")

    def format(self, value: bool) -> str:
        return "ja" if value else "nein"


@dataclass(frozen=True)
class Choice:
    """One of an enum's values; spaces and hyphens count as underscores (`ready for pickup`)."""

    enum_cls: type[enum.Enum]

    def parse(self, text: str) -> enum.Enum:
        wanted = re.sub(r"[\s-]+", "_", text.lower())
        for member in self.enum_cls:
            if member.value == wanted:
                return member
        allowed = ", ".join(m.value for m in self.enum_cls)
        raise ValueError(f"unknown value {text!r} (expected one of: {allowed})")

    def format(self, value: enum.Enum) -> str:
        return value.value


class DaysPerWeek:
    """Whole or half days, at most 5 (the 60 % limit of § 4 is HR's business, not the file's)."""

    def parse(self, text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if not 0.5 <= value <= 5 or value * 2 != int(value * 2):
            raise ValueError(f"{text!r} must be whole or half days between 0,5 and 5")
        return value

    def format(self, value: float) -> str:
        return f"{value:g}".replace(".", ",")


DAY_NAMES = {
    **{d: d for d in WEEKDAYS},
    **dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), WEEKDAYS)),
    **dict(zip(("mo", "di", "mi", "do", "fr", "sa", "so"), WEEKDAYS)),
    **dict(zip(("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"), WEEKDAYS)),
}


class Weekdays:
    """Fixed weekdays as `mon,thu` (also `Mo, Do` or `Montag/Donnerstag`); empty means flexible."""

    def parse(self, text: str) -> str:
        days = []
        for token in re.split(r"[\s,;/+]+", text.lower().strip(" ,;/+")):
            day = DAY_NAMES.get(token.rstrip("."))
            if day is None:
                raise ValueError(f"unknown weekday {token!r} (use mon, tue, wed, thu, fri, sat, sun)")
            if day in days:
                raise ValueError(f"weekday {token!r} given twice")
            days.append(day)
        return ",".join(sorted(days, key=WEEKDAYS.index))

    def format(self, value: str) -> str:
        return value


EMAIL = re.compile(r"[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+")


class Email:
    def parse(self, text: str) -> str:
        if len(text) > 160 or not EMAIL.fullmatch(text):
            raise ValueError(f"{text!r} is not an e-mail address")
        return text

    def format(self, value: str) -> str:
        return value


LANGUAGES = ("de", "en")


class Language:
    def parse(self, text: str) -> str:
        if text.lower() not in LANGUAGES:
            raise ValueError(f"unknown language {text!r} (expected one of: {', '.join(LANGUAGES)})")
        return text.lower()

    def format(self, value: str) -> str:
        return value


def format_cell(field: Any, value: Any) -> str:
    return "" if value is None else field.format(value)
