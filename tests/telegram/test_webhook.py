"""Webhook mode: the route in `mobi serve` checks the secret, answers 200 once stored, drops repeats."""
import asyncio

import pytest
from pydantic import SecretStr
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot import store
from bot.errors import ConfigError
from bot.web import RUNTIME, create_app
from integrations.telegram.config import WEBHOOK_PATH
from integrations.telegram.schema import TelegramUpdateRow
from integrations.telegram.webhook import SECRET_HEADER

SECRET = "webhook-secret-0123456789abcdef"
USER = 990001


@pytest.fixture
async def client(tg_settings):
    settings = tg_settings.model_copy(update={
        "telegram_mode": "webhook", "telegram_webhook_secret": SecretStr(SECRET),
        "telegram_webhook_url": f"https://mobi.stuttgart.example{WEBHOOK_PATH}"})
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    yield client
    await client.close()


def post(client, update: dict, secret: str | None = SECRET):
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return client.post(WEBHOOK_PATH, json=update, headers=headers)


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x"])
async def test_wrong_or_missing_secret_is_403_and_nothing_is_stored(client, fake_telegram, secret):
    update = fake_telegram.message(USER, "/start")
    assert (await post(client, update, secret)).status == 403
    assert await _effects(client) == {}


async def test_good_secret_is_200_after_the_update_is_stored(client, fake_telegram):
    api = fake_telegram
    for _ in range(100):  # the adapter registers the webhook in the background
        if api.webhook:
            break
        await asyncio.sleep(0.02)
    assert api.webhook["url"].endswith(WEBHOOK_PATH) and api.webhook["secret_token"] == SECRET
    update = api.message(USER, "/start")
    response = await post(client, update)
    assert response.status == 200
    assert await _effects(client) == {update["update_id"]: "linking"}  # stored before the 200
    assert "E-Mail-Adresse" in await api.reply(USER)


async def test_repeated_update_is_answered_200_and_dropped(client, fake_telegram):
    api = fake_telegram
    async with client.app[RUNTIME].dbs.bot.begin() as conn:
        await store.link_identity(conn, "telegram", str(USER), "100001")
    update = api.message(USER, "Darf ich im Ausland mobil arbeiten?")
    assert (await post(client, update)).status == 200
    await api.reply(USER)
    assert (await post(client, update)).status == 200  # Telegram did not see our first 200
    other = api.message(USER, "/help")
    assert (await post(client, other)).status == 200
    assert "/abmelden" in await api.reply(USER)  # the next message is the help, no second answer
    assert await _effects(client) == {update["update_id"]: "inbox", other["update_id"]: "command"}


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'{"no": "update_id"}'])
async def test_garbage_with_the_right_secret_is_400(client, body):
    response = await client.post(WEBHOOK_PATH, data=body,
                                 headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"})
    assert response.status == 400


async def test_polling_mode_has_no_route(demo_env, tg_settings):
    client = TestClient(TestServer(create_app(tg_settings)))
    await client.start_server()
    try:
        assert (await client.post(WEBHOOK_PATH, json={"update_id": 1})).status in (404, 405)
    finally:
        await client.close()


def test_webhook_mode_needs_a_strong_secret(tg_settings):
    weak = tg_settings.model_copy(update={"telegram_mode": "webhook", "telegram_webhook_secret": SecretStr("short")})
    with pytest.raises(ConfigError, match="MOBI_TELEGRAM_WEBHOOK_SECRET"):
        weak.check_telegram()


async def _effects(client) -> dict[int, str]:
    table = TelegramUpdateRow.__table__
    async with client.app[RUNTIME].dbs.bot.connect() as conn:
        return dict((await conn.execute(select(table.c.update_id, table.c.effect))).all())
