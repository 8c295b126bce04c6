"""Lookups made at the same moment become one query (the DataLoader pattern).

The turns of a batch (`bot.batch`) run side by side and each asks for its sender (on a miss of
the employee cache) and its employee's agreements and devices; a `Coalescer` collects the keys asked for until the other ready turns have had
their go, then makes one `for_employees` query for all of them.
"""
from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any, Awaitable, Callable

from actions.base import Repos

Many = Callable[[list[str]], Awaitable[dict[str, list]]]


class Coalescer:
    def __init__(self, many: Many):
        self._many = many
        self._waiting: dict[str, list[asyncio.Future]] = {}

    async def load(self, key: str) -> list:
        loop = asyncio.get_running_loop()
        if not self._waiting:  # the first ask of this moment: look up after the others had their turn
            loop.call_soon(lambda: loop.create_task(self._flush()))
        done = loop.create_future()
        self._waiting.setdefault(key, []).append(done)
        return list(await done)

    async def _flush(self) -> None:
        waiting, self._waiting = self._waiting, {}
        try:
            found = await self._many(list(waiting))
        except Exception as exc:
            for futures in waiting.values():
                for future in futures:
                    future.set_exception(exc)
            return
        for key, futures in waiting.items():
            for future in futures:
                future.set_result(found.get(key, []))


class _PerEmployee:
    """A repository whose `for_employee` is coalesced; everything else goes to the real one."""

    def __init__(self, inner: Any):
        self._inner = inner
        self._loader = Coalescer(inner.for_employees)

    async def for_employee(self, personnel_number: str) -> list:
        return await self._loader.load(personnel_number)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Directory:
    """An employee directory whose `by_personnel_number` is coalesced; the rest goes to the real one."""

    def __init__(self, inner: Any):
        self._inner = inner
        self._loader = Coalescer(inner.by_personnel_numbers)

    async def by_personnel_number(self, number: str) -> Any:
        found = await self._loader.load(number)
        return found[0] if found else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


_WRAPPERS = {"directory": ("by_personnel_numbers", _Directory), "agreements": ("for_employees", _PerEmployee),
             "devices": ("for_employees", _PerEmployee)}


def coalesced(repos: Repos) -> Repos:
    """`repos` with the per-employee lookups coalesced where the repository can read many at once."""
    wrap = {name: wrapper(getattr(repos, name)) for name, (many, wrapper) in _WRAPPERS.items()
            if hasattr(getattr(repos, name), many)}
    return replace(repos, **wrap) if wrap else repos
