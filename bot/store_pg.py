"""The pipeline's PostgreSQL statements for groups of messages and conversations: one round trip each.

`insert_inbox` stores a group of incoming messages (`bot.pipeline`'s intake), dropping duplicates;
`lock_and_load` takes the advisory locks of all conversations (ascending, so concurrent batches
never deadlock) and then loads their next two pending messages; `finish_turns` writes what a
batch of turns changed (conversations, inbox rows, log, replies) as one statement of
data-modifying CTEs whose rows arrive as JSON, so the statement is the same for any batch.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store import CONV, INBOX, LOCK_NAMESPACE, WORK, utcnow

if TYPE_CHECKING:
    from bot.messages import IncomingMessage
    from bot.turn import TurnResult

_LOCK_ALL = text("SELECT pg_advisory_xact_lock(:ns, c) FROM (SELECT unnest(CAST(:convs AS int[])) AS c ORDER BY 1) AS s")
_ORDER = func.row_number().over(partition_by=INBOX.c.conversation_id, order_by=INBOX.c.id).label("n")
_NEXT = WORK.add_columns(_ORDER).where(CONV.c.id.in_(bindparam("convs", expanding=True))).subquery()
_LOAD = select(_NEXT).where(_NEXT.c.n <= 2).order_by(_NEXT.c.id, _NEXT.c.inbox_id)

_WRITE = """
WITH conv AS (
    UPDATE conversations AS c SET state = v.state, language = v.language, personnel_number = v.pn,
           turns = c.turns + 1, updated_at = CAST(:now AS timestamptz)
    FROM json_to_recordset(CAST(:convs AS json)) AS v(id int, state json, language text, pn text)
    WHERE c.id = v.id),
inbox AS (
    UPDATE inbox AS i SET status = v.status, handled_at = CAST(:now AS timestamptz){clear_text}
    FROM json_to_recordset(CAST(:inbox AS json)) AS v(id int, status text)
    WHERE i.id = v.id),
log AS (
    INSERT INTO message_log (conversation_id, direction, text, intent, confidence, created_at)
    SELECT v.conversation_id, v.direction, v.text, v.intent, v.confidence, CAST(:now AS timestamptz)
    FROM json_to_recordset(CAST(:log AS json))
         AS v(conversation_id int, direction text, text text, intent text, confidence float)),
outbox AS (
    INSERT INTO outbox (conversation_id, channel, recipient, txn_id, payload, status, attempts, created_at)
    SELECT v.conversation_id, v.channel, v.recipient, v.txn_id, v.payload, CAST(:status AS varchar), 0,
           CAST(:now AS timestamptz)
    FROM json_to_recordset(CAST(:outbox AS json))
         AS v(conversation_id int, channel text, recipient text, txn_id text, payload json))
SELECT 1
"""
_INSERT_INBOX = text("""
INSERT INTO inbox (channel, event_id, conversation_id, text, sent_at, received_at, status)
SELECT v.channel, v.event_id, v.conversation_id, v.text, v.sent_at, CAST(:now AS timestamptz), 'pending'
FROM json_to_recordset(CAST(:rows AS json))
     AS v(n int, channel text, event_id text, conversation_id int, text text, sent_at timestamptz)
ORDER BY v.n
ON CONFLICT (channel, event_id) DO NOTHING
RETURNING channel, event_id
""")
_WRITES = {keep: text(_WRITE.format(clear_text="" if keep else ", text = NULL")) for keep in (True, False)}


async def insert_inbox(conn: AsyncConnection, messages: list[tuple[int, "IncomingMessage"]]) -> list[bool]:
    """Store (conversation, message) pairs in the inbox in their order; for each, whether it was new."""
    rows = [dict(n=n, channel=m.channel, event_id=m.event_id, conversation_id=conv, text=m.text,
                 sent_at=_aware(m.timestamp).isoformat()) for n, (conv, m) in enumerate(messages)]
    stored = {tuple(row) for row in await conn.execute(_INSERT_INBOX, {"rows": json.dumps(rows), "now": utcnow()})}
    new = []
    for _, m in messages:  # a message twice in one group: the first one is new
        new.append((m.channel, m.event_id) in stored)
        stored.discard((m.channel, m.event_id))
    return new


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


async def lock_and_load(conn: AsyncConnection, convs: list[int]) -> dict[int, list]:
    """Lock the conversations until the transaction ends; their next (up to) two pending messages each."""
    await conn.execute(_LOCK_ALL, {"ns": LOCK_NAMESPACE, "convs": sorted(convs)})
    work: dict[int, list] = {}
    for row in await conn.execute(_LOAD, {"convs": convs}):
        work.setdefault(row.id, []).append(row)
    return work


async def finish_turns(conn: AsyncConnection, turns: list[tuple[int, int, "TurnResult"]], *, keep_text: bool = True,
                       outbox_status: str = "sending") -> None:
    """Write the results of (conversation, inbox row, turn) in the caller's transaction, in one statement."""
    if not turns:
        return
    rows: dict[str, list[dict[str, Any]]] = {"convs": [], "inbox": [], "log": [], "outbox": []}
    for conv, inbox_id, result in turns:
        rows["convs"].append(dict(id=conv, state=result.state, language=result.language, pn=result.personnel_number))
        rows["inbox"].append(dict(id=inbox_id, status=result.status))
        rows["log"] += [dict(entry, conversation_id=conv) for entry in result.log]
        rows["outbox"] += [dict(conversation_id=conv, channel=r.channel, recipient=r.recipient, txn_id=r.txn_id,
                                payload=r.to_payload()) for r in result.replies]
    params = {name: json.dumps(value) for name, value in rows.items()}
    await conn.execute(_WRITES[keep_text], dict(params, now=utcnow(), status=outbox_status))
    effects = [(conv, result.effects) for conv, _, result in turns if result.effects]
    if effects:
        from bot.effects import insert_effects

        for conv, rows_ in effects:
            await insert_effects(conn, conv, rows_)
