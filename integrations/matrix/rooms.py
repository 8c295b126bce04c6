"""The adapter's bot-database records: DM rooms (who is in which) and the sync token finished with."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import insert_ignore
from integrations.db.bot_schema import OutboxRow, utcnow
from integrations.matrix.schema import MatrixRoomRow, MatrixSyncRow

ROOMS = MatrixRoomRow.__table__
SYNC = MatrixSyncRow.__table__
OUTBOX = OutboxRow.__table__


@dataclass
class Room:
    room_id: str
    user_id: str
    since_ts: int | None = None  # events older than this are history from before the bot was invited
    active_ts: int = 0


async def load_token(engine: AsyncEngine, account: str) -> str | None:
    async with engine.connect() as conn:
        return await conn.scalar(select(SYNC.c.next_batch).where(SYNC.c.account == account))


async def save_token(engine: AsyncEngine, account: str, token: str) -> None:
    """Called only once every event of the sync that produced `token` is in the inbox."""
    async with engine.begin() as conn:
        done = await conn.execute(update(SYNC).where(SYNC.c.account == account)
                                  .values(next_batch=token, updated_at=utcnow()))
        if done.rowcount == 0:
            await conn.execute(insert_ignore(conn, SYNC).values(account=account, next_batch=token,
                                                                updated_at=utcnow()))


async def joined_rooms(engine: AsyncEngine) -> dict[str, Room]:
    query = select(ROOMS.c.room_id, ROOMS.c.user_id, ROOMS.c.since_ts, ROOMS.c.active_ts) \
        .where(ROOMS.c.status == "joined")
    async with engine.connect() as conn:
        return {r.room_id: Room(r.room_id, r.user_id, r.since_ts, r.active_ts) for r in await conn.execute(query)}


async def save_room(engine: AsyncEngine, room: Room, status: str = "joined") -> None:
    values = dict(user_id=room.user_id, since_ts=room.since_ts, active_ts=room.active_ts, status=status,
                  updated_at=utcnow())
    async with engine.begin() as conn:
        done = await conn.execute(update(ROOMS).where(ROOMS.c.room_id == room.room_id).values(**values))
        if done.rowcount == 0:
            await conn.execute(insert_ignore(conn, ROOMS).values(room_id=room.room_id, **values))


async def release_stuck_sends(engine: AsyncEngine, channel: str) -> int:
    """Hand back replies a crash left in `sending`: Synapse deduplicates their txn ids, so a resend is safe."""
    async with engine.begin() as conn:
        done = await conn.execute(update(OUTBOX).where((OUTBOX.c.channel == channel) & (OUTBOX.c.status == "sending"))
                                  .values(status="pending"))
    return done.rowcount


class RoomBook:
    """The joined DM rooms in memory, written through to the bot database."""

    def __init__(self, engine: AsyncEngine):
        self._engine = engine
        self.rooms: dict[str, Room] = {}
        self._reply_room: dict[str, str] = {}

    async def load(self) -> None:
        self.rooms = await joined_rooms(self._engine)
        for room in sorted(self.rooms.values(), key=lambda r: r.active_ts):
            self._reply_room[room.user_id] = room.room_id

    def reply_room(self, user_id: str) -> str | None:
        """The room `user_id` wrote in last (or, before that, the newest DM with them)."""
        return self._reply_room.get(user_id)

    async def joined(self, room_id: str, user_id: str, since_ts: int | None = None) -> Room:
        if room_id in self.rooms:  # an invite read again after a restart: keep what is known
            return self.rooms[room_id]
        room = Room(room_id, user_id, since_ts)
        self.rooms[room_id] = room
        self._reply_room.setdefault(user_id, room_id)
        await save_room(self._engine, room)
        return room

    async def started(self, room: Room, ts: int) -> None:
        room.since_ts = ts
        await save_room(self._engine, room)

    async def active(self, room: Room, user_id: str, ts: int) -> None:
        """`user_id` wrote in `room`: replies go there (stored only when it changes)."""
        if self._reply_room.get(user_id) != room.room_id:
            self._reply_room[user_id] = room.room_id
            room.active_ts = ts
            await save_room(self._engine, room)

    async def left(self, room_id: str) -> None:
        room = self.rooms.pop(room_id, None)
        if room is None:
            return
        if self._reply_room.get(room.user_id) == room_id:
            del self._reply_room[room.user_id]
            others = [r for r in self.rooms.values() if r.user_id == room.user_id]
            if others:
                self._reply_room[room.user_id] = max(others, key=lambda r: r.active_ts).room_id
        await save_room(self._engine, room, status="left")
