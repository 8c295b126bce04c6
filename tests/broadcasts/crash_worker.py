"""A sender process for the kill -9 test: delivers to a file channel (one line per send, flushed) until idle."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys

from bot.broadcasts.sender import Sender
from integrations.db.engines import Databases


class FileChannel:
    """What a homeserver would see: every send appended (and synced) before `send` returns."""

    def __init__(self, name: str, path: str):
        self.name, self._path = name, path

    async def send(self, message) -> None:
        with open(self._path, "a", encoding="utf-8") as fh:
            fh.write(message.txn_id + "\n")
            fh.flush()
            os.fsync(fh.fileno())


async def main(urls: dict, out: str, stale: float = 0) -> None:
    dbs = Databases.from_urls(urls)
    sender = Sender(dbs, {"matrix": FileChannel("matrix", out)}, rates={"matrix": 40}, batch=10,
                    stale=dt.timedelta(seconds=stale))  # 0 with one sender: `sending` at start was left by a crash
    await sender.drain()
    await dbs.dispose()


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1]), sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0))
