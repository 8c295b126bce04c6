"""The adapter's bot-database operations (run inside the caller's transaction)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot import store
from bot.messages import OutgoingMessage
from integrations.db.bot_schema import ChannelIdentityRow, ConversationRow, OutboxRow, utcnow
from integrations.telegram.linking import WINDOW, Counts, Pending, Stage
from integrations.telegram.schema import TelegramAttemptRow, TelegramLinkRow, TelegramUpdateRow

CHANNEL = "telegram"
LINKS = TelegramLinkRow.__table__
ATTEMPTS = TelegramAttemptRow.__table__
UPDATES = TelegramUpdateRow.__table__
IDENT = ChannelIdentityRow.__table__
CONV = ConversationRow.__table__
OUTBOX = OutboxRow.__table__
KEEP_UPDATES = dt.timedelta(days=2)  # Telegram gives up redelivering a webhook update long before


async def seen(conn: AsyncConnection, bot_id: int, update_id: int) -> bool:
    where = (UPDATES.c.bot_id == bot_id) & (UPDATES.c.update_id == update_id)
    return await conn.scalar(select(UPDATES.c.effect).where(where)) is not None


async def record_update(conn: AsyncConnection, bot_id: int, update_id: int, effect: str) -> bool:
    """Remember a handled update; False if it was already recorded (the caller rolls back its effect)."""
    done = await conn.execute(store.insert_ignore(conn, UPDATES).values(
        bot_id=bot_id, update_id=update_id, effect=effect, handled_at=utcnow()))
    return done.rowcount == 1


async def linked(conn: AsyncConnection, user_id: int) -> str | None:
    return await store.identity(conn, CHANNEL, str(user_id))


async def link(conn: AsyncConnection, user_id: int, personnel_number: str) -> None:
    """Link the Telegram user; an earlier Telegram account of the same employee is unlinked."""
    await conn.execute(delete(IDENT).where((IDENT.c.channel == CHANNEL) & (IDENT.c.personnel_number == personnel_number)
                                           & (IDENT.c.external_id != str(user_id))))
    await store.link_identity(conn, CHANNEL, str(user_id), personnel_number)
    await conn.execute(delete(LINKS).where(LINKS.c.user_id == user_id))


async def unlink(conn: AsyncConnection, user_id: int) -> bool:
    """Remove the link and any link under way; True if there was a link."""
    await conn.execute(delete(LINKS).where(LINKS.c.user_id == user_id))
    where = (IDENT.c.channel == CHANNEL) & (IDENT.c.external_id == str(user_id))
    return (await conn.execute(delete(IDENT).where(where))).rowcount > 0


async def load_link(conn: AsyncConnection, user_id: int) -> Pending:
    row = (await conn.execute(select(LINKS).where(LINKS.c.user_id == user_id))).first()
    if row is None:
        return Pending()
    return Pending(Stage(row.stage), row.email_hash, row.personnel_number, row.code_hash, _aware(row.expires_at))


async def save_link(conn: AsyncConnection, user_id: int, pending: Pending) -> None:
    """Store the link under way; back in STRANGER (or LINKED) it is deleted."""
    if pending.stage in (Stage.STRANGER, Stage.LINKED):
        await conn.execute(delete(LINKS).where(LINKS.c.user_id == user_id))
        return
    values = dict(stage=pending.stage.value, email_hash=pending.email_hash, personnel_number=pending.personnel_number,
                  code_hash=pending.code_hash, expires_at=pending.expires_at, updated_at=utcnow())
    done = await conn.execute(update(LINKS).where(LINKS.c.user_id == user_id).values(**values))
    if done.rowcount == 0:
        await conn.execute(LINKS.insert().values(user_id=user_id, **values))


async def counts(conn: AsyncConnection, user_id: int, email_hash: str | None, now: dt.datetime) -> Counts:
    """Attempts of the last hour: for each kind the larger of the user's and the address's count."""
    per_user = await _count(conn, ATTEMPTS.c.user_id == user_id, now)
    per_email = await _count(conn, ATTEMPTS.c.email_hash == email_hash, now) if email_hash else {}
    return Counts(*(max(per_user.get(k, 0), per_email.get(k, 0)) for k in ("request", "guess")))


async def _count(conn: AsyncConnection, who, now: dt.datetime) -> dict[str, int]:
    query = select(ATTEMPTS.c.kind, func.count()).where(who & (ATTEMPTS.c.at > now - WINDOW)).group_by(ATTEMPTS.c.kind)
    return {kind: n for kind, n in await conn.execute(query)}


async def add_attempt(conn: AsyncConnection, kind: str, user_id: int, email_hash: str | None, now: dt.datetime) -> None:
    await conn.execute(ATTEMPTS.insert().values(kind=kind, user_id=user_id, email_hash=email_hash, at=now))


async def conversation(conn: AsyncConnection, chat_id: int):
    """(id, language, turns) of the chat's conversation, created if new."""
    conv = await store.conversation_id(conn, CHANNEL, str(chat_id))
    return (await conn.execute(select(CONV.c.id, CONV.c.language, CONV.c.turns).where(CONV.c.id == conv))).one()


async def set_language(conn: AsyncConnection, conv: int, language: str) -> None:
    """An explicit choice; it counts as a turn, so the pipeline no longer starts from the directory's language."""
    await conn.execute(update(CONV).where(CONV.c.id == conv).values(language=language, turns=CONV.c.turns + 1,
                                                                    updated_at=utcnow()))


async def add_replies(conn: AsyncConnection, conv: int, replies: list[OutgoingMessage]) -> None:
    """Replies the adapter answers itself go through the outbox too: `recover` resends them after a crash."""
    if replies:
        await conn.execute(OUTBOX.insert(), [
            dict(conversation_id=conv, channel=r.channel, recipient=r.recipient, txn_id=r.txn_id,
                 payload=r.to_payload(), status="sending", attempts=0, created_at=utcnow()) for r in replies
        ])


async def purge(conn: AsyncConnection, now: dt.datetime) -> None:
    """Forget attempts past the window, stale links under way and old update records."""
    await conn.execute(delete(ATTEMPTS).where(ATTEMPTS.c.at < now - WINDOW))
    await conn.execute(delete(LINKS).where(LINKS.c.updated_at < now - dt.timedelta(days=1)))
    await conn.execute(delete(UPDATES).where(UPDATES.c.handled_at < now - KEEP_UPDATES))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes for timezone columns; they are UTC."""
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value
