"""Settings of the admin console (`MOBI_ADMIN_*`), composed into `bot.config.Settings`."""
from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, field_validator
from pydantic_settings import NoDecode


class AdminSettings(BaseModel):
    """Sessions, cookies and the console's data files; objects get these passed in."""

    admin_session_idle_minutes: int = 30
    admin_session_max_hours: int = 10
    admin_secure_cookies: bool = False  # set to true behind TLS (cookies then travel only over https)
    admin_nlu_data: list[Path] = []  # training data the console retrains on (empty: the shipped nlu/data)
    admin_cv_folds: int = 3
    admin_kb_dir: Path | None = None  # knowledge-base folder edited in the console (empty: actions/kb)
    admin_statement_file: Path | None = None  # accessibility statement (empty: $MOBI_HOME/barrierefreiheit.yml)
    # reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs; empty: the peer is the client)
    admin_trusted_proxies: Annotated[list[str], NoDecode] = []

    @field_validator("admin_trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            value = json.loads(value) if value.startswith("[") else [v.strip() for v in value.split(",") if v.strip()]
        for entry in value or []:
            try:
                ipaddress.ip_network(str(entry), strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or CIDR range like 10.0.0.0/8") from None
        return value

    def admin_proxy_networks(self) -> tuple:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in self.admin_trusted_proxies)
