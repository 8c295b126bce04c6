"""Answers about the employee's own devices from the IT inventory."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from bot.domain import Device, DeviceStatus
from bot.texts import relative_days, render

GONE = (DeviceStatus.RETURNED, DeviceStatus.RETIRED)


async def device_status(turn: Turn, repos: Repos) -> Outcome:
    devices = [d for d in await repos.devices.for_employee(turn.employee.personnel_number) if d.status not in GONE]
    wanted = turn.parse.first("device_type")
    if wanted:
        devices = [d for d in devices if d.type.value == wanted] or devices
    if not devices:
        return Outcome((Reply("device.none"),))
    return Outcome(tuple(describe(d, turn) for d in devices))


def describe(device: Device, turn: Turn) -> Reply:
    lang = turn.language
    expected = device.expected_date
    params = {
        "device": render(f"device_type.{device.type.value}", lang),
        "inventory": device.inventory_number,
        "model": device.model,
        "since": device.status_since,
        "since_rel": relative_days((device.status_since - turn.today).days, lang),
        "date": expected or "",
        "date_rel": relative_days((expected - turn.today).days, lang) if expected else "",
        "location": device.location or render("device.default_location", lang),
        "ticket": device.ticket or "-",
    }
    key = f"device.{device.status.value}"
    if device.status is DeviceStatus.ORDERED and expected is None:
        key = "device.ordered_no_date"
    return Reply(key, params)
