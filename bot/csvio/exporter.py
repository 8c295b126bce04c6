"""`export_csv`: write a table in exactly the import format, so export -> import changes nothing.

Format: UTF-8 with BOM (Excel then reads umlauts right), `;` as separator (German Excel's
default), CRLF line ends, one header line with the column names of `columns.py`, rows in key order.
"""
from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from bot.csvio import store
from bot.csvio.columns import Spec
from bot.csvio.fields import format_cell
from bot.csvio.importer import spec_for
from integrations.db.engines import Databases

SEPARATOR = ";"
ENCODING = "utf-8-sig"


async def export_csv(dbs: Databases, kind: str, path: str | Path) -> int:
    """Write every row of `kind` to `path`; returns the number of rows (header not counted)."""
    spec = spec_for(kind)
    rows = await _rows(dbs, kind)
    with open(path, "w", encoding=ENCODING, newline="") as fh:
        writer = csv.writer(fh, delimiter=SEPARATOR, lineterminator="\r\n")
        writer.writerow(spec.names)
        writer.writerows(_cells(spec, row) for row in rows)
    return len(rows)


def _cells(spec: Spec, row: dict) -> list[str]:
    return [format_cell(column.field, row.get(column.name)) for column in spec.columns]


async def _rows(dbs: Databases, kind: str) -> list[dict]:
    if kind == "devices":
        async with dbs.device.connect() as conn:
            return await _ordered(conn, kind)
    async with dbs.agreement.connect() as conn:
        rows = await _ordered(conn, kind)
        if kind == "employees":
            units = await store.load_units(conn)
            rows = [dict(row, org_unit_name=units[row["org_unit_code"]]) for row in rows]
    return rows


async def _ordered(conn, kind: str) -> list[dict]:
    table = store.TABLES[kind]
    query = select(table).order_by(*(table.c[key] for key in store.KEYS[kind]))
    return [dict(r._mapping) for r in await conn.execute(query)]
