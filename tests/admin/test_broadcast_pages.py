"""Broadcast pages over HTTP on SQLite and PostgreSQL: create, count, four eyes, progress, cancel, CSV."""
from __future__ import annotations

import pytest

from bot.admin import audit
from bot.broadcasts import service
from tests.admin.broadcast_support import city_console, link_personas, seed_broadcast, start_and_deliver
from tests.admin.support import SPARE


@pytest.fixture
async def console(db_urls, demo_env, monkeypatch):
    console = await city_console(db_urls, demo_env, monkeypatch)
    yield console
    await console.client.close()


async def actions(console) -> list[str]:
    async with console.runtime.dbs.bot.connect() as conn:
        return [e.action for e in (await audit.page(conn))[0]]


async def post(console, path: str, **form):
    return await console.client.post(path, data={"csrf": await console.csrf(), **form}, allow_redirects=False)


async def status_of(console, broadcast_id: int) -> str:
    async with console.runtime.dbs.bot.connect() as conn:
        return (await service.get(conn, broadcast_id)).status


async def test_create_with_targeting_counts_and_previews(console):
    await link_personas(console.runtime)
    await console.login("hr")
    everyone = await (await console.client.get("/admin/broadcasts/count")).json()
    amt = await (await console.client.get("/admin/broadcasts/count?amt=10&language=de")).json()
    assert everyone["recipients"] > amt["recipients"] > 0 and "ausgewählt" in amt["text"]
    no_js = await post(console, "/admin/broadcasts/new", action="count", amt="10", language="de")
    assert amt["text"] in await no_js.text()  # the button gives the same sentence as the script
    response = await post(console, "/admin/broadcasts/new", action="create", title="Laptop-Ausgabe", kind="info",
                          text_de="Am **Freitag** geschlossen.", text_en="Closed on *Friday*.", amt="10",
                          language="de", when="now")
    assert response.status == 303, await response.text()
    html = await (await console.client.get(response.headers["Location"])).text()
    assert "<strong>Freitag</strong>" in html and '<div class="message" lang="en">' in html
    assert "Wartet auf Freigabe" in html and "selbst angelegt" in html and "Ankündigung freigeben" not in html
    assert "broadcast.create" in await actions(console)


async def test_errors_are_german_and_linked_to_their_fields(console):
    await console.login("hr")
    response = await post(console, "/admin/broadcasts/new", action="create", title="", text_de="", kind="mandatory",
                          when="later", send_at="2020-01-01T08:00", amt="gibt-es-nicht")
    html = await response.text()
    for field in ("title", "text_de", "send_at"):
        assert f'aria-describedby="{field}-hint {field}-error"' in html or f'{field}-error' in html
    assert "Bitte geben Sie einen Titel ein." in html and "Pflichtmitteilungen legt der Betrieb an" in html
    assert "Bitte wählen Sie nur Einträge aus der Liste." in html
    assert await service.listing(console.runtime.dbs.bot) == []


async def test_four_eyes_then_progress_stats_and_export(console):
    await link_personas(console.runtime)
    await console.login("hr")
    await post(console, "/admin/broadcasts/new", action="create", title="Info", text_de="Text", kind="info", when="now")
    (created,) = await service.listing(console.runtime.dbs.bot)
    own = await post(console, f"/admin/broadcasts/{created['id']}/approve")
    assert "Vier-Augen-Prinzip" in await own.text() and await status_of(console, created["id"]) == "pending_approval"
    await console.login(SPARE)
    approved = await post(console, f"/admin/broadcasts/{created['id']}/approve")
    assert approved.status == 303 and await status_of(console, created["id"]) == "approved"
    runtime = console.runtime
    await start_and_deliver(runtime, created["id"])
    html = await (await console.client.get(f"/admin/broadcasts/{created['id']}")).text()
    assert '<progress id="progress-bar"' in html and "Gesendet" in html and "Zugestellt" in html
    progress = await (await console.client.get(f"/admin/broadcasts/{created['id']}/progress")).json()
    assert progress["handled"] == progress["deliverable"] == sum(map(len, runtime.channels["web"].sent.values())) > 0
    csv = await console.client.get(f"/admin/broadcasts/{created['id']}/export.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert (await csv.text()).startswith(",".join(service.EXPORT_FIELDS))
    await console.login("operator")
    assert (await console.client.get(f"/admin/broadcasts/{created['id']}/export.csv")).status == 403
    assert {"broadcast.approve", "broadcast.export"} <= set(await actions(console))


async def test_cancel_drops_the_rest_and_is_audited(console):
    broadcast_id = await seed_broadcast(console.runtime)
    await console.login("hr")
    listing = await (await console.client.get("/admin/broadcasts")).text()
    assert "Neue Dienstvereinbarung" in listing and 'data-opens="cancel-dialog"' in await (
        await console.client.get(f"/admin/broadcasts/{broadcast_id}")).text()
    response = await post(console, f"/admin/broadcasts/{broadcast_id}/cancel")
    assert response.status == 303 and await status_of(console, broadcast_id) == "cancelled"
    again = await (await post(console, f"/admin/broadcasts/{broadcast_id}/cancel")).text()
    assert "kann nicht mehr abgebrochen werden" in again
    assert "broadcast.cancel" in await actions(console)


async def test_empty_list_and_unknown_broadcast(console):
    await console.login("operator")
    assert "Es gibt noch keine Ankündigungen" in await (await console.client.get("/admin/broadcasts")).text()
    assert (await console.client.get("/admin/broadcasts/4711")).status == 404
    form = await (await console.client.get("/admin/broadcasts/new")).text()
    assert 'value="mandatory"' in form  # operators may write mandatory notices


async def test_operator_schedules_a_mandatory_notice_for_later(console):
    await console.login("operator")
    response = await post(console, "/admin/broadcasts/new", action="create", title="Wartung", kind="mandatory",
                          text_de="# Wartung\n\nAm Samstag.", when="later", send_at="2099-01-04T08:00")
    assert response.status == 303, await response.text()
    (row,) = await service.listing(console.runtime.dbs.bot)
    assert row["kind"] == "mandatory" and row["send_at"].startswith("2099-01-04T07:00")  # 08:00 in Stuttgart
    html = await (await console.client.get(response.headers["Location"])).text()
    assert "04.01.2099, 08:00" in html and '<p class="md-heading"><strong>Wartung</strong></p>' in html
    await console.login(SPARE)
    await post(console, f"/admin/broadcasts/{row['id']}/approve")
    assert await status_of(console, row["id"]) == "scheduled"
