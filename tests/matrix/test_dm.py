"""Employees chat with mobi in direct messages on a real Synapse, as their own (independent) client sees it."""
from __future__ import annotations

import asyncio

from pydantic import SecretStr

from actions.base import Outcome, Reply
from bot.dialogue import Dialogue
from bot.messages import Option
from tests.helpers import KeywordInterpreter
from tests.matrix.harness import running_bot


async def test_dm_round_trip_with_a_persona(settings, employee):
    async with running_bot(settings), employee("anna.schmid") as anna:
        room = await anna.open_dm(settings.matrix_user_id)
        asked = await anna.say(room, "Wie ist der Stand meiner Vereinbarung?")
        [reply] = await anna.replies(room, 1)
        await anna.until(lambda: asked in anna.receipts[room])  # read receipt for the handled message
    assert reply.sender == settings.matrix_user_id
    assert "Vereinbarung" in reply.body and "aktiv" in reply.body and "Montag, Donnerstag" in reply.body
    assert reply.source["content"]["format"] == "org.matrix.custom.html"


async def test_encrypted_dm_round_trip(settings, employee):
    async with running_bot(settings), employee("anna.schmid") as anna:
        room = await anna.open_dm(settings.matrix_user_id, encrypted=True)
        await anna.say(room, "Hallo mobi")
        [reply] = await anna.replies(room, 1)
        raw = await anna.raw_event(room, reply.event_id)
    assert reply.decrypted and raw["type"] == "m.room.encrypted"  # the server only ever saw ciphertext
    assert "Hallo" not in str(raw["content"])
    assert reply.body.startswith("Hallo Anna!")


async def offer(turn, repos) -> Outcome:
    options = (Option("Mein Laptop", "laptop"), Option("Meine Vereinbarung", "vereinbarung"))
    return Outcome((Reply("greet", {"name": "**Wahl**"}, options),))


async def echo(turn, repos) -> Outcome:
    return Outcome((Reply("greet", {"name": turn.parse.text}),))


async def test_options_are_numbered_and_a_number_picks_one(settings, employee):
    dialogue = Dialogue({"menu": offer, "picked": echo}, fallback=echo, threshold=0.0)
    interpreter = KeywordInterpreter({"menü": "menu", "laptop": "picked", "vereinbarung": "picked"})
    async with running_bot(settings, interpreter=interpreter, dialogue=dialogue), \
            employee("anna.schmid") as anna:
        room = await anna.open_dm(settings.matrix_user_id)
        await anna.say(room, "Menü bitte")
        [menu] = await anna.replies(room, 1)
        await anna.say(room, "2")
        _, picked = await anna.replies(room, 2)
    assert menu.body.endswith("\n\n1. Mein Laptop\n2. Meine Vereinbarung")
    html = menu.source["content"]["formatted_body"]
    assert "<strong>Wahl</strong>" in html and "<ol>\n<li>Mein Laptop</li>" in html
    assert picked.body.startswith("Hallo vereinbarung!")


async def test_two_employees_concurrently(settings, employee):
    async with running_bot(settings), employee("anna.schmid") as anna, employee("mehmet.yilmaz") as mehmet:
        rooms = await asyncio.gather(anna.open_dm(settings.matrix_user_id), mehmet.open_dm(settings.matrix_user_id))

        async def chat(person, room):
            for text in ("Hallo", "Wo ist mein Laptop?", "Danke"):
                await person.say(room, text)
            return await person.replies(room, 3)

        anna_replies, mehmet_replies = await asyncio.gather(chat(anna, rooms[0]), chat(mehmet, rooms[1]))
    assert anna_replies[0].body.startswith("Hallo Anna!") and mehmet_replies[0].body.startswith("Hallo Mehmet!")
    assert "NB-104233" in anna_replies[1].body and "NB-104233" not in mehmet_replies[1].body


async def test_unknown_matrix_user_gets_a_friendly_explanation_and_no_data(settings, employee):
    async with running_bot(settings), employee("fremd.person") as stranger:
        room = await stranger.open_dm(settings.matrix_user_id)
        await stranger.say(room, "Wo ist mein Laptop?")
        [reply] = await stranger.replies(room, 1)
    assert "Beschäftigtenkonto zuordnen" in reply.body and "IT-Service" in reply.body
    assert "NB-" not in reply.body


async def test_without_e2ee_plain_dms_still_work(settings, employee):
    plain = settings.model_copy(update={"matrix_e2ee": False, "matrix_pickle_key": SecretStr("")})
    async with running_bot(plain), employee("julia.becker") as julia:
        room = await julia.open_dm(settings.matrix_user_id)
        await julia.say(room, "Hallo")
        [reply] = await julia.replies(room, 1)
    assert reply.body.startswith("Hallo Julia!")
    assert not (settings.home / "matrix").exists()  # no crypto store without E2EE
