"""A real Debian chromium driven by Playwright against a real `mobi serve` app on a free port."""
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import async_playwright

from bot.config import load_settings
from bot.web import RUNTIME, create_app

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture
async def server(demo_env):
    server = TestServer(create_app(load_settings()), host="127.0.0.1")
    await server.start_server()
    yield f"http://127.0.0.1:{server.port}"
    await server.close()


class ConsoleServer(str):
    """The base URL of a running app with console accounts; `.bot` is its bot database engine."""

    bot = None


@pytest.fixture
async def console_server(demo_env, monkeypatch):
    from tests.admin.support import console_env, create_accounts

    console_env(demo_env, monkeypatch)
    server = TestServer(create_app(load_settings()), host="127.0.0.1")
    await server.start_server()
    url = ConsoleServer(f"http://127.0.0.1:{server.port}")
    url.runtime = server.app[RUNTIME]
    url.bot = url.runtime.dbs.bot
    url.ids = await create_accounts(url.bot)
    yield url
    await server.close()


@pytest.fixture(scope="session")
async def browser():
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: `make test` installs it (apt-get install chromium)"
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser):
    # bypass_csp lets the tests inject axe-core into pages whose CSP allows only our own scripts
    context = await browser.new_context(bypass_csp=True, locale="de-DE")
    page = await context.new_page()
    yield page
    await context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    async def take(name: str) -> None:
        await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
