"""Bot-database tables of the dialogue: side effects to run, reminders to send, per-employee preferences."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from integrations.db.bot_schema import TIMESTAMP, BotBase, utcnow


class EffectRow(BotBase):
    """An event an action returned (ticket, submission, mail, export …), stored with its turn, run after it.

    `key` is the idempotency key (message + position): the same turn replayed never runs twice.
    """

    __tablename__ = "effects"
    __table_args__ = (Index("ix_effects_due", "status", "next_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True)
    personnel_number: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending | running | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    error: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class ReminderRow(BotBase):
    """One reminder, unique by `key`: rows are written when sent (or scheduled on request), so never twice."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "status", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    personnel_number: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    due: Mapped[dt.date] = mapped_column(Date)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="scheduled")  # scheduled | sent | skipped
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class PreferenceRow(BotBase):
    """An employee's switch (reminders, announcements); no row means the default (on)."""

    __tablename__ = "preferences"

    personnel_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
