"""The message pipeline: inbox -> identity -> NLU -> dialogue -> outbox -> channel, nothing lost.

Theory of operation: `submit` stores an incoming event in the inbox (unique per channel and
event id, so duplicates are dropped) and returns; a drain task per conversation then handles the
inbox rows in id order. Each handled message is one transaction on the bot database that marks
the row done and writes its replies to the outbox, under a per-conversation lock (an advisory
lock on PostgreSQL, so several processes can share conversations). Replies are delivered from
the outbox afterwards; a crash between commit and delivery is repaired by `recover`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from actions.base import Repos, Turn
from bot import store
from bot.channel import Channel
from bot.dialogue import Dialogue, choose_language, pick_option
from bot.errors import RateLimited
from bot.interpreter import Interpreter
from bot.locks import KeyedLock
from bot.messages import IncomingMessage, OutgoingMessage
from bot.texts import render
from nlu.result import ParseResult

log = structlog.get_logger()
_IDLE = object()
MAX_SEND_ATTEMPTS = 5


@dataclass(frozen=True)
class PipelineOptions:
    store_texts: bool = True
    helpdesk: str = ""
    today: Callable[[], dt.date] = dt.date.today


class Pipeline:
    def __init__(self, engine: AsyncEngine, repos: Repos, interpreter: Interpreter, dialogue: Dialogue,
                 channels: dict[str, Channel], options: PipelineOptions = PipelineOptions()):
        self.engine = engine
        self.repos = repos
        self.interpreter = interpreter
        self.dialogue = dialogue
        self.channels = channels
        self.options = options
        self._locks = KeyedLock()
        self._serial = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        self._tasks: set[asyncio.Task] = set()
        self.failed_drains = 0

    async def submit(self, msg: IncomingMessage) -> bool:
        """Store the message durably and schedule its handling; False for a duplicate."""
        conv, new = await self._enqueue(msg)
        if new:
            task = asyncio.create_task(self.drain(conv))
            self._tasks.add(task)
            task.add_done_callback(self._drain_done)
        return new

    def _drain_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.failed_drains += 1  # the message stays pending; `recover` retries it
            log.error("drain_failed", error=type(task.exception()).__name__)

    async def handle(self, msg: IncomingMessage) -> list[ParseResult | None]:
        """Like `submit`, but returns after the replies were handed to the channel, with what was understood."""
        conv, _ = await self._enqueue(msg)
        return await self.drain(conv)

    async def join(self) -> None:
        """Wait until every scheduled drain has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def recover(self, stale_after: float = 60.0) -> int:
        """Finish what a crash left: pending messages and undelivered replies. Returns conversations touched."""
        stale = store.utcnow() - dt.timedelta(seconds=stale_after)
        async with self._transaction() as conn:
            conversations = await store.conversations_with_work(conn, stale)
        for conv in conversations:
            await self.drain(conv)
        return len(conversations)

    async def drain(self, conv: int) -> list[ParseResult | None]:
        """Handle the conversation's pending messages in order; returns their parse results."""
        parses = []
        async with self._locks(conv):
            while (step := await self._step(conv)) is not _IDLE:
                parses.append(step)
                await self._deliver(conv)
            await self._deliver(conv)
        return parses

    async def _enqueue(self, msg: IncomingMessage) -> tuple[int, bool]:
        async with self._transaction() as conn:
            return await store.enqueue(conn, msg)

    def _transaction(self):
        return _Transaction(self.engine, self._serial)

    async def _step(self, conv: int) -> bool:
        async with self._transaction() as conn:
            await store.lock_conversation(conn, conv)
            row = await store.next_pending(conn, conv)
            if row is None:
                return _IDLE
            conversation = await store.load_conversation(conn, conv)
            pn = await store.identity(conn, conversation.channel, conversation.external_id)
            try:
                result = await self._turn(conversation, row, pn)
            except Exception:  # a bug must cost one answer, never the message or the loop
                log.exception("turn_failed", conversation=conv, event_id=row.event_id)
                result = self._error_turn(conversation, row)
            await store.finish_turn(conn, conv=conv, inbox_id=row.id,
                                    **{k: v for k, v in result.items() if k != "parse"})
            if not self.options.store_texts:
                await store.forget_inbox_text(conn, row.id)
        return result["parse"]

    async def _turn(self, conversation, row, pn: str | None) -> dict:
        employee = await self.repos.directory.by_personnel_number(pn) if pn else None
        if employee is None:
            reply = render("unknown_sender", conversation.language, helpdesk=self.options.helpdesk)
            return self._result(conversation, row, [(reply, ())], dict(conversation.state), "de", None, None)
        state = dict(conversation.state or {})
        language = conversation.language if conversation.turns else employee.language
        parse = await self.interpreter.parse(pick_option(row.text or "", state))
        language = choose_language(parse, language)
        turn = Turn(employee, parse, language, self.options.today(), state)
        outcome = await self.dialogue.respond(turn, self.repos)
        texts = [(render(r.key, language, **r.params), r.options) for r in outcome.replies]
        return self._result(conversation, row, texts, dict(outcome.state), language, pn, parse)

    def _error_turn(self, conversation, row) -> dict:
        reply = render("internal_error", conversation.language, helpdesk=self.options.helpdesk)
        result = self._result(conversation, row, [(reply, ())], dict(conversation.state), conversation.language,
                              conversation.personnel_number, None)
        return dict(result, status="failed")

    def _result(self, conversation, row, texts, state, language, pn, parse) -> dict:
        keep = self.options.store_texts
        replies = [
            OutgoingMessage(conversation.channel, conversation.external_id, text, tuple(options), language,
                            txn_id=txn_id(conversation.channel, row.event_id, i))
            for i, (text, options) in enumerate(texts)
        ]
        entry_in = {"direction": "in", "text": row.text if keep else None,
                    "intent": parse.intent.name if parse else None,
                    "confidence": parse.intent.confidence if parse else None}
        log_rows = [entry_in] + [{"direction": "out", "text": r.text if keep else None, "intent": None,
                                  "confidence": None} for r in replies]
        return {"parse": parse, "status": "done", "state": state, "language": language, "personnel_number": pn,
                "log": log_rows, "replies": replies}

    async def _deliver(self, conv: int | None = None) -> None:
        async with self.engine.connect() as conn:
            rows = await store.pending_outbox(conn, conv)
        for row in rows:
            channel = self.channels.get(row.channel)
            if channel is None:
                continue  # its adapter is not running here; `recover` in that process delivers it
            async with self._transaction() as conn:
                if not await store.claim_outbox(conn, row.id):
                    continue
            status, error = await self._send(channel, row)
            async with self._transaction() as conn:
                await store.settle_outbox(conn, row.id, status, error)

    async def _send(self, channel: Channel, row) -> tuple[str, str | None]:
        message = OutgoingMessage.from_payload(row.channel, row.recipient, row.txn_id, row.payload)
        error = "rate limited on every attempt"
        for attempt in range(MAX_SEND_ATTEMPTS):
            try:
                await channel.send(message)
                return "sent", None
            except RateLimited as exc:
                await asyncio.sleep(exc.retry_after)
            except Exception as exc:  # logged without the text; retried with backoff
                log.warning("send_failed", channel=row.channel, outbox=row.id, error=type(exc).__name__)
                await asyncio.sleep(min(2 ** attempt * 0.2, 10))
                error = f"{type(exc).__name__}: {exc}"[:400]
        return "failed", error


def txn_id(channel: str, event_id: str, index: int) -> str:
    """Deterministic per (triggering event, reply number): a resend after a crash is deduplicated."""
    digest = hashlib.sha256(f"{channel}\0{event_id}".encode()).hexdigest()[:24]
    return f"mobi-{digest}-{index}"


class _Transaction:
    """`engine.begin()`, serialised process-wide on SQLite (one writer at a time)."""

    def __init__(self, engine: AsyncEngine, serial: asyncio.Lock | None):
        self._engine, self._serial, self._cm = engine, serial, None

    async def __aenter__(self):
        if self._serial:
            await self._serial.acquire()
        try:
            self._cm = self._engine.begin()
            return await self._cm.__aenter__()
        except BaseException:
            if self._serial:
                self._serial.release()
            raise

    async def __aexit__(self, *exc):
        try:
            return await self._cm.__aexit__(*exc)
        finally:
            if self._serial:
                self._serial.release()
