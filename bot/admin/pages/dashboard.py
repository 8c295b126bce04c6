"""Dashboard (HR, operators): messages and active users per day, top intents, unsure answers, cases."""
from __future__ import annotations

from aiohttp import web
from markupsafe import Markup

from bot.admin import analytics
from bot.admin.charts import Bar, bar_chart
from bot.admin.keys import bot_db, settings
from bot.admin.registry import HR, OPERATOR, Registry
from bot.admin.render import page

DAYS = 14


def _bars(days: list[analytics.Day], which: str) -> list[Bar]:
    return [Bar(d.date.strftime("%d.%m."), None if getattr(d, which).suppressed else getattr(d, which).value,
                getattr(d, which).shown) for d in days]


async def dashboard(request: web.Request) -> web.Response:
    s = settings(request)
    async with bot_db(request).connect() as conn:
        data = await analytics.dashboard(conn, s.clock_today(), s.confidence_threshold, DAYS)
    charts = {
        "messages": Markup(bar_chart(_bars(data.days, "messages"), "Nachrichten pro Tag", "chart-messages")),
        "users": Markup(bar_chart(_bars(data.days, "users"), "Aktive Beschäftigte pro Tag", "chart-users")),
    }
    return page(request, "dashboard.html", {"data": data, "charts": charts, "days": DAYS,
                                            "threshold": s.confidence_threshold})


def register(registry: Registry) -> None:
    registry.page("GET", "/dashboard", dashboard, {HR, OPERATOR}, nav="Auswertung", order=10,
                  description="Nutzungszahlen der letzten Wochen, nur zusammengefasst "
                              "(Gruppen unter 5 Personen werden nicht gezeigt).")
