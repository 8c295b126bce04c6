"""Help-desk settings (`MOBI_HELPDESK_*`), composed into `bot.config.Settings`."""
from __future__ import annotations

from pydantic import BaseModel, field_validator


class HelpdeskSettings(BaseModel):
    """Where tickets go. Without SMTP (`MOBI_SMTP_HOST` empty) mails are written to `MOBI_HOME/mail/`."""

    helpdesk_email: str = "itsm@stuttgart.example"

    @field_validator("helpdesk_email")
    @classmethod
    def _address(cls, value: str) -> str:
        value = value.strip()
        if value.count("@") != 1 or " " in value or value.startswith("@") or value.endswith("@"):
            raise ValueError("must be one e-mail address, e.g. itsm@stuttgart.example")
        return value
