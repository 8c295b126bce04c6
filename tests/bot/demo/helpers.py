"""Test helpers shared by the demo and CSV tests."""
from sqlalchemy import select

from integrations.db.migrate import METADATA


async def dump(dbs) -> dict[str, list[tuple]]:
    """Every row of the agreement and device databases, in primary-key order."""
    rows = {}
    for name in ("agreement", "device"):
        async with dbs.engine(name).connect() as conn:
            for table in METADATA[name].sorted_tables:
                query = select(table).order_by(*table.primary_key.columns)
                rows[table.name] = [tuple(r) for r in (await conn.execute(query)).all()]
    return rows
