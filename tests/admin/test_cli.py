"""`mobi admin create-user | set-password`: password from stdin, --json, German errors."""
import json

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def test_create_user_reads_the_password_from_stdin(demo_env):
    result = runner.invoke(app, ["admin", "create-user", "Neu@Stuttgart.Example", "--role", "helpdesk", "--json"],
                           input="ein-langes-passwort\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {"ok": True, "action": "created", "id": data["id"], "email": "neu@stuttgart.example",
                    "role": "helpdesk"}
    again = runner.invoke(app, ["admin", "create-user", "neu@stuttgart.example", "--role", "hr"],
                          input="ein-langes-passwort\n")
    assert again.exit_code == 1 and "schon ein Konto" in again.output
    changed = runner.invoke(app, ["admin", "set-password", "neu@stuttgart.example"], input="noch-ein-langes-pw\n")
    assert changed.exit_code == 0, changed.output


def test_bad_role_and_short_password_are_refused(demo_env):
    bad_role = runner.invoke(app, ["admin", "create-user", "x@stuttgart.example", "--role", "chef", "--json"])
    assert bad_role.exit_code == 1 and json.loads(bad_role.stdout)["field"] == "role"
    short = runner.invoke(app, ["admin", "create-user", "x@stuttgart.example", "--role", "hr"], input="kurz\n")
    assert short.exit_code == 1 and "mindestens 12 Zeichen" in short.output
