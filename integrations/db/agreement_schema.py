"""Agreement database (HR): org units, employees, mobile-work agreements."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.domain import AgreementStatus, Role
from integrations.db.types import enum_column


class AgreementBase(DeclarativeBase):
    pass


class OrgUnitRow(AgreementBase):
    __tablename__ = "org_units"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    eakte_wave: Mapped[int | None]
    eakte_start: Mapped[dt.date | None] = mapped_column(Date)


class EmployeeRow(AgreementBase):
    __tablename__ = "employees"

    personnel_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(160), unique=True)
    org_unit_code: Mapped[str] = mapped_column(ForeignKey("org_units.code"), index=True)
    position: Mapped[str] = mapped_column(String(120))
    eligible_for_mobile_work: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.EMPLOYEE)
    language: Mapped[str] = mapped_column(String(2), default="de")
    supervisor_personnel_number: Mapped[str | None] = mapped_column(
        ForeignKey("employees.personnel_number", name="fk_employee_supervisor"),
        index=True,  # "whom do I lead?"; also keeps SQLite's foreign-key check on delete from going quadratic
    )


class AgreementRow(AgreementBase):
    __tablename__ = "agreements"
    __table_args__ = (
        UniqueConstraint("personnel_number", "valid_from", name="uq_agreement_employee_start"),
        Index("ix_agreements_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    personnel_number: Mapped[str] = mapped_column(ForeignKey("employees.personnel_number"))
    status: Mapped[AgreementStatus] = mapped_column(enum_column(AgreementStatus))
    days_per_week: Mapped[float] = mapped_column(Numeric(2, 1, asdecimal=False))
    weekdays: Mapped[str] = mapped_column(String(40), default="")
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    status_since: Mapped[dt.date] = mapped_column(Date)
    supervisor_personnel_number: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(400), default="")
