"""The case pages for keyboard and screen-reader users: a keyboard-only case, axe in every state, 320 px reflow."""
from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.admin.support import PASSWORD
from tests.browser.cases_support import PETRA, desk_server, employee_says, helpdesk_room, open_case  # noqa: F401
from tests.browser.conftest import ARTIFACTS
from tests.browser.console import focused, horizontal_overflow, login, tab_walk
from tests.browser.test_a11y_console import Walk

pytestmark = pytest.mark.a11y
REPLY = "Bitte melden Sie sich einmal ab und wieder an."


async def tab_to(page: Page, locator, limit: int = 40) -> None:
    """Press Tab until `locator` has the focus (keyboard only; fails if it never does)."""
    for _ in range(limit):
        if await locator.evaluate("el => el === document.activeElement"):
            return
        await page.keyboard.press("Tab")
    await expect(locator).to_be_focused()


async def test_a_case_by_keyboard_only(desk_server, page, screenshot):
    await open_case(desk_server)
    await page.goto(desk_server + "/admin/cases")  # not logged in: the login page, then back here
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("E-Mail-Adresse")).to_be_focused()
    await page.keyboard.type(PETRA)
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Fälle des Help-Desks")

    claim = page.get_by_role("button", name="Übernehmen")
    await tab_to(page, claim)
    await page.keyboard.press("Enter")
    status = page.get_by_role("status")
    await expect(status).to_be_focused()  # the confirmation is read out first
    await expect(status).to_contain_text("übernommen")
    await page.keyboard.press("Tab")
    answer = page.get_by_label("Ihre Antwort an die Person")
    await expect(answer).to_be_focused()  # next stop after the confirmation: the reply, past the case text
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("button", name="Antwort senden")).to_be_focused()
    await page.keyboard.press("Enter")  # empty: the error summary takes the focus
    await expect(page.locator("#error-summary")).to_be_focused()
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")  # its link leads into the field
    await expect(answer).to_be_focused()
    await expect(answer).to_have_attribute("aria-invalid", "true")
    await page.keyboard.type(REPLY)
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await expect(status).to_be_focused()
    await expect(status).to_contain_text("gesendet")
    assert REPLY in await employee_says(desk_server, "Danke!")

    close = page.get_by_role("button", name="Fall abschließen …")
    await tab_to(page, close)
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Fall #1 abschließen?")
    await expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(close).to_be_focused()  # back where it was
    await page.keyboard.press("Enter")
    await page.keyboard.press("Shift+Tab")
    await expect(dialog.get_by_role("button", name="Ja, abschließen")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(status).to_be_focused()
    await expect(status).to_contain_text("abgeschlossen")
    assert (await focused(page))["outline"]
    await screenshot("keyboard-cases-closed")
    assert "abgeschlossen" in await employee_says(desk_server, "Hallo")


async def test_case_pages_in_every_state(desk_server, page, screenshot):
    walk = Walk(page, desk_server, screenshot, "cases")
    await login(page, desk_server, PETRA)
    await walk.visit("/admin/cases", "empty")
    await open_case(desk_server)
    await walk.visit("/admin/cases", "filled")
    await walk.visit("/admin/cases?fall=1", "not-claimed")
    await walk.visit("/admin/cases?fall=99", "unknown")
    await page.goto(desk_server + "/admin/cases")
    await page.get_by_role("button", name="Übernehmen").click()
    await walk.check("case-open")
    await page.get_by_role("button", name="Antwort senden").click()
    await expect(page.locator("#error-summary")).to_be_focused()
    await walk.check("reply-error")
    await page.get_by_role("button", name="Fall abschließen …").click()
    await expect(page.get_by_role("dialog")).to_be_visible()
    await walk.check("close-dialog")
    await page.get_by_role("dialog").get_by_role("button", name="Ja, abschließen").click()
    await walk.check("closed")
    walk.assert_clean()


async def test_case_pages_tab_order_visible_focus_no_trap(desk_server, page):
    await open_case(desk_server)
    await login(page, desk_server, PETRA)
    await page.goto(desk_server + "/admin/cases")
    queue = [s["text"] for s in await tab_walk(page)]
    assert queue[0] == "Zum Inhalt springen" and "Übernehmen" in queue and queue[-1] == "Web-Chat"
    await page.get_by_role("button", name="Übernehmen").click()
    stops = [s["text"] for s in await tab_walk(page)]
    assert stops.index("Antwort senden") < stops.index("Fall abschließen …") < stops.index("Verlauf öffnen")


async def test_case_pages_reflow_at_320_px(desk_server, browser):
    context = await browser.new_context(viewport={"width": 320, "height": 800})
    page = await context.new_page()
    await open_case(desk_server)
    await login(page, desk_server, PETRA)
    wide = {}
    for state, act in (("queue", None), ("case-open", "Übernehmen"), ("reply-error", "Antwort senden")):
        if act is None:
            await page.goto(desk_server + "/admin/cases")
        else:
            await page.get_by_role("button", name=act).click()
            await expect(page.locator("[data-autofocus]")).to_be_focused()
        if (overflow := await horizontal_overflow(page)) > 0:
            wide[state] = overflow
        await page.screenshot(path=str(ARTIFACTS / f"reflow-320px-cases-{state}.png"), full_page=True)
    await context.close()
    assert not wide, f"case pages wider than 320 px: {wide}"
