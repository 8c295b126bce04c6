"""The effect of the chat form "Neue Ankündigung": the broadcast service writes it, as `mobi broadcast create` does,
and the author gets its number in the conversation."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from actions.events import CreateBroadcast
from bot.broadcasts import lifecycle as lc
from bot.broadcasts import service
from bot.broadcasts.targeting import Target
from bot.domain import Role
from bot.effects import EffectRun, Handler, Permanent, enqueue_text, txn_for
from bot.texts import render
from integrations.db.bot_schema import utcnow

OPEN = (lc.DRAFT, lc.PENDING, lc.APPROVED, lc.SCHEDULED)
REPEAT_WINDOW = dt.timedelta(days=1)


def broadcast_handlers(bot: AsyncEngine, approval: bool,
                       transaction: Callable[[AsyncConnection], Any] | None = None) -> dict[str, Handler]:
    """`CreateBroadcast` for the effect runner; `approval` is `MOBI_BROADCAST_APPROVAL`."""

    async def create(event: CreateBroadcast, run: EffectRun) -> int | None:
        number = await _written(bot, event) or await _create(bot, event, approval)
        if run.conversation_id is None:
            return None
        key = "created_approval" if approval else "created_released"
        text = render(f"form.announce.{key}", event.language, title=event.title, id=number)
        async with bot.connect() as conn, (transaction(conn) if transaction else conn.begin()):
            queued = await enqueue_text(conn, run.conversation_id, text, event.language, txn_for(run.key))
        return run.conversation_id if queued else None

    return {"CreateBroadcast": create}


async def _create(bot: AsyncEngine, event: CreateBroadcast, approval: bool) -> int:
    who = service.Actor(event.personnel_number, Role(event.role), "")
    send_at = dt.datetime.fromisoformat(event.send_at) if event.send_at else None
    try:
        return await service.create(bot, who, title=event.title, text_de=event.text_de, text_en=event.text_en,
                                    kind=event.kind, target=Target.from_json(event.target), send_at=send_at,
                                    approval=approval)
    except lc.BroadcastError as exc:  # a rule the form already checked: retrying cannot help
        raise Permanent(str(exc)) from None


async def _written(bot: AsyncEngine, event: CreateBroadcast) -> int | None:
    """The broadcast a crashed earlier run of this effect already wrote (same author, title, text and kind)."""
    bc = service.BC
    async with bot.connect() as conn:
        return await conn.scalar(select(bc.c.id).where(
            (bc.c.created_by == event.personnel_number) & (bc.c.title == event.title.strip())
            & (bc.c.text_de == event.text_de) & (bc.c.kind == event.kind) & bc.c.status.in_(OPEN)
            & (bc.c.created_at >= utcnow() - REPEAT_WINDOW)).order_by(bc.c.id.desc()).limit(1))
