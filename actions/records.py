"""The employee's own records from both databases, read once per turn, and what they mean together."""
from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from actions.base import Repos, Turn
from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus, DeviceType, Employee

LIVE = (AgreementStatus.ACTIVE, AgreementStatus.APPROVED, AgreementStatus.SUBMITTED, AgreementStatus.DRAFT)
ENDED = (AgreementStatus.CANCELLED, AgreementStatus.EXPIRED)
GONE = (DeviceStatus.RETURNED, DeviceStatus.RETIRED)
NOT_YET = (DeviceStatus.ORDERED, DeviceStatus.IN_PREPARATION, DeviceStatus.READY_FOR_PICKUP)
RETURN_AFTER_END = dt.timedelta(days=14)  # § 12 Abs. 2


@dataclass(frozen=True)
class Records:
    """Agreements (newest first) and devices of one employee."""

    employee: Employee
    agreements: tuple[Agreement, ...]
    all_devices: tuple[Device, ...]

    @property
    def agreement(self) -> Agreement | None:
        """The agreement that matters now: a live one first, else the newest."""
        live = [a for a in self.agreements if a.status in LIVE]
        return (live or list(self.agreements) or [None])[0]

    @property
    def active(self) -> Agreement | None:
        """The agreement currently in force (active or approved), if any."""
        return next((a for a in self.agreements if a.status in (AgreementStatus.ACTIVE, AgreementStatus.APPROVED)),
                    None)

    @property
    def pending(self) -> Agreement | None:
        return next((a for a in self.agreements if a.status is AgreementStatus.SUBMITTED), None)

    @property
    def devices(self) -> tuple[Device, ...]:
        """Devices the employee has or will get (returned and retired ones left out)."""
        return tuple(d for d in self.all_devices if d.status not in GONE)

    def of_type(self, wanted: str | None) -> tuple[Device, ...]:
        """Devices of one type, or all if there is none of that type (or no type was named)."""
        if not wanted:
            return self.devices
        return tuple(d for d in self.devices if d.type.value == wanted) or self.devices

    @property
    def laptop(self) -> Device | None:
        return next((d for d in self.devices if d.type is DeviceType.LAPTOP), None)

    def owns(self, inventory_number: str) -> bool:
        wanted = inventory_number.strip().upper()
        return any(d.inventory_number.upper() == wanted for d in self.all_devices)

    def supervisor(self) -> str | None:
        """Who decides on the application: the name on the agreement, else the employee's supervisor."""
        agreement = self.agreement
        return (agreement.supervisor_name if agreement else None) or self.employee.supervisor_name

    def return_due(self) -> dt.date | None:
        """When devices must be back after the agreement ended (§ 12 Abs. 2), if it ended."""
        agreement = self.agreement
        if agreement and agreement.status in ENDED and agreement.valid_until:
            return agreement.valid_until + RETURN_AFTER_END
        return None


async def load(turn: Turn, repos: Repos) -> Records:
    number = turn.employee.personnel_number
    # both at once: two databases, so the turn waits for the slower read, not for the two in a row
    agreements, devices = await asyncio.gather(repos.agreements.for_employee(number), repos.devices.for_employee(number))
    return Records(turn.employee, tuple(agreements), tuple(devices))
