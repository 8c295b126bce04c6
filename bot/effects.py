"""Side effects of turns (tickets, submissions, mails, exports …): stored with the turn, run after it.

Theory of operation: an action returns typed events; `run_turn` turns them into rows (kind, JSON
payload, idempotency key = message + position) that `store.finish_turn` writes in the same
transaction as the reply. So a crash can lose neither the reply nor what it promised. After the
commit the pipeline calls `EffectRunner.run(conversation)`; the housekeeping sweep calls
`run()` for everything due. A row is claimed (pending -> running) by one worker only, executed
by the handler for its kind, and marked done, or pending again with exponential backoff, or
failed after `MAX_ATTEMPTS` (or at once for a `Permanent` error). Rows left running by a crash
go back to pending after `STALE`. Handlers must be idempotent for their key (the help desk
deduplicates by reference, the agreement insert by employee and start day, outbox rows by
transaction id), because a crash between doing and marking repeats the effect.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping

import structlog
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from actions.events import from_record, to_record
from bot.messages import OutgoingMessage
from bot.store import CONV, OUTBOX, insert_ignore
from integrations.db.bot_schema import utcnow
from integrations.db.dialogue_schema import EffectRow

EFFECTS = EffectRow.__table__
MAX_ATTEMPTS = 6
STALE = dt.timedelta(minutes=5)
log = structlog.get_logger()


class Permanent(Exception):
    """This effect can never succeed (e.g. no e-mail address on file): fail it without retrying."""


@dataclass(frozen=True)
class EffectRun:
    """What a handler knows about the row it executes."""

    id: int
    key: str
    conversation_id: int | None
    personnel_number: str


Handler = Callable[[Any, EffectRun], Awaitable["int | None"]]
"""Carries out one event; returns a conversation id if it queued a message there (e.g. an export)."""


def effect_rows(events: tuple[Any, ...], ref: str, personnel_number: str) -> list[dict[str, Any]]:
    """The rows of one turn's events; `ref` (channel and event id) makes the keys replay-proof."""
    rows = []
    for index, event in enumerate(events):
        kind, payload = to_record(event)
        rows.append({"key": f"{ref}:{index}", "kind": kind, "payload": payload, "personnel_number": personnel_number})
    return rows


async def insert_effects(conn: AsyncConnection, conv: int, rows: list[dict[str, Any]]) -> None:
    now = utcnow()
    for row in rows:
        await conn.execute(insert_ignore(conn, EFFECTS).values(
            **row, conversation_id=conv, status="pending", attempts=0, next_at=now, created_at=now))


async def enqueue_text(conn: AsyncConnection, conv: int, text: str, language: str, txn_id: str) -> bool:
    """A message to the conversation's own channel through the reply outbox; False if it is gone or queued."""
    row = (await conn.execute(select(CONV.c.channel, CONV.c.external_id).where(CONV.c.id == conv))).first()
    if row is None:
        return False
    message = OutgoingMessage(row.channel, row.external_id, text, (), language, txn_id=txn_id)
    done = await conn.execute(insert_ignore(conn, OUTBOX).values(
        conversation_id=conv, channel=row.channel, recipient=row.external_id, txn_id=txn_id,
        payload=message.to_payload(), status="pending", attempts=0, created_at=utcnow()))
    return done.rowcount == 1


def txn_for(key: str) -> str:
    return "mobi-fx-" + hashlib.sha256(key.encode()).hexdigest()[:24]


class EffectRunner:
    def __init__(self, engine: AsyncEngine, handlers: Mapping[str, Handler],
                 transaction: Callable[[AsyncConnection], Any] | None = None, keep: dt.timedelta | None = None):
        """`keep`: finished effects (their payloads hold ticket texts) are deleted after this long."""
        self._engine = engine
        self._handlers = handlers
        self._transaction = transaction or (lambda conn: conn.begin())
        self._keep = keep

    async def run(self, conversation: int | None = None, limit: int = 100) -> set[int]:
        """Run what is due (for one conversation, or all); returns conversations that got new messages."""
        touched: set[int] = set()
        for row in await self._claim(conversation, limit):
            conv = await self._execute(row)
            if conv is not None:
                touched.add(conv)
        return touched

    async def _claim(self, conversation: int | None, limit: int) -> list:
        now = utcnow()
        async with self._engine.connect() as conn:
            async with self._transaction(conn):
                if conversation is None:  # a sweep also takes back what a crashed worker left running
                    await conn.execute(update(EFFECTS).where(
                        (EFFECTS.c.status == "running") & (EFFECTS.c.next_at < now - STALE)).values(status="pending"))
                    if self._keep is not None:  # and forgets finished ones after the retention period
                        await conn.execute(delete(EFFECTS).where(
                            EFFECTS.c.status.in_(("done", "failed")) & (EFFECTS.c.created_at < now - self._keep)))
                query = (select(EFFECTS).where((EFFECTS.c.status == "pending") & (EFFECTS.c.next_at <= now))
                         .order_by(EFFECTS.c.id).limit(limit))
                if conversation is not None:
                    query = query.where(EFFECTS.c.conversation_id == conversation)
                claimed = []
                for row in (await conn.execute(query)).all():
                    done = await conn.execute(
                        update(EFFECTS).where((EFFECTS.c.id == row.id) & (EFFECTS.c.status == "pending"))
                        .values(status="running", attempts=EFFECTS.c.attempts + 1, next_at=now))
                    if done.rowcount == 1:
                        claimed.append(row)
        return claimed

    async def _execute(self, row) -> int | None:
        run = EffectRun(row.id, row.key, row.conversation_id, row.personnel_number)
        try:
            handler = self._handlers[row.kind]
            conv = await handler(from_record(row.kind, row.payload), run)
        except Permanent as exc:
            await self._mark(row, "failed", f"permanent: {exc}"[:400])
            log.error("effect_failed", kind=row.kind, effect=row.id, error=str(exc)[:200])
            return None
        except Exception as exc:  # retried with backoff; the type only, never payload texts in logs
            final = row.attempts + 1 >= MAX_ATTEMPTS or isinstance(exc, KeyError)
            await self._mark(row, "failed" if final else "pending", f"{type(exc).__name__}: {exc}"[:400],
                             retry_in=dt.timedelta(seconds=min(30 * 2 ** row.attempts, 3600)))
            log.warning("effect_retry" if not final else "effect_failed", kind=row.kind, effect=row.id,
                        attempt=row.attempts + 1, error=type(exc).__name__)
            return None
        await self._mark(row, "done")
        return conv

    async def _mark(self, row, status: str, error: str | None = None, retry_in: dt.timedelta | None = None) -> None:
        values: dict[str, Any] = {"status": status, "error": error}
        if status == "done":
            values["done_at"] = utcnow()
        if retry_in is not None:
            values["next_at"] = utcnow() + retry_in
        try:
            async with self._engine.connect() as conn:
                async with self._transaction(conn):
                    await conn.execute(update(EFFECTS).where(EFFECTS.c.id == row.id).values(**values))
        except Exception as exc:  # left `running`: the next sweep takes it back once stale
            log.error("effect_mark_failed", effect=row.id, error=type(exc).__name__)
