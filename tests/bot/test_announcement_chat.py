""""Neue Ankündigung" through the real pipeline and databases (SQLite and PostgreSQL) and through `mobi ask`:
afterwards a broadcast waits for approval, and an employee without the hr role is refused (issue #9)."""
from __future__ import annotations

import dataclasses
import json
import re

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.broadcasts import service
from bot.broadcasts.schema import BroadcastRow
from bot.channel import MemoryChannel
from bot.cli import app
from bot.effects import EffectRunner
from bot.effects_broadcasts import broadcast_handlers
from tests.bot.test_dialogue_forms import city, link, model, pipeline, say  # noqa: F401 (fixtures)

BROADCASTS = BroadcastRow.__table__
SABINE, ANNA = "sabine.wagner", "anna.schmid"
SABINE_NUMBER = "100006"
ANSWERS = ("Laptop-Ausgabe geschlossen", "Am **Freitag** ist die Ausgabe im Rathaus geschlossen.", "überspringen",
           "Amt 10", "sofort")


@pytest.fixture(autouse=True)
def _logging_not_bound_to_a_closed_stream():
    import structlog

    structlog.reset_defaults()
    yield
    structlog.reset_defaults()


def announcing(dbs, model, channel, tmp_path):  # noqa: F811 (the fixture's name)
    from integrations.helpdesk.maildrop import MailDrop

    p = pipeline(dbs, model, channel, MailDrop(tmp_path / "mail"), effects=False)
    p.effects = EffectRunner(dbs.bot, broadcast_handlers(dbs.bot, True, p.transaction), p.transaction)
    return p


async def rows(dbs) -> list:
    async with dbs.bot.connect() as conn:
        return (await conn.execute(select(BROADCASTS))).all()


async def test_hr_creates_an_announcement_that_waits_for_approval(city, model, tmp_path):  # noqa: F811
    await link(city, SABINE)
    channel = MemoryChannel("test")
    p = announcing(city, model, channel, tmp_path)
    assert "Titel" in await say(p, channel, SABINE, "Neue Ankündigung")
    for answer in ANSWERS[:-1]:
        await say(p, channel, SABINE, answer)
    preview = await say(p, channel, SABINE, ANSWERS[-1])
    reachable, recipients = map(int, re.search(r"Erreichbar: (\d+) von (\d+)", preview).groups())
    assert "📢 **Laptop-Ausgabe geschlossen**" in preview and "10 Haupt- und Personalamt" in preview
    done = await say(p, channel, SABINE, "ja")
    assert "zweite Person" in done and "/admin/broadcasts" in done  # then its number, as the next message
    await p.join()
    [row] = await rows(city)
    assert (row.status, row.created_by, row.kind, row.target) == ("pending_approval", SABINE_NUMBER, "info",
                                                                  {"amter": ["10"]})
    counted = await service.preview(city, row.id)
    assert (counted["reachable"], counted["recipients"]) == (reachable, recipients) and recipients > 0
    assert f"hat die Nummer {row.id} und wartet auf Freigabe" in done


async def test_an_employee_without_the_role_is_told_who_sends_announcements(city, model, tmp_path):  # noqa: F811
    await link(city, ANNA)
    channel = MemoryChannel("test")
    p = announcing(city, model, channel, tmp_path)
    answer = await say(p, channel, ANNA, "Ich möchte eine Rundmail an alle im Amt 10 schicken")
    assert "Haupt- und Personalamt (HR)" in answer and "Titel" not in answer
    await p.join()
    assert await rows(city) == []


def test_mobi_ask_walks_the_form_and_leaves_a_broadcast_for_approval(demo_env):
    runner = CliRunner()

    def ask(who: str, text: str) -> str:
        result = runner.invoke(app, ["ask", "--as", f"{who}@stuttgart.example", text, "--json"])
        assert result.exit_code == 0, result.output
        return "\n".join(r["text"] for r in json.loads(result.output)["replies"])

    assert "Haupt- und Personalamt (HR)" in ask(ANNA, "Neue Ankündigung")
    ask(SABINE, "Neue Ankündigung")
    for answer in ANSWERS:
        ask(SABINE, answer)
    assert "zweite Person" in ask(SABINE, "ja")
    listed = json.loads(runner.invoke(app, ["broadcast", "status", "--json"]).output)
    assert [(b["title"], b["status"]) for b in listed] == [("Laptop-Ausgabe geschlossen", "pending_approval")]


async def test_the_effect_writes_once_when_repeated_and_refuses_what_the_rules_forbid(dbs):
    from actions.events import CreateBroadcast
    from bot.effects import EffectRun, Permanent

    create = broadcast_handlers(dbs.bot, True)["CreateBroadcast"]
    event = CreateBroadcast(SABINE_NUMBER, "hr", "Titel", "Text für alle.", None, "info", {}, None)
    for _ in range(2):  # a crash between writing and marking the effect done runs it again
        assert await create(event, EffectRun(1, "test:1:0", None, SABINE_NUMBER)) is None
    assert [(r.title, r.status) for r in await rows(dbs)] == [("Titel", "pending_approval")]
    with pytest.raises(Permanent, match="operators"):
        await create(dataclasses.replace(event, kind="mandatory"), EffectRun(2, "test:2:0", None, SABINE_NUMBER))
