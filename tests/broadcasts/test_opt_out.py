"""Opt-out: the existing intents write the `announcements` preference that targeting reads; pacing."""
import asyncio
import time

from actions import HANDLERS
from actions.base import Turn
from bot.broadcasts.sender import Pacer
from bot.broadcasts.targeting import Person, deliveries
from bot.effects_handlers import preference, set_preference
from nlu.result import IntentScore, ParseResult
from tests.actions.memory import TODAY, employee


async def _say(intent: str, text: str):
    turn = Turn(employee("360001"), ParseResult(text, IntentScore(intent, 1.0)), "de", TODAY)
    [event] = (await HANDLERS[intent](turn, None)).events
    return event


async def test_unsubscribe_then_subscribe_switch_announcements(dbs):
    person = Person("360001", "36", "de")
    async with dbs.bot.begin() as conn:
        assert await preference(conn, "360001", "announcements")  # no row: on
        for intent, text, reached in (("unsubscribe_announcements", "keine Ankündigungen mehr", False),
                                      ("subscribe_announcements", "Ankündigungen wieder an", True)):
            event = await _say(intent, text)
            assert (event.name, event.enabled) == ("announcements", reached)
            await set_preference(conn, event.personnel_number, event.name, event.enabled)  # what the effect does
            [info] = await deliveries(conn, [person], respect_opt_out=True)
            [mandatory] = await deliveries(conn, [person], respect_opt_out=False)
            assert info.status == ("unreachable" if reached else "opted_out")
            assert mandatory.status == "unreachable"  # ignores the opt-out (and has no linked channel here)


async def test_pacer_spaces_sends():
    pacer, start = Pacer(200), time.monotonic()
    for _ in range(21):
        await pacer.wait()
    assert time.monotonic() - start >= 0.09
    await asyncio.sleep(0)
