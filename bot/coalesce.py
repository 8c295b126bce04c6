"""Lookups made at the same moment become one query (the DataLoader pattern).

The turns of a batch (`bot.batch`) run side by side and each asks for its sender (on a miss of
the employee cache) and its employee's agreements and devices; a `Coalescer` collects the keys
asked for until the other ready turns have had their go, then makes one query for all of them
(`by_personnel_numbers`, `for_employees`).
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


class _Coalesced:
    """A repository whose one-key lookup `one` is served by its many-key lookup `many`, coalesced;
    everything else goes to the real one. `pick` turns a key's records into what `one` returns."""

    def __init__(self, inner: Any, one: str, many: str, pick: Callable[[list], Any]):
        self._inner, self._one, self._pick = inner, one, pick
        self._loader = Coalescer(getattr(inner, many))

    async def _lookup(self, key: str) -> Any:
        return self._pick(await self._loader.load(key))

    def __getattr__(self, name: str) -> Any:
        return self._lookup if name == self._one else getattr(self._inner, name)


def _first(records: list) -> Any:
    return records[0] if records else None


def _all(records: list) -> list:
    return records


_LOOKUPS = {"directory": ("by_personnel_number", "by_personnel_numbers", _first),
            "agreements": ("for_employee", "for_employees", _all),
            "devices": ("for_employee", "for_employees", _all)}


def coalesced(repos: Repos) -> Repos:
    """`repos` with the per-employee lookups coalesced where the repository can read many at once."""
    wrap = {name: _Coalesced(getattr(repos, name), one, many, pick) for name, (one, many, pick) in _LOOKUPS.items()
            if hasattr(getattr(repos, name), many)}
    return replace(repos, **wrap) if wrap else repos
