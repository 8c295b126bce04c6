"""Bot database (ours): identities, conversations, inbox, outbox, message log."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

TIMESTAMP = DateTime(timezone=True)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class BotBase(DeclarativeBase):
    pass


class ChannelIdentityRow(BotBase):
    """A verified link between a messenger account and an employee."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_identity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(255))
    personnel_number: Mapped[str] = mapped_column(String(16), index=True)
    verified_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class ConversationRow(BotBase):
    """One conversation per (channel, sender); its dialogue state survives restarts."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_conversation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(255))
    personnel_number: Mapped[str | None] = mapped_column(String(16), index=True)
    language: Mapped[str] = mapped_column(String(2), default="de")
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class InboxRow(BotBase):
    """Every incoming event once (unique per channel); handled strictly in id order per conversation."""

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "event_id", name="uq_inbox_event"),
        Index("ix_inbox_pending", "conversation_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    text: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP)
    received_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    handled_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class OutboxRow(BotBase):
    """A reply waiting to be delivered; written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "status", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(255))
    txn_id: Mapped[str] = mapped_column(String(255), unique=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class MessageLogRow(BotBase):
    """What was said, for analytics and the employee's own export; purged after the retention period."""

    __tablename__ = "message_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    text: Mapped[str | None] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None]
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow, index=True)
