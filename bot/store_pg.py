"""The pipeline's PostgreSQL statements for groups of messages and conversations: one round trip each.

`insert_inbox` stores a group of incoming messages (`bot.pipeline`'s intake), dropping duplicates;
`locked` is a transaction holding the advisory locks of all conversations (ascending, so concurrent
batches never deadlock) that loads their next two pending messages; `finish_turns` writes what a
batch of turns changed (conversations, inbox rows, log, replies, effects) as one statement of
data-modifying CTEs whose rows arrive as JSON, so the statement is the same for any batch.

They run on a pooled connection's asyncpg connection (`integrations.db.engines.driver`): they run
for every message, and SQLAlchemy's work per statement cost more CPU than the round trip itself.
`Work` has the columns of `bot.store`'s `WORK`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import TYPE_CHECKING, Any, AsyncIterator, NamedTuple

import asyncpg
from sqlalchemy.exc import IntegrityError

from bot.store import LOCK_NAMESPACE, utcnow

if TYPE_CHECKING:
    from bot.messages import IncomingMessage
    from bot.turn import TurnResult

# BEGIN and the locks in one round trip (a simple query; the ids are integers formatted here)
_BEGIN_LOCKED = "BEGIN; SELECT pg_advisory_xact_lock({ns}, c) FROM (SELECT unnest(ARRAY[{ids}]::int[]) AS c ORDER BY 1) AS s"
_LOAD = """
SELECT id, channel, external_id, language, state, turns, linked, inbox_id, event_id, text FROM (
    SELECT c.id, c.channel, c.external_id, c.language, c.state, c.turns, ci.personnel_number AS linked,
           i.id AS inbox_id, i.event_id, i.text,
           row_number() OVER (PARTITION BY i.conversation_id ORDER BY i.id) AS n
    FROM conversations AS c
    JOIN inbox AS i ON i.conversation_id = c.id AND i.status = 'pending'
    LEFT JOIN channel_identities AS ci ON ci.channel = c.channel AND ci.external_id = c.external_id
    WHERE c.id = ANY($1::int[])) AS next
WHERE n <= 2 ORDER BY id, inbox_id
"""
_WRITE = """
WITH conv AS (
    UPDATE conversations AS c SET state = v.state, language = v.language, personnel_number = v.pn,
           turns = c.turns + 1, updated_at = $6::timestamptz
    FROM json_to_recordset($1::json) AS v(id int, state json, language text, pn text)
    WHERE c.id = v.id AND c.id = ANY($8::int[])),  -- by the primary key, not a scan of all conversations
inbox AS (
    UPDATE inbox AS i SET status = v.status, handled_at = $6::timestamptz{clear_text}
    FROM json_to_recordset($2::json) AS v(id int, status text)
    WHERE i.id = v.id),
log AS (
    INSERT INTO message_log (conversation_id, direction, text, intent, confidence, created_at)
    SELECT v.conversation_id, v.direction, v.text, v.intent, v.confidence, $6::timestamptz
    FROM json_to_recordset($3::json)
         AS v(conversation_id int, direction text, text text, intent text, confidence float)),
outbox AS (
    INSERT INTO outbox (conversation_id, channel, recipient, txn_id, payload, status, attempts, created_at)
    SELECT v.conversation_id, v.channel, v.recipient, v.txn_id, v.payload, $7::text, 0, $6::timestamptz
    FROM json_to_recordset($4::json)
         AS v(conversation_id int, channel text, recipient text, txn_id text, payload json)),
effects AS (
    INSERT INTO effects (key, conversation_id, personnel_number, kind, payload, status, attempts, next_at, created_at)
    SELECT v.key, v.conversation_id, v.personnel_number, v.kind, v.payload, 'pending', 0,
           $6::timestamptz, $6::timestamptz
    FROM json_to_recordset($5::json)
         AS v(key text, conversation_id int, personnel_number text, kind text, payload json)
    ON CONFLICT (key) DO NOTHING)
SELECT 1
"""
_WRITES = {keep: _WRITE.format(clear_text="" if keep else ", text = NULL") for keep in (True, False)}
_INSERT_INBOX = """
INSERT INTO inbox (channel, event_id, conversation_id, text, sent_at, received_at, status)
SELECT v.channel, v.event_id, v.conversation_id, v.text, v.sent_at, $2::timestamptz, 'pending'
FROM json_to_recordset($1::json)
     AS v(n int, channel text, event_id text, conversation_id int, text text, sent_at timestamptz)
ORDER BY v.n
ON CONFLICT (channel, event_id) DO NOTHING
RETURNING channel, event_id
"""
_SETTLE = """
UPDATE outbox SET status = $2::text, error = $3::text,
       sent_at = CASE WHEN $2::text = 'sent' THEN $4::timestamptz ELSE sent_at END,
       payload = CASE WHEN $2::text = 'sent' AND NOT $5::bool THEN '{}'::json ELSE payload END
WHERE txn_id = ANY($1::text[])
"""


class Work(NamedTuple):
    """A conversation with its linked employee and one of its pending messages (`bot.store.WORK`'s columns)."""

    id: int
    channel: str
    external_id: str
    language: str
    state: dict | None
    turns: int
    linked: str | None
    inbox_id: int
    event_id: str
    text: str | None


@contextlib.asynccontextmanager
async def locked(conn: asyncpg.Connection, convs: list[int]) -> AsyncIterator[dict[int, list[Work]]]:
    """A transaction holding the conversations' advisory locks (taken in ascending order, so concurrent
    batches never deadlock), begun in one round trip; yields their next (up to) two pending messages each.
    Commits when the block ends, rolls back if it raises."""
    ids = ",".join(str(int(c)) for c in sorted(set(convs)))
    try:
        await conn.execute(_BEGIN_LOCKED.format(ns=int(LOCK_NAMESPACE), ids=ids))
        yield await _load(conn, convs)
    except BaseException:
        if conn.is_in_transaction() and not conn.is_closed():
            with contextlib.suppress(Exception):  # else `driver` drops the connection
                await conn.execute("ROLLBACK")
        raise
    await conn.execute("COMMIT")


async def insert_inbox(conn: asyncpg.Connection, messages: list[tuple[int, "IncomingMessage"]]) -> list[bool]:
    """Store (conversation, message) pairs in the inbox in their order; for each, whether it was new.

    Raises SQLAlchemy's `IntegrityError` if a conversation is gone, as the statements of `bot.store` do.
    """
    rows = [dict(n=n, channel=m.channel, event_id=m.event_id, conversation_id=conv, text=m.text,
                 sent_at=_aware(m.timestamp).isoformat()) for n, (conv, m) in enumerate(messages)]
    try:
        stored = {tuple(row) for row in await conn.fetch(_INSERT_INBOX, json.dumps(rows), utcnow())}
    except asyncpg.IntegrityConstraintViolationError as exc:
        raise IntegrityError(_INSERT_INBOX, None, exc) from exc
    new = []
    for _, m in messages:  # a message twice in one group: the first one is new
        new.append((m.channel, m.event_id) in stored)
        stored.discard((m.channel, m.event_id))
    return new


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


async def _load(conn: asyncpg.Connection, convs: list[int]) -> dict[int, list[Work]]:
    work: dict[int, list[Work]] = {}
    for row in await conn.fetch(_LOAD, convs):
        state = row["state"]
        work.setdefault(row["id"], []).append(Work(*row.values())._replace(
            state=json.loads(state) if isinstance(state, str) else state))
    return work


async def finish_turns(conn: asyncpg.Connection, turns: list[tuple[int, int, "TurnResult"]], *, keep_text: bool = True,
                       outbox_status: str = "sending") -> None:
    """Write the results of (conversation, inbox row, turn) in the caller's transaction, in one statement."""
    if not turns:
        return
    rows: dict[str, list[dict[str, Any]]] = {"convs": [], "inbox": [], "log": [], "outbox": [], "effects": []}
    for conv, inbox_id, result in turns:
        rows["convs"].append(dict(id=conv, state=result.state, language=result.language, pn=result.personnel_number))
        rows["inbox"].append(dict(id=inbox_id, status=result.status))
        rows["log"] += [dict(entry, conversation_id=conv) for entry in result.log]
        rows["outbox"] += [dict(conversation_id=conv, channel=r.channel, recipient=r.recipient, txn_id=r.txn_id,
                                payload=r.to_payload()) for r in result.replies]
        rows["effects"] += [dict(effect, conversation_id=conv) for effect in result.effects]
    await conn.execute(_WRITES[keep_text], *(json.dumps(value) for value in rows.values()), utcnow(), outbox_status,
                       [conv for conv, _, _ in turns])


async def settle_outbox(conn: asyncpg.Connection, marks: dict[tuple[str, str | None], list[str]], *,
                        keep_text: bool = True) -> None:
    """Record how delivery went for many replies: one UPDATE per outcome, as `bot.store.settle_outbox`
    (`= ANY($1)`, so the outbox's index finds them; usually all were sent: one round trip)."""
    now = utcnow()
    for (status, error), txn_ids in marks.items():
        await conn.execute(_SETTLE, txn_ids, status, error, now, keep_text)
