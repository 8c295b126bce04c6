"""The start page: what the logged-in role can do here, built from the nav entries."""
from __future__ import annotations

from aiohttp import web

from bot.admin.keys import REGISTRY, SESSION
from bot.admin.registry import SIGNED_IN, Registry
from bot.admin.render import page

DESCRIPTIONS = {
    "/dashboard": "Nutzungszahlen der letzten Wochen, nur zusammengefasst (Gruppen unter 5 Personen werden nicht gezeigt).",
    "/unrecognized": "Fragen, die mobi nicht sicher verstanden hat, einer Absicht zuordnen.",
    "/training": "Das Sprachmodell mit den zugeordneten Fragen neu trainieren und aktivieren.",
    "/kb": "Antworten der Wissensdatenbank (deutsch und englisch) mit Fundstellen bearbeiten.",
    "/imports": "CSV-Dateien aus dem Personal- und dem IT-System einlesen.",
    "/users": "Konten der Verwaltung anlegen und sperren.",
    "/audit": "Wer hat wann was geändert.",
    "/settings": "Die wirksame Konfiguration (Geheimnisse ausgeblendet).",
}


async def home(request: web.Request) -> web.Response:
    role = request[SESSION].user.role
    entries = [e for e in request.app[REGISTRY].nav_for(role) if e.path != "/"]
    return page(request, "home.html", {"entries": entries, "descriptions": DESCRIPTIONS})


def register(registry: Registry) -> None:
    registry.page("GET", "/", home, SIGNED_IN, nav="Übersicht", order=0)
