"""Typed domain values shared by the core: enums and frozen records of the three databases."""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Role(str, enum.Enum):
    EMPLOYEE = "employee"
    HR = "hr"
    HELPDESK = "helpdesk"
    OPERATOR = "operator"


class AgreementStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ACTIVE = "active"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class DeviceType(str, enum.Enum):
    LAPTOP = "laptop"
    MONITOR = "monitor"
    HEADSET = "headset"
    DOCKING_STATION = "docking_station"
    SMARTPHONE = "smartphone"


class DeviceStatus(str, enum.Enum):
    ORDERED = "ordered"
    IN_PREPARATION = "in_preparation"
    READY_FOR_PICKUP = "ready_for_pickup"
    HANDED_OUT = "handed_out"
    IN_REPAIR = "in_repair"
    RETURN_REQUESTED = "return_requested"
    RETURNED = "returned"
    LOST = "lost"
    RETIRED = "retired"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    eakte_wave: int | None = None
    eakte_start: dt.date | None = None


@dataclass(frozen=True)
class Employee:
    personnel_number: str
    first_name: str
    last_name: str
    email: str | None
    org_unit: OrgUnit
    position: str
    eligible_for_mobile_work: bool
    role: Role = Role.EMPLOYEE
    language: str = "de"
    supervisor_name: str | None = None
    supervisor_email: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Agreement:
    personnel_number: str
    status: AgreementStatus
    days_per_week: float
    weekdays: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None
    status_since: dt.date
    supervisor_name: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Device:
    inventory_number: str
    type: DeviceType
    model: str
    status: DeviceStatus
    personnel_number: str | None
    status_since: dt.date
    expected_date: dt.date | None = None
    location: str | None = None
    ticket: str | None = None
