"""The admin console as an aiohttp sub-application; its pages come from a registry.

`mount_admin` is the one call `bot.web.create_app` makes. Each module in `PAGE_MODULES` has a
`register(registry)` function that adds its routes with their roles and nav entries; the
help-desk queue (#8) and the broadcasts (#9) plug in by adding their module here.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import jinja2
from aiohttp import web

from bot.admin.guard import guard, security_headers
from bot.admin.keys import REGISTRY, TEMPLATES
from bot.admin.registry import Registry

HERE = Path(__file__).parent
PAGE_MODULES = (
    "bot.admin.auth",
    "bot.admin.pages.home",
    "bot.admin.pages.dashboard",
    "bot.admin.pages.broadcasts",
    "bot.admin.pages.cases",
    "bot.admin.pages.unrecognized",
    "bot.admin.pages.training",
    "bot.admin.pages.kb",
    "bot.admin.pages.imports",
    "bot.admin.pages.users",
    "bot.admin.pages.audit",
    "bot.admin.pages.settings",
)


def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    from bot.admin.pages.formats import FILTERS

    env.filters.update(FILTERS)
    return env


def console_app() -> web.Application:
    """The /admin sub-application with every page module registered."""
    admin = web.Application(middlewares=[guard])
    registry = Registry(admin)
    admin[REGISTRY] = registry
    for name in PAGE_MODULES:
        importlib.import_module(name).register(registry)
    registry.static("/static", HERE / "static")
    admin.on_response_prepare.append(security_headers)
    return admin


def mount_admin(app: web.Application) -> None:
    """Mount the console at /admin and the accessibility statement at /barrierefreiheit."""
    from bot.admin.pages.statement import statement_page
    from bot.admin.pages.training import trainer_ctx

    app[TEMPLATES] = templates()  # on the root app: the statement page and the console share it
    admin = console_app()
    admin.cleanup_ctx.append(trainer_ctx)
    app.add_subapp("/admin", admin)
    app.router.add_get("/barrierefreiheit", statement_page)
