"""An employee only ever sees their own records: questions about others get a polite refusal.

The refusal never repeats the name or number that was asked about, and it reads the same
whether that record exists or not (so it cannot be used to probe the databases).
"""
from __future__ import annotations

import re

from actions.base import Outcome, Reply, Repos, Turn

PERSONAL_INTENTS = frozenset({
    "agreement_status", "agreement_change", "agreement_cancel", "agreement_until", "device_status",
    "device_return", "device_problem", "device_lost", "peripherals_request", "mobile_work_eligibility",
    "mobile_work_apply", "mobile_work_days", "eakte_access",
})
"""Intents whose answers read the employee's own records (the Telegram adapter's privacy policy uses this)."""

_TITLES = frozenset({"frau", "herr", "herrn", "kollege", "kollegin", "chef", "chefin", "vorgesetzte",
                     "vorgesetzter", "vorgesetzten", "mr", "mrs", "ms", "dr", "colleague", "coworker"})
_WORD = re.compile(r"[^\W\d_]+")


def _names(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _TITLES}


async def guard(turn: Turn, repos: Repos) -> Outcome | None:
    """A refusal if the message asks about someone else's records, else None."""
    parse, me = turn.parse, turn.employee
    numbers = parse.entity_values("personnel_number")
    if any(str(n).strip() != me.personnel_number for n in numbers):
        return refuse("privacy.other_person")
    inventory = parse.entity_values("inventory_number")
    if inventory:
        mine = {d.inventory_number.upper() for d in await repos.devices.for_employee(me.personnel_number)}
        if any(str(n).strip().upper() not in mine for n in inventory):
            return refuse("privacy.other_device")
    persons = parse.entity_values("person")
    if persons and parse.intent.name in PERSONAL_INTENTS:
        allowed = await _known_names(turn, repos)
        if any(not _names(str(p)) <= allowed for p in persons):
            return refuse("privacy.other_person")
    return None


async def _known_names(turn: Turn, repos: Repos) -> set[str]:
    """The employee's own name and the names on their own records (their supervisor)."""
    me = turn.employee
    names = _names(me.name) | _names(me.supervisor_name or "")
    for agreement in await repos.agreements.for_employee(me.personnel_number):
        names |= _names(agreement.supervisor_name or "")
    return names


def refuse(key: str) -> Outcome:
    return Outcome((Reply(key),))
