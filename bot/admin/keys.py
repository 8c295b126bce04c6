"""Typed keys of the console sub-application and small accessors for handlers."""
from __future__ import annotations

import datetime as dt

import jinja2
from aiohttp import web

from bot.admin.registry import Registry
from bot.admin.sessions import Session

REGISTRY = web.AppKey("admin_registry", Registry)
TEMPLATES = web.AppKey("admin_templates", jinja2.Environment)
SESSION = web.RequestKey("admin_session", Session)  # the logged-in session, or None
LOGIN_CSRF = web.RequestKey("admin_login_csrf", str)  # the login form's token (no session yet)
NEXT = web.RequestKey("admin_next", str)  # where to go after logging in


def runtime(request: web.Request):
    from bot.web import RUNTIME

    return request.config_dict[RUNTIME]


def settings(request: web.Request):
    from bot.web import SETTINGS

    return request.config_dict[SETTINGS]


def bot_db(request: web.Request):
    return runtime(request).dbs.bot


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
