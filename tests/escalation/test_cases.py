"""Cases through the real pipeline and bot DB, room and employees on memory channels."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.demo import build
from nlu.engine import NluModel
from tests.escalation.chat import desk, link
from tests.factories import TODAY

ANNA, PETRA, MEHMET = "anna.schmid", "petra.koch", "mehmet.yilmaz"


@pytest.fixture(scope="module")
def model(nlu_model_path):
    return NluModel.load(nlu_model_path)


@pytest.fixture
async def city(dbs):
    await build(dbs, employees=100, seed=1, today=TODAY)
    await link(dbs, ANNA, MEHMET)
    return dbs


async def hand_off(d, consent: str) -> str:
    await d.say(ANNA, "Wo ist mein Laptop?")
    assert "Worum geht es" in await d.say(ANNA, "Ich möchte mit einem Menschen sprechen")
    assert "letzten 10 Nachrichten" in await d.say(ANNA, "Mein VPN bricht ständig ab")
    return await d.say(ANNA, consent)


async def test_with_consent_the_agent_sees_the_transcript_claims_replies_and_closes(city, model):
    d = desk(city, model)
    told = await hand_off(d, "ja")
    assert "Fall #1" in told and "Nummer 1 in der Warteschlange" in told and "10 Minuten" in told
    posted = d.posted()
    assert "Neuer Fall #1" in posted and "Anna Schmid" in posted and "Mein VPN bricht ständig ab" in posted
    assert "Gesprächsverlauf (mit Zustimmung)" in posted and "Wo ist mein Laptop?" in posted
    assert "Status:" in posted

    assert await d.say(ANNA, "Hallo, ist jemand da?") == ""  # mobi stays quiet
    assert "#1 Anna Schmid:** Hallo, ist jemand da?" in d.posted()

    assert "übernommen von Petra Koch" in await d.agent(PETRA, "!claim 1")
    assert "Petra Koch vom IT-Service ist jetzt für Sie da" in d.told(ANNA)
    await d.agent(PETRA, "!reply 1 Bitte starten Sie den Laptop neu.", event_id="$reply")
    await d.agent(PETRA, "!reply 1 Bitte starten Sie den Laptop neu.", event_id="$reply")  # read twice
    assert d.told(ANNA).count("Bitte starten Sie den Laptop neu.") == 1
    assert "Warteschlange" in await d.agent(PETRA, "!queue")

    assert "abgeschlossen" in await d.agent(PETRA, "!close 1 VPN-Profil erneuert")
    assert "abgeschlossen" in d.told(ANNA)
    assert "bereits beendet" in await d.agent(PETRA, "!reply 1 noch was")
    assert await d.say(ANNA, "Wo ist mein Laptop?") != ""  # mobi answers again


async def test_without_consent_no_transcript_and_others_are_refused(city, model):
    d = desk(city, model)
    assert "nicht mit" in await hand_off(d, "nein")
    posted = d.posted()
    assert "Kein Gesprächsverlauf" in posted and "Wo ist mein Laptop?" not in posted
    assert "Nur Mitarbeitende des Help-Desks" in await d.agent(MEHMET, "!claim 1")
    assert "Nummer 1" not in d.told(ANNA)  # nothing happened to the case
    assert "beendet" in await d.say(ANNA, "abbrechen")
    assert "selbst beendet" in d.posted()
    assert "Keine offenen Fälle" in await d.agent(PETRA, "!queue")


async def test_unclaimed_cases_are_announced_again_after_15_minutes(city, model):
    d = desk(city, model)
    await hand_off(d, "ja")
    d.posted()
    assert await d.agents.reannounce() == 0
    d.clock.now += dt.timedelta(minutes=16)
    assert await d.agents.reannounce() == 1
    assert "Noch offen: Fall #1" in d.posted()
    assert await d.agents.reannounce() == 0
    await d.agent(PETRA, "!claim 1")
    d.clock.now += dt.timedelta(minutes=30)
    assert await d.agents.reannounce() == 0


async def test_outside_office_hours_the_employee_is_told_when_someone_answers(city, model):
    from tests.escalation.chat import Clock

    friday_evening = dt.datetime(2026, 12, 24, 17, 0, tzinfo=dt.timezone.utc)  # Christmas Eve, 18:00
    d = desk(city, model, clock=Clock(friday_evening))
    told = await hand_off(d, "ja")
    assert "nicht besetzt (Mo–Fr 7:30–16:00 Uhr" in told and "Montag, 28.12., 7:30 Uhr" in told


async def test_without_a_room_the_case_goes_by_email_and_mobi_answers_again(city, model):
    d = desk(city, model, room="")
    told = await hand_off(d, "ja")
    assert "Fall #1 per E-Mail" in told and "[mobi #1]" in told
    [(ticket, _)] = d.tickets.got
    assert ticket.reference == "#1" and "Mein VPN bricht ständig ab" in dict(ticket.details)["Nachricht"]
    assert await d.say(ANNA, "Wo ist mein Laptop?") != ""


async def test_two_misunderstandings_lead_to_a_case_with_that_reason(city, model):
    d = desk(city, model)
    await d.say(ANNA, "xqzv blorp wumm")
    assert "weitergeben" in await d.say(ANNA, "flibber quonk zarp")
    assert "Worum geht es" in await d.say(ANNA, "ja")
    await d.say(ANNA, "Ich finde das Formular nicht")
    assert "Fall #1" in await d.say(ANNA, "ja")
    assert "zweimal nicht verstanden" in d.posted()


async def test_agents_reassign_to_a_colleague_of_the_help_desk_only(city, model):
    d = desk(city, model)
    await hand_off(d, "nein")
    d.posted()
    assert "gehört nicht zum Help-Desk" in await d.agent(PETRA, f"!reassign 1 {MEHMET}")
    colleague = await helpdesk_colleague(city)
    assert "ist jetzt bei" in await d.agent(PETRA, f"!reassign 1 {colleague.email.split('@')[0]}")
    assert f"{colleague.name} vom IT-Service ist jetzt für Sie da" in d.told(ANNA)
    assert "claimed" in await d.agent(PETRA, "!queue")


async def helpdesk_colleague(dbs):
    """Julia Becker joins the help desk (the smallest demo city has one agent only)."""
    from sqlalchemy import update

    from bot.domain import Role
    from integrations.db.agreement_schema import EmployeeRow
    from integrations.db.repositories import SqlEmployeeDirectory

    email = "julia.becker@stuttgart.example"
    async with dbs.agreement.begin() as conn:
        await conn.execute(update(EmployeeRow).where(EmployeeRow.email == email).values(role=Role.HELPDESK))
    return await SqlEmployeeDirectory(dbs.agreement).by_email(email)


async def test_texts_of_ended_cases_are_forgotten_after_the_retention_period(city, model):
    from sqlalchemy import select

    from bot.escalation.store import CASES, MESSAGES

    d = desk(city, model)
    await hand_off(d, "ja")
    await d.say(ANNA, "Noch eine Frage")
    await d.agent(PETRA, "!close 1 erledigt")
    assert await d.agents.purge(90) == 0
    d.clock.now += dt.timedelta(days=91)
    assert await d.agents.purge(90) > 0
    async with city.bot.connect() as conn:
        assert (await conn.execute(select(MESSAGES.c.text).where(MESSAGES.c.text.is_not(None)))).all() == []
        assert (await conn.execute(select(CASES.c.description, CASES.c.status))).all() == [(None, "closed")]


async def test_a_message_crossing_the_close_is_not_lost_silently(city, model):
    from sqlalchemy import update

    from bot import store
    from bot.escalation.store import CASES

    d = desk(city, model)
    await hand_off(d, "ja")
    d.posted()
    async with city.bot.begin() as conn:  # the agent closes between the employee's turn and its relay
        await conn.execute(update(store.CONV).values(state={"case_open": True}))
        await conn.execute(update(CASES).values(status="closed"))
    assert "nicht mehr weitergegeben" in await d.say(ANNA, "Sind Sie noch da?")
    assert d.posted() == ""
    assert await d.say(ANNA, "Wo ist mein Laptop?") != ""  # mobi answers again
