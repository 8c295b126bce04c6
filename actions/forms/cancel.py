"""End an agreement: end date (one month's notice, § 12 Abs. 1), confirm; reminds of the device return (§ 12 Abs. 2)."""
from __future__ import annotations

import calendar
import datetime as dt

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import CancelAgreement
from actions.forms import values
from actions.forms.agreement_steps import confirm_options, read_confirm
from actions.forms.engine import DONE, Answer, Form, Invalid, Step, begin
from actions.knowledge import cite
from actions.records import RETURN_AFTER_END, load
from actions.story import agreement_story, device_params
from bot.domain import DeviceStatus
from bot.messages import Option
from bot.texts import render

KEEP = (DeviceStatus.HANDED_OUT, DeviceStatus.IN_REPAIR, DeviceStatus.READY_FOR_PICKUP)


def earliest_end(turn: Turn) -> dt.date:
    """Today plus one month (the 31st becomes the month's last day)."""
    year, month = divmod(turn.today.month, 12)
    year, month = turn.today.year + year, month + 1
    return dt.date(year, month, min(turn.today.day, calendar.monthrange(year, month)[1]))


def ask_end(turn: Turn, data: dict) -> Reply:
    first = earliest_end(turn)
    option = Option(render("option.earliest", turn.language, date=first), first.isoformat())
    return Reply("form.cancel.ask_end", {"earliest": first, "source": cite(turn, "§ 12 Abs. 1")}, (option,))


def read_end(turn: Turn, data: dict) -> Answer | Invalid:
    end = values.date(turn)
    first = earliest_end(turn)
    if end is None:
        return Invalid("form.cancel.end_invalid", {"earliest": first})
    if end < first:
        return Invalid("form.cancel.end_too_early", {"earliest": first})
    until = data.get("valid_until")
    if until and end > dt.date.fromisoformat(until):
        return Invalid("form.cancel.end_after_until", {"until": dt.date.fromisoformat(until)})
    return Answer(value=end.isoformat())


def _params(turn: Turn, data: dict) -> dict:
    end = dt.date.fromisoformat(data["end"])
    devices = ", ".join(data["devices"]) or render("form.cancel.no_devices", turn.language)
    return {"end": end, "return_by": end + RETURN_AFTER_END, "devices": devices, "location": data["location"],
            "source": cite(turn, "§ 12 Abs. 2")}


def ask_confirm(turn: Turn, data: dict) -> Reply:
    return Reply("form.cancel.confirm", _params(turn, data), confirm_options(turn))


def finish(turn: Turn, data: dict) -> Outcome:
    end = dt.date.fromisoformat(data["end"])
    event = CancelAgreement(turn.employee.personnel_number, dt.date.fromisoformat(data["valid_from"]), end)
    key = "form.cancel.done" if data["devices"] else "form.cancel.done_no_devices"
    return Outcome((Reply(key, _params(turn, data)),), events=(event,))


FORM = Form(
    name="cancel",
    steps={"end": Step(ask_end, read_end), "confirm": Step(ask_confirm, read_confirm)},
    moves={"end": {"ok": "confirm"}, "confirm": {"yes": DONE, "no": "end"}},
    finish=finish,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    rec = await load(turn, repos)
    active = rec.active
    if active is None:
        if rec.pending:
            return Outcome((Reply("form.cancel.withdraw", {"supervisor": rec.supervisor() or ""}),))
        return agreement_story(rec, turn) if rec.agreement else Outcome((Reply("form.cancel.nothing"),))
    devices = [device_params(d, turn) for d in rec.devices if d.status in KEEP]
    data = {
        "valid_from": active.valid_from.isoformat(),
        "valid_until": active.valid_until.isoformat() if active.valid_until else None,
        "devices": [f"{d['device']} {d['inventory']}" for d in devices],
        "location": render("device.default_location", turn.language),
    }
    return begin(FORM, turn, "end", data)
