"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL (own schema each)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from integrations.db.engines import DB_NAMES, Databases
from integrations.db.migrate import upgrade_all
from integrations.db.scratch import postgres_schema, sqlite_urls

POSTGRES = os.environ.get("MOBI_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent
MARKER_BY_FOLDER = {"nlu": "nlu", "matrix": "matrix", "telegram": "telegram", "browser": "browser",
                    "escalation": "escalation", "broadcasts": "broadcast"}


def pytest_collection_modifyitems(config, items):
    """Mark tests by their folder (tests/matrix/* -> matrix), so `-m` selects components."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if len(parts) > 1 and parts[0] in MARKER_BY_FOLDER:
            item.add_marker(getattr(pytest.mark, MARKER_BY_FOLDER[parts[0]]))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_urls(request, tmp_path):
    """URLs of the three databases, fresh for each test."""
    if request.param == "sqlite":
        yield sqlite_urls(tmp_path)
        return
    async with postgres_schema(POSTGRES) as urls:
        yield urls


@pytest.fixture
async def dbs(db_urls):
    """The three databases, migrated to head."""
    databases = Databases.from_urls(db_urls)
    await upgrade_all(databases)
    yield databases
    await databases.dispose()


@pytest.fixture(scope="session")
def nlu_model_path(tmp_path_factory) -> Path:
    """The shipped training data, trained once per test session."""
    from nlu import DEFAULT_DATA
    from nlu.engine import train

    path = tmp_path_factory.mktemp("model") / "nlu.model"
    train(sorted(DEFAULT_DATA.glob("*.yml"))).save(path)
    return path


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory, nlu_model_path) -> Path:
    """A MOBI_HOME with a small demo city (SQLite, personas included) and the trained model."""
    import asyncio
    import shutil

    from bot.demo import build
    from tests.factories import TODAY

    home = tmp_path_factory.mktemp("mobi-home")
    (home / "models").mkdir()
    shutil.copy(nlu_model_path, home / "models" / "nlu.model")

    async def create():
        databases = Databases.from_urls(sqlite_urls(home))
        await upgrade_all(databases)
        await build(databases, employees=300, seed=1, today=TODAY)
        await databases.dispose()

    asyncio.run(create())
    return home


@pytest.fixture
def demo_env(demo_home, monkeypatch, tmp_path):
    """Settings pointing at a private copy of the demo city, clock pinned to factories.TODAY."""
    import shutil

    from tests.factories import TODAY

    home = tmp_path / "home"
    shutil.copytree(demo_home, home)
    for name, value in {"MOBI_HOME": str(home), "MOBI_TODAY": TODAY.isoformat(),
                        "MOBI_CONFIG": str(tmp_path / "none.toml")}.items():
        monkeypatch.setenv(name, value)
    return home


@pytest.fixture
def smtp():
    """(port, inbox) of a real aiosmtpd server on 127.0.0.1."""
    from tests.smtp import smtp_server

    with smtp_server() as server:
        yield server
