"""SQL implementations of the repository protocols (point them at a replica of the real systems)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.domain import Agreement, Device, Employee, OrgUnit
from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow
from integrations.db.device_schema import DeviceRow

_Supervisor = aliased(EmployeeRow)


def _employee_query():
    return (
        select(EmployeeRow, OrgUnitRow, _Supervisor.first_name, _Supervisor.last_name, _Supervisor.email)
        .join(OrgUnitRow, EmployeeRow.org_unit_code == OrgUnitRow.code)
        .outerjoin(_Supervisor, EmployeeRow.supervisor_personnel_number == _Supervisor.personnel_number)
    )


def _to_employee(row) -> Employee:
    emp, unit, sup_first, sup_last, sup_email = row
    return Employee(
        personnel_number=emp.personnel_number,
        first_name=emp.first_name,
        last_name=emp.last_name,
        email=emp.email,
        org_unit=OrgUnit(unit.code, unit.name, unit.eakte_wave, unit.eakte_start),
        position=emp.position,
        eligible_for_mobile_work=emp.eligible_for_mobile_work,
        role=emp.role,
        language=emp.language,
        supervisor_name=f"{sup_first} {sup_last}" if sup_last else None,
        supervisor_email=sup_email,
    )


class SqlEmployeeDirectory:
    def __init__(self, engine: AsyncEngine):
        self._sessions = async_sessionmaker(engine)

    async def _one(self, where) -> Employee | None:
        async with self._sessions() as conn:
            row = (await conn.execute(_employee_query().where(where))).first()
        return _to_employee(row) if row else None

    async def by_email(self, email: str) -> Employee | None:
        return await self._one(func.lower(EmployeeRow.email) == email.strip().lower())

    async def by_personnel_number(self, number: str) -> Employee | None:
        return await self._one(EmployeeRow.personnel_number == number)


class SqlAgreementRepository:
    def __init__(self, engine: AsyncEngine):
        self._sessions = async_sessionmaker(engine)

    async def for_employee(self, personnel_number: str) -> list[Agreement]:
        sup = aliased(EmployeeRow)
        query = (
            select(AgreementRow, sup.first_name, sup.last_name)
            .outerjoin(sup, AgreementRow.supervisor_personnel_number == sup.personnel_number)
            .where(AgreementRow.personnel_number == personnel_number)
            .order_by(AgreementRow.valid_from.desc())
        )
        async with self._sessions() as conn:
            rows = (await conn.execute(query)).all()
        return [_to_agreement(a, f"{first} {last}" if last else None) for a, first, last in rows]


def _to_agreement(row: AgreementRow, supervisor_name: str | None) -> Agreement:
    return Agreement(
        personnel_number=row.personnel_number,
        status=row.status,
        days_per_week=float(row.days_per_week),
        weekdays=tuple(d for d in row.weekdays.split(",") if d),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        status_since=row.status_since,
        supervisor_name=supervisor_name,
        note=row.note,
    )


class SqlDeviceRepository:
    def __init__(self, engine: AsyncEngine):
        self._sessions = async_sessionmaker(engine)

    async def for_employee(self, personnel_number: str) -> list[Device]:
        query = select(DeviceRow).where(DeviceRow.personnel_number == personnel_number)
        async with self._sessions() as conn:
            rows = (await conn.execute(query.order_by(DeviceRow.inventory_number))).scalars().all()
        return [_to_device(r) for r in rows]

    async def by_inventory_number(self, inventory_number: str) -> Device | None:
        query = select(DeviceRow).where(DeviceRow.inventory_number == inventory_number.upper())
        async with self._sessions() as conn:
            row = (await conn.execute(query)).scalar_one_or_none()
        return _to_device(row) if row else None


def _to_device(row: DeviceRow) -> Device:
    return Device(
        inventory_number=row.inventory_number,
        type=row.type,
        model=row.model,
        status=row.status,
        personnel_number=row.personnel_number,
        status_since=row.status_since,
        expected_date=row.expected_date,
        location=row.location,
        ticket=row.ticket,
    )
