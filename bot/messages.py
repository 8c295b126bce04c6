"""Channel-neutral messages: what adapters translate from and to."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


# control characters carry no meaning in a chat message, and PostgreSQL cannot store NUL in text
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


@dataclass(frozen=True)
class IncomingMessage:
    channel: str
    sender_id: str
    text: str
    event_id: str
    timestamp: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    def __post_init__(self) -> None:
        if self.text and not self.text.isprintable():  # the common case costs one C-level scan
            object.__setattr__(self, "text", self.text.translate(_CONTROL))


@dataclass(frozen=True)
class Option:
    """An answer the user can pick; `value` is what counts as typed when picked."""

    label: str
    value: str


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str
    recipient: str
    text: str
    options: tuple[Option, ...] = ()
    language: str = "de"
    txn_id: str = ""
    reply_to: str = ""  # event id of the message this answers (read receipts), empty if none

    def to_payload(self) -> dict[str, Any]:
        payload = {
            "text": self.text,
            "options": [{"label": o.label, "value": o.value} for o in self.options],
            "language": self.language,
        }
        return dict(payload, reply_to=self.reply_to) if self.reply_to else payload

    @classmethod
    def from_payload(cls, channel: str, recipient: str, txn_id: str, payload: dict) -> "OutgoingMessage":
        return cls(
            channel=channel,
            recipient=recipient,
            text=payload["text"],
            options=tuple(Option(o["label"], o["value"]) for o in payload.get("options", [])),
            language=payload.get("language", "de"),
            txn_id=txn_id,
            reply_to=payload.get("reply_to", ""),
        )
