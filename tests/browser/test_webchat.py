"""The demo web chat at `/` in a real browser: pick a persona, ask, read the answer."""
from playwright.async_api import expect


async def test_persona_asks_and_reads_the_answer(server, page, screenshot):
    await page.goto(server + "/")
    await page.get_by_label("Beschäftigte Person").select_option("anna.schmid@stuttgart.example")
    message = page.get_by_label("Ihre Nachricht")
    await message.fill("Wo ist mein Laptop?")
    await message.press("Enter")
    answer = page.locator("#log .msg.bot").last
    await expect(answer).to_contain_text("NB-104233")
    await expect(answer).to_contain_text("Marktplatz 1")
    await expect(message).to_be_focused()  # ready for the next question
    await screenshot("webchat-answer")


async def test_english_answers_are_marked_english(server, page):
    await page.goto(server + "/")
    await page.get_by_label("Beschäftigte Person").select_option("anna.schmid@stuttgart.example")
    await page.get_by_label("Ihre Nachricht").fill("where is my laptop please")
    await page.get_by_role("button", name="Senden").click()
    await expect(page.locator('#log .msg.bot[lang="en"]')).to_contain_text("ready for pickup")


async def test_skip_link_and_landmarks(server, page):
    await page.goto(server + "/")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    assert await page.locator("main").count() == 1 and await page.locator("h1").count() == 1


async def test_an_answer_between_messages_appears_by_itself(console_server, page):
    """A help-desk agent's answer (or an announcement) shows without the employee writing again."""
    from bot.messages import OutgoingMessage

    await page.goto(console_server + "/")
    await page.get_by_label("Beschäftigte Person").select_option("anna.schmid@stuttgart.example")
    web = console_server.runtime.channels["web"]
    await web.send(OutgoingMessage("web", "anna.schmid@stuttgart.example", "Ihr Laptop ist repariert.", (), "de"))
    await expect(page.locator("#log .msg.bot").last).to_contain_text("Ihr Laptop ist repariert.", timeout=10_000)
