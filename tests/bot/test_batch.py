"""Group commit on PostgreSQL: many conversations' next messages in one transaction, each still in order."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import delete

from actions.base import Outcome
from bot import store
from bot.channel import MemoryChannel
from tests.bot.test_pipeline import counters, counting, known, make_pipeline, msg

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_urls", ["postgres"], indirect=True)]


async def test_ready_conversations_share_a_transaction_and_keep_their_order(dbs):
    people = [f"p{i}" for i in range(30)]
    await known(dbs, *people)
    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel)
    for round_ in range(3):
        await asyncio.gather(*(pipeline.submit(msg(p, f"m{round_}")) for p in people))
    await pipeline.join()
    for p in people:
        assert counters(channel, p) == ["1:m0", "2:m1", "3:m2"]
    assert pipeline._batcher.batches < len(people) * 3  # shared, not one transaction per message


async def test_a_failing_batch_costs_only_the_conversation_at_fault(dbs):
    """A conversation deleted while its turn runs (a privacy deletion) fails the batch's write;
    its steps are then handled one by one: the others are answered, the deleted one has nothing left."""
    await known(dbs, "anna", "bob")
    channel = MemoryChannel("test")

    async def maybe_vanish(turn, repos) -> Outcome:
        if turn.parse.text == "vergiss mich":
            async with dbs.bot.begin() as conn:
                await conn.execute(delete(store.CONV).where(store.CONV.c.external_id == "bob"))
        return await counting(turn, repos)

    pipeline = make_pipeline(dbs, channel, {"out_of_scope": maybe_vanish})
    anna, _ = await pipeline._enqueue(msg("anna", "hallo"))
    bob, _ = await pipeline._enqueue(msg("bob", "vergiss mich"))
    (answer, more), (nothing, _) = await asyncio.gather(pipeline._batcher.step(anna), pipeline._batcher.step(bob))
    assert answer.replies[0].text.startswith("Hallo 1:hallo!") and not more
    assert nothing is None  # bob's conversation and message are gone with the deletion
    assert pipeline._batcher.batches == 3  # the failed pair, then each alone


async def test_messages_arriving_together_are_stored_with_one_insert_duplicates_dropped(dbs):
    people = [f"p{i}" for i in range(20)]
    await known(dbs, *people)
    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel)
    incoming = [msg(p, "hallo") for p in people] + [msg("p0", "hallo")]  # p0's event twice in one group
    stored = await asyncio.gather(*(pipeline.submit(m) for m in incoming))
    assert stored == [True] * 20 + [False]
    assert pipeline._store.groups < len(incoming)
    await pipeline.join()
    assert all(counters(channel, p) == ["1:hallo"] for p in people)


async def test_a_conversation_deleted_meanwhile_costs_its_sender_nothing(dbs):
    """A privacy deletion removes a cached conversation: the group's insert fails, is retried item by
    item, and the sender's message lands in a new conversation while the others' are stored as they were."""
    await known(dbs, "anna", "bob")
    channel = MemoryChannel("test")
    pipeline = make_pipeline(dbs, channel)
    old, _ = await pipeline._enqueue(msg("anna", "eins"))
    bob, _ = await pipeline._enqueue(msg("bob", "hallo"))
    await asyncio.gather(pipeline.drain(old), pipeline.drain(bob))
    async with dbs.bot.begin() as conn:
        await conn.execute(delete(store.CONV).where(store.CONV.c.id == old))
    stored = await asyncio.gather(pipeline.submit(msg("anna", "zwei")), pipeline.submit(msg("bob", "na")))
    await pipeline.join()
    assert stored == [True, True]
    assert pipeline._store.groups == 6  # two before; the failed pair; each alone; anna's in her new conversation
    assert counters(channel, "anna") == ["1:eins", "1:zwei"]  # a fresh conversation: the counter restarts
    assert counters(channel, "bob") == ["1:hallo", "2:na"]
