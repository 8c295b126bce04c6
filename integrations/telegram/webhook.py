"""The webhook route of `mobi serve`: Telegram POSTs each update; 200 only once it is stored."""
from __future__ import annotations

import hmac
from typing import Callable

import structlog
from aiohttp import web

from integrations.telegram.channel import TelegramChannel

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
log = structlog.get_logger()


def webhook_handler(secret: str, channel: Callable[[], TelegramChannel | None]):
    """The aiohttp handler; `channel()` gives the running adapter (None while starting or stopping)."""
    expected = secret.encode()

    async def handle(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not expected or not hmac.compare_digest(given, expected):  # constant time: no guessing by timing
            log.warning("telegram_webhook_forbidden", remote=request.remote)
            raise web.HTTPForbidden()
        adapter = channel()
        if adapter is None:
            raise web.HTTPServiceUnavailable()  # Telegram retries later
        try:
            data = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text="The body must be a JSON update.") from None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise web.HTTPBadRequest(text="The body must be a JSON update.")
        await adapter.feed(data)  # a failure here is a 500: Telegram sends the update again
        return web.Response(text="ok")

    return handle
