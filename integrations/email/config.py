"""E-mail settings (`MOBI_SMTP_*`), composed into `bot.config.Settings`."""
from __future__ import annotations

from pydantic import BaseModel, SecretStr


class EmailSettings(BaseModel):
    """Leave `smtp_host` empty to run without e-mail (features that need it say so)."""

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_timeout: float = 10.0
    mail_from: str = "mobi <mobi@stuttgart.example>"
