"""Async engines for the three databases, with SQLite and PostgreSQL tuned alike."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Literal

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DbName = Literal["agreement", "device", "bot"]
DB_NAMES: tuple[DbName, ...] = ("agreement", "device", "bot")


def make_engine(url: str) -> AsyncEngine:
    """An async engine; `?schema=NAME` on a PostgreSQL URL sets the search path."""
    parsed = make_url(url)
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        schema = parsed.query.get("schema")
        if schema:
            parsed = parsed.difference_update_query(["schema"])
            kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
        kwargs.update(pool_size=5, max_overflow=10, pool_recycle=1800, pool_timeout=60)
    engine = create_async_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def is_postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


@contextlib.asynccontextmanager
async def driver(engine: AsyncEngine) -> AsyncIterator[Any]:
    """A connection of a PostgreSQL engine's pool, as the asyncpg connection it wraps.

    For the few statements that run for every message: SQLAlchemy's work per statement (compiling,
    binding, result metadata) costs more CPU than the round trip. One that broke, or that is left
    inside a transaction, never goes back to the pool.
    """
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        try:
            yield raw
        finally:
            if raw.is_closed() or raw.is_in_transaction():
                await conn.invalidate()


@dataclass
class Databases:
    """The three engines of one mobi installation."""

    agreement: AsyncEngine
    device: AsyncEngine
    bot: AsyncEngine

    @classmethod
    def from_urls(cls, urls: dict[str, str]) -> "Databases":
        return cls(**{name: make_engine(urls[name]) for name in DB_NAMES})

    def engine(self, name: DbName) -> AsyncEngine:
        return getattr(self, name)

    async def dispose(self) -> None:
        for name in DB_NAMES:
            await self.engine(name).dispose()
