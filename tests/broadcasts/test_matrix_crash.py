"""The crash bar of #9 on a real Synapse: kill -9 the sender three times during a 2,000-recipient broadcast,
restart each time; the homeserver holds the announcement exactly once per recipient, in one DM each.

Nobody has written to mobi yet, so the sender opens every DM itself (intent recorded, createRoom, room
recorded) and sends with the txn id `bc-<broadcast>-<personnel number>`; the kills land in both phases.
`MOBI_CRASH_RECIPIENTS` makes it smaller for a quick local run."""
import asyncio
import json
import os
import signal
import sys
import time

import pytest
from sqlalchemy import func, select

from bot.broadcasts import service
from bot.broadcasts.targeting import Target
from integrations.db.engines import Databases
from integrations.db.migrate import upgrade_all
from integrations.db.scratch import sqlite_urls
from tests.broadcasts.matrix_crowd import bot_rooms, create_users, linked_city
from tests.broadcasts.test_crash import BOX, ROOT
from tests.matrix.conftest import admin_token, bot_account, homeserver  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.matrix, pytest.mark.slow]
PEOPLE = int(os.environ.get("MOBI_CRASH_RECIPIENTS", "2000"))
TITLE = "Crash-Probe"


async def _sent(dbs: Databases) -> int:
    async with dbs.bot.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(BOX).where(BOX.c.status == "sent"))


async def _run_worker(urls, matrix, store, dbs, kill_at: int | None) -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.broadcasts.matrix_crash_worker",
                                                json.dumps(urls), json.dumps(matrix), str(store), cwd=ROOT)
    if kill_at is None:
        assert await asyncio.wait_for(proc.wait(), 600) == 0
        return
    while await _sent(dbs) < kill_at:
        assert proc.returncode is None, "the sender finished before it could be killed"
        await asyncio.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    await proc.wait()


async def test_kill_9_three_times_during_a_2000_recipient_matrix_broadcast(tmp_path, homeserver,  # noqa: F811
                                                                              admin_token):  # noqa: F811
    started = time.monotonic()
    urls = sqlite_urls(tmp_path)
    dbs = Databases.from_urls(urls)
    await upgrade_all(dbs)
    numbers = await linked_city(dbs, PEOPLE, "crash")
    await create_users(homeserver.url, admin_token, [f"crash{n}" for n in numbers])
    registered = time.monotonic()
    bot = await bot_account(homeserver, admin_token)  # rate limits lifted, as the README tells operators
    matrix = dict(matrix_homeserver=homeserver.url, matrix_user_id=bot.user_id, matrix_access_token=bot.access_token)
    who = await service.actor(dbs.agreement, "op@x")
    bc = await service.create(dbs.bot, who, title=TITLE, text_de="Alle bekommen das genau einmal.",
                              target=Target(role=("employee",)), approval=False)
    assert await service.start(dbs, bc)
    for share in (0.15, 0.45, 0.75):
        await _run_worker(urls, matrix, tmp_path / "store", dbs, int(PEOPLE * share))
    await _run_worker(urls, matrix, tmp_path / "store", dbs, None)
    delivered = time.monotonic()
    assert (await service.stats(dbs, bc))["totals"] == {"sent": PEOPLE}

    rooms = await bot_rooms(homeserver.url, bot.access_token, TITLE)
    per_person: dict[str, list[int]] = {}
    for room in rooms.values():
        [(user, membership)] = room["members"].items()  # a DM: the bot and one person
        assert membership == "invite"
        per_person.setdefault(user, []).append(room["announcements"])
    assert per_person == {f"@crash{n}:localhost": [1] for n in numbers}  # one room each, the message once
    print(f"\n{PEOPLE} recipients: users {registered - started:.0f} s, DMs + sending with 3 kills "
          f"{delivered - registered:.0f} s, counting {time.monotonic() - delivered:.0f} s")
    await dbs.dispose()
