"""The case queue in the console (SQLite and PostgreSQL): claim, reply and close reach the employee like `!reply`."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.admin import accounts, audit
from bot.chat import exchange, link_by_email
from bot.config import load_settings
from bot.demo import build
from bot.web import RUNTIME, WEB_CHANNEL, create_app
from integrations.db.engines import Databases
from integrations.db.migrate import upgrade_all
from tests.admin.conftest import Console
from tests.admin.support import PASSWORD, console_env, create_accounts, csrf_of
from tests.factories import TODAY

ROOM = "!helpdesk:stuttgart.example"
ANNA, PETRA = "anna.schmid@stuttgart.example", "petra.koch@stuttgart.example"


class Desk(Console):
    async def employee_says(self, text: str) -> str:
        runtime, channel = self.runtime, self.client.server.app[WEB_CHANNEL]
        result = await exchange(runtime, channel, await link_by_email(runtime, "web", ANNA), text)
        return "\n".join(r.text for r in result.replies)

    def employee_got(self) -> str:
        return "\n".join(m.text for m in self.client.server.app[WEB_CHANNEL].take(ANNA))

    async def open_case(self, concern: str = "Mein VPN bricht ständig ab") -> str:
        for text in ("Wo ist mein Laptop?", "Ich möchte mit einem Menschen sprechen", concern):
            await self.employee_says(text)
        return await self.employee_says("ja")

    async def room_posts(self) -> list[str]:
        """What the help-desk room was sent (its pseudo-conversation's outbox; no Matrix here to deliver it)."""
        from bot.store import OUTBOX

        async with self.runtime.dbs.bot.connect() as conn:
            rows = await conn.execute(select(OUTBOX.c.payload).where(OUTBOX.c.channel == "helpdesk")
                                      .order_by(OUTBOX.c.id))
            return [r.payload["text"] for r in rows]

    async def send(self, path: str, **form: str):
        data = {"csrf": await self.csrf(), **form}
        return await self.client.post(f"/admin/cases/{path}", data=data, allow_redirects=False)

    async def page(self, query: str = "") -> str:
        return await (await self.client.get(f"/admin/cases{query}")).text()


@pytest.fixture
async def desk(db_urls, demo_env, monkeypatch):
    """A console on fresh databases (both backends) with a help-desk room and Petra Koch's console account."""
    console_env(demo_env, monkeypatch)
    monkeypatch.setenv("MOBI_HELPDESK_ROOM", ROOM)
    for name, url in db_urls.items():
        monkeypatch.setenv(f"MOBI_{name.upper()}_DB", url)
    dbs = Databases.from_urls(db_urls)
    await upgrade_all(dbs)
    await build(dbs, employees=100, seed=1, today=TODAY)
    await dbs.dispose()
    client = TestClient(TestServer(create_app(load_settings())))
    await client.start_server()
    ids = await create_accounts(client.server.app[RUNTIME].dbs.bot)
    async with client.server.app[RUNTIME].dbs.bot.begin() as conn:
        ids["petra"] = (await accounts.create(conn, PETRA, "helpdesk", PASSWORD, actor="test")).id
    yield Desk(client, ids)
    await client.close()


async def audit_entries(desk) -> list:
    async with desk.runtime.dbs.bot.connect() as conn:
        return (await audit.page(conn))[0]


async def test_the_queue_shows_the_case_but_no_name_and_no_text(desk):
    assert "Fall #1" in await desk.open_case()
    await desk.login("helpdesk")
    html = await desk.page()
    assert "#1" in html and "wartet auf Übernahme" in html and "Übernehmen" in html
    assert "Anna Schmid" not in html and "VPN bricht" not in html
    html = await desk.page("?fall=1")
    assert "noch nicht übernommen" in html and "Anna Schmid" not in html and "Wo ist mein Laptop" not in html
    assert (await desk.client.get("/admin/cases?fall=77")).status == 404


async def test_claim_reply_close_reach_the_employee_once_and_are_audited(desk):
    await desk.open_case()
    desk.employee_got()
    await desk.login(PETRA)
    response = await desk.send("1/claim", nonce="a" * 32)
    assert response.status == 303 and response.headers["Location"] == "/admin/cases?ok=claimed&fall=1"
    assert "Petra Koch vom IT-Service ist jetzt für Sie da" in desk.employee_got()
    html = await desk.page("?fall=1")
    assert "Neuer Fall #1" in html and "Anna Schmid" in html and "Mein VPN bricht ständig ab" in html
    assert "Wo ist mein Laptop?" in html  # the consented transcript, as the room got it
    for _ in range(2):  # the same form sent twice answers once
        assert (await desk.send("1/reply", text="Bitte starten Sie neu.", nonce="b" * 32)).status == 303
    assert desk.employee_got().count("**Petra Koch (IT-Service):** Bitte starten Sie neu.") == 1
    assert await desk.employee_says("Hat geklappt, danke!") == ""  # relayed to the agent, mobi quiet
    assert "Hat geklappt, danke!" in await desk.page("?fall=1")
    assert (await desk.send("1/close", text="erledigt", nonce="c" * 32)).status == 303
    assert "abgeschlossen" in desk.employee_got()
    assert "Keine offenen Fälle" in await desk.page()
    posts = await desk.room_posts()  # the room sees what the console did, as if it had been typed there
    assert "#1 übernommen von Petra Koch." in posts and "#1 abgeschlossen von Petra Koch." in posts
    assert posts.count("**#1 Petra Koch (in der Verwaltung):** Bitte starten Sie neu.") == 1
    entries = await audit_entries(desk)
    assert [e.action for e in entries][:3] == ["case.close", "case.reply", "case.claim"]
    assert all("Bitte starten" not in str(e.details) for e in entries)


async def test_only_the_claiming_agent_sees_the_conversation_and_may_answer(desk):
    await desk.open_case()
    await desk.login("helpdesk")
    assert (await desk.send("1/claim")).status == 303
    desk.employee_got()
    await desk.login("operator")
    html = await desk.page("?fall=1")
    assert "bei Helpdesk" in html and "Anna Schmid" not in html and "VPN bricht" not in html
    response = await desk.send("1/reply", text="Hallo")
    assert response.status == 200 and "nicht Sie übernommen" in await response.text()
    assert desk.employee_got() == ""


async def test_an_empty_reply_is_a_field_error_and_a_closed_case_cannot_be_claimed(desk):
    await desk.open_case()
    await desk.login(PETRA)
    await desk.send("1/claim")
    html = await (await desk.send("1/reply", text="  ")).text()
    assert 'aria-describedby="reply-hint reply-error"' in html and "Bitte schreiben Sie eine Antwort" in html
    html = await (await desk.send("1/reply", text="x" * 4001)).text()
    assert "höchstens 4.000 Zeichen" in html and "x" * 4001 in html  # kept, so it can be shortened
    await desk.send("1/close")
    html = await (await desk.send("1/claim")).text()
    assert "bereits beendet" in html and 'href="#queue"' in html


async def test_a_case_claimed_on_matrix_is_the_same_persons_case_in_the_console(desk):
    await desk.open_case()
    await desk.runtime.escalation.agents.handle("$ev1", "@petra.koch:stuttgart.example", "!claim 1")
    await desk.login(PETRA)
    html = await desk.page()
    assert "bei Ihnen" in html and "Verlauf öffnen" in html
    assert "Mein VPN bricht ständig ab" in await desk.page("?fall=1")


async def test_texts_of_the_employee_are_shown_not_run(desk):
    await desk.open_case('Seit heute <script>alert("x")</script> geht nix')
    await desk.login(PETRA)
    await desk.send("1/claim")
    await desk.employee_says("<img src=x onerror=alert(1)>")
    html = await desk.page("?fall=1")
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


async def test_csrf_is_checked(desk):
    await desk.open_case()
    await desk.login("helpdesk")
    page = await desk.page()
    assert csrf_of(page)
    response = await desk.client.post("/admin/cases/1/claim", data={"csrf": "forged"}, allow_redirects=False)
    assert response.status == 403
    assert "wartet auf Übernahme" in await desk.page()
