"""Lookups made at the same moment become one: each caller gets its own answer, errors reach everyone."""
from __future__ import annotations

import asyncio

import pytest

from actions.base import Repos
from bot.coalesce import Coalescer, coalesced


class Source:
    def __init__(self, fail: bool = False):
        self.calls: list[list[str]] = []
        self.fail = fail

    async def many(self, keys: list[str]) -> dict[str, list]:
        self.calls.append(sorted(keys))
        if self.fail:
            raise RuntimeError("database gone")
        return {k: [f"{k}-record"] for k in keys if k != "nobody"}


async def test_asks_of_one_moment_are_one_lookup():
    source = Source()
    loader = Coalescer(source.many)
    found = await asyncio.gather(*(loader.load(k) for k in ("a", "b", "a", "nobody")))
    assert found == [["a-record"], ["b-record"], ["a-record"], []]
    assert source.calls == [["a", "b", "nobody"]]
    assert await loader.load("c") == ["c-record"] and len(source.calls) == 2  # a later moment: a new lookup


async def test_an_error_reaches_every_caller_of_that_moment():
    loader = Coalescer(Source(fail=True).many)
    results = await asyncio.gather(loader.load("a"), loader.load("b"), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    with pytest.raises(RuntimeError):
        await loader.load("c")


async def test_a_directory_reads_the_senders_of_one_moment_at_once():
    class Directory:
        def __init__(self):
            self.calls: list[list[str]] = []

        async def by_personnel_numbers(self, numbers: list[str]) -> dict[str, list]:
            self.calls.append(sorted(numbers))
            return {n: [f"employee {n}"] for n in numbers if n != "000000"}

        async def by_email(self, email: str):
            return f"employee with {email}"

    inner = Directory()
    directory = coalesced(Repos(inner, object(), object())).directory
    found = await asyncio.gather(*(directory.by_personnel_number(n) for n in ("100001", "100002", "000000")))
    assert found == ["employee 100001", "employee 100002", None]
    assert inner.calls == [["000000", "100001", "100002"]]
    assert await directory.by_email("anna@x") == "employee with anna@x"  # the rest as it was
