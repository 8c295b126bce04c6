"""Shared by the device forms: which device, free-text descriptions, and the ticket the help desk gets."""
from __future__ import annotations

from actions.base import Reply, Turn
from actions.events import OpenTicket, reference
from actions.forms.engine import Answer, Invalid
from actions.offers import YES
from bot.domain import Device
from bot.messages import Option
from bot.texts import render

OTHER = "other"
MIN_TEXT, MAX_TEXT = 10, 1000


def device_rows(devices: tuple[Device, ...], language: str) -> list[dict]:
    """JSON rows for the form data: the employee's devices, as offered."""
    return [{"inventory": d.inventory_number, "type": d.type.value,
             "label": f"{render(f'device_type.{d.type.value}', language)} {d.inventory_number}"} for d in devices]


def ask_device(turn: Turn, data: dict) -> Reply:
    rows = data["devices"]
    options = tuple(Option(r["label"], r["inventory"]) for r in rows)
    options += (Option(render("option.other_device", turn.language), OTHER),)
    key = "form.device.ask_one" if len(rows) == 1 else "form.device.ask"
    return Reply(key, {"device": rows[0]["label"] if rows else ""}, options)


def read_device(turn: Turn, data: dict) -> Answer | Invalid:
    rows, text = data["devices"], turn.text.strip().lower()
    if text in (OTHER, "anderes", "anderes gerät", "other device", "sonstiges"):
        return Answer(value={"inventory": None, "type": OTHER, "label": render("option.other_device", "de")})
    named = [r for r in rows if r["inventory"].lower() in text]
    typed = turn.parse.first("device_type")
    named = named or [r for r in rows if typed and r["type"] == typed]
    if len(rows) == 1 and (text in YES_TEXTS or turn.parse.intent.name == "affirm"):
        named = rows
    if len(named) == 1:
        return Answer(value=named[0])
    if typed:  # a device that is not on record for them (e.g. a private phone with work mail)
        return Answer(value={"inventory": None, "type": typed, "label": render(f"device_type.{typed}", "de")})
    return Invalid("form.device.invalid")


YES_TEXTS = frozenset({"ja", "yes", "genau", "richtig", YES})


def read_text(turn: Turn, data: dict) -> Answer | Invalid:
    """A short free-text description (at least a few words)."""
    text = turn.text.strip()
    if len(text) < MIN_TEXT or text.startswith("/"):
        return Invalid("form.text.too_short")
    return Answer(value=text[:MAX_TEXT])


def ticket(turn: Turn, data: dict, *, category: str, priority: str, summary: str,
           details: list[tuple[str, str]]) -> OpenTicket:
    """The ticket event; its reference is derived from this message, so a replay yields the same number."""
    employee = turn.employee
    device = data.get("device") or {}
    who = list(who_asks(turn))
    if device:
        kind = "option.other_device" if device["type"] == OTHER else f"device_type.{device['type']}"
        who.append(("Gerät", f"{render(kind, 'de')} {device.get('inventory') or ''}".strip()))
    return OpenTicket(reference(turn.ref, "ticket"), employee.personnel_number, category, priority, summary,
                      tuple(who + details), device.get("inventory"), employee.email)


def who_asks(turn: Turn) -> tuple[tuple[str, str], ...]:
    """The employee as the help desk needs to know them (labels in German, the help desk's language)."""
    employee = turn.employee
    return (("Name", employee.name), ("Personalnummer", employee.personnel_number),
            ("Amt", employee.org_unit.name), ("E-Mail", employee.email or "-"))
