"""What the help desk gets (`Ticket`) and the one method a route implements."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Ticket:
    """A case for the help desk; `reference` (MOBI-XXXX-XXXX) is what the employee was told."""

    reference: str
    priority: str  # normal | high
    category: str  # e.g. device_problem/display, device_lost, peripherals/headset, handoff/asked
    summary: str
    details: tuple[tuple[str, str], ...] = ()
    reply_to: str | None = None  # the employee's e-mail, so the agent can answer directly


class Helpdesk(Protocol):
    async def open(self, ticket: Ticket, *, idempotency_key: str) -> None:
        """Hand the ticket over; calling again with the same key must not create a second case."""
        ...
