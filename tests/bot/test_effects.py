"""The effect runner over the bot database: retries with backoff, permanent failures, stale claims, keys."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from actions.events import OpenTicket, SetPreference, from_record, reference, to_record
from bot import store
from bot.effects import EFFECTS, MAX_ATTEMPTS, EffectRunner, Permanent, effect_rows, insert_effects


@pytest.fixture(autouse=True)
def _logging_not_bound_to_a_closed_stream():
    """Another module's CliRunner may have left structlog writing to a closed stream (see tests/bot/test_cli.py)."""
    import structlog

    structlog.reset_defaults()
    yield
    structlog.reset_defaults()


async def conversation(dbs) -> int:
    async with dbs.bot.begin() as conn:
        return await store.conversation_id(conn, "test", "anna")


async def stored(dbs, *events, ref="test:ev1") -> int:
    conv = await conversation(dbs)
    async with dbs.bot.begin() as conn:
        await insert_effects(conn, conv, effect_rows(events, ref, "100001"))
    return conv


async def rows(dbs):
    async with dbs.bot.connect() as conn:
        return (await conn.execute(select(EFFECTS).order_by(EFFECTS.c.id))).all()


async def due_now(dbs):
    async with dbs.bot.begin() as conn:
        await conn.execute(EFFECTS.update().values(next_at=store.utcnow() - dt.timedelta(seconds=1)))


def test_events_round_trip_through_json():
    event = OpenTicket("MOBI-1", "100001", "device_lost", "high", "x", (("Name", "Anna"),), "NB-1", "a@x")
    assert from_record(*to_record(event)) == event
    assert reference("cli:ev", "ticket") == reference("cli:ev", "ticket") != reference("cli:ev2", "ticket")


async def test_done_once_even_if_stored_twice(dbs):
    calls = []

    async def handler(event, run):
        calls.append(run.key)

    conv = await stored(dbs, SetPreference("100001", "reminders", False))
    await stored(dbs, SetPreference("100001", "reminders", False))  # a replayed turn: same key
    runner = EffectRunner(dbs.bot, {"SetPreference": handler})
    await runner.run(conv)
    await runner.run()
    assert calls == ["test:ev1:0"] and [r.status for r in await rows(dbs)] == ["done"]


async def test_errors_back_off_and_fail_after_the_last_attempt(dbs):
    async def broken(event, run):
        raise ConnectionError("down")

    await stored(dbs, SetPreference("100001", "reminders", False))
    runner = EffectRunner(dbs.bot, {"SetPreference": broken})
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await runner.run()
        [row] = await rows(dbs)
        assert row.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert row.status == "pending" and row.next_at.replace(tzinfo=dt.timezone.utc) > store.utcnow()
            assert await runner.run() == set() and (await rows(dbs))[0].attempts == attempt  # not yet due
            await due_now(dbs)
    assert (await rows(dbs))[0].status == "failed"


async def test_permanent_errors_fail_at_once(dbs):
    async def hopeless(event, run):
        raise Permanent("no address")

    await stored(dbs, SetPreference("100001", "reminders", False))
    await EffectRunner(dbs.bot, {"SetPreference": hopeless}).run()
    [row] = await rows(dbs)
    assert (row.status, row.attempts) == ("failed", 1) and "no address" in row.error


async def test_a_claim_left_by_a_crashed_worker_is_taken_back_when_stale(dbs):
    calls = []

    async def handler(event, run):
        calls.append(event)

    await stored(dbs, SetPreference("100001", "reminders", False))
    async with dbs.bot.begin() as conn:
        await conn.execute(EFFECTS.update().values(status="running", next_at=store.utcnow() - dt.timedelta(hours=1)))
    runner = EffectRunner(dbs.bot, {"SetPreference": handler})
    await runner.run(await conversation(dbs))  # a turn's own run leaves others' claims alone
    assert calls == []
    await runner.run()
    assert len(calls) == 1 and (await rows(dbs))[0].status == "done"


async def test_unknown_kinds_fail_without_retry(dbs):
    await stored(dbs, SetPreference("100001", "reminders", False))
    await EffectRunner(dbs.bot, {}).run()
    assert (await rows(dbs))[0].status == "failed"


def test_rows_carry_the_key_and_the_json_payload():
    [row] = effect_rows((SetPreference("1", "reminders", True),), "web:e", "1")
    assert row["key"] == "web:e:0" and row["payload"] == {"personnel_number": "1", "name": "reminders",
                                                          "enabled": True}


async def test_finished_effects_are_forgotten_after_the_retention_period(dbs):
    async def handler(event, run):
        return None

    await stored(dbs, SetPreference("100001", "reminders", False))
    runner = EffectRunner(dbs.bot, {"SetPreference": handler}, keep=dt.timedelta(days=90))
    await runner.run()
    await runner.run()
    assert len(await rows(dbs)) == 1
    async with dbs.bot.begin() as conn:
        await conn.execute(EFFECTS.update().values(created_at=store.utcnow() - dt.timedelta(days=91)))
    await runner.run()
    assert await rows(dbs) == []
