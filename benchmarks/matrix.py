"""Matrix end to end: 50 employees x 10 messages against a local Synapse, plain and encrypted DMs.

mobi runs as `mobi serve` (its own process, real NLU and actions, SQLite); every employee is an own
nio client with its own device. Latency = employee sends -> the employee's client has the reply
(decrypted when encrypted). Three loads per kind of DM: one employee asking one question after the
other (the floor), messages arriving on a schedule as in real use (open loop), and everyone at once,
each waiting for the answer before the next question (closed loop: the throughput ceiling; by
Little's law its latency is employees / throughput).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pipeline import TODAY, populate  # noqa: E402
from bot.config import Settings  # noqa: E402
from integrations.db.engines import Databases  # noqa: E402
from integrations.db.migrate import upgrade_all  # noqa: E402
from integrations.db.scratch import postgres_schema, sqlite_urls  # noqa: E402
from integrations.matrix import admin  # noqa: E402
from tests.matrix import synapse  # noqa: E402
from tests.matrix.employee import Employee  # noqa: E402
from tests.matrix.harness import serve  # noqa: E402

POSTGRES = os.environ.get("MOBI_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-password"
QUESTIONS = ("Wo ist mein Laptop?", "Wie ist der Stand meiner Vereinbarung?", "Hallo", "Danke!")


async def prepare(tmp: Path, hs: synapse.Homeserver, users: int, urls: dict[str, str]) -> Settings:
    """Directory with `users` employees (user<i>@stuttgart.example), their Matrix accounts, the bot account."""
    dbs = Databases.from_urls(urls)
    try:
        await upgrade_all(dbs)
        await populate(dbs, users)
    finally:
        await dbs.dispose()
    boss = await hs.register("admin", admin_user=True)
    bot = await hs.register("mobi")
    await admin.override_ratelimit(hs.url, boss.access_token, bot.user_id)  # as README tells operators
    await asyncio.gather(*(hs.register(f"user{i}", PASSWORD) for i in range(users)))
    model = tmp / "nlu.model"
    train_model(model)
    return Settings(home=tmp / "home", agreement_db=urls["agreement"], device_db=urls["device"], bot_db=urls["bot"],
                    today=TODAY, nlu_model=model, matrix_homeserver=hs.url, matrix_user_id=bot.user_id,
                    matrix_access_token=bot.access_token, matrix_pickle_key="bench-pickle-key-0123456789")


def train_model(target: Path) -> None:
    existing = Path("var/models/nlu.model")
    if existing.exists():
        target.write_bytes(existing.read_bytes())
        return
    from nlu import DEFAULT_DATA
    from nlu.engine import train

    train([DEFAULT_DATA]).save(target)


async def ask(person: Employee, room: str, text: str, latencies: list[float] | None) -> None:
    """Send and wait for the answer (every question used here gets exactly one, checked in `warm_up`)."""
    expected = len(person.seen[room]) + 1
    started = time.perf_counter()
    await person.say(room, text)
    await person.replies(room, expected, timeout=120)
    if latencies is not None:
        latencies.append(person.arrived[room][expected - 1] - started)


async def warm_up(people: list[Employee], rooms: list[str]) -> None:
    """First contact (identity lookup, encryption keys), and proof that each question gets one answer."""
    await asyncio.gather(*(ask(p, r, "Hallo", None) for p, r in zip(people, rooms)))
    for question in QUESTIONS:
        await ask(people[0], rooms[0], question, None)
    await asyncio.sleep(1.0)
    assert len(people[0].seen[rooms[0]]) == 1 + len(QUESTIONS), "a question got more than one answer"


async def serial(person: Employee, room: str, count: int) -> tuple[float, list[float], list[float]]:
    latencies: list[float] = []
    base = len(person.seen[room])
    started = time.perf_counter()
    for i in range(count):
        await ask(person, room, QUESTIONS[i % len(QUESTIONS)], latencies)
    return count / (time.perf_counter() - started), latencies, await server_side([(person, room, base, count)])


async def server_side(spans: list[tuple[Employee, str, int, int]]) -> list[float]:
    """Question stored -> reply stored, by the homeserver's timestamps: mobi's share without the clients'."""
    await asyncio.sleep(0.5)  # the employees' own messages come back through their sync
    return [(p.seen[r][i].server_timestamp - p.mine[r][i].server_timestamp) / 1000
            for p, r, base, n in spans for i in range(base, base + n)]


async def open_loop(people: list[Employee], rooms: list[str], per_person: int, rate: float) -> tuple[float, list[float]]:
    """Messages arrive on a schedule (`rate` per second over all employees), whether or not answers came."""
    base = {r: len(p.seen[r]) for p, r in zip(people, rooms)}
    spans = [(p, r, base[r], per_person) for p, r in zip(people, rooms)]
    sent: dict[str, list[float]] = {r: [] for r in rooms}
    started = time.perf_counter()

    async def one(k: int) -> None:
        await asyncio.sleep(max(0.0, started + k / rate - time.perf_counter()))
        person, room = people[k % len(people)], rooms[k % len(people)]
        sent[room].append(time.perf_counter())
        await person.say(room, QUESTIONS[(k // len(people)) % len(QUESTIONS)])

    await asyncio.gather(*(one(k) for k in range(len(people) * per_person)))
    await asyncio.gather(*(p.replies(r, base[r] + per_person, timeout=120) for p, r in zip(people, rooms)))
    elapsed = max(p.arrived[r][-1] for p, r in zip(people, rooms)) - started
    latencies = [p.arrived[r][base[r] + i] - t for p, r in zip(people, rooms) for i, t in enumerate(sent[r])]
    return len(latencies) / elapsed, latencies, await server_side(spans)


async def closed_loop(people: list[Employee], rooms: list[str], per_person: int) -> tuple[float, list[float]]:
    """Everyone at once, each waiting for the answer before the next message: the throughput ceiling."""
    latencies: list[float] = []
    spans = [(p, r, len(p.seen[r]), per_person) for p, r in zip(people, rooms)]

    async def talk(person, room):
        for i in range(per_person):
            await ask(person, room, QUESTIONS[i % len(QUESTIONS)], latencies)

    started = time.perf_counter()
    await asyncio.gather(*(talk(p, r) for p, r in zip(people, rooms)))
    return len(latencies) / (time.perf_counter() - started), latencies, await server_side(spans)


class CpuMeter:
    """CPU share of the homeserver and of mobi while a load runs (from /proc; shows who the bottleneck is)."""

    def __init__(self, **pids: int):
        self._pids = pids

    def _ticks(self) -> dict[str, float]:
        ticks = {}
        for name, pid in self._pids.items():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks[name] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return ticks

    async def run(self, load) -> tuple:
        before, started = self._ticks(), time.perf_counter()
        result = await load
        elapsed, after = time.perf_counter() - started, self._ticks()
        return (*result, {name: (after[name] - before[name]) / elapsed for name in self._pids})


async def measure(people: list[Employee], bot_id: str, encrypted: bool, args, cpu: CpuMeter) -> list[tuple]:
    kind = "encrypted" if encrypted else "plain"
    rooms = await asyncio.gather(*(p.open_dm(bot_id, encrypted=encrypted, timeout=120) for p in people))
    await warm_up(people, rooms)
    n, m = len(people), args.messages
    return [
        (kind, f"1 employee, {2 * m} messages one by one", *await cpu.run(serial(people[0], rooms[0], 2 * m))),
        (kind, f"{n} employees x {m}, {args.rate:.0f} msg/s offered",
         *await cpu.run(open_loop(people, rooms, m, args.rate))),
        (kind, f"{n} employees x {m}, all at once", *await cpu.run(closed_loop(people, rooms, m))),
    ]


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def run(tmp: Path, hs: synapse.Homeserver, urls: dict[str, str], args) -> list[tuple]:
    settings = await prepare(tmp, hs, args.employees, urls)
    settings.home.mkdir()
    process = serve(settings, synapse.free_port())
    try:
        cpu = CpuMeter(synapse=hs.process.pid, mobi=process.pid, clients=os.getpid())
        people = [Employee(hs.url, f"@user{i}:localhost", PASSWORD, tmp / f"device{i}") for i in range(args.employees)]
        for person in people:
            await person.__aenter__()
        results = []
        for encrypted in (False, True):
            results += await measure(people, settings.matrix_user_id, encrypted, args, cpu)
        await asyncio.gather(*(p.__aexit__(None, None, None) for p in people))
        return results
    finally:
        if os.environ.get("MOBI_SERVE_COMMAND"):
            process.send_signal(signal.SIGUSR1)  # the profiling hook writes its stats
            time.sleep(3)
        process.terminate()
        process.wait()


async def main(args) -> None:
    logging.getLogger("nio").setLevel(logging.ERROR)  # the employees' clients are chatty about key sharing
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        hs = synapse.start(Path(args.synapse_dir or tmp) / "synapse")
        try:
            async with contextlib.AsyncExitStack() as stack:
                urls = await stack.enter_async_context(postgres_schema(POSTGRES, "bench")) \
                    if args.db == "postgres" else sqlite_urls(tmp)
                results = await run(tmp, hs, urls, args)
        finally:
            hs.stop()
    table = Table(title="Matrix end to end: employee sends -> employee's client shows mobi's reply")
    for column in ("DM", "load", "messages/s", "p50 ms", "p99 ms", "server p50", "server p99", "CPU Synapse",
                   "CPU mobi", "CPU clients"):
        table.add_column(column, justify="left" if column in ("DM", "load") else "right")
    for kind, load, rate, lat, server, shares in results:
        table.add_row(kind, load, f"{rate:,.1f}", *(f"{percentile(v, q) * 1000:.0f}" for v in (lat, server)
                                                     for q in (50, 99)),
                      *(f"{shares[name]:.0%}" for name in ("synapse", "mobi", "clients")))
    Console(width=180).print(table)
    print("server p50/p99: by the homeserver's timestamps, question stored -> reply stored "
          "(mobi's sync, handling and send, without the employee's client); CPU: share of one core "
          "(clients: all employees' nio clients in this process)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite", help="mobi's databases")
    parser.add_argument("--synapse-dir", help="where Synapse keeps its SQLite database (e.g. /dev/shm: no fsync cost)")
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rate", type=float, default=10.0, help="offered load of the open-loop run (msg/s)")
    asyncio.run(main(parser.parse_args()))
