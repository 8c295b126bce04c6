"""Send plain-text mails through the city's SMTP relay."""
from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

from bot.errors import ChannelError
from integrations.email.config import EmailSettings


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None: ...


class SmtpMailer:
    """aiosmtplib against the configured relay; failures become `ChannelError` (never the body in logs)."""

    def __init__(self, settings: EmailSettings):
        if not settings.smtp_host:
            raise ChannelError("e-mail is not configured (MOBI_SMTP_HOST is empty)")
        self._settings = settings

    def _message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._settings.mail_from
        message["To"] = mail.to
        message["Subject"] = mail.subject
        for name, value in mail.headers.items():
            message[name] = value
        message.set_content(mail.body)
        return message

    async def send(self, mail: Mail) -> None:
        s = self._settings
        try:
            await aiosmtplib.send(
                self._message(mail), hostname=s.smtp_host, port=s.smtp_port,
                username=s.smtp_user or None, password=s.smtp_password.get_secret_value() or None,
                start_tls=s.smtp_starttls, use_tls=s.smtp_tls, timeout=s.smtp_timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"e-mail to the relay failed: {type(exc).__name__}") from exc
