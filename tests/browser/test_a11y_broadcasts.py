"""Broadcast pages: axe-core in every state, reflow at 320 px, and the whole four-eyes flow by keyboard alone."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.admin.broadcast_support import deliver, link_personas, seed_broadcast, start_and_deliver
from tests.admin.support import PASSWORD, ROLE_USERS, SPARE
from tests.browser.console import horizontal_overflow, login, tab_walk
from tests.browser.test_a11y_console import Walk

pytestmark = pytest.mark.a11y


@pytest.fixture
def quiet_sender(monkeypatch):
    monkeypatch.setenv("MOBI_BROADCAST_POLL_SECONDS", "3600")  # the test decides when a broadcast is delivered


async def test_broadcast_pages_in_every_state(quiet_sender, console_server, page, screenshot):
    await link_personas(console_server.runtime)
    walk = Walk(page, console_server, screenshot, "broadcasts-hr")
    await login(page, console_server, "hr")
    await walk.visit("/admin/broadcasts", "list-empty")
    await walk.visit("/admin/broadcasts/new", "create")
    await page.get_by_role("button", name="Ankündigung anlegen").click()
    await expect(page.locator("#error-summary")).to_be_focused()
    await walk.check("create-errors")
    await page.get_by_label("Titel").fill("Eigene Ankündigung")
    await page.get_by_label("Text auf Deutsch").fill("Mit **Markdown** und\n\n- einer Liste")
    await page.get_by_role("button", name="Ankündigung anlegen").click()
    await walk.check("preview-own")
    other = await seed_broadcast(console_server.runtime)
    await walk.visit(f"/admin/broadcasts/{other}", "preview-approvable")
    await page.get_by_role("button", name="Ankündigung abbrechen …").click()
    await expect(page.get_by_role("dialog")).to_be_visible()
    await walk.check("cancel-dialog")
    await page.keyboard.press("Escape")
    await page.get_by_role("button", name="Ankündigung freigeben").click()
    await start_and_deliver(console_server.runtime, other, rows=2)
    await walk.visit(f"/admin/broadcasts/{other}", "progress")
    await expect(page.locator("#progress-text")).to_contain_text("2 von")
    await deliver(console_server.runtime, other)
    await walk.visit(f"/admin/broadcasts/{other}", "done")
    await walk.visit("/admin/broadcasts", "list-filled")
    walk.prefix = "broadcasts-operator"
    await page.context.clear_cookies()
    await login(page, console_server, "operator")
    await walk.visit("/admin/broadcasts/new", "create")
    walk.assert_clean()


async def test_broadcast_pages_reflow_at_320px(quiet_sender, console_server, browser):
    from tests.browser.conftest import ARTIFACTS

    await link_personas(console_server.runtime)
    pending = await seed_broadcast(console_server.runtime, title="Offen")
    running = await seed_broadcast(console_server.runtime, title="Läuft")
    context = await browser.new_context(viewport={"width": 320, "height": 800})
    page = await context.new_page()
    await login(page, console_server, SPARE)
    await page.goto(f"{console_server}/admin/broadcasts/{running}")
    await page.get_by_role("button", name="Ankündigung freigeben").click()
    await start_and_deliver(console_server.runtime, running, rows=2)
    wide = {}
    for name, path in (("list", ""), ("new", "/new"), ("preview", f"/{pending}"), ("progress", f"/{running}")):
        await page.goto(f"{console_server}/admin/broadcasts{path}")
        if (overflow := await horizontal_overflow(page)) > 0:
            wide[name] = overflow
        await page.screenshot(path=str(ARTIFACTS / f"reflow-320px-broadcasts-{name}.png"), full_page=True)
    await context.close()
    assert not wide, f"broadcast pages wider than 320 px: {wide}"


async def tab_to(page, target, *, back: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus; fails if it never gets it."""
    for _ in range(limit):
        if await target.evaluate("el => el === document.activeElement"):
            return
        await page.keyboard.press("Shift+Tab" if back else "Tab")
    await expect(target).to_be_focused()


async def keyboard_login(page, email: str) -> None:
    await tab_to(page, page.get_by_label("E-Mail-Adresse"))
    await page.keyboard.type(email)
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Passwort")).to_be_focused()
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")


async def test_keyboard_only_create_and_approve(quiet_sender, console_server, page, screenshot):
    await link_personas(console_server.runtime)
    await page.goto(console_server + "/admin/broadcasts/new")  # not logged in: login first, then back here
    await keyboard_login(page, ROLE_USERS["hr"])
    await expect(page.get_by_role("heading", level=1)).to_have_text("Neue Ankündigung")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zurück zur Übersicht der Ankündigungen")).to_be_focused()
    for label, text in (("Titel", "Tastatur-Test"), ("Text auf Deutsch", "Nur mit **Tasten** geschrieben."),
                        ("Text auf Englisch", "Written with *keys* only.")):
        await page.keyboard.press("Tab")
        await expect(page.get_by_label(label)).to_be_focused()
        await page.keyboard.type(text)
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Information")).to_be_focused()  # one stop for the radio group
    count = page.locator("#recipient-count")
    everyone = await count.inner_text()
    await page.keyboard.press("Tab")
    amt = page.get_by_role("group", name="Ämter").get_by_role("checkbox").first
    await expect(amt).to_be_focused()
    await page.keyboard.press("Space")
    await expect(amt).to_be_checked()
    await expect(count).not_to_have_text(everyone)
    await tab_to(page, page.get_by_role("button", name="Ankündigung anlegen"))
    await page.keyboard.press("Enter")
    flash = page.get_by_role("status").filter(has_text="angelegt")
    await expect(flash).to_be_focused()  # after the submit the confirmation has the focus
    detail = page.url.split("?")[0]
    await expect(page.get_by_text("Nach dem Vier-Augen-Prinzip")).to_be_visible()

    await tab_to(page, page.get_by_role("button", name="Abmelden"), back=True)
    await page.keyboard.press("Enter")
    await keyboard_login(page, SPARE)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")
    await tab_to(page, page.get_by_role("navigation").get_by_role("link", name="Ankündigungen"))
    await page.keyboard.press("Enter")
    await tab_to(page, page.get_by_role("link", name="Tastatur-Test"))
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(detail)
    await tab_to(page, page.get_by_role("button", name="Ankündigung freigeben"))
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("status").filter(has_text="freigegeben")).to_be_focused()
    await expect(page.locator("#broadcast-status")).to_have_text("Freigegeben")
    await screenshot("keyboard-broadcast-approved")


async def test_broadcast_pages_tab_order_has_no_trap(quiet_sender, console_server, page):
    broadcast_id = await seed_broadcast(console_server.runtime)
    await login(page, console_server, "hr")
    for path in ("", "/new", f"/{broadcast_id}"):
        await page.goto(f"{console_server}/admin/broadcasts{path}")
        stops = await tab_walk(page, limit=200)
        # the date field's own parts (day, month, …) are Tab stops inside one element: the walk ends there;
        # the keyboard journey above tabs on past it to "Ankündigung anlegen"
        last = "send_at" if path == "/new" else "Web-Chat"
        assert stops[0]["text"] == "Zum Inhalt springen" and last in (stops[-1]["text"], stops[-1]["id"]), path
