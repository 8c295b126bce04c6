"""`mobi import` / `mobi export` through the CLI (typer CliRunner), on SQLite and PostgreSQL."""
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
    return {"MOBI_HOME": str(tmp_path / "var"), "MOBI_TODAY": "2026-03-02",
            **{f"MOBI_{name.upper()}_DB": url for name, url in db_urls.items()}}


def mobi(app, env, *args):
    return CliRunner().invoke(app, list(args), env=env)


def test_export_then_import_is_a_no_op(app, env, tmp_path):
    assert mobi(app, env, "demo", "build", "--employees", "150", "--json").exit_code == 0
    for kind in ("employees", "agreements", "devices"):
        path = str(tmp_path / f"{kind}.csv")
        exported = mobi(app, env, "export", kind, path)
        assert exported.exit_code == 0 and "rows written" in exported.stdout
        imported = mobi(app, env, "import", kind, path)
        assert imported.exit_code == 0, imported.output
        assert imported.stdout.startswith(f"{kind}: 0 created, 0 updated, ")
    result = json.loads(mobi(app, env, "import", "devices", path, "--dry-run", "--json").stdout)
    assert result["ok"] and result["created"] == result["updated"] == 0 and result["dry_run"]


def test_problems_go_to_stderr_one_per_line_and_exit_1(app, env, tmp_path):
    mobi(app, env, "demo", "build", "--employees", "120", "--json")
    path = tmp_path / "bad.csv"
    path.write_text("inventory_number;type;model;status;status_since\n"
                    "NB-1;tablet;X;ordered;2026-01-01\nNB-2;laptop;X;ordered;2026-13-01\n", encoding="utf-8")
    result = mobi(app, env, "import", "devices", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:2: column 'type': unknown value 'tablet'")
    assert lines[1] == f"{path}:3: column 'status_since': '2026-13-01' is not a valid date"
    assert lines[2] == f"2 problem(s) in {path}; nothing was written."
    as_json = json.loads(mobi(app, env, "import", "devices", str(path), "--json").stdout)
    assert as_json["ok"] is False and len(as_json["problems"]) == 2


@pytest.mark.parametrize("db_urls", ["sqlite"], indirect=True)
def test_missing_file_is_one_line_without_traceback(app, env, tmp_path):
    result = mobi(app, env, "import", "employees", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope.csv'}: No such file or directory"
    result = mobi(app, env, "export", "employees", str(tmp_path / "no" / "dir.csv"))
    assert result.exit_code == 1 and "No such file or directory" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("db_urls", ["sqlite"], indirect=True)
def test_unknown_kind_and_help(app, env):
    assert mobi(app, env, "import", "printers", "x.csv").exit_code == 2
    for command in ("import", "export"):
        result = mobi(app, env, command, "--help")
        assert result.exit_code == 0 and "employees" in result.stdout
