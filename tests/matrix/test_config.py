"""Matrix settings: MOBI_MATRIX_* variables, and no start with a missing or default pickle key under E2EE."""
import pytest

from bot.config import load_settings
from bot.errors import ConfigError

COMPLETE = {"MOBI_MATRIX_HOMESERVER": "https://matrix.stadt.example", "MOBI_MATRIX_USER_ID": "@mobi:stadt.example",
            "MOBI_MATRIX_ACCESS_TOKEN": "syt_secret"}


@pytest.fixture
def env(monkeypatch):
    for key, value in COMPLETE.items():
        monkeypatch.setenv(key, value)
    return monkeypatch


def test_variables_are_read_and_secrets_are_not_shown(env):
    env.setenv("MOBI_MATRIX_ALLOWED_DOMAINS", '["stadt.example", "Eigenbetrieb.example"]')
    env.setenv("MOBI_MATRIX_DOMAIN_MAP", '{"stadt.example": "stuttgart.example"}')
    env.setenv("MOBI_MATRIX_PICKLE_KEY", "a" * 32)
    settings = load_settings()
    assert settings.matrix_domains() == {"stadt.example", "eigenbetrieb.example"}
    assert settings.matrix_domain_map == {"stadt.example": "stuttgart.example"}
    shown = settings.model_dump(mode="json")
    assert "syt_secret" not in str(shown) and "a" * 32 not in str(shown)
    settings.check_matrix()


@pytest.mark.parametrize("key", [None, "DEFAULT_KEY", "change-me", "short"])
def test_e2ee_refuses_a_missing_default_or_short_pickle_key(env, key):
    if key is not None:
        env.setenv("MOBI_MATRIX_PICKLE_KEY", key)
    with pytest.raises(ConfigError, match="MOBI_MATRIX_PICKLE_KEY"):
        load_settings().check_matrix()
    env.setenv("MOBI_MATRIX_E2EE", "false")
    load_settings().check_matrix()  # without E2EE there is nothing to protect


def test_the_default_allowed_domain_is_the_bots_own(env):
    env.setenv("MOBI_MATRIX_ALLOWED_DOMAINS", "")  # e.g. `${VAR:-}` in docker compose
    env.setenv("MOBI_MATRIX_DOMAIN_MAP", "")
    settings = load_settings()
    assert settings.matrix_domains() == {"stadt.example"} and settings.matrix_domain_map == {}


def test_lists_and_maps_also_come_as_plain_text(env):
    env.setenv("MOBI_MATRIX_ALLOWED_DOMAINS", "stadt.example, eigenbetrieb.example")
    env.setenv("MOBI_MATRIX_DOMAIN_MAP", "stadt.example=stuttgart.example")
    settings = load_settings()
    assert settings.matrix_allowed_domains == ["stadt.example", "eigenbetrieb.example"]
    assert settings.matrix_domain_map == {"stadt.example": "stuttgart.example"}


def test_a_homeserver_must_be_a_url(env):
    env.setenv("MOBI_MATRIX_HOMESERVER", "matrix.stadt.example")
    with pytest.raises(ConfigError, match="MOBI_MATRIX_HOMESERVER"):
        load_settings()


async def test_the_adapter_does_not_start_without_a_pickle_key(env, tmp_path):
    from integrations.matrix.channel import MatrixChannel

    channel = MatrixChannel(load_settings(), tmp_path, engine=None, directory=None)
    with pytest.raises(ConfigError, match="MOBI_MATRIX_PICKLE_KEY"):
        await channel.start(submit=None)
    assert not (tmp_path / "matrix").exists()
