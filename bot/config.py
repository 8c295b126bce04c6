"""Settings from `MOBI_*` environment variables and an optional `mobi.toml`."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.admin.config import AdminSettings
from bot.broadcasts.config import BroadcastSettings
from bot.errors import ConfigError
from bot.escalation.config import EscalationSettings
from integrations.email.config import EmailSettings
from integrations.helpdesk.config import HelpdeskSettings
from integrations.matrix.config import MatrixSettings
from integrations.telegram.config import TelegramSettings


class Settings(MatrixSettings, TelegramSettings, EmailSettings, HelpdeskSettings, EscalationSettings, AdminSettings,
               BroadcastSettings, BaseSettings):
    """Everything an operator can set. Objects get values passed in; only this reads env."""

    model_config = SettingsConfigDict(env_prefix="MOBI_", extra="forbid")

    home: Path = Path("var")
    agreement_db: str = ""
    device_db: str = ""
    bot_db: str = ""
    today: dt.date | None = None
    timezone: str = "Europe/Berlin"

    host: str = "127.0.0.1"
    port: int = 8080
    demo_mode: bool = True
    workers: int = 4

    store_message_texts: bool = True
    retention_days: int = 90
    directory_cache_seconds: float = Field(10.0, ge=0)  # an employee record is reused this long (0: always read)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["console", "json"] = "console"

    nlu_backend: Literal["embedded", "rasa"] = "embedded"
    nlu_model: Path | None = None
    rasa_url: str = "http://127.0.0.1:5005"
    confidence_threshold: float = 0.45

    helpdesk_contact: str = "IT-Service, Tel. 0711 216-12345, it-service@stuttgart.example"

    @field_validator("retention_days", "workers")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 0 <= value <= 65535:
            raise ValueError("must be a TCP port (0-65535)")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("MOBI_CONFIG", "mobi.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))

    def db_url(self, name: Literal["agreement", "device", "bot"]) -> str:
        """The SQLAlchemy URL of one of the three databases (SQLite under `home` by default)."""
        url = getattr(self, f"{name}_db")
        return url or f"sqlite+aiosqlite:///{self.home / (name + '.db')}"

    @property
    def model_path(self) -> Path:
        return self.nlu_model or self.home / "models" / "nlu.model"

    def clock_today(self) -> dt.date:
        """Today as the bot sees it (`MOBI_TODAY` pins it for demos and tests)."""
        return self.today or dt.date.today()


def load_settings(**overrides: object) -> Settings:
    """Build settings; a wrong value raises ConfigError with one line naming it."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "?"
        name = f"MOBI_{field.upper()}" if field != "?" else "settings"
        given = err.get("input")
        shown = "" if isinstance(given, dict) else f" (got {given!r})"
        raise ConfigError(f"configuration error: {name}: {err['msg']}{shown}") from None
