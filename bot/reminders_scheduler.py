"""The reminder scheduler of `mobi serve`: finds due reminders, sends each once through the reply outbox.

Theory of operation: `tick(today)` asks the HR/IT replicas for candidates, applies the pure rules
of `bot/reminders.py`, and for every reminder whose key the bot DB has not seen writes, in one
transaction, the reminder row (unique key, status sent) and an outbox message to the employee's
most recent conversation. A crash before the commit sends nothing; after it, the outbox delivers
(the pipeline's recovery resends it): so each reminder reaches the employee once, across
restarts. Reminders the employee asked for are rows already (status scheduled) and are claimed
the same way. Employees who switched reminders off, or never talked to mobi, get none.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.effects import enqueue_text, txn_for
from bot.reminders import ReminderSource, due_reminders, requested
from bot.store import CONV, insert_ignore
from bot.texts import render, render_reply
from integrations.db.bot_schema import utcnow
from integrations.db.dialogue_schema import PreferenceRow, ReminderRow

REMINDERS = ReminderRow.__table__
PREFS = PreferenceRow.__table__
CHUNK = 500
log = structlog.get_logger()


class ReminderScheduler:
    def __init__(self, engine: AsyncEngine, source: ReminderSource,
                 transaction: Callable[[AsyncConnection], Any] | None = None):
        self._engine = engine
        self._source = source
        self._transaction = transaction or (lambda conn: conn.begin())

    async def tick(self, today: dt.date) -> set[int]:
        """Send what is due on `today`; returns the conversations that got a reminder (to deliver now)."""
        touched = await self._requested(today)
        candidates = await self._source.candidates(today)
        async with self._engine.connect() as conn:
            numbers = list(candidates)
            seen, off, conversations = await _known(conn, numbers)
        for number, (agreements, devices) in candidates.items():
            if number in off or number not in conversations:
                continue
            conv, language = conversations[number]
            for due in due_reminders(number, agreements, devices, today, language):
                if due.key not in seen and await self._send(conv, number, due.key, due.kind, today, {},
                                                            _text(due.reply, language), language):
                    touched.add(conv)
        if touched:
            log.info("reminders_sent", conversations=len(touched))
        return touched

    async def _requested(self, today: dt.date) -> set[int]:
        touched: set[int] = set()
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(REMINDERS).where(
                (REMINDERS.c.status == "scheduled") & (REMINDERS.c.due <= today)))).all()
            _, off, conversations = await _known(conn, [r.personnel_number for r in rows])
        for row in rows:
            target = conversations.get(row.personnel_number)
            if row.personnel_number in off or target is None:
                await self._mark(row.id, "skipped")
                continue
            conv, language = target
            text = _text(requested(row.kind, row.params or {}, row.due, language), language)
            if await self._claim_and_send(row.id, conv, row.key, text, language):
                touched.add(conv)
        return touched

    async def _send(self, conv: int, number: str, key: str, kind: str, today: dt.date, params: dict, text: str,
                    language: str) -> bool:
        async with self._engine.connect() as conn:
            async with self._transaction(conn):
                new = await conn.execute(insert_ignore(conn, REMINDERS).values(
                    key=key, personnel_number=number, kind=kind, due=today, params=params, status="sent",
                    created_at=utcnow(), sent_at=utcnow()))
                return new.rowcount == 1 and await enqueue_text(conn, conv, text, language, txn_for(key))

    async def _claim_and_send(self, row_id: int, conv: int, key: str, text: str, language: str) -> bool:
        async with self._engine.connect() as conn:
            async with self._transaction(conn):
                claimed = await conn.execute(update(REMINDERS).where(
                    (REMINDERS.c.id == row_id) & (REMINDERS.c.status == "scheduled")).values(status="sent",
                                                                                             sent_at=utcnow()))
                return claimed.rowcount == 1 and await enqueue_text(conn, conv, text, language, txn_for(key))

    async def _mark(self, row_id: int, status: str) -> None:
        async with self._engine.connect() as conn:
            async with self._transaction(conn):
                await conn.execute(update(REMINDERS).where(REMINDERS.c.id == row_id).values(status=status))


def _text(reply, language: str) -> str:
    return render_reply(reply, language) + "\n\n" + render("reminder.footer", language)


async def _known(conn: AsyncConnection, numbers: list[str]) -> tuple[set[str], set[str], dict[str, tuple[int, str]]]:
    """(reminder keys already sent, numbers with reminders off, number -> (latest conversation, language))."""
    seen: set[str] = set()
    off: set[str] = set()
    conversations: dict[str, tuple[int, str]] = {}
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start:start + CHUNK]
        seen |= set((await conn.execute(select(REMINDERS.c.key).where(
            REMINDERS.c.personnel_number.in_(chunk)))).scalars())
        off |= set((await conn.execute(select(PREFS.c.personnel_number).where(
            PREFS.c.personnel_number.in_(chunk) & (PREFS.c.name == "reminders") & ~PREFS.c.enabled))).scalars())
        rows = await conn.execute(select(CONV.c.id, CONV.c.personnel_number, CONV.c.language)
                                  .where(CONV.c.personnel_number.in_(chunk)).order_by(CONV.c.updated_at))
        conversations.update({r.personnel_number: (r.id, r.language) for r in rows})  # the latest wins
    return seen, off, conversations


INTERVAL_SECONDS = 300


def scheduler_for(runtime) -> ReminderScheduler:
    from integrations.db.reminder_queries import SqlReminderSource

    dbs = runtime.dbs
    return ReminderScheduler(dbs.bot, SqlReminderSource(dbs.agreement, dbs.device), runtime.pipeline.transaction)


async def run_once(runtime, today: dt.date) -> set[int]:
    """One round: send what is due, then hand the new messages to the channels that are running."""
    touched = await scheduler_for(runtime).tick(today)
    for conv in sorted(touched):
        await runtime.pipeline.drain(conv, resend=True)
    return touched


async def run_forever(runtime, today: Callable[[], dt.date], interval: float = INTERVAL_SECONDS) -> None:
    """The loop of `mobi serve` (a cleanup context in `bot/web.py`); an error costs one round, not the loop."""
    import asyncio

    while True:
        try:
            await run_once(runtime, today())
        except Exception as exc:
            log.error("reminders_failed", error=type(exc).__name__)
        await asyncio.sleep(interval)
