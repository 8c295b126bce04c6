"""`mobi telegram`: whoami, the webhook, linking by hand for the help desk (CLI in a thread, fake API here)."""
import asyncio

from typer.testing import CliRunner

from bot.cli import app
from tests.telegram.conftest import TOKEN

runner = CliRunner()


async def mobi(*args):
    return await asyncio.to_thread(runner.invoke, app, list(args))


def configure(monkeypatch, api, **more):
    for key, value in {"TOKEN": TOKEN, "API_URL": api.url, **more}.items():
        monkeypatch.setenv(f"MOBI_TELEGRAM_{key}", value)


async def test_whoami_shows_the_bot_and_the_privacy_setting(demo_env, fake_telegram, monkeypatch):
    configure(monkeypatch, fake_telegram)
    result = await mobi("telegram", "whoami")
    assert result.exit_code == 0, result.output
    assert "@mobi_test_bot" in result.output and "long polling" in result.output and "off" in result.output
    assert TOKEN not in result.output


async def test_wrong_token_is_one_line_without_the_token(demo_env, fake_telegram, monkeypatch):
    configure(monkeypatch, fake_telegram, TOKEN="999:not-the-token")
    result = await mobi("telegram", "whoami")
    assert result.exit_code == 2 and "InvalidToken" in result.output and "not-the-token" not in result.output


async def test_set_and_delete_webhook(demo_env, fake_telegram, monkeypatch):
    configure(monkeypatch, fake_telegram, MODE="webhook", WEBHOOK_SECRET="s3cret-s3cret-s3cret",
              WEBHOOK_URL="https://mobi.stuttgart.example/telegram/webhook")
    assert (await mobi("telegram", "set-webhook")).exit_code == 0
    assert fake_telegram.webhook == {"url": "https://mobi.stuttgart.example/telegram/webhook",
                                     "secret_token": "s3cret-s3cret-s3cret",
                                     "allowed_updates": ["message", "callback_query"]}
    assert (await mobi("telegram", "delete-webhook")).exit_code == 0
    assert fake_telegram.webhook == {}


async def test_help_desk_links_and_unlinks_by_hand(demo_env, fake_telegram, monkeypatch):
    configure(monkeypatch, fake_telegram)
    result = await mobi("telegram", "link", "4711", "-p", "100004")
    assert result.exit_code == 0 and "Thomas Müller" in result.output
    assert (await mobi("telegram", "link", "4711", "-p", "999999")).exit_code == 2
    assert "link removed" in (await mobi("telegram", "unlink", "4711")).output
    assert "was not linked" in (await mobi("telegram", "unlink", "4711")).output
