"""The columns of the three CSV kinds: name, cell type, whether required, default for new rows.

Required columns must be in the header and filled in every row. Optional columns may be left
out of the header: then existing rows keep their value and new rows get the default. An empty
cell in a present optional column sets the default (for most: empty).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.csvio.fields import (
    Bool, Choice, Date, DaysPerWeek, Email, Language, Text, Weekdays,
)
from bot.domain import AgreementStatus, DeviceStatus, DeviceType, Role

Kind = Literal["employees", "agreements", "devices"]
KINDS: tuple[Kind, ...] = ("employees", "agreements", "devices")

NUMBER = Text(16, pattern=r"[A-Za-z0-9][A-Za-z0-9._/-]*", pattern_hint="a personnel number (letters, digits, -)")
INVENTORY = Text(16, upper=True, pattern=r"[A-Z0-9][A-Z0-9._/-]*", pattern_hint="an inventory number like NB-104233")


@dataclass(frozen=True)
class Column:
    name: str
    field: Any
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class Spec:
    kind: Kind
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


C = Column
SPECS: dict[str, Spec] = {
    "employees": Spec("employees", (
        C("personnel_number", NUMBER, True, doc="key; unique"),
        C("first_name", Text(80), True),
        C("last_name", Text(80), True),
        C("email", Email(), doc="unique (case-insensitive); empty = no e-mail account"),
        C("org_unit_code", Text(16), True, doc="Amt code, e.g. `36`"),
        C("org_unit_name", Text(120), doc="creates an unknown Amt, renames a known one"),
        C("position", Text(120), True),
        C("eligible_for_mobile_work", Bool(), True, doc="`ja`/`nein` (also yes/no, true/false, 1/0, WAHR/FALSCH)"),
        C("role", Choice(Role), default=Role.EMPLOYEE, doc="employee, hr, helpdesk, operator"),
        C("language", Language(), default="de", doc="de or en"),
        C("supervisor_personnel_number", NUMBER, doc="must exist (in the database or this file)"),
    ), ("personnel_number",)),
    "agreements": Spec("agreements", (
        C("personnel_number", NUMBER, True, doc="key (with valid_from); the employee must exist"),
        C("valid_from", Date(), True, doc="key (with personnel_number)"),
        C("status", Choice(AgreementStatus), True,
          doc="draft, submitted, approved, active, rejected, expired, cancelled"),
        C("days_per_week", DaysPerWeek(), True, doc="0,5 to 5 in half days (`2,5` or `2.5`)"),
        C("weekdays", Weekdays(), default="", doc="`mon,thu` (also `Mo, Do`); empty = flexible"),
        C("valid_until", Date(), doc="empty = open-ended; not before valid_from"),
        C("status_since", Date(), True),
        C("supervisor_personnel_number", NUMBER, doc="must exist"),
        C("note", Text(400), default=""),
    ), ("personnel_number", "valid_from")),
    "devices": Spec("devices", (
        C("inventory_number", INVENTORY, True, doc="key, e.g. `NB-104233` (upper-cased)"),
        C("type", Choice(DeviceType), True, doc="laptop, monitor, headset, docking_station, smartphone"),
        C("model", Text(80), True),
        C("status", Choice(DeviceStatus), True,
          doc="ordered, in_preparation, ready_for_pickup, handed_out, in_repair, return_requested, "
              "returned, lost, retired"),
        C("personnel_number", NUMBER, doc="assigned employee; must exist in the agreement database; "
                                          "required for handed_out and return_requested"),
        C("status_since", Date(), True),
        C("expected_date", Date(), doc="delivery (ordered, in_preparation) or return deadline (return_requested)"),
        C("location", Text(160), doc="pickup or return place"),
        C("ticket", Text(24), doc="help-desk ticket, e.g. `INC-58213`"),
    ), ("inventory_number",)),
}
