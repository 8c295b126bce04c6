"""Read receipts in employee DMs -> `read_at` of the broadcast deliveries they cover.

A receipt says the employee has read up to an event: the broadcast with that event id and every earlier
one sent to them count as read (the first time only)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Mapping

from nio import ReceiptEvent
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.broadcasts.schema import BroadcastOutboxRow
from integrations.matrix.identity import CHANNEL
from integrations.matrix.rooms import Room

BOX = BroadcastOutboxRow.__table__


def reads(ephemeral: Mapping[str, Iterable], rooms: Mapping[str, Room]) -> list[tuple[str, str, int]]:
    """(user id, event id, timestamp ms) of each read receipt the DM partner sent in a DM the bot knows."""
    found = []
    for room_id, events in ephemeral.items():
        room = rooms.get(room_id)
        for event in events if room else ():
            if isinstance(event, ReceiptEvent):
                found.extend((r.user_id, r.event_id, r.timestamp) for r in event.receipts
                             if r.receipt_type == "m.read" and r.user_id == room.user_id)
    return found


async def record(engine: AsyncEngine, found: list[tuple[str, str, int]]) -> int:
    """Set `read_at` on the deliveries covered; returns how many rows changed."""
    changed = 0
    async with engine.begin() as conn:
        for user_id, event_id, ts in found:
            when = dt.datetime.fromtimestamp(ts / 1000, dt.timezone.utc)
            covered = (BOX.c.event_id == event_id) | ((BOX.c.recipient == user_id) & (BOX.c.sent_at <= when))
            done = await conn.execute(update(BOX).where((BOX.c.channel == CHANNEL) & (BOX.c.status == "sent")
                                                        & BOX.c.read_at.is_(None) & covered).values(read_at=when))
            changed += done.rowcount
    return changed
