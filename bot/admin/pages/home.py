"""The start page: what the logged-in role can do here, built from the nav entries."""
from __future__ import annotations

from aiohttp import web

from bot.admin.keys import REGISTRY, SESSION
from bot.admin.registry import SIGNED_IN, Registry
from bot.admin.render import page


async def home(request: web.Request) -> web.Response:
    role = request[SESSION].user.role
    entries = [e for e in request.app[REGISTRY].nav_for(role) if e.path != "/"]
    return page(request, "home.html", {"entries": entries})


def register(registry: Registry) -> None:
    registry.page("GET", "/", home, SIGNED_IN, nav="Übersicht", order=0)
