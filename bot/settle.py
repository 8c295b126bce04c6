"""Marks delivered replies in the outbox in batches: one UPDATE for many conversations.

A crash before a batch is written leaves those replies `sending`; `recover` resends them once
stale (Matrix deduplicates them by transaction id), so the window costs at most one duplicate.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import store, store_pg
from integrations.db.engines import driver, is_postgres

FLUSH_AFTER = 0.02
FLUSH_SIZE = 500

Marks = dict[tuple[str, str | None], list[str]]  # (status, error) -> transaction ids
Write = Callable[[Marks], Awaitable[None]]


def writer(engine: AsyncEngine, transaction: Callable[..., object], keep_text: bool = True) -> Write:
    """How a batch of marks is written: on PostgreSQL one statement on asyncpg, else one UPDATE per status."""
    async def on_postgres(marks: Marks) -> None:
        async with driver(engine) as conn:
            await store_pg.settle_outbox(conn, marks, keep_text=keep_text)

    async def portable(marks: Marks) -> None:
        async with engine.connect() as conn, transaction(conn):
            for (status, error), txn_ids in marks.items():
                await store.settle_outbox(conn, txn_ids, status, error, keep_text)

    return on_postgres if is_postgres(engine) else portable


class Settler:
    def __init__(self, write: Write):
        self._write = write
        self._waiting: Marks = defaultdict(list)
        self._count = 0
        self._task: asyncio.Task | None = None
        self._writing = asyncio.Lock()  # a flush returns only after every earlier batch is written

    def mark(self, txn_id: str, status: str, error: str | None = None) -> None:
        self._waiting[(status, error)].append(txn_id)
        self._count += 1
        if self._count >= FLUSH_SIZE:
            self._start(0)
        elif self._task is None:
            self._start(FLUSH_AFTER)

    def _start(self, delay: float) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._flush_later(delay))

    async def _flush_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        self._task = None
        await self.flush()

    async def flush(self) -> None:
        """Write every waiting mark now (and wait for a batch another task is writing)."""
        async with self._writing:
            while self._waiting:
                batch, self._waiting, self._count = self._waiting, defaultdict(list), 0
                await self._write(batch)
