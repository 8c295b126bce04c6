"""Unrecognized questions: low-confidence incoming messages not yet reviewed; assign or dismiss them.

Only the text, the time and the engine's guess are read, never who asked. When the retention
settings keep no texts (`MOBI_STORE_MESSAGE_TEXTS=false`) the text is None and cannot be assigned.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin import audit
from bot.admin.analytics import FALLBACK_INTENTS
from bot.admin.schema import NluReviewRow
from integrations.db.bot_schema import MessageLogRow, utcnow

LOG, REVIEWS = MessageLogRow.__table__, NluReviewRow.__table__


class ReviewError(ValueError):
    """The message cannot be reviewed (gone, already done, no text); the message says what to do."""


@dataclass(frozen=True)
class Question:
    id: int
    at: dt.datetime
    text: str | None
    guess: str | None
    confidence: float | None


def _open(threshold: float):
    unsure = or_(LOG.c.confidence < threshold, LOG.c.intent.in_(FALLBACK_INTENTS), LOG.c.intent.is_(None))
    reviewed = select(REVIEWS.c.message_id).where(REVIEWS.c.message_id == LOG.c.id).exists()
    return (LOG.c.direction == "in") & unsure & ~reviewed


async def pending(conn: AsyncConnection, threshold: float, limit: int = 50) -> tuple[list[Question], int]:
    """The newest open questions (at most `limit`) and how many there are in all."""
    where = _open(threshold)
    total = await conn.scalar(select(func.count()).select_from(LOG).where(where)) or 0
    rows = await conn.execute(select(LOG.c.id, LOG.c.created_at, LOG.c.text, LOG.c.intent, LOG.c.confidence)
                              .where(where).order_by(LOG.c.id.desc()).limit(limit))
    return [Question(*row) for row in rows], total


async def _question(conn: AsyncConnection, message_id: int, threshold: float) -> Question:
    row = (await conn.execute(select(LOG.c.id, LOG.c.created_at, LOG.c.text, LOG.c.intent, LOG.c.confidence)
                              .where((LOG.c.id == message_id) & _open(threshold)))).first()
    if row is None:
        raise ReviewError("Diese Frage ist schon bearbeitet oder nicht mehr gespeichert. Die Liste wurde neu geladen.")
    return Question(*row)


async def assign(conn: AsyncConnection, message_id: int, intent: str, threshold: float, *, reviewer: str) -> str:
    """Mark the message as an example of `intent`; returns its text (the caller appends it to the data)."""
    question = await _question(conn, message_id, threshold)
    if not question.text:
        raise ReviewError("Der Text dieser Frage wird nicht gespeichert (Aufbewahrungs-Einstellung); "
                          "sie kann nur verworfen werden.")
    await conn.execute(REVIEWS.insert().values(message_id=message_id, intent=intent, reviewer=reviewer, at=utcnow()))
    await audit.record(conn, reviewer, "nlu.assign", f"message {message_id}", {"intent": intent})
    return question.text


async def dismiss(conn: AsyncConnection, message_id: int, threshold: float, *, reviewer: str) -> None:
    await _question(conn, message_id, threshold)
    await conn.execute(REVIEWS.insert().values(message_id=message_id, intent=None, reviewer=reviewer, at=utcnow()))
    await audit.record(conn, reviewer, "nlu.dismiss", f"message {message_id}", {})
