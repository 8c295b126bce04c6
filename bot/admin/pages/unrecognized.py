"""Unrecognized questions (help desk, operators): assign each to an intent or dismiss it."""
from __future__ import annotations

from aiohttp import web

from bot.admin import review, training_data
from bot.admin.keys import SESSION, bot_db, runtime, settings
from bot.admin.registry import HELPDESK, OPERATOR, Registry
from bot.admin.render import FieldError, page, redirect

ROLES = {HELPDESK, OPERATOR}
DONE = {"assigned": "Die Frage wurde als Trainingsbeispiel gespeichert.", "dismissed": "Die Frage wurde verworfen."}


def intents(request: web.Request) -> list[str]:
    """The intents of the live model (the choices for an assignment)."""
    model = getattr(runtime(request).pipeline.interpreter, "model", None)
    return sorted(getattr(model, "intent_names", None) or [])


async def listing(request: web.Request, errors: list[FieldError] | None = None, status: int = 200) -> web.Response:
    s = settings(request)
    async with bot_db(request).connect() as conn:
        questions, total = await review.pending(conn, s.confidence_threshold)
    examples = training_data.count_examples(training_data.console_file(s.home))
    return page(request, "unrecognized.html", {
        "questions": questions, "total": total, "options": [(i, i) for i in intents(request)], "errors": errors or [],
        "done": DONE.get(request.query.get("ok", "")), "examples": examples, "store_texts": s.store_message_texts,
        "threshold": s.confidence_threshold}, status=status)


async def assign(request: web.Request) -> web.Response:
    message_id = int(request.match_info["id"])
    intent = str((await request.post()).get("intent", ""))
    if intent not in intents(request):
        return await listing(request, [FieldError(f"intent-{message_id}",
                                                  "Bitte wählen Sie eine Absicht aus der Liste und drücken Sie dann „Zuordnen“.")])
    s, user = settings(request), request[SESSION].user
    try:
        async with bot_db(request).begin() as conn:
            text = await review.assign(conn, message_id, intent, s.confidence_threshold, reviewer=user.email)
            training_data.append_example(training_data.console_file(s.home), intent, text)
    except review.ReviewError as exc:
        return await listing(request, [FieldError(f"intent-{message_id}", str(exc))])
    return redirect("/admin/unrecognized?ok=assigned")


async def dismiss(request: web.Request) -> web.Response:
    message_id = int(request.match_info["id"])
    s, user = settings(request), request[SESSION].user
    try:
        async with bot_db(request).begin() as conn:
            await review.dismiss(conn, message_id, s.confidence_threshold, reviewer=user.email)
    except review.ReviewError as exc:
        return await listing(request, [FieldError(f"intent-{message_id}", str(exc))])
    return redirect("/admin/unrecognized?ok=dismissed")


def register(registry: Registry) -> None:
    registry.page("GET", "/unrecognized", listing, ROLES, nav="Unerkannte Fragen", order=20,
                  description="Fragen, die mobi nicht sicher verstanden hat, einer Absicht zuordnen.")
    registry.page("POST", r"/unrecognized/{id:\d+}/assign", assign, ROLES)
    registry.page("POST", r"/unrecognized/{id:\d+}/dismiss", dismiss, ROLES)
