"""Side effects an action asks for, as typed frozen events; the shell stores and executes them.

Actions never write anywhere: they return events in `Outcome.events`. `bot/effects.py` stores
them in the same transaction as the turn and runs them afterwards, with retries and an
idempotency key. `to_record`/`from_record` turn an event into JSON and back (dates as ISO text).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import typing
from dataclasses import dataclass
from typing import Any

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class SubmitAgreement:
    """A new application, a change or an extension: a `submitted` agreement in the HR database."""

    personnel_number: str
    days_per_week: float
    weekdays: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None
    change: str = "new"  # new | change | extension


@dataclass(frozen=True)
class NotifySupervisor:
    """E-mail to the supervisor: an application waits for their approval (always German)."""

    personnel_number: str
    employee_name: str
    supervisor_email: str | None
    supervisor_name: str | None
    days_per_week: float
    weekdays: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None
    change: str = "new"


@dataclass(frozen=True)
class CancelAgreement:
    """End the agreement that started on `valid_from` as of `end_date` (§ 12)."""

    personnel_number: str
    valid_from: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class OpenTicket:
    """A help-desk ticket; `reference` (MOBI-…) is what the employee was already told."""

    reference: str
    personnel_number: str
    category: str
    priority: str  # normal | high
    summary: str
    details: tuple[tuple[str, str], ...] = ()
    inventory_number: str | None = None
    reply_to: str | None = None


@dataclass(frozen=True)
class RequestHandoff:
    """The employee wants a human (asked, misunderstood twice, a form failed): #8 plugs in here."""

    reference: str
    personnel_number: str
    reason: str  # asked | misunderstood | form_failed
    topic: str
    description: str = ""
    details: tuple[tuple[str, str], ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True)
class ScheduleReminder:
    """A reminder the employee asked for; `key` makes it unique (sent once)."""

    personnel_number: str
    kind: str
    due: dt.date
    key: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SetPreference:
    """Switch reminders or announcements on or off for one employee."""

    personnel_number: str
    name: str  # reminders | announcements
    enabled: bool


@dataclass(frozen=True)
class CreateBroadcast:
    """An announcement written in the chat: stored like `mobi broadcast create` (then four eyes, if on)."""

    personnel_number: str
    role: str  # hr | operator, as checked by the form; the service checks it again
    title: str
    text_de: str
    text_en: str | None
    kind: str  # info | mandatory
    target: dict  # `Target.to_json()`
    send_at: str | None  # ISO with offset (Europe/Berlin); None = as soon as approved
    language: str = "de"


@dataclass(frozen=True)
class DeleteMyData:
    personnel_number: str


@dataclass(frozen=True)
class ExportMyData:
    personnel_number: str
    language: str = "de"


EVENT_TYPES: dict[str, type] = {cls.__name__: cls for cls in (
    SubmitAgreement, NotifySupervisor, CancelAgreement, OpenTicket, RequestHandoff, ScheduleReminder,
    SetPreference, DeleteMyData, ExportMyData, CreateBroadcast,
)}


def to_record(event: Any) -> tuple[str, dict[str, Any]]:
    """(kind, JSON-ready payload) of an event."""
    payload = {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event)}
    return type(event).__name__, payload


def from_record(kind: str, payload: dict[str, Any]) -> Any:
    """The event again; unknown kinds raise KeyError."""
    cls = EVENT_TYPES[kind]
    hints = typing.get_type_hints(cls)
    return cls(**{name: _typed(value, hints[name]) for name, value in payload.items() if name in hints})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _typed(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    if dt.date in (hint, *typing.get_args(hint)):
        return dt.date.fromisoformat(value)
    if isinstance(value, list):
        return tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return value


def reference(ref: str, salt: str = "") -> str:
    """A ticket number the employee can read out: MOBI-XXXX-XXXX, deterministic from the message."""
    number = int.from_bytes(hashlib.sha256(f"{ref}\0{salt}".encode()).digest()[:5], "big")
    chars = "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in range(8))
    return f"MOBI-{chars[:4]}-{chars[4:]}"

