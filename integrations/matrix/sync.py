"""The sync stream into the inbox: invites, employee messages (gaps back-filled), leaving empty rooms.

Theory of operation: one task long-polls `/sync` with *our* token (nio keeps its own, which it
advances before anyone handled the events, so it is never used). For each response the syncer
joins DM invites from allowed domains and declines the others; walks each joined room's timeline in
order, first fetching through `/messages` what a `limited` timeline left out between the previous
token and `prev_batch`; submits every employee message (the pipeline stores it in the inbox, a
duplicate is dropped); leaves rooms in which the bot is alone. Only then is `next_batch` saved. A
crash anywhere before that re-reads the same events after the restart, and the inbox keeps each once.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Protocol

import structlog
from nio import AsyncClient, MegolmEvent, MessageDirection, SyncResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channel import Submit
from bot.errors import ChannelError, RateLimited
from bot.messages import IncomingMessage
from integrations.matrix.calls import AuthFailed, Backoff, Unreachable, call
from integrations.matrix.events import dm_inviter, domain_of, membership_ts, message_text, someone_left
from integrations.matrix import receipts
from integrations.matrix.identity import CHANNEL, Identities
from integrations.matrix.rooms import Room, RoomBook, save_token

log = structlog.get_logger()
BACKFILL_PAGES = 20


class RoomHook(Protocol):
    """A non-DM room someone else reads (the help-desk room): joined on invite, its messages handed over."""

    async def events(self, room_id: str, events: list) -> None: ...


@dataclass(frozen=True)
class SyncOptions:
    domains: frozenset[str]  # homeserver domains whose users mobi talks to
    timeout_ms: int  # long-poll duration
    filter: dict


class Syncer:
    def __init__(self, client: AsyncClient, engine: AsyncEngine, book: RoomBook, identities: Identities,
                 submit: Submit, submitted: Callable[[str, str], None], options: SyncOptions,
                 hooks: Mapping[str, RoomHook] | None = None):
        self.client, self.engine, self.book, self.identities = client, engine, book, identities
        self.hooks = hooks if hooks is not None else {}  # room id -> its reader (read live: added later too)
        self.submit, self.submitted = submit, submitted
        self.domains, self.options = options.domains, options
        self.me = client.user_id

    async def run(self, token: str | None, held: SyncResponse | None = None) -> None:
        """Sync until cancelled; network trouble, 429s and even bugs are waited out, never end the loop."""
        backoff = Backoff()
        while True:
            try:
                response = held or await call(self.client.sync(self.options.timeout_ms, self.options.filter,
                                                                    since=token))
                held = None
                await self.process(response, token)
                await save_token(self.engine, self.me, response.next_batch)
                token = response.next_batch
                backoff.reset()
                await self.keys()
            except RateLimited as exc:
                await asyncio.sleep(exc.retry_after)
            except Exception as exc:  # the events are read again from `token`; the inbox keeps each once
                held = None
                level = log.error if isinstance(exc, AuthFailed) else log.warning
                level("matrix_sync_failed", error=f"{type(exc).__name__}: {exc}"[:200], retry_in=backoff.delay)
                await backoff.wait()

    async def process(self, response: SyncResponse, since: str | None) -> None:
        for room_id, info in response.rooms.invite.items():
            await self._invite(room_id, info.invite_state)
        for room_id, info in response.rooms.join.items():
            await self._timeline(room_id, info.timeline, since)
        for room_id in response.rooms.leave:
            await self.book.left(room_id)
        for room_id, info in response.rooms.join.items():
            if since is None or someone_left(info.timeline.events):  # not a DM the bot opened, invite under way
                await self._leave_if_alone(room_id)
        if found := receipts.reads({r: i.ephemeral for r, i in response.rooms.join.items()}, self.book.rooms):
            await receipts.record(self.engine, found)

    async def _invite(self, room_id: str, invite_state) -> None:
        inviter = dm_inviter(invite_state, self.me, self.domains)
        try:
            if room_id in self.hooks:
                await call(self.client.join(room_id))
                log.info("matrix_joined_hooked_room", room=room_id)
                return
            if inviter is None:
                await call(self.client.room_leave(room_id))
                log.info("matrix_invite_declined", room=room_id)
                return
            await call(self.client.join(room_id))
            await self.book.joined(room_id, inviter)
            log.info("matrix_joined", room=room_id)
        except (RateLimited, Unreachable):
            raise  # the whole sync is read again, invite included
        except ChannelError as exc:  # e.g. the invite was withdrawn meanwhile
            log.warning("matrix_invite_failed", room=room_id, error=str(exc)[:200])

    async def _timeline(self, room_id: str, timeline, since: str | None) -> None:
        room = self.book.rooms.get(room_id)
        if since is None:  # the bot's very first sync: everything so far is history
            await self._adopt(room_id, room)
            return
        if room is None and room_id in self.hooks:
            events = list(timeline.events)
            if timeline.limited and timeline.prev_batch:
                events = await self._backfill(room_id, timeline.prev_batch, since) + events
            await self.hooks[room_id].events(room_id, events)
            return
        if room is None:
            return  # not a DM the bot joined
        events = list(timeline.events)
        if timeline.limited and timeline.prev_batch and room.since_ts is not None:
            events = await self._backfill(room_id, timeline.prev_batch, since) + events
        for event in events:
            if room.since_ts is None and (ts := membership_ts(event, self.me)) is not None:
                await self.book.started(room, ts)
            if room.since_ts is None or event.server_timestamp < room.since_ts:
                continue
            if isinstance(event, MegolmEvent):
                log.warning("matrix_undecryptable", room=room_id, event_id=event.event_id)
                continue
            text = message_text(event, self.me)
            if text is not None and domain_of(event.sender) in self.domains:
                await self._submit(room, event, text)

    async def _submit(self, room: Room, event, text: str) -> None:
        await self.identities.link(event.sender)
        await self.book.active(room, event.sender, event.server_timestamp)
        sent = dt.datetime.fromtimestamp(event.server_timestamp / 1000, dt.timezone.utc)
        if await self.submit(IncomingMessage(CHANNEL, event.sender, text, event.event_id, sent)):
            self.submitted(room.room_id, event.event_id)

    async def _backfill(self, room_id: str, prev_batch: str, since: str) -> list:
        """The events between the previous sync and `prev_batch`, oldest first."""
        older, start = [], prev_batch
        for _ in range(BACKFILL_PAGES):
            page = await call(self.client.room_messages(room_id, start, since, MessageDirection.back, 100))
            older.extend(page.chunk)
            if not page.chunk or not page.end or page.end == start:
                break
            start = page.end
        log.info("matrix_backfilled", room=room_id, events=len(older))
        return older[::-1]

    async def _adopt(self, room_id: str, room: Room | None) -> None:
        """A DM joined before this database knew it: answer from now on."""
        if room_id in self.hooks:
            return
        nio_room = self.client.rooms.get(room_id)
        others = [u for u in (nio_room.users if nio_room else ()) if u != self.me]
        if room is None and len(others) == 1 and domain_of(others[0]) in self.domains:
            await self.book.joined(room_id, others[0], since_ts=int(time.time() * 1000))

    async def _leave_if_alone(self, room_id: str) -> None:
        room = self.client.rooms.get(room_id)
        if room is None or room.joined_count > 1 or room.invited_count > 0 or room_id in self.hooks:
            return
        try:
            await call(self.client.room_leave(room_id))
            await call(self.client.room_forget(room_id))
        except ChannelError as exc:
            log.warning("matrix_leave_failed", room=room_id, error=str(exc)[:200])
        await self.book.left(room_id)
        log.info("matrix_left_empty_room", room=room_id)

    async def keys(self) -> None:
        """End-to-end encryption upkeep nio leaves to the sync loop: own keys, the others' devices."""
        client = self.client
        if not client.olm:
            return
        try:
            if client.should_upload_keys:
                await call(client.keys_upload())
            if client.should_query_keys:
                await call(client.keys_query())
            if client.should_claim_keys:
                await call(client.keys_claim(client.get_users_for_key_claiming()))
            await client.send_to_device_messages()
        except ChannelError as exc:
            log.warning("matrix_keys_failed", error=str(exc)[:200])
