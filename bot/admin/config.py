"""Settings of the admin console (`MOBI_ADMIN_*`), composed into `bot.config.Settings`."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel


class AdminSettings(BaseModel):
    """Sessions, cookies and the console's data files; objects get these passed in."""

    admin_session_idle_minutes: int = 30
    admin_session_max_hours: int = 10
    admin_secure_cookies: bool = False  # set to true behind TLS (cookies then travel only over https)
    admin_nlu_data: list[Path] = []  # training data the console retrains on (empty: the shipped nlu/data)
    admin_cv_folds: int = 3
    admin_kb_dir: Path | None = None  # knowledge-base folder edited in the console (empty: actions/kb)
    admin_statement_file: Path | None = None  # accessibility statement (empty: $MOBI_HOME/barrierefreiheit.yml)
