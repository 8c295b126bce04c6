"""The pipeline's PostgreSQL statements on asyncpg: the batch transaction and the pooled connection under it."""
from __future__ import annotations

import json

import pytest

from bot import store_pg
from bot.channel import MemoryChannel
from bot.store import LOCK_NAMESPACE
from integrations.db.engines import driver
from tests.bot.test_pipeline import known, make_pipeline, msg

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_urls", ["postgres"], indirect=True)]

TRY_LOCK = "SELECT pg_try_advisory_xact_lock($1, $2)"


async def test_a_batch_holds_its_locks_until_it_ends_and_an_error_rolls_everything_back(dbs):
    await known(dbs, "anna", "bob")
    pipeline = make_pipeline(dbs, MemoryChannel("test"))
    anna, _ = await pipeline._enqueue(msg("anna", "eins"))
    bob, _ = await pipeline._enqueue(msg("bob", "hallo"))
    await pipeline._enqueue(msg("anna", "zwei"))
    async with driver(dbs.bot) as other:
        with pytest.raises(RuntimeError):
            async with driver(dbs.bot) as conn, store_pg.locked(conn, [bob, anna, anna]) as work:
                assert [w.text for w in work[anna]] == ["eins", "zwei"] and [w.text for w in work[bob]] == ["hallo"]
                assert work[anna][0].linked and work[anna][0].state == {}
                async with other.transaction():  # another worker must wait for both conversations
                    assert not await other.fetchval(TRY_LOCK, LOCK_NAMESPACE, anna)
                    assert not await other.fetchval(TRY_LOCK, LOCK_NAMESPACE, bob)
                raise RuntimeError("a bug in the batch")
            assert not conn.is_in_transaction()
        async with other.transaction():  # the rollback let go of them
            assert await other.fetchval(TRY_LOCK, LOCK_NAMESPACE, anna)
    await pipeline.join()
    async with driver(dbs.bot) as conn, store_pg.locked(conn, [anna]) as work:  # nothing was marked done
        assert [w.text for w in work[anna]] == ["eins", "zwei"]


async def test_a_connection_left_broken_or_in_a_transaction_never_returns_to_the_pool(dbs):
    async with driver(dbs.bot) as conn:
        await conn.execute("BEGIN")
        left = conn
    assert left.is_closed()
    async with driver(dbs.bot) as conn:
        assert conn is not left and not conn.is_in_transaction()
        assert await conn.fetchval("SELECT 1") == 1


async def test_the_hot_statements_find_their_rows_by_index_however_many_conversations_there_are(dbs):
    """A city has ~15,000 conversations and an ever longer inbox and outbox: a statement that scanned a
    whole table per batch would get slower every day. The planner must reach the rows by their keys."""
    async with driver(dbs.bot) as conn:
        await conn.execute("INSERT INTO conversations (channel, external_id, language, state, turns, updated_at) "
                           "SELECT 'test', 'u' || g, 'de', '{}', 0, now() FROM generate_series(1, 5000) AS g")
        await conn.execute("INSERT INTO outbox (conversation_id, channel, recipient, txn_id, payload, status, "
                           "attempts, created_at) SELECT 1 + g % 5000, 'test', 'u', 't' || g, '{}', 'sent', 0, now() "
                           "FROM generate_series(1, 20000) AS g")
        await conn.execute("ANALYZE conversations, outbox, inbox")
        now, rows = store_pg.utcnow(), json.dumps([dict(id=5, state={}, language="de", pn=None)])
        plans = [await conn.fetch("EXPLAIN " + store_pg._WRITES[True], rows, "[]", "[]", "[]", "[]", now, "sending", [5]),
                 await conn.fetch("EXPLAIN " + store_pg._LOAD, [5, 7]),
                 await conn.fetch("EXPLAIN " + store_pg._SETTLE, ["t5"], "sent", None, now, True)]
    for plan in plans:
        text = "\n".join(row[0] for row in plan)
        assert "Seq Scan on conversations" not in text and "Seq Scan on outbox" not in text, text
