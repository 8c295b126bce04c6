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


def test_each_database_has_one_linear_history():
    """Two revisions on the same parent (parallel work) must be chained before they land."""
    from alembic.script import ScriptDirectory

    from integrations.db.migrate import alembic_config

    for name in DB_NAMES:
        heads = ScriptDirectory.from_config(alembic_config(name)).get_heads()
        assert len(heads) == 1, f"{name} database has several heads: {heads}"


async def test_models_and_migrations_agree(dbs):
    """Every model change comes with its migration (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    for name in DB_NAMES:
        def diff(conn):
            ours = set(METADATA[name].tables)  # the test shares one PostgreSQL schema among the three

            def include(_obj, obj_name, kind, _reflected, _compare_to):
                return kind != "table" or obj_name in ours

            context = MigrationContext.configure(conn, opts={"include_object": include})
            return compare_metadata(context, METADATA[name])

        async with dbs.engine(name).connect() as conn:
            changes = await conn.run_sync(diff)
        assert changes == [], f"{name}: models differ from migrations: {changes}"
