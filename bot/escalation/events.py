"""The events of the employee side of a case, registered with `actions.events` so effects can store them."""
from __future__ import annotations

from dataclasses import dataclass

from actions import events as _events


@dataclass(frozen=True)
class OpenCase:
    """The employee agreed (or not) to share the recent conversation: open a case, queue and announce it."""

    reference: str  # MOBI-… of the hand-off; also the idempotency anchor
    personnel_number: str
    reason: str
    topic: str
    description: str
    consent: bool
    status: str = ""  # the employee's device/agreement summary, as mobi would tell it
    language: str = "de"
    details: tuple[tuple[str, str], ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True)
class RelayToAgent:
    """A message of the employee while the case is open: it goes to the agent, mobi stays quiet."""

    personnel_number: str
    text: str


@dataclass(frozen=True)
class CancelCase:
    """'abbrechen' / 'zurück zum Bot': the employee ends the case."""

    personnel_number: str


for _cls in (OpenCase, RelayToAgent, CancelCase):
    _events.EVENT_TYPES.setdefault(_cls.__name__, _cls)
