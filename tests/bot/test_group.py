"""Calls that arrive together are handled together, in order; a failing group costs only the item at fault."""
from __future__ import annotations

import asyncio

import pytest

from bot.group import Grouped


class Recorder:
    def __init__(self, bad: set[int] = frozenset()):
        self.groups: list[list[int]] = []
        self.bad = bad

    async def handle(self, items: list[int]) -> list[int]:
        self.groups.append(list(items))
        await asyncio.sleep(0)  # a round trip: others arrive meanwhile
        if self.bad & set(items):
            raise ValueError(f"bad item in {items}")
        return [item * 10 for item in items]


async def test_items_arriving_together_share_groups_in_order():
    recorder = Recorder()
    grouped = Grouped(recorder.handle, max_size=3)
    results = await asyncio.gather(*(grouped(i) for i in range(7)))
    assert results == [i * 10 for i in range(7)]
    assert recorder.groups == [[0, 1, 2], [3, 4, 5], [6]]
    assert grouped.groups == 3


async def test_items_arriving_while_a_group_runs_wait_for_the_next():
    recorder = Recorder()
    grouped = Grouped(recorder.handle, max_size=10)
    first = asyncio.ensure_future(grouped(0))
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # its group is in flight now
    rest = asyncio.gather(*(grouped(i) for i in (1, 2)))
    assert await first == 0 and await rest == [10, 20]
    assert recorder.groups == [[0], [1, 2]]
    assert await grouped(3) == 30 and recorder.groups[-1] == [3]  # later, alone


async def test_a_failing_group_is_retried_item_by_item():
    recorder = Recorder(bad={2})
    grouped = Grouped(recorder.handle, max_size=10)
    results = await asyncio.gather(*(grouped(i) for i in range(4)), return_exceptions=True)
    assert results[0] == 0 and results[1] == 10 and results[3] == 30
    assert isinstance(results[2], ValueError)
    assert recorder.groups == [[0, 1, 2, 3], [0], [1], [2], [3]]


async def test_a_cancelled_caller_does_not_stop_the_others():
    recorder = Recorder()
    grouped = Grouped(recorder.handle, max_size=10)
    first = asyncio.ensure_future(grouped(1))
    doomed = asyncio.ensure_future(grouped(2))
    third = asyncio.ensure_future(grouped(3))
    await asyncio.sleep(0)
    doomed.cancel()
    assert await first == 10 and await third == 30
    with pytest.raises(asyncio.CancelledError):
        await doomed
