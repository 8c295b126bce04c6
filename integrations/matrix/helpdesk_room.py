"""The help-desk room on Matrix: posts cases there (a `Channel` named `helpdesk`) and reads agents' commands.

Posts come from the reply outbox of the room's pseudo-conversation (`bot.escalation.service`), so
each is sent once under its deterministic transaction id. Messages in the room reach
`Agents.handle` from the sync loop (`sync.RoomHook`) before the sync token is saved; the agents'
side records each event id, so a re-read after a crash acts once. A plain message in the thread
of a case's announcement is a reply to that case.
"""
from __future__ import annotations

import re

import structlog

from bot.channel import Submit
from bot.errors import ChannelError
from bot.escalation.agents import Agents
from bot.messages import OutgoingMessage
from integrations.matrix import render
from integrations.matrix.calls import call
from integrations.matrix.channel import MatrixChannel
from integrations.matrix.events import membership_ts, message_text

log = structlog.get_logger()
CASE_NUMBER = re.compile(r"#(\d+)")


class HelpdeskRoom:
    name = "helpdesk"

    def __init__(self, matrix: MatrixChannel, room_id: str, agents: Agents):
        self.matrix, self.room_id, self.agents = matrix, room_id, agents
        matrix.room_hooks[room_id] = self  # before the sync starts: its invite is accepted, not declined
        self._roots: dict[str, int | None] = {}  # thread root event id -> case number
        self._since: int | None = None  # when the bot was invited (joining shows the room's history)

    async def start(self, submit: Submit) -> None:
        """Join the room if the bot is not in it yet (a public room, or an invite seen before)."""
        try:
            await self.matrix.join(self.room_id)
        except ChannelError as exc:  # not invited yet: the invite is accepted when it comes
            log.warning("helpdesk_room_not_joined", room=self.room_id, error=str(exc)[:200])

    async def send(self, message: OutgoingMessage) -> None:
        await self.matrix.post(self.room_id, render.content(message), message.txn_id or None)

    async def stop(self) -> None:
        self.matrix.room_hooks.pop(self.room_id, None)

    async def events(self, room_id: str, events: list) -> None:
        me = self.matrix.client.user_id if self.matrix.client else ""
        joined = [ts for e in events if (ts := membership_ts(e, me)) is not None]
        if joined:  # the bot's invite/join is in this batch: what came before it is history, not commands
            self._since = min(joined)
        for event in events:
            text = message_text(event, me)
            if text is None or (self._since is not None and event.server_timestamp < self._since):
                continue
            thread = await self._thread_case(event)
            await self.agents.handle(event.event_id, event.sender, text, thread)

    async def _thread_case(self, event) -> int | None:
        """The case whose announcement roots the thread this message is in (from the root's first line)."""
        relation = event.source.get("content", {}).get("m.relates_to") or {}
        root = relation.get("event_id") if relation.get("rel_type") == "m.thread" else None
        if root is None:
            return None
        if root not in self._roots:
            found = await call(self.matrix.client.room_get_event(self.room_id, root))
            first = (getattr(found.event, "body", "") or "").splitlines()[:1]
            match = CASE_NUMBER.search(first[0]) if first else None
            self._roots[root] = int(match[1]) if match else None
        return self._roots[root]
