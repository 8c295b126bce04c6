"""A broadcast sender process on a real homeserver, for the kill -9 test: opens DMs and sends until idle."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

from bot.broadcasts.sender import Sender
from integrations.db.engines import Databases
from integrations.matrix.channel import MatrixChannel
from integrations.matrix.config import MatrixSettings


async def main(urls: dict, matrix: dict, store: str) -> None:
    dbs = Databases.from_urls(urls)
    settings = MatrixSettings(matrix_e2ee=False, **matrix)
    channel = MatrixChannel(settings, Path(store), dbs.bot, None, send_only=True)
    channel.dm_stale = dt.timedelta(0)  # one sender at a time: an unfinished DM opening was cut short by kill -9
    sender = Sender(dbs, {"matrix": channel}, rates={"matrix": 0}, room_rates={"matrix": 0}, batch=100,
                    in_flight={"matrix": 8}, stale=dt.timedelta(0))
    try:
        await sender.drain()
    finally:
        await channel.stop()
        await dbs.dispose()


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]))
