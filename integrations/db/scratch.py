"""Throw-away database sets for tests and benchmarks: SQLite files or a fresh PostgreSQL schema."""
from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

import asyncpg
from sqlalchemy.engine import make_url

from integrations.db.engines import DB_NAMES


def sqlite_urls(folder: Path | str) -> dict[str, str]:
    """The three databases as SQLite files in `folder`."""
    return {name: f"sqlite+aiosqlite:///{folder}/{name}.db" for name in DB_NAMES}


@asynccontextmanager
async def postgres_schema(base_url: str, prefix: str = "t") -> AsyncIterator[dict[str, str]]:
    """The three databases in one new schema of `base_url`, dropped afterwards."""
    dsn = make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        yield {name: f"{base_url}?schema={schema}" for name in DB_NAMES}
    finally:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await conn.close()
