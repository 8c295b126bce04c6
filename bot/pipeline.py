"""The message pipeline: inbox -> identity -> NLU -> dialogue -> outbox -> channel, nothing lost.

Theory of operation: `submit` stores an incoming event in the inbox (unique per channel and
event id, so duplicates are dropped) and returns; a drain task per conversation then handles the
inbox rows in id order. Each handled message is one transaction on the bot database that marks
the row done and writes its replies to the outbox, under a per-conversation lock (an advisory
lock on PostgreSQL, so several processes can share conversations). The worker delivers the
replies right after the commit; a crash in between is repaired by `recover`, which hands stale
replies back for delivery (Matrix deduplicates them by their deterministic transaction id).
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from actions.base import Repos
from bot import store, store_pg
from bot.batch import Batcher
from bot.channel import Channel
from bot.coalesce import coalesced
from bot.dialogue import Dialogue
from bot.directory_cache import CachedDirectory
from bot.group import Grouped
from bot.interpreter import Interpreter
from bot.locks import KeyedLock
from bot.messages import IncomingMessage, OutgoingMessage
from bot.settle import Settler, writer
from bot.turn import Policy, TurnResult, error_turn, run_turn
from integrations.db.engines import driver
from nlu.result import ParseResult

log = structlog.get_logger()
MAX_INTAKE = 256  # incoming messages stored with one statement


@dataclass(frozen=True)
class PipelineOptions:
    store_texts: bool = True
    helpdesk: str = ""
    today: Callable[[], dt.date] = dt.date.today
    retention_days: int = 90  # quoted by the privacy answers
    policies: Mapping[str, Policy] = field(default_factory=dict)  # per channel, checked before the dialogue
    directory_ttl: float = 10.0  # seconds a looked-up employee is reused for further messages (0: always read)


class Pipeline:
    def __init__(self, engine: AsyncEngine, repos: Repos, interpreter: Interpreter, dialogue: Dialogue,
                 channels: dict[str, Channel], options: PipelineOptions = PipelineOptions()):
        self.engine = engine
        self.interpreter = interpreter
        self.dialogue = dialogue
        self.channels = channels
        self.options = options
        self._locks = KeyedLock()
        self._serial = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        self._batcher = Batcher(self) if engine.dialect.name == "postgresql" else None
        # a batch's turns read their senders, agreements and devices in one query each
        self.repos = coalesced(repos) if self._batcher is not None else repos
        self.employees = CachedDirectory(self.repos.directory, options.directory_ttl)  # the sender of each turn
        self._conversations: dict[tuple[str, str], int] = {}
        # the inbox insert, on PostgreSQL grouped with the messages arriving meanwhile
        self._store = Grouped(self._store_group, MAX_INTAKE) if self._batcher is not None else self._store_one
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        # delivery marks in batches, each UPDATE standing alone (no BEGIN/COMMIT round trips around it)
        self._settler = Settler(writer(self._autocommit, self._transaction, keep_text=options.store_texts))
        self._tasks: set[asyncio.Task] = set()
        self.failed_drains = 0
        self.effects = None  # a `bot.effects.EffectRunner` once the runtime wires one: runs turns' side effects

    def add_policy(self, channel: str, policy: Policy) -> None:
        """Check every understood turn on `channel` with `policy` before the dialogue (`bot.turn.checked`)."""
        self.options = replace(self.options, policies={**self.options.policies, channel: policy})

    async def submit(self, msg: IncomingMessage) -> bool:
        """Store the message durably and schedule its handling; False for a duplicate."""
        conv, new = await self._enqueue(msg)
        if new:
            task = asyncio.create_task(self.drain(conv))
            self._tasks.add(task)
            task.add_done_callback(self._drain_done)
        return new

    async def handle(self, msg: IncomingMessage) -> list[ParseResult | None]:
        """Like `submit`, but returns after the replies were handed to the channel, with what was understood."""
        conv, _ = await self._enqueue(msg)
        return await self.drain(conv)

    async def join(self) -> None:
        """Wait until every scheduled drain has finished and its deliveries are recorded."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await self._settler.flush()

    async def recover(self, stale_after: float = 60.0) -> int:
        """Finish what a crash left: pending messages and undelivered replies. Returns conversations touched."""
        stale = store.utcnow() - dt.timedelta(seconds=stale_after)
        if self.effects is not None:  # due retries; messages they queue are found below as pending
            await self.effects.run()
        async with self.engine.connect() as conn:
            async with self._transaction(conn):
                conversations = await store.conversations_with_work(conn, stale)
        for conv in conversations:
            await self.drain(conv, resend=True)
        return len(conversations)

    async def drain(self, conv: int, resend: bool = False) -> list[ParseResult | None]:
        """Handle the conversation's pending messages in order; returns their parse results."""
        parses: list[ParseResult | None] = []
        async with self._locks(conv):
            if resend:
                await self._resend(conv)
            more = True
            while more:
                result, more = await self._step(conv)
                if result is None:
                    break
                parses.append(result.parse)
                await self._deliver(result.replies)
                if result.effects and self.effects is not None and await self.effects.run(conv):
                    await self._resend(conv)  # an effect queued a message here (e.g. an export)
        return parses

    async def _step(self, conv: int) -> tuple[TurnResult | None, bool]:
        """The conversation's next message handled and stored: (result or None, whether more wait)."""
        if self._batcher is not None:  # PostgreSQL: in a batch with other conversations' next messages
            return await self._batcher.step(conv)
        async with self.engine.connect() as conn, self._transaction(conn):
            work = await store.load_work(conn, conv)
            if not work:
                return None, False
            result = await self._turn(work[0])
            await store.finish_turn(conn, conv=conv, inbox_id=work[0].inbox_id,
                                    keep_text=self.options.store_texts, **result.changes())
        return result, len(work) > 1

    def _drain_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.failed_drains += 1  # the message stays pending; `recover` retries it
            log.error("drain_failed", error=type(task.exception()).__name__)

    async def _enqueue(self, msg: IncomingMessage) -> tuple[int, bool]:
        """Store the message in the inbox once its conversation id is known (it is cached)."""
        key = (msg.channel, msg.sender_id)
        for _ in range(2):
            if key not in self._conversations:
                async with self._autocommit.connect() as conn, self._serialised():
                    self._conversations[key] = await store.conversation_id(conn, *key)
            conv = self._conversations[key]
            try:
                return conv, await self._store((conv, msg))
            except IntegrityError:  # the cached conversation was deleted meanwhile
                self._conversations.pop(key, None)
        raise RuntimeError("conversation vanished twice while storing a message")

    async def _store_one(self, item: tuple[int, IncomingMessage]) -> bool:
        """One autocommitted INSERT (SQLite: its one writer needs no grouping)."""
        async with self._autocommit.connect() as conn, self._serialised():
            return await store.insert_inbox(conn, *item)

    async def _store_group(self, items: list[tuple[int, IncomingMessage]]) -> list[bool]:
        """One autocommitted INSERT for all messages that arrived meanwhile (PostgreSQL)."""
        async with driver(self.engine) as conn:
            return await store_pg.insert_inbox(conn, items)

    def _serialised(self):
        return self._serial if self._serial is not None else contextlib.nullcontext()

    def _transaction(self, conn: AsyncConnection):
        return _Transaction(conn, self._serial)

    def transaction(self, conn: AsyncConnection):
        """`conn.begin()` as the pipeline does it (serialised on SQLite), for others writing the bot DB."""
        return self._transaction(conn)

    async def _turn(self, work) -> TurnResult:
        try:
            return await run_turn(work, self)
        except Exception:  # a bug must cost one answer, never the message or the loop
            log.exception("turn_failed", conversation=work.id, event_id=work.event_id)
            return error_turn(work, self.options)

    async def _deliver(self, replies: list[OutgoingMessage]) -> None:
        for reply in replies:
            channel = self.channels.get(reply.channel)
            if channel is None:  # its adapter runs elsewhere or later: hand the reply back
                self._settler.mark(reply.txn_id, "pending")
                continue
            self._settler.mark(reply.txn_id, *await send_with_retries(channel, reply))

    async def _resend(self, conv: int) -> None:
        """Deliver replies a crash (or a missing adapter) left pending, each claimed by one worker."""
        async with self.engine.connect() as conn, self._transaction(conn):
            rows = [r for r in await store.pending_outbox(conn, conv)
                    if r.channel in self.channels and await store.claim_outbox(conn, r.id)]
        await self._deliver([OutgoingMessage.from_payload(r.channel, r.recipient, r.txn_id, r.payload)
                                   for r in rows])


MAX_SEND_ATTEMPTS = 5
MAX_RATE_LIMITED = 3600.0  # seconds of waiting a remote may ask for before a reply counts as failed


async def send_with_retries(channel: Channel, message: OutgoingMessage) -> tuple[str, str | None]:
    """Send, waiting out rate limits and retrying errors with backoff; never raises.

    A rate limit costs no attempt: the remote said when to come back, and with several
    conversations competing for one bot account a reply may be told to wait more than once.
    """
    from bot.errors import RateLimited

    attempt, waited, error = 0, 0.0, f"rate limited for more than {MAX_RATE_LIMITED:.0f} s"
    while attempt < MAX_SEND_ATTEMPTS and waited < MAX_RATE_LIMITED:
        try:
            await channel.send(message)
            return "sent", None
        except RateLimited as exc:
            waited += exc.retry_after
            await asyncio.sleep(exc.retry_after)
        except Exception as exc:  # logged without the text; retried with backoff
            log.warning("send_failed", channel=message.channel, error=type(exc).__name__)
            error = f"{type(exc).__name__}: {exc}"[:400]
            await asyncio.sleep(min(2 ** attempt * 0.2, 10))
            attempt += 1
    return "failed", error


class _Transaction:
    """`conn.begin()`, serialised process-wide on SQLite (one writer at a time)."""

    def __init__(self, conn: AsyncConnection, serial: asyncio.Lock | None):
        self._conn, self._serial, self._tx = conn, serial, None

    async def __aenter__(self):
        if self._serial:
            await self._serial.acquire()
        try:
            self._tx = self._conn.begin()
            return await self._tx.__aenter__()
        except BaseException:
            if self._serial:
                self._serial.release()
            raise

    async def __aexit__(self, *exc):
        try:
            return await self._tx.__aexit__(*exc)
        finally:
            if self._serial:
                self._serial.release()
