"""Outgoing e-mail (aiosmtplib): one `Mailer` protocol, one SMTP implementation."""
from __future__ import annotations

from integrations.email.mailer import Mail, Mailer, SmtpMailer
from integrations.email.config import EmailSettings

__all__ = ["EmailSettings", "Mail", "Mailer", "SmtpMailer"]
