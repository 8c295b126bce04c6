"""One real Synapse per test session (from pip, 127.0.0.1, free port), demo personas, a fresh bot per test."""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

import bot.demo
from bot.config import Settings
from integrations.db.engines import Databases
from integrations.db.migrate import upgrade_all
from integrations.db.scratch import postgres_schema, sqlite_urls
from integrations.matrix import admin
from tests.conftest import POSTGRES
from tests.matrix import synapse
from tests.matrix.employee import Employee

TODAY = dt.date(2026, 11, 28)
PICKLE_KEY = "test-pickle-key-not-for-production"
PASSWORD = "employee-password"
PEOPLE = ("anna.schmid", "mehmet.yilmaz", "julia.becker", "fremd.person")
_bots = itertools.count(1)


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory):
    directory = synapse.fast_directory() or tmp_path_factory.mktemp("synapse")
    server = synapse.start(directory)
    yield server
    server.stop()
    if directory.is_relative_to(synapse.SHM):
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
async def admin_token(homeserver) -> str:
    return (await homeserver.register("admin", admin_user=True)).access_token


@pytest.fixture(scope="session")
async def people(homeserver) -> dict[str, str]:
    """Matrix accounts of three demo personas and one person the directory does not know."""
    return {name: (await homeserver.register(name, PASSWORD)).user_id for name in PEOPLE}


@pytest.fixture(scope="session")
def nlu_model(tmp_path_factory) -> Path:
    """A real model on the topics these tests talk about (a few seconds; the full one takes ~20 s)."""
    from nlu import DEFAULT_DATA
    from nlu.engine import train

    path = tmp_path_factory.mktemp("nlu") / "nlu.model"
    train([DEFAULT_DATA / f"{name}.yml" for name in ("smalltalk", "agreement", "devices", "out_of_scope")]).save(path)
    return path


async def demo_databases(urls: dict[str, str]) -> None:
    """The demo city at its smallest (100 employees, the personas among them)."""
    dbs = Databases.from_urls(urls)
    try:
        await upgrade_all(dbs)
        await bot.demo.build(dbs, employees=bot.demo.MIN_EMPLOYEES, seed=1, today=TODAY)
    finally:
        await dbs.dispose()


async def bot_account(homeserver, admin_token, *, messages_per_second=0, burst_count=0) -> admin.Account:
    """A fresh bot user; by default without rate limit, as the README tells operators to set it up."""
    account = await homeserver.register(f"mobi{next(_bots)}")
    await admin.override_ratelimit(homeserver.url, admin_token, account.user_id, messages_per_second, burst_count)
    return account


def bot_settings(home: Path, urls: dict[str, str], homeserver, account: admin.Account, model: Path,
                 **overrides) -> Settings:
    return Settings(
        home=home, agreement_db=urls["agreement"], device_db=urls["device"], bot_db=urls["bot"], today=TODAY,
        nlu_model=model, matrix_homeserver=homeserver.url, matrix_user_id=account.user_id,
        matrix_access_token=account.access_token, matrix_pickle_key=PICKLE_KEY,
        matrix_domain_map={"localhost": "stuttgart.example"}, **overrides,
    )


@pytest.fixture
async def settings(request, tmp_path, homeserver, admin_token, nlu_model) -> Settings:
    """A fresh bot account and demo databases (SQLite; PostgreSQL with `@pytest.mark.parametrize("settings",
    ["postgres"], indirect=True)`), for one test."""
    async with contextlib.AsyncExitStack() as stack:
        if getattr(request, "param", "sqlite") == "postgres":
            urls = await stack.enter_async_context(postgres_schema(POSTGRES, "matrix"))
        else:
            urls = sqlite_urls(tmp_path)
        await demo_databases(urls)
        account = await bot_account(homeserver, admin_token)
        yield bot_settings(tmp_path / "home", urls, homeserver, account, nlu_model)


@pytest.fixture
def employee(tmp_path, homeserver, people):
    """`async with employee("anna.schmid") as anna:` logs a fresh device of that person in."""
    devices = itertools.count()

    def make(name: str) -> Employee:
        return Employee(homeserver.url, people[name], PASSWORD, tmp_path / f"device-{name}-{next(devices)}")

    return make
