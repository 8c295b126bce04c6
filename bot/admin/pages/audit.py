"""Audit log (operators): every change, newest first, 50 per page."""
from __future__ import annotations

from aiohttp import web

from bot.admin import audit
from bot.admin.keys import bot_db
from bot.admin.registry import OPERATOR, Registry
from bot.admin.render import page


async def listing(request: web.Request) -> web.Response:
    try:
        number = max(1, int(request.query.get("seite", "1")))
    except ValueError:
        number = 1
    async with bot_db(request).connect() as conn:
        entries, pages = await audit.page(conn, number)
    return page(request, "audit.html", {"entries": entries, "number": number, "pages": pages})


def register(registry: Registry) -> None:
    registry.page("GET", "/audit", listing, {OPERATOR}, nav="Protokoll", order=60,
                  description="Wer hat wann was geändert.")
