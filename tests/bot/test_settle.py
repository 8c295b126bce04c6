"""Delivery marks are batched, and `flush` returns only when every earlier mark is written."""
import asyncio
from contextlib import asynccontextmanager

from sqlalchemy import select

from bot import store
from bot.settle import Settler
from tests.test_support import outbox_rows


@asynccontextmanager
async def slow_transaction(conn):
    await asyncio.sleep(0.2)  # a busy database: the batch is on its way for a while
    async with conn.begin():
        yield


async def test_flush_waits_for_a_batch_already_being_written(dbs):
    txn_ids = await outbox_rows(dbs, 3)
    settler = Settler(dbs.bot, slow_transaction)
    for txn in txn_ids:
        settler.mark(txn, "sent")
    background = asyncio.create_task(settler.flush())  # as the timer would
    await asyncio.sleep(0.05)
    await settler.flush()
    async with dbs.bot.connect() as conn:
        statuses = [r[0] for r in await conn.execute(select(store.OUTBOX.c.status))]
    assert statuses == ["sent"] * 3
    await background
