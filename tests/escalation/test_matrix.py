"""Employee, agent and bot on a real Synapse: a case from hand-off to close, across a restart, each message once."""
from __future__ import annotations

from contextlib import asynccontextmanager

from bot.adapters import configured_channels
from bot.runtime import open_runtime
from integrations.matrix.calls import call


@asynccontextmanager
async def running(settings):
    """mobi as `mobi serve` wires it: Matrix adapter plus the help-desk room."""
    async with open_runtime(settings) as runtime:
        adapters = configured_channels(settings, runtime)
        runtime.channels.update({a.name: a for a in adapters})
        await runtime.pipeline.recover()
        for adapter in adapters:
            await adapter.start(runtime.pipeline.submit)
        try:
            yield runtime
        finally:
            for adapter in reversed(adapters):
                await adapter.stop()


async def seen(person, room: str, text: str, timeout: float = 20.0):
    """The first message of others in `room` containing `text` (waits for it)."""
    def found():
        return next((e for e in person.seen[room] if text in e.body), None)
    await person.until(lambda: found() is not None, timeout)
    return found()


async def test_a_case_from_hand_off_to_close_with_a_restart(settings, employee):
    async with employee("petra.koch") as petra, employee("anna.schmid") as anna, \
            employee("julia.becker") as julia:
        bot = settings.matrix_user_id
        room = (await call(petra.client.room_create(name="IT-Service", invite=[bot, julia.user_id]))).room_id
        await call(julia.client.join(room))
        desk = settings.model_copy(update={"helpdesk_room": room})
        async with running(desk):
            await petra.joined(room, bot)
            dm = await anna.open_dm(bot)
            await anna.say(dm, "/human_handoff")
            await seen(anna, dm, "Worum geht es")
            await anna.say(dm, "Mein VPN bricht ständig ab")
            await seen(anna, dm, "letzten 10 Nachrichten")
            await anna.say(dm, "ja")
            assert "Warteschlange" in (await seen(anna, dm, "Fall #1")).body
            announced = await seen(petra, room, "Neuer Fall #1")
            assert "Anna Schmid" in announced.body and "Mein VPN bricht ständig ab" in announced.body
            assert "mit Zustimmung" in announced.body

            await julia.say(room, "!claim 1")
            await seen(petra, room, "Nur Mitarbeitende des Help-Desks")
            await petra.say(room, "!claim 1")
            await seen(anna, dm, "Petra Koch vom IT-Service ist jetzt für Sie da")
            await anna.say(dm, "Danke! Was soll ich tun?")
            await seen(petra, room, "Danke! Was soll ich tun?")
            thread = {"msgtype": "m.text", "body": "Bitte melden Sie sich neu am VPN an.",
                      "m.relates_to": {"rel_type": "m.thread", "event_id": announced.event_id}}
            await call(petra.client.room_send(room, "m.room.message", thread))
            await seen(anna, dm, "Bitte melden Sie sich neu am VPN an.")

        async with running(desk):  # a restart in the middle of the open case
            await anna.say(dm, "Hat geklappt.")
            await seen(petra, room, "Hat geklappt.")
            await petra.say(room, "!close 1 VPN-Profil erneuert")
            await seen(anna, dm, "abgeschlossen")

        employee_side = [e.body for e in await anna.history(dm) if e.sender == bot]
        agent_side = [e.body for e in await petra.history(room) if e.sender == bot]
    for text in ("Petra Koch vom IT-Service", "Bitte melden Sie sich neu am VPN an.", "abgeschlossen"):
        assert sum(text in body for body in employee_side) == 1, text
    for text in ("Neuer Fall #1", "Danke! Was soll ich tun?", "Hat geklappt.", "übernommen von Petra Koch"):
        assert sum(text in body for body in agent_side) == 1, text
    assert not any("Hat geklappt" in body for body in employee_side)  # mobi stayed quiet


async def test_without_consent_the_room_gets_no_transcript(settings, employee):
    async with employee("petra.koch") as petra, employee("mehmet.yilmaz") as mehmet:
        bot = settings.matrix_user_id
        room = (await call(petra.client.room_create(name="IT-Service", invite=[bot]))).room_id
        async with running(settings.model_copy(update={"helpdesk_room": room})):
            await petra.joined(room, bot)
            dm = await mehmet.open_dm(bot)
            await mehmet.say(dm, "Wo ist mein Laptop?")
            await mehmet.replies(dm, 1)
            await mehmet.say(dm, "/human_handoff")
            await seen(mehmet, dm, "Worum geht es")
            await mehmet.say(dm, "Bitte rufen Sie mich an")
            await seen(mehmet, dm, "letzten 10 Nachrichten")
            await mehmet.say(dm, "nein")
            await seen(mehmet, dm, "Warteschlange")
            announced = await seen(petra, room, "Neuer Fall")
            assert "Kein Gesprächsverlauf" in announced.body and "Wo ist mein Laptop?" not in announced.body
            await mehmet.say(dm, "abbrechen")
            await seen(mehmet, dm, "Fall beendet")
            await seen(petra, room, "selbst beendet")


async def test_commands_from_before_the_bot_was_invited_are_history(settings, employee):
    async with employee("petra.koch") as petra:
        bot = settings.matrix_user_id
        room = (await call(petra.client.room_create(name="IT-Service"))).room_id
        await petra.say(room, "!queue")  # before the bot is there: must not be answered
        async with running(settings.model_copy(update={"helpdesk_room": room})):
            await call(petra.client.room_invite(room, bot))  # the running bot joins and sees the history
            await petra.joined(room, bot)
            await petra.say(room, "!queue")
            await seen(petra, room, "Keine offenen Fälle")
            await petra.say(room, "!claim 9")
            await seen(petra, room, "Fall #9 gibt es hier nicht")
        answers = [e.body for e in await petra.history(room) if e.sender == bot]
    assert sum("Keine offenen Fälle" in body for body in answers) == 1
