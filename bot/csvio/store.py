"""Database side of CSV import/export: load rows by natural key, bulk insert and update (SQLAlchemy Core)."""
from __future__ import annotations

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow
from integrations.db.device_schema import DeviceRow

UNITS: Table = OrgUnitRow.__table__
EMPLOYEES: Table = EmployeeRow.__table__
AGREEMENTS: Table = AgreementRow.__table__
DEVICES: Table = DeviceRow.__table__
TABLES = {"employees": EMPLOYEES, "agreements": AGREEMENTS, "devices": DEVICES}
KEYS = {"employees": ("personnel_number",), "agreements": ("personnel_number", "valid_from"),
        "devices": ("inventory_number",)}
BATCH = 2000


def columns(kind: str) -> list[str]:
    """The table's columns that a CSV file carries (all but the surrogate id)."""
    return [c.name for c in TABLES[kind].columns if c.name != "id"]


async def load(conn: AsyncConnection, kind: str) -> dict[tuple, dict]:
    """Every row of the kind's table as a dict, by natural key (agreements keep their `id`)."""
    table = TABLES[kind]
    result = await conn.execute(select(table))
    rows = [dict(r._mapping) for r in result]
    return {tuple(row[k] for k in KEYS[kind]): row for row in rows}


async def load_units(conn: AsyncConnection) -> dict[str, str]:
    return {code: name for code, name in (await conn.execute(select(UNITS.c.code, UNITS.c.name))).all()}


async def personnel_numbers(conn: AsyncConnection) -> set[str]:
    return set((await conn.scalars(select(EMPLOYEES.c.personnel_number))).all())


async def insert(conn: AsyncConnection, table: Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        await conn.execute(table.insert(), rows[start:start + BATCH])


async def update_by(conn: AsyncConnection, table: Table, key: str, rows: list[dict]) -> None:
    """UPDATE … WHERE key = ? for many rows at once; every dict has the same columns, the key included."""
    if not rows:
        return
    names = [name for name in rows[0] if name != key]
    statement = (update(table).where(table.c[key] == bindparam("k__" + key))
                 .values({name: bindparam("v__" + name) for name in names}))
    params = [{"k__" + key: row[key], **{"v__" + name: row[name] for name in names}} for row in rows]
    for start in range(0, len(params), BATCH):
        await conn.execute(statement, params[start:start + BATCH])
