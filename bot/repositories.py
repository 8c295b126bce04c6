"""Read protocols over the HR and IT systems; one per aggregate, async, read-only for the core."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol

from bot.domain import Agreement, Device, Employee


class EmployeeDirectory(Protocol):
    async def by_email(self, email: str) -> Employee | None: ...

    async def by_personnel_number(self, number: str) -> Employee | None: ...


class AgreementRepository(Protocol):
    async def for_employee(self, personnel_number: str) -> list[Agreement]:
        """All agreements of one employee, newest `valid_from` first."""
        ...


class DeviceRepository(Protocol):
    async def for_employee(self, personnel_number: str) -> list[Device]: ...

    async def by_inventory_number(self, inventory_number: str) -> Device | None: ...


@dataclass(frozen=True)
class Audience:
    """Whom an announcement would reach, counted as `mobi broadcast preview` counts (people, not rows)."""

    recipients: int = 0
    reachable: int = 0
    unreachable: int = 0
    opted_out: int = 0
    per_channel: Mapping[str, int] = field(default_factory=dict)


class BroadcastDesk(Protocol):
    """What the chat form "Neue Ankündigung" reads before the broadcast is written (by an effect)."""

    approval: bool  # four eyes: a second hr person approves (MOBI_BROADCAST_APPROVAL)

    async def org_units(self) -> dict[str, str]:
        """All Ämter, code -> name."""
        ...

    async def audience(self, target: Mapping[str, list], kind: str) -> Audience:
        """Recipients of a target (as `Target.to_json()`) and kind, per channel; nothing is written."""
        ...

    def message(self, title: str, text_de: str, text_en: str | None, kind: str, language: str) -> str:
        """The announcement as a recipient with `language` will read it."""
        ...
