"""Forms and their effects through the real pipeline and databases: submission, tickets, export, deletion,
a restart in the middle, and effects that survive a crash without running twice."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot import store
from bot.channel import MemoryChannel
from bot.demo import build
from bot.dialogue import Dialogue
from bot.effects import EFFECTS, EffectRunner
from bot.effects_handlers import Effects
from bot.interpreter import EmbeddedInterpreter
from bot.messages import IncomingMessage
from bot.pipeline import Pipeline, PipelineOptions
from bot.runtime import sql_repos
from integrations.db.agreement_schema import AgreementRow
from integrations.db.agreement_writer import SqlAgreementWriter
from integrations.db.dialogue_schema import PreferenceRow
from integrations.db.engines import Databases
from integrations.helpdesk import EmailHelpdesk
from integrations.helpdesk.maildrop import MailDrop
from nlu.engine import NluModel
from tests.factories import TODAY


@pytest.fixture(autouse=True)
def _logging_not_bound_to_a_closed_stream():
    """Another module's CliRunner may have left structlog writing to a closed stream (see tests/bot/test_cli.py)."""
    import structlog

    structlog.reset_defaults()
    yield
    structlog.reset_defaults()

AGREEMENTS = AgreementRow.__table__
MEHMET, SABINE, JULIA = "mehmet.yilmaz", "sabine.wagner", "julia.becker"


@pytest.fixture(scope="module")
def model(nlu_model_path):
    return NluModel.load(nlu_model_path)


@pytest.fixture
async def city(dbs):
    await build(dbs, employees=100, seed=1, today=TODAY)
    return dbs


class FlakyHelpdesk:
    """A help desk that fails the first `failures` calls (our protocol, not a mock)."""

    def __init__(self, inner, failures: int):
        self.inner, self.failures, self.calls = inner, failures, 0

    async def open(self, ticket, *, idempotency_key):
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("ITSM relay down")
        await self.inner.open(ticket, idempotency_key=idempotency_key)


def pipeline(dbs, model, channel, mail, helpdesk=None, effects=True) -> Pipeline:
    today = lambda: TODAY  # noqa: E731
    p = Pipeline(dbs.bot, sql_repos(dbs), EmbeddedInterpreter(model, today=today), Dialogue(), {"test": channel},
                 PipelineOptions(today=today, helpdesk="IT-Service, Tel. 0711 216-12345"))
    if effects:
        handlers = Effects(dbs.bot, SqlAgreementWriter(dbs.agreement), helpdesk or EmailHelpdesk(mail, "itsm@x.example"),
                           mail, today, p.transaction).handlers()
        p.effects = EffectRunner(dbs.bot, handlers, p.transaction)
    return p


async def link(dbs, *people: str) -> None:
    from bot.demo.personas import PERSONAS

    numbers = {p.email.split("@")[0]: p.personnel_number for p in PERSONAS}
    async with dbs.bot.begin() as conn:
        for person in people:
            await store.link_identity(conn, "test", person, numbers[person])


async def say(p: Pipeline, channel: MemoryChannel, who: str, text: str) -> str:
    await p.handle(IncomingMessage("test", who, text, f"ev-{uuid.uuid4().hex}"))
    return "\n".join(m.text for m in channel.take(who))


async def test_apply_with_a_restart_in_the_middle_submits_and_mails(city, db_urls, model, tmp_path):
    mail = MailDrop(tmp_path / "mail")
    await link(city, JULIA)
    async with city.agreement.begin() as conn:  # julia without her agreement: she applies anew
        await conn.execute(AGREEMENTS.delete().where(AGREEMENTS.c.personnel_number == "100003"))
    channel = MemoryChannel("test")
    first = pipeline(city, model, channel, mail)
    assert "Wie viele Tage" in await say(first, channel, JULIA, "Ich möchte mobiles Arbeiten beantragen")
    await say(first, channel, JULIA, "2")
    restarted = Databases.from_urls(db_urls)
    try:
        second = pipeline(restarted, model, channel, mail)
        assert "Ab wann" in await say(second, channel, JULIA, "Dienstag und Donnerstag")
        await say(second, channel, JULIA, "11.01.2027")
        assert "eingereicht" in await say(second, channel, JULIA, "ja")
        await second.join()
    finally:
        await restarted.dispose()
    async with city.agreement.connect() as conn:
        row = (await conn.execute(select(AGREEMENTS).where(AGREEMENTS.c.personnel_number == "100003"))).one()
    assert (row.status.value, row.days_per_week, row.weekdays, str(row.valid_from)) == ("submitted", 2, "tue,thu",
                                                                                          "2027-01-11")
    [message] = mail.sent()
    assert "Julia Becker" in message["Subject"] and "2 Tage pro Woche" in message.get_content()


async def test_device_problem_ticket_reaches_the_help_desk_with_the_reference_told(city, model, tmp_path):
    mail = MailDrop(tmp_path / "mail")
    await link(city, SABINE)
    channel = MemoryChannel("test")
    p = pipeline(city, model, channel, mail)
    await say(p, channel, SABINE, "Mein Laptop ist kaputt")
    await say(p, channel, SABINE, "startet nicht")
    done = await say(p, channel, SABINE, "Er bleibt nach dem Einschalten einfach schwarz")
    [message] = mail.sent()
    reference = message["X-Mobi-Reference"]
    assert reference.startswith("MOBI-") and reference in done and reference in message["Subject"]
    assert message["Reply-To"] == "sabine.wagner@stuttgart.example" and "NB-100002" in message.get_content()


async def test_an_effect_survives_a_crash_and_runs_exactly_once(city, model, tmp_path):
    mail = MailDrop(tmp_path / "mail")
    await link(city, SABINE)
    channel = MemoryChannel("test")
    crashed = pipeline(city, model, channel, mail, effects=False)  # the process died right after the commit
    await say(crashed, channel, SABINE, "Ich brauche ein Headset")
    told = await say(crashed, channel, SABINE, "Für Videokonferenzen mit dem Team")
    assert "MOBI-" in told and mail.sent() == []
    restarted = pipeline(city, model, channel, mail)
    await restarted.recover()
    await restarted.recover()
    [message] = mail.sent()
    assert message["X-Mobi-Reference"] in told


async def test_a_failing_route_is_retried_and_not_duplicated(city, model, tmp_path):
    mail = MailDrop(tmp_path / "mail")
    flaky = FlakyHelpdesk(EmailHelpdesk(mail, "itsm@x.example"), failures=1)
    await link(city, JULIA)
    channel = MemoryChannel("test")
    p = pipeline(city, model, channel, mail, helpdesk=flaky)
    await say(p, channel, JULIA, "Ich brauche eine Dockingstation")
    await say(p, channel, JULIA, "Für den zweiten Bildschirm im Homeoffice")
    async with city.bot.begin() as conn:
        row = (await conn.execute(select(EFFECTS))).one()
        assert (row.status, row.attempts) == ("pending", 1) and "ConnectionError" in row.error
        await conn.execute(EFFECTS.update().values(next_at=store.utcnow()))  # the backoff has passed
    await p.recover()
    await p.recover()
    async with city.bot.connect() as conn:
        assert (await conn.execute(select(EFFECTS.c.status))).scalar_one() == "done"
    assert len(mail.sent()) == 1 and flaky.calls == 2


async def test_export_arrives_as_the_next_message(city, model, tmp_path):
    await link(city, MEHMET)
    channel = MemoryChannel("test")
    p = pipeline(city, model, channel, MailDrop(tmp_path / "mail"))
    await say(p, channel, MEHMET, "Wann kann ich mobil arbeiten?")
    text = await say(p, channel, MEHMET, "meine Daten exportieren")
    assert "als nächste Nachricht" in text and '"personnel_number": "100002"' in text
    assert "Wann kann ich mobil arbeiten?" in text  # the message log is part of it


async def test_delete_my_data_forgets_the_conversation_and_links(city, model, tmp_path):
    await link(city, MEHMET)
    channel = MemoryChannel("test")
    p = pipeline(city, model, channel, MailDrop(tmp_path / "mail"))
    await say(p, channel, MEHMET, "keine Erinnerungen mehr")
    await say(p, channel, MEHMET, "Lösche alle meine Daten")
    assert "Was bleibt" in await say(p, channel, MEHMET, "ja")
    async with city.bot.connect() as conn:
        assert await store.identity(conn, "test", MEHMET) is None
        assert await store.count(conn, store.CONV) == 0 and await store.count(conn, store.LOG) == 0
        assert await store.count(conn, PreferenceRow.__table__) == 0
    assert "zuordnen" in await say(p, channel, MEHMET, "Hallo")  # a stranger now, until linked again


async def test_switching_reminders_off_is_stored(city, model, tmp_path):
    await link(city, JULIA)
    channel = MemoryChannel("test")
    p = pipeline(city, model, channel, MailDrop(tmp_path / "mail"))
    assert "keine Erinnerungen mehr" in await say(p, channel, JULIA, "Erinnerungen ausschalten")
    async with city.bot.connect() as conn:
        rows = (await conn.execute(select(PreferenceRow.__table__))).all()
    assert [(r.personnel_number, r.name, r.enabled) for r in rows] == [("100003", "reminders", False)]


async def test_cancel_ends_the_agreement_in_the_hr_database(city, model, tmp_path):
    await link(city, SABINE)
    channel = MemoryChannel("test")
    p = pipeline(city, model, channel, MailDrop(tmp_path / "mail"))
    await say(p, channel, SABINE, "Ich möchte meine Vereinbarung beenden")
    await say(p, channel, SABINE, "31.01.2027")
    await say(p, channel, SABINE, "ja")
    async with city.agreement.connect() as conn:
        row = (await conn.execute(select(AGREEMENTS).where(AGREEMENTS.c.personnel_number == "100006"))).one()
    assert row.status.value == "cancelled" and str(row.valid_until) == "2027-01-31"
    assert "endet am 31. Januar 2027" in await say(p, channel, SABINE, "Wie ist der Stand meiner Vereinbarung?")


@pytest.mark.parametrize("who, opening, name, invalid", [
    ("admin", "Ich möchte mobiles Arbeiten beantragen", "apply", "keine Ahnung"),
    (SABINE, "Ich möchte meine Vereinbarung ändern", "change", "hmm"),
    (SABINE, "Ich möchte meine Vereinbarung kündigen", "cancel", "irgendwann mal"),
    (SABINE, "Mein Laptop ist kaputt", "device_problem", "hmm"),
    (SABINE, "Ich habe meinen Laptop verloren", "device_lost", "weiß nicht"),
    (SABINE, "Ich brauche Zubehör", "peripherals", "hmm"),
    (SABINE, "Lösche alle meine Daten", "delete_data", "blau"),
    (SABINE, "Ich möchte mit einem Menschen sprechen", "handoff", "hm"),
])
async def test_every_form_reprompts_survives_a_restart_and_cancels(city, db_urls, model, tmp_path, who, opening,
                                                                   name, invalid):
    mail = MailDrop(tmp_path / "mail")
    async with city.bot.begin() as conn:
        await store.link_identity(conn, "test", who, "100008" if who == "admin" else "100006")
    channel = MemoryChannel("test")
    first = pipeline(city, model, channel, mail)
    await say(first, channel, who, opening)
    state = await conversation_state(city, who)
    assert state["form"]["name"] == name
    step = state["form"]["at"]
    await say(first, channel, who, invalid)
    state = await conversation_state(city, who)
    assert state["form"]["at"] == step and state["form"]["tries"] == 1  # asked again, with help
    restarted = Databases.from_urls(db_urls)
    try:
        second = pipeline(restarted, model, channel, mail)
        assert "Abgebrochen" in await say(second, channel, who, "abbrechen")
        await second.join()
    finally:
        await restarted.dispose()
    assert "form" not in await conversation_state(city, who)
    async with city.bot.connect() as conn:
        assert await store.count(conn, EFFECTS) == 0 and mail.sent() == []


async def conversation_state(dbs, who: str) -> dict:
    async with dbs.bot.connect() as conn:
        conv = await store.conversation_id(conn, "test", who)
        return (await conn.execute(select(store.CONV.c.state).where(store.CONV.c.id == conv))).scalar_one()
