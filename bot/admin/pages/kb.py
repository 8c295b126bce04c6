"""Knowledge base (HR, operators): list the topics, edit answers (de/en) and clause references."""
from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.admin import audit, kb_edit
from bot.admin.keys import SESSION, bot_db, settings
from bot.admin.registry import HR, OPERATOR, Registry
from bot.admin.render import FieldError, page, redirect

ROLES = {HR, OPERATOR}
VARIANTS = {"default": "Antwort", "planned": "E-Akte geplant", "live": "E-Akte eingeführt",
            "unknown": "E-Akte: Stand unbekannt", "eligible": "berechtigt", "not_eligible": "nicht berechtigt"}


def folder(request: web.Request) -> Path:
    from actions.kb import HERE

    return settings(request).admin_kb_dir or HERE


async def listing(request: web.Request) -> web.Response:
    from actions.kb.check import check

    base = folder(request)
    return page(request, "kb_list.html", {"topics": kb_edit.topic_files(base), "problems": check(base),
                                          "saved": request.query.get("gespeichert", "")})


def _topic(request: web.Request) -> kb_edit.TopicFile:
    topic = kb_edit.find(folder(request), request.match_info["intent"])
    if topic is None:
        raise web.HTTPNotFound(text="Dieses Thema gibt es nicht.")
    return topic


def _form(request: web.Request, topic: kb_edit.TopicFile, values: dict[str, str],
          errors: list[FieldError], problems: list[str] = ()) -> web.Response:
    return page(request, "kb_edit.html", {"topic": topic, "values": values, "errors": errors,
                                          "problems": list(problems), "variants": VARIANTS})


async def edit(request: web.Request) -> web.Response:
    topic = _topic(request)
    return _form(request, topic, kb_edit.form_values(topic), [])


async def save(request: web.Request) -> web.Response:
    from actions.knowledge import TOPIC_PARAMS

    topic, base = _topic(request), folder(request)
    posted = await request.post()
    values = {key: str(posted.get(key, "")) for key in kb_edit.form_values(topic)}
    errors = kb_edit.field_errors(base, topic, values, TOPIC_PARAMS.get(topic.intent, frozenset()))
    if errors:
        return _form(request, topic, values, errors)
    problems = kb_edit.save(base, topic, kb_edit.apply(topic, values))
    if problems:
        return _form(request, topic, values, [FieldError("cite", "Die Prüfung der Wissensdatenbank meldet "
                                                                  "Fehler (siehe unten). Es wurde nichts gespeichert.")],
                     problems)
    user = request[SESSION].user
    async with bot_db(request).begin() as conn:
        await audit.record(conn, user.email, "kb.edit", topic.path.name, {"intent": topic.intent})
    return redirect(f"/admin/kb?gespeichert={topic.intent}")


def register(registry: Registry) -> None:
    registry.page("GET", "/kb", listing, ROLES, nav="Wissensdatenbank", order=30,
                  description="Antworten der Wissensdatenbank (deutsch und englisch) mit Fundstellen bearbeiten.")
    registry.page("GET", r"/kb/{intent:[a-z_]+}", edit, ROLES)
    registry.page("POST", r"/kb/{intent:[a-z_]+}", save, ROLES)
