"""Bot-database tables of the Matrix adapter: its DM rooms, DMs it opens, and the sync token it has finished with."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from integrations.db.bot_schema import TIMESTAMP, BotBase, utcnow


class MatrixRoomRow(BotBase):
    """A DM room the bot joined; replies to `user_id` go to their most recently active joined room."""

    __tablename__ = "matrix_rooms"

    room_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    since_ts: Mapped[int | None] = mapped_column(BigInteger)  # events older than this are history
    active_ts: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(8), default="joined")
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class MatrixSyncRow(BotBase):
    """The `next_batch` whose events are all in the inbox, per bot account."""

    __tablename__ = "matrix_sync"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    next_batch: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class MatrixDmRow(BotBase):
    """A DM the bot opens itself (a broadcast to someone who never wrote): the intent is stored before
    `createRoom`, the room id after it; a `creating` row found after a crash is looked up, not re-created."""

    __tablename__ = "matrix_dms"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    status: Mapped[str] = mapped_column(String(8))  # creating | created
    room_id: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
