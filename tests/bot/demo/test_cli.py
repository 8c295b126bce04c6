"""`mobi demo build` through the CLI (typer CliRunner), on SQLite and PostgreSQL."""
import json

import pytest
import typer
from typer.testing import CliRunner

from bot.cli_data import register
from bot.config import load_settings


@pytest.fixture
def app():
    app = typer.Typer(no_args_is_help=True)
    register(app, load_settings)
    return app


@pytest.fixture
def env(db_urls, tmp_path):
    """MOBI_* variables pointing the CLI at this test's databases."""
    return {"MOBI_HOME": str(tmp_path / "var"), "MOBI_TODAY": "2026-03-02",
            **{f"MOBI_{name.upper()}_DB": url for name, url in db_urls.items()}}


def test_build_prints_json_summary(app, env):
    result = CliRunner().invoke(app, ["demo", "build", "--employees", "150", "--seed", "4", "--json"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["tables"]["employees"] == 150 and summary["today"] == "2026-03-02" and summary["seed"] == 4
    again = json.loads(CliRunner().invoke(app, ["demo", "build", "--employees", "150", "--seed", "4", "--json",
                                                "--today", "2026-03-02"], env=env).stdout)
    assert {**again, "seconds": 0} == {**summary, "seconds": 0}


def test_build_prints_tables_and_personas(app, env):
    result = CliRunner().invoke(app, ["demo", "build", "--employees", "120", "--today", "2025-12-01"], env=env)
    assert result.exit_code == 0, result.output
    assert "agreements by status" in result.stdout and "anna.schmid@" in result.stdout
    assert "today 2025-12-01" in result.stdout


@pytest.mark.parametrize("db_urls", ["sqlite"], indirect=True)
def test_too_few_employees_is_a_usage_error(app, env):
    result = CliRunner().invoke(app, ["demo", "build", "--employees", "5"], env=env)
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("db_urls", ["sqlite"], indirect=True)
def test_help(app, env):
    result = CliRunner().invoke(app, ["demo", "build", "--help"], env=env)
    assert result.exit_code == 0 and "--employees" in result.stdout and "personas" in result.stdout
