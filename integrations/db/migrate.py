"""Create and upgrade the three schemas with Alembic, driven from code (no alembic.ini)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.admin import schema as _admin_schema  # noqa: F401  (console accounts, sessions, audit)
from integrations.db.agreement_schema import AgreementBase
from integrations.db.bot_schema import BotBase
from integrations.db import dialogue_schema as _dialogue_schema  # noqa: F401  (effects, reminders, preferences)
from bot.broadcasts import schema as _broadcast_schema  # noqa: F401  (broadcasts and their outbox)
from bot.escalation import schema as _case_schema  # noqa: F401  (help-desk cases and their messages)
from integrations.db.device_schema import DeviceBase
from integrations.db.engines import DB_NAMES, Databases, DbName
from integrations.matrix import schema as _matrix_schema  # noqa: F401  (its tables join BotBase.metadata)
from integrations.telegram import schema as _telegram_schema  # noqa: F401  (likewise)

HERE = Path(__file__).parent / "migrations"
METADATA: dict[str, MetaData] = {
    "agreement": AgreementBase.metadata,
    "device": DeviceBase.metadata,
    "bot": BotBase.metadata,
}


def alembic_config(name: DbName) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("version_locations", str(HERE / name))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["db_name"] = name
    return cfg


async def upgrade(engine: AsyncEngine, name: DbName, revision: str = "head") -> None:
    def run(conn) -> None:
        cfg = alembic_config(name)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def upgrade_all(dbs: Databases) -> None:
    for name in DB_NAMES:
        await upgrade(dbs.engine(name), name)


async def current_revision(engine: AsyncEngine, name: DbName) -> str | None:
    def run(conn) -> str | None:
        ctx = MigrationContext.configure(conn, opts={"version_table": f"alembic_version_{name}"})
        return ctx.get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(run)


async def autogenerate(engine: AsyncEngine, name: DbName, message: str) -> None:
    """Write a new revision comparing the models with the database (developer tool)."""

    def run(conn) -> None:
        cfg = alembic_config(name)
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True, version_path=str(HERE / name))

    async with engine.begin() as conn:
        await conn.run_sync(run)
