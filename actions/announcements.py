"""Announcements and reminders on or off ('keine Erinnerungen mehr' arrives as unsubscribe_announcements);
HR writing a new announcement ("Neue Ankündigung", the form in `actions/forms/announcement.py`)."""
from __future__ import annotations

import re

from actions import forms
from actions.base import Outcome, Reply, Repos, Turn
from actions.events import SetPreference

REMINDERS = re.compile(r"erinner|remind")


def _switch(turn: Turn, enabled: bool) -> Outcome:
    name = "reminders" if REMINDERS.search(turn.text.lower()) else "announcements"
    key = f"preferences.{name}_{'on' if enabled else 'off'}"
    return Outcome((Reply(key),), events=(SetPreference(turn.employee.personnel_number, name, enabled),))


async def subscribe_announcements(turn: Turn, repos: Repos) -> Outcome:
    return _switch(turn, True)


async def unsubscribe_announcements(turn: Turn, repos: Repos) -> Outcome:
    return _switch(turn, False)


async def create_announcement(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("announcement", turn, repos)
