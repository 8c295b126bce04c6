"""The questions of "Neue Ankündigung" and how answers are read: title, texts, when, kind (pure)."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from actions.base import Reply, Turn
from actions.forms import values
from actions.forms.announcement_target import describe
from actions.forms.engine import Answer, Invalid
from bot.domain import WEEKDAYS
from bot.messages import Option
from bot.texts import render
from nlu.entities.dates import find_dates
from nlu.normalize import fold

BERLIN = ZoneInfo("Europe/Berlin")
MAX_TITLE, MIN_TEXT, MAX_TEXT = 120, 5, 4000
DEFAULT_HOUR = 8  # a day without a time: in the morning, when people read
SKIP = frozenset({"ueberspringen", "uberspringen", "skip", "nein", "no", "keinen", "keine", "none", "ohne", "-"})
_NOW = re.compile(r"\b(jetzt|sofort|gleich|direkt|now|immediately|asap|right away|freigabe|approval|approved)\b")
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2})|\.(\d{2})\s*uhr|\s*uhr|\s*(am|pm))\b|\bum (\d{1,2})\b(?!\.)")
KINDS = {"mandatory": ("pflicht", "mandatory", "verpflichtend", "verbindlich"), "info": ("info", "hinweis")}


def reviewing(data: dict, event: str = "ok") -> str:
    """After "Titel ändern" at the preview, the answer goes straight back to the preview."""
    return "review" if data.get("confirm") == "edit" else event


def ask_title(turn: Turn, data: dict) -> Reply:
    return Reply("form.announce.ask_title")


def read_title(turn: Turn, data: dict) -> Answer | Invalid:
    title = " ".join(turn.text.split())
    if len(title) > MAX_TITLE:
        return Invalid("form.announce.title_too_long", {"max": MAX_TITLE})
    return Answer(reviewing(data), title) if title else Invalid("form.announce.title_invalid")


def ask_text_de(turn: Turn, data: dict) -> Reply:
    return Reply("form.announce.ask_text_de", {"title": data.get("title", "")})


def read_text_de(turn: Turn, data: dict) -> Answer | Invalid:
    text = turn.text.strip()
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        return Invalid("form.announce.text_invalid", {"min": MIN_TEXT, "max": MAX_TEXT})
    return Answer(reviewing(data), text)


def ask_text_en(turn: Turn, data: dict) -> Reply:
    return Reply("form.announce.ask_text_en", {}, (Option(render("option.skip", turn.language), "überspringen"),))


def read_text_en(turn: Turn, data: dict) -> Answer | Invalid:
    text = turn.text.strip()
    if fold(text).strip(" .!") in SKIP:
        return Answer(reviewing(data), "")
    return read_text_de(turn, data)


def ask_target(turn: Turn, data: dict) -> Reply:
    if "suggested" in data:
        seen = describe(data["suggested"], data.get("units") or {}, turn.language)
        return Reply("form.announce.ask_target_suggested", {"target": seen}, _yes(turn))
    return Reply("form.announce.ask_target")


def _yes(turn: Turn) -> tuple[Option, ...]:
    return (Option(render("option.yes", turn.language), "/affirm"),)


def ask_schedule(turn: Turn, data: dict) -> Reply:
    seen = describe(data.get("target") or {}, data.get("units") or {}, turn.language)
    return Reply("form.announce.ask_schedule", {"target": seen},
                 (Option(render("option.now", turn.language), "sofort"),))


def read_schedule(turn: Turn, data: dict) -> Answer | Invalid:
    event = reviewing(data, "operator" if data.get("operator") else "ok")
    if _NOW.search(fold(turn.text)):
        return Answer(event, "now")
    when = send_time(turn)
    if when is None:
        return Invalid("form.announce.schedule_invalid")
    if when.date() < turn.today:
        return Invalid("form.announce.schedule_past", {"date": when.date()})
    return Answer(event, when.isoformat())


def send_time(turn: Turn) -> dt.datetime | None:
    """'15.01.2027 8:00', 'morgen 9 Uhr', 'Montag', '2027-01-04T08:00' -> a time in Europe/Berlin."""
    text = turn.text.lower()
    match = _TIME.search(text)
    hour, minute = (DEFAULT_HOUR, 0) if match is None else _hour_minute(match)
    day = values.date(turn)
    if day is None:
        rest = _TIME.sub(" ", text) if match else text
        found = [e.value for e in find_dates(rest, turn.today) if e.entity.startswith("date")]
        day = dt.date.fromisoformat(str(found[0])[:10]) if found else _next_weekday(turn)
    if day is None or not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return dt.datetime.combine(day, dt.time(hour, minute), BERLIN)


def _next_weekday(turn: Turn) -> dt.date | None:
    """'Montag' alone: the coming Monday (never today)."""
    named = turn.parse.first("weekday")
    if named not in WEEKDAYS:
        return None
    ahead = (WEEKDAYS.index(named) - turn.today.weekday() - 1) % 7 + 1
    return turn.today + dt.timedelta(days=ahead)


def _hour_minute(match: re.Match) -> tuple[int, int]:
    hour = int(match[1] or match[5])
    minute = int(match[2] or match[3] or 0)
    if match[4] == "pm" and hour < 12:
        hour += 12
    return hour, minute


def ask_kind(turn: Turn, data: dict) -> Reply:
    options = (Option(render("option.kind_info", turn.language), "info"),
               Option(render("option.kind_mandatory", turn.language), "mandatory"))
    return Reply("form.announce.ask_kind", {}, options)


def read_kind(turn: Turn, data: dict) -> Answer | Invalid:
    kind = values.choice(turn, list(KINDS), KINDS)
    return Invalid("form.announce.kind_invalid") if kind is None else Answer(reviewing(data), kind)
