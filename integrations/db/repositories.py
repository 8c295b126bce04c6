"""SQL implementations of the repository protocols (point them at a replica of the real systems).

Plain Core queries, no ORM session: these run on every message, so each is one round trip.
"""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import Select, String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus, DeviceType, Employee, OrgUnit, Role
from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow
from integrations.db.device_schema import DeviceRow
from integrations.db.engines import driver, is_postgres

EMP = EmployeeRow.__table__
SUP = EMP.alias("supervisor")
UNIT = OrgUnitRow.__table__
AGR = AgreementRow.__table__
DEV = DeviceRow.__table__

_EMPLOYEE_QUERY = (
    select(EMP, UNIT.c.name.label("unit_name"), UNIT.c.eakte_wave, UNIT.c.eakte_start,
           SUP.c.first_name.label("sup_first"), SUP.c.last_name.label("sup_last"), SUP.c.email.label("sup_email"))
    .join(UNIT, EMP.c.org_unit_code == UNIT.c.code)
    .outerjoin(SUP, EMP.c.supervisor_personnel_number == SUP.c.personnel_number)
)


def _name(first: str | None, last: str | None) -> str | None:
    return f"{first} {last}" if last else None


def _to_employee(r) -> Employee:
    return Employee(
        personnel_number=r.personnel_number, first_name=r.first_name, last_name=r.last_name, email=r.email,
        org_unit=OrgUnit(r.org_unit_code, r.unit_name, r.eakte_wave, r.eakte_start),
        position=r.position, eligible_for_mobile_work=r.eligible_for_mobile_work, role=Role(r.role),
        language=r.language, supervisor_name=_name(r.sup_first, r.sup_last), supervisor_email=r.sup_email,
    )


class _Reader:
    """Reads without a transaction: one round trip per query (no BEGIN/ROLLBACK), as on a replica."""

    def __init__(self, engine: AsyncEngine):
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._postgres = is_postgres(engine)

    async def _rows(self, query: "_ForNumbers", numbers: list[str]) -> list:
        """The rows of `query` for these personnel numbers (attribute access, as SQLAlchemy's rows)."""
        if self._postgres:  # every message of a batch reads these: straight on asyncpg
            async with driver(self._engine) as conn:
                return [SimpleNamespace(**row) for row in await conn.fetch(query.postgres_sql, numbers)]
        async with self._engine.connect() as conn:
            return (await conn.execute(query.portable, {"numbers": numbers})).all()


class _ForNumbers:
    """A query for the personnel numbers bound as `numbers`, built once: `IN` for SQLite, and for
    PostgreSQL compiled to asyncpg's SQL with `= ANY($1)`, one prepared statement for any count."""

    def __init__(self, query: Select, column):
        self.portable = query.where(column.in_(bindparam("numbers", expanding=True)))
        self.postgres_sql = str(query.where(column == any_(bindparam("numbers", type_=ARRAY(String))))
                                .compile(dialect=asyncpg_dialect()))


class SqlEmployeeDirectory(_Reader):
    _by_numbers = _ForNumbers(_EMPLOYEE_QUERY, EMP.c.personnel_number)

    async def _one(self, where) -> Employee | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(_EMPLOYEE_QUERY.where(where))).first()
        return _to_employee(row) if row else None

    async def by_email(self, email: str) -> Employee | None:
        return await self._one(func.lower(EMP.c.email) == email.strip().lower())

    async def by_personnel_number(self, number: str) -> Employee | None:
        return await self._one(EMP.c.personnel_number == number)

    async def by_personnel_numbers(self, numbers: list[str]) -> dict[str, list[Employee]]:
        """Several employees in one query (the pipeline looks up a whole batch's senders at once)."""
        return _grouped(_to_employee(r) for r in await self._rows(self._by_numbers, numbers))


class SqlAgreementRepository(_Reader):
    _query = (
        select(AGR, SUP.c.first_name.label("sup_first"), SUP.c.last_name.label("sup_last"))
        .outerjoin(SUP, AGR.c.supervisor_personnel_number == SUP.c.personnel_number)
        .order_by(AGR.c.valid_from.desc())
    )
    _for_employees = _ForNumbers(_query, AGR.c.personnel_number)

    async def for_employee(self, personnel_number: str) -> list[Agreement]:
        return (await self.for_employees([personnel_number])).get(personnel_number, [])

    async def for_employees(self, numbers: list[str]) -> dict[str, list[Agreement]]:
        """Several employees' agreements in one query (the pipeline asks for a whole batch at once)."""
        return _grouped(_to_agreement(r) for r in await self._rows(self._for_employees, numbers))


def _to_agreement(r) -> Agreement:
    return Agreement(
        personnel_number=r.personnel_number, status=AgreementStatus(r.status),
        days_per_week=float(r.days_per_week), weekdays=tuple(d for d in r.weekdays.split(",") if d),
        valid_from=r.valid_from, valid_until=r.valid_until, status_since=r.status_since,
        supervisor_name=_name(r.sup_first, r.sup_last), note=r.note,
    )


class SqlDeviceRepository(_Reader):
    _query = select(DEV).order_by(DEV.c.inventory_number)
    _for_employees = _ForNumbers(_query, DEV.c.personnel_number)

    async def _many(self, where) -> list[Device]:
        async with self._engine.connect() as conn:
            rows = (await conn.execute(self._query.where(where))).all()
        return [_to_device(r) for r in rows]

    async def for_employee(self, personnel_number: str) -> list[Device]:
        return await self._many(DEV.c.personnel_number == personnel_number)

    async def for_employees(self, numbers: list[str]) -> dict[str, list[Device]]:
        """Several employees' devices in one query (the pipeline asks for a whole batch at once)."""
        return _grouped(_to_device(r) for r in await self._rows(self._for_employees, numbers))

    async def by_inventory_number(self, inventory_number: str) -> Device | None:
        found = await self._many(DEV.c.inventory_number == inventory_number.strip().upper())
        return found[0] if found else None


def _grouped(records) -> dict[str, list]:
    """Records by personnel number, each list in the order the query gave."""
    by_number: dict[str, list] = {}
    for record in records:
        by_number.setdefault(record.personnel_number, []).append(record)
    return by_number


def _to_device(r) -> Device:
    return Device(
        inventory_number=r.inventory_number, type=DeviceType(r.type), model=r.model,
        status=DeviceStatus(r.status), personnel_number=r.personnel_number, status_since=r.status_since,
        expected_date=r.expected_date, location=r.location, ticket=r.ticket,
    )
