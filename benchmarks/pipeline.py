"""Pipeline throughput and latency: 1,000 users x 10 messages on SQLite and on PostgreSQL.

Two measurements per backend, both through the full pipeline (inbox, identity, NLU, actions
reading the HR and IT databases, outbox, delivery to an in-memory channel):
- throughput: all users talk at once, each waiting for its answer before the next message;
- latency: messages arrive open-loop at a fixed rate (default 500/s), latency = arrival -> reply.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
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
from bot.runtime import sql_repos  # noqa: E402
from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow  # noqa: E402
from integrations.db.bot_schema import ChannelIdentityRow  # noqa: E402
from integrations.db.device_schema import DeviceRow  # noqa: E402
from integrations.db.engines import Databases  # noqa: E402
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


def percentile(values: list[float], q: float) -> float:
    """A percentile; messages that timed out count as infinitely late."""
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def answered(values: list[float]) -> int:
    return sum(1 for v in values if v != float("inf"))


async def closed_loop(pipeline: Pipeline, users: int, per_user: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    async def talk(user: int):
        for i in range(per_user):
            start = time.perf_counter()
            await pipeline.handle(IncomingMessage("bench", f"u{user}", QUESTIONS[i % 10], uuid.uuid4().hex))
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(talk(u) for u in range(users)))
    return len(latencies) / (time.perf_counter() - start), latencies


async def open_loop(pipeline: Pipeline, users: int, per_user: int, rate: float) -> tuple[float, list[float]]:
    latencies: list[float] = []
    start = time.perf_counter()

    async def one(k: int):
        due = start + k / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        user, i = k % users, k // users
        try:
            await pipeline.handle(IncomingMessage("bench", f"u{user}", QUESTIONS[i % 10], uuid.uuid4().hex))
        except Exception:  # overload: no database connection within the pool timeout
            latencies.append(float("inf"))
            return
        latencies.append(time.perf_counter() - due)

    await asyncio.gather(*(one(k) for k in range(users * per_user)))
    return len(latencies) / (time.perf_counter() - start), latencies


async def run_backend(name: str, urls: dict[str, str], model, args, rate: float) -> list[tuple]:
    dbs = Databases.from_urls(urls)
    try:
        await upgrade_all(dbs)
        await populate(dbs, args.users)
        channel = MemoryChannel("bench")
        pipeline = Pipeline(dbs.bot, sql_repos(dbs), EmbeddedInterpreter(model, today=lambda: TODAY),
                            Dialogue(), {"bench": channel}, PipelineOptions(today=lambda: TODAY))
        rows = []
        done, lat = await closed_loop(pipeline, args.users, args.messages)
        rows.append((name, f"closed loop, {args.users} users at once", done, lat))
        done, lat = await open_loop(pipeline, args.users, args.messages, rate)
        rows.append((name, f"open loop, {rate:.0f} msg/s offered", done, lat))
        return rows
    finally:
        await dbs.dispose()


async def main(args) -> None:
    model = load_model()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results += await run_backend("SQLite", sqlite_urls(tmp), model, args, args.sqlite_rate)
    async with postgres_schema(POSTGRES, "bench") as urls:
        results += await run_backend("PostgreSQL", urls, model, args, args.rate)
    table = Table(title=f"Pipeline: {args.users} users x {args.messages} messages (real NLU, both databases read)")
    for column in ("backend", "load", "messages/s", "p50 ms", "p99 ms", "timed out"):
        table.add_column(column, justify="right" if column != "load" else "left")
    for backend, load, rate, lat in results:
        table.add_row(backend, load, f"{rate:,.0f}", f"{percentile(lat, 50) * 1000:.1f}",
                      f"{percentile(lat, 99) * 1000:.1f}", str(len(lat) - answered(lat)))
    Console().print(table)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rate", type=float, default=500.0, help="offered load of the PostgreSQL open-loop run")
    parser.add_argument("--sqlite-rate", type=float, default=100.0,
                        help="offered load of the SQLite open-loop run (one writer: the embedded default)")
    asyncio.run(main(parser.parse_args()))
