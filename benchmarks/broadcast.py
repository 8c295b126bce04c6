"""HR broadcast to a local Synapse: DMs opened per second and announcements per second, extrapolated to 15,000.

One sender (`bot.broadcasts.sender.Sender`, the Matrix adapter without its sync, unencrypted DMs) on SQLite,
the bot's rate limits lifted with the admin API as the README tells operators
(`POST /_synapse/admin/v1/users/<user_id>/override_ratelimit`). Recipients are created with the admin API and
linked, but have never written to mobi: the first broadcast opens every DM (createRoom + invite, then the
message); the following ones only send. Targets: >= 60 msg/s and 15,000 recipients in <= 5 minutes.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.matrix import CpuMeter  # noqa: E402
from bot.broadcasts import service  # noqa: E402
from bot.broadcasts.sender import Sender  # noqa: E402
from bot.broadcasts.targeting import Target  # noqa: E402
from integrations.db.engines import Databases  # noqa: E402
from integrations.db.migrate import upgrade_all  # noqa: E402
from integrations.db.scratch import sqlite_urls  # noqa: E402
from integrations.matrix import admin  # noqa: E402
from integrations.matrix.channel import MatrixChannel  # noqa: E402
from integrations.matrix.config import MatrixSettings  # noqa: E402
from tests.broadcasts.matrix_crowd import create_users, linked_city  # noqa: E402
from tests.matrix import synapse  # noqa: E402

CITY = 15_000
TARGET_RATE, TARGET_SECONDS = 60.0, 300.0


async def broadcast(dbs: Databases, sender: Sender, title: str) -> tuple[int, float]:
    who = await service.actor(dbs.agreement, "op@x")
    bc = await service.create(dbs.bot, who, title=title, text_de="Benchmark.", target=Target(role=("employee",)),
                              approval=False)
    await service.start(dbs, bc)
    started = time.perf_counter()
    sent = await sender.drain(bc)
    return sent, time.perf_counter() - started


async def run(args, tmp: Path) -> list[tuple]:
    hs = synapse.start(tmp / "synapse")
    try:
        boss = await hs.register("admin", admin_user=True)
        bot = await hs.register("mobi")
        await admin.override_ratelimit(hs.url, boss.access_token, bot.user_id)
        dbs = Databases.from_urls(sqlite_urls(tmp))
        await upgrade_all(dbs)
        numbers = await linked_city(dbs, args.recipients, "bench")
        started = time.perf_counter()
        await create_users(hs.url, boss.access_token, [f"bench{n}" for n in numbers])
        users_per_s = len(numbers) / (time.perf_counter() - started)
        settings = MatrixSettings(matrix_homeserver=hs.url, matrix_user_id=bot.user_id, matrix_e2ee=False,
                                  matrix_access_token=bot.access_token)
        channel = MatrixChannel(settings, tmp / "store", dbs.bot, None, send_only=True)
        sender = Sender(dbs, {"matrix": channel}, rates={"matrix": args.rate}, room_rates={"matrix": 0},
                        in_flight={"matrix": args.in_flight}, batch=200, stale=dt.timedelta(minutes=5))
        cpu = CpuMeter(synapse=hs.process.pid, mobi=os.getpid())
        sent, first, first_cpu = await cpu.run(broadcast(dbs, sender, "first"))  # opens every DM, then sends
        rounds = [await cpu.run(broadcast(dbs, sender, f"round {i}")) for i in range(args.rounds)]
        await channel.stop()
        await dbs.dispose()
    finally:
        hs.stop()
    msg_rate = sum(r[0] for r in rounds) / sum(r[1] for r in rounds)
    dm_rate = sent / max(first - sent / msg_rate, 1e-9)  # the first broadcast's time less its sending
    share = {k: sum(r[2][k] for r in rounds) / len(rounds) for k in ("synapse", "mobi")}
    return [
        ("users created (admin API v2, 8 in flight)", users_per_s, "/s", None),
        (f"first broadcast: DM + message ({sent} recipients)", sent / first, "recipients/s", first_cpu),
        ("DMs opened (createRoom + invite)", dm_rate, "/s", first_cpu),
        (f"announcements, DMs exist ({args.rounds} x {sent})", msg_rate, "msg/s", share),
        ("15,000 recipients, all DMs exist", CITY / msg_rate, "s", None),
        ("15,000 recipients, no DM yet", CITY / dm_rate + CITY / msg_rate, "s", None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="broadcasts after the first (DMs exist then)")
    parser.add_argument("--rate", type=float, default=0.0, help="MOBI_BROADCAST_RATE_MATRIX (0 = unpaced)")
    parser.add_argument("--in-flight", type=int, default=8, help="MOBI_BROADCAST_IN_FLIGHT_MATRIX")
    parser.add_argument("--synapse-dir", default=None, help="where Synapse keeps its SQLite database "
                                                             "(default: /dev/shm if it has 1 GB free)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    os.environ.setdefault("MOBI_LOG_LEVEL", "warning")
    tmp = Path(tempfile.mkdtemp(dir=args.synapse_dir)) if args.synapse_dir else \
        synapse.fast_directory() or Path(tempfile.mkdtemp())  # in memory: Synapse's SQLite syncs every commit
    try:
        rows = asyncio.run(run(args, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = Table(title=f"HR broadcast to a local Synapse, one sender, {args.in_flight} in flight, "
                        f"rate {args.rate or 'unpaced'} (load average {os.getloadavg()[0]:.1f})")
    for column in ("measure", "value", "unit", "CPU Synapse", "CPU mobi"):
        table.add_column(column, justify="left" if column in ("measure", "unit") else "right")
    for name, value, unit, cpu in rows:
        shares = [f"{cpu[k]:.0%}" for k in ("synapse", "mobi")] if cpu else ["", ""]
        table.add_row(name, f"{value:,.1f}", unit, *shares)
    Console().print(table)
    rate, seconds = rows[3][1], rows[4][1]
    Console().print(f"target >= {TARGET_RATE:.0f} msg/s: {'met' if rate >= TARGET_RATE else 'NOT met'}; "
                    f"15,000 with DMs in <= {TARGET_SECONDS:.0f} s: {'met' if seconds <= TARGET_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
