"""`MatrixChannel`: mobi's `Channel` on a Matrix homeserver (DMs, encrypted or not)."""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from pathlib import Path
from typing import Awaitable, Callable

import structlog
from nio import AsyncClient, SyncResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channel import Submit
from bot.errors import ChannelError, ConfigError
from bot.messages import OutgoingMessage
from bot.repositories import EmployeeDirectory
from integrations.matrix import render
from integrations.matrix.calls import AuthFailed, Backoff, Throttle, call
from integrations.matrix.config import MatrixSettings
from integrations.matrix.dm import DmOpener
from integrations.matrix.identity import CHANNEL, Identities
from integrations.matrix.presence import Presence
from integrations.matrix.rooms import RoomBook, load_token, release_stuck_sends
from integrations.matrix.session import connect, sync_filter
from integrations.matrix.sync import SyncOptions, Syncer

log = structlog.get_logger()
STOP_GRACE = 10.0


class MatrixChannel:
    """Reads employee DMs into the inbox (a sync task) and answers them (`send`, called by the pipeline).

    The client connects on first need: `send` may come first, when the pipeline delivers replies a
    crash left behind before `start`. The first full-state sync teaches nio the rooms (members,
    encryption) and is held until `start` hands it to the syncer, so no event is read twice.
    """

    name = CHANNEL

    def __init__(self, settings: MatrixSettings, store_dir: Path, engine: AsyncEngine,
                 directory: EmployeeDirectory | None, recover: Callable[[], Awaitable[object]] | None = None,
                 *, send_only: bool = False):
        self._settings, self._store_dir, self._engine, self._recover = settings, store_dir, engine, recover
        self._send_only = send_only  # a sender process without the sync (unencrypted only: nio needs rooms to encrypt)
        self._options = SyncOptions(settings.matrix_domains(), settings.matrix_sync_timeout_ms,
                                    sync_filter(settings.matrix_timeline_limit))
        self._identities = Identities(engine, directory, self._options.domains, settings.matrix_domain_map)
        self._book = RoomBook(engine)
        self._connecting = asyncio.Lock()
        self._client: AsyncClient | None = None
        self._presence: Presence | None = None
        self._held: tuple[str | None, SyncResponse] | None = None
        self._sync_task: asyncio.Task | None = None
        self._in_flight = 0
        self._throttle = Throttle()
        self._stopped = False
        self._dms: DmOpener | None = None
        self.dm_stale = dt.timedelta(seconds=30)  # an unfinished DM opening this old was cut short by a crash
        self.room_hooks: dict = {}  # room id -> `sync.RoomHook`, e.g. `helpdesk_room.HelpdeskRoom`

    @property
    def client(self) -> AsyncClient | None:
        return self._client

    async def start(self, submit: Submit) -> None:
        """Connect (a wrong setting or login fails here, loudly) and start syncing in the background.

        An unreachable homeserver does not stop `mobi serve`: the sync task keeps trying with backoff.
        """
        try:
            await self._ready()
        except (ConfigError, AuthFailed):
            raise
        except ChannelError as exc:
            log.warning("matrix_not_reachable_yet", error=str(exc)[:200])
        self._sync_task = asyncio.create_task(self._run(submit), name="matrix-sync")

    async def _run(self, submit: Submit) -> None:
        backoff = Backoff()
        while True:
            try:
                client = await self._ready()
                released = await release_stuck_sends(self._engine, CHANNEL)
                break
            except Exception as exc:  # logged and retried: the homeserver or the database may come back
                log.warning("matrix_connect_failed", error=f"{type(exc).__name__}: {exc}"[:200],
                            retry_in=backoff.delay)
                await backoff.wait()
        if released and self._recover:
            self._presence.spawn(self._recover())
        token, held = self._held
        self._held = None
        log.info("matrix_started", user=client.user_id, device=client.device_id, e2ee=bool(client.olm))
        syncer = Syncer(client, self._engine, self._book, self._identities, submit, self._presence.submitted,
                        self._options, self.room_hooks)
        await syncer.run(token, held)

    async def _ready(self) -> AsyncClient:
        async with self._connecting:
            if self._client is None:
                client = await connect(self._settings, self._store_dir)
                try:
                    await self._book.load()
                    token = await load_token(self._engine, client.user_id)
                    first = None if self._send_only else await call(client.sync(
                        0, self._options.filter, since=token, full_state=True))
                except BaseException:
                    await client.close()
                    raise
                self._held = (token, first)
                self._client, self._presence = client, Presence(client, self._settings.matrix_typing_delay)
        return self._client

    def has_room(self, recipient: str) -> bool:
        """Whether a DM with `recipient` is known (else a broadcast opens one first: `open_room`)."""
        return self._book.reply_room(recipient) is not None

    async def open_room(self, recipient: str) -> str:
        """Create the DM with `recipient` (invited) unless one exists; see `dm.DmOpener`."""
        client = await self._ready()
        if self._dms is None:
            self._dms = DmOpener(client, self._engine, self._book, self.dm_stale)
        return await self._dms.open(recipient)

    async def write_direct(self) -> None:
        """Write the bot's `m.direct` now (it is otherwise batched, and written at `stop`)."""
        if self._dms:
            await self._dms.flush()

    async def send(self, message: OutgoingMessage) -> str:
        """Post one message in the recipient's DM and return its event id; the txn id makes a repeat arrive once."""
        if self._stopped:
            raise ChannelError("the Matrix adapter is stopped")
        client = await self._ready()
        room_id = self._book.reply_room(message.recipient)
        if room_id is None:
            raise ChannelError("no DM room with this recipient")
        self._in_flight += 1
        try:
            async with self._throttle():
                sent = await call(client.room_send(room_id, "m.room.message", render.content(message),
                                                   tx_id=message.txn_id or None, ignore_unverified_devices=True))
        finally:
            self._in_flight -= 1
        self._presence.answered(room_id, message.reply_to)
        return sent.event_id

    async def join(self, room_id: str) -> None:
        """Join a room that is not a DM (the help-desk room) unless the bot is in it already."""
        client = await self._ready()
        if room_id not in client.rooms:
            await call(client.join(room_id))

    async def post(self, room_id: str, content: dict, txn_id: str | None = None) -> str:
        """Post to a room that is not a DM (the help-desk room); returns the event id."""
        if self._stopped:
            raise ChannelError("the Matrix adapter is stopped")
        client = await self._ready()
        async with self._throttle():
            sent = await call(client.room_send(room_id, "m.room.message", content, tx_id=txn_id,
                                               ignore_unverified_devices=True))
        return sent.event_id

    async def stop(self) -> None:
        """Stop reading, let answers under way go out (up to 10 s), then close the connection."""
        if self._sync_task:
            self._sync_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sync_task
        if self._presence:
            await self._presence.quiet(lambda: self._in_flight == 0, STOP_GRACE)
        self._stopped = True
        await self.write_direct()
        if self._presence:
            await self._presence.close()
        if self._client:
            await self._client.close()
        log.info("matrix_stopped")
