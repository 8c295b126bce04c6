"""The form of a new broadcast: reading and checking it (German errors), the live recipient count, creating."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import select

from bot.admin import audit
from bot.admin.keys import SESSION, bot_db, now, settings
from bot.admin.pages import broadcasts_common as common
from bot.admin.render import FieldError, page, redirect
from bot.broadcasts import lifecycle as lc
from bot.broadcasts import service
from bot.broadcasts.targeting import UNITS, Target

GROUPS = ("amt", "agreement_status", "device_status", "wave", "role", "language")
TEXTS = ("title", "text_de", "text_en", "kind", "when", "send_at")


@dataclass
class Draft:
    """What the author typed (to show again) and the problems found in it."""

    values: dict[str, str]
    chosen: dict[str, list[str]]
    errors: list[FieldError] = field(default_factory=list)
    send_at: dt.datetime | None = None

    def target(self) -> Target:
        c = self.chosen
        return Target(tuple(c["amt"]), tuple(c["agreement_status"]), tuple(c["device_status"]),
                      tuple(int(w) for w in c["wave"]), tuple(c["role"]), tuple(c["language"]))


async def choices(request: web.Request) -> dict[str, list[tuple[str, str]]]:
    """The options of each target group, as (value, German label)."""
    async with common.dbs(request).agreement.connect() as conn:
        units = (await conn.execute(select(UNITS.c.code, UNITS.c.name, UNITS.c.eakte_wave)
                                    .order_by(UNITS.c.name))).all()
    waves = sorted({u.eakte_wave for u in units if u.eakte_wave is not None})
    return {"amt": [(u.code, u.name if f"({u.code})" in u.name else f"{u.name} ({u.code})") for u in units],
            "agreement_status": list(common.AGREEMENT.items()), "device_status": list(common.DEVICE.items()),
            "wave": [(str(w), f"Welle {w}") for w in waves], "role": list(common.ROLE.items()),
            "language": list(common.LANGUAGE.items())}


def read(form, options: dict, role: str, zone: str, *, full: bool) -> Draft:
    """The draft in `form`; `full` also checks title, text, kind and time (not only the target)."""
    draft = Draft({k: str(form.get(k, "")).strip() for k in TEXTS}, {g: list(form.getall(g, [])) for g in GROUPS})
    for group in GROUPS:
        allowed = {value for value, _ in options[group]}
        if any(value not in allowed for value in draft.chosen[group]):
            draft.errors.append(FieldError(f"{group}-{options[group][0][0]}" if options[group] else group,
                                           "Bitte wählen Sie nur Einträge aus der Liste."))
    if full:
        _check_content(draft, role, zone)
    return draft


def _check_content(draft: Draft, role: str, zone: str) -> None:
    v = draft.values
    if not v["title"]:
        draft.errors.append(FieldError("title", "Bitte geben Sie einen Titel ein."))
    if not v["text_de"]:
        draft.errors.append(FieldError("text_de", "Bitte geben Sie den deutschen Text ein."))
    if v["kind"] not in lc.KINDS or (v["kind"] == "mandatory" and role != "operator"):
        draft.errors.append(FieldError("kind-info", "Bitte wählen Sie „Information“. Pflichtmitteilungen legt der "
                                                    "Betrieb an."))
    if v["when"] == "later":
        try:
            draft.send_at = dt.datetime.fromisoformat(v["send_at"]).replace(tzinfo=ZoneInfo(zone))
        except ValueError:
            draft.send_at = None
        if draft.send_at is None or draft.send_at <= now():
            draft.errors.append(FieldError("send_at", "Bitte geben Sie einen Zeitpunkt in der Zukunft an, "
                                                      "zum Beispiel 04.01.2027, 08:00 Uhr."))


async def headcount(request: web.Request, draft: Draft) -> dict[str, int]:
    kind = "mandatory" if draft.values["kind"] == "mandatory" else "info"
    return service.headcount(await service.plan(common.dbs(request), draft.target(), kind))


async def count_json(request: web.Request) -> web.Response:
    """GET with the form's fields as query: the live count for the script (read-only, so no CSRF token)."""
    draft = read(request.query, await choices(request), request[SESSION].user.role, "", full=False)
    if draft.errors:
        return web.json_response({"text": draft.errors[0].message}, status=400)
    counts = await headcount(request, draft)
    return web.json_response({**counts, "text": common.headcount_text(counts)})


async def form_page(request: web.Request, draft: Draft | None = None, count: str = "") -> web.Response:
    user = request[SESSION].user
    draft = draft or Draft({"kind": "info", "when": "now"}, {g: [] for g in GROUPS})
    return page(request, "broadcast_new.html", {
        "draft": draft, "errors": draft.errors, "options": await choices(request), "count": count,
        "operator": user.role == "operator", "zone": settings(request).timezone})


async def create(request: web.Request) -> web.Response:
    form, user = await request.post(), request[SESSION].user
    counting = form.get("action") == "count"
    draft = read(form, await choices(request), user.role, settings(request).timezone, full=not counting)
    if counting or draft.errors:
        count = "" if draft.errors else common.headcount_text(await headcount(request, draft))
        return await form_page(request, draft, count)
    who = await common.acting(request)
    v = draft.values
    broadcast_id = await service.create(bot_db(request), who, title=v["title"], text_de=v["text_de"],
                                        text_en=v["text_en"] or None, kind=v["kind"], target=draft.target(),
                                        send_at=draft.send_at, approval=settings(request).broadcast_approval)
    async with bot_db(request).begin() as conn:
        await audit.record(conn, user.email, "broadcast.create", f"broadcast {broadcast_id}",
                           {"kind": v["kind"], "target": draft.target().to_json(),
                            "send_at": draft.send_at.isoformat() if draft.send_at else None})
    return redirect(f"/admin/broadcasts/{broadcast_id}?ok=create")
