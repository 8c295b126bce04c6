"""Nothing lost, nothing twice: messages sent while mobi was down, and a `kill -9` in the middle of a burst."""
from __future__ import annotations

import asyncio
import signal
import sqlite3

import pytest
from pydantic import SecretStr

from actions.base import Outcome, Reply
from bot.errors import ConfigError
from tests.helpers import KeywordInterpreter
from tests.matrix.harness import Scripted, outbox_statuses, running_bot, serve
from tests.matrix.synapse import free_port


async def counting(turn, repos) -> Outcome:
    n = turn.state.get("n", 0) + 1
    return Outcome((Reply("greet", {"name": f"{n}:{turn.parse.text}"}),), {"n": n})


COUNTING = {"interpreter": KeywordInterpreter({}), "dialogue": Scripted(counting)}


def names(messages) -> list[str]:
    return [m.body.split("!")[0].removeprefix("Hallo ") for m in messages]


@pytest.mark.parametrize("settings", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
async def test_messages_sent_while_down_are_answered_once_in_order(settings, employee):
    settings = settings.model_copy(update={"matrix_timeline_limit": 2})  # the 5 exceed it: back-fill needed
    bot = settings.matrix_user_id
    async with employee("anna.schmid") as anna:
        async with running_bot(settings, **COUNTING):
            room = await anna.open_dm(bot)
            await anna.say(room, "vorher")
            await anna.replies(room, 1)
        for i in range(1, 6):
            await anna.say(room, f"m{i}")
        async with running_bot(settings, **COUNTING) as (_, runtime):
            await anna.replies(room, 6)
            await asyncio.sleep(0.5)  # a doubled answer would arrive now
            statuses = await outbox_statuses(runtime)
        history = [m for m in await anna.history(room) if m.sender == bot]
    assert names(history) == ["1:vorher", "2:m1", "3:m2", "4:m3", "5:m4", "6:m5"]
    assert statuses == {"sent": 6}


def replies_written(bot_db_url: str) -> int:
    """Replies the bot has committed to its outbox (read from its SQLite file, without waiting for Matrix)."""
    with sqlite3.connect(bot_db_url.split("///", 1)[1]) as conn:
        return conn.execute("SELECT count(*) FROM outbox").fetchone()[0]


async def test_kill_9_during_a_burst_loses_nothing_and_doubles_nothing(settings, employee):
    bot = settings.matrix_user_id
    settings.home.mkdir(parents=True)
    process = serve(settings, free_port())
    try:
        async with employee("anna.schmid") as anna:
            room = await anna.open_dm(bot, timeout=60)
            burst = asyncio.create_task(send_burst(anna, room, 20))
            while replies_written(settings.bot_db) < 3:
                await asyncio.sleep(0.002)
            process.send_signal(signal.SIGKILL)  # mid-burst: some answered, some pending, some still coming
            process.wait()
            answered_before_kill = replies_written(settings.bot_db)
            await burst
            process = serve(settings, free_port())
            await anna.replies(room, 20, timeout=60)
            await asyncio.sleep(1.5)  # a doubled answer would arrive now
            history = [m for m in await anna.history(room) if m.sender == bot]
    finally:
        process.kill()
        process.wait()
    assert answered_before_kill < 20, "the kill came too late to test anything"
    assert len(history) == 20 and all(m.body.startswith("Hallo Anna!") for m in history)


async def send_burst(person, room: str, count: int) -> None:
    for i in range(1, count + 1):
        await person.say(room, f"Hallo {i}")


async def test_encrypted_dm_continues_after_a_restart(settings, employee):
    async with employee("anna.schmid") as anna:
        async with running_bot(settings):
            room = await anna.open_dm(settings.matrix_user_id, encrypted=True)
            await anna.say(room, "Hallo")
            await anna.replies(room, 1)
        async with running_bot(settings):  # keys come back from the crypto store under MOBI_HOME
            await anna.say(room, "Wo ist mein Laptop?")
            _, reply = await anna.replies(room, 2)
    assert reply.decrypted and "NB-104233" in reply.body


async def test_a_changed_pickle_key_stops_the_start_with_a_clear_error(settings):
    async with running_bot(settings):
        pass
    changed = settings.model_copy(update={"matrix_pickle_key": SecretStr("another-key-0123456789")})
    with pytest.raises(ConfigError, match="does not open with MOBI_MATRIX_PICKLE_KEY"):
        async with running_bot(changed):
            pass
