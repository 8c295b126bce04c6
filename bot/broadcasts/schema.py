"""Bot-database tables of broadcasts: the broadcast, and its outbox (one row per recipient x channel)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from integrations.db.bot_schema import TIMESTAMP, BotBase, utcnow


class BroadcastRow(BotBase):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    text_de: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # info | mandatory
    target: Mapped[dict] = mapped_column(JSON, default=dict)  # bot.broadcasts.targeting.Target
    status: Mapped[str] = mapped_column(String(20), index=True)  # bot.broadcasts.lifecycle
    created_by: Mapped[str] = mapped_column(String(16))  # personnel numbers
    approved_by: Mapped[str | None] = mapped_column(String(16))
    send_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    approved_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    started_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    finished_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class BroadcastOutboxRow(BotBase):
    """pending -> sending -> sent | failed; cancelled; unreachable and opted_out are recorded for the stats.

    A temporary failure puts the row back to `pending` with `next_attempt_at` (exponential backoff);
    a permanent one (or too many attempts) is `failed` with the reason in `error`.
    """

    __tablename__ = "broadcast_outbox"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "personnel_number", "channel", name="uq_broadcast_recipient"),
        Index("ix_broadcast_outbox_work", "status", "broadcast_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(Integer)
    personnel_number: Mapped[str] = mapped_column(String(16))
    org_unit: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))  # "-" when unreachable or opted out
    recipient: Mapped[str] = mapped_column(String(255), default="")
    language: Mapped[str] = mapped_column(String(2), default="de")
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(400))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    sent_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)  # not claimed before (retries)
    event_id: Mapped[str | None] = mapped_column(String(255), index=True)  # the channel's message id (receipts)
    read_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)  # where the channel reports reading
