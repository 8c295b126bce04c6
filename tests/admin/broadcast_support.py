"""Helpers of the broadcast page tests: a console over a small city on SQLite or PostgreSQL, linked employees."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.broadcasts import service
from bot.broadcasts.targeting import Target
from bot.chat import link_by_email
from bot.config import load_settings
from bot.demo import build
from bot.domain import Role
from bot.web import RUNTIME, create_app
from integrations.db.engines import Databases
from integrations.db.migrate import upgrade_all
from tests.admin.conftest import Console
from tests.admin.support import console_env, create_accounts
from tests.factories import TODAY

PERSONAS = ("anna.schmid@stuttgart.example", "mehmet.yilmaz@stuttgart.example", "julia.becker@stuttgart.example",
            "lukas.klein@stuttgart.example", "petra.koch@stuttgart.example", "claudia.wolf@stuttgart.example")
AUTHOR = service.Actor("100006", Role.HR, "sabine.wagner@stuttgart.example")  # Sabine Wagner, as on the CLI


async def city_console(db_urls, home, monkeypatch, employees: int = 100) -> Console:
    """A started console whose three databases are `db_urls`, filled with a small demo city."""
    dbs = Databases.from_urls(db_urls)
    await upgrade_all(dbs)
    await build(dbs, employees=employees, seed=1, today=TODAY)
    await dbs.dispose()
    for name, url in db_urls.items():
        monkeypatch.setenv(f"MOBI_{name.upper()}_DB", url)
    monkeypatch.setenv("MOBI_BROADCAST_POLL_SECONDS", "3600")  # the tests start and deliver broadcasts themselves
    console_env(home, monkeypatch)
    client = TestClient(TestServer(create_app(load_settings())))
    await client.start_server()
    return Console(client, await create_accounts(client.server.app[RUNTIME].dbs.bot))


async def link_personas(runtime) -> None:
    """The personas wrote to mobi in the web chat once: they are reachable there."""
    for email in PERSONAS:
        await link_by_email(runtime, "web", email)


async def seed_broadcast(runtime, *, title: str = "Neue Dienstvereinbarung", target: Target = Target()) -> int:
    """A broadcast written by Sabine Wagner (not by any console account), waiting for approval."""
    return await service.create(runtime.dbs.bot, AUTHOR, title=title, text_de="Gilt ab **1. Januar**.",
                                target=target)


SABINE = "sabine.wagner@stuttgart.example"  # a console account of an employee with role hr


async def add_sabine(bot) -> None:
    from bot.admin import accounts
    from tests.admin.support import PASSWORD

    async with bot.begin() as conn:
        await accounts.create(conn, SABINE, "hr", PASSWORD, actor="test")


async def start_and_deliver(runtime, broadcast_id: int, *, rows: int | None = None) -> None:
    """What `mobi serve` does for an approved broadcast: fill the outbox, deliver (only `rows` of it, if given)."""
    assert await service.start(runtime.dbs, broadcast_id)
    await deliver(runtime, broadcast_id, rows=rows)


async def deliver(runtime, broadcast_id: int, *, rows: int | None = None) -> None:
    """One round of the real sender on the web chat (`rows` of it), or until nothing is left."""
    from bot.broadcasts.sender import Sender

    sender = Sender(runtime.dbs, {"web": runtime.channels["web"]}, batch=rows or 200)
    await (sender.run_once(broadcast_id) if rows else sender.drain(broadcast_id))
