"""A short-lived cache in front of the employee directory: one HR-database read less per message.

An employee writing ten messages in a minute is looked up once. Entries live between half the
`ttl` and the `ttl` (a role or language change shows after at most that long; the spread keeps
the people looked up together, e.g. in one batch, from expiring together); misses are not
cached, so a person added to the directory is found at once. Bounded: the oldest entries go first.
"""
from __future__ import annotations

import random
import time
from collections import OrderedDict
from typing import Callable

from bot.domain import Employee
from bot.repositories import EmployeeDirectory


class CachedDirectory:
    def __init__(self, inner: EmployeeDirectory, ttl: float = 10.0, size: int = 20_000,
                 clock: Callable[[], float] = time.monotonic):
        self._inner, self._ttl, self._size, self._clock = inner, ttl, size, clock
        self._entries: OrderedDict[str, tuple[float, Employee]] = OrderedDict()

    async def by_email(self, email: str) -> Employee | None:
        return await self._inner.by_email(email)

    async def by_personnel_number(self, number: str) -> Employee | None:
        now = self._clock()
        hit = self._entries.get(number)
        if hit is not None and hit[0] > now:
            return hit[1]
        employee = await self._inner.by_personnel_number(number)
        if employee is not None and self._ttl > 0:
            self._entries[number] = (now + self._ttl * random.uniform(0.5, 1.0), employee)
            self._entries.move_to_end(number)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return employee
