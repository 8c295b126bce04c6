"""One conversation turn for the CLI and the web chat: link the employee, run the pipeline, collect replies."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from bot import store
from bot.channel import MemoryChannel
from bot.messages import IncomingMessage, OutgoingMessage
from bot.runtime import Runtime
from nlu.result import ParseResult


@dataclass(frozen=True)
class Exchange:
    parse: ParseResult | None
    replies: list[OutgoingMessage]

    def to_json(self) -> dict[str, Any]:
        parse = self.parse
        return {
            "intent": {"name": parse.intent.name, "confidence": round(parse.intent.confidence, 4)} if parse else None,
            "entities": [e.to_rasa() for e in parse.entities] if parse else [],
            "language": parse.language if parse else None,
            "replies": [r.to_payload() for r in self.replies],
        }


async def link_by_email(runtime: Runtime, channel: str, email: str) -> str:
    """Trusted channels (CLI, demo web chat) name the employee by e-mail; returns the sender id."""
    sender = email.strip().lower()
    employee = await runtime.repos.directory.by_email(sender)
    if employee is not None:
        async with runtime.dbs.bot.begin() as conn:
            await store.link_identity(conn, channel, sender, employee.personnel_number)
    return sender


async def exchange(runtime: Runtime, channel: MemoryChannel, sender: str, text: str) -> Exchange:
    """Send one message through the full pipeline and return what came back."""
    message = IncomingMessage(channel.name, sender, text, event_id=f"{channel.name}-{uuid.uuid4().hex}")
    parses = await runtime.pipeline.handle(message)
    return Exchange(parses[-1] if parses else None, channel.take(sender))
