"""The console's middleware: find the route's rule, load the session, check role and CSRF token.

Order for every request under /admin: no rule -> 403 (a route nobody declared is closed);
session from the cookie; PUBLIC rule -> go on; no session -> redirect to the login page;
wrong role -> 403; POST -> the form's `csrf` must equal the session's token (or, before login,
the login cookie's) -> otherwise 403. Security headers are added to every response.
"""
from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from bot.admin import sessions
from bot.admin.keys import REGISTRY, SESSION, bot_db, now, settings
from bot.admin.registry import PUBLIC
from bot.admin.render import forbidden

LOGIN = "/admin/login"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def lifetime(request: web.Request) -> sessions.Lifetime:
    import datetime as dt

    s = settings(request)
    return sessions.Lifetime(dt.timedelta(minutes=s.admin_session_idle_minutes),
                             dt.timedelta(hours=s.admin_session_max_hours))


@web.middleware
async def guard(request: web.Request, handler) -> web.StreamResponse:
    rule = request.app[REGISTRY].rule_for(request)
    if rule is None:
        if request.match_info.http_exception is not None:
            raise request.match_info.http_exception
        request[SESSION] = None
        return forbidden(request)
    async with bot_db(request).begin() as conn:
        request[SESSION] = await sessions.load(conn, request.cookies.get(sessions.COOKIE), lifetime(request), now())
    session = request[SESSION]
    if rule.roles != PUBLIC:
        if session is None:
            target = request.path_qs if request.method == "GET" else "/admin/"
            raise web.HTTPSeeOther(f"{LOGIN}?next={quote(target, safe='/')}")
        if not rule.allows(session.user.role):
            return forbidden(request)
    if request.method == "POST":
        request = request.clone(client_max_size=rule.max_body)
        request[SESSION] = session
        form = await request.post()
        expected = session.csrf if session else request.cookies.get(sessions.LOGIN_CSRF_COOKIE)
        if not sessions.same(str(form.get("csrf", "")), expected):
            return forbidden(request, "csrf")
    return await handler(request)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/admin") and not request.path.startswith("/admin/static"):
        response.headers.setdefault("Cache-Control", "no-store")
