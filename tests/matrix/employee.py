"""An employee's own Matrix client (a second nio client, own device): opens DMs, writes, reads mobi's replies."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import aiohttp

from nio import (AsyncClient, AsyncClientConfig, MessageDirection, ReceiptEvent, RoomMessageText,
                 TypingNoticeEvent)

from integrations.matrix.calls import call

ENCRYPTION = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}
FILTER = {"room": {"timeline": {"limit": 100}}}


class Employee:
    def __init__(self, homeserver: str, user_id: str, password: str, store_dir: Path):
        store_dir.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=True, pickle_key="employee-test-key")
        self.client = AsyncClient(homeserver, user_id, store_path=str(store_dir), config=config)
        self.password = password
        self.seen: dict[str, list[RoomMessageText]] = defaultdict(list)  # room -> messages of others
        self.arrived: dict[str, list[float]] = defaultdict(list)  # room -> perf_counter() when each was seen
        self.mine: dict[str, list[RoomMessageText]] = defaultdict(list)  # room -> own messages, as synced back
        self.typing: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self.receipts: dict[str, set[str]] = defaultdict(set)
        self._changed = asyncio.Condition()
        self._task: asyncio.Task | None = None

    @property
    def user_id(self) -> str:
        return self.client.user_id

    async def __aenter__(self) -> "Employee":
        await call(self.client.login(self.password, device_name="employee-test"))
        await call(self.client.keys_upload())
        self.client.add_event_callback(self._on_message, RoomMessageText)
        self.client.add_ephemeral_callback(self._on_ephemeral, (TypingNoticeEvent, ReceiptEvent))
        await call(self.client.sync(0, FILTER))
        self._task = asyncio.create_task(self.client.sync_forever(30_000, FILTER, loop_sleep_time=0))
        return self

    async def __aexit__(self, *exc) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self.client.close()

    async def _on_message(self, room, event) -> None:
        if event.sender == self.user_id:
            self.mine[room.room_id].append(event)
        else:
            self.arrived[room.room_id].append(time.perf_counter())
            await self._note(lambda: self.seen[room.room_id].append(event))

    async def _on_ephemeral(self, room, event) -> None:
        if isinstance(event, TypingNoticeEvent):
            await self._note(lambda: self.typing[room.room_id].append(tuple(event.users)))
        else:
            await self._note(lambda: self.receipts[room.room_id].update(r.event_id for r in event.receipts))

    async def _note(self, change) -> None:
        async with self._changed:
            change()
            self._changed.notify_all()

    async def until(self, predicate, timeout: float = 20.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def open_dm(self, bot_id: str, encrypted: bool = False, wait: bool = True, timeout: float = 20.0) -> str:
        """Create a direct chat, invite the bot and (by default) wait until it joined."""
        created = await call(self.client.room_create(is_direct=True, invite=[bot_id],
                                                     initial_state=[ENCRYPTION] if encrypted else []))
        if wait:
            await self.joined(created.room_id, bot_id, timeout)
        return created.room_id

    async def joined(self, room_id: str, user_id: str, timeout: float = 20.0) -> None:
        def done():
            room = self.client.rooms.get(room_id)
            return room is not None and user_id in room.users and not room.users[user_id].invited
        await self._poll(done, timeout)

    async def _poll(self, predicate, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.02)

    async def say(self, room_id: str, text: str) -> str:
        content = {"msgtype": "m.text", "body": text}
        sent = await call(self.client.room_send(room_id, "m.room.message", content, ignore_unverified_devices=True))
        return sent.event_id

    async def replies(self, room_id: str, count: int, timeout: float = 20.0) -> list[RoomMessageText]:
        """Wait until `count` messages of others arrived in the room; returns all seen so far."""
        await self.until(lambda: len(self.seen[room_id]) >= count, timeout)
        return list(self.seen[room_id])

    async def raw_event(self, room_id: str, event_id: str) -> dict:
        """The event as the server stores it (no decryption)."""
        return await self.api("GET", f"/rooms/{quote(room_id)}/event/{quote(event_id)}")

    async def membership(self, room_id: str, user_id: str) -> str | None:
        state = await self.api("GET", f"/rooms/{quote(room_id)}/state/m.room.member/{quote(user_id)}")
        return state.get("membership")

    async def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """A raw client-server API call with this employee's token."""
        url = f"{self.client.homeserver}/_matrix/client/v3{path}"
        async with aiohttp.ClientSession() as http:
            async with http.request(method, url, json=body,
                                    headers={"Authorization": f"Bearer {self.client.access_token}"}) as resp:
                return await resp.json()

    async def history(self, room_id: str) -> list[RoomMessageText]:
        """Every text message in the room as the server has it (not what sync happened to show), oldest first."""
        events, start = [], self.client.next_batch
        while True:
            page = await call(self.client.room_messages(room_id, start, direction=MessageDirection.back, limit=100))
            events.extend(e for e in page.chunk if isinstance(e, RoomMessageText))
            if not page.chunk or not page.end:
                return events[::-1]
            start = page.end
