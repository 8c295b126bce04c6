"""Deliver broadcast outbox rows through the channels, paced per channel, crash-safe.

Theory of operation: a sender claims a batch (`pending`, or `sending` rows older than the stale
limit, left by a crashed sender) with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers
share the work; it marks them `sending` in the same transaction. Each row is sent with the
deterministic transaction id `bc-<broadcast>-<personnel number>` (Synapse deduplicates a resend
with the same txn id from the same device) and then marked `sent` or `failed`. A crash between the
send and the mark means one resend after the stale limit: deduplicated on Matrix, at most one
duplicate on Telegram. Rows recorded `sent` are never sent again.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

import structlog
import yaml
from sqlalchemy import select, update

from bot.broadcasts import lifecycle as lc
from bot.broadcasts.schema import BroadcastOutboxRow, BroadcastRow
from bot.broadcasts.service import due, finish_if_complete, start
from bot.channel import Channel
from bot.messages import OutgoingMessage
from integrations.db.bot_schema import utcnow
from integrations.db.engines import Databases, is_postgres

BC, BOX = BroadcastRow.__table__, BroadcastOutboxRow.__table__
TEXTS = Path(__file__).parent / "texts"
log = structlog.get_logger()


@lru_cache(maxsize=None)
def _texts(language: str) -> dict:
    with open(TEXTS / f"{language}.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["broadcast"]


def txn_id(broadcast_id: int, personnel_number: str) -> str:
    return f"bc-{broadcast_id}-{personnel_number}"


def compose(title: str, text_de: str, text_en: str | None, kind: str, language: str) -> tuple[str, str]:
    """The message in the recipient's language (English only when an English text exists)."""
    language = "en" if language == "en" and text_en else "de"
    texts = _texts(language)
    body = text_en if language == "en" else text_de
    footer = texts["footer_mandatory" if kind == "mandatory" else "footer_info"]
    return f"{texts['heading'].format(title=title)}\n\n{body.strip()}\n\n{footer}", language


class Pacer:
    """At most `rate` sends per second (evenly spaced)."""

    def __init__(self, rate: float):
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        if self._next > now:
            await asyncio.sleep(self._next - now)
        self._next = max(now, self._next) + self._interval


async def _default_send(channel: Channel, message: OutgoingMessage) -> tuple[str, str | None]:
    from bot.pipeline import send_with_retries  # waits out RateLimited, backs off on errors

    return await send_with_retries(channel, message)


class Sender:
    def __init__(self, dbs: Databases, channels: Mapping[str, Channel], *, rates: Mapping[str, float] | None = None,
                 batch: int = 200, stale: dt.timedelta = dt.timedelta(seconds=120), send=_default_send):
        self._dbs, self._channels, self._batch, self._stale = dbs, channels, batch, stale
        self._pacers = {name: Pacer((rates or {}).get(name, 0)) for name in channels}
        self._send = send

    async def start_due(self, now: dt.datetime | None = None) -> list[int]:
        started = []
        for broadcast_id in await due(self._dbs.bot, now or utcnow()):
            if await start(self._dbs, broadcast_id, now):
                log.info("broadcast_started", broadcast=broadcast_id)
                started.append(broadcast_id)
        return started

    async def claim(self, broadcast_id: int | None = None) -> list:
        """Mark a batch `sending` and return it (the rows as they are now)."""
        bot = self._dbs.bot
        stale_before = utcnow() - self._stale
        where = ((BOX.c.status == "pending") | ((BOX.c.status == "sending") & (BOX.c.claimed_at < stale_before)))
        where &= BOX.c.channel.in_(list(self._channels)) & BOX.c.broadcast_id.in_(
            select(BC.c.id).where(BC.c.status == lc.SENDING))
        if broadcast_id is not None:
            where &= BOX.c.broadcast_id == broadcast_id
        ids = select(BOX.c.id).where(where).order_by(BOX.c.id).limit(self._batch)
        mark = update(BOX).values(status="sending", claimed_at=utcnow(), attempts=BOX.c.attempts + 1)
        async with bot.begin() as conn:
            if is_postgres(bot):  # lock the batch; other workers skip it (an IN-subquery may be re-run: two steps)
                claimed = list((await conn.scalars(ids.with_for_update(skip_locked=True))).all())
                mark = mark.where(BOX.c.id.in_(claimed))
            else:  # one statement, so it takes SQLite's write lock before reading
                mark = mark.where(BOX.c.id.in_(ids.scalar_subquery()) & where)
            rows = sorted((await conn.execute(mark.returning(*BOX.c))).all(), key=lambda r: r.id)
        return rows

    async def run_once(self, broadcast_id: int | None = None, progress: Callable[[int], None] | None = None) -> int:
        """Claim and deliver one batch; returns how many rows were handled."""
        rows = await self.claim(broadcast_id)
        if not rows:
            return 0
        contents = await self._contents({r.broadcast_id for r in rows})
        by_channel: dict[str, list] = {}
        for r in rows:
            by_channel.setdefault(r.channel, []).append(r)

        async def deliver(name: str, batch: list) -> None:
            channel, pacer = self._channels[name], self._pacers[name]
            for r in batch:
                bc = contents[r.broadcast_id]
                if bc.status != lc.SENDING:
                    await self._mark(r.id, "cancelled", None)
                    continue
                text, language = compose(bc.title, bc.text_de, bc.text_en, bc.kind, r.language)
                await pacer.wait()
                status, error = await self._send(channel, OutgoingMessage(
                    name, r.recipient, text, (), language, txn_id=txn_id(r.broadcast_id, r.personnel_number)))
                await self._mark(r.id, status, error)
                if progress:
                    progress(1)

        await asyncio.gather(*(deliver(name, batch) for name, batch in by_channel.items()))
        for broadcast_id_ in {r.broadcast_id for r in rows}:
            if await finish_if_complete(self._dbs.bot, broadcast_id_):
                log.info("broadcast_done", broadcast=broadcast_id_)
        return len(rows)

    async def drain(self, broadcast_id: int | None = None, progress: Callable[[int], None] | None = None) -> int:
        total = 0
        while handled := await self.run_once(broadcast_id, progress):
            total += handled
        for open_id in [broadcast_id] if broadcast_id is not None else await self._sending():
            await finish_if_complete(self._dbs.bot, open_id)  # also those with nobody to reach
        return total

    async def _sending(self) -> list[int]:
        async with self._dbs.bot.connect() as conn:
            return list((await conn.scalars(select(BC.c.id).where(BC.c.status == lc.SENDING))).all())

    async def _contents(self, ids: set[int]) -> dict:
        async with self._dbs.bot.connect() as conn:
            return {r.id: r for r in (await conn.execute(select(BC).where(BC.c.id.in_(ids)))).all()}

    async def _mark(self, row_id: int, status: str, error: str | None) -> None:
        async with self._dbs.bot.begin() as conn:
            await conn.execute(update(BOX).where((BOX.c.id == row_id) & (BOX.c.status == "sending")).values(
                status=status, error=error, sent_at=utcnow() if status == "sent" else None))


async def run_forever(dbs: Databases, channels: Mapping[str, Channel], settings) -> None:
    """The loop of `mobi serve`: start due broadcasts, deliver until idle, sleep, repeat."""
    sender = Sender(dbs, channels, rates=settings.broadcast_rates(), batch=settings.broadcast_batch,
                    stale=dt.timedelta(seconds=settings.broadcast_stale_seconds))
    while True:
        try:
            await sender.start_due()
            await sender.drain()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the next round tries again
            log.warning("broadcast_round_failed", error=type(exc).__name__)
        await asyncio.sleep(settings.broadcast_poll_seconds)
