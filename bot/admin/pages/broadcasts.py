"""HR broadcasts (HR, operators): list, detail with preview / approval / progress / stats, cancel, CSV export.

The rules (four eyes, who may cancel, what a state allows) live in `bot.broadcasts`; these handlers call
its service functions and translate their refusals into German sentences. Every change is audited.
"""
from __future__ import annotations

import io

from aiohttp import web

from bot.admin import audit
from bot.admin.keys import SESSION, bot_db
from bot.admin.pages import broadcasts_common as common
from bot.admin.pages.broadcasts_form import count_json, create, form_page
from bot.admin.registry import HR, OPERATOR, Registry
from bot.admin.render import FieldError, page, redirect
from bot.broadcasts import lifecycle as lc
from bot.broadcasts import service

ROLES = {HR, OPERATOR}
DONE = {"create": "Die Ankündigung wurde angelegt.",
        "approve": "Die Ankündigung ist freigegeben. mobi sendet sie sofort oder zum geplanten Zeitpunkt.",
        "cancel": "Die Ankündigung wurde abgebrochen. Noch nicht gesendete Nachrichten entfallen."}
REFUSED = {"approve": "Die Ankündigung kann nicht mehr freigegeben werden, weil sich ihr Stand inzwischen geändert "
                      "hat. Bitte prüfen Sie den Stand.",
           "cancel": "Die Ankündigung ist bereits gesendet oder abgebrochen und kann nicht mehr abgebrochen werden."}
OWN = ("Sie haben diese Ankündigung selbst angelegt. Nach dem Vier-Augen-Prinzip gibt sie eine zweite Person "
       "aus dem Personalamt oder dem Betrieb frei.")


async def listing(request: web.Request) -> web.Response:
    rows = await service.listing(bot_db(request))
    return page(request, "broadcasts.html", {"rows": rows, "labels": common.LABELS,
                                             "done": DONE.get(request.query.get("ok", ""))})


async def _row(request: web.Request):
    async with bot_db(request).connect() as conn:
        try:
            return await service.get(conn, int(request.match_info["id"]))
        except lc.BroadcastError:
            raise web.HTTPNotFound(text="Diese Ankündigung gibt es nicht.") from None


async def detail(request: web.Request, errors: list[FieldError] | None = None) -> web.Response:
    row = await _row(request)
    me = await common.acting(request)
    context = {"b": row, "labels": common.LABELS, "errors": errors or [], "done": DONE.get(request.query.get("ok", "")),
               "names": await common.names(request, {n for n in (row.created_by, row.approved_by) if n}),
               "own": row.created_by == me.personnel_number, "own_text": OWN, "hr": me.role.value == HR,
               "cancellable": "cancel" in lc.TRANSITIONS[row.status],
               "units": await service.unit_names(common.dbs(request).agreement)}
    if row.status in common.OPEN:
        context["preview"] = await service.preview(common.dbs(request), row.id)
        context["views"] = {lang: common.as_employee_sees(row, lang) for lang in ("de", "en")}
    else:
        context["stats"] = await service.stats(common.dbs(request), row.id)
        context["progress"] = service.progress(context["stats"]["totals"])
    return page(request, "broadcast_detail.html", context)


async def approve(request: web.Request) -> web.Response:
    row, me = await _row(request), await common.acting(request)
    if row.created_by == me.personnel_number:
        return await detail(request, [FieldError("approve", OWN)])
    return await _act(request, row, "approve", service.approve(bot_db(request), row.id, me))


async def cancel(request: web.Request) -> web.Response:
    row, me = await _row(request), await common.acting(request)
    return await _act(request, row, "cancel", service.cancel(bot_db(request), row.id, me))


async def _act(request: web.Request, row, verb: str, change) -> web.Response:
    """Await the service's `change`; a refusal (the state moved on) is shown on the page, a success audited."""
    try:
        result = await change
    except lc.BroadcastError:
        return await detail(request, [FieldError("broadcast-status", REFUSED[verb])])
    await _audit(request, f"broadcast.{verb}", row.id, {"result": result})
    return redirect(f"/admin/broadcasts/{row.id}?ok={verb}")


async def export(request: web.Request) -> web.Response:
    """Per recipient and channel (HR only): the same CSV as `mobi broadcast export`."""
    row = await _row(request)
    buffer = io.StringIO()
    service.write_csv(await service.export_rows(bot_db(request), row.id), buffer)
    await _audit(request, "broadcast.export", row.id, {})
    return web.Response(body=buffer.getvalue().encode("utf-8"), content_type="text/csv", charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="ankuendigung-{row.id}-empfaenger.csv"'})


async def progress_json(request: web.Request) -> web.Response:
    """State and progress for the page's script (it refreshes the progress bar without reloading)."""
    row = await _row(request)
    stats = await service.stats(common.dbs(request), row.id)
    handled, deliverable = service.progress(stats["totals"])
    return web.json_response({"status": row.status, "label": common.STATUS[row.status], "handled": handled,
                              "deliverable": deliverable, "text": progress_text(handled, deliverable)})


def progress_text(handled: int, deliverable: int) -> str:
    return f"{handled} von {deliverable} Nachrichten bearbeitet"


async def _audit(request: web.Request, action: str, broadcast_id: int, details: dict) -> None:
    async with bot_db(request).begin() as conn:
        await audit.record(conn, request[SESSION].user.email, action, f"broadcast {broadcast_id}", details)


def register(registry: Registry) -> None:
    registry.page("GET", "/broadcasts", listing, ROLES, nav="Ankündigungen", order=12,
                  description="Ankündigungen an Beschäftigte schreiben, freigeben (vier Augen) und verfolgen.")
    registry.page("GET", "/broadcasts/new", form_page, ROLES)
    registry.page("POST", "/broadcasts/new", create, ROLES)
    registry.page("GET", "/broadcasts/count", count_json, ROLES)
    registry.page("GET", r"/broadcasts/{id:\d+}", detail, ROLES)
    registry.page("GET", r"/broadcasts/{id:\d+}/progress", progress_json, ROLES)
    registry.page("POST", r"/broadcasts/{id:\d+}/approve", approve, ROLES)
    registry.page("POST", r"/broadcasts/{id:\d+}/cancel", cancel, ROLES)
    registry.page("GET", r"/broadcasts/{id:\d+}/export.csv", export, {HR})
