"""The "Erklärung zur Barrierefreiheit" at /barrierefreiheit (public), read from an operator-edited YAML file."""
from __future__ import annotations

from pathlib import Path

import yaml
from aiohttp import web

from bot.admin.keys import settings
from bot.admin.render import page

DEFAULT = Path(__file__).resolve().parent.parent / "barrierefreiheit.yml"
REQUIRED = ("organisation", "scope", "status", "status_text", "limitations", "method", "last_check", "feedback")


def statement_file(home: Path, configured: Path | None) -> Path:
    """The configured file, else $MOBI_HOME/barrierefreiheit.yml if present, else the shipped sample."""
    if configured:
        return configured
    own = home / "barrierefreiheit.yml"
    return own if own.exists() else DEFAULT


def load(path: Path) -> dict:
    """The statement's content; raises ValueError naming a missing field (checked by the tests)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return data


async def statement_page(request: web.Request) -> web.Response:
    s = settings(request)
    path = statement_file(s.home, s.admin_statement_file)
    try:
        data = load(path)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise web.HTTPInternalServerError(text=f"Die Erklärung zur Barrierefreiheit kann nicht gelesen werden: {exc}")
    return page(request, "statement.html", {"s": data})
