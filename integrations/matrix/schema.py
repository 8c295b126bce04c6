"""Bot-database tables of the Matrix adapter: its DM rooms and the sync token it has finished with."""
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
