"""Pipeline throughput and latency: 1,000 users x 10 messages on SQLite and on PostgreSQL.

Two measurements per backend, both through the full pipeline (inbox, identity, NLU, actions
reading the HR and IT databases, outbox, delivery to an in-memory channel):
- throughput: all users talk at once, each waiting for its answer before the next message;
- latency: messages arrive open-loop at a fixed rate (default 500/s), latency = arrival -> reply.
On PostgreSQL `--workers` processes (default 2) share the users, as several `mobi serve` would
(the per-conversation advisory locks keep them apart); SQLite, with its one writer, gets one.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import store  # noqa: E402
from bot.channel import MemoryChannel  # noqa: E402
from bot.dialogue import Dialogue  # noqa: E402
from bot.interpreter import EmbeddedInterpreter  # noqa: E402
from bot.messages import IncomingMessage  # noqa: E402
from bot.pipeline import Pipeline, PipelineOptions  # noqa: E402
from bot.runtime import settle_heap, sql_repos  # noqa: E402
from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow  # noqa: E402
from integrations.db.bot_schema import ChannelIdentityRow  # noqa: E402
from integrations.db.device_schema import DeviceRow  # noqa: E402
from integrations.db.engines import Databases, is_postgres  # noqa: E402
from integrations.db.migrate import upgrade_all  # noqa: E402
from integrations.db.scratch import postgres_schema, sqlite_urls  # noqa: E402

POSTGRES = os.environ.get("MOBI_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TODAY = dt.date(2026, 11, 28)
QUESTIONS = ["Hallo", "Wo ist mein Laptop?", "Wie ist der Stand meiner Vereinbarung?", "Danke!",
             "where is my laptop", "Isch mei Laptop scho do?", "Was kannst du?", "Wie lange gilt meine Vereinbarung?",
             "laptop kaputt", "Tschüss"]


def load_model():
    from nlu import DEFAULT_DATA
    from nlu.engine import NluModel, train

    path = Path(os.environ.get("MOBI_HOME", "var")) / "models" / "nlu.model"
    if path.exists():
        return NluModel.load(path)
    return train(sorted(DEFAULT_DATA.glob("*.yml")))


async def populate(dbs: Databases, users: int) -> None:
    rows = [dict(personnel_number=f"{500000 + i}", first_name="Test", last_name=f"User{i}",
                 email=f"user{i}@stuttgart.example", org_unit_code="10", position="Sachbearbeitung",
                 eligible_for_mobile_work=True, role="employee", language="de",
                 supervisor_personnel_number=None) for i in range(users)]
    async with dbs.agreement.begin() as conn:
        await conn.execute(OrgUnitRow.__table__.insert(), [dict(code="10", name="Haupt- und Personalamt")])
        await conn.execute(EmployeeRow.__table__.insert(), rows)
        await conn.execute(AgreementRow.__table__.insert(), [dict(
            personnel_number=r["personnel_number"], status="active", days_per_week=2, weekdays="mon,thu",
            valid_from=TODAY - dt.timedelta(days=30), valid_until=TODAY + dt.timedelta(days=200),
            status_since=TODAY - dt.timedelta(days=30), supervisor_personnel_number=None, note="") for r in rows])
    async with dbs.device.begin() as conn:
        await conn.execute(DeviceRow.__table__.insert(), [dict(
            inventory_number=f"NB-{200000 + i}", type="laptop", model="Dell Latitude 5440", status="handed_out",
            personnel_number=r["personnel_number"], status_since=TODAY, expected_date=None, location=None,
            ticket=None) for i, r in enumerate(rows)])
    async with dbs.bot.begin() as conn:
        await conn.execute(ChannelIdentityRow.__table__.insert(), [dict(
            channel="bench", external_id=f"u{i}", personnel_number=r["personnel_number"],
            verified_at=dt.datetime.now(dt.timezone.utc)) for i, r in enumerate(rows)])


def percentile(values: list[float], q: int) -> float:
    """A percentile; messages that timed out count as infinitely late."""
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def answered(values: list[float]) -> int:
    return sum(1 for v in values if v != float("inf"))


async def ask(pipeline: Pipeline, user: int, i: int) -> None:
    """The user's i-th message through the pipeline, until its replies are delivered (and handed on:
    the in-memory channel would otherwise keep all 20,000 of them, and the garbage collector scan them)."""
    await pipeline.handle(IncomingMessage("bench", f"u{user}", QUESTIONS[i % 10], uuid.uuid4().hex))
    pipeline.channels["bench"].take(f"u{user}")


async def closed_loop(pipeline: Pipeline, users: range, per_user: int) -> list[float]:
    latencies: list[float] = []

    async def talk(user: int):
        for i in range(per_user):
            start = time.perf_counter()
            await ask(pipeline, user, i)
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(talk(u) for u in users))
    return latencies


async def open_loop(pipeline: Pipeline, users: range, per_user: int, rate: float) -> list[float]:
    """Message k arrives at k / rate (as from a channel adapter) whether or not earlier ones are answered."""
    latencies: list[float] = []
    start = time.perf_counter()

    async def one(k: int, due: float):
        user, i = users[k % len(users)], k // len(users)
        try:
            await ask(pipeline, user, i)
        except Exception:  # overload: no database connection within the pool timeout
            latencies.append(float("inf"))
            return
        latencies.append(time.perf_counter() - due)

    arrivals = set()
    for k in range(len(users) * per_user):
        due = start + k / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        task = asyncio.create_task(one(k, due))
        arrivals.add(task)
        task.add_done_callback(arrivals.discard)
    while arrivals:
        await asyncio.gather(*list(arrivals))
    return latencies


async def serve_share(urls: dict[str, str], users: range, args, rate: float, barrier) -> list[tuple]:
    """One worker process's part: its users, closed loop then open loop; (start, end, latencies) each."""
    dbs = Databases.from_urls(urls)
    try:
        pipeline = Pipeline(dbs.bot, sql_repos(dbs), EmbeddedInterpreter(load_model(), today=lambda: TODAY),
                            Dialogue(), {"bench": MemoryChannel("bench")}, PipelineOptions(today=lambda: TODAY))
        settle_heap()  # as `mobi serve` does once started
        results = []
        for run in (lambda: closed_loop(pipeline, users, args.messages),
                    lambda: open_loop(pipeline, users, args.messages, rate)):
            barrier.wait()  # all workers start each run together
            start = time.time()
            latencies = await run()
            results.append((start, time.time(), latencies))
        return results
    finally:
        await dbs.dispose()


def worker(urls, users, args, rate, barrier, out) -> None:
    out.put(asyncio.run(serve_share(urls, users, args, rate, barrier)))


def run_workers(urls: dict[str, str], args, rate: float, workers: int) -> list[tuple]:
    """`workers` processes share the users (as several `mobi serve` would); runs merged over them."""
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(workers), context.Queue()
    shares = [range(k, args.users, workers) for k in range(workers)]
    procs = [context.Process(target=worker, args=(urls, share, args, rate / workers, barrier, out))
             for share in shares]
    for proc in procs:
        proc.start()
    parts = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    merged = []
    for run in range(2):
        runs = [part[run] for part in parts]
        latencies = [v for _, _, lat in runs for v in lat]
        elapsed = max(end for _, end, _ in runs) - min(start for start, _, _ in runs)
        merged.append((len(latencies) / elapsed, latencies))
    return merged


async def prepare(urls: dict[str, str], users: int) -> None:
    dbs = Databases.from_urls(urls)
    try:
        await upgrade_all(dbs)
        await populate(dbs, users)
        if is_postgres(dbs.bot):  # as pgbench does: no timed checkpoint's fsyncs in the runs
            with contextlib.suppress(Exception):  # (CHECKPOINT needs a privileged role)
                async with dbs.bot.connect() as conn:
                    await conn.exec_driver_sql("CHECKPOINT")
    finally:
        await dbs.dispose()


def measure(name: str, urls: dict[str, str], args, rate: float, workers: int) -> list[tuple]:
    asyncio.run(prepare(urls, args.users))
    (closed, closed_lat), (opened, open_lat) = run_workers(urls, args, rate, workers)
    who = f"{workers} worker{'s' if workers > 1 else ''}"
    return [(name, f"closed loop, {args.users} users at once, {who}", closed, closed_lat),
            (name, f"open loop, {rate:.0f} msg/s offered, {who}", opened, open_lat)]


async def yardstick(n: int = 500) -> str:
    """CPU of one `SELECT 1` round trip (through SQLAlchemy's pool, and through asyncpg alone) and of
    one NLU parse: what the pipeline's cost is made of, so runs on different machines compare."""
    import asyncpg
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(POSTGRES).execution_options(isolation_level="AUTOCOMMIT")
    raw = await asyncpg.connect(make_url(POSTGRES).set(drivername="postgresql").render_as_string(False))
    try:
        async def pooled():
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))

        costs = []
        for once in (pooled, lambda: raw.fetch("SELECT 1")):
            await once()
            start = time.process_time()
            for _ in range(n):
                await once()
            costs.append((time.process_time() - start) / n * 1e6)
    finally:
        await raw.close()
        await engine.dispose()
    model, start = load_model(), time.process_time()
    for i in range(n):
        model.parse(QUESTIONS[i % len(QUESTIONS)], TODAY)
    parse = (time.process_time() - start) / n * 1e6
    return (f"This machine: a SELECT 1 round trip costs {costs[0]:.0f} µs of CPU through SQLAlchemy (pool + execute), "
            f"{costs[1]:.0f} µs through asyncpg alone; an NLU parse {parse:.0f} µs.")


class DiskStalls:
    """Beside the PostgreSQL runs, a thread writes 8 KiB and fdatasyncs every 10 ms: a local PostgreSQL
    waits for the same disk at every COMMIT, so a stall of the disk is a stall of every worker."""

    def __init__(self, where: str, stall: float = 0.05):
        self._where, self._stall = where, stall
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._probe, daemon=True)
        self.latencies: list[float] = []

    def __enter__(self) -> "DiskStalls":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _probe(self) -> None:
        with tempfile.NamedTemporaryFile(dir=self._where) as probe:
            while not self._stop.wait(0.01):
                start = time.perf_counter()
                probe.write(b"\0" * 8192)
                probe.flush()
                os.fdatasync(probe.fileno())
                self.latencies.append(time.perf_counter() - start)

    def summary(self) -> str:
        stalls = [v for v in self.latencies if v > self._stall]
        return (f"The disk under {self._where} during the PostgreSQL runs: fdatasync p50 "
                f"{percentile(self.latencies, 50) * 1000:.2f} ms, {len(stalls)} stalls over {self._stall * 1000:.0f} ms"
                + (f" (longest {max(stalls) * 1000:.0f} ms: every COMMIT waits for them)" if stalls else "") + ".")


def main(args) -> None:
    results = []
    if args.backend in ("both", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            results += measure("SQLite", sqlite_urls(tmp), args, args.sqlite_rate, 1)  # one writer: one worker

    async def on_postgres():
        async with postgres_schema(POSTGRES, "bench") as urls:
            return await asyncio.to_thread(measure, "PostgreSQL", urls, args, args.rate, args.workers)

    stalls = DiskStalls(tempfile.gettempdir())
    if args.backend in ("both", "postgres"):
        with stalls:
            results += asyncio.run(on_postgres())
    table = Table(title=f"Pipeline: {args.users} users x {args.messages} messages (real NLU, both databases read)")
    for column in ("backend", "load", "messages/s", "p50 ms", "p99 ms", "timed out"):
        table.add_column(column, justify="right" if column != "load" else "left")
    for backend, load, rate, lat in results:
        table.add_row(backend, load, f"{rate:,.0f}", f"{percentile(lat, 50) * 1000:.1f}",
                      f"{percentile(lat, 99) * 1000:.1f}", str(len(lat) - answered(lat)))
    console = Console(width=120)
    console.print(table)
    if args.backend != "sqlite":  # the yardstick's round trips are PostgreSQL's
        console.print(asyncio.run(yardstick()))
        console.print(stalls.summary())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rate", type=float, default=500.0, help="offered load of the PostgreSQL open-loop run")
    parser.add_argument("--sqlite-rate", type=float, default=40.0,
                        help="offered load of the SQLite open-loop run (one writer: the embedded default)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes on PostgreSQL (like several `mobi serve`; the machine has 2 cores)")
    parser.add_argument("--backend", choices=("both", "sqlite", "postgres"), default="both",
                        help="measure only one backend")
    main(parser.parse_args())
