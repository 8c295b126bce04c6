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
