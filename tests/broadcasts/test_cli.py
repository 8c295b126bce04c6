"""`mobi broadcast …` over the demo city: create, four eyes, preview, send, status, export, cancel."""
import json

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
HR, OPERATOR = "sabine.wagner@stuttgart.example", "admin@stuttgart.example"


def mobi(*args):
    return runner.invoke(app, ["broadcast", *args])


def test_journey(demo_env, tmp_path):
    made = mobi("create", "--as", HR, "--title", "Dienstvereinbarung", "--text", "Gilt ab 1. Januar.",
                "--amt", "10", "--json")
    assert made.exit_code == 0, made.output
    created = json.loads(made.output)
    assert created["status"] == "pending_approval"
    number = str(created["broadcast"])
    own = mobi("approve", number, "--as", HR)
    assert own.exit_code == 2 and "four eyes" in own.output
    shown = json.loads(mobi("preview", number, "--json").output)
    assert shown["recipients"] > 0 and shown["unreachable"] + shown["opted_out"] + shown["reachable"] >= 1
    assert set(shown["per_amt"]) == {"Haupt- und Personalamt"}
    assert mobi("approve", number, "--as", OPERATOR).exit_code == 0
    sent = mobi("send", number, "--as", HR, "--json")
    assert sent.exit_code == 0, sent.output
    assert "sent" not in json.loads(sent.output)["totals"]  # no adapter here: queued for `mobi serve`
    status = mobi("status", number)
    assert status.exit_code == 0 and "Dienstvereinbarung" in status.output
    out = tmp_path / "r.csv"
    assert mobi("export", number, "--as", HR, "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("personnel_number,org_unit,channel,status")
    assert "Dienstvereinbarung" in mobi("status").output


def test_rules(demo_env):
    mandatory = mobi("create", "--as", HR, "--title", "T", "--text", "x", "--kind", "mandatory")
    assert mandatory.exit_code == 2 and "operators" in mandatory.output
    stranger = mobi("create", "--as", "nobody@example.org", "--title", "T", "--text", "x")
    assert stranger.exit_code == 2
    made = json.loads(mobi("create", "--as", OPERATOR, "--title", "T", "--text", "x", "--kind", "mandatory",
                           "--at", "2030-01-01T09:00", "--json").output)
    number = str(made["broadcast"])
    assert mobi("cancel", number, "--as", HR).exit_code == 0
    again = mobi("cancel", number, "--as", HR)
    assert again.exit_code == 2 and "cannot" in again.output
