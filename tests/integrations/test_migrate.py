"""Alembic creates and upgrades all three schemas on SQLite and PostgreSQL."""
from sqlalchemy import inspect

from integrations.db.engines import DB_NAMES
from integrations.db.migrate import METADATA, current_revision, upgrade_all


async def test_all_tables_exist_after_upgrade(dbs):
    for name in DB_NAMES:
        async with dbs.engine(name).connect() as conn:
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        assert set(METADATA[name].tables) <= tables
        assert await current_revision(dbs.engine(name), name) is not None


async def test_upgrade_is_idempotent(dbs):
    await upgrade_all(dbs)
