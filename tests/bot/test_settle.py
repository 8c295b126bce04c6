"""Delivery marks are batched, and `flush` returns only when every earlier mark is written."""
import asyncio

from sqlalchemy import select

from bot import store
from bot.settle import Settler, writer
from tests.test_support import outbox_rows


async def test_flush_waits_for_a_batch_already_being_written(dbs):
    txn_ids = await outbox_rows(dbs, 3)
    write = writer(dbs.bot, lambda conn: conn.begin())

    async def slowly(marks):
        await asyncio.sleep(0.2)  # a busy database: the batch is on its way for a while
        await write(marks)

    settler = Settler(slowly)
    for txn in txn_ids:
        settler.mark(txn, "sent")
    background = asyncio.create_task(settler.flush())  # as the timer would
    await asyncio.sleep(0.05)
    await settler.flush()
    async with dbs.bot.connect() as conn:
        statuses = [r[0] for r in await conn.execute(select(store.OUTBOX.c.status))]
    assert statuses == ["sent"] * 3
    await background


async def test_marks_record_status_error_and_time_and_drop_sent_texts_if_told(dbs):
    """Both writers (one statement on PostgreSQL, one UPDATE per status elsewhere) record the same."""
    sent, failed, untouched = await outbox_rows(dbs, 3)
    write = writer(dbs.bot, lambda conn: conn.begin(), keep_text=False)
    await write({("sent", None): [sent], ("failed", "TimeoutError: 30 s"): [failed]})
    async with dbs.bot.connect() as conn:
        rows = {r.txn_id: r for r in await conn.execute(select(store.OUTBOX))}
    assert (rows[sent].status, rows[sent].error, rows[sent].payload) == ("sent", None, {})
    assert rows[sent].sent_at is not None
    assert (rows[failed].status, rows[failed].error, rows[failed].sent_at) == ("failed", "TimeoutError: 30 s", None)
    assert rows[failed].payload["text"] == "r1"  # kept: a failed reply may be sent again
    assert (rows[untouched].status, rows[untouched].payload["text"]) == ("sending", "r2")
