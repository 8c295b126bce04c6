"""Bot-database tables of help-desk cases: the case (its number is the row id, from a sequence) and its messages."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from integrations.db.bot_schema import TIMESTAMP, BotBase, utcnow


class CaseRow(BotBase):
    """One hand-off to a person; `id` is the number agents and employees see (#42)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # MOBI-…, makes opening idempotent
    conversation_id: Mapped[int] = mapped_column(Integer, index=True)
    personnel_number: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16))  # bot.escalation.lifecycle
    route: Mapped[str] = mapped_column(String(16))  # matrix | email
    reason: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str | None] = mapped_column(Text)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(2), default="de")
    agent: Mapped[str | None] = mapped_column(String(255))  # Matrix id of the agent who claimed it
    agent_name: Mapped[str | None] = mapped_column(String(255))
    announcements: Mapped[int] = mapped_column(Integer, default=0)
    announced_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    closed_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class CaseMessageRow(BotBase):
    """A message of a case (employee, agent, note); `key` (effect key or Matrix event id) keeps each once."""

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    direction: Mapped[str] = mapped_column(String(16))  # employee | agent | note | command
    author: Mapped[str] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
