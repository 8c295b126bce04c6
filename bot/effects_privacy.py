"""Everything the bot database holds about one employee: collected for an export, or deleted.

Tables are found by their `personnel_number` column (so a colleague's new table is included
without a change here), plus the message log of the employee's conversations. Kept on
deletion, and said so in the chat: reminders already sent (key only, without content, so
nothing is sent twice) and effects still pending (a ticket on its way still reaches the desk).
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store import CONV, IDENT, LOG
from integrations.db.bot_schema import BotBase
from integrations.db.dialogue_schema import EffectRow, ReminderRow

EFFECTS = EffectRow.__table__
REMINDERS = ReminderRow.__table__
SPECIAL = {EFFECTS.name, REMINDERS.name}
MAX_LOG = 500  # newest entries in an export, so it fits in a chat message


def personal_tables() -> list[Table]:
    """Bot tables keyed by personnel number, children before parents (safe deletion order)."""
    return [t for t in reversed(BotBase.metadata.sorted_tables) if "personnel_number" in t.c]


async def conversation_ids(conn: AsyncConnection, personnel_number: str) -> list[int]:
    """The employee's conversations: stamped with their number, or on a channel account linked to them."""
    linked = select(IDENT.c.channel, IDENT.c.external_id).where(IDENT.c.personnel_number == personnel_number)
    pairs = [(r.channel, r.external_id) for r in await conn.execute(linked)]
    where = CONV.c.personnel_number == personnel_number
    if pairs:
        where = or_(where, tuple_(CONV.c.channel, CONV.c.external_id).in_(pairs))
    return [r.id for r in await conn.execute(select(CONV.c.id).where(where))]


async def collect(conn: AsyncConnection, personnel_number: str) -> dict[str, Any]:
    data: dict[str, Any] = {"personnel_number": personnel_number}
    for table in personal_tables():
        rows = await conn.execute(select(table).where(table.c.personnel_number == personnel_number))
        data[table.name] = [dict(r._mapping) for r in rows]
    conversations = await conversation_ids(conn, personnel_number)
    log = await conn.execute(select(LOG.c.conversation_id, LOG.c.direction, LOG.c.text, LOG.c.intent,
                                    LOG.c.created_at).where(LOG.c.conversation_id.in_(conversations))
                             .order_by(LOG.c.id.desc()).limit(MAX_LOG))
    data["message_log"] = [dict(r._mapping) for r in reversed(log.all())]
    return data


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str, sort_keys=True)


async def forget(conn: AsyncConnection, personnel_number: str, keep_effect: int | None = None) -> None:
    """Forget the employee: conversations (with their log, inbox, outbox), links, settings, finished effects."""
    conversations = await conversation_ids(conn, personnel_number)
    if conversations:
        await conn.execute(delete(CONV).where(CONV.c.id.in_(conversations)))
    for table in personal_tables():
        if table.name not in SPECIAL and table.name != CONV.name:
            await conn.execute(delete(table).where(table.c.personnel_number == personnel_number))
    mine = REMINDERS.c.personnel_number == personnel_number
    await conn.execute(delete(REMINDERS).where(mine & (REMINDERS.c.status == "scheduled")))
    await conn.execute(update(REMINDERS).where(mine).values(params={}))
    finished = (EFFECTS.c.personnel_number == personnel_number) & EFFECTS.c.status.in_(("done", "failed"))
    if keep_effect is not None:
        finished &= EFFECTS.c.id != keep_effect
    await conn.execute(delete(EFFECTS).where(finished))
