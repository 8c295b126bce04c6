"""German display formats for templates: dates in Stuttgart time, numbers with a thousands dot, percent."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Berlin")


def when(value: dt.datetime | str | None) -> str:
    if not value:
        return "–"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(ZONE).strftime("%d.%m.%Y, %H:%M")


def day(value: dt.date | str) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d.%m.%Y")


def number(value: int | float | str) -> str:
    if isinstance(value, str):
        return value
    return f"{value:,}".replace(",", ".")


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f} %".replace(".", ",")


FILTERS = {"when": when, "day": day, "number": number, "percent": percent}
