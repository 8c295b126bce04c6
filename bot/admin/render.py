"""Rendering console pages: the shared layout context (user, nav, CSRF token) and German form errors."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.admin.keys import LOGIN_CSRF, REGISTRY, SESSION, TEMPLATES
from bot.admin.registry import ROLE_LABELS

STATEMENT_URL = "/barrierefreiheit"


@dataclass(frozen=True)
class FieldError:
    """An error of one form field: `field` is the input's id, `message` says (in German) how to fix it."""

    field: str
    message: str


def errors_by_field(errors: list[FieldError]) -> dict[str, str]:
    found: dict[str, str] = {}
    for error in errors:
        found.setdefault(error.field, error.message)
    return found


def page(request: web.Request, template: str, context: dict[str, Any] | None = None, *,
         status: int = 200) -> web.Response:
    """Render `template` inside the console layout."""
    context = dict(context or {})
    errors = context.setdefault("errors", [])
    context.setdefault("field_errors", errors_by_field(errors))
    session = request.get(SESSION)
    role = session.user.role if session else None
    registry = request.config_dict.get(REGISTRY)
    nav = registry.nav_for(role) if registry and session else []
    base = {"user": session.user if session else None, "role_label": ROLE_LABELS.get(role or "", ""),
            "nav": nav, "csrf": session.csrf if session else request.get(LOGIN_CSRF, ""),
            "current": request.path, "statement_url": STATEMENT_URL}
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, app_key=TEMPLATES,
                                          status=status)


def forbidden(request: web.Request, reason: str = "role") -> web.Response:
    """403 as a page: which role is missing, or that the form's security token did not match."""
    return page(request, "forbidden.html", {"reason": reason}, status=403)


def redirect(location: str) -> web.Response:
    """303 See Other (after a POST the browser GETs the target; cookies can be set on it)."""
    return web.Response(status=303, headers={"Location": location})
