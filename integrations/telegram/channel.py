"""`TelegramChannel`: mobi's `Channel` on the Telegram Bot API (python-telegram-bot's `ExtBot`).

We use PTB's bot (requests, types, `AIORateLimiter`) but our own polling loop rather than its
`Updater`: the Updater confirms a batch of updates to Telegram (next `getUpdates` offset) before its
handlers ran, so a crash would lose them. Here the offset moves past an update only once
`UpdateHandler.handle` stored it; in webhook mode `feed` answers the route the same way.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import warnings

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot import store as bot_store
from bot.channel import Submit
from bot.errors import ChannelError, RateLimited
from bot.messages import OutgoingMessage
from bot.repositories import EmployeeDirectory
from integrations.email import Mailer
from integrations.telegram import store as tg
from integrations.telegram.accounts import Accounts
from integrations.telegram.config import TelegramSettings
from integrations.telegram.handler import HandlerOptions, UpdateHandler
from integrations.telegram.linking import link_key
from integrations.telegram.render import Inbound, inbound, send_arguments
from integrations.telegram.store import CHANNEL

log = structlog.get_logger()
ALLOWED_UPDATES = ["message", "callback_query"]
MIN_BACKOFF, MAX_BACKOFF = 0.5, 60.0
POISON_AFTER = 5  # failures of one update (with the database working) before it is skipped
STOP_GRACE = 10.0
# httpx logs request URLs at INFO, PTB its base URL and request parameters at DEBUG: the URLs contain
# the bot token, the parameters message texts. Whatever an operator configures, these stay quiet.
for _noisy, _level in (("httpx", logging.WARNING), ("httpcore", logging.WARNING), ("telegram", logging.INFO)):
    logging.getLogger(_noisy).setLevel(max(logging.getLogger(_noisy).level, _level))


class TelegramChannel:
    """Reads updates (long polling, or `feed` from the webhook route) and sends the pipeline's replies."""

    name = CHANNEL

    def __init__(self, settings: TelegramSettings, engine: AsyncEngine, directory: EmployeeDirectory,
                 mailer: Mailer | None, *, helpdesk: str = "", keep_texts: bool = True):
        token = settings.telegram_token.get_secret_value()
        self._settings, self._engine, self._keep_texts = settings, engine, keep_texts
        self.bot = make_bot(settings)
        self.bot_id = int(token.partition(":")[0]) if token.partition(":")[0].isdigit() else 0
        options = HandlerOptions(self.bot_id, helpdesk, settings.telegram_personal_data)
        accounts = Accounts(directory, link_key(token), helpdesk, settings.telegram_personal_data)
        self.handler = UpdateHandler(engine, accounts, directory, self._deliver, mailer, options)
        self._connecting = asyncio.Lock()
        self._task: asyncio.Task | None = None
        self._failures = 0

    async def start(self, submit: Submit) -> None:
        self.handler.submit = submit
        async with self._engine.begin() as conn:
            await tg.purge(conn, dt.datetime.now(dt.timezone.utc))
        polling = self._settings.telegram_mode == "polling"
        self._task = asyncio.create_task(self._poll() if polling else self._register(), name="telegram")
        log.info("telegram_started", mode=self._settings.telegram_mode,
                 personal_data=self._settings.telegram_personal_data)

    async def _register(self) -> None:
        """Webhook mode: tell Telegram where to POST (if MOBI_TELEGRAM_WEBHOOK_URL is set), retrying until it took."""
        backoff = MIN_BACKOFF
        while self._settings.telegram_webhook_url:
            await self._until_ready()
            try:
                await set_webhook(self.bot, self._settings)
                return
            except (TelegramError, OSError) as exc:
                log.error("telegram_set_webhook_failed", error=type(exc).__name__, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    @property
    def ready(self) -> bool:
        """Started and not stopped: updates can be stored (the webhook route answers 503 otherwise)."""
        return self.handler.submit is not None

    async def _ready(self) -> ExtBot:
        """Initialise the bot (getMe) on first need; `send` may come before `start` (recovered replies)."""
        async with self._connecting:
            await self.bot.initialize()
        return self.bot

    async def feed(self, data: dict) -> str:
        """One update from the webhook route; returns once it is stored (then the route answers 200)."""
        await self._ready()
        return await self.process(Update.de_json(data, self.bot))

    async def process(self, update: Update) -> str:
        item = inbound(update)
        effect = await self.handler.handle(item)
        if item.callback_id:
            await self._answer_callback(item)
        return effect

    async def _answer_callback(self, item: Inbound) -> None:
        """Stops the button's spinner; the answer itself comes as a message."""
        try:
            await self.bot.answer_callback_query(item.callback_id)
        except TelegramError as exc:  # too late (> 15 s) or a network hiccup: harmless
            log.info("telegram_callback_not_answered", error=type(exc).__name__)

    async def _poll(self) -> None:
        """Long-poll until cancelled; the offset advances past an update only once it is stored."""
        offset, backoff, cleared = None, MIN_BACKOFF, False
        await self._until_ready()
        while True:
            try:
                if not cleared:
                    cleared = await self.bot.delete_webhook()  # getUpdates is refused while a webhook is set
                updates = await self.bot.get_updates(offset=offset, timeout=self._settings.telegram_poll_timeout,
                                                     read_timeout=self._settings.telegram_poll_timeout + 15,
                                                     allowed_updates=ALLOWED_UPDATES)
                for update in updates:
                    if not await self._process_one(update):
                        break  # poll again from the same offset: the update comes again
                    offset = update.update_id + 1
                backoff = MIN_BACKOFF
            except RetryAfter as exc:
                await asyncio.sleep(retry_after(exc))
            except (TelegramError, OSError) as exc:
                level = log.error if isinstance(exc, (InvalidToken, Forbidden, Conflict)) else log.warning
                level("telegram_poll_failed", error=type(exc).__name__, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def _process_one(self, update: Update) -> bool:
        """True once the update is stored (or skipped as poison); False after a failure and a pause."""
        try:
            await self.process(update)
            self._failures = 0
            return True
        except Exception as exc:  # e.g. the database is down
            self._failures += 1
            log.error("telegram_update_failed", update_id=update.update_id, error=type(exc).__name__,
                      attempt=self._failures)
            if self._failures >= POISON_AFTER and await self._skip(update.update_id):
                self._failures = 0
                return True
            await asyncio.sleep(min(MIN_BACKOFF * 2 ** self._failures, MAX_BACKOFF))
            return False

    async def _skip(self, update_id: int) -> bool:
        """Record an update that fails every time (a bug, not an outage) so it does not block everyone."""
        try:
            async with self._engine.begin() as conn:
                await tg.record_update(conn, self.bot_id, update_id, "failed")
            return True
        except Exception:
            return False

    async def _until_ready(self) -> ExtBot:
        backoff = MIN_BACKOFF
        while True:
            try:
                return await self._ready()
            except (TelegramError, OSError) as exc:
                log.error("telegram_connect_failed", error=type(exc).__name__, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def send(self, message: OutgoingMessage) -> None:
        """Send one reply (split if longer than Telegram allows); a 429 becomes `RateLimited`."""
        bot = await self._ready()
        for arguments in send_arguments(message):
            try:
                await bot.send_message(**arguments)
            except RetryAfter as exc:
                raise RateLimited(retry_after(exc)) from None
            except TelegramError as exc:
                raise ChannelError(f"telegram: {type(exc).__name__}") from None

    async def _deliver(self, replies: list[OutgoingMessage]) -> None:
        """Replies the adapter answered itself: send (rate limits waited out), then record how it went."""
        from bot.pipeline import send_with_retries

        for reply in replies:
            status, error = await send_with_retries(self, reply)
            async with self._engine.begin() as conn:
                await bot_store.settle_outbox(conn, [reply.txn_id], status, error, keep_text=self._keep_texts)

    async def stop(self) -> None:
        """Stop reading, let mails and answers under way go out (up to 10 s), then close the connections."""
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.handler.submit = None
        await self.handler.settle(STOP_GRACE)
        with contextlib.suppress(Exception):
            await self.bot.shutdown()
        log.info("telegram_stopped")


def make_bot(settings: TelegramSettings) -> ExtBot:
    """PTB's bot with flood control: `AIORateLimiter` waits out 429s itself before `send` gives up."""
    base = settings.telegram_api_url.rstrip("/")
    return ExtBot(
        settings.telegram_token.get_secret_value(),
        base_url=base,
        base_file_url=base.removesuffix("/bot") + "/file/bot",
        request=HTTPXRequest(connection_pool_size=16),
        get_updates_request=HTTPXRequest(),
        rate_limiter=AIORateLimiter(max_retries=settings.telegram_send_retries),
    )


async def set_webhook(bot: ExtBot, settings: TelegramSettings) -> None:
    secret = settings.telegram_webhook_secret.get_secret_value()
    await bot.set_webhook(settings.telegram_webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)


def retry_after(exc: RetryAfter) -> float:
    """Seconds to wait, whichever type this PTB version gives (int now, timedelta later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
