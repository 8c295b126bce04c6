"""Where each update goes: a linked employee's message into the pipeline's inbox, the rest answered here.

Theory of operation: `handle` returns only once the update is stored (that is when the webhook may
answer 200 and polling may confirm it). Messages of linked employees are submitted to the pipeline
(its inbox drops a repeated event id). Everything else (linking, /start, /help, /sprache, /abmelden)
is answered here in one bot-database transaction that changes the state, records the update id and
writes the replies to the outbox as `sending`; a repeated update id rolls the transaction back.
Replies go out after the commit; a crash before they are sent leaves them to the pipeline's `recover`.
Updates of one Telegram user are handled one at a time, in order.
"""
from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Awaitable, Callable

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.channel import Submit
from bot.locks import KeyedLock
from bot.messages import IncomingMessage, Option, OutgoingMessage
from bot.repositories import EmployeeDirectory
from bot.texts import render
from bot.turn import txn_id
from integrations.email import Mail, Mailer
from integrations.telegram import store as tg
from integrations.telegram.accounts import Accounts, Result
from integrations.telegram.linking import Input, read
from integrations.telegram.render import Inbound
from integrations.telegram.store import CHANNEL

log = structlog.get_logger()
UNSUBSCRIBE = "/unsubscribe_announcements"  # what /stop means to the dialogue (a forced intent)
LANGUAGES = ("de", "en")


class _Repeated(Exception):
    """The update id was recorded meanwhile: roll back what this handling wrote."""


@dataclass(frozen=True)
class HandlerOptions:
    bot_id: int
    helpdesk: str = ""
    personal_data: bool = False


class UpdateHandler:
    def __init__(self, engine: AsyncEngine, accounts: Accounts, directory: EmployeeDirectory,
                 deliver: Callable[[list[OutgoingMessage]], Awaitable[None]], mailer: Mailer | None,
                 options: HandlerOptions):
        self._engine, self._accounts, self._directory = engine, accounts, directory
        self._deliver, self._mailer, self._options = deliver, mailer, options
        self._locks = KeyedLock()
        self._tasks: set[asyncio.Task] = set()
        self._last: dict[int, asyncio.Task] = {}  # per user: the delivery the next one waits for
        self.submit: Submit | None = None

    async def handle(self, item: Inbound) -> str:
        """Store (and, if answered here, answer) one update; returns what it did."""
        if item.kind == "ignored":
            async with self._engine.begin() as conn:
                return "ignored" if await tg.record_update(conn, self._options.bot_id, item.update_id, "ignored") \
                    else "duplicate"
        async with self._locks(item.user_id):
            async with self._engine.connect() as conn:
                if await tg.seen(conn, self._options.bot_id, item.update_id):
                    return "duplicate"
                linked = await tg.linked(conn, item.user_id)
            if linked and (item.kind in ("text", "callback") or item.command == "stop"):
                return await self._submit(item)
            try:
                return await self._answer(item, linked)
            except _Repeated:
                return "duplicate"

    def event_id(self, item: Inbound) -> str:
        """Unique per bot: a new bot token starts a new sequence of update ids."""
        return f"{self._options.bot_id}:{item.update_id}"

    async def _submit(self, item: Inbound) -> str:
        message = UNSUBSCRIBE if item.command == "stop" else item.text
        incoming = IncomingMessage(CHANNEL, str(item.user_id), message, self.event_id(item),
                                   **({"timestamp": item.sent_at} if item.sent_at else {}))
        new = await self.submit(incoming)
        effect = "inbox" if new else "duplicate"
        async with self._engine.begin() as conn:
            await tg.record_update(conn, self._options.bot_id, item.update_id, effect)
        return effect

    async def _answer(self, item: Inbound, linked: str | None) -> str:
        async with self._engine.begin() as conn:
            conv = await tg.conversation(conn, item.user_id)
            language = conv.language if conv.turns else _guess_language(item.language_code)
            effect, result, language = await self._local(conn, item, linked, conv.id, language)
            if not await tg.record_update(conn, self._options.bot_id, item.update_id, effect):
                raise _Repeated
            replies = [OutgoingMessage(CHANNEL, str(item.user_id), body, options, language,
                                       txn_id=txn_id(CHANNEL, self.event_id(item), i))
                       for i, (body, options) in enumerate(result.replies)]
            await tg.add_replies(conn, conv.id, replies)
        if result.mail is not None:
            self._spawn(self._mail(result.mail))
        self._deliver_in_order(item.user_id, replies)
        return effect

    async def _local(self, conn: AsyncConnection, item: Inbound, linked: str | None, conv: int,
                     language: str) -> tuple[str, Result, str]:
        """(effect, replies, language) of an update answered by the adapter itself."""
        command = item.command
        if command in ("sprache", "language"):
            chosen = item.args.strip().lower()[:2]
            if chosen not in LANGUAGES:
                return "command", _say(render("telegram.language_usage", language)), language
            await tg.set_language(conn, conv, chosen)
            return "command", _say(render("telegram.language_set", chosen)), chosen
        if command == "help":
            return "command", _say(self._with_note(render("telegram.help", language), language)), language
        if command == "start" and linked:
            employee = await self._directory.by_personnel_number(linked)
            body = render("telegram.welcome_back", language, name=employee.name if employee else "")
            return "command", _say(self._with_note(body, language)), language
        if command == "stop":
            return "command", _say(render("telegram.stop_unlinked", language)), language
        if item.kind == "unsupported" and linked:
            return "command", _say(render("telegram.text_only", language)), language
        inp = read(item.text, command) if item.kind != "unsupported" else Input("other")
        return "linking", await self._accounts.handle(conn, item.user_id, inp, language), language

    def _with_note(self, body: str, language: str) -> str:
        if self._options.personal_data:
            return body
        return body + "\n\n" + render("telegram.privacy_note", language)

    async def _mail(self, mail: Mail) -> None:
        """Sent after the commit and apart from the answer, so known and unknown addresses look alike."""
        if self._mailer is None:
            log.error("telegram_code_not_mailed", reason="e-mail is not configured (MOBI_SMTP_HOST)")
            return
        try:
            await self._mailer.send(mail)
            log.info("telegram_code_mailed")
        except Exception as exc:  # the user can ask for a new code; never log the address or the code
            log.warning("telegram_code_mail_failed", error=type(exc).__name__)

    def _deliver_in_order(self, user_id: int, replies: list[OutgoingMessage]) -> None:
        """Send after the commit, without holding up the next update, but after this user's previous replies."""
        previous = self._last.get(user_id)

        async def run() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            await self._deliver(replies)

        task = self._last[user_id] = self._spawn(run())
        task.add_done_callback(lambda done: self._last.pop(user_id) if self._last.get(user_id) is done else None)

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait (up to `timeout`) for mails and replies under way."""
        if self._tasks:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.gather(*list(self._tasks), return_exceptions=True), timeout)


def _say(body: str, options: tuple[Option, ...] = ()) -> Result:
    return Result([(body, options)])


def _guess_language(code: str | None) -> str:
    """Before a conversation has a language of its own: English for English Telegram apps, else German."""
    return "en" if (code or "").lower().startswith("en") else "de"
