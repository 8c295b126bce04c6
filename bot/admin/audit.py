"""The audit log: one row per change (who, what, when), written in the change's own transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin.schema import AdminAuditRow
from integrations.db.bot_schema import utcnow

AUDIT = AdminAuditRow.__table__
PAGE_SIZE = 50


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]


async def record(conn: AsyncConnection, actor: str, action: str, target: str = "",
                 details: dict[str, Any] | None = None) -> None:
    await conn.execute(AUDIT.insert().values(at=utcnow(), actor=actor, action=action, target=target[:255],
                                             details=details or {}))


async def page(conn: AsyncConnection, number: int = 1) -> tuple[list[Entry], int]:
    """The entries of one page, newest first, and the number of pages."""
    total = await conn.scalar(select(func.count()).select_from(AUDIT)) or 0
    rows = await conn.execute(select(AUDIT).order_by(AUDIT.c.id.desc())
                              .offset((max(number, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    entries = [Entry(r.at, r.actor, r.action, r.target, r.details or {}) for r in rows]
    return entries, max(1, -(-total // PAGE_SIZE))
