"""Delivery marks are batched, and `flush` returns only when every earlier mark is written."""
import asyncio

from sqlalchemy import select

from bot import store
from bot.settle import Settler
from tests.test_support import outbox_rows


async def test_flush_waits_for_a_batch_already_being_written(dbs):
    txn_ids = await outbox_rows(dbs, 3)
    settler = Settler(dbs.bot, lambda conn: conn.begin())
    for txn in txn_ids:
        settler.mark(txn, "sent")
    background = asyncio.create_task(settler.flush())  # as the timer would
    await asyncio.sleep(0)
    await settler.flush()
    async with dbs.bot.connect() as conn:
        statuses = [r[0] for r in await conn.execute(select(store.OUTBOX.c.status))]
    assert statuses == ["sent"] * 3
    await background
