"""Help-desk cases (help desk, operators): the queue of the help-desk room, claim, reply and close.

The queue shows number, topic, occasion, status and agent of each open or claimed case; the
conversation (the room's first post and what was said since) only appears for the agent who
claimed the case, at `/admin/cases?fall=N`. Every command goes through `cases_desk.act`.
"""
from __future__ import annotations

from aiohttp import web

from bot.admin.keys import SESSION, bot_db, runtime
from bot.admin.pages import cases_desk as desk
from bot.admin.registry import HELPDESK, OPERATOR, Registry
from bot.admin.render import FieldError, page, redirect

ROLES = {HELPDESK, OPERATOR}
DONE = {"claimed": "Sie haben den Fall übernommen. Die Person wurde benachrichtigt.",
        "replied": "Ihre Antwort wurde an die Person gesendet.",
        "closed": "Der Fall ist abgeschlossen. Ab jetzt antwortet der Person wieder mobi."}
NOT_YOURS = "Diesen Fall haben nicht Sie übernommen. Übernehmen Sie ihn zuerst in der Warteschlange."
PAST = {"claim": "claimed", "reply": "replied", "close": "closed"}
EMPTY_REPLY = "Bitte schreiben Sie eine Antwort, bevor Sie sie senden."
MAX_TEXT = 4000  # as in the web chat
TOO_LONG = "Ihre Antwort ist zu lang: Bitte kürzen Sie sie auf höchstens 4.000 Zeichen."


def _agents(request: web.Request):
    return runtime(request).escalation.agents


async def _me(request: web.Request) -> desk.Agent:
    return await desk.agent_of(runtime(request).repos.directory, request[SESSION].user.email)


async def listing(request: web.Request, errors: list[FieldError] | None = None, values: dict | None = None,
                  number: int | None = None) -> web.Response:
    me = request[SESSION].user.email
    chosen = number if number is not None else _int(request.query.get("fall"))
    async with bot_db(request).connect() as conn:
        rows = await desk.queue(conn, _agents(request), me)
        case = await desk.opened(conn, _agents(request), chosen, me) if chosen is not None else None
    status = 404 if number is None and chosen is not None and case is None else 200  # a wrong link
    return page(request, "cases.html", {
        "rows": rows, "chosen": chosen, "case": case, "opened": isinstance(case, desk.Opened),
        "errors": errors or [], "values": values or {}, "nonce": desk.new_nonce,
        "done": DONE.get(request.query.get("ok", "")), "room": runtime(request).settings.helpdesk_room}, status=status)


async def command(request: web.Request, name: str) -> web.Response:
    number = int(request.match_info["id"])
    form = await request.post()
    text, nonce = str(form.get("text", "")).strip(), str(form.get("nonce", ""))
    field = "queue" if name == "claim" else "fall"  # where the error summary leads
    kept = {"reply": text} if name == "reply" else {}
    if name == "reply" and not (0 < len(text) <= MAX_TEXT):
        return await listing(request, [FieldError("reply", TOO_LONG if text else EMPTY_REPLY)], kept, number)
    me = await _me(request)
    if name != "claim":
        async with bot_db(request).connect() as conn:
            if not await desk.owned(conn, _agents(request), number, me.email):
                return await listing(request, [FieldError(field, NOT_YOURS)], kept, number)
    answer = await desk.act(_agents(request), me, name, number, text[:MAX_TEXT], nonce)
    if not answer.ok:
        return await listing(request, [FieldError(field, answer.text or NOT_YOURS)], kept, number)
    return redirect(f"/admin/cases?ok={PAST[name]}" + ("" if name == "close" else f"&fall={number}"))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


async def claim(request: web.Request) -> web.Response:
    return await command(request, "claim")


async def reply(request: web.Request) -> web.Response:
    return await command(request, "reply")


async def close(request: web.Request) -> web.Response:
    return await command(request, "close")


def register(registry: Registry) -> None:
    registry.page("GET", "/cases", listing, ROLES, nav="Fälle", order=15,
                  description="Die Fälle des Help-Desk-Raums übernehmen, beantworten und abschließen.")
    registry.page("POST", r"/cases/{id:\d+}/claim", claim, ROLES)
    registry.page("POST", r"/cases/{id:\d+}/reply", reply, ROLES)
    registry.page("POST", r"/cases/{id:\d+}/close", close, ROLES)
