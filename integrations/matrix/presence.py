"""What the employee sees besides answers: "mobi is typing" while a reply takes a while, read receipts.

All of it runs in background tasks, never on the sync loop or in the way of a reply; a failure costs a
typing notice or a receipt, never a message.
"""
from __future__ import annotations

import asyncio
import contextlib
from typing import Awaitable, Callable

import structlog
from nio import AsyncClient

from integrations.matrix.calls import call

log = structlog.get_logger()
TYPING_MS = 20_000


class Presence:
    def __init__(self, client: AsyncClient, typing_delay: float):
        self._client = client
        self._delay = typing_delay
        self._timers: dict[str, asyncio.Task] = {}  # room -> waiting to show "typing"
        self._shown: dict[str, asyncio.Task] = {}  # room -> the request that showed it
        self._receipted: dict[str, str] = {}
        self._tasks: set[asyncio.Task] = set()
        self.unanswered: set[str] = set()

    def submitted(self, room_id: str, event_id: str) -> None:
        """A new message is in the inbox: show typing if no answer came within the delay."""
        self.unanswered.add(event_id)
        if room_id not in self._timers and room_id not in self._shown:
            self._timers[room_id] = self.spawn(self._typing_later(room_id))

    async def _typing_later(self, room_id: str) -> None:
        await asyncio.sleep(self._delay)
        self._timers.pop(room_id, None)  # from here on `answered` turns it off instead of cancelling
        self._shown[room_id] = asyncio.current_task()
        await call(self._client.room_typing(room_id, True, TYPING_MS))

    def answered(self, room_id: str, event_id: str) -> None:
        """A reply went out: stop typing, mark the answered message read."""
        timer = self._timers.pop(room_id, None)
        if timer:
            timer.cancel()
        shown = self._shown.pop(room_id, None)
        if shown:
            self.spawn(self._typing_off(room_id, shown))
        if event_id:
            self.unanswered.discard(event_id)
            if self._receipted.get(room_id) != event_id:
                self._receipted[room_id] = event_id
                self.spawn(call(self._client.update_receipt_marker(room_id, event_id)))

    async def _typing_off(self, room_id: str, shown: asyncio.Task) -> None:
        with contextlib.suppress(Exception):
            await shown  # "on" must reach the server before "off"
        await call(self._client.room_typing(room_id, False))

    def spawn(self, work: Awaitable) -> asyncio.Task:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.warning("matrix_background_failed", error=f"{type(exc).__name__}: {exc}"[:200])

    async def quiet(self, idle: Callable[[], bool], grace: float) -> None:
        """Wait (at most `grace` seconds) until every submitted message is answered and nothing is sending."""
        loop = asyncio.get_running_loop()
        deadline, calm = loop.time() + grace, 0
        while loop.time() < deadline and calm < 2:
            calm = calm + 1 if idle() and not self.unanswered else 0
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
