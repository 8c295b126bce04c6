"""The Matrix adapter's settings (`MOBI_MATRIX_*`), composed into `bot.config.Settings`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, SecretStr, field_validator
from pydantic_settings import NoDecode

from bot.errors import ConfigError

WEAK_PICKLE_KEYS = frozenset({"", "DEFAULT_KEY", "change-me", "changeme", "secret", "mobi"})
MIN_PICKLE_KEY = 16


class MatrixSettings(BaseModel):
    """Leave `matrix_homeserver` empty to run without Matrix."""

    matrix_homeserver: str = ""
    matrix_user_id: str = ""
    matrix_access_token: SecretStr = SecretStr("")
    matrix_password: SecretStr = SecretStr("")
    matrix_device_id: str = "MOBIBOT"
    matrix_e2ee: bool = True
    matrix_pickle_key: SecretStr = SecretStr("")
    matrix_store_dir: Path | None = None
    matrix_allowed_domains: Annotated[list[str], NoDecode] = []  # JSON list or "a.example,b.example"
    matrix_domain_map: Annotated[dict[str, str], NoDecode] = {}  # JSON object or "matrix.dom=mail.dom,..."
    matrix_sync_timeout_ms: int = 30_000
    matrix_timeline_limit: int = 100  # events per room and sync; a longer gap is back-filled via /messages
    matrix_typing_delay: float = 0.5  # "mobi is typing" only when an answer takes longer than this

    @field_validator("matrix_homeserver")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be the homeserver's client URL, e.g. https://matrix.stuttgart.example")
        return value.rstrip("/")

    @field_validator("matrix_allowed_domains", mode="before")
    @classmethod
    def _domains(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            return json.loads(value) if value.startswith("[") else [d.strip() for d in value.split(",") if d.strip()]
        return value

    @field_validator("matrix_domain_map", mode="before")
    @classmethod
    def _domain_map(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("{"):
                return json.loads(value)
            return dict(pair.split("=", 1) for pair in value.split(",") if "=" in pair)
        return value

    def matrix_store_path(self, home: Path) -> Path:
        """Where the crypto store lives: `MOBI_MATRIX_STORE_DIR` or `<MOBI_HOME>/matrix`."""
        return self.matrix_store_dir or home / "matrix"

    def matrix_server_name(self) -> str:
        return self.matrix_user_id.partition(":")[2]

    def matrix_domains(self) -> frozenset[str]:
        """Homeserver domains whose users may talk to mobi (default: the bot's own)."""
        return frozenset(d.lower() for d in self.matrix_allowed_domains) or frozenset({self.matrix_server_name()})

    def check_matrix(self) -> None:
        """Refuse to start with an incomplete login or, with E2EE on, a missing or default pickle key."""
        if not self.matrix_user_id.startswith("@") or ":" not in self.matrix_user_id:
            raise ConfigError("MOBI_MATRIX_USER_ID must be a full Matrix id, e.g. @mobi:stuttgart.example")
        if not (self.matrix_access_token.get_secret_value() or self.matrix_password.get_secret_value()):
            raise ConfigError("set MOBI_MATRIX_ACCESS_TOKEN (preferred) or MOBI_MATRIX_PASSWORD")
        key = self.matrix_pickle_key.get_secret_value()
        if self.matrix_e2ee and (key in WEAK_PICKLE_KEYS or len(key) < MIN_PICKLE_KEY):
            raise ConfigError(
                "MOBI_MATRIX_PICKLE_KEY must be a random secret of at least 16 characters when "
                "MOBI_MATRIX_E2EE is on: it protects the bot's encryption keys on disk "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
