"""Open a DM with an employee who never wrote to the bot: at most one room per person, also across crashes.

Theory of operation: the intent (`matrix_dms`, status `creating`) is stored before `createRoom`, the room
id (`created`, then a `matrix_rooms` row) right after. A `creating` row found later means a crash (or
another worker) in between, so the room may exist: the bot's joined rooms that no record knows are
checked for that person's membership before another room is created. An account the homeserver does
not know gets no room (Synapse would invite it all the same): its profile is asked for first. A fresh
`creating` row of someone else is left alone (a temporary error: the sender retries later). The bot's `m.direct` account data lists
the rooms so its own clients show them as DMs; it is rewritten at most every few seconds (a map of 15,000
people is big), merged at first with what the server has and what the records say.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import structlog
from nio import AsyncClient, MatrixRoom, RoomPreset
from nio.api import Api
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import ChannelError, RateLimited
from bot.store import insert_ignore
from integrations.db.bot_schema import utcnow
from integrations.matrix.calls import Refused, Unreachable, account_exists, call
from integrations.matrix.rooms import ROOMS, RoomBook
from integrations.matrix.schema import MatrixDmRow

DMS = MatrixDmRow.__table__
DIRECT_FLUSH_SECONDS = 5.0
log = structlog.get_logger()


class DmBusy(Unreachable):
    """Another worker is opening this DM right now: try again later."""


class DmOpener:
    def __init__(self, client: AsyncClient, engine: AsyncEngine, book: RoomBook,
                 stale: dt.timedelta = dt.timedelta(seconds=60)):
        self._client, self._engine, self._book, self._stale = client, engine, book, stale
        self._direct: dict[str, list[str]] | None = None  # the m.direct map, once loaded
        self._dirty, self._flushed = False, 0.0
        self._opening: dict[str, asyncio.Lock] = {}  # one opening per person in this process

    async def open(self, user_id: str) -> str:
        """The room id of a DM with `user_id`, created (and the person invited) if there is none."""
        async with self._opening.setdefault(user_id, asyncio.Lock()):
            try:
                return self._book.reply_room(user_id) or await self._open(user_id)
            finally:
                self._opening.pop(user_id, None)

    async def _open(self, user_id: str) -> str:
        room_id, crashed = await self._claim(user_id)
        if room_id is None and crashed:
            room_id = await self._find(user_id)
        if room_id is None:
            await self._check_account(user_id)
            created = await call(self._client.room_create(is_direct=True, invite=[user_id],
                                                          preset=RoomPreset.trusted_private_chat))
            room_id = created.room_id
            log.info("matrix_dm_created", room=room_id)
        await self._record(user_id, room_id)
        return room_id

    async def _check_account(self, user_id: str) -> None:
        """Refused (permanent) if the homeserver has no such account: Synapse answers 404 for its profile."""
        if not await account_exists(self._client, user_id):
            raise Refused("M_NOT_FOUND: no such Matrix account")

    async def _claim(self, user_id: str) -> tuple[str | None, bool]:
        """(known room id, whether an earlier attempt may have created one) after storing the intent."""
        now = utcnow()
        async with self._engine.begin() as conn:
            new = await conn.execute(insert_ignore(conn, DMS).values(user_id=user_id, status="creating",
                                                                     updated_at=now))
            if new.rowcount == 1:
                return None, False
            row = (await conn.execute(select(DMS).where(DMS.c.user_id == user_id))).first()
            if row.room_id:
                if await conn.scalar(select(ROOMS.c.status).where(ROOMS.c.room_id == row.room_id)) == "left":
                    raise Refused("M_FORBIDDEN: the DM mobi opened was declined or left")
                return row.room_id, False
            taken = await conn.execute(update(DMS).where((DMS.c.user_id == user_id) & (DMS.c.room_id.is_(None))
                                                         & (DMS.c.updated_at <= now - self._stale))
                                       .values(updated_at=now))
        if taken.rowcount != 1:
            raise DmBusy("another worker is opening this DM")
        return None, True

    async def _find(self, user_id: str) -> str | None:
        """A room the bot joined but never recorded in which `user_id` is invited or joined."""
        joined = (await call(self._client.joined_rooms())).rooms
        async with self._engine.connect() as conn:
            known = set((await conn.scalars(select(ROOMS.c.room_id))).all())
            known |= set((await conn.scalars(select(DMS.c.room_id).where(DMS.c.room_id.is_not(None)))).all())
        for room_id in (r for r in joined if r not in known):
            try:
                member = await call(self._client.room_get_state_event(room_id, "m.room.member", user_id))
            except (Unreachable, RateLimited):
                raise
            except ChannelError:  # not a member of that room
                continue
            if member.content.get("membership") in ("invite", "join"):
                log.info("matrix_dm_found_after_crash", room=room_id)
                return room_id
        return None

    async def _record(self, user_id: str, room_id: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(update(DMS).where(DMS.c.user_id == user_id)
                               .values(status="created", room_id=room_id, updated_at=utcnow()))
        if room_id not in self._client.rooms:  # nio sends only to rooms it knows (the sync learns it later)
            self._client.rooms[room_id] = MatrixRoom(room_id, self._client.user_id)
        await self._book.joined(room_id, user_id, since_ts=int(time.time() * 1000))
        if self._direct is not None and room_id not in self._direct.setdefault(user_id, []):
            self._direct[user_id].append(room_id)
        self._dirty = True
        if time.monotonic() - self._flushed >= DIRECT_FLUSH_SECONDS:
            await self.flush()

    async def flush(self) -> None:
        """Write the bot's `m.direct` account data if DMs were opened since the last write."""
        if not self._dirty:
            return
        self._flushed, self._dirty = time.monotonic(), False
        try:
            if self._direct is None:
                self._direct = await self._initial_direct()
            path = Api._build_path(["user", self._client.user_id, "account_data", "m.direct"],
                                   {"access_token": self._client.access_token})
            resp = await self._client.send("PUT", path, json.dumps(self._direct),
                                           headers={"Content-Type": "application/json"})
            if resp.status != 200:
                raise ChannelError(f"m.direct: HTTP {resp.status}")
        except Exception as exc:  # cosmetic for the bot's own clients: tried again with the next DM
            self._dirty = True
            log.warning("matrix_direct_update_failed", error=f"{type(exc).__name__}"[:100])

    async def _initial_direct(self) -> dict[str, list[str]]:
        listed = await self._client.list_direct_rooms()
        direct = {u: list(rooms) for u, rooms in getattr(listed, "rooms", {}).items()}
        async with self._engine.connect() as conn:
            for row in (await conn.execute(select(DMS.c.user_id, DMS.c.room_id)
                                           .where(DMS.c.room_id.is_not(None)))).all():
                if row.room_id not in direct.setdefault(row.user_id, []):
                    direct[row.user_id].append(row.room_id)
        return direct
