"""Write the demo rows: wipe and refill the agreement and device databases in bulk, then count what is there."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass
from typing import Callable

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.demo.generate import DemoData, generate
from bot.domain import AgreementStatus, DeviceStatus, DeviceType, Role
from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow
from integrations.db.device_schema import DeviceRow
from integrations.db.engines import Databases

ORG_UNITS: Table = OrgUnitRow.__table__
EMPLOYEES: Table = EmployeeRow.__table__
AGREEMENTS: Table = AgreementRow.__table__
DEVICES: Table = DeviceRow.__table__
BATCH = 2000

Progress = Callable[[str, int, int], None]
"""Called as `progress(step, rows_done, rows_total)` after each batch."""


@dataclass(frozen=True)
class DemoSummary:
    """What the databases hold after a build: counts per table and per status."""

    tables: dict[str, int]
    employees_with_email: int
    eligible_for_mobile_work: int
    roles: dict[str, int]
    agreements_by_status: dict[str, int]
    devices_by_status: dict[str, int]
    devices_by_type: dict[str, int]
    seed: int | None = None
    today: dt.date | None = None
    seconds: float | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["today"] = self.today.isoformat() if self.today else None
        return data


async def build(dbs: Databases, *, employees: int = 15000, seed: int = 1, today: dt.date,
                progress: Progress | None = None) -> DemoSummary:
    """Replace the agreement and device data with a deterministic demo city (the bot database is left alone)."""
    started = time.perf_counter()
    data = generate(employees=employees, seed=seed, today=today)
    writer = _Writer(data, progress)
    async with dbs.agreement.begin() as conn:
        await _wipe(conn, (AGREEMENTS, EMPLOYEES, ORG_UNITS))
        for table, rows in ((ORG_UNITS, data.org_units), (EMPLOYEES, data.employees), (AGREEMENTS, data.agreements)):
            await writer.insert(conn, table, rows)
    async with dbs.device.begin() as conn:
        await _wipe(conn, (DEVICES,))
        await writer.insert(conn, DEVICES, data.devices)
    summary = await summarize(dbs)
    return DemoSummary(**{**asdict(summary), "seed": seed, "today": today,
                          "seconds": round(time.perf_counter() - started, 2)})


class _Writer:
    def __init__(self, data: DemoData, progress: Progress | None):
        self.total = sum(len(rows) for rows in (data.org_units, data.employees, data.agreements, data.devices))
        self.done = 0
        self.progress = progress or (lambda *_: None)

    async def insert(self, conn: AsyncConnection, table: Table, rows: list[dict]) -> None:
        columns = [c.name for c in table.columns if c.name != "id"]
        for start in range(0, len(rows), BATCH):
            batch = [{name: row[name] for name in columns} for row in rows[start:start + BATCH]]
            await conn.execute(table.insert(), batch)
            self.done += len(batch)
            self.progress(table.name, self.done, self.total)


async def _wipe(conn: AsyncConnection, tables: tuple[Table, ...]) -> None:
    """Empty the tables (children first); PostgreSQL also restarts the id sequences."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in tables)
        await conn.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY"))
        return
    for table in tables:
        await conn.execute(delete(table))


async def summarize(dbs: Databases) -> DemoSummary:
    """Counts per table and status, read from the databases (works for imported data too)."""
    async with dbs.agreement.connect() as conn:
        tables = {t.name: await _count(conn, t) for t in (ORG_UNITS, EMPLOYEES, AGREEMENTS)}
        with_email = await _count(conn, EMPLOYEES, EMPLOYEES.c.email.is_not(None))
        eligible = await _count(conn, EMPLOYEES, EMPLOYEES.c.eligible_for_mobile_work.is_(True))
        roles = await _group(conn, EMPLOYEES.c.role, Role)
        agreements = await _group(conn, AGREEMENTS.c.status, AgreementStatus)
    async with dbs.device.connect() as conn:
        tables["devices"] = await _count(conn, DEVICES)
        by_status = await _group(conn, DEVICES.c.status, DeviceStatus)
        by_type = await _group(conn, DEVICES.c.type, DeviceType)
    return DemoSummary(tables, with_email, eligible, roles, agreements, by_status, by_type)


async def _count(conn: AsyncConnection, table: Table, where=None) -> int:
    query = select(func.count()).select_from(table)
    return await conn.scalar(query if where is None else query.where(where))


async def _group(conn: AsyncConnection, column, enum_cls) -> dict[str, int]:
    """Counts per enum value, in the enum's order (zero where none)."""
    found = {key: n for key, n in (await conn.execute(select(column, func.count()).group_by(column))).all()}
    return {member.value: found.get(member, 0) for member in enum_cls}
