"""Which messenger adapters `mobi serve` starts: one explicit entry per integration."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.channel import Channel
from bot.config import Settings

if TYPE_CHECKING:
    from bot.runtime import Runtime


def configured_channels(settings: Settings, runtime: "Runtime") -> list[Channel]:
    """The adapters whose settings are filled in (Matrix, Telegram, ...), not yet started.

    An adapter gets from `runtime` what it needs (e.g. `runtime.dbs.bot` for its sync token,
    `runtime.repos.directory` to map accounts to employees) through its constructor.
    """
    channels: list[Channel] = []
    if settings.matrix_homeserver:
        from integrations.matrix.channel import MatrixChannel

        matrix = MatrixChannel(settings, settings.matrix_store_path(settings.home), runtime.dbs.bot,
                               runtime.repos.directory, recover=runtime.pipeline.recover)
        channels.append(matrix)
        if settings.helpdesk_room and runtime.escalation is not None:  # agents' room of help-desk cases (#8)
            from integrations.matrix.helpdesk_room import HelpdeskRoom

            channels.append(HelpdeskRoom(matrix, settings.helpdesk_room, runtime.escalation.agents))
    if settings.telegram_enabled():
        from integrations.telegram.wiring import telegram_channel

        channels.append(telegram_channel(settings, runtime))
    return channels
