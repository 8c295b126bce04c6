"""Reminders: the pure rules per day, and the scheduler over the demo city with a controllable clock,
sending each reminder once through the outbox, across restarts, and not to those who switched them off."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from bot import store
from bot.channel import MemoryChannel
from bot.demo import build
from bot.demo.personas import PERSONAS
from bot.dialogue import Dialogue
from bot.domain import AgreementStatus, DeviceStatus
from bot.effects import EffectRunner
from bot.effects_handlers import Effects, set_preference
from bot.interpreter import EmbeddedInterpreter
from bot.messages import IncomingMessage
from bot.pipeline import Pipeline, PipelineOptions
from bot.reminders import due_reminders
from bot.reminders_scheduler import REMINDERS, ReminderScheduler
from bot.runtime import sql_repos
from integrations.db.agreement_writer import SqlAgreementWriter
from integrations.db.reminder_queries import SqlReminderSource
from integrations.helpdesk import EmailHelpdesk
from integrations.helpdesk.maildrop import MailDrop
from nlu.engine import NluModel
from tests.actions.records import agreement, laptop
from tests.factories import TODAY


@pytest.fixture(autouse=True)
def _logging_not_bound_to_a_closed_stream():
    """Another module's CliRunner may have left structlog writing to a closed stream (see tests/bot/test_cli.py)."""
    import structlog

    structlog.reset_defaults()
    yield
    structlog.reset_defaults()

NUMBER = {p.email.split("@")[0]: p.personnel_number for p in PERSONAS}


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def kinds(number, agreements, devices, today) -> list[str]:
    return [d.kind for d in due_reminders(number, agreements, devices, today, "de")]


def test_expiry_is_reminded_30_and_7_days_before_with_distinct_keys():
    active = [agreement(until=20)]
    assert kinds("1", active, [], TODAY) == ["agreement_expires_30"]
    assert kinds("1", active, [], day(13)) == ["agreement_expires_7"]
    assert kinds("1", active, [], day(-11)) == [] and kinds("1", active, [], day(21)) == []
    keys = {d.key for t in (TODAY, day(13)) for d in due_reminders("1", active, [], t, "de")}
    assert len(keys) == 2


def test_pickup_return_and_approval_rules():
    ready = [laptop(status=DeviceStatus.READY_FOR_PICKUP, since=-3)]
    assert kinds("1", [], ready, day(4)) == [] and kinds("1", [], ready, day(5)) == ["pickup_waiting"]
    back = [laptop(status=DeviceStatus.RETURN_REQUESTED, expected=7)]
    assert kinds("1", [], back, day(3)) == [] and kinds("1", [], back, day(4)) == ["return_due"]
    waiting = [agreement(status=AgreementStatus.SUBMITTED, since=-12, start=30, until=394)]
    assert kinds("1", waiting, [], day(2)) == [] and kinds("1", waiting, [], day(3)) == ["approval_pending"]


def test_a_device_still_out_after_the_end_is_due_14_days_later_unless_a_new_agreement_runs():
    ended = [agreement(status=AgreementStatus.CANCELLED, until=-12)]
    assert kinds("1", ended, [laptop()], TODAY) == ["return_due"]
    assert kinds("1", ended + [agreement(start=1, until=300)], [laptop()], TODAY) == []


def test_reminder_texts_render_in_both_languages():
    for language in ("de", "en"):
        for due in due_reminders("1", [agreement(until=5)], [laptop(status=DeviceStatus.READY_FOR_PICKUP, since=-9)],
                                 TODAY, language):
            from bot.texts import render_reply

            assert "{" not in render_reply(due.reply, language)


@pytest.fixture(scope="module")
def model(nlu_model_path):
    return NluModel.load(nlu_model_path)


@pytest.fixture
async def city(dbs):
    await build(dbs, employees=100, seed=1, today=TODAY)
    return dbs


async def talk(dbs, *people) -> None:
    """The people have talked to mobi before (a linked conversation on the test channel)."""
    async with dbs.bot.begin() as conn:
        for person in people:
            await store.link_identity(conn, "test", person, NUMBER[person])
            conv = await store.conversation_id(conn, "test", person)
            await conn.execute(store.CONV.update().where(store.CONV.c.id == conv).values(
                personnel_number=NUMBER[person]))


def scheduler(dbs) -> ReminderScheduler:
    return ReminderScheduler(dbs.bot, SqlReminderSource(dbs.agreement, dbs.device))


def delivery(dbs, channel, model=None, tmp_path=None) -> Pipeline:
    today = lambda: TODAY  # noqa: E731
    interpreter = EmbeddedInterpreter(model, today=today) if model else None
    p = Pipeline(dbs.bot, sql_repos(dbs), interpreter, Dialogue(), {"test": channel}, PipelineOptions(today=today))
    if tmp_path is not None:
        mail = MailDrop(tmp_path / "mail")
        p.effects = EffectRunner(dbs.bot, Effects(dbs.bot, SqlAgreementWriter(dbs.agreement),
                                                  EmailHelpdesk(mail, "itsm@x.example"), mail, today).handlers())
    return p


async def test_each_reminder_is_sent_once_even_across_restarts(city):
    await talk(city, "julia.becker", "anna.schmid", "lukas.klein", "mehmet.yilmaz")
    channel = MemoryChannel("test")
    outbox = delivery(city, channel)

    async def deliver():
        await outbox.recover(stale_after=0)
        await outbox.join()  # delivery marks written before the next round looks

    assert len(await scheduler(city).tick(TODAY)) == 1  # julia: expires in 20 days
    await deliver()
    [message] = channel.take("julia.becker")
    assert "läuft am 18. Dezember 2026 ab" in message.text and "keine Erinnerungen mehr" in message.text
    assert await scheduler(city).tick(TODAY) == set()  # a restarted scheduler: nothing twice
    later = await scheduler(city).tick(day(5))  # anna's laptop waits for 8 days, lukas's return in 2 days
    await deliver()
    assert "NB-104233" in channel.take("anna.schmid")[0].text
    assert "5. Dezember 2026" in channel.take("lukas.klein")[0].text
    assert "Claudia Wolf" in channel.take("mehmet.yilmaz")[0].text  # waiting 17 days
    assert len(later) == 3 and await scheduler(city).tick(day(6)) == set()
    await scheduler(city).tick(day(13))
    await deliver()
    [last] = channel.take("julia.becker")
    assert "schon am 18. Dezember 2026" in last.text


async def test_no_reminders_for_who_switched_them_off_or_never_talked_to_mobi(city):
    await talk(city, "julia.becker")
    async with city.bot.begin() as conn:
        await set_preference(conn, NUMBER["julia.becker"], "reminders", False)
    assert await scheduler(city).tick(TODAY) == set()
    async with city.bot.connect() as conn:
        assert await store.count(conn, REMINDERS) == 0  # switching back on within the window still works
    async with city.bot.begin() as conn:
        await set_preference(conn, NUMBER["julia.becker"], "reminders", True)
    assert len(await scheduler(city).tick(TODAY)) == 1


async def test_a_crash_after_queueing_loses_no_reminder(city):
    await talk(city, "julia.becker")
    await scheduler(city).tick(TODAY)  # queued, then the process died before delivering
    channel = MemoryChannel("test")
    first = delivery(city, channel)
    await first.recover(stale_after=0)
    await first.join()  # its delivery marks are written
    await delivery(city, channel).recover(stale_after=0)
    assert len(channel.take("julia.becker")) == 1


async def test_the_reminder_mehmet_asked_for_comes_on_its_day(city, model, tmp_path):
    await talk(city, "mehmet.yilmaz")
    channel = MemoryChannel("test")
    p = delivery(city, channel, model, tmp_path)
    for text in ("Wann kann ich mobil arbeiten?", "ja"):
        await p.handle(IncomingMessage("test", "mehmet.yilmaz", text, f"ev-{uuid.uuid4().hex}"))
    assert "erinnere Sie am 7. Dezember 2026" in channel.take("mehmet.yilmaz")[-1].text
    async with city.bot.connect() as conn:
        row = (await conn.execute(select(REMINDERS))).one()
    assert (row.kind, row.status, row.due) == ("device_expected", "scheduled", day(9))
    await scheduler(city).tick(day(8))
    await scheduler(city).tick(day(9))
    await scheduler(city).tick(day(10))
    await p.recover(stale_after=0)
    messages = [m.text for m in channel.take("mehmet.yilmaz")]
    assert len([m for m in messages if "sollte heute geliefert werden" in m]) == 1


def test_mobi_reminders_run_queues_for_a_given_day(demo_env):
    import json

    import structlog
    from typer.testing import CliRunner

    from bot.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["ask", "--as", "julia.becker@stuttgart.example", "Hallo"]).exit_code == 0
    result = runner.invoke(app, ["reminders", "run", "--json"])
    again = runner.invoke(app, ["reminders", "run", "--json", "--today", TODAY.isoformat()])
    structlog.reset_defaults()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"day": TODAY.isoformat(), "conversations": 1}
    assert json.loads(again.stdout)["conversations"] == 0
