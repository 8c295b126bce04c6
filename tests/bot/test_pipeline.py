"""The pipeline over real databases: duplicates, order, restart, crash recovery, two workers."""
from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import select

from actions.base import Outcome, Reply
from bot import store
from bot.channel import MemoryChannel
from bot.dialogue import Dialogue
from bot.messages import IncomingMessage
from bot.pipeline import Pipeline, PipelineOptions
from bot.runtime import sql_repos
from integrations.db.engines import Databases
from tests import factories
from tests.helpers import KeywordInterpreter


async def counting(turn, repos) -> Outcome:
    """Echoes a per-conversation counter kept in the dialogue state."""
    await asyncio.sleep(0.001)  # widens the window in which two workers could race
    n = turn.state.get("n", 0) + 1
    return Outcome((Reply("greet", {"name": f"{n}:{turn.parse.text}"}),), {"n": n})


def make_pipeline(dbs, channel, handlers=None, store_texts=True) -> Pipeline:
    dialogue = Dialogue(handlers or {"out_of_scope": counting}, fallback=counting, threshold=0.0)
    options = PipelineOptions(today=lambda: factories.TODAY, store_texts=store_texts)
    return Pipeline(dbs.bot, sql_repos(dbs), KeywordInterpreter({}), dialogue, {"test": channel}, options)


async def known(dbs, *names: str) -> list[str]:
    await factories.org_unit(dbs)
    numbers = []
    async with dbs.bot.begin() as conn:
        for name in names:
            number = await factories.employee(dbs, email=f"{name}@stuttgart.example")
            await store.link_identity(conn, "test", name, number)
            numbers.append(number)
    return numbers


def msg(sender: str, text: str, event: str | None = None) -> IncomingMessage:
    return IncomingMessage("test", sender, text, event or f"{sender}-{text}")


def counters(channel: MemoryChannel, sender: str) -> list[str]:
    return [m.text.split("!")[0].removeprefix("Hallo ") for m in channel.take(sender)]


async def test_duplicate_events_are_dropped(dbs):
    await known(dbs, "anna")
    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel)
    assert await pipeline.submit(msg("anna", "hallo", "$ev1"))
    assert not await pipeline.submit(msg("anna", "hallo again", "$ev1"))
    await pipeline.join()
    assert counters(channel, "anna") == ["1:hallo"]


async def test_control_characters_are_dropped_so_any_text_can_be_stored(dbs):
    """PostgreSQL cannot store NUL in text; a client sending one still gets its answer."""
    await known(dbs, "anna")
    channel = MemoryChannel("test")
    await make_pipeline(dbs, channel).handle(msg("anna", "hal\x00lo\x1b\nwelt", "$ev1"))
    assert counters(channel, "anna") == ["1:hallo\nwelt"]


async def test_unknown_sender_gets_friendly_explanation(dbs):
    channel = MemoryChannel("test")
    await make_pipeline(dbs, channel).handle(msg("stranger", "Wo ist mein Laptop?"))
    [reply] = channel.take("stranger")
    assert "mobi" in reply.text and "zuordnen" in reply.text


async def test_state_survives_restart(dbs, db_urls):
    await known(dbs, "anna")
    channel = MemoryChannel("test")
    await make_pipeline(dbs, channel).handle(msg("anna", "eins"))
    restarted = Databases.from_urls(db_urls)
    try:
        await make_pipeline(restarted, channel).handle(msg("anna", "zwei"))
    finally:
        await restarted.dispose()
    assert counters(channel, "anna") == ["1:eins", "2:zwei"]


async def test_crash_after_enqueue_loses_nothing(dbs):
    await known(dbs, "anna")
    async with dbs.bot.begin() as conn:  # stored, then the process died before handling
        for text in ("a", "b", "c"):
            await store.enqueue(conn, msg("anna", text))
    channel = MemoryChannel("test")
    assert await make_pipeline(dbs, channel).recover() == 1
    assert counters(channel, "anna") == ["1:a", "2:b", "3:c"]


async def test_undelivered_replies_are_sent_after_restart(dbs):
    await known(dbs, "anna")
    offline = make_pipeline(dbs, MemoryChannel("test"))
    offline.channels.clear()  # the adapter was down: replies stay in the outbox
    await offline.handle(msg("anna", "eins"))
    await offline.join()
    channel = MemoryChannel("test")
    await make_pipeline(dbs, channel).recover()
    assert counters(channel, "anna") == ["1:eins"]


async def test_failing_action_costs_one_answer_not_the_conversation(dbs):
    await known(dbs, "anna")

    async def broken(turn, repos):
        raise RuntimeError("bug")

    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel, {"out_of_scope": broken})
    await pipeline.handle(msg("anna", "eins"))
    [reply] = channel.take("anna")
    assert "schiefgegangen" in reply.text and "Traceback" not in reply.text


async def test_many_conversations_keep_their_order(dbs):
    users = [f"u{i}" for i in range(20)]
    await known(dbs, *users)
    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel)

    async def talk(user):
        for i in range(10):
            await pipeline.submit(msg(user, str(i)))

    await asyncio.gather(*(talk(u) for u in users))
    await pipeline.join()
    for user in users:
        assert counters(channel, user) == [f"{i + 1}:{i}" for i in range(10)]


@pytest.mark.postgres
async def test_two_workers_share_conversations_in_order(dbs, db_urls):
    if dbs.bot.dialect.name != "postgresql":
        return  # the SQLite deployment runs one worker by design
    users = [f"u{i}" for i in range(100)]
    await known(dbs, *users)
    channel = MemoryChannel("test")  # the messenger both workers deliver to
    second = Databases.from_urls(db_urls)
    workers = [make_pipeline(dbs, channel), make_pipeline(second, channel)]
    rng = random.Random(7)

    async def talk(user):
        for i in range(10):
            await rng.choice(workers).submit(msg(user, str(i)))

    try:
        await asyncio.gather(*(talk(u) for u in users))
        for worker in workers:
            await worker.join()
    finally:
        await second.dispose()
    assert [w.failed_drains for w in workers] == [0, 0]  # no worker ever raced another
    for user in users:
        assert counters(channel, user) == [f"{i + 1}:{i}" for i in range(10)]


async def test_without_stored_texts_nothing_said_remains(dbs):
    await known(dbs, "anna")
    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel, store_texts=False)
    await pipeline.handle(msg("anna", "geheim"))
    await pipeline.join()
    assert counters(channel, "anna") == ["1:geheim"]  # answered all the same
    async with dbs.bot.connect() as conn:
        texts = [r[0] for r in await conn.execute(select(store.INBOX.c.text))]
        texts += [r[0] for r in await conn.execute(select(store.LOG.c.text))]
        payloads = [r[0] for r in await conn.execute(select(store.OUTBOX.c.payload))]
    assert texts == [None, None, None] and payloads == [{}]
