"""The `mobi` command line, end to end over a small demo city."""
import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def mobi(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def all_commands(command=None, path=()):
    command = command or get_command(app)
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from all_commands(sub, path + (name,))


@pytest.mark.parametrize("path", list(all_commands()), ids=lambda p: " ".join(p) or "mobi")
def test_every_command_has_help(path):
    result = mobi(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_ask_json_gives_intent_entities_and_replies(demo_env):
    result = mobi("ask", "--as", "anna.schmid@stuttgart.example", "Wo ist mein Laptop?", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["intent"]["name"] == "device_status" and 0 < data["intent"]["confidence"] <= 1
    assert isinstance(data["entities"], list)
    text = " ".join(r["text"] for r in data["replies"])
    assert "NB-104233" in text and "Marktplatz 1" in text


def test_ask_as_unknown_sender_explains_access(demo_env):
    result = mobi("ask", "--as", "nobody@example.org", "Wo ist mein Laptop?", "--json")
    data = json.loads(result.stdout)
    assert data["intent"] is None
    assert "zuordnen" in data["replies"][0]["text"]


def test_shell_reads_piped_lines_and_keeps_the_conversation(demo_env):
    result = mobi("shell", "--as", "anna.schmid@stuttgart.example", input="Hallo\nWo ist mein Laptop?\n")
    assert result.exit_code == 0, result.output
    assert "Anna" in result.output and "NB-104233" in result.output


def test_wrong_setting_is_one_red_line(demo_env, monkeypatch):
    monkeypatch.setenv("MOBI_PORT", "achtzig")
    result = mobi("ask", "--as", "anna.schmid@stuttgart.example", "Hallo")
    assert result.exit_code == 2
    assert "MOBI_PORT" in result.output and "Traceback" not in result.output


def test_missing_model_says_how_to_train(demo_env):
    (demo_env / "models" / "nlu.model").unlink()
    result = mobi("ask", "--as", "anna.schmid@stuttgart.example", "Hallo")
    assert result.exit_code == 2 and "mobi nlu train" in result.output


def test_db_status_and_purge_json(demo_env):
    status = json.loads(mobi("db", "status", "--json").stdout)
    assert set(status) == {"agreement", "device", "bot"} and all(v["revision"] for v in status.values())
    counts = json.loads(mobi("purge", "--json").stdout)
    assert set(counts) == {"message_log", "inbox", "outbox"}
