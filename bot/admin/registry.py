"""The page registry: every console route declares its path, its roles and (maybe) its nav entry.

Pages plug in by a `register(registry)` function in their module (listed in `bot.admin.PAGE_MODULES`);
the help-desk queue (#8) and the broadcasts (#9) add theirs the same way. The middleware in
`bot.admin.guard` looks up the rule of the matched route and denies anything without one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable

from aiohttp import web

HR, HELPDESK, OPERATOR = "hr", "helpdesk", "operator"
ROLES = (HR, HELPDESK, OPERATOR)
ROLE_LABELS = {HR: "Personalamt (HR)", HELPDESK: "Help-Desk", OPERATOR: "Betrieb"}
PUBLIC = frozenset({"anonymous"})  # anyone, logged in or not (login page, static files)
SIGNED_IN = frozenset(ROLES)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Rule:
    """Who may use a route: `roles` (PUBLIC: everybody) and the largest request body it accepts."""

    roles: frozenset[str]
    max_body: int = 256 * 1024

    def allows(self, role: str | None) -> bool:
        return self.roles == PUBLIC or role in self.roles


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str
    roles: frozenset[str]
    order: int
    description: str = ""  # one German sentence for the start page


@dataclass
class Registry:
    """Routes of the console sub-application with their rules; the nav is built from it per role."""

    app: web.Application
    rules: dict[tuple[str, str], Rule] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)

    def page(self, method: str, path: str, handler: Handler, roles: frozenset[str] | set[str], *,
             nav: str | None = None, order: int = 50, description: str = "", max_body: int = 256 * 1024) -> None:
        """Add a route under /admin; `nav` puts a GET page into the navigation of its roles."""
        roles = frozenset(roles)
        if not roles or not (roles == PUBLIC or roles <= SIGNED_IN):
            raise ValueError(f"{method} {path}: roles must be PUBLIC or a subset of {ROLES}")
        route = self.app.router.add_route(method, path, handler)
        self.rules[(method.upper(), route.resource.canonical)] = Rule(roles, max_body)
        if nav:
            self.nav.append(NavEntry(nav, path, roles, order, description))

    def static(self, path: str, folder) -> None:
        self.app.router.add_static(path, folder)
        self.rules[("GET", path)] = Rule(PUBLIC)

    def rule_for(self, request: web.Request) -> Rule | None:
        """The rule of the matched route (None: no rule, or no route -> the guard answers 403/404)."""
        info = request.match_info
        if info.http_exception is not None:
            return None
        resource = info.route.resource
        path = resource.canonical.removeprefix(self.prefix) or "/"
        method = "GET" if request.method == "HEAD" else request.method
        return self.rules.get((method, path))

    @property
    def prefix(self) -> str:
        return "/admin"

    def nav_for(self, role: str | None) -> list[NavEntry]:
        return sorted((e for e in self.nav if role in e.roles), key=lambda e: e.order)
