"""Yes/no offers that wait for the next message: remind me, apply now, extend, hand over to a person.

An offer is a question at the end of an answer plus `state["offer"]`; the next "ja"/"nein"
answers it, anything else simply drops it (the dialogue clears it after every turn).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import ScheduleReminder
from bot.domain import Device
from bot.messages import Option
from bot.texts import render

OFFER = "offer"
REMINDED = "reminded"  # keys of reminders already scheduled in this conversation (not offered again)
YES, NO = "/affirm", "/deny"


def yes_no(turn: Turn, yes: str = "option.yes", no: str = "option.no") -> tuple[Option, ...]:
    """Two buttons; channels without buttons show them numbered ('1' picks yes)."""
    return (Option(render(yes, turn.language), YES), Option(render(no, turn.language), NO))


def remind_offer(device: Device, turn: Turn) -> tuple[Reply, dict] | None:
    """'Shall I remind you on the day your laptop should arrive?' (only with a future date)."""
    due = device.expected_date
    if due is None or due <= turn.today or remind_key(turn, device.inventory_number, due) in turn.state.get(REMINDED, ()):
        return None
    question = Reply("offer.remind_device", {"date": due}, yes_no(turn, "option.remind_yes", "option.no_thanks"))
    offer = {"kind": "remind_device", "due": due.isoformat(), "inventory": device.inventory_number,
             "device": device.type.value}
    return question, {OFFER: offer}


def offer(kind: str, key: str, turn: Turn, **params: Any) -> tuple[Reply, dict]:
    """A plain yes/no offer of `kind` asked with text `key`."""
    return Reply(key, params, yes_no(turn)), {OFFER: {"kind": kind, **_plain(params)}}


def _plain(params: dict) -> dict:
    return {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool))}


async def answer(turn: Turn, repos: Repos, pending: dict) -> Outcome:
    """The employee said yes or no to `pending`."""
    if turn.parse.intent.name != "affirm":
        return Outcome((Reply("offer.declined"),))
    kind = pending.get("kind")
    if kind == "remind_device":
        return _remind(turn, pending)
    from actions import forms  # forms offer a person when they fail, so they import this module

    if kind == "apply":
        return await forms.start("apply", turn, repos)
    if kind == "extend":
        return await forms.start("change", turn, repos, what="extension")
    if kind == "handoff":
        return await forms.start("handoff", turn, repos, reason=pending.get("reason", "asked"))
    return Outcome((Reply("offer.declined"),))


def remind_key(turn: Turn, inventory: str, due: dt.date) -> str:
    return f"device_expected:{turn.employee.personnel_number}:{inventory}:{due.isoformat()}"


def _remind(turn: Turn, pending: dict) -> Outcome:
    due = dt.date.fromisoformat(pending["due"])
    key = remind_key(turn, pending["inventory"], due)
    event = ScheduleReminder(turn.employee.personnel_number, "device_expected", due, key,
                             (("inventory", pending["inventory"]), ("device", pending["device"])))
    reminded = [*turn.state.get(REMINDED, ()), key][-10:]
    return Outcome((Reply("offer.remind_done", {"date": due}),), {REMINDED: reminded}, (event,))
