"""Time the demo build (15,000 employees) on SQLite and PostgreSQL; target: at most 60 s each.

    python benchmarks/demo.py [--employees 15000] [--seed 1]

PostgreSQL comes from MOBI_TEST_POSTGRES (default: the local test server); the run uses a fresh
schema that is dropped afterwards. Each backend is timed twice: into empty tables, and a rebuild
that first wipes the previous data.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bot.demo import build  # noqa: E402
from integrations.db.engines import Databases  # noqa: E402
from integrations.db.migrate import upgrade_all  # noqa: E402
from integrations.db.scratch import postgres_schema, sqlite_urls  # noqa: E402

POSTGRES = os.environ.get("MOBI_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TARGET_SECONDS = 60.0
TODAY = dt.date(2026, 3, 2)


@asynccontextmanager
async def sqlite_temp_urls():
    with tempfile.TemporaryDirectory() as tmp:
        yield sqlite_urls(tmp)


def postgres_urls():
    return postgres_schema(POSTGRES, "bench")


async def measure(urls: dict[str, str], employees: int, seed: int) -> tuple[float, float, dict]:
    dbs = Databases.from_urls(urls)
    try:
        await upgrade_all(dbs)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            summary = await build(dbs, employees=employees, seed=seed, today=TODAY)
            times.append(time.perf_counter() - started)
        return times[0], times[1], summary.tables
    finally:
        await dbs.dispose()


async def main(employees: int, seed: int) -> None:
    table = Table(title=f"mobi demo build: {employees:,} employees, seed {seed} (target <= {TARGET_SECONDS:.0f} s)")
    for column in ("backend", "first build s", "rebuild s", "rows", "within target"):
        table.add_column(column, justify="left" if column == "backend" else "right")
    for backend, urls in (("SQLite", sqlite_temp_urls), ("PostgreSQL", postgres_urls)):
        try:
            async with urls() as resolved:
                first, again, tables = await measure(resolved, employees, seed)
        except (OSError, asyncpg.PostgresError) as exc:
            table.add_row(backend, "-", "-", "-", f"skipped: {exc}")
            continue
        ok = max(first, again) <= TARGET_SECONDS
        table.add_row(backend, f"{first:.2f}", f"{again:.2f}", f"{sum(tables.values()):,}",
                      "[green]yes[/green]" if ok else "[red]no[/red]")
    Console().print(table)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(main(args.employees, args.seed))
