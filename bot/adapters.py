"""Which messenger adapters `mobi serve` starts: one explicit entry per integration."""
from __future__ import annotations

from bot.channel import Channel
from bot.config import Settings


def configured_channels(settings: Settings) -> list[Channel]:
    """The adapters whose settings are filled in (Matrix, Telegram, ...), not yet started."""
    channels: list[Channel] = []
    return channels
