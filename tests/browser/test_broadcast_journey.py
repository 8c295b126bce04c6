"""An HR broadcast in a real chromium: write with a live count, preview, four eyes, progress, CSV, cancel."""
from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from bot.broadcasts import service
from tests.admin.broadcast_support import SABINE, add_sabine, link_personas, seed_broadcast, start_and_deliver
from tests.browser.console import login


@pytest.fixture
def quiet_sender(monkeypatch):
    """The app's own sender sleeps; the test starts and delivers at the moment it wants (same Sender code)."""
    monkeypatch.setenv("MOBI_BROADCAST_POLL_SECONDS", "3600")


async def test_hr_writes_a_second_person_approves_progress_csv_and_cancel(quiet_sender, console_server, page,
                                                                          screenshot):
    await add_sabine(console_server.bot)
    await link_personas(console_server.runtime)
    await login(page, console_server, SABINE)
    await page.get_by_role("navigation").get_by_role("link", name="Ankündigungen").click()
    await expect(page.get_by_text("Es gibt noch keine Ankündigungen")).to_be_visible()
    await page.get_by_role("link", name="Neue Ankündigung schreiben").click()
    await page.get_by_label("Titel").fill("Laptop-Ausgabe geschlossen")
    await page.get_by_label("Text auf Deutsch").fill("Am **Freitag** ist die Ausgabe im Rathaus geschlossen.")
    await page.get_by_label("Text auf Englisch").fill("The desk is closed on *Friday*.")
    count = page.get_by_role("status").filter(has_text="ausgewählt")
    await expect(count).to_contain_text(re.compile(r"^\d+\.?\d* Personen"))
    everyone = await count.inner_text()
    await page.get_by_label("Haupt- und Personalamt (10)").check()
    await expect(count).not_to_have_text(everyone)  # the script asked the server again
    await page.get_by_role("group", name="Sprache").get_by_label("Deutsch").check()
    await screenshot("broadcast-journey-create")
    await page.get_by_role("button", name="Ankündigung anlegen").click()

    await expect(page.get_by_role("heading", level=1)).to_contain_text("Laptop-Ausgabe geschlossen")
    german = page.get_by_role("article", name="Deutsch")
    await expect(german.get_by_text("Freitag")).to_have_js_property("tagName", "STRONG")
    await expect(page.get_by_role("article", name="Englisch").locator("em").first).to_have_text("Friday")
    await expect(page.get_by_text("Nach dem Vier-Augen-Prinzip")).to_be_visible()
    await expect(page.get_by_role("button", name="Ankündigung freigeben")).to_have_count(0)
    detail = page.url.split("?")[0]

    await page.get_by_role("button", name="Abmelden").click()
    await login(page, console_server, "hr")
    await page.goto(detail)
    await page.get_by_role("button", name="Ankündigung freigeben").click()
    await expect(page.get_by_role("status").first).to_contain_text("freigegeben")
    await start_and_deliver(console_server.runtime, int(detail.rsplit("/", 1)[1]))
    await page.reload()
    await expect(page.locator("#broadcast-status")).to_have_text("Gesendet")
    bar = page.get_by_role("progressbar")
    assert await bar.get_attribute("value") == await bar.get_attribute("max")
    await expect(page.get_by_role("table", name="Nachrichten nach Stand")).to_contain_text("Zugestellt")
    await screenshot("broadcast-journey-done")
    await page.get_by_role("button", name="Abmelden").click()

    await login(page, console_server, SABINE)  # the CSV is for HR
    await page.goto(detail)
    async with page.expect_download() as download:
        await page.get_by_role("link", name=re.compile("Empfängerliste herunterladen")).click()
    csv = (await (await download.value).path()).read_text(encoding="utf-8")
    assert csv.startswith(",".join(service.EXPORT_FIELDS)) and ",web,sent," in csv

    other = await seed_broadcast(console_server.runtime, title="Wird zurückgezogen")
    await page.goto(f"{console_server}/admin/broadcasts/{other}")
    opener = page.get_by_role("button", name="Ankündigung abbrechen …")
    await opener.click()
    dialog = page.get_by_role("dialog", name=f"Ankündigung {other} abbrechen?")
    await expect(dialog.get_by_role("button", name="Nein, weiter senden")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(opener).to_be_focused()  # focus returns to where it came from
    await opener.click()
    await dialog.get_by_role("button", name="Ja, abbrechen").click()
    await expect(page.locator("#broadcast-status")).to_have_text("Abgebrochen")
    await page.goto(f"{console_server}/admin/broadcasts")
    await expect(page.get_by_role("table")).to_contain_text("Abgebrochen")
