"""Bot-database tables of the Telegram adapter: links under way, linking attempts, handled updates."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from integrations.db.bot_schema import TIMESTAMP, BotBase, utcnow


class TelegramLinkRow(BotBase):
    """A link under way, one per Telegram user; the code and the address are kept only as HMACs."""

    __tablename__ = "telegram_links"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    stage: Mapped[str] = mapped_column(String(12))
    email_hash: Mapped[str | None] = mapped_column(String(64))
    personnel_number: Mapped[str | None] = mapped_column(String(16))  # None: the address is unknown
    code_hash: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    updated_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class TelegramAttemptRow(BotBase):
    """One code requested or tried; counted per user and per address over the last hour, then purged."""

    __tablename__ = "telegram_link_attempts"
    __table_args__ = (
        Index("ix_telegram_attempts_user", "user_id", "kind", "at"),
        Index("ix_telegram_attempts_email", "email_hash", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # request | guess
    user_id: Mapped[int] = mapped_column(BigInteger)
    email_hash: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class TelegramUpdateRow(BotBase):
    """Every update handled, with what it did, so Telegram's retries of the same update are dropped."""

    __tablename__ = "telegram_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    effect: Mapped[str] = mapped_column(String(12))  # inbox | duplicate | linking | command | ignored
    handled_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow, index=True)
