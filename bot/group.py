"""Group calls that arrive together into one database round trip (the group-commit pattern).

`Grouped(handle, max_size)` is awaited with one item and returns that item's result. While a
group is being handled, new items wait; the next group takes up to `max_size` of them, in
arrival order. Only one group is in flight, so groups keep the order of their items. If
`handle` raises for a group of several, each item is tried again alone, so only the item at
fault gets the exception and the others their results.
"""
from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Grouped(Generic[T, R]):
    def __init__(self, handle: Callable[[list[T]], Awaitable[Sequence[R]]], max_size: int):
        self._handle = handle
        self._max = max_size
        self._waiting: list[tuple[T, asyncio.Future]] = []
        self._running: asyncio.Task | None = None  # held: the loop keeps only weak references to tasks
        self.groups = 0  # calls of `handle` so far (a figure for tests and benchmarks)

    async def __call__(self, item: T) -> R:
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._running is None:
            self._running = asyncio.get_running_loop().create_task(self._run())
        return await done

    async def _run(self) -> None:
        try:
            while self._waiting:
                group, self._waiting = self._waiting[:self._max], self._waiting[self._max:]
                await self._settle(group)
        finally:
            self._running = None

    async def _settle(self, group: list[tuple[T, asyncio.Future]]) -> None:
        self.groups += 1
        try:
            results = await self._handle([item for item, _ in group])
        except Exception as exc:
            if len(group) == 1:
                _resolve(group[0][1], exception=exc)
                return
            for one in group:  # alone, so only the item at fault fails
                await self._settle([one])
            return
        except BaseException:  # cancelled (shutdown): so are its callers
            for _, done in group:
                done.cancel()
            raise
        for (_, done), result in zip(group, results):
            _resolve(done, result=result)


def _resolve(done: asyncio.Future, result=None, exception: BaseException | None = None) -> None:
    if done.done():  # its caller was cancelled meanwhile
        return
    if exception is not None:
        done.set_exception(exception)
    else:
        done.set_result(result)
