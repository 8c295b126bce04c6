"""Accounts (operators): list, create (role, initial password), deactivate and reactivate."""
from __future__ import annotations

from aiohttp import web

from bot.admin import accounts, sessions
from bot.admin.keys import SESSION, bot_db
from bot.admin.registry import OPERATOR, ROLE_LABELS, ROLES, Registry
from bot.admin.render import FieldError, page, redirect

DONE = {"created": "Das Konto wurde angelegt. Teilen Sie das Anfangspasswort auf sicherem Weg mit.",
        "disabled": "Das Konto wurde gesperrt und überall abgemeldet.", "enabled": "Das Konto ist wieder aktiv."}


async def listing(request: web.Request, errors: list[FieldError] | None = None,
                  values: dict[str, str] | None = None) -> web.Response:
    async with bot_db(request).connect() as conn:
        users = await accounts.all_users(conn)
    return page(request, "users.html", {
        "users": users, "errors": errors or [], "values": values or {}, "labels": ROLE_LABELS,
        "roles": [(r, ROLE_LABELS[r]) for r in ROLES], "done": DONE.get(request.query.get("ok", "")),
        "me": request[SESSION].user.email})


async def create(request: web.Request) -> web.Response:
    posted = await request.post()
    values = {k: str(posted.get(k, "")) for k in ("email", "role", "password")}
    errors = [FieldError(e.field, str(e)) for e in accounts.check_new(values["email"], values["role"],
                                                                      values["password"])]
    if not errors:
        try:
            async with bot_db(request).begin() as conn:
                await accounts.create(conn, values["email"], values["role"], values["password"],
                                      actor=request[SESSION].user.email)
        except accounts.AccountError as exc:
            errors = [FieldError(exc.field, str(exc))]
    if errors:
        return await listing(request, errors, {**values, "password": ""})
    return redirect("/admin/users?ok=created")


async def set_active(request: web.Request) -> web.Response:
    active = (await request.post()).get("active") == "1"
    user_id = int(request.match_info["id"])
    try:
        async with bot_db(request).begin() as conn:
            await accounts.set_active(conn, user_id, active, actor=request[SESSION].user.email)
            if not active:
                await sessions.end_all(conn, user_id)
    except accounts.AccountError as exc:
        return await listing(request, [FieldError(f"user-{user_id}", str(exc))])
    return redirect(f"/admin/users?ok={'enabled' if active else 'disabled'}")


def register(registry: Registry) -> None:
    registry.page("GET", "/users", listing, {OPERATOR}, nav="Konten", order=50,
                  description="Konten der Verwaltung anlegen und sperren.")
    registry.page("POST", "/users", create, {OPERATOR})
    registry.page("POST", r"/users/{id:\d+}/active", set_active, {OPERATOR})
