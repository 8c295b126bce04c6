"""The sender loop of `mobi serve` starts an approved broadcast and delivers it through the running channels."""
import asyncio

from bot.broadcasts import service
from bot.broadcasts.config import BroadcastSettings
from bot.broadcasts.sender import run_forever
from bot.broadcasts.targeting import Target
from tests.broadcasts.test_service import channels, city


async def test_loop_delivers_and_finishes(dbs):
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["hr1"], title="Schulung", text_de="Welle 3", target=Target(amter=("36",)))
    await service.approve(dbs.bot, bc, c["op"])
    chans = channels()
    task = asyncio.create_task(run_forever(dbs, chans, BroadcastSettings(broadcast_poll_seconds=1)))
    try:
        await chans["matrix"].wait(f"@{c['staff'][8]}:city")
        for _ in range(50):
            if (await service.stats(dbs, bc))["status"] == "done":
                break
            await asyncio.sleep(0.1)
    finally:
        task.cancel()
    assert (await service.stats(dbs, bc))["totals"]["sent"] == 12
