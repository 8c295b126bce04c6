"""One story across both databases: the agreement and the devices explained together.

mehmet hears that his laptop comes in 9 days AND that his application still waits for Claudia
Wolf; lukas hears that his agreement ended AND that he must return NB-102455 by a date, where.
Each story is one message whose last paragraph is the next concrete step (maybe an offer).
"""
from __future__ import annotations

import datetime as dt

from actions.base import Outcome, Reply, Turn
from actions.offers import offer, remind_offer
from actions.records import ENDED, NOT_YET, Records
from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus
from bot.texts import relative_days, render

EXPIRING_SOON = 30  # days: from here on the answer says how to extend


def dated(name: str, day: dt.date | None, turn: Turn) -> dict:
    """{name: day, name_rel: 'in 9 Tagen'} (empty strings without a date)."""
    if day is None:
        return {name: "", f"{name}_rel": ""}
    return {name: day, f"{name}_rel": relative_days((day - turn.today).days, turn.language)}


def weekday_list(days: tuple[str, ...], language: str) -> str:
    return ", ".join(render(f"weekday.{d}", language) for d in days) or render("agreement.flexible", language)


def agreement_params(agreement: Agreement, rec: Records, turn: Turn) -> dict:
    return {
        "days": agreement.days_per_week,
        "weekdays": weekday_list(agreement.weekdays, turn.language),
        "supervisor": rec.supervisor() or render("agreement.your_supervisor", turn.language),
        **dated("since", agreement.status_since, turn),
        **dated("from", agreement.valid_from, turn),
        **dated("until", agreement.valid_until, turn),
    }


def agreement_key(agreement: Agreement, turn: Turn) -> str:
    status, until = agreement.status, agreement.valid_until
    if status is AgreementStatus.ACTIVE and until is None:
        return "agreement.active_open_ended"
    if status is AgreementStatus.ACTIVE and (until - turn.today).days <= EXPIRING_SOON:
        return "agreement.active_expiring"
    if status is AgreementStatus.CANCELLED and until and until >= turn.today:
        return "agreement.cancelled_future"
    return f"agreement.{status.value}"


def device_params(device: Device, turn: Turn) -> dict:
    return {
        "device": render(f"device_type.{device.type.value}", turn.language),
        "your_device": render(f"your_device.{device.type.value}", turn.language),
        "your_device_acc": render(f"your_device_acc.{device.type.value}", turn.language),
        "inventory": device.inventory_number,
        "model": device.model,
        "location": device.location or render("device.default_location", turn.language),
        "ticket": device.ticket or "-",
        "helpdesk": turn.facts.helpdesk,
        **dated("since", device.status_since, turn),
        **dated("date", device.expected_date, turn),
    }


def device_reply(device: Device, rec: Records, turn: Turn) -> Reply:
    """One device; a device still out after the agreement ended must go back (§ 12 Abs. 2)."""
    params = device_params(device, turn)
    due = rec.return_due()
    if device.status is DeviceStatus.RETURN_REQUESTED or (device.status is DeviceStatus.HANDED_OUT and due):
        params.update(dated("date", device.expected_date or due, turn))
        return Reply("story.return_device" if params["date"] else "story.return_device_no_date", params)
    key = f"device.{device.status.value}"
    if device.status is DeviceStatus.ORDERED and device.expected_date is None:
        key = "device.ordered_no_date"
    return Reply(key, params)


def agreement_story(rec: Records, turn: Turn) -> Outcome:
    """Agreement first, then what the devices add to it (asked: agreement, 'when can I start?')."""
    agreement = rec.agreement
    head = Reply(agreement_key(agreement, turn), agreement_params(agreement, rec, turn))
    laptop = rec.laptop
    if agreement.status is AgreementStatus.SUBMITTED and rec.active:  # a change or extension is pending
        current = rec.active
        pending = Reply("agreement.change_pending", agreement_params(agreement, rec, turn))
        return told(pending.then(Reply(agreement_key(current, turn), agreement_params(current, rec, turn))))
    if agreement.status is AgreementStatus.SUBMITTED:
        return _waiting_for_both(head, agreement, laptop, rec, turn)
    if agreement.status in ENDED:
        out = [d for d in rec.devices if d.status in (DeviceStatus.RETURN_REQUESTED, DeviceStatus.HANDED_OUT)]
        return told(head.then(*(device_reply(d, rec, turn) for d in out)))
    if agreement.status in (AgreementStatus.ACTIVE, AgreementStatus.APPROVED) and laptop and laptop.status in NOT_YET:
        return told(head.then(device_reply(laptop, rec, turn)))
    if head.key == "agreement.active_expiring":
        return told(head, offer("extend", "offer.extend", turn))
    return told(head)


def _waiting_for_both(head: Reply, agreement: Agreement, laptop: Device | None, rec: Records,
                      turn: Turn) -> Outcome:
    params = agreement_params(agreement, rec, turn)
    if laptop is None:
        return told(head.then(Reply("story.no_laptop", params)))
    if laptop.status in (DeviceStatus.ORDERED, DeviceStatus.IN_PREPARATION):
        coming = Reply("story.laptop_coming" if laptop.expected_date else "story.laptop_coming_no_date",
                       {**params, **dated("date", laptop.expected_date, turn)})
        return told(head.then(coming, Reply("story.both_needed", params)), remind_offer(laptop, turn))
    if laptop.status is DeviceStatus.READY_FOR_PICKUP:
        return told(head.then(Reply("story.laptop_ready", {**params, **device_params(laptop, turn)})))
    return told(head.then(Reply("story.waiting_next", params)))


def device_story(rec: Records, turn: Turn, wanted: str | None = None) -> Outcome:
    """Devices first, then what the agreement adds (asked: 'Where is my laptop?')."""
    devices = rec.of_type(wanted)
    if not devices:
        return told(Reply("device.none_active" if rec.active else "device.none"))
    replies = [device_reply(d, rec, turn) for d in devices]
    agreement = rec.agreement
    if agreement and agreement.status in ENDED and any(r.key.startswith("story.return") for r in replies):
        head = Reply("story.agreement_ended", agreement_params(agreement, rec, turn))
        return told(head.then(*replies))
    story = replies[0].then(*replies[1:])
    laptop = rec.laptop
    if agreement and agreement.status is AgreementStatus.SUBMITTED and laptop in devices and laptop.status in NOT_YET:
        waiting = Reply("story.agreement_waiting", agreement_params(agreement, rec, turn))
        return told(story.then(waiting), remind_offer(laptop, turn))
    return told(story)


def told(reply: Reply, offer: tuple[Reply, dict] | None = None) -> Outcome:
    """One message; with an offer, its question ends the message and waits in the state."""
    if offer is None:
        return Outcome((reply,))
    question, state = offer
    return Outcome((reply.then(question),), state)
