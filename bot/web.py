"""`mobi serve`: the aiohttp application. Each resource is one cleanup context under a typed key."""
from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiohttp_jinja2
import jinja2
import structlog
from aiohttp import web
from sqlalchemy import text

from bot.adapters import configured_channels
from bot.channel import MemoryChannel
from bot.chat import exchange, link_by_email
from bot.config import Settings
from bot.maintenance import purge_expired
from bot.runtime import Runtime, open_runtime, settle_heap

HERE = Path(__file__).parent
SETTINGS = web.AppKey("settings", Settings)
RUNTIME = web.AppKey("runtime", Runtime)
WEB_CHANNEL = web.AppKey("web_channel", MemoryChannel)
MAX_TEXT = 4000
SWEEP_SECONDS = 30
PURGE_SECONDS = 24 * 3600
REANNOUNCE_CHECK_SECONDS = 60
log = structlog.get_logger()


async def runtime_ctx(app: web.Application):
    """Databases, NLU and pipeline; then the messenger adapters, stopped in reverse."""
    channel = MemoryChannel("web")
    async with open_runtime(app[SETTINGS], channels={"web": channel}) as runtime:
        app[RUNTIME], app[WEB_CHANNEL] = runtime, channel
        adapters = configured_channels(app[SETTINGS], runtime)
        runtime.channels.update({a.name: a for a in adapters})
        await runtime.pipeline.recover()
        settle_heap()
        started = []
        try:
            for adapter in adapters:
                await adapter.start(runtime.pipeline.submit)
                started.append(adapter)
            yield
        finally:
            for adapter in reversed(started):
                await adapter.stop()


async def housekeeping_ctx(app: web.Application):
    """Finish work a crash left (every 30 s) and purge expired logs (daily)."""

    async def loop():
        since_purge = PURGE_SECONDS
        while True:
            with contextlib.suppress(Exception):
                await app[RUNTIME].pipeline.recover()
            if since_purge >= PURGE_SECONDS:
                since_purge = 0
                try:
                    counts = await purge_expired(app[RUNTIME].dbs.bot, app[SETTINGS].retention_days)
                    log.info("purged", **counts)
                except Exception as exc:  # keep serving; the next day tries again
                    log.error("purge_failed", error=type(exc).__name__)
            await asyncio.sleep(SWEEP_SECONDS)
            since_purge += SWEEP_SECONDS

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def reminders_ctx(app: web.Application):
    """Send due reminders (agreement expiry, pickup, return, pending approval) every few minutes."""
    from bot.reminders_scheduler import run_forever

    task = asyncio.create_task(run_forever(app[RUNTIME], app[SETTINGS].clock_today))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def escalation_ctx(app: web.Application):
    """Re-announce unclaimed help-desk cases in the room (checked every minute; the wait is a setting);
    forget the texts of ended cases after the retention period (daily)."""
    escalation, settings = app[RUNTIME].escalation, app[SETTINGS]
    if escalation is None:
        yield
        return

    async def loop():
        since_purge = PURGE_SECONDS
        while True:
            try:
                if settings.helpdesk_room:
                    await escalation.agents.reannounce()
                if since_purge >= PURGE_SECONDS:
                    since_purge = 0
                    await escalation.agents.purge(settings.retention_days)
            except Exception as exc:  # the next minute tries again
                log.warning("escalation_upkeep_failed", error=type(exc).__name__)
            await asyncio.sleep(REANNOUNCE_CHECK_SECONDS)
            since_purge += REANNOUNCE_CHECK_SECONDS

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def broadcasts_ctx(app: web.Application):
    """Send approved and due HR broadcasts through the running channels (paced per channel; resumes after a crash)."""
    from bot.broadcasts.sender import run_forever

    runtime = app[RUNTIME]
    task = asyncio.create_task(run_forever(runtime.dbs, runtime.channels, app[SETTINGS]))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    checks = {}
    for name in ("agreement", "device", "bot"):
        try:
            async with runtime.dbs.engine(name).connect() as conn:
                await conn.execute(text("SELECT 1"))
            checks[name] = "ok"
        except Exception as exc:
            checks[name] = type(exc).__name__
    healthy = all(v == "ok" for v in checks.values())
    return web.json_response({"status": "ok" if healthy else "degraded", "databases": checks},
                             status=200 if healthy else 503)


@aiohttp_jinja2.template("chat.html")
async def chat_page(request: web.Request) -> dict:
    settings = request.app[SETTINGS]
    personas = []
    if settings.demo_mode:
        from bot.demo.personas import PERSONAS

        personas = PERSONAS
    return {"demo": settings.demo_mode, "personas": personas}


async def chat_api(request: web.Request) -> web.Response:
    email, message = await _chat_body(request, needs_text=True)
    runtime, channel = request.app[RUNTIME], request.app[WEB_CHANNEL]
    sender = await link_by_email(runtime, "web", email)
    result = await exchange(runtime, channel, sender, message)
    return web.json_response(result.to_json())


async def chat_updates(request: web.Request) -> web.Response:
    """What reached the persona between its own messages (a help-desk agent's answer, an announcement)."""
    email, _ = await _chat_body(request, needs_text=False)
    messages = request.app[WEB_CHANNEL].take(email.lower())
    return web.json_response({"replies": [m.to_payload() for m in messages]})


async def _chat_body(request: web.Request, needs_text: bool) -> tuple[str, str]:
    if not request.app[SETTINGS].demo_mode:
        raise web.HTTPForbidden(text="The web chat needs a login outside demo mode.")
    body = await _json_body(request)
    email, message = str(body.get("as", "")).strip(), str(body.get("text", ""))[:MAX_TEXT]
    if not email or (needs_text and not message.strip()):
        raise web.HTTPBadRequest(text='Send JSON {"as": "<e-mail>", "text": "<message>"}.')
    return email, message


async def model_parse(request: web.Request) -> web.Response:
    """Rasa-compatible `POST /model/parse`, so tools written for a Rasa server can use mobi's NLU."""
    body = await _json_body(request)
    parsed = await request.app[RUNTIME].pipeline.interpreter.parse(str(body.get("text", ""))[:MAX_TEXT])
    return web.json_response(parsed.to_rasa())


async def _json_body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="The request body must be JSON.") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="The request body must be a JSON object.")
    return body


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=256 * 1024)
    app[SETTINGS] = settings
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    app.cleanup_ctx.extend([runtime_ctx, housekeeping_ctx, reminders_ctx, escalation_ctx, broadcasts_ctx])
    app.router.add_get("/", chat_page)
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/chat", chat_api)
    app.router.add_post("/api/chat/updates", chat_updates)
    app.router.add_post("/model/parse", model_parse)
    app.router.add_static("/static", HERE / "static")
    from bot.admin.app import mount_admin

    mount_admin(app)  # the console at /admin and the accessibility statement at /barrierefreiheit
    if settings.telegram_enabled() and settings.telegram_mode == "webhook":
        _telegram_webhook(app, settings)
    return app


def _telegram_webhook(app: web.Application, settings: Settings) -> None:
    """Telegram POSTs updates here; the adapter itself starts in `runtime_ctx` like the others."""
    from integrations.telegram.config import WEBHOOK_PATH
    from integrations.telegram.webhook import webhook_handler

    def running_adapter():
        runtime = app.get(RUNTIME)
        adapter = runtime.channels.get("telegram") if runtime else None
        return adapter if adapter is not None and adapter.ready else None

    app.router.add_post(WEBHOOK_PATH, webhook_handler(settings.telegram_webhook_secret.get_secret_value(),
                                                      running_adapter))


def serve(settings: Settings) -> None:
    url = f"http://{settings.host}:{settings.port}/"

    def announce(_message: str) -> None:
        print(f"mobi is running: open {url} (Ctrl-C stops)", flush=True)

    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=announce,
                access_log=None)
