"""Settings (operators): the effective configuration, read-only, with every secret redacted."""
from __future__ import annotations

import re
from typing import Any

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.admin.keys import settings
from bot.admin.registry import OPERATOR, Registry
from bot.admin.render import page

REDACTED = "•••••• (ausgeblendet)"
SECRET_NAME = re.compile(r"(secret|password|passwd|token|key|credential)", re.IGNORECASE)


def redacted(values: Any) -> list[tuple[str, str]]:
    """(MOBI_NAME, shown value) for every setting: secrets hidden, passwords in URLs hidden."""
    rows = []
    for name in type(values).model_fields:
        value = getattr(values, name)
        if isinstance(value, SecretStr) or SECRET_NAME.search(name):
            shown = REDACTED if value and str(value.get_secret_value() if isinstance(value, SecretStr) else value) else "(leer)"
        elif isinstance(value, str) and "://" in value:
            shown = _url(value)
        else:
            shown = "(leer)" if value in ("", None, []) else str(value)
        rows.append((f"MOBI_{name.upper()}", shown))
    return rows


def _url(value: str) -> str:
    try:
        url = make_url(value)
    except Exception:  # not a database URL: hide any user:password@ part by hand
        return re.sub(r"//[^/@]*@", "//••••@", value)
    return url.render_as_string(hide_password=True) if url.password else value


async def view(request: web.Request) -> web.Response:
    return page(request, "settings.html", {"rows": redacted(settings(request))})


def register(registry: Registry) -> None:
    registry.page("GET", "/settings", view, {OPERATOR}, nav="Einstellungen", order=70,
                  description="Die wirksame Konfiguration (Geheimnisse ausgeblendet).")
