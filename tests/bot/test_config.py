"""Settings: defaults, env vars, mobi.toml, and one clear line for a wrong value."""
import datetime as dt

import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def test_defaults_use_sqlite_under_home(monkeypatch, tmp_path):
    monkeypatch.setenv("MOBI_HOME", str(tmp_path))
    settings = load_settings()
    assert settings.db_url("bot") == f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    assert settings.retention_days == 90


def test_env_pins_the_clock(monkeypatch):
    monkeypatch.setenv("MOBI_TODAY", "2026-03-01")
    assert load_settings().clock_today() == dt.date(2026, 3, 1)


def test_toml_file_is_read(monkeypatch, tmp_path):
    config = tmp_path / "mobi.toml"
    config.write_text('port = 9090\nstore_message_texts = false\n')
    monkeypatch.setenv("MOBI_CONFIG", str(config))
    settings = load_settings()
    assert settings.port == 9090 and settings.store_message_texts is False


@pytest.mark.parametrize("name, value", [("MOBI_PORT", "abc"), ("MOBI_RETENTION_DAYS", "0"),
                                         ("MOBI_TODAY", "gestern"), ("MOBI_NLU_BACKEND", "watson")])
def test_wrong_setting_names_itself_in_one_line(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert name in message and "\n" not in message


def test_unknown_key_in_toml_is_named(monkeypatch, tmp_path):
    config = tmp_path / "mobi.toml"
    config.write_text('prot = 9090\n')
    monkeypatch.setenv("MOBI_CONFIG", str(config))
    with pytest.raises(ConfigError, match="MOBI_PROT"):
        load_settings()
