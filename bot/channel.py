"""The `Channel` protocol every messenger adapter implements, and an in-memory channel."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Awaitable, Callable, Protocol

from bot.messages import IncomingMessage, OutgoingMessage

Submit = Callable[[IncomingMessage], Awaitable[bool]]


class Channel(Protocol):
    """A way in and out. `start` begins feeding incoming messages to `submit`."""

    name: str

    async def start(self, submit: Submit) -> None: ...

    async def send(self, message: OutgoingMessage) -> None: ...

    async def stop(self) -> None: ...


class MemoryChannel:
    """Collects what is sent, per recipient; used by `mobi ask`, the web chat and tests."""

    def __init__(self, name: str):
        self.name = name
        self.sent: dict[str, list[OutgoingMessage]] = defaultdict(list)
        self._waiters: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.submit: Submit | None = None

    async def start(self, submit: Submit) -> None:
        self.submit = submit

    async def send(self, message: OutgoingMessage) -> None:
        self.sent[message.recipient].append(message)
        self._waiters[message.recipient].set()

    async def stop(self) -> None:
        self.submit = None

    def take(self, recipient: str) -> list[OutgoingMessage]:
        """Everything sent to `recipient` since the last take."""
        messages = self.sent.pop(recipient, [])
        self._waiters[recipient].clear()
        return messages

    async def wait(self, recipient: str, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self._waiters[recipient].wait(), timeout)
