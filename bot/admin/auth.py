"""Logging in and out. `AuthProvider` is the extension point for the city's OIDC login.

A provider only answers "who is this?"; the session, the cookie and the audit entry that follow
are the same for every provider (`complete_login`). The local provider checks an argon2 password
and is throttled (see `throttle`). An OIDC provider would add two PUBLIC pages through the registry
(`/login/oidc` redirecting to the IdP, `/login/oidc/callback` mapping the IdP's e-mail claim to an
`admin_users` row with provider "oidc") and end in `complete_login` as well.
"""
from __future__ import annotations

import secrets
from typing import Mapping, Protocol

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin import accounts, audit, sessions, throttle
from bot.admin.accounts import User
from bot.admin.keys import LOGIN_CSRF, NEXT, SESSION, bot_db, now, settings
from bot.admin.registry import PUBLIC, SIGNED_IN, Registry
from bot.admin.render import FieldError, page, redirect

WRONG = "E-Mail-Adresse oder Passwort stimmt nicht. Bitte prüfen Sie beide Eingaben (beim Passwort zählt Groß- und Kleinschreibung)."
LOCKED = ("Zu viele fehlgeschlagene Anmeldeversuche: Die Anmeldung ist bis {until} Uhr gesperrt. "
          "Bitte warten Sie so lange oder wenden Sie sich an den Betrieb.")


class AuthProvider(Protocol):
    """Who is logging in? Returns the active console account, or None."""

    name: str

    async def authenticate(self, conn: AsyncConnection, credentials: Mapping[str, str]) -> User | None: ...


class LocalPasswords:
    name = "local"

    async def authenticate(self, conn: AsyncConnection, credentials: Mapping[str, str]) -> User | None:
        return await accounts.verify(conn, credentials.get("email", ""), credentials.get("password", ""))


def safe_next(target: str | None) -> str:
    """Only a console path is a valid place to go after login (no open redirect)."""
    if target and target.startswith("/admin/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/admin/"


async def complete_login(request: web.Request, conn: AsyncConnection, user: User, target: str) -> web.Response:
    token = await sessions.start(conn, user, now())
    await audit.record(conn, user.email, "login", user.email, {"provider": user.provider})
    response = redirect(safe_next(target))
    response.set_cookie(sessions.COOKIE, token, path="/admin", httponly=True, samesite="Lax",
                        secure=settings(request).admin_secure_cookies)
    response.del_cookie(sessions.LOGIN_CSRF_COOKIE, path="/admin")
    return response


def login_form(request: web.Request, errors: list[FieldError] | None = None, email: str = "") -> web.Response:
    """The login page with a fresh double-submit CSRF cookie (there is no session yet)."""
    token = request.cookies.get(sessions.LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    request[LOGIN_CSRF] = token
    response = page(request, "login.html", {"errors": errors or [], "email": email,
                                            "logged_out": "abgemeldet" in request.query,
                                            "next": safe_next(request.query.get("next") or request.get(NEXT))})
    response.set_cookie(sessions.LOGIN_CSRF_COOKIE, token, path="/admin", httponly=True, samesite="Strict",
                        secure=settings(request).admin_secure_cookies)
    return response


async def login_page(request: web.Request) -> web.StreamResponse:
    if request[SESSION] is not None:
        raise web.HTTPSeeOther(safe_next(request.query.get("next")))
    return login_form(request)


async def login_submit(request: web.Request, provider: AuthProvider = LocalPasswords()) -> web.StreamResponse:
    form = await request.post()
    email, password = str(form.get("email", "")).strip().lower(), str(form.get("password", ""))
    request[NEXT] = str(form.get("next", ""))
    if not email or not password:
        errors = [FieldError(f, m) for f, v, m in (
            ("email", email, "Bitte geben Sie Ihre E-Mail-Adresse ein."),
            ("password", password, "Bitte geben Sie Ihr Passwort ein.")) if not v]
        return login_form(request, errors, email)
    ip, moment = client_of(request), now()
    async with bot_db(request).begin() as conn:
        until = await throttle.lock_of(conn, email, ip, moment)
        if until is None:
            user = await provider.authenticate(conn, {"email": email, "password": password})
            await throttle.note(conn, email, ip, user is not None, moment)
            if user is not None:
                return await complete_login(request, conn, user, request[NEXT])
            until = await throttle.lock_of(conn, email, ip, moment)
            if until is not None:
                await audit.record(conn, "-", "login.locked", email, {"ip": ip})
    if until is not None:
        local = until.astimezone(_zone(request)).strftime("%H:%M")
        return login_form(request, [FieldError("email", LOCKED.format(until=local))], email)
    return login_form(request, [FieldError("password", WRONG)], email)


async def logout(request: web.Request) -> web.StreamResponse:
    session = request[SESSION]
    async with bot_db(request).begin() as conn:
        await sessions.end(conn, session.token_hash)
        await audit.record(conn, session.user.email, "logout", session.user.email)
    response = redirect("/admin/login?abgemeldet=1")
    response.del_cookie(sessions.COOKIE, path="/admin")
    return response


def client_of(request: web.Request) -> str:
    """The address the per-address lock counts (see `throttle.client_address`)."""
    trusted = settings(request).admin_proxy_networks()
    return throttle.client_address(request.remote, request.headers.getall("X-Forwarded-For", []), trusted)


def _zone(request: web.Request):
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings(request).timezone)


def register(registry: Registry) -> None:
    registry.page("GET", "/login", login_page, PUBLIC)
    registry.page("POST", "/login", login_submit, PUBLIC)
    registry.page("POST", "/logout", logout, SIGNED_IN)
