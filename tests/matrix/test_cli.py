"""`mobi matrix register` and `mobi matrix whoami` against the test homeserver."""
import pytest
import structlog
from typer.testing import CliRunner

from bot.cli import app


@pytest.fixture(autouse=True)
def unbind_logging():
    """The CLI binds structlog to CliRunner's stderr, which is closed afterwards: unbind for later tests."""
    yield
    structlog.reset_defaults()


def test_register_prints_settings_that_whoami_accepts(homeserver, monkeypatch, tmp_path):
    runner = CliRunner()
    registered = runner.invoke(app, ["matrix", "register", "--homeserver", homeserver.url,
                                     "--shared-secret", homeserver.shared_secret, "--user", "mobi-cli"])
    assert registered.exit_code == 0, registered.output
    settings = dict(line.split("=", 1) for line in registered.output.splitlines() if line.startswith("MOBI_"))
    assert settings["MOBI_MATRIX_USER_ID"] == "@mobi-cli:localhost" and len(settings["MOBI_MATRIX_PICKLE_KEY"]) >= 32
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MOBI_HOME", str(tmp_path))
    shown = runner.invoke(app, ["matrix", "whoami"])
    assert shown.exit_code == 0, shown.output
    assert "@mobi-cli:localhost" in shown.output and settings["MOBI_MATRIX_ACCESS_TOKEN"] not in shown.output


def test_whoami_with_a_wrong_token_is_one_clear_line(homeserver, monkeypatch):
    monkeypatch.setenv("MOBI_MATRIX_HOMESERVER", homeserver.url)
    monkeypatch.setenv("MOBI_MATRIX_USER_ID", "@mobi:localhost")
    monkeypatch.setenv("MOBI_MATRIX_ACCESS_TOKEN", "syt_wrong")
    shown = CliRunner().invoke(app, ["matrix", "whoami"])
    assert shown.exit_code == 2 and "M_UNKNOWN_TOKEN" in shown.output
