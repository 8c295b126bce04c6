"""kill -9 during a broadcast, restart: everyone gets it; nothing recorded as sent is sent again (#9)."""
import asyncio
import json
import os
import signal
import sys
from collections import Counter

import pytest
from sqlalchemy import select

from bot.broadcasts import service
from bot.broadcasts.schema import BroadcastOutboxRow
from bot.broadcasts.targeting import Target
from bot.store import link_identity
from integrations.db.engines import Databases
from integrations.db.migrate import upgrade_all
from integrations.db.scratch import postgres_schema, sqlite_urls
from tests.conftest import POSTGRES
from tests import factories as f
from tests.broadcasts.test_service import NOW

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOX = BroadcastOutboxRow.__table__
PEOPLE = 80


async def _worker(urls, out, kill_after: int | None, stale: float = 0):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.broadcasts.crash_worker",
                                                json.dumps(urls), str(out), str(stale), cwd=ROOT)
    if kill_after is None:
        assert await asyncio.wait_for(proc.wait(), 120) == 0
        return
    while not out.exists() or len(out.read_text().split()) < kill_after:
        assert proc.returncode is None, "the worker finished before it could be killed"
        await asyncio.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    await proc.wait()


async def _sent(dbs) -> set[str]:
    async with dbs.bot.connect() as conn:
        return {f"bc-{r.broadcast_id}-{r.personnel_number}" for r in (await conn.execute(
            select(BOX).where(BOX.c.status == "sent"))).all()}


async def _broadcast(urls) -> tuple[Databases, int]:
    dbs = Databases.from_urls(urls)
    await upgrade_all(dbs)
    await f.org_unit(dbs)
    await f.employee(dbs, email="hr@x", role="operator")
    async with dbs.bot.begin() as conn:
        for i in range(PEOPLE):
            pn = await f.employee(dbs, personnel_number=f"7{i:05}")
            await link_identity(conn, "matrix", f"@{pn}:city", pn)
    who = await service.actor(dbs.agreement, "hr@x")
    bc = await service.create(dbs.bot, who, title="T", text_de="x", target=Target(role=("employee",)),
                              approval=False, now=NOW)
    assert await service.start(dbs, bc)
    return dbs, bc


@pytest.mark.postgres
async def test_two_sender_processes_on_postgres_no_duplicates(tmp_path):
    async with postgres_schema(POSTGRES) as urls:
        dbs, bc = await _broadcast(urls)
        out = tmp_path / "homeserver.log"
        await asyncio.gather(_worker(urls, out, None, stale=300), _worker(urls, out, None, stale=300))
        log = out.read_text().split()
        assert sorted(log) == sorted(f"bc-{bc}-7{i:05}" for i in range(PEOPLE))  # each exactly once
        assert (await service.stats(dbs, bc))["status"] == "done"
        await dbs.dispose()


async def test_kill_9_twice_then_resume(tmp_path):
    urls = sqlite_urls(tmp_path)
    dbs, bc = await _broadcast(urls)
    out = tmp_path / "homeserver.log"
    checks = []  # (log length at the kill, what the DB recorded as sent then)
    for kill_after in (15, 40):
        await _worker(urls, out, kill_after)
        checks.append((len(out.read_text().split()), await _sent(dbs)))
    await _worker(urls, out, None)
    log = out.read_text().split()
    assert set(log) == {f"bc-{bc}-7{i:05}" for i in range(PEOPLE)}  # everyone, by deterministic txn id
    for length, recorded in checks:
        assert len(recorded) >= length - 2  # at most the send in flight (plus one resend) unrecorded
        assert not set(log[length:]) & recorded  # recorded sent: never sent again after the restart
    resent = [txn for txn, n in Counter(log).items() if n > 1]
    assert len(resent) <= len(checks)  # one in flight per crash, resent with the same txn id (homeserver dedups)
    assert (await service.stats(dbs, bc))["status"] == "done"
    await dbs.dispose()
