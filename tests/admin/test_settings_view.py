"""The settings page hides secrets and passwords inside URLs."""
from pydantic import SecretStr

from bot.admin.pages.settings import REDACTED, redacted
from bot.config import load_settings


def test_secrets_are_redacted():
    settings = load_settings(bot_db="postgresql+asyncpg://mobi:topsecret@db:5432/bot",
                             matrix_access_token=SecretStr("syt_abc"), telegram_webhook_secret=SecretStr(""))
    rows = dict(redacted(settings))
    assert "topsecret" not in str(rows) and "syt_abc" not in str(rows)
    assert rows["MOBI_MATRIX_ACCESS_TOKEN"] == REDACTED
    assert rows["MOBI_TELEGRAM_WEBHOOK_SECRET"] == "(leer)"
    assert rows["MOBI_BOT_DB"].startswith("postgresql+asyncpg://mobi:***@db")
    assert rows["MOBI_PORT"] == "8080"
