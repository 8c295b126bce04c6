"""The Telegram adapter as `mobi serve` runs it: settings checked, the code mailer, the privacy policy."""
from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from integrations.email import SmtpMailer
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
    mailer = SmtpMailer(settings) if settings.smtp_host else None
    if mailer is None:
        log.warning("telegram_linking_without_email", hint="set MOBI_SMTP_HOST: codes cannot be sent")
    return TelegramChannel(settings, runtime.dbs.bot, runtime.repos.directory, mailer,
                           helpdesk=settings.helpdesk_contact, keep_texts=settings.store_message_texts)
