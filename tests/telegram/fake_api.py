"""A fake Telegram Bot API: a real aiohttp server speaking the HTTP protocol PTB uses, on 127.0.0.1.

Tests queue updates (`say`, `click`) for `getUpdates` (or build them for the webhook with `message`
and `callback`), read what the bot sent per chat (`replies`), and make the next call of a method fail
(`fail`, e.g. a 429 with `retry_after`).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "mobi", "username": "mobi_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
JSON_PARAMS = frozenset({"reply_markup", "allowed_updates", "entities", "link_preview_options"})
INT_PARAMS = frozenset({"chat_id", "offset", "limit", "timeout", "message_id"})


class FakeTelegram:
    def __init__(self, token: str):
        self.token = token
        self.url = ""
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self.sent: dict[int, list[dict]] = defaultdict(list)
        self.read: dict[int, int] = defaultdict(int)
        self.webhook: dict = {}
        self._failures: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        self._update_ids = itertools.count(5000)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # -- server -------------------------------------------------------------------------------
    async def start(self) -> "FakeTelegram":
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/bot"
        return self

    async def stop(self) -> None:
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        await self._runner.cleanup()

    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        if self._failures[method]:
            status, body = self._failures[method].pop(0)
            return web.json_response(body, status=status)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found")
        return web.json_response({"ok": True, "result": await handler(params)})

    # -- Bot API methods ---------------------------------------------------------------------------
    async def _api_getMe(self, p: dict) -> dict:
        return BOT_USER

    async def _api_getUpdates(self, p: dict) -> list[dict]:
        offset = p.get("offset") or 0
        if offset:  # confirms everything before it, as Telegram does
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self.updates or self._closing),
                                       float(p.get("timeout") or 0))
            except asyncio.TimeoutError:
                pass
        return self.updates[: p.get("limit") or 100]

    async def _api_sendMessage(self, p: dict) -> dict:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": p["chat_id"], "type": "private"}, "text": p["text"]}
        if "reply_markup" in p:
            message["reply_markup"] = p["reply_markup"]
        async with self._changed:
            self.sent[p["chat_id"]].append(p)
            self._changed.notify_all()
        return message

    async def _api_editMessageText(self, p: dict) -> dict:
        return {"message_id": p.get("message_id", 0), "date": int(time.time()), "text": p.get("text", ""),
                "chat": {"id": p.get("chat_id", 0), "type": "private"}}

    async def _api_answerCallbackQuery(self, p: dict) -> bool:
        return True

    async def _api_setWebhook(self, p: dict) -> bool:
        self.webhook = p
        return True

    async def _api_deleteWebhook(self, p: dict) -> bool:
        self.webhook = {}
        return True

    async def _api_getWebhookInfo(self, p: dict) -> dict:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    async def _api_getFile(self, p: dict) -> dict:
        return {"file_id": p.get("file_id", ""), "file_unique_id": "u", "file_path": "documents/file.txt"}

    # -- what tests use -------------------------------------------------------------------------------
    def message(self, user_id: int, text: str, *, first_name: str = "Anna", language_code: str = "de",
                chat_type: str = "private", update_id: int | None = None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}
        chat = {"id": user_id if chat_type == "private" else -100 - user_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "Gruppe"
        return {"update_id": update_id or next(self._update_ids),
                "message": {"message_id": next(self._message_ids), "date": int(time.time()), "from": user,
                            "chat": chat, "text": text}}

    def callback(self, user_id: int, data: str, *, language_code: str = "de") -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": "Anna", "language_code": language_code}
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": user_id, "type": "private", "first_name": "Anna"}, "text": "…"}
        return {"update_id": next(self._update_ids),
                "callback_query": {"id": f"cb{next(self._message_ids)}", "from": user, "chat_instance": "ci",
                                   "message": message, "data": data}}

    async def queue(self, *updates: dict) -> None:
        async with self._changed:
            self.updates.extend(updates)
            self._changed.notify_all()

    async def say(self, user_id: int, text: str, **kwargs: Any) -> dict:
        update = self.message(user_id, text, **kwargs)
        await self.queue(update)
        return update

    async def click(self, user_id: int, data: str) -> dict:
        update = self.callback(user_id, data)
        await self.queue(update)
        return update

    async def replies(self, chat_id: int, count: int = 1, timeout: float = 20.0) -> list[dict]:
        """The next `count` messages sent to `chat_id` (waits for them)."""
        start = self.read[chat_id]
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.sent[chat_id]) >= start + count), timeout)
        self.read[chat_id] = start + count
        return self.sent[chat_id][start:start + count]

    async def reply(self, chat_id: int, timeout: float = 20.0) -> str:
        return (await self.replies(chat_id, 1, timeout))[0]["text"]

    def fail(self, method: str, error_code: int = 429, retry_after: int | None = 1, times: int = 1) -> None:
        """The next `times` calls of `method` fail like Telegram's flood control does."""
        body: dict = {"ok": False, "error_code": error_code,
                      "description": f"Too Many Requests: retry after {retry_after}" if error_code == 429 else "Error"}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self._failures[method].extend([(error_code, body)] * times)

    def calls_of(self, method: str) -> list[dict]:
        return [params for name, params in self.calls if name == method]


async def _params(request: web.Request) -> dict:
    """Telegram accepts query strings, form bodies and JSON; PTB sends forms with JSON-encoded values."""
    if request.content_type == "application/json":
        return await request.json()
    raw = dict(request.query)
    if request.can_read_body:
        raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return {k: _value(k, v) for k, v in raw.items()}


def _value(key: str, value: str) -> Any:
    if key in JSON_PARAMS:
        return json.loads(value)
    if key in INT_PARAMS:
        return int(float(value))
    return value


def _error(status: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": status, "description": description}, status=status)
