"""Read protocols over the HR and IT systems; one per aggregate, async, read-only for the core."""
from __future__ import annotations

from typing import Protocol

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
