"""The Telegram adapter as `mobi serve` runs it: settings checked, the code mailer, the privacy policy."""
from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from bot.effects_handlers import mailer_for
from integrations.telegram.channel import TelegramChannel
from integrations.telegram.policy import privacy_policy
from integrations.telegram.store import CHANNEL

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.runtime import Runtime

log = structlog.get_logger()


def telegram_channel(settings: "Settings", runtime: "Runtime") -> TelegramChannel:
    """The adapter, not yet started; its privacy policy is registered on the runtime's pipeline."""
    settings.check_telegram()
    policy = privacy_policy(settings.telegram_personal_data, settings.matrix_user_id, settings.telegram_webchat_url)
    if policy is not None:
        runtime.pipeline.add_policy(CHANNEL, policy)
    if not settings.smtp_host:  # fine for a demo, never in production: the code must reach the mailbox
        log.warning("telegram_codes_to_mail_drop", hint="set MOBI_SMTP_HOST; codes are written to MOBI_HOME/mail")
    return TelegramChannel(settings, runtime.dbs.bot, runtime.repos.directory, mailer_for(settings),
                           helpdesk=settings.helpdesk_contact, keep_texts=settings.store_message_texts)
