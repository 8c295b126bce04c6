"""429 M_LIMIT_EXCEEDED: a strict `rc_message` for the bot delays replies but loses none."""
from __future__ import annotations

import asyncio

from bot.errors import RateLimited

from tests.matrix.conftest import bot_account, bot_settings
from tests.matrix.harness import outbox_statuses, running_bot
from tests.matrix.test_restart import COUNTING, names


async def test_rate_limited_replies_all_arrive_in_order(settings, employee, homeserver, admin_token):
    strict = await bot_account(homeserver, admin_token, messages_per_second=4, burst_count=2)
    urls = {name: getattr(settings, f"{name}_db") for name in ("agreement", "device", "bot")}
    settings = bot_settings(settings.home, urls, homeserver, strict, settings.nlu_model)
    async with running_bot(settings, **COUNTING) as (channel, runtime), \
            employee("anna.schmid") as anna, employee("mehmet.yilmaz") as mehmet:
        limited = count_rate_limits(channel)
        rooms = await asyncio.gather(anna.open_dm(strict.user_id), mehmet.open_dm(strict.user_id))
        for i in range(1, 7):
            await asyncio.gather(anna.say(rooms[0], f"a{i}"), mehmet.say(rooms[1], f"m{i}"))
        await asyncio.gather(anna.replies(rooms[0], 6, timeout=30), mehmet.replies(rooms[1], 6, timeout=30))
        await runtime.pipeline.join()
        statuses = await outbox_statuses(runtime)
    assert names(anna.seen[rooms[0]]) == [f"{i}:a{i}" for i in range(1, 7)]
    assert names(mehmet.seen[rooms[1]]) == [f"{i}:m{i}" for i in range(1, 7)]
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
