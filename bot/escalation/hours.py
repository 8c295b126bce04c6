"""Office hours of the help desk and Baden-Württemberg public holidays: when does someone answer?"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BERLIN = ZoneInfo("Europe/Berlin")


@lru_cache(maxsize=8)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="BW", years=year)


def is_holiday(day: dt.date) -> bool:
    return day in _holidays(day.year)


@dataclass(frozen=True)
class OfficeHours:
    """Weekdays (0 = Monday) and a daily window in local time; default Mon–Fri 7:30–16:00."""

    opens: dt.time = dt.time(7, 30)
    closes: dt.time = dt.time(16, 0)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))
    zone: ZoneInfo = BERLIN

    @classmethod
    def parse(cls, text: str, zone: str = "Europe/Berlin") -> "OfficeHours":
        """'07:30-16:00' (the setting's format)."""
        start, _, end = text.partition("-")
        return cls(dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip()), zone=ZoneInfo(zone))

    def span(self) -> str:
        """'7:30–16:00'."""
        return f"{self.opens.hour}:{self.opens:%M}–{self.closes.hour}:{self.closes:%M}"

    def working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and not is_holiday(day)

    def is_open(self, now: dt.datetime) -> bool:
        local = now.astimezone(self.zone)
        return self.working_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, now: dt.datetime) -> dt.datetime:
        """`now` if open, else the next start of office hours (local time)."""
        local = now.astimezone(self.zone)
        if self.is_open(local):
            return local
        day = local.date() if local.time() < self.opens else local.date() + dt.timedelta(days=1)
        while not self.working_day(day):
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.opens, self.zone)


WEEKDAY_NAMES = {"de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
                 "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}


def spoken(moment: dt.datetime, language: str = "de") -> str:
    """'Montag, 30.11., 7:30 Uhr' / 'Monday, 30 Nov, 7:30'."""
    name = WEEKDAY_NAMES.get(language, WEEKDAY_NAMES["de"])[moment.weekday()]
    if language == "en":
        return f"{name}, {moment.day} {moment:%b}, {moment.hour}:{moment:%M}"
    return f"{name}, {moment:%d.%m.}, {moment.hour}:{moment:%M} Uhr"
