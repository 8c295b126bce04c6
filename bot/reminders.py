"""Which reminders are due for one employee on one day: pure rules over their records (no I/O).

Each reminder has a key that names the event it is about (e.g. the expiry on a given date), so
the scheduler can send it once and never again, across restarts: a new key only appears when
the records change (a new end date, a new pickup).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from actions.base import Reply
from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus
from bot.texts import relative_days, render

EXPIRY_FIRST, EXPIRY_LAST = 30, 7  # days before the end of an agreement
PICKUP_WAIT = 7  # days a device may wait for pickup before we nudge
RETURN_SOON = 3  # days before a return deadline
APPROVAL_WAIT = 14  # days an application may wait for the supervisor
RETURN_AFTER_END = 14  # § 12 Abs. 2
ENDED = (AgreementStatus.CANCELLED, AgreementStatus.EXPIRED)


@dataclass(frozen=True)
class Due:
    key: str
    kind: str
    reply: Reply


class ReminderSource(Protocol):
    """Candidates for reminders on a day, by personnel number (SQL: `integrations.db.reminder_queries`)."""

    async def candidates(self, today: dt.date) -> dict[str, tuple[list[Agreement], list[Device]]]: ...


def due_reminders(number: str, agreements: list[Agreement], devices: list[Device], today: dt.date,
                  language: str) -> list[Due]:
    """Everything due today for employee `number`, in `language`."""
    def rel(day: dt.date) -> str:
        return relative_days((day - today).days, language)

    found: list[Due] = []
    for a in agreements:
        if a.status is AgreementStatus.ACTIVE and a.valid_until:
            left = (a.valid_until - today).days
            stage = EXPIRY_LAST if 0 <= left <= EXPIRY_LAST else EXPIRY_FIRST if 0 <= left <= EXPIRY_FIRST else None
            if stage:
                found.append(Due(f"agreement_expires_{stage}:{number}:{a.valid_until}", f"agreement_expires_{stage}",
                                 Reply(f"reminder.agreement_expires_{stage}", {"until": a.valid_until,
                                                                             "until_rel": rel(a.valid_until)})))
        if a.status is AgreementStatus.SUBMITTED and (today - a.status_since).days > APPROVAL_WAIT:
            supervisor = a.supervisor_name or render("agreement.your_supervisor", language)
            found.append(Due(f"approval_pending:{number}:{a.valid_from}", "approval_pending",
                             Reply("reminder.approval_pending", {"since": a.status_since, "since_rel": rel(a.status_since),
                                                                 "supervisor": supervisor})))
    live = any(a.status not in ENDED and a.status is not AgreementStatus.REJECTED for a in agreements)
    ended = None if live else max((a.valid_until for a in agreements if a.status in ENDED and a.valid_until),
                                  default=None)
    for d in devices:
        found += _device(number, d, ended, today, language, rel)
    return found


def _device(number: str, d: Device, ended: dt.date | None, today: dt.date, language: str, rel) -> list[Due]:
    params = {"your_device": render(f"your_device.{d.type.value}", language),
              "your_device_acc": render(f"your_device_acc.{d.type.value}", language), "inventory": d.inventory_number,
              "location": d.location or render("device.default_location", language),
              "since": d.status_since, "since_rel": rel(d.status_since)}
    if d.status is DeviceStatus.READY_FOR_PICKUP and (today - d.status_since).days > PICKUP_WAIT:
        return [Due(f"pickup_waiting:{d.inventory_number}:{d.status_since}", "pickup_waiting",
                    Reply("reminder.pickup_waiting", params))]
    deadline = d.expected_date if d.status is DeviceStatus.RETURN_REQUESTED else None
    if d.status is DeviceStatus.HANDED_OUT and ended:
        deadline = ended + dt.timedelta(days=RETURN_AFTER_END)
    if deadline and 0 <= (deadline - today).days <= RETURN_SOON:
        return [Due(f"return_due:{d.inventory_number}:{deadline}", "return_due",
                    Reply("reminder.return_due", {**params, "date": deadline, "date_rel": rel(deadline)}))]
    return []


def requested(kind: str, params: dict, due: dt.date, language: str) -> Reply:
    """A reminder the employee asked for (e.g. the day the laptop should arrive)."""
    device = params.get("device", "laptop")
    return Reply(f"reminder.{kind}", {"your_device": render(f"your_device.{device}", language),
                                      "inventory": params.get("inventory", ""), "date": due})
