"""The fake Bot API, a real SMTP server, and mobi with its Telegram adapter wired as `mobi serve` wires it."""
from __future__ import annotations

import asyncio
import re
from contextlib import asynccontextmanager

import pytest

from bot.adapters import configured_channels
from bot.config import Settings, load_settings
from bot.runtime import open_runtime
from integrations.telegram.channel import TelegramChannel
from tests import smtp as smtp_helpers
from tests.telegram.fake_api import FakeTelegram

TOKEN = "123456:TEST-token-not-for-production"
ANNA = "anna.schmid@stuttgart.example"
CODE = re.compile(r"^\s+(\d{4} \d{4})\s*$", re.M)


class Inbox(smtp_helpers.Inbox):
    def code(self, index: int = -1) -> str:
        """The code of a mail ('1234 5678' as shown)."""
        return CODE.search(self.mails[index].get_payload(decode=True).decode())[1]


@pytest.fixture
def smtp():
    """The shared aiosmtpd server, with an inbox that can read the linking code."""
    with smtp_helpers.smtp_server(Inbox()) as server:
        yield server


@pytest.fixture
async def fake_telegram():
    api = await FakeTelegram(TOKEN).start()
    yield api
    await api.stop()


@pytest.fixture
def tg_settings(demo_env, fake_telegram, smtp) -> Settings:
    """The demo city, the fake Bot API and the SMTP server; personal data off (the default)."""
    return load_settings(telegram_token=TOKEN, telegram_api_url=fake_telegram.url, telegram_poll_timeout=2,
                         smtp_host="127.0.0.1", smtp_port=smtp[0], matrix_user_id="@mobi:stuttgart.example",
                         telegram_webchat_url="https://mobi.intranet.stuttgart.example/")


@asynccontextmanager
async def running(settings: Settings, *, interpreter=None, start: bool = True):
    """Yields (channel, runtime) with the adapter started (polling unless the settings say webhook)."""
    async with open_runtime(settings, interpreter=interpreter) as runtime:
        [channel] = [c for c in configured_channels(settings, runtime) if c.name == "telegram"]
        assert isinstance(channel, TelegramChannel)
        runtime.channels[channel.name] = channel
        await runtime.pipeline.recover()
        if start:
            await channel.start(runtime.pipeline.submit)
        try:
            yield channel, runtime
        finally:
            await channel.stop()


async def link(api: FakeTelegram, inbox: Inbox, user_id: int, email: str = ANNA) -> str:
    """The whole linking conversation; returns the bot's last answer."""
    await api.say(user_id, "/start")
    await api.reply(user_id)
    mails = len(inbox.mails)
    await api.say(user_id, email)
    await api.reply(user_id)
    await wait_mail(inbox, mails + 1)
    await api.say(user_id, inbox.code())
    return await api.reply(user_id)


async def wait_mail(inbox: Inbox, count: int, timeout: float = 5.0) -> None:
    """Until `count` mails have arrived."""
    for _ in range(int(timeout / 0.02)):
        if len(inbox.mails) >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{len(inbox.mails)} mails arrived, expected {count}")
