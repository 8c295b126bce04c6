"""The adapter over the fake Bot API with the real pipeline: polling, commands, buttons, flood control."""
import asyncio
import time

import pytest
from sqlalchemy import select

from actions.base import Outcome, Reply
from bot import store
from bot.messages import Option
from integrations.telegram.schema import TelegramUpdateRow
from tests.helpers import KeywordInterpreter
from tests.telegram.conftest import running

USER = 880001
LONG_VALUE = "ich möchte die zweite, ausführlich beschriebene Möglichkeit wählen, bitte sehr"


class Echo:
    """A dialogue that repeats what it got and offers two buttons, one with a value too long for callback_data."""

    def __init__(self, reply=None):
        self._reply = reply

    async def respond(self, turn, repos) -> Outcome:
        options = (Option("Ja", "/affirm"), Option("Die zweite", LONG_VALUE))
        reply = self._reply or Reply("greet", {"name": turn.parse.text}, options)
        return Outcome((reply,), {"options": [o.value for o in reply.options]})


def keyword_bot(settings):
    return running(settings, interpreter=KeywordInterpreter({}))


async def linked_as(runtime, user_id: int, personnel_number: str = "100001") -> None:
    async with runtime.dbs.bot.begin() as conn:
        await store.link_identity(conn, "telegram", str(user_id), personnel_number)


async def effects(runtime) -> list[tuple[int, str]]:
    table = TelegramUpdateRow.__table__
    async with runtime.dbs.bot.connect() as conn:
        rows = await conn.execute(select(table.c.update_id, table.c.effect).order_by(table.c.update_id))
        return [tuple(r) for r in rows]


async def test_polling_round_trip_for_a_linked_employee(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings) as (_, runtime):
        await linked_as(runtime, USER)
        update = await api.say(USER, "Darf ich im Ausland mobil arbeiten?")
        answer = await api.reply(USER)
        assert "Ausland" in answer or "ausland" in answer
        assert await effects(runtime) == [(update["update_id"], "inbox")]
    assert api.calls_of("deleteWebhook")  # polling clears a webhook first


async def test_options_become_an_inline_keyboard_and_a_press_is_the_value(tg_settings, fake_telegram):
    api = fake_telegram
    async with keyword_bot(tg_settings) as (_, runtime):
        runtime.pipeline.dialogue = Echo()
        await linked_as(runtime, USER)
        await api.say(USER, "Hallo")
        [sent] = await api.replies(USER)
        buttons = [row[0] for row in sent["reply_markup"]["inline_keyboard"]]
        assert [(b["text"], b["callback_data"]) for b in buttons] == [("Ja", "/affirm"), ("Die zweite", "#2")]
        await api.click(USER, "/affirm")
        assert (await api.reply(USER)).startswith("Hallo /affirm!")
        await api.click(USER, "#2")  # a number picks the option offered last
        assert (await api.reply(USER)).startswith(f"Hallo {LONG_VALUE}!")
        assert len(api.calls_of("answerCallbackQuery")) == 2


async def test_language_command(tg_settings, fake_telegram):
    api = fake_telegram
    async with keyword_bot(tg_settings) as (_, runtime):
        runtime.pipeline.dialogue = Echo()
        await linked_as(runtime, USER)
        await api.say(USER, "/sprache en")
        assert await api.reply(USER) == "From now on I will answer you in English."
        await api.say(USER, "ok")
        assert (await api.reply(USER)).startswith("Hello ok")
        await api.say(USER, "/sprache")
        assert "/sprache de" in await api.reply(USER)
        await api.say(USER, "/sprache@mobi_test_bot de")
        assert await api.reply(USER) == "Ich antworte Ihnen ab jetzt auf Deutsch."


async def test_strangers_are_greeted_in_their_apps_language(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings):
        await api.say(USER, "hi", language_code="en-GB")
        assert "work e-mail address" in await api.reply(USER)
        await api.say(USER + 1, "/help", language_code="de")
        help_text = await api.reply(USER + 1)
        assert "/abmelden" in help_text and "/sprache" in help_text and "Datenschutz" in help_text


async def test_stop_unsubscribes_through_the_dialogue(tg_settings, fake_telegram):
    api = fake_telegram
    async with keyword_bot(tg_settings) as (_, runtime):
        runtime.pipeline.dialogue = Echo()
        await api.say(USER, "/stop")
        assert "keine Ankündigungen" in await api.reply(USER)  # not linked: nothing to unsubscribe
        await linked_as(runtime, USER)
        await api.say(USER, "/stop")
        assert (await api.reply(USER)).startswith("Hallo /unsubscribe_announcements")


async def test_groups_and_stickers(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings) as (_, runtime):
        await linked_as(runtime, USER)
        group = await api.say(USER, "Hallo Gruppe", chat_type="group")
        sticker = api.message(USER, "")
        del sticker["message"]["text"]
        sticker["message"]["sticker"] = {"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1,
                                         "is_animated": False, "is_video": False, "type": "regular"}
        await api.queue(sticker)
        assert "nur Textnachrichten" in await api.reply(USER)
        assert (group["update_id"], "ignored") in await effects(runtime)
        assert not api.sent.get(-100 - USER)


@pytest.mark.parametrize("retries", [3, 0])
async def test_flood_control_waits_and_the_message_arrives(tg_settings, fake_telegram, retries):
    """retries=3: PTB's AIORateLimiter waits; retries=0: RateLimited makes the pipeline wait."""
    api = fake_telegram
    settings = tg_settings.model_copy(update={"telegram_send_retries": retries})
    async with running(settings) as (_, runtime):
        await linked_as(runtime, USER)
        api.fail("sendMessage", 429, retry_after=1)
        started = time.monotonic()
        await api.say(USER, "Darf ich im Ausland mobil arbeiten?")
        assert await api.reply(USER)
        assert time.monotonic() - started >= 1.0
        assert len(api.calls_of("sendMessage")) == 2
        await eventually(lambda: _outbox(runtime), ["sent"])


async def test_long_answers_are_split(tg_settings, fake_telegram):
    api = fake_telegram

    async with keyword_bot(tg_settings) as (_, runtime):
        runtime.pipeline.dialogue = Echo(Reply("greet", {"name": "x " * 3000}))
        await linked_as(runtime, USER)
        await api.say(USER, "lang")
        parts = await api.replies(USER, 2)
        assert all(len(p["text"]) <= 4096 for p in parts)


async def test_duplicate_update_is_dropped(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings) as (_, runtime):
        await linked_as(runtime, USER)
        update = api.message(USER, "Darf ich im Ausland mobil arbeiten?")
        await api.queue(update)
        await api.reply(USER)
        await api.queue(dict(update))  # Telegram sends it again
        await api.say(USER, "/help")
        assert "/abmelden" in await api.reply(USER)  # the next answer is the help, not a second one
        assert (update["update_id"], "inbox") in await effects(runtime)


async def eventually(probe, expected, timeout: float = 5.0):
    """`await probe()` until it gives `expected` (delivery marks are written in batches, a moment later)."""
    for _ in range(int(timeout / 0.05)):
        if (found := await probe()) == expected:
            return
        await asyncio.sleep(0.05)
    assert found == expected


async def _outbox(runtime) -> list[str]:
    from integrations.db.bot_schema import OutboxRow

    table = OutboxRow.__table__
    async with runtime.dbs.bot.connect() as conn:
        return [r[0] for r in await conn.execute(select(table.c.status).where(table.c.channel == "telegram"))]


async def test_stop_waits_for_answers_under_way(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings) as (channel, _):
        api.fail("sendMessage", 429, retry_after=1)
        await api.say(USER, "/help")
        await asyncio.sleep(0.2)
    assert api.sent[USER] and "/abmelden" in api.sent[USER][0]["text"]


async def test_start_greets_a_linked_employee_by_name(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings) as (_, runtime):
        await linked_as(runtime, USER)
        await api.say(USER, "/start")
        greeting = await api.reply(USER)
        assert greeting.startswith("Hallo Anna Schmid!") and "Datenschutz" in greeting
