"""The web chat at `/`: axe-core in every state, and the new bot message inside the live region."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.console import axe, unexcused

pytestmark = pytest.mark.a11y


async def test_webchat_has_no_axe_findings_in_any_state(server, page, screenshot):
    findings = []
    await page.goto(server + "/")
    findings += unexcused(await axe(page), page.url, "chat/empty")
    await screenshot("a11y-webchat-empty")

    await page.get_by_label("Ihre Nachricht").fill("Laptop")
    await page.get_by_label("Ihre Nachricht").press("Enter")
    await expect(page.get_by_role("group", name="Antwortmöglichkeiten").first).to_be_visible()
    findings += unexcused(await axe(page), page.url, "chat/answer-with-options")
    await screenshot("a11y-webchat-options")

    await page.route("**/api/chat", lambda route: route.fulfill(status=503, body="Wartung"))
    await page.get_by_label("Ihre Nachricht").fill("Wo ist mein Laptop?")
    await page.get_by_label("Ihre Nachricht").press("Enter")
    await expect(page.get_by_role("alert")).to_contain_text("nicht gesendet werden")
    findings += unexcused(await axe(page), page.url, "chat/error")
    await screenshot("a11y-webchat-error")
    assert not findings, "\n".join(findings)


async def test_new_bot_message_is_inside_the_live_region(server, page):
    await page.goto(server + "/")
    log = page.get_by_role("log", name="Gesprächsverlauf")
    await expect(log).to_have_attribute("aria-live", "polite")
    await page.get_by_label("Ihre Nachricht").fill("Wo ist mein Laptop?")
    await page.get_by_label("Ihre Nachricht").press("Enter")
    await expect(log.locator(".msg.bot")).to_contain_text("NB-104233")
    tree = await log.aria_snapshot()
    assert 'log "Gesprächsverlauf"' in tree and "NB-104233" in tree, tree


async def test_statement_is_linked_from_the_chat_footer(server, page):
    await page.goto(server + "/")
    await page.get_by_role("contentinfo").get_by_role("link", name="Erklärung zur Barrierefreiheit").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
    for heading in ("Stand der Vereinbarkeit", "Nicht barrierefreie Inhalte", "Feedback und Kontakt"):
        await expect(page.get_by_role("heading", name=heading)).to_be_visible()
    await expect(page.get_by_text("Letzte Überprüfung")).to_be_visible()
