"""Bot-database operations on cases (SQLAlchemy Core, inside the caller's transaction)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot import store
from bot.escalation import lifecycle
from bot.escalation.schema import CaseMessageRow, CaseRow
from integrations.db.bot_schema import MessageLogRow, utcnow

CASES = CaseRow.__table__
MESSAGES = CaseMessageRow.__table__
LOG = MessageLogRow.__table__


async def create(conn: AsyncConnection, **values: Any) -> tuple[Any, bool]:
    """The case with this reference, created if new; (row, whether it was created now)."""
    values.setdefault("created_at", utcnow())
    done = await conn.execute(store.insert_ignore(conn, CASES).values(status=lifecycle.OPEN, announcements=0,
                                                                      **values))
    row = (await conn.execute(select(CASES).where(CASES.c.reference == values["reference"]))).first()
    return row, done.rowcount == 1


async def get(conn: AsyncConnection, number: int):
    return (await conn.execute(select(CASES).where(CASES.c.id == number))).first()


async def active_of(conn: AsyncConnection, conversation_id: int):
    """The conversation's open or claimed case (the newest), if any."""
    query = (select(CASES).where((CASES.c.conversation_id == conversation_id)
                                 & CASES.c.status.in_(lifecycle.ACTIVE)).order_by(CASES.c.id.desc()).limit(1))
    return (await conn.execute(query)).first()


async def move(conn: AsyncConnection, case, action: str, now: dt.datetime | None = None, **values: Any) -> str:
    """Apply `action` by the table (IllegalMove if it is not allowed) and store the new state."""
    status = lifecycle.step(case.status, action)
    now = now or utcnow()
    if status == lifecycle.CLAIMED and case.claimed_at is None:
        values.setdefault("claimed_at", now)
    if status not in lifecycle.ACTIVE:
        values.setdefault("closed_at", now)
    await conn.execute(update(CASES).where(CASES.c.id == case.id).values(status=status, **values))
    return status


async def note(conn: AsyncConnection, key: str, case_id: int, direction: str, author: str,
               text: str | None) -> bool:
    """Record a message of a case once per key; False if this key was handled before."""
    done = await conn.execute(store.insert_ignore(conn, MESSAGES).values(
        key=key, case_id=case_id, direction=direction, author=author, text=text, created_at=utcnow()))
    return done.rowcount == 1


async def queue(conn: AsyncConnection, route: str = "matrix") -> list:
    query = select(CASES).where(CASES.c.status.in_(lifecycle.ACTIVE) & (CASES.c.route == route))
    return (await conn.execute(query.order_by(CASES.c.id))).all()


async def position(conn: AsyncConnection, case_id: int) -> int:
    """1 for the first unclaimed case in the queue."""
    where = (CASES.c.status == lifecycle.OPEN) & (CASES.c.route == "matrix") & (CASES.c.id <= case_id)
    return await conn.scalar(select(func.count()).select_from(CASES).where(where))


async def due_announcements(conn: AsyncConnection, before: dt.datetime) -> list:
    """Unclaimed room cases last announced before `before`."""
    last = func.coalesce(CASES.c.announced_at, CASES.c.created_at)
    where = (CASES.c.status == lifecycle.OPEN) & (CASES.c.route == "matrix") & (last <= before)
    return (await conn.execute(select(CASES).where(where).order_by(CASES.c.id))).all()


async def transcript(conn: AsyncConnection, conversation_id: int, limit: int = 10) -> list[tuple[str, str]]:
    """The last `limit` logged messages with text, oldest first: (direction, text)."""
    query = (select(LOG.c.direction, LOG.c.text).where((LOG.c.conversation_id == conversation_id)
                                                       & LOG.c.text.is_not(None))
             .order_by(LOG.c.id.desc()).limit(limit))
    return [(r.direction, r.text) for r in (await conn.execute(query)).all()][::-1]


async def leave_case_state(conn: AsyncConnection, conversation_id: int, keys=("case_open", "case_consent")) -> None:
    """Give the conversation back to mobi (under the conversation's lock, like a turn)."""
    await store.lock_conversation(conn, conversation_id)
    state = await conn.scalar(select(store.CONV.c.state).where(store.CONV.c.id == conversation_id))
    if state and any(k in state for k in keys):
        kept = {k: v for k, v in state.items() if k not in keys}
        await conn.execute(update(store.CONV).where(store.CONV.c.id == conversation_id).values(state=kept))


async def room_conversation(conn: AsyncConnection, channel: str, room_id: str) -> int:
    """The pseudo-conversation whose outbox carries posts to the help-desk room."""
    return await store.conversation_id(conn, channel, room_id)


async def purge_texts(conn: AsyncConnection, before: dt.datetime) -> int:
    """Blank the texts of cases that ended before `before` (numbers and states stay for the statistics)."""
    ended = select(CASES.c.id).where(CASES.c.status.not_in(lifecycle.ACTIVE) & (CASES.c.closed_at < before))
    done = await conn.execute(update(MESSAGES).where(MESSAGES.c.case_id.in_(ended) & MESSAGES.c.text.is_not(None))
                              .values(text=None))
    await conn.execute(update(CASES).where(CASES.c.id.in_(ended)).values(description=None))
    return done.rowcount


async def opening(conn: AsyncConnection, conversation_id: int) -> bool:
    """Whether an `OpenCase` effect of this conversation has not run yet (it may be retrying)."""
    from bot.effects import EFFECTS

    where = ((EFFECTS.c.conversation_id == conversation_id) & (EFFECTS.c.kind == "OpenCase")
             & EFFECTS.c.status.in_(("pending", "running")))
    return await conn.scalar(select(func.count()).select_from(EFFECTS).where(where)) > 0


async def language(conn: AsyncConnection, conversation_id: int) -> str:
    found = await conn.scalar(select(store.CONV.c.language).where(store.CONV.c.id == conversation_id))
    return found or "de"


async def first_post(conn: AsyncConnection, case_id: int) -> str | None:
    """The case as the help-desk room was first told (number, person, status, transcript), while it is kept."""
    from bot.effects import txn_for

    key = txn_for(f"case-{case_id}-announce-0")  # the key `Cases.open` posts it under
    payload = await conn.scalar(select(store.OUTBOX.c.payload).where(store.OUTBOX.c.txn_id == key))
    return (payload or {}).get("text")


async def thread(conn: AsyncConnection, case_id: int) -> list:
    """What the employee and the agents said in the case (no commands), oldest first."""
    where = (MESSAGES.c.case_id == case_id) & MESSAGES.c.direction.in_(("employee", "agent", "note"))
    return (await conn.execute(select(MESSAGES).where(where).order_by(MESSAGES.c.id))).all()
