"""Marks delivered replies in the outbox in batches: one UPDATE for many conversations.

A crash before a batch is written leaves those replies `sending`; `recover` resends them once
stale (Matrix deduplicates them by transaction id), so the window costs at most one duplicate.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import store

FLUSH_AFTER = 0.02
FLUSH_SIZE = 500


class Settler:
    def __init__(self, engine: AsyncEngine, transaction: Callable[..., object], keep_text: bool = True):
        self._engine = engine
        self._keep_text = keep_text
        self._transaction = transaction
        self._waiting: dict[tuple[str, str | None], list[str]] = defaultdict(list)
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
                async with self._engine.connect() as conn:
                    async with self._transaction(conn):
                        for (status, error), txn_ids in batch.items():
                            await store.settle_outbox(conn, txn_ids, status, error, self._keep_text)

