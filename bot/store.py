"""Bot-database operations of the pipeline, in SQLAlchemy Core for speed (run inside a transaction)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.messages import IncomingMessage, OutgoingMessage
from integrations.db.bot_schema import (
    ChannelIdentityRow,
    ConversationRow,
    InboxRow,
    MessageLogRow,
    OutboxRow,
    utcnow,
)

CONV = ConversationRow.__table__
INBOX = InboxRow.__table__
OUTBOX = OutboxRow.__table__
LOG = MessageLogRow.__table__
IDENT = ChannelIdentityRow.__table__
LOCK_NAMESPACE = 0x6D6F6269  # "mobi": keeps our advisory locks apart from other applications'


def insert_ignore(conn: AsyncConnection, table):
    """INSERT … ON CONFLICT DO NOTHING for both dialects."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


# The statements every message runs, built once (parameters are bound at execution).
_LOCK = text("SELECT pg_advisory_xact_lock(:ns, :id)")
_INSERT_INBOX = {d.__name__.rsplit(".", 1)[-1]: d.insert(INBOX).on_conflict_do_nothing() for d in (postgresql, sqlite)}
WORK = (  # a conversation with its linked employee and each of its pending messages
    select(CONV.c.id, CONV.c.channel, CONV.c.external_id, CONV.c.language, CONV.c.state, CONV.c.turns,
           IDENT.c.personnel_number.label("linked"), INBOX.c.id.label("inbox_id"), INBOX.c.event_id, INBOX.c.text)
    .join(INBOX, (INBOX.c.conversation_id == CONV.c.id) & (INBOX.c.status == "pending"))
    .outerjoin(IDENT, (IDENT.c.channel == CONV.c.channel) & (IDENT.c.external_id == CONV.c.external_id))
)
_LOAD_WORK = WORK.where(CONV.c.id == bindparam("conv")).order_by(INBOX.c.id).limit(2)
_UPDATE_CONV = update(CONV).where(CONV.c.id == bindparam("b_conv")).values(
    state=bindparam("b_state"), language=bindparam("b_language"), personnel_number=bindparam("b_pn"),
    turns=CONV.c.turns + 1, updated_at=bindparam("b_now"))
_UPDATE_INBOX = {
    keep: update(INBOX).where(INBOX.c.id == bindparam("b_id")).values(
        status=bindparam("b_status"), handled_at=bindparam("b_now"), **({} if keep else {"text": None}))
    for keep in (True, False)
}


async def conversation_id(conn: AsyncConnection, channel: str, external_id: str) -> int:
    where = (CONV.c.channel == channel) & (CONV.c.external_id == external_id)
    found = await conn.scalar(select(CONV.c.id).where(where))
    if found is not None:
        return found
    await conn.execute(
        insert_ignore(conn, CONV).values(channel=channel, external_id=external_id, state={}, updated_at=utcnow())
    )
    return await conn.scalar(select(CONV.c.id).where(where))


async def enqueue(conn: AsyncConnection, msg: IncomingMessage) -> tuple[int, bool]:
    """Store an incoming event once; returns (conversation id, whether it was new)."""
    conv = await conversation_id(conn, msg.channel, msg.sender_id)
    return conv, await insert_inbox(conn, conv, msg)


async def lock_conversation(conn: AsyncConnection, conv: int) -> None:
    """Serialise workers of all processes on one conversation until the transaction ends."""
    if conn.dialect.name == "postgresql":
        await conn.execute(_LOCK, {"ns": LOCK_NAMESPACE, "id": conv})


async def load_work(conn: AsyncConnection, conv: int) -> list:
    """The conversation (with its linked employee) and its next two pending messages, in one query.

    No rows: nothing pending. Two rows: more work after the first.
    """
    return (await conn.execute(_LOAD_WORK, {"conv": conv})).all()


async def insert_inbox(conn: AsyncConnection, conv: int, msg: IncomingMessage) -> bool:
    result = await conn.execute(_INSERT_INBOX[conn.dialect.name], dict(
        channel=msg.channel, event_id=msg.event_id, conversation_id=conv, text=msg.text,
        sent_at=msg.timestamp, received_at=utcnow(), status="pending",
    ))
    return result.rowcount == 1


async def identity(conn: AsyncConnection, channel: str, external_id: str) -> str | None:
    where = (IDENT.c.channel == channel) & (IDENT.c.external_id == external_id)
    return await conn.scalar(select(IDENT.c.personnel_number).where(where))


async def link_identity(conn: AsyncConnection, channel: str, external_id: str, personnel_number: str) -> None:
    where = (IDENT.c.channel == channel) & (IDENT.c.external_id == external_id)
    done = await conn.execute(update(IDENT).where(where).values(personnel_number=personnel_number))
    if done.rowcount == 0:
        await conn.execute(
            insert_ignore(conn, IDENT).values(
                channel=channel, external_id=external_id, personnel_number=personnel_number, verified_at=utcnow()
            )
        )


async def finish_turn(
    conn: AsyncConnection, *, conv: int, inbox_id: int, status: str, state: dict, language: str,
    personnel_number: str | None, log: list[dict[str, Any]], replies: list[OutgoingMessage],
    keep_text: bool = True, outbox_status: str = "sending", effects: list[dict[str, Any]] | None = None,
) -> None:
    """Everything one handled message changes, written in the caller's transaction.

    Replies are written as `sending`: this worker delivers them right after the commit; if it
    dies first, `conversations_with_work` hands them back as `pending` once they are stale.
    `effects` (rows of `bot.effects.effect_rows`) are stored with them, to be run after the commit.
    (On PostgreSQL the pipeline writes whole batches of turns with `bot.store_pg.finish_turns`.)
    """
    now = utcnow()
    await conn.execute(_UPDATE_CONV, dict(b_conv=conv, b_state=state, b_language=language,
                                          b_pn=personnel_number, b_now=now))
    await conn.execute(_UPDATE_INBOX[keep_text], dict(b_id=inbox_id, b_status=status, b_now=now))
    if log:
        await conn.execute(LOG.insert(), [dict(entry, conversation_id=conv, created_at=now) for entry in log])
    if effects:
        from bot.effects import insert_effects

        await insert_effects(conn, conv, effects)
    if replies:
        await conn.execute(OUTBOX.insert(), [
            dict(conversation_id=conv, channel=r.channel, recipient=r.recipient, txn_id=r.txn_id,
                 payload=r.to_payload(), status=outbox_status, attempts=0, created_at=now)
            for r in replies
        ])


async def pending_outbox(conn: AsyncConnection, conv: int | None = None):
    query = select(OUTBOX).where(OUTBOX.c.status == "pending").order_by(OUTBOX.c.id)
    if conv is not None:
        query = query.where(OUTBOX.c.conversation_id == conv)
    return (await conn.execute(query)).all()


async def claim_outbox(conn: AsyncConnection, outbox_id: int) -> bool:
    done = await conn.execute(
        update(OUTBOX).where((OUTBOX.c.id == outbox_id) & (OUTBOX.c.status == "pending"))
        .values(status="sending", attempts=OUTBOX.c.attempts + 1)
    )
    return done.rowcount == 1


async def settle_outbox(conn: AsyncConnection, txn_ids: list[str], status: str, error: str | None = None,
                        keep_text: bool = True) -> None:
    """Record how delivery went; without `keep_text` a sent reply keeps no text."""
    values: dict[str, Any] = {"status": status, "error": error}
    if status == "sent":
        values["sent_at"] = utcnow()
        if not keep_text:
            values["payload"] = {}
    await conn.execute(update(OUTBOX).where(OUTBOX.c.txn_id.in_(txn_ids)).values(**values))


async def conversations_with_work(conn: AsyncConnection, stale_before: dt.datetime) -> list[int]:
    """Conversations a crash may have left unfinished: pending inbox or undelivered replies."""
    await conn.execute(
        update(OUTBOX).where((OUTBOX.c.status == "sending") & (OUTBOX.c.created_at < stale_before))
        .values(status="pending")
    )
    inbox = select(INBOX.c.conversation_id).where(INBOX.c.status == "pending")
    outbox = select(OUTBOX.c.conversation_id).where(OUTBOX.c.status == "pending")
    rows = await conn.execute(inbox.union(outbox))
    return sorted({r[0] for r in rows})


async def purge(conn: AsyncConnection, before: dt.datetime) -> dict[str, int]:
    """Delete logged messages, handled events and delivered replies older than `before`."""
    counts = {}
    for name, table, where in (
        ("message_log", LOG, LOG.c.created_at < before),
        ("inbox", INBOX, (INBOX.c.received_at < before) & (INBOX.c.status != "pending")),
        ("outbox", OUTBOX, (OUTBOX.c.created_at < before) & (OUTBOX.c.status == "sent")),
    ):
        counts[name] = (await conn.execute(delete(table).where(where))).rowcount
    return counts


async def count(conn: AsyncConnection, table) -> int:
    return await conn.scalar(select(func.count()).select_from(table))
