"""Deliver broadcast outbox rows through the channels, paced per channel, crash-safe.

Theory of operation: a sender claims a batch (`pending`, or `sending` rows older than the stale
limit, left by a crashed sender) with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers
share the work; it marks them `sending` in the same transaction. Each row is sent with the
deterministic transaction id `bc-<broadcast>-<personnel number>` (Synapse deduplicates a resend
with the same txn id from the same device) and then marked `sent` or `failed`. A crash between the
send and the mark means one resend after the stale limit: deduplicated on Matrix, at most one
duplicate on Telegram. Rows recorded `sent` are never sent again.

Sends overlap only where `in_flight` says so (Matrix: the homeserver drops a resent txn id); elsewhere
they go one at a time, so a crash leaves at most one message sent but not recorded. A channel that can
open a conversation itself (`RoomOpener`: Matrix) gets one first for a recipient without one, paced at
its own rate. A 429 is waited out in place; other failures go through
`retry.RetryPolicy`: the row returns to `pending` with `next_attempt_at` (claimed again only then, in a
later round) or is `failed` with the reason. `cancel` turns every `pending` row, waiting retries included,
into `cancelled`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Protocol, runtime_checkable

import structlog
import yaml
from sqlalchemy import select, update

from bot.broadcasts import lifecycle as lc
from bot.broadcasts.retry import RetryPolicy
from bot.broadcasts.schema import BroadcastOutboxRow, BroadcastRow
from bot.broadcasts.service import due, finish_if_complete, start
from bot.channel import Channel
from bot.errors import RateLimited
from bot.messages import OutgoingMessage
from integrations.db.bot_schema import utcnow
from integrations.db.engines import Databases, is_postgres

BC, BOX = BroadcastRow.__table__, BroadcastOutboxRow.__table__
TEXTS = Path(__file__).parent / "texts"
STATUS_CHECK_SECONDS = 1.0  # how stale the broadcast's status may be while a batch goes out
MAX_INLINE_WAIT = 300.0  # seconds of 429 waits per row before it goes back to the queue
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


@runtime_checkable
class RoomOpener(Protocol):
    """A channel that can start a conversation nobody started yet (Matrix: create the DM, invite)."""

    def has_room(self, recipient: str) -> bool: ...

    async def open_room(self, recipient: str) -> str: ...


async def _default_send(channel: Channel, message: OutgoingMessage) -> str | None:
    """Send once; returns the channel's message id if it tells one (Matrix: the event id)."""
    return await channel.send(message)


class Sender:
    def __init__(self, dbs: Databases, channels: Mapping[str, Channel], *, rates: Mapping[str, float] | None = None,
                 room_rates: Mapping[str, float] | None = None, batch: int = 200,
                 in_flight: Mapping[str, int] | None = None,
                 stale: dt.timedelta = dt.timedelta(seconds=120), policy: RetryPolicy = RetryPolicy(),
                 send=_default_send):
        self._dbs, self._channels, self._batch, self._stale = dbs, channels, batch, stale
        self._pacers = {name: Pacer((rates or {}).get(name, 0)) for name in channels}
        self._room_pacers = {name: Pacer((room_rates or {}).get(name, 0)) for name in channels}
        self._in_flight = {name: max((in_flight or {}).get(name, 1), 1) for name in channels}
        self._policy, self._send = policy, send
        self._checked: dict[int, tuple[float, str | None]] = {}  # broadcast -> (when read, status)

    @classmethod
    def from_settings(cls, dbs: Databases, channels: Mapping[str, Channel], settings) -> "Sender":
        return cls(dbs, channels, rates=settings.broadcast_rates(), batch=settings.broadcast_batch,
                   room_rates={"matrix": settings.broadcast_matrix_room_rate},
                   in_flight={"matrix": settings.broadcast_in_flight_matrix},
                   stale=dt.timedelta(seconds=settings.broadcast_stale_seconds),
                   policy=RetryPolicy(settings.broadcast_retry_seconds, max_attempts=settings.broadcast_max_attempts))

    async def start_due(self, now: dt.datetime | None = None) -> list[int]:
        started = []
        for broadcast_id in await due(self._dbs.bot, now or utcnow()):
            if await start(self._dbs, broadcast_id, now):
                log.info("broadcast_started", broadcast=broadcast_id)
                started.append(broadcast_id)
        return started

    async def claim(self, broadcast_id: int | None = None) -> list:
        """Mark a batch `sending` and return it (the rows as they are now)."""
        bot, now = self._dbs.bot, utcnow()
        due_ = BOX.c.next_attempt_at.is_(None) | (BOX.c.next_attempt_at <= now)
        where = (((BOX.c.status == "pending") & due_)
                 | ((BOX.c.status == "sending") & (BOX.c.claimed_at < now - self._stale)))
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
            flight = asyncio.Semaphore(self._in_flight[name])

            async def one(r) -> None:
                async with flight:
                    await self._deliver(name, r, contents[r.broadcast_id])
                if progress:
                    progress(1)

            await asyncio.gather(*(one(r) for r in batch))

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

    async def _deliver(self, name: str, r, bc) -> None:
        if not await self._still_sending(bc.id):  # a cancel stops a claimed batch too, within a second
            await self._mark(r.id, "cancelled", None)
            return
        channel = self._channels[name]
        text, language = compose(bc.title, bc.text_de, bc.text_en, bc.kind, r.language)
        message = OutgoingMessage(name, r.recipient, text, (), language,
                                  txn_id=txn_id(r.broadcast_id, r.personnel_number))
        try:
            event_id = await self._waiting_out_limits(lambda: self._open_and_send(name, channel, message))
        except Exception as exc:  # logged without the text or the address; the policy decides what follows
            status, error, next_at = self._policy.after(exc, r.attempts, utcnow())
            log.warning("broadcast_send_failed", channel=name, error=type(exc).__name__, retry=status == "pending")
            await self._mark(r.id, status, error, next_attempt_at=next_at)
            return
        await self._mark(r.id, "sent", None, event_id=event_id if isinstance(event_id, str) else None)

    async def _open_and_send(self, name: str, channel: Channel, message: OutgoingMessage):
        if isinstance(channel, RoomOpener) and not channel.has_room(message.recipient):
            await self._room_pacers[name].wait()
            await channel.open_room(message.recipient)
        await self._pacers[name].wait()
        return await self._send(channel, message)

    @staticmethod
    async def _waiting_out_limits(attempt):
        """A 429 is honoured in place (it costs no attempt) up to `MAX_INLINE_WAIT`; then it counts as a failure."""
        waited = 0.0
        while True:
            try:
                return await attempt()
            except RateLimited as exc:
                if waited + exc.retry_after > MAX_INLINE_WAIT:
                    raise
                waited += exc.retry_after
                await asyncio.sleep(exc.retry_after)

    async def _still_sending(self, broadcast_id: int) -> bool:
        checked, status = self._checked.get(broadcast_id, (0.0, None))
        if time.monotonic() - checked > STATUS_CHECK_SECONDS:
            async with self._dbs.bot.connect() as conn:
                status = await conn.scalar(select(BC.c.status).where(BC.c.id == broadcast_id))
            self._checked[broadcast_id] = (time.monotonic(), status)
        return status == lc.SENDING

    async def _mark(self, row_id: int, status: str, error: str | None, **values) -> None:
        async with self._dbs.bot.begin() as conn:
            await conn.execute(update(BOX).where((BOX.c.id == row_id) & (BOX.c.status == "sending")).values(
                status=status, error=error, sent_at=utcnow() if status == "sent" else None, **values))


async def run_forever(dbs: Databases, channels: Mapping[str, Channel], settings) -> None:
    """The loop of `mobi serve`: start due broadcasts, deliver until idle, sleep, repeat."""
    sender = Sender.from_settings(dbs, channels, settings)
    while True:
        try:
            await sender.start_due()
            await sender.drain()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the next round tries again
            log.warning("broadcast_round_failed", error=type(exc).__name__)
        await asyncio.sleep(settings.broadcast_poll_seconds)
