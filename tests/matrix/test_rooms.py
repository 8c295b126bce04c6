"""Which rooms and events mobi acts on: DM invites from allowed domains, no history, no edits or reactions."""
from __future__ import annotations

import asyncio
from urllib.parse import quote

from actions.base import Outcome, Reply
from tests.helpers import KeywordInterpreter
from tests.matrix.harness import Scripted, running_bot


async def echo(turn, repos) -> Outcome:
    return Outcome((Reply("greet", {"name": turn.parse.text}),))


ECHO = {"interpreter": KeywordInterpreter({}), "dialogue": Scripted(echo)}


async def until_membership(person, room: str, user: str, expected: str, timeout: float = 20.0) -> None:
    async def poll():
        while await person.membership(room, user) != expected:
            await asyncio.sleep(0.05)
    await asyncio.wait_for(poll(), timeout)


async def test_history_edits_reactions_and_notices_are_not_answered(settings, employee):
    bot = settings.matrix_user_id
    async with running_bot(settings, **ECHO), employee("anna.schmid") as anna:
        room = (await anna.client.room_create()).room_id
        await anna.say(room, "alt")  # before the bot was invited: history
        await anna.api("PUT", f"/rooms/{quote(room)}/state/m.room.member/{quote(bot)}",
                       {"membership": "invite", "is_direct": True})
        await anna.joined(room, bot)
        asked = await anna.say(room, "neu")
        await anna.replies(room, 1)
        await anna.client.room_send(room, "m.room.message", {
            "msgtype": "m.text", "body": "* neuer", "m.new_content": {"msgtype": "m.text", "body": "neuer"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": asked}})
        await anna.client.room_send(room, "m.reaction", {
            "m.relates_to": {"rel_type": "m.annotation", "event_id": asked, "key": "👍"}})
        await anna.client.room_send(room, "m.room.message", {"msgtype": "m.notice", "body": "notiz"})
        await anna.client.room_send(room, "m.room.message", {
            "msgtype": "m.text", "body": "> <@x:localhost> neu\n\nzitiert",
            "m.relates_to": {"m.in_reply_to": {"event_id": asked}}})
        await anna.replies(room, 2)
        await asyncio.sleep(0.5)
    assert [r.body.split("!")[0] for r in anna.seen[room]] == ["Hallo neu", "Hallo zitiert"]


async def test_invites_from_other_domains_and_to_group_rooms_are_declined(settings, employee):
    bot = settings.matrix_user_id
    strict = settings.model_copy(update={"matrix_allowed_domains": ["stuttgart.example"]})
    async with running_bot(strict), employee("anna.schmid") as anna:
        foreign = await anna.open_dm(bot, wait=False)
        await until_membership(anna, foreign, bot, "leave")
    async with running_bot(settings), employee("anna.schmid") as anna:
        group = (await anna.client.room_create(invite=[bot])).room_id  # not a direct chat
        await until_membership(anna, group, bot, "leave")


async def test_bot_leaves_when_the_employee_left(settings, employee, homeserver, admin_token):
    import aiohttp

    async with running_bot(settings, **ECHO) as (channel, _), employee("anna.schmid") as anna:
        room = await anna.open_dm(settings.matrix_user_id)
        await anna.client.room_leave(room)
        url = f"{homeserver.url}/_synapse/admin/v1/rooms/{quote(room)}"
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {admin_token}"}) as http:
            for _ in range(200):
                async with http.get(url) as resp:
                    if (await resp.json())["joined_members"] == 0:
                        break
                await asyncio.sleep(0.05)
    assert (await resp.json())["joined_members"] == 0


async def test_typing_is_shown_while_a_slow_answer_is_prepared(settings, employee):
    async def slow(turn, repos) -> Outcome:
        await asyncio.sleep(1.0)
        return await echo(turn, repos)

    bot = settings.matrix_user_id
    async with running_bot(settings, interpreter=KeywordInterpreter({}), dialogue=Scripted(slow)), \
            employee("anna.schmid") as anna:
        room = await anna.open_dm(bot)
        await anna.say(room, "langsam")
        await anna.until(lambda: any(bot in users for users in anna.typing[room]))
        await anna.replies(room, 1)
        await anna.until(lambda: anna.typing[room] and bot not in anna.typing[room][-1])
