"""A help-desk case end to end in real browsers: the employee in the web chat, Petra Koch in the console."""
from __future__ import annotations

from playwright.async_api import Page, expect

from tests.browser.cases_support import ANNA, ASK_FOR_A_PERSON, PETRA, desk_server, helpdesk_room  # noqa: F401
from tests.browser.console import login

REPLY = "Bitte verbinden Sie das VPN neu über das Symbol unten rechts."


async def say(chat: Page, text: str) -> None:
    """Type a message into the web chat and wait for mobi's (or the agent's) answer to appear."""
    before = await chat.locator("#log .msg.bot").count()
    await chat.get_by_label("Ihre Nachricht").fill(text)
    await chat.get_by_label("Ihre Nachricht").press("Enter")
    await chat.wait_for_function("n => document.querySelectorAll('#log .msg.bot').length > n", arg=before)


async def test_the_help_desk_claims_answers_and_closes_a_case(desk_server, page, browser, screenshot):
    chat = await (await browser.new_context(locale="de-DE")).new_page()
    await chat.goto(desk_server + "/")
    await chat.get_by_label("Beschäftigte Person").select_option(ANNA)
    log = chat.get_by_role("log")
    for text in ASK_FOR_A_PERSON:
        await say(chat, text)
    await expect(log).to_contain_text("letzten 10 Nachrichten")
    await chat.get_by_role("button", name="Ja").last.click()
    await expect(log).to_contain_text("Fall #1")

    await login(page, desk_server, PETRA)
    await page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Fälle").click()
    queue = page.get_by_role("table", name="1 offener Fall")
    await expect(queue).to_contain_text("wartet auf Übernahme")
    await expect(page.locator("main")).not_to_contain_text("Anna Schmid")  # no names before claiming
    await screenshot("cases-journey-queue")
    await queue.get_by_role("button", name="Übernehmen").click()
    await expect(page.get_by_role("status")).to_contain_text("übernommen")
    case = page.locator("section.case")
    await expect(case).to_contain_text("Anna Schmid")
    await expect(case).to_contain_text("Mein VPN bricht ständig ab")
    await page.get_by_label("Ihre Antwort an die Person").fill(REPLY)
    await page.get_by_role("button", name="Antwort senden").click()
    await expect(page.get_by_role("status")).to_contain_text("gesendet")
    await screenshot("cases-journey-replied")

    # the agent's words reach the open web chat by themselves (it asks for updates every 4 s)
    await expect(log).to_contain_text("Petra Koch vom IT-Service ist jetzt für Sie da", timeout=15_000)
    await expect(log).to_contain_text(REPLY, timeout=15_000)
    async with chat.expect_response(lambda r: r.url.endswith("/api/chat")) as answered:
        await chat.get_by_label("Ihre Nachricht").fill("Danke, ich versuche es.")
        await chat.get_by_label("Ihre Nachricht").press("Enter")
    assert (await answered.value).ok  # relayed to the case; mobi itself stays quiet
    await page.reload()
    await expect(page.locator("section.case")).to_contain_text("Danke, ich versuche es.")

    await page.get_by_role("button", name="Fall abschließen …").click()
    dialog = page.get_by_role("dialog", name="Fall #1 abschließen?")
    await expect(dialog).to_be_visible()
    await dialog.get_by_label("Notiz für den Help-Desk (freiwillig)").fill("VPN-Profil neu verbunden")
    await dialog.get_by_role("button", name="Ja, abschließen").click()
    await expect(page.get_by_role("status")).to_contain_text("abgeschlossen")
    await expect(page.get_by_text("Keine offenen Fälle.")).to_be_visible()
    await screenshot("cases-journey-closed")

    await say(chat, "Wo ist mein Laptop?")
    await expect(log).to_contain_text("Der IT-Service hat Fall #1 abgeschlossen")
    await expect(chat.locator("#log .msg.bot").last).to_contain_text("NB-104233")  # mobi answers again
    await chat.context.close()
