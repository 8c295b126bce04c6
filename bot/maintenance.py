"""Housekeeping jobs: retention purge."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import store


async def purge_expired(engine: AsyncEngine, retention_days: int) -> dict[str, int]:
    """Delete what is older than the retention period; returns counts per table."""
    before = store.utcnow() - dt.timedelta(days=retention_days)
    async with engine.begin() as conn:
        return await store.purge(conn, before)
