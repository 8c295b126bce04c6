"""Keyboard only (no mouse event at all): Tab order, visible focus, no trap; the chat and the console by keys."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.admin.support import PASSWORD, ROLE_USERS, seed_messages
from tests.browser.console import login, tab_walk

pytestmark = pytest.mark.a11y
CONSOLE_PAGES = ["/admin/", "/admin/dashboard", "/admin/unrecognized", "/admin/training", "/admin/kb",
                 "/admin/kb/mobile_work_abroad", "/admin/imports", "/admin/users", "/admin/audit", "/admin/settings"]


async def focused_text(page) -> str:
    return await page.evaluate("(document.activeElement.innerText || document.activeElement.value || '').trim()")


async def test_chat_by_keyboard_asks_and_chooses_an_option(server, page, screenshot):
    await page.goto(server + "/")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Beschäftigte Person")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("log")).to_be_focused()
    await page.keyboard.press("Tab")
    message = page.get_by_label("Ihre Nachricht")
    await expect(message).to_be_focused()
    await page.keyboard.type("Laptop")
    await page.keyboard.press("Enter")
    options = page.get_by_role("group", name="Antwortmöglichkeiten").last
    await expect(options.get_by_role("button").first).to_be_visible()
    await expect(message).to_be_focused()  # the input keeps focus after sending
    labels = await options.get_by_role("button").all_inner_texts()
    for label in reversed(labels):  # the options come just before the input in reading order
        await page.keyboard.press("Shift+Tab")
        assert await focused_text(page) == label
    assert labels[0] == await focused_text(page)
    await page.keyboard.press("Enter")
    await expect(page.locator("#log .msg.me").last).to_have_text(f"Sie{labels[0]}")
    await expect(message).to_be_focused()
    await expect(page.locator("#log .msg.bot")).to_have_count(2)
    await screenshot("keyboard-webchat-option")


async def test_chat_tab_order_has_no_trap(server, page):
    await page.goto(server + "/")
    stops = await tab_walk(page)
    assert [s["text"] for s in stops][:1] == ["Zum Inhalt springen"]
    assert any(s["text"] == "Erklärung zur Barrierefreiheit" for s in stops)


async def test_console_by_keyboard_logs_in_and_assigns_a_question(console_server, page, screenshot):
    await seed_messages(console_server.bot, unsure=("Gilt das auch im Zug?",))
    await page.goto(console_server + "/admin/unrecognized")  # not logged in: the login page, then back here
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    await page.keyboard.press("Enter")  # skip link: the next Tab starts in the main content
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("E-Mail-Adresse")).to_be_focused()
    await page.keyboard.type(ROLE_USERS["helpdesk"])
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Passwort")).to_be_focused()
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Unerkannte Fragen")
    select = page.get_by_label("Richtige Absicht")
    for _ in range(40):
        await page.keyboard.press("Tab")
        if await select.evaluate("el => el === document.activeElement"):
            break
    await expect(select).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("button", name="Zuordnen")).to_be_focused()
    await page.keyboard.press("Enter")  # nothing chosen: the error summary takes the focus
    summary = page.locator("#error-summary")
    await expect(summary).to_be_focused()
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")  # the summary's link leads to the field
    await expect(select).to_be_focused()
    await select.press("ArrowDown")  # a closed select changes its value with the arrow keys
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("status")).to_be_focused()
    await expect(page.get_by_role("status")).to_contain_text("Trainingsbeispiel gespeichert")
    await screenshot("keyboard-console-assigned")


async def test_console_dialog_by_keyboard_moves_and_returns_focus(console_server, page):
    await login(page, console_server, "operator")
    await page.goto(console_server + "/admin/users")
    opener = page.get_by_role("button", name="Sperren …").first
    await opener.focus()
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    await expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    await page.keyboard.press("Shift+Tab")
    await expect(dialog.get_by_role("button", name="Ja, sperren")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(opener).to_be_focused()


async def test_console_pages_tab_order_visible_focus_no_trap(console_server, page):
    await seed_messages(console_server.bot)
    await login(page, console_server, "operator")
    for path in CONSOLE_PAGES:
        await page.goto(console_server + path)
        stops = await tab_walk(page)
        assert stops[0]["text"] == "Zum Inhalt springen", path
        assert any(s["text"] == "Erklärung zur Barrierefreiheit" for s in stops), path
