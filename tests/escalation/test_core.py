"""The pure parts: case lifecycle table, office hours with Baden-Württemberg holidays, agent commands."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.escalation import lifecycle
from bot.escalation.commands import Command, parse
from bot.escalation.hours import OfficeHours, is_holiday, spoken

UTC = dt.timezone.utc
HOURS = OfficeHours()


@pytest.mark.parametrize("state, move, after", [
    ("open", "claim", "claimed"), ("open", "cancel", "cancelled"), ("claimed", "reassign", "claimed"),
    ("claimed", "close", "closed"), ("open", "reply", "open"),
])
def test_allowed_moves(state, move, after):
    assert lifecycle.step(state, move) == after


@pytest.mark.parametrize("state, move", [("closed", "claim"), ("cancelled", "reply"), ("closed", "close"),
                                         ("open", "reopen")])
def test_illegal_moves_raise_with_a_text_key(state, move):
    with pytest.raises(lifecycle.IllegalMove) as exc:
        lifecycle.step(state, move)
    assert exc.value.key.startswith("case.agent.")


def test_every_target_state_is_in_the_table():
    assert {t for moves in lifecycle.MOVES.values() for t in moves.values()} <= set(lifecycle.MOVES)


def test_office_hours_monday_to_friday_half_past_seven_to_four():
    assert HOURS.is_open(dt.datetime(2026, 11, 30, 6, 30, tzinfo=UTC))  # Mon 7:30 in Stuttgart
    assert not HOURS.is_open(dt.datetime(2026, 11, 30, 6, 29, tzinfo=UTC))
    assert not HOURS.is_open(dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC))  # 16:00
    assert not HOURS.is_open(dt.datetime(2026, 11, 28, 10, 0, tzinfo=UTC))  # Saturday


def test_baden_wuerttemberg_holidays_are_closed():
    assert is_holiday(dt.date(2026, 1, 6)) and is_holiday(dt.date(2026, 6, 4))  # Epiphany, Corpus Christi (BW)
    assert not is_holiday(dt.date(2026, 10, 31))  # Reformation Day is not a holiday in BW
    assert not HOURS.is_open(dt.datetime(2026, 1, 6, 9, 0, tzinfo=UTC))  # a Tuesday
    after_epiphany = HOURS.next_opening(dt.datetime(2026, 1, 5, 16, 0, tzinfo=UTC))
    assert after_epiphany.date() == dt.date(2026, 1, 7) and after_epiphany.hour == 7


def test_next_opening_skips_the_christmas_weekend_and_is_spoken_in_german():
    opening = HOURS.next_opening(dt.datetime(2026, 12, 24, 17, 0, tzinfo=UTC))
    assert spoken(opening, "de") == "Montag, 28.12., 7:30 Uhr"
    assert spoken(opening, "en") == "Monday, 28 Dec, 7:30"


def test_summer_time_counts_in_local_time():
    assert HOURS.is_open(dt.datetime(2026, 7, 1, 5, 30, tzinfo=UTC))  # 7:30 CEST


@pytest.mark.parametrize("text, command", [
    ("!claim 42", Command("claim", 42)), ("!reply #42 Bitte neu starten", Command("reply", 42, "Bitte neu starten")),
    ("!close 42", Command("close", 42)), ("!close 42 erledigt", Command("close", 42, "erledigt")),
    ("!queue", Command("queue")), ("!reassign 42 @max:stadt", Command("reassign", 42, "@max:stadt")),
    ("!claim", Command("usage")), ("!reply 42", Command("usage")), ("Guten Morgen", None), ("!unknown 3", None),
])
def test_commands(text, command):
    assert parse(text) == command


def test_a_plain_message_in_a_case_thread_is_a_reply():
    assert parse("Bitte neu starten", thread_case=7) == Command("reply", 7, "Bitte neu starten")
    assert parse("!claim", thread_case=7) == Command("claim", 7)


def test_settings_are_read_from_the_environment_and_checked(monkeypatch):
    from bot.config import load_settings
    from bot.errors import ConfigError

    monkeypatch.setenv("MOBI_HELPDESK_ROOM", "!desk:stuttgart.example")
    monkeypatch.setenv("MOBI_HELPDESK_OFFICE_HOURS", "08:00-15:30")
    settings = load_settings()
    assert settings.helpdesk_room == "!desk:stuttgart.example" and settings.helpdesk_reannounce_minutes == 15
    assert OfficeHours.parse(settings.helpdesk_office_hours).span() == "8:00–15:30"
    for name, value in (("MOBI_HELPDESK_OFFICE_HOURS", "16:00-07:30"), ("MOBI_HELPDESK_ROOM", "#desk:x")):
        monkeypatch.setenv(name, value)
        with pytest.raises(ConfigError, match=name):
            load_settings()
        monkeypatch.delenv(name)
