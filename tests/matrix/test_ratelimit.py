"""429 M_LIMIT_EXCEEDED: a strict `rc_message` for the bot delays replies but loses none."""
from __future__ import annotations

import asyncio

from bot.errors import RateLimited

from tests.matrix.conftest import bot_account, bot_settings
from tests.matrix.harness import outbox_statuses, running_bot
from tests.matrix.test_restart import COUNTING, names


async def test_rate_limited_replies_all_arrive_in_order(settings, employee, homeserver, admin_token):
    """Three conversations compete for 4 messages/s: replies are told to wait, often more than once."""
    strict = await bot_account(homeserver, admin_token, messages_per_second=4, burst_count=1)
    urls = {name: getattr(settings, f"{name}_db") for name in ("agreement", "device", "bot")}
    settings = bot_settings(settings.home, urls, homeserver, strict, settings.nlu_model)
    async with running_bot(settings, **COUNTING) as (channel, runtime), employee("anna.schmid") as anna, \
            employee("mehmet.yilmaz") as mehmet, employee("julia.becker") as julia:
        limited = count_rate_limits(channel)
        people = (anna, mehmet, julia)
        rooms = await asyncio.gather(*(p.open_dm(strict.user_id) for p in people))
        for i in range(1, 5):
            await asyncio.gather(*(p.say(r, f"{p.user_id[1]}{i}") for p, r in zip(people, rooms)))
        await asyncio.gather(*(p.replies(r, 4, timeout=30) for p, r in zip(people, rooms)))
        await runtime.pipeline.join()
        statuses = await outbox_statuses(runtime)
    for person, room in zip(people, rooms):
        assert names(person.seen[room]) == [f"{i}:{person.user_id[1]}{i}" for i in range(1, 5)]
    assert statuses == {"sent": 12}
    assert limited, "Synapse never answered 429: the test did not test anything"


def count_rate_limits(channel) -> list[float]:
    """Records every `RateLimited` the adapter raises to the pipeline (its retry_after)."""
    seen, send = [], channel.send

    async def counted(message):
        try:
            await send(message)
        except RateLimited as exc:
            seen.append(exc.retry_after)
            raise

    channel.send = counted
    return seen
