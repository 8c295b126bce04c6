"""The pipeline's employee cache: hits within the ttl, fresh reads after it, misses never cached."""
from __future__ import annotations

import dataclasses

from bot.directory_cache import CachedDirectory
from tests.actions.memory import MemoryDirectory, employee


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def cached(people, ttl=10.0, size=100):
    inner, clock = MemoryDirectory(people), Clock()
    return CachedDirectory(inner, ttl, size, clock), inner, clock


async def test_a_change_shows_after_the_ttl_at_the_latest():
    anna = employee()
    directory, inner, clock = cached([anna])
    assert await directory.by_personnel_number(anna.personnel_number) == anna
    inner._by_number[anna.personnel_number] = dataclasses.replace(anna, language="en")
    clock.now = 4.9  # entries live between half the ttl and the ttl
    assert (await directory.by_personnel_number(anna.personnel_number)).language == anna.language
    clock.now = 10.1
    assert (await directory.by_personnel_number(anna.personnel_number)).language == "en"


async def test_unknown_people_are_looked_up_every_time():
    directory, inner, _ = cached([])
    assert await directory.by_personnel_number("100001") is None
    inner._by_number["100001"] = employee()
    assert await directory.by_personnel_number("100001") == employee()


async def test_bounded_and_switchable_off():
    people = [employee(str(100000 + i)) for i in range(5)]
    directory, _, _ = cached(people, size=3)
    for person in people:
        await directory.by_personnel_number(person.personnel_number)
    assert list(directory._entries) == [p.personnel_number for p in people[2:]]
    off, _, _ = cached(people, ttl=0)
    await off.by_personnel_number(people[0].personnel_number)
    assert not off._entries
