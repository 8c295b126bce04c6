"""The Telegram adapter's settings (`MOBI_TELEGRAM_*`), composed into `bot.config.Settings`."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, SecretStr, field_validator

from bot.errors import ConfigError

SECRET_CHARS = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # Telegram allows 1-256 of these; we want 16+
WEBHOOK_PATH = "/telegram/webhook"


class TelegramSettings(BaseModel):
    """Leave `telegram_token` empty to run without Telegram."""

    telegram_token: SecretStr = SecretStr("")
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_webhook_url: str = ""  # public https URL ending in /telegram/webhook, given to setWebhook
    telegram_api_url: str = "https://api.telegram.org/bot"  # PTB `base_url`; tests point it at a fake
    telegram_poll_timeout: int = 30  # seconds a getUpdates long poll may wait
    telegram_send_retries: int = 3  # AIORateLimiter retries after a 429, before the pipeline's own
    telegram_personal_data: bool = False  # personal lookups on Telegram (see README: data protection)
    telegram_webchat_url: str = ""  # where the refusal of personal lookups sends employees (intranet web chat)

    @field_validator("telegram_webhook_url")
    @classmethod
    def _https(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be the public URL of mobi's webhook, e.g. https://mobi.stuttgart.example"
                             f"{WEBHOOK_PATH}")
        return value

    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token.get_secret_value())

    def check_telegram(self) -> None:
        """Refuse to start webhook mode without a strong secret (it is all that guards the route)."""
        if self.telegram_mode != "webhook":
            return
        if not SECRET_CHARS.match(self.telegram_webhook_secret.get_secret_value()):
            raise ConfigError(
                "MOBI_TELEGRAM_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and - in webhook "
                "mode (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
