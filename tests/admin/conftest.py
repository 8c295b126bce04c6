"""A running console (real app, demo city, accounts for every role) and a client that logs in."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import load_settings
from bot.web import RUNTIME, create_app
from tests.admin.support import PASSWORD, ROLE_USERS, console_env, create_accounts, csrf_of


@dataclass
class Console:
    client: TestClient
    ids: dict[str, int]

    @property
    def runtime(self):
        return self.client.server.app[RUNTIME]

    async def login(self, role: str | None, password: str = PASSWORD) -> None:
        """Log out (drop cookies), then log in as the account of `role` (None: stay anonymous)."""
        self.client.session.cookie_jar.clear()
        if role is None:
            return
        email = ROLE_USERS.get(role, role)
        response = await self.client.post("/admin/login", data=await self.login_form(email, password),
                                          allow_redirects=False)
        assert response.status == 303, await response.text()

    async def login_form(self, email: str, password: str) -> dict[str, str]:
        page = await (await self.client.get("/admin/login")).text()
        return {"email": email, "password": password, "csrf": csrf_of(page), "next": "/admin/"}

    async def csrf(self) -> str:
        return csrf_of(await (await self.client.get("/admin/")).text())


@pytest.fixture
async def console(demo_env, monkeypatch):
    console_env(demo_env, monkeypatch)
    client = TestClient(TestServer(create_app(load_settings())))
    await client.start_server()
    ids = await create_accounts(client.server.app[RUNTIME].dbs.bot)
    yield Console(client, ids)
    await client.close()
